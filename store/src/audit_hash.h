// The hash chain of the audit log: each row's hash is SHA-256 over the previous row's hash and the
// row's own fields, so that changing or removing any row breaks every hash after it.
#ifndef CARTWATCH_STORE_SRC_AUDIT_HASH_H_
#define CARTWATCH_STORE_SRC_AUDIT_HASH_H_

#include <string>
#include <string_view>

#include "cartwatch/store/records.h"

namespace cartwatch::store {

// The prev_hash of the first row.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Lowercase hex SHA-256 of `entry`'s fields and entry.prev_hash (entry.hash is not read). Each
// field is length-prefixed, so that no two different rows hash the same text.
std::string AuditHash(const AuditEntry& entry);

// Lowercase hex SHA-256 of any text (request digests for idempotency).
std::string Sha256Hex(std::string_view text);

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_AUDIT_HASH_H_
