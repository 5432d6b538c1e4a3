// Writers of grading results (cartwatch.grading/1, docs/grading-output.md) and of refusals.
//
// The JSON is written by hand rather than through a DOM: one line per record is the hot path of
// batch grading, and the shape is fixed. Strings are escaped by json_strict.h, including
// replacement of invalid UTF-8, so the output is always valid JSON whatever an adapter put in
// patient_id.
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/json_strict.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters {
namespace {

constexpr std::string_view kSystem = "ASTCT-2019";

using json_strict::AppendField;
using json_strict::AppendJsonString;
using json_strict::AppendKey;
using json_strict::FormatNumber;
using text::AppendPlain;

// One decimal, as thermometers show. Used only for temperatures at or above the fever
// threshold, where rounding cannot make a value look like it is on the other side of 38.0.
std::string FormatFeverCelsius(double value) {
  char buffer[32];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
  return ec == std::errc() ? std::string(buffer, end) : FormatNumber(value);
}

void AppendSyndromeCommon(std::string& out, const core::SyndromeGrading& grading,
                          std::string_view system = kSystem) {
  AppendField(out, "system", system);
  out += ',';
  AppendField(out, "assessed", grading.assessed);
  out += ',';
  AppendKey(out, "grade");
  out += grading.assessed ? std::to_string(grading.grade) : "null";
  out += ',';
  // Nothing recorded: there is no grade to bound, so both bounds are unknown too.
  if (grading.assessed) {
    AppendField(out, "lower_bound", grading.lower_bound());
    out += ',';
    AppendField(out, "max_possible_grade", grading.max_possible_grade);
  } else {
    AppendKey(out, "lower_bound");
    out += "null,";
    AppendKey(out, "max_possible_grade");
    out += "null";
  }
}

void AppendSyndromeLists(std::string& out, const core::SyndromeGrading& grading) {
  AppendKey(out, "drivers");
  out += '[';
  bool first = true;
  for (const core::RuleInfo* rule : grading.drivers()) {
    if (!first) out += ',';
    first = false;
    out += '{';
    AppendField(out, "rule", rule->id);
    out += ',';
    AppendField(out, "grade", rule->grade);
    out += ',';
    AppendField(out, "source", core::Describe(rule->source).key);
    out += ',';
    AppendField(out, "locator", rule->locator);
    out += ',';
    AppendField(out, "text", rule->text);
    out += ',';
    AppendField(out, "unconfirmed", rule->unconfirmed);
    out += '}';
  }
  out += "],";

  AppendKey(out, "missing");
  out += '[';
  first = true;
  for (int i = 0; i < core::kInputIdCount; ++i) {
    const auto id = static_cast<core::InputId>(i);
    if (!grading.missing.Contains(id)) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, core::Describe(id).field);
  }
  out += "],";

  AppendKey(out, "flags");
  out += '[';
  first = true;
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (!grading.flags.Contains(id)) continue;
    const core::FlagInfo& flag = core::Describe(id);
    if (!first) out += ',';
    first = false;
    out += '{';
    AppendField(out, "code", flag.code);
    out += ',';
    AppendField(out, "text", flag.text);
    out += ',';
    AppendField(out, "source", core::Describe(flag.source).key);
    out += ',';
    AppendField(out, "locator", flag.locator);
    out += ',';
    AppendField(out, "unconfirmed", flag.unconfirmed);
    out += '}';
  }
  out += ']';
}

// ---- plain text ----------------------------------------------------------------------------

std::string VasopressorList(const core::VasopressorSet& set, bool include_vasopressin) {
  std::string list;
  for (const auto& term : core::Terms(core::Vasopressor{})) {
    if (!set.Contains(term.value)) continue;
    if (term.value == core::Vasopressor::kVasopressin && !include_vasopressin) continue;
    if (!list.empty()) list += ", ";
    list += term.display;
  }
  return list;
}

std::string OxygenText(const core::Assessment& assessment) {
  if (!assessment.oxygen) return "oxygen";
  const core::OxygenSupport& oxygen = *assessment.oxygen;
  std::string text = "oxygen: " + std::string(core::TermOf(oxygen.device).display);
  if (oxygen.flow_l_per_min) text += " at " + FormatNumber(*oxygen.flow_l_per_min) + " L/min";
  return text;
}

std::string IceText(const core::IcansGrading& grading) {
  if (grading.ice_score) return "ICE " + std::to_string(*grading.ice_score) + "/10";
  if (grading.ice_min && grading.ice_max) {
    return "ICE " + std::to_string(*grading.ice_min) + "-" + std::to_string(*grading.ice_max) +
           "/10 (incomplete)";
  }
  return "ICE";
}

// What the record says that made `rule` apply, in plain words; the rule text when the rule id
// is not one this writer knows (a new table row still prints something true).
// The words of one driver, from what the grader read (`crs` for CRS rules, `icans` for ICANS).
std::string DriverText(const core::RuleInfo& rule, const core::Assessment& assessment,
                       const core::CrsReading* crs, const core::IcansGrading* icans) {
  const std::string_view id = rule.id;
  const core::NeuroAssessment& neuro = assessment.neuro;
  if (id == "ASTCT2019.CRS.FEVER" && assessment.temperature_celsius &&
      *assessment.temperature_celsius >= core::kFeverThresholdCelsius) {
    return "fever " + FormatFeverCelsius(*assessment.temperature_celsius) +
           " \u00B0C (>= " + FormatFeverCelsius(core::kFeverThresholdCelsius) + ")";
  }
  if (id == "ASTCT2019.CRS.FEVER_MASKED") {
    return "afebrile after antipyretic or anti-cytokine therapy (fever no longer required)";
  }
  if (id == "ASTCT2019.CRS.DEATH") return "death from CRS reported";
  if (id == "ASTCT2019.CRS.HYPOTENSION.NO_VASOPRESSOR") return "hypotension without vasopressor";
  if (id.starts_with("ASTCT2019.CRS.HYPOTENSION.") && assessment.vasopressors && crs != nullptr) {
    const core::VasopressorSet& set = *assessment.vasopressors;
    const bool vasopressin = crs->vasopressin;
    const int others = crs->vasopressors_excluding_vasopressin;
    if (crs->VasopressinOnly()) return "vasopressin as the only vasopressor";
    std::string text = (others == 1 ? std::string("one vasopressor: ")
                                    : std::to_string(others) + " vasopressors: ") +
                       VasopressorList(set, false);
    if (vasopressin) text += " (plus vasopressin, not counted)";
    return text;
  }
  if (id.starts_with("ASTCT2019.CRS.HYPOXIA.")) return OxygenText(assessment);
  if (id.starts_with("ASTCT2019.ICANS.ICE.") && icans != nullptr) return IceText(*icans);
  if (id.starts_with("ASTCT2019.ICANS.CAPD.") && icans != nullptr && icans->capd_score) {
    return "CAPD " + std::to_string(*icans->capd_score);
  }
  if (id.starts_with("ASTCT2019.ICANS.CONSCIOUSNESS.") && neuro.consciousness) {
    return std::string(core::TermOf(*neuro.consciousness).display);
  }
  if (id.starts_with("ASTCT2019.ICANS.SEIZURE.") && neuro.seizure) {
    return std::string(core::TermOf(*neuro.seizure).display);
  }
  if (id.starts_with("ASTCT2019.ICANS.MOTOR.") && neuro.motor) {
    return std::string(core::TermOf(*neuro.motor).display);
  }
  if (id == "ASTCT2019.ICANS.DEATH") return "death from ICANS reported";
  return std::string(rule.text);
}

void AppendSyndromeText(std::string& out, std::string_view name,
                        const core::SyndromeGrading& grading, const core::Assessment& assessment,
                        const core::CrsReading* crs, const core::IcansGrading* icans) {
  out += "  ";
  out += name;
  if (!grading.assessed) {
    out += " not assessed (no finding recorded)\n";
  } else {
    // An incomplete grade reads "at least", so the first line alone never understates.
    out += grading.lower_bound() ? " grade at least " : " grade ";
    out += std::to_string(grading.grade) + " (ASTCT 2019)";
    if (icans != nullptr) {
      if (icans->ice_score || (icans->ice_min && icans->ice_max)) out += ", " + IceText(*icans);
      if (icans->capd_score) out += ", CAPD " + std::to_string(*icans->capd_score);
    }
    out += '\n';

    out += "    because: ";
    if (grading.drivers().empty()) out += "no grading criterion met by the recorded findings";
    bool first = true;
    for (const core::RuleInfo* rule : grading.drivers()) {
      if (!first) out += "; ";
      first = false;
      out += DriverText(*rule, assessment, crs, icans);
      out += " [";
      out += rule->id;
      out += ']';
      if (rule->unconfirmed) out += " UNCONFIRMED";
    }
    out += '\n';

    if (!grading.missing.Empty()) {
      out += "    not recorded: ";
      first = true;
      for (int i = 0; i < core::kInputIdCount; ++i) {
        const auto id = static_cast<core::InputId>(i);
        if (!grading.missing.Contains(id)) continue;
        if (!first) out += ", ";
        first = false;
        out += core::Describe(id).display;
      }
      if (grading.lower_bound()) {
        out += " \u2014 grade may be higher (up to " + std::to_string(grading.max_possible_grade) +
               ")\n";
      } else {
        out += " (would not change the grade)\n";
      }
    }
  }
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (!grading.flags.Contains(id)) continue;
    const core::FlagInfo& flag = core::Describe(id);
    out += "    note: ";
    out += flag.text;
    out += " [";
    out += flag.code;
    out += ']';
    if (flag.unconfirmed) out += " UNCONFIRMED";
    out += '\n';
  }
}

// Whether the older systems were asked for: only then is there a per-system section.
bool HasOlderSystem(std::span<const SystemCrsGrading> by_system) {
  for (const SystemCrsGrading& entry : by_system) {
    if (entry.system != core::GradingSystem::kAstct2019) return true;
  }
  return false;
}

// One line: "Lee 2014: grade at least 2 (up to 3; not recorded: FiO2 ...) by RULE, ...; notes:
// code, ...". UNCONFIRMED follows each rule or note not yet verified.
void AppendSystemLine(std::string& out, const SystemCrsGrading& entry) {
  const core::SyndromeGrading& grading = entry.crs;
  out += "    ";
  out += core::Describe(entry.system).name;
  out += ": ";
  if (!grading.assessed) {
    out += "not assessed (no finding recorded)\n";
    return;
  }
  out += grading.lower_bound() ? "grade at least " : "grade ";
  out += std::to_string(grading.grade);
  if (grading.lower_bound()) {
    out += " (up to " + std::to_string(grading.max_possible_grade) + "; not recorded: ";
    bool first = true;
    for (int i = 0; i < core::kInputIdCount; ++i) {
      const auto id = static_cast<core::InputId>(i);
      if (!grading.missing.Contains(id)) continue;
      if (!first) out += ", ";
      first = false;
      out += core::Describe(id).display;
    }
    out += ')';
  }
  bool first = true;
  for (const core::RuleInfo* rule : grading.drivers()) {
    out += first ? " by " : ", ";
    first = false;
    out += rule->id;
    if (rule->unconfirmed) out += " UNCONFIRMED";
  }
  first = true;
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (!grading.flags.Contains(id)) continue;
    const core::FlagInfo& flag = core::Describe(id);
    out += first ? "; notes: " : ", ";
    first = false;
    out += flag.code;
    if (flag.unconfirmed) out += " UNCONFIRMED";
  }
  out += '\n';
}

}  // namespace

std::string GradingToJson(const core::Assessment& assessment, const core::Grading& grading) {
  return GradingToJson(assessment, grading, {});
}

std::string GradingToText(const core::Assessment& assessment, const core::Grading& grading) {
  return GradingToText(assessment, grading, {});
}

std::string GradingToJson(const core::Assessment& assessment, const core::Grading& grading,
                          std::span<const SystemCrsGrading> by_system) {
  std::string out;
  out.reserve(1024);
  out += '{';
  AppendField(out, "schema", kGradingSchema);
  out += ',';
  AppendField(out, "patient_id", assessment.patient_id);
  if (!assessment.time.empty()) {
    out += ',';
    AppendField(out, "time", assessment.time);
  }

  out += ',';
  AppendKey(out, "crs");
  out += '{';
  AppendSyndromeCommon(out, grading.crs);
  out += ',';
  AppendSyndromeLists(out, grading.crs);
  out += "},";

  const core::IcansGrading& icans = grading.icans;
  AppendKey(out, "icans");
  out += '{';
  AppendSyndromeCommon(out, icans);
  out += ',';
  AppendKey(out, "tool");
  if (icans.tool == core::EncephalopathyTool::kUndetermined) {
    out += "null";
  } else {
    AppendJsonString(out, core::TermOf(icans.tool).code);
  }
  if (icans.ice_score) {
    out += ',';
    AppendField(out, "ice_score", *icans.ice_score);
  } else if (icans.ice_min && icans.ice_max) {
    out += ',';
    AppendKey(out, "ice_range");
    out += '[' + std::to_string(*icans.ice_min) + ',' + std::to_string(*icans.ice_max) + ']';
  }
  if (icans.capd_score) {
    out += ',';
    AppendField(out, "capd_score", *icans.capd_score);
  }
  out += ',';
  AppendSyndromeLists(out, icans);
  out += '}';
  if (HasOlderSystem(by_system)) {
    out += ',';
    AppendKey(out, "crs_by_system");
    out += '{';
    bool first = true;
    for (const SystemCrsGrading& entry : by_system) {
      if (!first) out += ',';
      first = false;
      const core::GradingSystemInfo& info = core::Describe(entry.system);
      AppendKey(out, info.key);
      out += '{';
      AppendSyndromeCommon(out, entry.crs, core::Describe(info.source).key);
      out += ',';
      AppendSyndromeLists(out, entry.crs);
      out += '}';
    }
    out += '}';
  }
  out += '}';
  return out;
}

std::string GradingToText(const core::Assessment& assessment, const core::Grading& grading,
                          std::span<const SystemCrsGrading> by_system) {
  std::string out;
  out.reserve(512);
  if (assessment.patient_id.empty()) {
    out += "(no patient id)";
  } else {
    AppendPlain(out, assessment.patient_id);
  }
  if (!assessment.time.empty()) {
    out += ' ';
    AppendPlain(out, assessment.time);
  }
  out += '\n';
  AppendSyndromeText(out, "CRS", grading.crs, assessment, &grading.crs.reading, nullptr);
  AppendSyndromeText(out, "ICANS", grading.icans, assessment, nullptr, &grading.icans);
  if (HasOlderSystem(by_system)) {
    out += "  CRS by system:\n";
    for (const SystemCrsGrading& entry : by_system) AppendSystemLine(out, entry);
  }
  return out;
}

std::string ErrorToJson(std::size_t line, const core::Error& error) {
  std::string out;
  out.reserve(256);
  out += "{\"line\":" + std::to_string(line);
  json_strict::AppendErrorFields(out, error);
  return out;
}

std::string ErrorToText(std::size_t line, const core::Error& error) {
  std::string out = "line " + std::to_string(line) + ": ";
  json_strict::AppendErrorText(out, error);
  return out;
}

namespace {

// The value of a plain finding as JSON.
nlohmann::ordered_json ScalarJson(const core::FindingInfo& info, const core::ScalarValue& value) {
  switch (info.type) {
    case core::ValueType::kNumber:
      return std::get<double>(value);
    case core::ValueType::kInteger:
      return std::get<int>(value);
    case core::ValueType::kBool:
      return std::get<bool>(value);
    case core::ValueType::kCode:
      return std::string(info.codes->code_of(std::get<std::uint8_t>(value)));
  }
  return nullptr;
}

nlohmann::ordered_json::json_pointer PointerOf(std::string_view path) {
  std::string pointer = "/" + std::string(path);
  for (char& c : pointer) {
    if (c == '.') c = '/';
  }
  return nlohmann::ordered_json::json_pointer(pointer);
}

nlohmann::ordered_json Quantity(double value, std::string_view unit) {
  return {{"value", value}, {"unit", std::string(unit)}};
}

}  // namespace

std::string AssessmentToJson(const core::Assessment& assessment) {
  nlohmann::ordered_json out = {{"schema", std::string(kAssessmentSchema)}};
  if (!assessment.patient_id.empty()) out["patient_id"] = assessment.patient_id;
  if (!assessment.time.empty()) out["time"] = assessment.time;
  core::TimelineEntry entry;
  entry.findings = assessment;
  for (const core::FindingInfo& info : core::Findings()) {
    if (info.json_path.empty()) continue;
    const auto pointer = PointerOf(info.json_path);
    switch (info.shape) {
      case core::Shape::kScalar:
      case core::Shape::kTemperature:
        if (const std::optional<core::ScalarValue> value = info.access.get(entry)) {
          out[pointer] = info.json_quantity ? Quantity(std::get<double>(*value), info.unit)
                                            : ScalarJson(info, *value);
        }
        break;
      case core::Shape::kVasopressorDose: {
        const core::VasopressorDose& dose =
            assessment.legacy
                .vasopressor_doses[static_cast<std::size_t>(core::VasopressorOf(info.id))];
        if (dose.dose) out[pointer] = Quantity(*dose.dose, info.unit);
        if (dose.hours_running)
          out[pointer.parent_pointer() / "hours_running"] = *dose.hours_running;
        break;
      }
      case core::Shape::kVasopressorsNone:  // the whole set: the agents running
        if (assessment.vasopressors) {
          out[pointer] = nlohmann::ordered_json::array();
          for (const core::Term<core::Vasopressor>& term : core::Terms(core::Vasopressor{})) {
            if (assessment.vasopressors->Contains(term.value)) out[pointer].push_back(term.code);
          }
        }
        break;
      case core::Shape::kIcpSign:
        if (assessment.neuro.icp) {
          out[pointer] = nlohmann::ordered_json::array();
          for (const core::Term<core::IcpFinding>& term : core::Terms(core::IcpFinding{})) {
            if (assessment.neuro.icp->Contains(term.value)) out[pointer].push_back(term.code);
          }
        }
        break;
      case core::Shape::kTreatment:
        break;  // not part of an assessment
    }
  }
  // Derived by the timeline from the bolus events, or given as such.
  if (assessment.legacy.fluid_boluses) out["fluid_boluses_24h"] = *assessment.legacy.fluid_boluses;
  return out.dump();
}

}  // namespace cartwatch::adapters
