// Reading the small JSON bodies of the API (patients, treatments, users, tokens, settings) as
// strictly as the assessment reader: one object, no duplicate or unknown keys, typed fields,
// plausible values; every refusal names its field.
#ifndef CARTWATCH_SERVER_SRC_REQUEST_BODY_H_
#define CARTWATCH_SERVER_SRC_REQUEST_BODY_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/json_strict.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/result.h"
#include "cartwatch/core/time.h"

namespace cartwatch::server {

using Json = adapters::json_strict::Json;

// Thrown by the getters below and by the handlers; the service answers with the first error's
// status, and lists them all when there are several.
struct BodyError {
  std::vector<core::Error> errors;
};

class RequestBody {
 public:
  // One JSON object whose keys are all in `allowed`; throws BodyError otherwise.
  RequestBody(std::string_view text, std::initializer_list<std::string_view> allowed);

  const Json& json() const { return root_; }
  bool Has(std::string_view key) const;  // present and not null

  // Each throws BodyError: missing_required when required and absent, wrong_type, and for the
  // typed ones invalid_time / implausible_value / out_of_range.
  std::optional<std::string> Text(std::string_view key, bool required) const;
  std::optional<double> Number(std::string_view key, bool required,
                               const core::PlausibleRange* range = nullptr) const;
  std::optional<long long> Integer(std::string_view key, bool required, long long min,
                                   long long max) const;
  std::optional<core::UnixSeconds> Time(std::string_view key, bool required) const;
  // The member itself (for nested documents); throws when required and absent.
  const Json* Member(std::string_view key, bool required) const;

 private:
  Json root_;
};

// The stored record, or the store's refusal thrown as the answer.
template <typename T>
T Stored(core::Result<T> result) {
  if (!result.ok()) throw BodyError{{std::move(result).error()}};
  return std::move(result).value();
}

[[noreturn]] void Refuse(core::ErrorCode code, std::string field, std::string value,
                         std::string message);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_REQUEST_BODY_H_
