#include "cartwatch/server/credentials.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartwatch::server {
namespace {

TEST(Credentials, PasswordsAreArgon2idAndSalted) {
  const std::string first = HashPassword("a long password");
  const std::string second = HashPassword("a long password");
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0U) << first;
  EXPECT_NE(first, second);  // a fresh salt each time
  EXPECT_TRUE(VerifyPassword(first, "a long password"));
  EXPECT_TRUE(VerifyPassword(second, "a long password"));
  EXPECT_FALSE(VerifyPassword(first, "a long passwore"));
  EXPECT_FALSE(VerifyPassword("not a hash", "a long password"));
}

TEST(Credentials, SecretsAreRandomUrlSafeAndPrefixed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string secret = NewSecret(kTokenPrefix);
    ASSERT_EQ(secret.size(), kTokenPrefix.size() + 43);
    EXPECT_EQ(secret.rfind(kTokenPrefix, 0), 0U);
    EXPECT_EQ(
        secret.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
                                 kTokenPrefix.size()),
        std::string::npos)
        << secret;
    EXPECT_TRUE(seen.insert(secret).second);
  }
}

TEST(Credentials, TheStoredFormOfASecretIsItsSha256) {
  EXPECT_EQ(SecretHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
  EXPECT_EQ(SecretHash("abc").size(), 64U);
}

TEST(Credentials, PasswordLengthBoundaries) {
  EXPECT_FALSE(PasswordProblem(std::string(kMinPasswordLength - 1, 'x')).empty());
  EXPECT_TRUE(PasswordProblem(std::string(kMinPasswordLength, 'x')).empty());
  EXPECT_TRUE(PasswordProblem(std::string(kMaxPasswordLength, 'x')).empty());
  EXPECT_FALSE(PasswordProblem(std::string(kMaxPasswordLength + 1, 'x')).empty());
}

}  // namespace
}  // namespace cartwatch::server
