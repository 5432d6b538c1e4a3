#include "cartwatch/core/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cartwatch/core/unreachable.h"

namespace cartwatch::core {
namespace {

TEST(ErrorCatalogue, HasOneRowPerCodeInDeclarationOrder) {
  const auto catalogue = ErrorCatalogue();
  ASSERT_EQ(catalogue.size(), static_cast<std::size_t>(ErrorCode::kInternal) + 1);
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(catalogue[i].code), i) << catalogue[i].name;
  }
}

TEST(ErrorCatalogue, NamesAreUniqueSnakeCase) {
  std::set<std::string_view> names;
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    for (char c : info.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << info.name;
    EXPECT_FALSE(info.meaning.empty()) << info.name;
  }
}

TEST(ErrorCatalogue, InputErrorsExitThreeAndAnswerClientErrors) {
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    if (info.code == ErrorCode::kUsage) {
      EXPECT_EQ(info.exit_code, 2);
    } else if (info.code == ErrorCode::kNotFound) {
      EXPECT_EQ(info.exit_code, 4);
      EXPECT_EQ(info.http_status, 404);
    } else if (info.code == ErrorCode::kConflict) {
      EXPECT_EQ(info.exit_code, 5);
      EXPECT_EQ(info.http_status, 409);
    } else if (info.code == ErrorCode::kStoreUnavailable || info.code == ErrorCode::kStoreTooNew) {
      // The store's faults are the server's, not the client's: 503, so a client may retry.
      EXPECT_EQ(info.exit_code, 6) << info.name;
      EXPECT_EQ(info.http_status, 503) << info.name;
    } else if (info.code == ErrorCode::kMalformedRequest ||
               info.code == ErrorCode::kRequestTooLarge ||
               info.code == ErrorCode::kMethodNotAllowed) {
      // HTTP-only: the CLI never raises them; a usage exit if it ever did.
      EXPECT_EQ(info.exit_code, 2) << info.name;
      EXPECT_GE(info.http_status, 400) << info.name;
      EXPECT_LT(info.http_status, 500) << info.name;
    } else if (info.code == ErrorCode::kUnauthenticated || info.code == ErrorCode::kForbidden ||
               info.code == ErrorCode::kRateLimited) {
      // Access: its own exit code, and the HTTP statuses that tell a client to sign in (401),
      // that it may not (403) or to wait (429).
      EXPECT_EQ(info.exit_code, 8) << info.name;
      EXPECT_TRUE(info.http_status == 401 || info.http_status == 403 || info.http_status == 429)
          << info.name;
    } else if (info.code == ErrorCode::kUnsupportedMediaType) {
      EXPECT_EQ(info.exit_code, 2);
      EXPECT_EQ(info.http_status, 415);
    } else if (info.code == ErrorCode::kInternal) {
      EXPECT_EQ(info.exit_code, 1);
      EXPECT_EQ(info.http_status, 500);
    } else {
      EXPECT_EQ(info.exit_code, 3) << info.name;
      EXPECT_GE(info.http_status, 400) << info.name;
      EXPECT_LT(info.http_status, 500) << info.name;
    }
  }
}

TEST(Error, NameComesFromCatalogue) {
  Error error{ErrorCode::kDuplicateKey, "temperature", "", "twice", ""};
  EXPECT_EQ(error.name(), "duplicate_key");
}

// A bug must not pass for a plausible answer: reaching an unreachable point stops the program.
TEST(UnreachableDeathTest, Aborts) {
  EXPECT_DEATH(CARTWATCH_UNREACHABLE("unknown test value"), "");
}

}  // namespace
}  // namespace cartwatch::core
