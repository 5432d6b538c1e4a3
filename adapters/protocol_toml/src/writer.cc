// A protocol as JSON and as a readable table, for `cartwatch protocol show`.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

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
  return {{"fixed_mg", Optional(dose.fixed_mg)}, {"mg_per_kg", Optional(dose.mg_per_kg)},
          {"bands", std::move(bands)},           {"max_mg", Optional(dose.max_mg)},
          {"round_to_mg", dose.round_to_mg},     {"route", dose.route},
          {"frequency", dose.frequency}};
}

Json ActionToJson(const core::ProtocolAction& action) {
  const core::Trigger& trigger = action.trigger;
  Json after = nullptr;
  if (trigger.after_drug) {
    after = {{"drug", core::Describe(*trigger.after_drug).code},
             {"doses", trigger.after_doses},
             {"hours", trigger.after_hours}};
  }
  return {{"rule", action.rule},
          {"source", action.source},
          {"syndrome", core::CodeOf(trigger.syndrome)},
          {"min_grade", trigger.min_grade},
          {"max_grade", trigger.max_grade},
          {"other", core::TermOf(trigger.other).code},
          {"after", std::move(after)},
          {"kind", core::CodeOf(action.kind)},
          {"drug", action.drug ? Json(core::Describe(*action.drug).code) : Json(nullptr)},
          {"dose", action.dose ? DoseToJson(*action.dose) : Json(nullptr)},
          {"text", action.text},
          {"instead_when_limited", OrNull(action.instead_when_limited)},
          {"unconfirmed", action.unconfirmed}};
}

std::string Number(double value) { return core::ShortestText(value); }

// "tocilizumab 8 mg/kg (12 mg/kg under 30 kg), max 800 mg, rounded to 1 mg; IV; every 8 h".
std::string DoseText(const core::ProtocolAction& action) {
  const core::Dose& dose = *action.dose;
  std::string text = std::string(core::Describe(*action.drug).code) + " ";
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
  return text;
}

std::string Conditions(const core::ProtocolAction& action) {
  const core::Trigger& trigger = action.trigger;
  const std::string other(core::TermOf(trigger.syndrome == core::Syndrome::kCrs
                                           ? core::Syndrome::kIcans
                                           : core::Syndrome::kCrs)
                              .display);
  std::string text;
  if (trigger.other == core::OtherSyndrome::kPresent) text = "only with " + other + " present";
  if (trigger.other == core::OtherSyndrome::kAbsent) text = "only without " + other;
  if (trigger.after_drug) {
    if (!text.empty()) text += "; ";
    text += "only once " + std::to_string(trigger.after_doses) + " dose" +
            (trigger.after_doses == 1 ? " of " : "s of ") +
            std::string(core::Describe(*trigger.after_drug).code) +
            (trigger.after_doses == 1 ? " has" : " have") + " been given";
    if (trigger.after_hours > 0) {
      text += " (the first at least " + Number(trigger.after_hours) + " h before)";
    }
    text += " and the grade has not improved";
  }
  return text;
}

void AppendAction(std::string& out, int number, const core::ProtocolAction& action) {
  out += "  " + std::to_string(number) + ". " + std::string(core::CodeOf(action.kind)) + ": " +
         Plain(action.text) + "\n";
  if (action.dose) out += "     dose: " + DoseText(action) + "\n";
  if (const std::string when = Conditions(action); !when.empty()) {
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
  const Json document = {
      {"schema", kProtocolSchema},
      {"id", protocol.id},
      {"version", protocol.version},
      {"title", protocol.title},
      {"weight_limits", {{"min_kg", protocol.min_weight_kg}, {"max_kg", protocol.max_weight_kg}}},
      {"sources", std::move(sources)},
      {"limits", std::move(limits)},
      {"actions", std::move(actions)}};
  // toml++ has already refused text that is not UTF-8; replace keeps dump() from throwing anyway.
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ProtocolCheckToJson(std::string_view file, const core::Protocol& protocol) {
  int unconfirmed = 0;
  for (const core::ProtocolAction& action : protocol.actions) unconfirmed += action.unconfirmed;
  for (const core::DrugLimit& limit : protocol.limits) unconfirmed += limit.unconfirmed;
  const Json document = {{"file", file},
                         {"ok", true},
                         {"id", protocol.id},
                         {"version", protocol.version},
                         {"title", protocol.title},
                         {"actions", protocol.actions.size()},
                         {"limits", protocol.limits.size()},
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
    }
  }
  out += "\nDecision support: a clinician decides.\n";
  return out;
}

}  // namespace cartwatch::adapters
