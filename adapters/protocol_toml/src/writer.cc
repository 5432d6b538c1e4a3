// A protocol as JSON and as a readable table, for `cartwatch protocol show`.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters {
namespace {

using Json = nlohmann::ordered_json;
using text::Plain;

Json Optional(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }
Json Optional(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }
Json OrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json DoseToJson(const core::Dose& dose) {
  Json bands = Json::array();
  for (const core::WeightBand& band : dose.bands) {
    bands.push_back({{"below_kg", band.below_kg}, {"mg_per_kg", band.mg_per_kg}});
  }
  Json age_bands = Json::array();
  for (const core::AgeBand& band : dose.age_bands) {
    age_bands.push_back({{"below_years", band.below_years},
                         {"mg_per_kg", band.mg_per_kg},
                         {"max_mg", Optional(band.max_mg)},
                         {"unconfirmed", band.unconfirmed}});
  }
  return {{"fixed_mg", Optional(dose.fixed_mg)}, {"mg_per_kg", Optional(dose.mg_per_kg)},
          {"bands", std::move(bands)},           {"max_mg", Optional(dose.max_mg)},
          {"round_to_mg", dose.round_to_mg},     {"route", dose.route},
          {"frequency", dose.frequency},         {"age_bands", std::move(age_bands)}};
}

Json RangeToJson(const std::optional<core::Range>& range) {
  if (!range) return nullptr;
  return {{"at_least", Optional(range->at_least)},
          {"above", Optional(range->above)},
          {"below", Optional(range->below)},
          {"at_most", Optional(range->at_most)}};
}

template <typename Code>
Json CodedToJson(const std::optional<core::CodedCondition<Code>>& condition) {
  if (!condition) return nullptr;
  if (condition->match == core::FindingMatch::kPresent) return "present";
  if (condition->match == core::FindingMatch::kAbsent) return "absent";
  Json codes = Json::array();
  for (Code code : condition->codes) codes.push_back(core::TermOf(code).code);
  return codes;
}

Json ConditionsToJson(const core::Conditions& when) {
  Json concurrent = nullptr;
  if (when.concurrent) concurrent = {when.concurrent->min, when.concurrent->max};
  Json products = Json::array();
  for (core::Product product : when.products) products.push_back(core::Describe(product).code);
  return {{"concurrent_grades", std::move(concurrent)},
          {"seizure", CodedToJson(when.seizure)},
          {"motor", CodedToJson(when.motor)},
          {"icp", CodedToJson(when.icp)},
          {"hypotension", when.hypotension ? Json(*when.hypotension) : Json(nullptr)},
          {"products", std::move(products)},
          {"age_years", RangeToJson(when.age_years)},
          {"weight_kg", RangeToJson(when.weight_kg)},
          {"hours_since_infusion", RangeToJson(when.hours_since_infusion)},
          {"fever_hours", RangeToJson(when.fever_hours)}};
}

Json TriggerToJson(const core::Trigger& trigger) {
  Json after = nullptr;
  if (trigger.after_drug) {
    after = {{"drug", core::Describe(*trigger.after_drug).code},
             {"doses", trigger.after_doses},
             {"hours", trigger.after_hours}};
  }
  return {{"syndrome", core::CodeOf(trigger.syndrome)},
          {"min_grade", trigger.min_grade},
          {"max_grade", trigger.max_grade},
          {"when", ConditionsToJson(trigger.when)},
          {"after", std::move(after)}};
}

Json AlternativesToJson(const std::vector<core::Drug>& drugs) {
  Json codes = Json::array();
  for (core::Drug drug : drugs) codes.push_back(core::Describe(drug).code);
  return codes;
}

Json ActionToJson(const core::ProtocolAction& action) {
  Json regimen = Json::array();
  for (const core::RegimenStep& step : action.regimen) {
    Json entry = DoseToJson(step.dose);
    entry["every_hours"] = step.every_hours;
    entry["doses"] = Optional(step.doses);
    entry["until_grade"] = Optional(step.until_grade);
    regimen.push_back(std::move(entry));
  }
  Json json = {{"rule", action.rule}, {"source", action.source}};
  json.update(TriggerToJson(action.trigger));
  json.update(Json{{"kind", core::CodeOf(action.kind)},
                   {"drug", action.drug ? Json(core::Describe(*action.drug).code) : Json(nullptr)},
                   {"alternatives", AlternativesToJson(action.alternatives)},
                   {"dose", action.dose ? DoseToJson(*action.dose) : Json(nullptr)},
                   {"regimen", std::move(regimen)},
                   {"text", action.text},
                   {"instead_when_limited", OrNull(action.instead_when_limited)},
                   {"unconfirmed", action.unconfirmed}});
  return json;
}

Json EscalationToJson(const core::Escalation& escalation) {
  Json json = {{"rule", escalation.rule}, {"source", escalation.source}};
  json.update(TriggerToJson(escalation.trigger));
  json.update(Json{{"manage_as", escalation.manage_as},
                   {"text", escalation.text},
                   {"unconfirmed", escalation.unconfirmed}});
  return json;
}

std::string Number(double value) { return core::ShortestText(value); }

// "tocilizumab 8 mg/kg (12 mg/kg under 30 kg), max 800 mg, rounded to 1 mg; IV; every 8 h".
std::string DoseText(const core::Dose& dose) {
  std::string text;
  if (dose.fixed_mg) {
    text += Number(*dose.fixed_mg) + " mg";
  } else if (dose.mg_per_kg) {
    text += Number(*dose.mg_per_kg) + " mg/kg";
    for (const core::WeightBand& band : dose.bands) {
      text += " (" + Number(band.mg_per_kg) + " mg/kg under " + Number(band.below_kg) + " kg)";
    }
  }
  if (dose.max_mg) text += ", max " + Number(*dose.max_mg) + " mg";
  if (dose.mg_per_kg) text += ", rounded to " + Number(dose.round_to_mg) + " mg";
  text += "; " + Plain(dose.route);
  if (!dose.frequency.empty()) text += "; " + Plain(dose.frequency);
  for (const core::AgeBand& band : dose.age_bands) {
    text += "; under " + Number(band.below_years) + " years: " + Number(band.mg_per_kg) + " mg/kg";
    if (band.max_mg) text += ", max " + Number(*band.max_mg) + " mg";
    if (band.unconfirmed) text += " (UNCONFIRMED)";
  }
  return text;
}

std::string RangeText(const std::optional<core::Range>& range, std::string_view what,
                      std::string_view unit) {
  return range ? std::string(what) + " " + core::DescribeRange(*range, unit) : "";
}

template <typename Code>
std::string CodedText(const std::optional<core::CodedCondition<Code>>& condition,
                      std::string_view what) {
  if (!condition) return "";
  switch (condition->match) {
    case core::FindingMatch::kPresent:
      return std::string(what) + " present";
    case core::FindingMatch::kAbsent:
      return "no " + std::string(what);
    case core::FindingMatch::kAnyOf:
      break;
  }
  std::string codes;
  for (Code code : condition->codes) {
    codes += (codes.empty() ? "" : " or ") + std::string(core::TermOf(code).display);
  }
  return std::string(what) + ": " + codes;
}

std::string Conditions(const core::Trigger& trigger) {
  const std::string other(core::TermOf(trigger.syndrome == core::Syndrome::kCrs
                                           ? core::Syndrome::kIcans
                                           : core::Syndrome::kCrs)
                              .display);
  std::vector<std::string> parts;
  const core::Conditions& when = trigger.when;
  if (when.concurrent) {
    const core::GradeRange range = *when.concurrent;
    if (range.max == 0) {
      parts.push_back("only without " + other);
    } else if (range.min >= 1 && range.max >= 4) {
      parts.push_back(
          "only with " + other +
          (range.min == 1 ? " present" : " grade " + std::to_string(range.min) + " or more"));
    } else {
      parts.push_back("only with " + other + " grade " + std::to_string(range.min) + " to " +
                      std::to_string(range.max));
    }
  }
  parts.push_back(CodedText(when.seizure, "seizure"));
  parts.push_back(CodedText(when.motor, "motor finding"));
  parts.push_back(CodedText(when.icp, "signs of raised ICP"));
  if (when.hypotension) parts.push_back(*when.hypotension ? "hypotension" : "no hypotension");
  if (!when.products.empty()) {
    std::string products;
    for (core::Product product : when.products) {
      products += (products.empty() ? "" : ", ") + std::string(core::Describe(product).code);
    }
    parts.push_back("product " + products);
  }
  parts.push_back(RangeText(when.age_years, "age", "years"));
  parts.push_back(RangeText(when.weight_kg, "weight", "kg"));
  parts.push_back(RangeText(when.hours_since_infusion, "time since infusion", "h"));
  parts.push_back(RangeText(when.fever_hours, "fever for", "h"));
  if (trigger.after_drug) {
    std::string text = "only once " + std::to_string(trigger.after_doses) + " dose" +
                       (trigger.after_doses == 1 ? " of " : "s of ") +
                       std::string(core::Describe(*trigger.after_drug).code) +
                       (trigger.after_doses == 1 ? " has" : " have") + " been given";
    if (trigger.after_hours > 0) {
      text += " (the first at least " + Number(trigger.after_hours) + " h before)";
    }
    parts.push_back(text + " and the grade has not improved since the first");
  }
  std::string text;
  for (const std::string& part : parts) {
    if (!part.empty()) text += (text.empty() ? "" : "; ") + part;
  }
  return text;
}

void AppendAction(std::string& out, int number, const core::ProtocolAction& action) {
  out += "  " + std::to_string(number) + ". " + std::string(core::CodeOf(action.kind)) + ": " +
         Plain(action.text) + "\n";
  if (action.drug) {
    out += "     drug: " + std::string(core::Describe(*action.drug).code);
    if (action.dose) out += " " + DoseText(*action.dose);
    if (action.kind == core::ActionKind::kDrug && !action.dose && action.regimen.empty()) {
      out += " (dose in the text)";
    }
    for (core::Drug alternative : action.alternatives) {
      out += "; or " + std::string(core::Describe(alternative).code) + " (dose in the text)";
    }
    out += "\n";
  }
  for (std::size_t i = 0; i < action.regimen.size(); ++i) {
    const core::RegimenStep& step = action.regimen[i];
    out += "     step " + std::to_string(i + 1) + ": " + DoseText(step.dose) + "; every " +
           Number(step.every_hours) + " h";
    if (step.doses) out += ", " + std::to_string(*step.doses) + " doses";
    if (step.until_grade) out += ", until grade " + std::to_string(*step.until_grade);
    out += "\n";
  }
  if (const std::string when = Conditions(action.trigger); !when.empty()) {
    out += "     when: " + when + "\n";
  }
  if (!action.instead_when_limited.empty()) {
    out += "     when a limit blocks it: " + Plain(action.instead_when_limited) + " instead\n";
  }
  out += "     [" + Plain(action.rule) + "; " + Plain(action.source) + "]";
  if (action.unconfirmed) out += " UNCONFIRMED";
  out += "\n";
}

std::string LimitText(const core::DrugLimit& limit) {
  std::string text;
  auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (limit.max_doses_per_24h) {
    add("at most " + std::to_string(*limit.max_doses_per_24h) + " doses in any 24 h");
  }
  if (limit.max_doses_total) {
    add("at most " + std::to_string(*limit.max_doses_total) + " doses in the episode");
  }
  if (limit.min_interval_hours) {
    add("at least " + Number(*limit.min_interval_hours) + " h between doses");
  }
  return text;
}

}  // namespace

std::string ProtocolToJson(const core::Protocol& protocol) {
  Json sources = Json::array();
  for (const core::ProtocolSource& source : protocol.sources) {
    sources.push_back({{"key", source.key}, {"citation", source.citation}});
  }
  Json limits = Json::array();
  for (const core::DrugLimit& limit : protocol.limits) {
    limits.push_back({{"drug", core::Describe(limit.drug).code},
                      {"rule", limit.rule},
                      {"source", limit.source},
                      {"max_doses_per_24h", Optional(limit.max_doses_per_24h)},
                      {"max_doses_total", Optional(limit.max_doses_total)},
                      {"min_interval_hours", Optional(limit.min_interval_hours)},
                      {"unconfirmed", limit.unconfirmed}});
  }
  Json actions = Json::array();
  for (const core::ProtocolAction& action : protocol.actions) {
    actions.push_back(ActionToJson(action));
  }
  Json escalations = Json::array();
  for (const core::Escalation& escalation : protocol.escalations) {
    escalations.push_back(EscalationToJson(escalation));
  }
  const Json document = {
      {"schema", kProtocolSchema},
      {"id", protocol.id},
      {"version", protocol.version},
      {"title", protocol.title},
      {"weight_limits", {{"min_kg", protocol.min_weight_kg}, {"max_kg", protocol.max_weight_kg}}},
      {"sources", std::move(sources)},
      {"limits", std::move(limits)},
      {"actions", std::move(actions)},
      {"escalations", std::move(escalations)}};
  // toml++ has already refused text that is not UTF-8; replace keeps dump() from throwing anyway.
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ProtocolCheckToJson(std::string_view file, const core::Protocol& protocol) {
  int unconfirmed = 0;
  for (const core::ProtocolAction& action : protocol.actions) unconfirmed += action.unconfirmed;
  for (const core::DrugLimit& limit : protocol.limits) unconfirmed += limit.unconfirmed;
  for (const core::Escalation& escalation : protocol.escalations) {
    unconfirmed += escalation.unconfirmed;
  }
  const Json document = {{"file", file},
                         {"ok", true},
                         {"id", protocol.id},
                         {"version", protocol.version},
                         {"title", protocol.title},
                         {"actions", protocol.actions.size()},
                         {"limits", protocol.limits.size()},
                         {"escalations", protocol.escalations.size()},
                         {"unconfirmed", unconfirmed}};
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ProtocolToText(const core::Protocol& protocol) {
  std::string out = "Protocol " + Plain(protocol.id) + " version " + Plain(protocol.version) +
                    ": " + Plain(protocol.title) + "\n";
  out += "Sources:\n";
  for (const core::ProtocolSource& source : protocol.sources) {
    out += "  " + Plain(source.key) + ": " + Plain(source.citation) + "\n";
  }
  out += "Weight-based doses need a weight from " + Number(protocol.min_weight_kg) + " to " +
         Number(protocol.max_weight_kg) + " kg; otherwise no dose is computed.\n";
  if (!protocol.limits.empty()) {
    out += "Limits:\n";
    for (const core::DrugLimit& limit : protocol.limits) {
      out += "  " + std::string(core::Describe(limit.drug).code) + ": " + LimitText(limit) + " [" +
             Plain(limit.rule) + "; " + Plain(limit.source) + "]" +
             (limit.unconfirmed ? " UNCONFIRMED" : "") + "\n";
    }
  }
  out +=
      "Actions by grade, in the order they are considered; of several actions giving the same "
      "drug, the first that applies is used.\n";
  for (core::Syndrome syndrome : {core::Syndrome::kCrs, core::Syndrome::kIcans}) {
    int top_grade = 4;
    for (const core::ProtocolAction& action : protocol.actions) {
      if (action.trigger.syndrome == syndrome) {
        top_grade = std::max(top_grade, std::min(action.trigger.max_grade, 5));
      }
    }
    for (int grade = 1; grade <= top_grade; ++grade) {
      out += "\n" + std::string(core::TermOf(syndrome).display) + " grade " +
             std::to_string(grade) + "\n";
      int number = 0;
      for (const core::ProtocolAction& action : protocol.actions) {
        const core::Trigger& trigger = action.trigger;
        if (trigger.syndrome != syndrome || grade < trigger.min_grade ||
            grade > trigger.max_grade) {
          continue;
        }
        AppendAction(out, ++number, action);
      }
      if (number == 0) out += "  (no action)\n";
      for (const core::Escalation& escalation : protocol.escalations) {
        const core::Trigger& trigger = escalation.trigger;
        if (trigger.syndrome != syndrome || grade < trigger.min_grade ||
            grade > trigger.max_grade) {
          continue;
        }
        out += "  escalation: manage as grade " + std::to_string(escalation.manage_as) + ": " +
               Plain(escalation.text) + "\n     when: " + Conditions(trigger) + "\n     [" +
               Plain(escalation.rule) + "; " + Plain(escalation.source) + "]" +
               (escalation.unconfirmed ? " UNCONFIRMED" : "") + "\n";
      }
    }
  }
  out += "\nDecision support: a clinician decides.\n";
  return out;
}

}  // namespace cartwatch::adapters
