#include "audit_hash.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace cartwatch::store {
namespace {

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

std::string Sha256Hex(std::string_view text) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

std::string AuditHash(const AuditEntry& entry) {
  std::string text;
  for (const std::string& field :
       {entry.prev_hash, std::to_string(entry.seq), std::to_string(entry.at), entry.user,
        entry.request_id, entry.action, entry.entity, entry.entity_id, entry.before, entry.after}) {
    AppendField(text, field);
  }
  return Sha256Hex(text);
}

}  // namespace cartwatch::store
