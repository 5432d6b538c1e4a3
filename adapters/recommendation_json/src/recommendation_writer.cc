// Writers of recommendations (cartwatch.recommendation/1, docs/recommendation-output.md) and of
// refusals of whole files.
//
// Written by hand like the grading writer: the shape is fixed, and json_strict.h escapes every
// string (invalid UTF-8 becomes U+FFFD), so protocol texts cannot break the JSON.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/json_strict.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/time.h"

namespace cartwatch::adapters {
namespace {

using json_strict::AppendField;
using json_strict::AppendJsonString;
using json_strict::AppendKey;
using json_strict::FormatNumber;
using text::AppendPlain;

// The source and UNCONFIRMED mark of the limit or action with id `rule`.
struct RuleOrigin {
  std::string_view source;
  bool unconfirmed = false;
};

RuleOrigin OriginOf(const core::Protocol& protocol, std::string_view rule) {
  for (const core::DrugLimit& limit : protocol.limits) {
    if (limit.rule == rule) return {limit.source, limit.unconfirmed};
  }
  for (const core::ProtocolAction& action : protocol.actions) {
    if (action.rule == rule) return {action.source, action.unconfirmed};
  }
  return {};
}

std::string_view DrugCode(core::Drug drug) { return core::Describe(drug).code; }

std::string_view SafetyRuleCode(core::SafetyRuleId rule) { return core::Describe(rule).info.id; }

void AppendStrings(std::string& out, const std::vector<std::string>& texts) {
  out += '[';
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, texts[i]);
  }
  out += ']';
}

void AppendOptionalString(std::string& out, std::string_view key, std::string_view text) {
  AppendKey(out, key);
  if (text.empty()) {
    out += "null";
  } else {
    AppendJsonString(out, text);
  }
}

void AppendRegimen(std::string& out, const std::optional<core::RegimenProgress>& regimen) {
  AppendKey(out, "regimen");
  if (!regimen) {
    out += "null";
    return;
  }
  out += '{';
  AppendKey(out, "steps");
  AppendStrings(out, regimen->steps);
  out += ',';
  AppendKey(out, "current_step");
  // 1-based for people; past the last step when the regimen is complete.
  out += std::to_string(regimen->current_step + 1);
  out += ',';
  AppendKey(out, "doses_given");
  out += std::to_string(regimen->doses_given);
  out += '}';
}

void AppendAction(std::string& out, const core::RecommendedAction& action) {
  out += '{';
  AppendField(out, "kind", core::CodeOf(action.kind));
  out += ',';
  AppendKey(out, "drug");
  if (action.drug) {
    AppendJsonString(out, DrugCode(*action.drug));
  } else {
    out += "null";
  }
  out += ',';
  AppendOptionalString(out, "rxnorm",
                       action.drug ? core::Describe(*action.drug).rxnorm : std::string_view());
  out += ',';
  AppendKey(out, "alternatives");
  out += '[';
  for (std::size_t i = 0; i < action.alternatives.size(); ++i) {
    if (i > 0) out += ',';
    out += '{';
    AppendField(out, "drug", DrugCode(action.alternatives[i]));
    out += ',';
    AppendOptionalString(out, "rxnorm", core::Describe(action.alternatives[i]).rxnorm);
    out += '}';
  }
  out += "],";
  AppendKey(out, "dose_mg");
  out += action.dose_mg ? FormatNumber(*action.dose_mg) : "null";
  out += ',';
  AppendField(out, "dose_basis", action.dose_basis);
  out += ',';
  AppendField(out, "route", action.route);
  out += ',';
  AppendField(out, "frequency", action.frequency);
  out += ',';
  AppendField(out, "when", action.when);
  out += ',';
  AppendKey(out, "not_before");
  if (action.not_before) {
    AppendJsonString(out, core::FormatRfc3339Utc(*action.not_before));
  } else {
    out += "null";
  }
  out += ',';
  AppendField(out, "rule", action.rule);
  out += ',';
  AppendField(out, "source", action.source);
  out += ',';
  AppendField(out, "text", action.text);
  out += ',';
  AppendField(out, "unconfirmed", action.unconfirmed);
  out += ',';
  AppendKey(out, "conditions");
  AppendStrings(out, action.conditions);
  out += ',';
  AppendOptionalString(out, "escalation", action.escalation);
  out += ',';
  AppendRegimen(out, action.regimen);
  out += '}';
}

void AppendEscalation(std::string& out, const core::AppliedEscalation& escalation) {
  out += '{';
  AppendField(out, "rule", escalation.rule);
  out += ',';
  AppendField(out, "source", escalation.source);
  out += ',';
  AppendField(out, "syndrome", core::CodeOf(escalation.syndrome));
  out += ',';
  AppendKey(out, "grade");
  out += std::to_string(escalation.grade);
  out += ',';
  AppendKey(out, "manage_as");
  out += std::to_string(escalation.manage_as);
  out += ',';
  AppendField(out, "text", escalation.text);
  out += ',';
  AppendKey(out, "conditions");
  AppendStrings(out, escalation.conditions);
  out += ',';
  AppendField(out, "unconfirmed", escalation.unconfirmed);
  out += '}';
}

// ---- plain text ----------------------------------------------------------------------------

std::string_view DrugName(core::Drug drug) { return core::Describe(drug).display; }

void AppendRuleMark(std::string& out, std::string_view rule, bool unconfirmed) {
  out += " [";
  AppendPlain(out, rule);
  out += ']';
  if (unconfirmed) out += " UNCONFIRMED";
}

// "because: ..." with the conditions after the first (the grade, which the line above shows).
void AppendBecause(std::string& out, std::string_view indent,
                   const std::vector<std::string>& conditions) {
  if (conditions.size() <= 1) return;
  out += indent;
  out += "because: ";
  for (std::size_t i = 1; i < conditions.size(); ++i) {
    if (i > 1) out += "; ";
    AppendPlain(out, conditions[i]);
  }
  out += '\n';
}

// Why the action was chosen, and where its regimen stands.
void AppendSelection(std::string& out, const core::RecommendedAction& action) {
  if (!action.alternatives.empty()) {
    out += "     or instead: ";
    for (std::size_t i = 0; i < action.alternatives.size(); ++i) {
      if (i > 0) out += ", ";
      out += DrugName(action.alternatives[i]);
    }
    out += " (dose in the text)\n";
  }
  if (!action.escalation.empty()) {
    out += "     escalation: ";
    AppendPlain(out, action.escalation);
    out += '\n';
  }
  AppendBecause(out, "     ", action.conditions);
  if (action.regimen) {
    for (std::size_t i = 0; i < action.regimen->steps.size(); ++i) {
      const bool current = static_cast<int>(i) == action.regimen->current_step;
      out += current ? "   > step " : "     step ";
      out += std::to_string(i + 1) + ": ";
      AppendPlain(out, action.regimen->steps[i]);
      if (current) out += " (current)";
      out += '\n';
    }
    out += "     doses given: " + std::to_string(action.regimen->doses_given) + '\n';
  }
}

void AppendActionText(std::string& out, int number, const core::RecommendedAction& action) {
  out += "  " + std::to_string(number) + ". ";
  if (action.kind == core::ActionKind::kDrug && action.drug) {
    out += DrugName(*action.drug);
    if (action.dose_mg) {
      out += ' ' + FormatNumber(*action.dose_mg) + " mg";
    } else if (action.dose_basis == core::kDoseInProtocolText) {
      out += ", dose as the text says";
    } else {
      out += ": NO DOSE COMPUTED";
    }
    if (!action.route.empty()) {
      out += ' ';
      AppendPlain(out, action.route);
    }
    out += ", ";
    AppendPlain(out, action.when);
    AppendRuleMark(out, action.rule, action.unconfirmed);
    out += '\n';
    // How the dose was reached and how often, then the protocol's own words.
    if (!action.dose_basis.empty() || !action.frequency.empty()) {
      out += "     dose: ";
      AppendPlain(out, action.dose_basis.empty() ? "as the protocol says" : action.dose_basis);
      if (!action.frequency.empty()) {
        out += "; ";
        AppendPlain(out, action.frequency);
      }
      out += '\n';
    }
    out += "     ";
    AppendPlain(out, action.text);
    out += '\n';
    AppendSelection(out, action);
    return;
  }
  out += core::CodeOf(action.kind);
  out += ": ";
  AppendPlain(out, action.text);
  if (action.when != "now") {
    out += ", ";
    AppendPlain(out, action.when);
  }
  AppendRuleMark(out, action.rule, action.unconfirmed);
  out += '\n';
  AppendSelection(out, action);
}

// What each kind of need asks for, in plain words.
std::string NeedText(std::string_view need) {
  if (need == "weight_kg") {
    return "body weight in kg (--weight, or weight_kg in the context); no weight-based dose is "
           "computed without a plausible weight";
  }
  if (need == "time") {
    return "the time of the assessment; dose limits, intervals and escalation windows count "
           "from it";
  }
  if (need == "course") {
    return "the earlier grades of this episode (course in the context, or earlier assessments of "
           "the patient in the same input); improvement and fever duration are judged from them";
  }
  if (need == "product") return "the CAR-T product (product in the context)";
  if (need == "age_years") return "the patient's age; children's doses and rules differ";
  if (need.starts_with("assessment.")) {
    return "findings not recorded in the assessment; a grade may be higher, and the advice with "
           "it";
  }
  return "";
}

}  // namespace

std::string RecommendationToJson(const core::Recommendation& recommendation,
                                 const core::Protocol& protocol, std::string_view patient_id,
                                 std::string_view time) {
  std::string out;
  out.reserve(2048);
  out += '{';
  AppendField(out, "schema", kRecommendationSchema);
  out += ',';
  if (!patient_id.empty()) {
    AppendField(out, "patient_id", patient_id);
    out += ',';
  }
  if (!time.empty()) {
    AppendField(out, "time", time);
    out += ',';
  }
  AppendKey(out, "protocol");
  out += '{';
  AppendField(out, "id", recommendation.protocol_id);
  out += ',';
  AppendField(out, "version", recommendation.protocol_version);
  out += ',';
  AppendField(out, "title", protocol.title);
  out += "},";
  // A syndrome with no finding recorded has no grade (its findings are listed under needs).
  AppendKey(out, "crs_grade");
  out += recommendation.crs_assessed ? std::to_string(recommendation.crs_grade) : "null";
  out += ',';
  AppendKey(out, "icans_grade");
  out += recommendation.icans_assessed ? std::to_string(recommendation.icans_grade) : "null";
  out += ',';
  AppendField(out, "grades_are_lower_bounds", recommendation.grades_are_lower_bounds);
  out += ',';

  AppendKey(out, "escalations");
  out += '[';
  for (std::size_t i = 0; i < recommendation.escalations.size(); ++i) {
    if (i > 0) out += ',';
    AppendEscalation(out, recommendation.escalations[i]);
  }
  out += "],";

  AppendKey(out, "actions");
  out += '[';
  bool first = true;
  for (const core::RecommendedAction& action : recommendation.actions) {
    if (!first) out += ',';
    first = false;
    AppendAction(out, action);
  }
  out += "],";

  AppendKey(out, "withheld");
  out += '[';
  first = true;
  for (const core::WithheldAction& withheld : recommendation.withheld) {
    if (!first) out += ',';
    first = false;
    const RuleOrigin origin = OriginOf(protocol, withheld.rule);
    out += '{';
    AppendField(out, "drug", DrugCode(withheld.drug));
    out += ',';
    AppendField(out, "reason", withheld.reason);
    out += ',';
    AppendField(out, "rule", withheld.rule);
    out += ',';
    AppendField(out, "source", origin.source);
    out += ',';
    AppendField(out, "unconfirmed", origin.unconfirmed);
    out += ',';
    AppendKey(out, "safety_rule");
    if (withheld.safety_rule) {
      AppendJsonString(out, SafetyRuleCode(*withheld.safety_rule));
    } else {
      out += "null";
    }
    out += '}';
  }
  out += "],";

  AppendKey(out, "needs");
  out += '[';
  first = true;
  for (const std::string& need : recommendation.needs) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, need);
  }
  out += "],";
  AppendKey(out, "needed_by");
  out += '[';
  first = true;
  for (const core::NeedCause& cause : recommendation.needed_by) {
    if (!first) out += ',';
    first = false;
    out += '{';
    AppendField(out, "need", cause.need);
    out += ',';
    AppendField(out, "safety_rule", SafetyRuleCode(cause.safety_rule));
    out += '}';
  }
  out += "],";
  AppendField(out, "decision_support", kDecisionSupport);
  out += '}';
  return out;
}

std::string RecommendationToText(const core::Recommendation& recommendation,
                                 const core::Protocol& protocol) {
  std::string out;
  out.reserve(1024);
  out += "Protocol ";
  AppendPlain(out, recommendation.protocol_id);
  out += " version ";
  AppendPlain(out, recommendation.protocol_version);
  if (!protocol.title.empty()) {
    out += ": ";
    AppendPlain(out, protocol.title);
  }
  out += '\n';

  const char* bound = recommendation.grades_are_lower_bounds ? " at least " : " ";
  const auto grade_text = [bound](bool assessed, int grade) {
    return assessed ? std::string(" grade") + bound + std::to_string(grade)
                    : std::string(" not assessed (no finding recorded; counted as grade 0)");
  };
  out += "CRS" + grade_text(recommendation.crs_assessed, recommendation.crs_grade) + ", ICANS" +
         grade_text(recommendation.icans_assessed, recommendation.icans_grade) + " (ASTCT 2019)";
  if (recommendation.grades_are_lower_bounds) {
    out += "; findings not recorded, the grades may be higher";
  }
  out += '\n';

  bool any_unconfirmed = false;
  for (const core::AppliedEscalation& escalation : recommendation.escalations) {
    out += "Escalation: " +
           std::string(escalation.syndrome == core::Syndrome::kCrs ? "CRS" : "ICANS") + " grade " +
           std::to_string(escalation.grade) + " managed as grade " +
           std::to_string(escalation.manage_as) + ": ";
    AppendPlain(out, escalation.text);
    AppendRuleMark(out, escalation.rule, escalation.unconfirmed);
    out += '\n';
    AppendBecause(out, "  ", escalation.conditions);
    any_unconfirmed = any_unconfirmed || escalation.unconfirmed;
  }
  out += "Actions:\n";
  if (recommendation.actions.empty()) out += "  none from this protocol for these grades\n";
  int number = 0;
  for (const core::RecommendedAction& action : recommendation.actions) {
    AppendActionText(out, ++number, action);
    any_unconfirmed = any_unconfirmed || action.unconfirmed;
  }

  if (!recommendation.withheld.empty()) {
    out += "Withheld:\n";
    for (const core::WithheldAction& withheld : recommendation.withheld) {
      const RuleOrigin origin = OriginOf(protocol, withheld.rule);
      out += "  - ";
      const std::string name(DrugName(withheld.drug));
      out += name;
      out += ": ";
      // Reasons often start with the drug already; say it once.
      std::string_view reason = withheld.reason;
      if (reason.starts_with(name + ": ")) reason.remove_prefix(name.size() + 2);
      AppendPlain(out, reason);
      AppendRuleMark(out, withheld.rule, origin.unconfirmed);
      out += '\n';
      if (withheld.safety_rule) {
        out += "    safety rule: ";
        out += SafetyRuleCode(*withheld.safety_rule);
        out += '\n';
      }
      any_unconfirmed = any_unconfirmed || origin.unconfirmed;
    }
  }

  if (!recommendation.needs.empty()) {
    out += "needs: ";
    bool first = true;
    for (const std::string& need : recommendation.needs) {
      if (!first) out += ", ";
      first = false;
      AppendPlain(out, need);
    }
    out += '\n';
    // One explanation per kind of need: the findings of an assessment share theirs.
    std::vector<std::string> explained;
    for (const std::string& need : recommendation.needs) {
      const std::string kind = need.starts_with("assessment.") ? "assessment.*" : need;
      const std::string text = NeedText(need);
      if (text.empty() || std::find(explained.begin(), explained.end(), kind) != explained.end()) {
        continue;
      }
      explained.push_back(kind);
      out += "  ";
      AppendPlain(out, kind);
      out += ": " + text + '\n';
    }
  }
  if (any_unconfirmed) {
    out +=
        "UNCONFIRMED: marked items rest on values not yet checked against the full source text.\n";
  }
  out += "Decision support: a clinician decides.\n";
  return out;
}

std::string FileErrorToJson(std::string_view file, const core::Error& error) {
  std::string out;
  out.reserve(256);
  out += '{';
  AppendField(out, "file", file);
  json_strict::AppendErrorFields(out, error);
  return out;
}

std::string FileErrorToText(std::string_view file, const core::Error& error) {
  std::string out;
  AppendPlain(out, file);
  out += ": ";
  json_strict::AppendErrorText(out, error);
  return out;
}

}  // namespace cartwatch::adapters
