#include "cartwatch/core/protocol.h"

#include <array>
#include <set>
#include <string>

#include "cartwatch/core/cutoff.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/vocabulary.h"
#include "enum_order.h"

namespace cartwatch::core {
namespace {

// fever_masking: ASTCT 2019 CRS grading table footnote (kFeverMaskingLocator). rxnorm: only the
// RXCUIs checked against a public code list (docs/clinical/management.md, "Drug codes"); the others
// stay empty rather than be guessed.
constexpr std::array<DrugInfo, kDrugCount> kDrugs{{
    {Drug::kTocilizumab, "tocilizumab", "tocilizumab", true, false, FeverMasking::kAntiCytokine,
     "612865"},
    {Drug::kSiltuximab, "siltuximab", "siltuximab", true, false, FeverMasking::kAntiCytokine, ""},
    {Drug::kAnakinra, "anakinra", "anakinra", false, false, FeverMasking::kAntiCytokine, "72435"},
    {Drug::kDexamethasone, "dexamethasone", "dexamethasone", false, true,
     FeverMasking::kAntiCytokine, "3264"},
    {Drug::kMethylprednisolone, "methylprednisolone", "methylprednisolone", false, true,
     FeverMasking::kAntiCytokine, "6902"},
    {Drug::kLevetiracetam, "levetiracetam", "levetiracetam", false, false, FeverMasking::kNone, ""},
    {Drug::kParacetamol, "paracetamol", "paracetamol (acetaminophen)", false, false,
     FeverMasking::kAntipyretic, ""},
    {Drug::kIbuprofen, "ibuprofen", "ibuprofen", false, false, FeverMasking::kAntipyretic, "5640"},
    {Drug::kLorazepam, "lorazepam", "lorazepam (a benzodiazepine)", false, false,
     FeverMasking::kNone, ""},
}};
static_assert(IndexedByEnum(kDrugs, &DrugInfo::drug), "kDrugs must follow the Drug order");

class Checker {
 public:
  explicit Checker(const Protocol& protocol) : protocol_(protocol) {
    for (const ProtocolSource& source : protocol.sources) source_keys_.insert(source.key);
    for (const ProtocolAction& action : protocol.actions) action_rules_.insert(action.rule);
  }

  std::vector<Error> Run() {
    if (protocol_.id.empty()) Fail("id", "the protocol needs an id");
    if (protocol_.version.empty()) Fail("version", "the protocol needs a version");
    if (protocol_.sources.empty()) Fail("sources", "the protocol cites no source");
    if (!(protocol_.min_weight_kg > 0 && protocol_.min_weight_kg < protocol_.max_weight_kg)) {
      Fail("weight_limits", "weight limits need 0 < min_kg < max_kg");
    }
    std::set<std::string> rules;
    std::set<Drug> limited;
    for (const DrugLimit& limit : protocol_.limits) {
      const std::string at = "limits[" + std::string(Describe(limit.drug).code) + "]";
      CheckRuleId(limit.rule, at, rules);
      CheckSource(limit.source, at);
      if (!limited.insert(limit.drug).second) Fail(at, "a second limit for the same drug");
      if (limit.max_doses_per_24h && *limit.max_doses_per_24h < 1) {
        Fail(at + ".max_doses_per_24h", "must be at least 1");
      }
      if (limit.max_doses_total && *limit.max_doses_total < 1) {
        Fail(at + ".max_doses_total", "must be at least 1");
      }
      if (limit.min_interval_hours && !(*limit.min_interval_hours > 0)) {
        Fail(at + ".min_interval_hours", "must be above 0");
      }
    }
    for (const ProtocolAction& action : protocol_.actions) CheckAction(action, rules, limited);
    for (const Escalation& escalation : protocol_.escalations) {
      CheckEscalation(escalation, rules);
    }
    CheckCoverage();
    return std::move(errors_);
  }

 private:
  void Fail(std::string field, std::string message) {
    errors_.push_back({ErrorCode::kInvalidProtocol, std::move(field), "", std::move(message), ""});
  }

  void CheckRuleId(const std::string& rule, const std::string& at, std::set<std::string>& rules) {
    if (rule.empty()) {
      Fail(at + ".rule", "every action and limit needs a rule id");
    } else if (!rules.insert(rule).second) {
      Fail(at + ".rule", "rule id " + rule + " is used twice");
    }
  }

  void CheckSource(const std::string& source, const std::string& at) {
    if (!source_keys_.contains(source)) {
      Fail(at + ".source", "source \"" + source + "\" is not in the protocol's [[sources]]");
    }
  }

  void CheckAction(const ProtocolAction& action, std::set<std::string>& rules,
                   const std::set<Drug>& limited) {
    const std::string at = "actions[" + action.rule + "]";
    CheckRuleId(action.rule, at, rules);
    CheckSource(action.source, at);
    if (action.text.empty()) Fail(at + ".text", "an action needs text for the clinician");
    CheckTrigger(action.trigger, at);
    const bool is_drug = action.kind == ActionKind::kDrug;
    if (is_drug && !action.drug) {
      Fail(at + ".drug", "a drug action needs its drug");
      return;
    }
    if (!is_drug && (action.dose || !action.regimen.empty())) {
      Fail(at + ".dose", "a dose or regimen belongs only to a drug action");
      return;
    }
    if (action.dose && !action.regimen.empty()) {
      Fail(at + ".regimen", "give either a dose or a regimen, not both");
    }
    if (!action.instead_when_limited.empty()) {
      if (!action_rules_.contains(action.instead_when_limited) ||
          action.instead_when_limited == action.rule) {
        Fail(at + ".instead_when_limited",
             "unreachable rule: no other action has the id " + action.instead_when_limited);
      } else if (!action.drug || !limited.contains(*action.drug)) {
        Fail(at + ".instead_when_limited", "has no effect: the action's drug has no [[limits]]");
      }
    }
    if (!action.alternatives.empty() && !action.drug) {
      Fail(at + ".alternatives", "alternatives need the action's own drug");
    }
    for (Drug alternative : action.alternatives) {
      if (alternative == action.drug) {
        Fail(at + ".alternatives", "an alternative cannot be the action's own drug");
      }
      // A prompt's alternatives are named, not given: ASCO 2021 Table 2 footnote lists
      // siltuximab among the options for persistent ICANS. A drug action's are refused.
      if (action.kind == ActionKind::kDrug && Describe(alternative).anti_il6 &&
          action.trigger.syndrome == Syndrome::kIcans &&
          (!action.trigger.when.concurrent || action.trigger.when.concurrent->min < 1)) {
        Fail(at + ".alternatives", std::string(Describe(alternative).code) +
                                       " for ICANS without concurrent CRS: isolated ICANS is "
                                       "not treated with IL-6 blockade");
      }
    }
    if (!action.drug) return;
    // Isolated ICANS: steroids, never IL-6 blockade (ASTCT 2019; ASCO 2021 Table 2, where
    // tocilizumab appears only in the rows with concurrent CRS).
    const std::optional<GradeRange>& concurrent = action.trigger.when.concurrent;
    if (Describe(*action.drug).anti_il6 && action.trigger.syndrome == Syndrome::kIcans &&
        (!concurrent || concurrent->min < 1)) {
      Fail(at + ".drug", std::string(Describe(*action.drug).code) +
                             " for ICANS without concurrent CRS: isolated ICANS is treated with "
                             "corticosteroids, not IL-6 blockade (set when = { concurrent_grades "
                             "= [1, 2, 3, 4] })");
    }
    if (action.dose) CheckDose(*action.dose, at + ".dose");
    CheckRegimen(action.regimen, at + ".regimen");
  }

  void CheckTrigger(const Trigger& trigger, const std::string& at) {
    if (trigger.min_grade < 1 || trigger.max_grade > 5 || trigger.min_grade > trigger.max_grade) {
      Fail(at + ".grades", "unreachable rule: grades must lie within 1..5, lowest first");
    }
    if (trigger.after_drug && trigger.after_doses < 1) {
      Fail(at + ".after.doses", "unreachable rule: after.doses must be at least 1");
    }
    if (trigger.after_drug && trigger.after_hours < 0) {
      Fail(at + ".after.hours", "after.hours cannot be negative");
    }
    const Conditions& when = trigger.when;
    if (when.concurrent && (when.concurrent->min < 0 || when.concurrent->max > 5 ||
                            when.concurrent->min > when.concurrent->max)) {
      Fail(at + ".when.concurrent_grades",
           "unreachable rule: concurrent grades must lie within 0..5, lowest first");
    }
    const std::pair<const std::optional<Range>*, const char*> ranges[] = {
        {&when.age_years, "age_years"},
        {&when.weight_kg, "weight_kg"},
        {&when.hours_since_infusion, "hours_since_infusion"},
        {&when.fever_hours, "fever_hours"}};
    for (const auto& [range, key] : ranges) {
      if (*range) CheckRange(**range, at + ".when." + key);
    }
  }

  void CheckRange(const Range& range, const std::string& at) {
    if (!range.HasBound()) Fail(at, "a range needs at_least, above, below or at_most");
    if ((range.at_least && range.above) || (range.below && range.at_most)) {
      Fail(at, "a range has one lower bound (at_least or above) and one upper (below or at_most)");
    }
    const std::optional<double> low = range.at_least ? range.at_least : range.above;
    const std::optional<double> high = range.below ? range.below : range.at_most;
    if (low && high && !(*low < *high)) {
      Fail(at, "unreachable rule: the lower bound must be below the upper bound");
    }
  }

  void CheckRegimen(const std::vector<RegimenStep>& regimen, const std::string& at) {
    for (std::size_t i = 0; i < regimen.size(); ++i) {
      const RegimenStep& step = regimen[i];
      const std::string step_at = at + "[" + std::to_string(i) + "]";
      const bool last = i + 1 == regimen.size();
      CheckDose(step.dose, step_at);
      if (!(step.every_hours > 0)) Fail(step_at + ".every_hours", "must be above 0");
      if (step.doses && *step.doses < 1) Fail(step_at + ".doses", "must be at least 1");
      if (step.until_grade && (*step.until_grade < 0 || *step.until_grade > 4)) {
        Fail(step_at + ".until_grade", "must be a grade from 0 to 4");
      }
      if (step.doses && step.until_grade) {
        Fail(step_at, "a step lasts either a number of doses or until a grade, not both");
      }
      if (!last && !step.doses) {
        Fail(step_at + ".doses", "only the last step may run until a grade: give doses");
      }
      if (last && !step.doses && !step.until_grade) {
        Fail(step_at, "a regimen without an end: give the last step doses or until_grade");
      }
    }
  }

  void CheckEscalation(const Escalation& escalation, std::set<std::string>& rules) {
    const std::string at = "escalations[" + escalation.rule + "]";
    CheckRuleId(escalation.rule, at, rules);
    CheckSource(escalation.source, at);
    if (escalation.text.empty()) Fail(at + ".text", "an escalation needs text for the clinician");
    const Trigger& trigger = escalation.trigger;
    CheckTrigger(trigger, at);
    if (!trigger.after_drug && !trigger.when.Narrows()) {
      Fail(at,
           "an escalation needs after or a when condition: without one it would always "
           "apply");
    }
    if (escalation.manage_as > 4) Fail(at + ".manage_as", "manage_as is a grade from 2 to 4");
    if (escalation.manage_as > trigger.max_grade) return;
    std::string message = "an escalation must go up: grade " + std::to_string(trigger.max_grade) +
                          " managed as grade " + std::to_string(escalation.manage_as);
    for (const Escalation& other : protocol_.escalations) {
      const Trigger& t = other.trigger;
      if (&other == &escalation || t.syndrome != trigger.syndrome) continue;
      if (t.min_grade <= escalation.manage_as && escalation.manage_as <= t.max_grade &&
          trigger.min_grade <= other.manage_as && other.manage_as <= trigger.max_grade) {
        message = "escalation loop: grade " + std::to_string(other.manage_as) + " -> " +
                  std::to_string(escalation.manage_as) + " (this rule) -> " +
                  std::to_string(other.manage_as) + " (rule " + other.rule + ")";
      }
    }
    Fail(at + ".manage_as", std::move(message));
  }

  void CheckDose(const Dose& dose, const std::string& at) {
    if (dose.fixed_mg.has_value() == dose.mg_per_kg.has_value()) {
      Fail(at, "a dose needs exactly one of fixed_mg or mg_per_kg");
    }
    auto positive = [&](const std::optional<double>& value, const std::string& key) {
      if (value && !(*value > 0)) Fail(at + "." + key, "must be above 0");
    };
    positive(dose.fixed_mg, "fixed_mg");
    positive(dose.mg_per_kg, "mg_per_kg");
    positive(dose.max_mg, "max_mg");
    if (!(dose.round_to_mg > 0)) Fail(at + ".round_to_mg", "must be above 0");
    if (dose.route.empty()) Fail(at + ".route", "a dose needs a route (e.g. IV)");
    if (!dose.bands.empty() && !dose.mg_per_kg) {
      Fail(at + ".bands", "weight bands only apply to an mg_per_kg dose");
    }
    double previous = 0;
    for (const WeightBand& band : dose.bands) {
      if (!(band.below_kg > previous) || !(band.mg_per_kg > 0)) {
        Fail(at + ".bands", "bands need ascending below_kg and a positive mg_per_kg");
      }
      previous = band.below_kg;
    }
    previous = 0;
    for (std::size_t i = 0; i < dose.age_bands.size(); ++i) {
      const AgeBand& band = dose.age_bands[i];
      if (!(band.below_years > previous) || !(band.mg_per_kg > 0)) {
        Fail(at + ".age_bands", "age bands need ascending below_years and a positive mg_per_kg");
      }
      positive(band.max_mg, "age_bands[" + std::to_string(i) + "].max_mg");
      previous = band.below_years;
    }
  }

  // Every syndrome grade 1-4 must have an action that applies without an escalation or a
  // narrowing condition, at every grade 0-4 of the other syndrome.
  void CheckCoverage() {
    for (Syndrome syndrome : {Syndrome::kCrs, Syndrome::kIcans}) {
      for (int grade = 1; grade <= 4; ++grade) {
        bool without = false;
        std::string with;
        for (int other = 0; other <= 4; ++other) {
          if (Covered(syndrome, grade, other)) continue;
          if (other == 0) {
            without = true;
          } else {
            with += (with.empty() ? "" : ", ") + std::to_string(other);
          }
        }
        if (!without && with.empty()) continue;
        std::string cases;
        if (without && with == "1, 2, 3, 4") {
          cases = "with or without the other syndrome";
        } else {
          if (without) cases = "without the other syndrome";
          if (!with.empty()) {
            cases +=
                (without ? " and " : "") + std::string("with the other syndrome at grade ") + with;
          }
        }
        Fail(std::string(CodeOf(syndrome)) + ".grade" + std::to_string(grade),
             "no action for " + std::string(CodeOf(syndrome)) + " grade " + std::to_string(grade) +
                 " " + cases);
      }
    }
  }

  bool Covered(Syndrome syndrome, int grade, int other) const {
    for (const ProtocolAction& action : protocol_.actions) {
      const Trigger& t = action.trigger;
      const bool other_ok = !t.when.concurrent ||
                            (t.when.concurrent->min <= other && other <= t.when.concurrent->max);
      if (t.syndrome == syndrome && t.min_grade <= grade && grade <= t.max_grade && other_ok &&
          !t.after_drug && !t.when.Narrows()) {
        return true;
      }
    }
    return false;
  }

  const Protocol& protocol_;
  std::set<std::string> source_keys_;
  std::set<std::string> action_rules_;
  std::vector<Error> errors_;
};

}  // namespace

bool Range::Contains(double value) const noexcept {
  const MicroUnits v = ToMicroUnits(value);
  if (at_least && v < ToMicroUnits(*at_least)) return false;
  if (above && v <= ToMicroUnits(*above)) return false;
  if (below && v >= ToMicroUnits(*below)) return false;
  if (at_most && v > ToMicroUnits(*at_most)) return false;
  return true;
}

std::string DescribeRange(const Range& range, std::string_view unit) {
  std::string text;
  const auto add = [&](const std::optional<double>& bound, std::string_view words) {
    if (!bound) return;
    if (!text.empty()) text += " and ";
    text += std::string(words) + " " + ShortestText(*bound) + " " + std::string(unit);
  };
  add(range.at_least, "at least");
  add(range.above, "above");
  add(range.below, "below");
  add(range.at_most, "at most");
  return text;
}

std::span<const DrugInfo> Drugs() noexcept { return kDrugs; }
const DrugInfo& Describe(Drug drug) noexcept { return kDrugs[static_cast<std::size_t>(drug)]; }

std::optional<Drug> FindDrug(std::string_view code) noexcept {
  for (const DrugInfo& info : kDrugs) {
    if (info.code == code) return info.drug;
  }
  return std::nullopt;
}

std::string_view CodeOf(ActionKind kind) noexcept { return TermOf(kind).code; }

std::string_view CodeOf(Syndrome syndrome) noexcept { return TermOf(syndrome).code; }

std::vector<Error> CheckProtocol(const Protocol& protocol) { return Checker(protocol).Run(); }

}  // namespace cartwatch::core
