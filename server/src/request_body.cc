#include "request_body.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cartwatch/core/validate.h"

namespace cartwatch::server {

namespace strict = adapters::json_strict;

void Refuse(core::ErrorCode code, std::string field, std::string value, std::string message) {
  throw BodyError{
      {strict::MakeError(code, std::move(field), std::move(value), std::move(message))}};
}

RequestBody::RequestBody(std::string_view text, std::initializer_list<std::string_view> allowed) {
  std::vector<core::Error> errors;
  if (!strict::ParseTree(text, root_, errors, "a request body needs two") || !errors.empty()) {
    throw BodyError{{errors.front()}};
  }
  if (!root_.is_object()) {
    Refuse(core::ErrorCode::kMalformedJson, "", strict::ValueText(root_),
           "the body must be one JSON object");
  }
  for (const auto& [key, value] : root_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string expected;
      for (std::string_view name : allowed) {
        expected += expected.empty() ? "" : ", ";
        expected += name;
      }
      Refuse(core::ErrorCode::kUnknownField, key, strict::ValueText(value),
             key + " is not a field of this request (expected: " + expected + ")");
    }
  }
}

bool RequestBody::Has(std::string_view key) const {
  const auto found = root_.find(key);
  return found != root_.end() && !found->is_null();
}

const Json* RequestBody::Member(std::string_view key, bool required) const {
  const auto found = root_.find(key);
  if (found == root_.end() || found->is_null()) {
    if (required) {
      Refuse(core::ErrorCode::kMissingRequired, std::string(key), "",
             std::string(key) + " is required");
    }
    return nullptr;
  }
  return &*found;
}

std::optional<std::string> RequestBody::Text(std::string_view key, bool required) const {
  const Json* value = Member(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Refuse(core::ErrorCode::kWrongType, std::string(key), strict::ValueText(*value),
           std::string(key) + " must be a string, got " + std::string(strict::TypeName(*value)));
  }
  return value->get<std::string>();
}

std::optional<double> RequestBody::Number(std::string_view key, bool required,
                                          const core::PlausibleRange* range) const {
  const Json* value = Member(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    Refuse(core::ErrorCode::kWrongType, std::string(key), strict::ValueText(*value),
           std::string(key) + " must be a number, got " + std::string(strict::TypeName(*value)));
  }
  const double number = value->get<double>();
  if (range != nullptr) {
    if (std::optional<core::Error> error =
            core::CheckPlausible(key, number, *range, strict::ValueText(*value))) {
      throw BodyError{{*error}};
    }
  }
  return number;
}

std::optional<long long> RequestBody::Integer(std::string_view key, bool required, long long min,
                                              long long max) const {
  const Json* value = Member(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    Refuse(value->is_number() ? core::ErrorCode::kNotInteger : core::ErrorCode::kWrongType,
           std::string(key), strict::ValueText(*value),
           std::string(key) + " must be a whole number");
  }
  const long long number = value->get<long long>();
  if (number < min || number > max) {
    Refuse(
        core::ErrorCode::kOutOfRange, std::string(key), strict::ValueText(*value),
        std::string(key) + " must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return number;
}

std::optional<core::UnixSeconds> RequestBody::Time(std::string_view key, bool required) const {
  const std::optional<std::string> text = Text(key, required);
  if (!text) return std::nullopt;
  const std::optional<core::UnixSeconds> time = core::ParseRfc3339(*text);
  if (!time) {
    Refuse(core::ErrorCode::kInvalidTime, std::string(key), *text,
           std::string(key) +
               " must be an RFC 3339 date-time with seconds and an offset, e.g. "
               "2026-03-01T08:00:00Z");
  }
  return time;
}

}  // namespace cartwatch::server
