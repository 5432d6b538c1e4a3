// Strict JSON reading and hand-written JSON output shared by the JSON adapters
// (cartwatch.assessment/1 and cartwatch.grading/1 in adapters/assessment_json,
// cartwatch.context/1 and cartwatch.recommendation/1 in adapters/recommendation_json), so that
// both formats refuse the same things (duplicate keys, excessive nesting, wrong types, unknown
// fields) in the same words. Internal to the adapters: it speaks nlohmann types, so no adapter's
// public header includes it and nlohmann stays out of what the CLI and server see.
#ifndef CARTWATCH_ADAPTERS_JSON_STRICT_H_
#define CARTWATCH_ADAPTERS_JSON_STRICT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/core/error.h"

namespace cartwatch::adapters::json_strict {

// ordered_json keeps keys in input order, so errors come out in the order the record gives them.
using Json = nlohmann::ordered_json;

// Our schemas nest three levels deep; anything much deeper is not a record of ours, and refusing
// it early bounds the memory and recursion a hostile record can cost.
inline constexpr std::size_t kMaxNesting = 16;
// The received value as text: strings without their quotes, everything else as compact JSON,
// both cut as every adapter echoes a value (text::EchoText).
std::string ValueText(const Json& value);

// "a string", "a number", "true/false", ... for messages.
std::string_view TypeName(const Json& value);

// nlohmann's exception text without its "[json.exception...] parse error at line 1, column 5: "
// prefix: the record-relative position only confuses, callers report the byte offset.
std::string SyntaxMessage(std::string_view what);

core::Error MakeError(core::ErrorCode code, std::string field, std::string value,
                      std::string message, std::string rule = "");

// Parses `text` into `root` with a SAX handler that, unlike nlohmann's DOM parser, reports keys
// repeated within one object (duplicate_key, with their path, e.g. "given[1].time"); parsing
// goes on after them. Returns false when the text is not JSON or nests deeper than kMaxNesting:
// then `errors` holds exactly one malformed_json error (the byte offset in its message) and
// nothing else. `nesting_hint` ends the too-deep message, e.g. "an assessment needs three".
// Never throws.
bool ParseTree(std::string_view text, Json& root, std::vector<core::Error>& errors,
               std::string_view nesting_hint);

// Appends `text` as a JSON string literal: quotes, escapes, and U+FFFD for bytes that are not
// UTF-8, so the output is always valid JSON whatever the input held.
void AppendJsonString(std::string& out, std::string_view text);

// Shortest text that reads back as the same double: a boundary value is never shown rounded
// across its threshold (6.01 L/min does not print as 6).
std::string FormatNumber(double value);

// The error reporting shared by the strict readers of our JSON formats: every refusal names the
// field and echoes the value received, in the same words for every format.
class FieldErrorSink {
 public:
  FieldErrorSink(std::vector<core::Error>& errors, std::string_view schema)
      : errors_(errors), schema_(schema) {}

  void Add(core::ErrorCode code, std::string field, std::string value, std::string message,
           std::string rule = "") {
    errors_.push_back(
        MakeError(code, std::move(field), std::move(value), std::move(message), std::move(rule)));
  }
  void Add(core::Error error) { errors_.push_back(std::move(error)); }

  void WrongType(std::string field, const Json& value, std::string_view expected) {
    std::string message =
        field + " must be " + std::string(expected) + ", got " + std::string(TypeName(value));
    Add(core::ErrorCode::kWrongType, std::move(field), ValueText(value), std::move(message));
  }

  void UnknownField(std::string field, const Json& value) {
    std::string message =
        "unknown field " + field + " (" + std::string(schema_) + " does not define it)";
    Add(core::ErrorCode::kUnknownField, std::move(field), ValueText(value), std::move(message));
  }

  // A string field: null is absent (nullopt); any other type is wrong_type (nullopt).
  std::optional<std::string> ReadString(const Json& value, std::string field) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) {
      WrongType(std::move(field), value, "a string");
      return std::nullopt;
    }
    return value.get<std::string>();
  }

  // The optional "schema" key: absent, null or exactly this format's name.
  void ReadSchema(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_string()) return WrongType("schema", value, "a string");
    if (value.get_ref<const std::string&>() == schema_) return;
    Add(core::ErrorCode::kUnknownCode, "schema", ValueText(value),
        "schema must be \"" + std::string(schema_) + "\" (the only version read)");
  }

 protected:
  std::vector<core::Error>& errors_;

 private:
  std::string_view schema_;
};

// `"key":`. Keys are literals of our writers and never need escaping.
inline void AppendKey(std::string& out, std::string_view key) {
  out += '"';
  out += key;
  out += "\":";
}

// `"key":value` for the value types the writers emit.
inline void AppendField(std::string& out, std::string_view key, std::string_view value) {
  AppendKey(out, key);
  AppendJsonString(out, value);
}
inline void AppendField(std::string& out, std::string_view key, int value) {
  AppendKey(out, key);
  out += std::to_string(value);
}
inline void AppendField(std::string& out, std::string_view key, bool value) {
  AppendKey(out, key);
  out += value ? "true" : "false";
}
// A string literal would silently pick the bool overload (pointer-to-bool beats string_view).
void AppendField(std::string& out, std::string_view key, const char* value) = delete;

// Appends the fields of an error line after its locator: ,"error":...,"field":...,"value":...,
// "message":...,"rule":...} (the caller has written "{" and the locator, e.g. "line").
void AppendErrorFields(std::string& out, const core::Error& error);

// Appends an error for a person: "field: message (received: value) [code]", saying each thing
// once when the message already names the field or quotes the value.
void AppendErrorText(std::string& out, const core::Error& error);

}  // namespace cartwatch::adapters::json_strict

#endif  // CARTWATCH_ADAPTERS_JSON_STRICT_H_
