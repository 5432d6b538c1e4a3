// Strict JSON support shared by the JSON adapters; see json_strict.h.
#include "cartwatch/adapters/json_strict.h"

#include <optional>
#include <utility>

#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/number_text.h"

namespace cartwatch::adapters::json_strict {
namespace {

using core::Error;
using core::ErrorCode;

// SAX handler that builds the tree and reports keys repeated within one object, with their path.
class TreeBuilder {
 public:
  TreeBuilder(Json& root, std::vector<Error>& errors, std::string_view nesting_hint)
      : root_(root), errors_(errors), nesting_hint_(nesting_hint) {}

  // Set when parsing stopped on a syntax error or on excessive nesting.
  const std::optional<Error>& syntax_error() const { return syntax_error_; }

  bool null() { return Place(Json(nullptr)) != nullptr; }
  bool boolean(bool value) { return Place(Json(value)) != nullptr; }
  bool number_integer(Json::number_integer_t value) { return Place(Json(value)) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t value) { return Place(Json(value)) != nullptr; }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) {
    return Place(Json(value)) != nullptr;
  }
  bool string(Json::string_t& value) { return Place(Json(std::move(value))) != nullptr; }
  bool binary(Json::binary_t& /*value*/) { return false; }  // JSON text has no binary values

  bool start_object(std::size_t /*size*/) { return Open(Json::value_t::object); }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) { return Open(Json::value_t::array); }
  bool end_array() { return Close(); }

  bool key(Json::string_t& key) {
    Frame& frame = stack_.back();
    if (frame.node->find(key) != frame.node->end()) {
      std::string path = PathOfOpenContainers();
      if (!path.empty()) path += '.';
      path += key;
      errors_.push_back(
          MakeError(ErrorCode::kDuplicateKey, std::move(path), "",
                    "key \"" + key + "\" appears more than once in the same object; give it once"));
    }
    frame.key = std::move(key);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& exception) {
    syntax_error_ = MakeError(ErrorCode::kMalformedJson, "", text::EchoText(last_token),
                              "not valid JSON (at byte " + std::to_string(position) +
                                  "): " + SyntaxMessage(exception.what()));
    return false;
  }

 private:
  struct Frame {
    Json* node;
    std::string key;  // objects: key of the member being read
  };

  // Stores `value` where the parser is and returns it; null when the value cannot be stored.
  Json* Place(Json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = stack_.back();
    if (frame.node->is_array()) {
      frame.node->push_back(std::move(value));
      return &frame.node->back();
    }
    // A repeated key overwrites: the record is refused anyway, the last value is still checked.
    Json& slot = (*frame.node)[frame.key];
    slot = std::move(value);
    return &slot;
  }

  bool Open(Json::value_t type) {
    if (stack_.size() >= kMaxNesting) {
      syntax_error_ = MakeError(ErrorCode::kMalformedJson, PathOfOpenContainers(), "",
                                "JSON nested more than " + std::to_string(kMaxNesting) +
                                    " levels deep; " + std::string(nesting_hint_));
      return false;
    }
    Json* node = Place(Json(type));
    stack_.push_back(Frame{node, {}});
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  // Path of the innermost open container, e.g. "neuro.ice" or "vasopressors[1]".
  std::string PathOfOpenContainers() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& frame = stack_[i];
      if (frame.node->is_array()) {
        path += '[' + std::to_string(frame.node->size() - 1) + ']';
      } else {
        if (!path.empty()) path += '.';
        path += frame.key;
      }
    }
    return path;
  }

  Json& root_;
  std::vector<Error>& errors_;
  std::string_view nesting_hint_;
  std::vector<Frame> stack_;
  std::optional<Error> syntax_error_;
};

}  // namespace

std::string ValueText(const Json& value) {
  if (value.is_string()) return text::EchoText(value.get_ref<const std::string&>());
  return text::EchoText(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "true/false";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

std::string SyntaxMessage(std::string_view what) {
  if (what.starts_with("[json.exception.")) {
    const std::size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  if (what.starts_with("parse error")) {
    const std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return std::string(what);
}

Error MakeError(ErrorCode code, std::string field, std::string value, std::string message,
                std::string rule) {
  return Error{code, std::move(field), std::move(value), std::move(message), std::move(rule)};
}

bool ParseTree(std::string_view text, Json& root, std::vector<Error>& errors,
               std::string_view nesting_hint) {
  TreeBuilder builder(root, errors, nesting_hint);
  const bool ok = Json::sax_parse(text.data(), text.data() + text.size(), &builder);
  if (ok) return true;
  errors.clear();  // one malformed_json error per record, nothing guessed from a partial tree
  errors.push_back(builder.syntax_error().value_or(
      MakeError(ErrorCode::kMalformedJson, "", "", "not valid JSON")));
  return false;
}

void AppendJsonString(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  // A byte that is not UTF-8 becomes the escaped replacement character U+FFFD.
  text::AppendUtf8Escaped(out, text, "\\ufffd", [&](char c) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xF];
        } else {
          out += c;
        }
    }
  });
  out += '"';
}

std::string FormatNumber(double value) { return core::ShortestText(value); }

void AppendErrorFields(std::string& out, const core::Error& error) {
  out += ',';
  AppendField(out, "error", error.name());
  out += ',';
  AppendField(out, "field", error.field);
  out += ',';
  AppendField(out, "value", error.value);
  out += ',';
  AppendField(out, "message", error.message);
  out += ',';
  AppendField(out, "rule", error.rule);
  out += '}';
}

void AppendErrorText(std::string& out, const core::Error& error) {
  if (!error.field.empty() && !error.message.starts_with(error.field + ' ')) {
    text::AppendPlain(out, error.field);
    out += ": ";
  }
  text::AppendPlain(out, error.message);
  if (!error.value.empty() && error.message.find(error.value) == std::string::npos) {
    out += " (received: ";
    text::AppendPlain(out, error.value);
    out += ')';
  }
  out += " [";
  out += error.name();
  out += ']';
}

}  // namespace cartwatch::adapters::json_strict
