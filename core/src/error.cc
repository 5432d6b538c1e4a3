#include "cartwatch/core/error.h"

#include <array>
#include <cstddef>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

// Input errors exit 3 (CLI) and answer 422 (server) except unparseable text (400).
constexpr std::array<ErrorCodeInfo, 30> kCatalogue{{
    {ErrorCode::kMalformedJson, "malformed_json", 3, 400,
     "the text is not valid JSON, or a record is not a JSON object"},
    {ErrorCode::kUnknownField, "unknown_field", 3, 422, "a field the schema does not define"},
    {ErrorCode::kDuplicateKey, "duplicate_key", 3, 422, "the same key appears twice in one object"},
    {ErrorCode::kWrongType, "wrong_type", 3, 422, "a value of the wrong JSON type"},
    {ErrorCode::kNotInteger, "not_integer", 3, 422,
     "a fractional number where the field needs an integer"},
    {ErrorCode::kMissingUnit, "missing_unit", 3, 422, "a quantity given without its unit"},
    {ErrorCode::kUnknownUnit, "unknown_unit", 3, 422, "a unit the field does not accept"},
    {ErrorCode::kImplausibleValue, "implausible_value", 3, 422,
     "a measurement outside what a living patient can have"},
    {ErrorCode::kOutOfRange, "out_of_range", 3, 422, "a score outside its defined range"},
    {ErrorCode::kUnknownCode, "unknown_code", 3, 422,
     "a device, drug or finding that is not in the vocabulary"},
    {ErrorCode::kMissingRequired, "missing_required", 3, 422,
     "a field that another field makes necessary is absent"},
    {ErrorCode::kContradictory, "contradictory", 3, 422, "fields that cannot all be true"},
    {ErrorCode::kInvalidTime, "invalid_time", 3, 422, "a time that is not an RFC 3339 date-time"},
    {ErrorCode::kMalformedProtocol, "malformed_protocol", 3, 422,
     "a protocol file that is not valid TOML or does not follow cartwatch.protocol/1"},
    {ErrorCode::kInvalidProtocol, "invalid_protocol", 3, 422,
     "a protocol with a gap or contradiction: an uncovered grade, an unreachable or unsafe rule"},
    {ErrorCode::kMalformedCsv, "malformed_csv", 3, 400,
     "a CSV line that breaks the format: bad quoting, wrong number of columns, bad header"},
    {ErrorCode::kOutOfOrder, "out_of_order", 3, 422, "a patient's records are not in time order"},
    {ErrorCode::kNotFound, "not_found", 4, 404, "a patient or record the store does not hold"},
    {ErrorCode::kConflict, "conflict", 5, 409,
     "a write that contradicts what is stored: a patient id already taken, or an idempotency "
     "key reused with a different request"},
    {ErrorCode::kStoreUnavailable, "store_unavailable", 6, 503,
     "the database cannot be opened, read or written"},
    {ErrorCode::kStoreTooNew, "store_too_new", 6, 503,
     "the database was migrated by a newer cartwatch than this one: upgrade cartwatch"},
    {ErrorCode::kMalformedRequest, "malformed_request", 2, 400, "a request that is not valid HTTP"},
    {ErrorCode::kRequestTooLarge, "request_too_large", 2, 413,
     "a request body larger than the server accepts"},
    {ErrorCode::kMethodNotAllowed, "method_not_allowed", 2, 405,
     "an HTTP method the route does not answer"},
    {ErrorCode::kUnauthenticated, "unauthenticated", 8, 401,
     "a request without valid credentials: none, unknown, expired or revoked"},
    {ErrorCode::kForbidden, "forbidden", 8, 403,
     "credentials whose role may not do this, or a browser write without its CSRF token"},
    {ErrorCode::kUnsupportedMediaType, "unsupported_media_type", 2, 415,
     "a request body not declared as application/json"},
    {ErrorCode::kRateLimited, "rate_limited", 8, 429,
     "too many failed logins of one user name: wait and try again"},
    {ErrorCode::kUsage, "usage", 2, 400, "wrong command-line usage or an unreadable input file"},
    {ErrorCode::kInternal, "internal", 1, 500, "an internal error in cartwatch"},
}};
static_assert(IndexedByEnum(kCatalogue, &ErrorCodeInfo::code),
              "kCatalogue must follow the ErrorCode order");

}  // namespace

std::span<const ErrorCodeInfo> ErrorCatalogue() noexcept { return kCatalogue; }

const ErrorCodeInfo& Describe(ErrorCode code) noexcept {
  return kCatalogue[static_cast<std::size_t>(code)];
}

}  // namespace cartwatch::core
