// Strict reader of cartwatch.assessment/1 (docs/assessment-schema.md).
//
// Parsing runs in two passes over one record: a SAX handler builds the JSON tree and reports
// duplicate keys (nlohmann would silently keep the last one; json_strict.h), then a schema walker
// turns the tree into a core::Assessment, reporting every field it cannot accept. core::Validate
// adds the clinical checks. Nothing here throws: nlohmann's SAX interface reports syntax errors by
// call.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <istream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/json_strict.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/units.h"
#include "cartwatch/core/validate.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters {
namespace {

using core::Error;
using core::ErrorCode;
using json_strict::Json;
using json_strict::kMaxNesting;
using json_strict::MakeError;
using json_strict::SyntaxMessage;
using json_strict::TypeName;
using json_strict::ValueText;
using text::EchoText;

constexpr std::string_view kAstctKey = "ASTCT-2019";
constexpr std::string_view kPolicyKey = "cartwatch-policy";
constexpr std::string_view kCtcaeKey = "CTCAE-5.0";

// nlohmann skips a leading byte-order mark; the array detection must too.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Parses one record into `root`; see json_strict::ParseTree.
bool ParseTree(std::string_view text, Json& root, std::vector<Error>& errors) {
  return json_strict::ParseTree(text, root, errors, "an assessment needs three");
}

// Walks one parsed record against the schema. Every problem is appended to `errors`; fields
// with a problem are left absent in the assessment.
class RecordReader : public json_strict::FieldErrorSink {
 public:
  explicit RecordReader(std::vector<Error>& errors) : FieldErrorSink(errors, kAssessmentSchema) {}

  core::Assessment Read(const Json& record) {
    for (auto it = record.begin(); it != record.end(); ++it) {
      const std::string& key = it.key();
      const Json& value = it.value();
      if (key == "schema") {
        ReadSchema(value);
      } else if (key == "patient_id") {
        if (auto id = ReadString(value, key)) assessment_.patient_id = std::move(*id);
      } else if (key == "time") {
        ReadTime(value);
      } else if (key == "age_years") {
        assessment_.age_years = ReadNumber(value, key);
      } else if (key == "temperature") {
        ReadTemperature(value);
      } else if (key == "fever_other_cause") {
        assessment_.fever_other_cause = ReadBool(value, key);
      } else if (key == "fever_masked") {
        assessment_.fever_masked = ReadBool(value, key);
      } else if (key == "hypotension") {
        assessment_.hypotension = ReadBool(value, key);
      } else if (key == "vasopressors") {
        assessment_.vasopressors = ReadCodeSet<core::Vasopressor, 5>(value, key, "vasopressor");
      } else if (key == "oxygen") {
        ReadOxygen(value);
      } else if (key == "neuro") {
        ReadNeuro(value);
      } else if (key == "vasopressor_doses") {
        ReadVasopressorDoses(value);
      } else if (key == "fluid_boluses_24h") {
        assessment_.legacy.fluid_boluses =
            ReadInteger(value, key, core::kFluidBolusesMax, kPolicyKey);
      } else if (key == "hospitalised_for_crs") {
        assessment_.legacy.hospitalised_for_crs = ReadBool(value, key);
      } else if (key == "iv_therapy_for_crs") {
        assessment_.legacy.iv_therapy_for_crs = ReadBool(value, key);
      } else if (key == "hypotension_refractory") {
        assessment_.legacy.hypotension_refractory = ReadBool(value, key);
      } else if (key == "coagulopathy_needing_products") {
        assessment_.legacy.coagulopathy_needing_products = ReadBool(value, key);
      } else if (key == "organ_toxicity") {
        ReadOrganToxicity(value);
      } else if (key == "crs_death") {
        assessment_.crs_death = ReadBool(value, key);
      } else if (key == "icans_death") {
        assessment_.icans_death = ReadBool(value, key);
      } else {
        UnknownField(key, value);
      }
    }
    return std::move(assessment_);
  }

  // The temperature as received, when it was converted; "" otherwise.
  const std::string& fahrenheit_text() const { return fahrenheit_text_; }

 private:
  void ReadTime(const Json& value) {
    auto time = ReadString(value, "time");
    if (!time) return;
    if (!core::IsRfc3339DateTime(*time)) {
      Add(ErrorCode::kInvalidTime, "time", EchoText(*time),
          "time must be an RFC 3339 date-time with seconds and an offset, e.g. "
          "2026-03-01T08:00:00Z");
      return;
    }
    assessment_.time = std::move(*time);
  }

  std::optional<bool> ReadBool(const Json& value, std::string field) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_boolean()) {
      WrongType(std::move(field), value, "true or false");
      return std::nullopt;
    }
    return value.get<bool>();
  }

  std::optional<double> ReadNumber(const Json& value, std::string field) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number()) {
      WrongType(std::move(field), value, "a number");
      return std::nullopt;
    }
    return value.get<double>();
  }

  // Integers arrive as JSON integers or as integral floats (4.0); a fraction is never truncated.
  std::optional<int> ReadInteger(const Json& value, std::string field, int max,
                                 std::string_view rule = kAstctKey) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number()) {
      WrongType(std::move(field), value, "an integer");
      return std::nullopt;
    }
    bool fits = true;
    int result = 0;
    if (value.is_number_unsigned()) {
      const auto number = value.get<std::uint64_t>();
      fits = number <= static_cast<std::uint64_t>(INT_MAX);
      if (fits) result = static_cast<int>(number);
    } else if (value.is_number_integer()) {
      const auto number = value.get<std::int64_t>();
      fits = number >= INT_MIN && number <= INT_MAX;
      if (fits) result = static_cast<int>(number);
    } else {
      const auto number = value.get<double>();
      if (std::floor(number) != number) {
        std::string message = field + " must be a whole number, got " + ValueText(value);
        Add(ErrorCode::kNotInteger, std::move(field), ValueText(value), std::move(message),
            std::string(rule));
        return std::nullopt;
      }
      fits = number >= INT_MIN && number <= INT_MAX;
      if (fits) result = static_cast<int>(number);
    }
    if (!fits) {
      // Range checks belong to core::Validate; only values an int cannot hold are caught here.
      std::string message =
          field + " must be from 0 to " + std::to_string(max) + ", got " + ValueText(value);
      Add(ErrorCode::kOutOfRange, std::move(field), ValueText(value), std::move(message),
          std::string(rule));
      return std::nullopt;
    }
    return result;
  }

  template <typename E>
  std::optional<E> ReadCode(const Json& value, std::string field, std::string_view what) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) {
      WrongType(std::move(field), value, "a " + std::string(what) + " code");
      return std::nullopt;
    }
    const std::string& code = value.get_ref<const std::string&>();
    std::optional<E> term = core::FindTerm<E>(code);
    if (!term) {
      std::string message = "unknown " + std::string(what) + " \"" + EchoText(code) +
                            "\"; use one of: " + core::CodeList<E>();
      Add(ErrorCode::kUnknownCode, std::move(field), EchoText(code), std::move(message));
    }
    return term;
  }

  // An array of codes. Valid entries are kept even when others fail, so that core::Validate still
  // sees them (the record is refused either way).
  template <typename E, int kSize>
  std::optional<core::EnumSet<E, kSize>> ReadCodeSet(const Json& value, const std::string& field,
                                                     std::string_view what) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_array()) {
      WrongType(field, value, "an array of " + std::string(what) + " codes");
      return std::nullopt;
    }
    core::EnumSet<E, kSize> set;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json& element = value[i];
      std::string element_field = field + '[' + std::to_string(i) + ']';
      if (element.is_null()) {
        WrongType(std::move(element_field), element, "a " + std::string(what) + " code");
        continue;
      }
      std::optional<E> code = ReadCode<E>(element, element_field, what);
      if (!code) continue;
      if (set.Contains(*code)) {
        std::string message = std::string(what) + " \"" + ValueText(element) +
                              "\" is listed twice in " + field + "; list each once";
        Add(ErrorCode::kContradictory, std::move(element_field), ValueText(element),
            std::move(message));
        continue;
      }
      set.Add(*code);
    }
    return set;
  }

  void ReadTemperature(const Json& value) {
    if (value.is_null()) return;
    if (value.is_number()) {
      Add(ErrorCode::kMissingUnit, "temperature", ValueText(value),
          "temperature needs its unit: write {\"value\": " + ValueText(value) +
              ", \"unit\": \"Cel\"} or \"[degF]\"");
      return;
    }
    if (!value.is_object()) {
      return WrongType("temperature", value,
                       "an object {\"value\": number, \"unit\": \"Cel\" or \"[degF]\"}");
    }
    std::optional<double> number;
    std::optional<core::TemperatureUnit> unit;
    bool has_value = false;
    bool has_unit = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Json& member = it.value();
      if (it.key() == "value") {
        has_value = !member.is_null();
        number = ReadNumber(member, "temperature.value");
      } else if (it.key() == "unit") {
        has_unit = !member.is_null();
        unit = ReadUnit(member);
      } else {
        UnknownField("temperature." + it.key(), member);
      }
    }
    if (!has_value) {
      Add(ErrorCode::kMissingRequired, "temperature.value", "",
          "temperature needs a value, e.g. {\"value\": 38.5, \"unit\": \"Cel\"}");
    }
    if (!has_unit) {
      Add(ErrorCode::kMissingUnit, "temperature.unit", number ? ValueText(value["value"]) : "",
          "temperature needs its unit: \"Cel\" or \"[degF]\" (UCUM); it is never assumed");
    }
    if (!number || !unit) return;
    assessment_.temperature_celsius = core::ToCelsius(*number, *unit);
    if (*unit == core::TemperatureUnit::kFahrenheit) {
      fahrenheit_text_ = ValueText(value["value"]) + " [degF]";
    }
  }

  std::optional<core::TemperatureUnit> ReadUnit(const Json& value) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) {
      WrongType("temperature.unit", value, "a UCUM unit code (\"Cel\" or \"[degF]\")");
      return std::nullopt;
    }
    const std::string& code = value.get_ref<const std::string&>();
    auto unit = core::ParseUcumTemperatureUnit(code);
    if (!unit) {
      Add(ErrorCode::kUnknownUnit, "temperature.unit", EchoText(code),
          "unknown temperature unit \"" + EchoText(code) +
              "\"; use the UCUM code \"Cel\" or \"[degF]\" (case-sensitive)");
    }
    return unit;
  }

  void ReadOxygen(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_object()) return WrongType("oxygen", value, "an object");
    std::optional<core::OxygenDevice> device;
    core::OxygenSupport support;
    bool has_device = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Json& member = it.value();
      if (it.key() == "device") {
        has_device = !member.is_null();
        device = ReadCode<core::OxygenDevice>(member, "oxygen.device", "oxygen device");
      } else if (it.key() == "flow_l_min") {
        support.flow_l_per_min = ReadNumber(member, "oxygen.flow_l_min");
      } else if (it.key() == "reason") {
        support.reason = ReadCode<core::OxygenReason>(member, "oxygen.reason", "oxygen reason");
      } else if (it.key() == "fio2") {
        support.fio2_percent = ReadQuantity(member, "oxygen.fio2", "%", "40");
      } else {
        UnknownField("oxygen." + it.key(), member);
      }
    }
    if (!has_device) {
      Add(ErrorCode::kMissingRequired, "oxygen.device", "",
          "oxygen needs a device, e.g. {\"device\": \"nasal_cannula\", \"flow_l_min\": 4}; use "
          "\"room_air\" when none",
          std::string(kAstctKey));
    }
    if (!device) return;
    // The nasal-cannula flow requirement is checked by core::Validate, once for every adapter.
    support.device = *device;
    assessment_.oxygen = support;
  }

  // A quantity {"value": number, "unit": "<unit>"} whose unit must be exactly `unit`; a bare
  // number is refused (units are never assumed). `example` is a plausible value for messages.
  std::optional<double> ReadQuantity(const Json& value, const std::string& field,
                                     std::string_view unit, std::string_view example) {
    if (value.is_null()) return std::nullopt;
    const std::string shape =
        "{\"value\": " + std::string(example) + ", \"unit\": \"" + std::string(unit) + "\"}";
    if (value.is_number()) {
      Add(ErrorCode::kMissingUnit, field, ValueText(value),
          field + " needs its unit: write {\"value\": " + ValueText(value) + ", \"unit\": \"" +
              std::string(unit) + "\"}");
      return std::nullopt;
    }
    if (!value.is_object()) {
      WrongType(field, value, "an object " + shape);
      return std::nullopt;
    }
    std::optional<double> number;
    bool has_value = false;
    bool has_unit = false;
    bool unit_ok = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Json& member = it.value();
      if (it.key() == "value") {
        has_value = !member.is_null();
        number = ReadNumber(member, field + ".value");
      } else if (it.key() == "unit") {
        has_unit = !member.is_null();
        if (!has_unit) continue;
        if (!member.is_string()) {
          WrongType(field + ".unit", member, "the unit \"" + std::string(unit) + "\"");
          continue;
        }
        const std::string& code = member.get_ref<const std::string&>();
        unit_ok = code == unit;
        if (!unit_ok) {
          Add(ErrorCode::kUnknownUnit, field + ".unit", EchoText(code),
              "unit \"" + EchoText(code) + "\" is not accepted for " + field + "; give it in \"" +
                  std::string(unit) + "\" (convert it first)");
        }
      } else {
        UnknownField(field + "." + it.key(), member);
      }
    }
    if (!has_value) {
      Add(ErrorCode::kMissingRequired, field + ".value", "",
          field + " needs a value, e.g. " + shape);
    }
    if (!has_unit) {
      Add(ErrorCode::kMissingUnit, field + ".unit", number ? ValueText(value["value"]) : "",
          field + " needs its unit: \"" + std::string(unit) + "\"; it is never assumed");
    }
    if (!unit_ok) return std::nullopt;
    return number;
  }

  // {"norepinephrine": {"dose": {"value": 12, "unit": "ug/min"}, "hours_running": 4}, ...}
  void ReadVasopressorDoses(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_object()) {
      return WrongType("vasopressor_doses", value, "an object keyed by vasopressor code");
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string field = "vasopressor_doses." + it.key();
      const std::optional<core::Vasopressor> agent = core::FindTerm<core::Vasopressor>(it.key());
      if (!agent) {
        Add(ErrorCode::kUnknownCode, field, EchoText(it.key()),
            "unknown vasopressor \"" + EchoText(it.key()) +
                "\" in vasopressor_doses; use one of: " + core::CodeList<core::Vasopressor>());
        continue;
      }
      const Json& entry = it.value();
      if (entry.is_null()) continue;
      if (!entry.is_object()) {
        WrongType(field, entry, "an object {\"dose\": {...}, \"hours_running\": number}");
        continue;
      }
      core::VasopressorDose& dose =
          assessment_.legacy.vasopressor_doses[static_cast<std::size_t>(*agent)];
      for (auto member = entry.begin(); member != entry.end(); ++member) {
        if (member.key() == "dose") {
          dose.dose = ReadQuantity(member.value(), field + ".dose", core::DoseUnitOf(*agent),
                                   *agent == core::Vasopressor::kVasopressin ? "0.04" : "10");
        } else if (member.key() == "hours_running") {
          dose.hours_running = ReadNumber(member.value(), field + ".hours_running");
        } else {
          UnknownField(field + "." + member.key(), member.value());
        }
      }
    }
  }

  // {"creatinine": 0-4, "transaminases": 0-4, "other": 0-4} (CTCAE v5.0 grades)
  void ReadOrganToxicity(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_object()) return WrongType("organ_toxicity", value, "an object of CTCAE grades");
    core::OrganToxicity& organs = assessment_.legacy.organ_toxicity;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string field = "organ_toxicity." + it.key();
      const int max = core::kCtcaeOrganGradeMax;
      if (it.key() == "creatinine") {
        organs.creatinine = ReadInteger(it.value(), field, max, kCtcaeKey);
      } else if (it.key() == "transaminases") {
        organs.transaminases = ReadInteger(it.value(), field, max, kCtcaeKey);
      } else if (it.key() == "other") {
        organs.other = ReadInteger(it.value(), field, max, kCtcaeKey);
      } else {
        UnknownField(field, it.value());
      }
    }
  }

  void ReadNeuro(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_object()) return WrongType("neuro", value, "an object");
    core::NeuroAssessment& neuro = assessment_.neuro;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      const Json& member = it.value();
      if (key == "ice") {
        ReadIce(member);
      } else if (key == "ice_total") {
        neuro.ice_total = ReadInteger(member, "neuro.ice_total", core::kIceTotalMax);
      } else if (key == "capd") {
        neuro.capd_total = ReadInteger(member, "neuro.capd", core::kCapdTotalMax);
      } else if (key == "developmental_delay") {
        neuro.developmental_delay = ReadBool(member, "neuro.developmental_delay");
      } else if (key == "consciousness") {
        neuro.consciousness =
            ReadCode<core::Consciousness>(member, "neuro.consciousness", "level of consciousness");
      } else if (key == "seizure") {
        neuro.seizure = ReadCode<core::Seizure>(member, "neuro.seizure", "seizure");
      } else if (key == "motor") {
        neuro.motor = ReadCode<core::MotorFinding>(member, "neuro.motor", "motor finding");
      } else if (key == "icp") {
        neuro.icp = ReadCodeSet<core::IcpFinding, 6>(member, "neuro.icp", "raised-ICP finding");
      } else {
        UnknownField("neuro." + key, member);
      }
    }
  }

  void ReadIce(const Json& value) {
    if (value.is_null()) return;
    if (!value.is_object()) return WrongType("neuro.ice", value, "an object of ICE items");
    core::IceItems items;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      const Json& member = it.value();
      std::string field = "neuro.ice." + key;
      if (key == "orientation") {
        items.orientation = ReadInteger(member, std::move(field), core::kIceOrientationMax);
      } else if (key == "naming") {
        items.naming = ReadInteger(member, std::move(field), core::kIceNamingMax);
      } else if (key == "commands") {
        items.commands = ReadInteger(member, std::move(field), core::kIceCommandsMax);
      } else if (key == "writing") {
        items.writing = ReadInteger(member, std::move(field), core::kIceWritingMax);
      } else if (key == "attention") {
        items.attention = ReadInteger(member, std::move(field), core::kIceAttentionMax);
      } else {
        UnknownField(std::move(field), member);
      }
    }
    assessment_.neuro.ice_items = items;
  }

  core::Assessment assessment_;
  std::string fahrenheit_text_;
};

// Turns a parsed tree into the outcome: schema errors, then core::Validate's errors for fields
// not already refused (a field refused for its syntax would otherwise be reported twice, e.g. a
// mistyped age_years again as "missing").
ParseOutcome ToOutcome(const Json& root, std::vector<Error> errors) {
  ParseOutcome outcome;
  if (!root.is_object()) {
    errors.clear();
    errors.push_back(
        MakeError(ErrorCode::kMalformedJson, "", ValueText(root),
                  "a record must be a JSON object, got " + std::string(TypeName(root))));
    outcome.errors = std::move(errors);
    return outcome;
  }
  RecordReader reader(errors);
  core::Assessment assessment = reader.Read(root);
  const std::size_t syntax_errors = errors.size();
  for (Error& error : core::Validate(assessment)) {
    const auto first = errors.begin();
    const auto last = first + static_cast<std::ptrdiff_t>(syntax_errors);
    if (std::any_of(first, last, [&](const Error& e) { return e.field == error.field; })) {
      continue;
    }
    // core sees degrees Celsius only; show the reader what they actually sent.
    if (error.field == "temperature" && !reader.fahrenheit_text().empty()) {
      error.message += " (received " + reader.fahrenheit_text() + ")";
      error.value = reader.fahrenheit_text();
    }
    errors.push_back(std::move(error));
  }
  if (errors.empty()) {
    outcome.assessment = std::move(assessment);
  } else {
    outcome.errors = std::move(errors);
  }
  return outcome;
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsBlank(std::string_view line) { return std::all_of(line.begin(), line.end(), IsJsonSpace); }

// SAX handler that only checks syntax, for a whole document whose records are read one by one.
class SyntaxChecker {
 public:
  bool null() { return true; }
  bool boolean(bool /*value*/) { return true; }
  bool number_integer(Json::number_integer_t /*value*/) { return true; }
  bool number_unsigned(Json::number_unsigned_t /*value*/) { return true; }
  bool number_float(Json::number_float_t /*value*/, const Json::string_t& /*text*/) { return true; }
  bool string(Json::string_t& /*value*/) { return true; }
  bool binary(Json::binary_t& /*value*/) { return false; }
  bool start_object(std::size_t /*size*/) { return ++depth_ <= kMaxNesting + 1; }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*size*/) { return ++depth_ <= kMaxNesting + 1; }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(Json::string_t& /*key*/) { return true; }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& exception) {
    error_ = MakeError(ErrorCode::kMalformedJson, "", EchoText(last_token),
                       "not valid JSON (at byte " + std::to_string(position) +
                           "): " + SyntaxMessage(exception.what()));
    return false;
  }

  Error TakeError() {
    return error_.value_or(
        MakeError(ErrorCode::kMalformedJson, "", "",
                  "JSON nested more than " + std::to_string(kMaxNesting) + " levels deep"));
  }

 private:
  std::size_t depth_ = 0;
  std::optional<Error> error_;
};

ParseOutcome MalformedOutcome(Error error) {
  ParseOutcome outcome;
  outcome.errors.push_back(std::move(error));
  return outcome;
}

// A whole document that is a JSON array: each element is one record, reported with the line on
// which the element starts. Precondition: `text` is syntactically valid and its first
// non-blank character, at `open`, is '['.
void ReadArrayDocument(std::string_view text, std::size_t open, std::size_t line,
                       const RecordSink& on_record) {
  int depth = 0;
  bool in_string = false;
  std::size_t element_start = std::string_view::npos;
  std::size_t element_line = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // skip the escaped character (a raw newline cannot occur inside a JSON string)
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '\n') ++line;
    if (IsJsonSpace(c)) continue;
    const bool ends_element = depth == 1 && (c == ',' || c == ']');
    if (ends_element && element_start != std::string_view::npos) {
      on_record(element_line, ParseAssessmentJson(text.substr(element_start, i - element_start)));
      element_start = std::string_view::npos;
    } else if (depth == 1 && !ends_element && element_start == std::string_view::npos) {
      element_start = i;
      element_line = line;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return;
    }
  }
}

// Reads `text` (the rest of the input from its first non-blank line, numbered `line`) as one
// JSON document: an object or an array of objects.
void ReadDocument(std::string_view text, std::size_t line, const RecordSink& on_record) {
  std::size_t first = text.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  while (first < text.size() && IsJsonSpace(text[first])) ++first;
  if (first < text.size() && text[first] == '[') {
    SyntaxChecker checker;
    if (!Json::sax_parse(text.data(), text.data() + text.size(), &checker)) {
      on_record(line, MalformedOutcome(checker.TakeError()));
      return;
    }
    ReadArrayDocument(text, first, line, on_record);
    return;
  }
  on_record(line, ParseAssessmentJson(text));
}

}  // namespace

ParseOutcome ParseAssessmentJson(std::string_view json_text) {
  Json root;
  std::vector<Error> errors;
  if (!ParseTree(json_text, root, errors)) {
    ParseOutcome outcome;
    outcome.errors = std::move(errors);
    return outcome;
  }
  return ToOutcome(root, std::move(errors));
}

void ReadAssessments(std::istream& input, const RecordSink& on_record) {
  std::string line;  // one buffer for every line: its capacity is reused
  std::size_t line_number = 0;
  auto next_line = [&]() -> bool {
    if (!std::getline(input, line)) return false;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  };

  bool found = false;
  while (next_line()) {
    if (!IsBlank(line)) {
      found = true;
      break;
    }
  }
  if (!found) return;  // empty input: no records

  // NDJSON when the first non-blank line is a complete JSON object on its own.
  Json first_record;
  std::vector<Error> first_errors;
  if (ParseTree(line, first_record, first_errors) && first_record.is_object()) {
    on_record(line_number, ToOutcome(first_record, std::move(first_errors)));
    first_record = Json();
    while (next_line()) {
      if (IsBlank(line)) continue;
      on_record(line_number, ParseAssessmentJson(line));
    }
    return;
  }

  // One document, possibly over many lines.
  const std::size_t start_line = line_number;
  std::string text = std::move(line);
  text += '\n';
  text.append(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
  ReadDocument(text, start_line, on_record);
}

}  // namespace cartwatch::adapters
