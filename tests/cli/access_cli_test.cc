// `cartwatch user add`, `token create` and `token revoke`: what they store, what they print once,
// and what they refuse.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cartwatch/server/credentials.h"
#include "cartwatch/store/store.h"
#include "cli_harness.h"

namespace cartwatch {
namespace {

using testing::Cartwatch;
using testing::CommandResult;
using testing::TempPath;

std::unique_ptr<store::Store> Open(const std::string& path) {
  core::Result<std::unique_ptr<store::Store>> opened = store::OpenStore(path);
  EXPECT_TRUE(opened.ok());
  return std::move(opened).value();
}

TEST(AccessCli, UserAddStoresAnArgon2idHashNeverThePassword) {
  const std::string db = TempPath(".db");
  const CommandResult added =
      Cartwatch("user add --db " + db + " --name ward-nurse --role nurse", "correct horse 42\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::optional<store::User> user = Open(db)->FindUser("ward-nurse");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->role, store::Role::kNurse);
  EXPECT_EQ(user->password_hash.rfind("$argon2id$", 0), 0U) << user->password_hash;
  EXPECT_TRUE(server::VerifyPassword(user->password_hash, "correct horse 42"));
  EXPECT_FALSE(server::VerifyPassword(user->password_hash, "correct horse 43"));
  EXPECT_EQ(added.out.find("correct horse"), std::string::npos);
}

TEST(AccessCli, UserAddRefusesAShortPasswordAndATakenName) {
  const std::string db = TempPath(".db");
  const CommandResult short_password =
      Cartwatch("user add --db " + db + " --name a --role viewer", "short\n");
  EXPECT_EQ(short_password.exit_code, 2);
  EXPECT_NE(short_password.err.find("at least 12"), std::string::npos) << short_password.err;
  ASSERT_EQ(
      Cartwatch("user add --db " + db + " --name a --role viewer", "long enough pw\n").exit_code,
      0);
  const CommandResult again =
      Cartwatch("user add --db " + db + " --name a --role admin", "long enough pw\n");
  EXPECT_EQ(again.exit_code, 5) << again.err;
  EXPECT_NE(again.err.find("[conflict]"), std::string::npos) << again.err;
  EXPECT_EQ(
      Cartwatch("user add --db " + db + " --name b --role chief", "long enough pw\n").exit_code, 2);
}

TEST(AccessCli, TokenIsPrintedOnceAndStoredOnlyAsItsHash) {
  const std::string db = TempPath(".db");
  ASSERT_EQ(
      Cartwatch("user add --db " + db + " --name lab --role nurse", "long enough pw\n").exit_code,
      0);
  const CommandResult created =
      Cartwatch("token create --db " + db + " --user lab --label feed --days 7");
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string token = created.out;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  ASSERT_EQ(token.rfind("cwt_", 0), 0U) << token;
  const std::unique_ptr<store::Store> store = Open(db);
  const std::optional<store::ApiToken> stored = store->FindToken(server::SecretHash(token));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->user, "lab");
  EXPECT_EQ(stored->label, "feed");
  EXPECT_EQ(stored->expires_at - stored->created_at, 7 * 86400);
  EXPECT_FALSE(store->FindToken(token).has_value());  // the secret itself is not a key

  const CommandResult revoked =
      Cartwatch("token revoke --db " + db + " " + std::to_string(stored->id));
  EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_TRUE(Open(db)->FindToken(server::SecretHash(token))->revoked_at.has_value());
  EXPECT_EQ(Cartwatch("token revoke --db " + db + " 999").exit_code, 4);
  EXPECT_EQ(Cartwatch("token create --db " + db + " --user nobody").exit_code, 4);
}

}  // namespace
}  // namespace cartwatch
