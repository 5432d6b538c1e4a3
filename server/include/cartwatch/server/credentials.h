// Passwords, API tokens and session cookies: how they are made and how they are kept. Passwords
// are stored as Argon2id hashes; tokens and session ids are random and stored only as SHA-256,
// so a copy of the database gives no way in.
#ifndef CARTWATCH_SERVER_CREDENTIALS_H_
#define CARTWATCH_SERVER_CREDENTIALS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace cartwatch::server {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 256;
inline constexpr std::string_view kTokenPrefix = "cwt_";

// Argon2id (libsodium crypto_pwhash_str, interactive limits), in its self-describing text form.
// Throws std::runtime_error when libsodium cannot hash (out of memory).
std::string HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

// `prefix` followed by 32 random bytes in unpadded base64url (43 characters).
std::string NewSecret(std::string_view prefix);

// What the store keeps of a token or session id: its SHA-256 in hex.
std::string SecretHash(std::string_view secret);

// A password fit to set: kMinPasswordLength to kMaxPasswordLength bytes. Empty when fine, else
// the reason in words.
std::string PasswordProblem(std::string_view password);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_CREDENTIALS_H_
