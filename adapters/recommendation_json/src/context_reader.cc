// Strict reader of cartwatch.context/1 (docs/recommendation-output.md, "Patient context").
//
// The same two passes as the assessment reader, with its helpers (json_strict.h): a SAX
// handler builds the tree and reports duplicate keys, then a schema walker fills a
// core::PatientContext and reports every field it cannot accept. A context feeds dose
// calculations and dose-count limits, so nothing is guessed: a weight without a plausible value,
// a dose given without a time or a drug the protocols do not know is refused, not skipped.
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/json_strict.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/validate.h"

namespace cartwatch::adapters {
namespace {

using core::Error;
using core::ErrorCode;
using json_strict::Json;
using json_strict::MakeError;
using json_strict::TypeName;
using json_strict::ValueText;
using text::EchoText;

std::string DrugList() {
  std::string list;
  for (const core::DrugInfo& info : core::Drugs()) {
    if (!list.empty()) list += ", ";
    list += info.code;
  }
  return list;
}

class ContextReader : public json_strict::FieldErrorSink {
 public:
  explicit ContextReader(std::vector<Error>& errors) : FieldErrorSink(errors, kContextSchema) {}

  core::PatientContext Read(const Json& record) {
    for (auto it = record.begin(); it != record.end(); ++it) {
      const std::string& key = it.key();
      const Json& value = it.value();
      if (key == "schema") {
        ReadSchema(value);
      } else if (key == "weight_kg") {
        context_.weight_kg = ReadQuantity(value, key, core::kBodyWeightKgLimits);
      } else if (key == "age_years") {
        context_.age_years = ReadQuantity(value, key, core::kAgeYearsLimits);
      } else if (key == "product") {
        ReadProduct(value);
      } else if (key == "infusion_time") {
        context_.infusion = ReadTime(value, key);
      } else if (key == "given") {
        ReadGiven(value);
      } else if (key == "course") {
        ReadCourse(value);
      } else if (key == "fever_since") {
        context_.fever_since = ReadTime(value, key);
      } else {
        UnknownField(key, value);
      }
    }
    return std::move(context_);
  }

 private:
  // A number with its unit in the field name, inside `range`; refused (never clamped) outside.
  std::optional<double> ReadQuantity(const Json& value, std::string field,
                                     const core::PlausibleRange& range) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number()) {
      WrongType(std::move(field), value, "a number in " + std::string(range.unit));
      return std::nullopt;
    }
    const double number = value.get<double>();
    if (auto error = core::CheckPlausible(field, number, range, ValueText(value))) {
      Add(std::move(*error));
      return std::nullopt;
    }
    return number;
  }

  // A dose already given is checked for plausibility only (core::kDrugDoseMgLimits, as in the
  // CSV records): it is what was given, and only the count and times of doses feed the limits.
  std::optional<double> ReadDoseMg(const Json& value, std::string field) {
    return ReadQuantity(value, std::move(field), core::kDrugDoseMgLimits);
  }

  std::optional<core::UnixSeconds> ReadTime(const Json& value, std::string field) {
    auto text = ReadString(value, field);
    if (!text) return std::nullopt;
    std::optional<core::UnixSeconds> time = core::ParseRfc3339(*text);
    if (!time) {
      std::string message = field +
                            " must be an RFC 3339 date-time with seconds and an offset, e.g. "
                            "2026-03-01T08:00:00Z";
      Add(ErrorCode::kInvalidTime, std::move(field), EchoText(*text), std::move(message));
    }
    return time;
  }

  // An array member: `read_item(element, "field[i]")` for each element; null means none.
  template <typename ReadItem>
  void ReadArray(const Json& value, const std::string& field, std::string_view expected,
                 ReadItem read_item) {
    if (value.is_null()) return;
    if (!value.is_array()) return WrongType(field, value, std::string(expected));
    for (std::size_t i = 0; i < value.size(); ++i) {
      read_item(value[i], field + "[" + std::to_string(i) + "]");
    }
  }

  // The members of the object at `at`: `read_member(key, member, field)` for each. True when
  // none of them gave an error.
  template <typename ReadMember>
  bool ReadMembers(const Json& value, const std::string& at, ReadMember read_member) {
    bool ok = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::size_t errors_before = errors_.size();
      read_member(it.key(), it.value(), at + "." + it.key());
      ok = ok && errors_.size() == errors_before;
    }
    return ok;
  }

  void ReadGiven(const Json& value) {
    ReadArray(value, "given",
              "an array of treatments, e.g. [{\"drug\": \"tocilizumab\", \"time\": "
              "\"2026-03-01T08:00:00Z\", \"dose_mg\": 560}]",
              [this](const Json& item, const std::string& at) { ReadTreatment(item, at); });
  }

  // One treatment given. Kept only when complete: a dose without its time or drug cannot be
  // counted against a limit, and dropping it silently would allow one dose too many.
  void ReadTreatment(const Json& value, const std::string& at) {
    if (!value.is_object()) {
      return WrongType(at, value, "an object {\"drug\", \"time\", \"dose_mg\"}");
    }
    std::optional<core::Drug> drug;
    std::optional<core::UnixSeconds> time;
    std::optional<double> dose_mg;
    bool has_drug = false;
    bool has_time = false;
    bool ok =
        ReadMembers(value, at, [&](const std::string& key, const Json& member, std::string field) {
          if (key == "drug") {
            has_drug = !member.is_null();
            drug = ReadDrug(member, std::move(field));
          } else if (key == "time") {
            has_time = !member.is_null();
            time = ReadTime(member, std::move(field));
          } else if (key == "dose_mg") {
            dose_mg = ReadDoseMg(member, std::move(field));
          } else {
            UnknownField(std::move(field), member);
          }
        });
    if (!has_drug) {
      ok = false;
      Add(ErrorCode::kMissingRequired, at + ".drug", "",
          at + " needs the drug given, one of: " + DrugList());
    }
    if (!has_time) {
      ok = false;
      Add(ErrorCode::kMissingRequired, at + ".time", "",
          at + " needs the time the dose was given (RFC 3339, e.g. 2026-03-01T08:00:00Z): "
               "limits and intervals count from it");
    }
    if (ok && drug && time) context_.given.push_back({*drug, *time, dose_mg});
  }

  // A protocol may choose actions by product, so an unknown product is refused, not ignored.
  void ReadProduct(const Json& value) {
    auto name = ReadString(value, "product");
    if (!name) return;
    context_.product = core::FindProduct(*name);
    if (context_.product) return;
    std::string known;
    for (const core::ProductInfo& info : core::Products()) {
      known += (known.empty() ? "" : ", ") + std::string(info.code);
    }
    Add(ErrorCode::kUnknownCode, "product", EchoText(*name),
        "unknown product \"" + EchoText(*name) + "\"; use one of: " + known +
            " (or the generic or brand name)");
  }

  void ReadCourse(const Json& value) {
    ReadArray(value, "course",
              "an array of earlier assessments, e.g. [{\"time\": \"2026-03-01T08:00:00Z\", "
              "\"crs_grade\": 2, \"icans_grade\": 0, \"fever\": true}]",
              [this](const Json& item, const std::string& at) { ReadCourseGrade(item, at); });
  }

  // One earlier assessment: its time and what the protocol judges improvement and fever from.
  void ReadCourseGrade(const Json& value, const std::string& at) {
    if (!value.is_object()) {
      return WrongType(at, value,
                       "an object {\"time\", \"crs_grade\", \"icans_grade\", \"fever\"}");
    }
    core::CourseGrade entry;
    bool has_time = false;
    bool ok =
        ReadMembers(value, at, [&](const std::string& key, const Json& member, std::string field) {
          if (key == "time") {
            has_time = !member.is_null();
            if (auto time = ReadTime(member, std::move(field))) entry.time = *time;
          } else if (key == "crs_grade") {
            entry.crs_grade = ReadGrade(member, std::move(field));
          } else if (key == "icans_grade") {
            entry.icans_grade = ReadGrade(member, std::move(field));
          } else if (key == "fever") {
            if (!member.is_null() && !member.is_boolean()) {
              WrongType(std::move(field), member, "true or false");
            } else if (member.is_boolean()) {
              entry.fever = member.get<bool>();
            }
          } else {
            UnknownField(std::move(field), member);
          }
        });
    if (!has_time) {
      ok = false;
      Add(ErrorCode::kMissingRequired, at + ".time", "",
          at + " needs the time of the assessment (RFC 3339): improvement is judged by it");
    }
    if (ok) context_.course.push_back(entry);
  }

  std::optional<int> ReadGrade(const Json& value, std::string field) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number_integer() && !value.is_number_unsigned()) {
      WrongType(std::move(field), value, "a whole-number grade from 0 to 5");
      return std::nullopt;
    }
    const auto grade = value.get<long long>();
    if (grade < 0 || grade > 5) {
      Add(ErrorCode::kOutOfRange, std::move(field), ValueText(value),
          "a grade is 0 to 5, got " + ValueText(value));
      return std::nullopt;
    }
    return static_cast<int>(grade);
  }

  std::optional<core::Drug> ReadDrug(const Json& value, std::string field) {
    auto code = ReadString(value, field);
    if (!code) return std::nullopt;
    std::optional<core::Drug> drug = core::FindDrug(*code);
    if (!drug) {
      std::string message = "unknown drug \"" + EchoText(*code) + "\"; use one of: " + DrugList();
      Add(ErrorCode::kUnknownCode, std::move(field), EchoText(*code), std::move(message));
    }
    return drug;
  }

  core::PatientContext context_;
};

}  // namespace

ContextParse ParseContextJson(std::string_view json_text) {
  ContextParse parse;
  Json root;
  if (!json_strict::ParseTree(json_text, root, parse.errors, "a context needs three")) {
    return parse;
  }
  if (!root.is_object()) {
    parse.errors.clear();
    parse.errors.push_back(
        MakeError(ErrorCode::kMalformedJson, "", ValueText(root),
                  "a context must be a JSON object, got " + std::string(TypeName(root))));
    return parse;
  }
  ContextReader reader(parse.errors);
  core::PatientContext context = reader.Read(root);
  if (parse.errors.empty()) parse.context = std::move(context);
  return parse;
}

}  // namespace cartwatch::adapters
