// The error catalogue: every way cartwatch refuses input or a request.
//
// Each code has a stable snake_case name (used in JSON output and docs/error-codes.md), the exit
// code the CLI returns and the HTTP status a server returns. The CLI and any future server map
// errors through this one table, so the two cannot drift apart.
#ifndef CARTWATCH_CORE_ERROR_H_
#define CARTWATCH_CORE_ERROR_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cartwatch::core {

enum class ErrorCode : std::uint8_t {
  kMalformedJson,      // the text is not JSON, or a record is not a JSON object
  kUnknownField,       // a key the schema does not define
  kDuplicateKey,       // the same key twice in one object
  kWrongType,          // e.g. a string where a number is required
  kNotInteger,         // a fractional number where an integer is required
  kMissingUnit,        // a quantity without its unit
  kUnknownUnit,        // a unit other than the ones the field accepts
  kImplausibleValue,   // a vital sign outside what a living patient can have
  kOutOfRange,         // a score or count outside its defined range
  kUnknownCode,        // an enumerated value (device, drug, finding) not in the vocabulary
  kMissingRequired,    // a field that another field makes necessary is absent
  kContradictory,      // two fields that cannot both be true
  kInvalidTime,        // a time that is not RFC 3339
  kMalformedProtocol,  // a protocol file that is not valid TOML or breaks its schema
  kInvalidProtocol,    // a protocol with gaps or contradictions (uncovered grade, unsafe rule)
  kMalformedCsv,       // a CSV line that breaks the format: quoting, column count, header
  kOutOfOrder,         // a patient's records not in time order
  kNotFound,           // a patient or record the store does not hold
  kConflict,           // a write that contradicts what is stored: an id taken, a key reused
  kStoreUnavailable,   // the database cannot be opened, read or written
  kStoreTooNew,        // a database migrated by a newer cartwatch than this one
  kMalformedRequest,   // an HTTP request that is not valid HTTP
  kRequestTooLarge,    // an HTTP request body above the server's limit
  kMethodNotAllowed,   // an HTTP method a route does not answer
  kUnauthenticated,    // a request without valid credentials (none, wrong, expired, revoked)
  kForbidden,          // credentials whose role may not do this, or a write without its CSRF token
  kUnsupportedMediaType,  // a request body that is not declared as JSON
  kRateLimited,           // too many failed logins of one user name
  kUsage,                 // command-line usage error or unreadable input file
  kInternal,              // a bug in cartwatch
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;     // stable identifier, e.g. "unknown_field"
  int exit_code;             // process exit code of the CLI
  int http_status;           // HTTP status of the server
  std::string_view meaning;  // one line for docs and --help
};

// The whole catalogue, one row per ErrorCode in declaration order.
std::span<const ErrorCodeInfo> ErrorCatalogue() noexcept;
const ErrorCodeInfo& Describe(ErrorCode code) noexcept;

// A cheap-to-move description of one refusal. `field` is a JSON-pointer-like path
// ("oxygen.flow_l_min"); `value` is the received value as text (empty when absent).
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string field;
  std::string value;
  std::string message;
  std::string rule;  // the rule or limit that needs the field, when there is one

  std::string_view name() const noexcept { return Describe(code).name; }
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_ERROR_H_
