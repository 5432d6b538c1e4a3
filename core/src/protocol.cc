#include "cartwatch/core/protocol.h"

#include <array>
#include <set>
#include <string>

#include "cartwatch/core/vocabulary.h"
#include "enum_order.h"

namespace cartwatch::core {
namespace {

// fever_masking: ASTCT 2019 CRS grading table footnote (kFeverMaskingLocator).
constexpr std::array<DrugInfo, kDrugCount> kDrugs{{
    {Drug::kTocilizumab, "tocilizumab", "tocilizumab", true, false, FeverMasking::kAntiCytokine},
    {Drug::kSiltuximab, "siltuximab", "siltuximab", true, false, FeverMasking::kAntiCytokine},
    {Drug::kAnakinra, "anakinra", "anakinra", false, false, FeverMasking::kAntiCytokine},
    {Drug::kDexamethasone, "dexamethasone", "dexamethasone", false, true,
     FeverMasking::kAntiCytokine},
    {Drug::kMethylprednisolone, "methylprednisolone", "methylprednisolone", false, true,
     FeverMasking::kAntiCytokine},
    {Drug::kLevetiracetam, "levetiracetam", "levetiracetam", false, false, FeverMasking::kNone},
    {Drug::kParacetamol, "paracetamol", "paracetamol (acetaminophen)", false, false,
     FeverMasking::kAntipyretic},
    {Drug::kIbuprofen, "ibuprofen", "ibuprofen", false, false, FeverMasking::kAntipyretic},
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
    const Trigger& trigger = action.trigger;
    if (trigger.min_grade < 1 || trigger.max_grade > 5 || trigger.min_grade > trigger.max_grade) {
      Fail(at + ".grades", "unreachable rule: grades must lie within 1..5, lowest first");
    }
    if (trigger.after_drug && trigger.after_doses < 1) {
      Fail(at + ".after.doses", "unreachable rule: after.doses must be at least 1");
    }
    if (trigger.after_drug && trigger.after_hours < 0) {
      Fail(at + ".after.hours", "after.hours cannot be negative");
    }
    const bool is_drug = action.kind == ActionKind::kDrug;
    if (is_drug != action.drug.has_value() || is_drug != action.dose.has_value()) {
      Fail(at + ".drug", "a drug action needs drug and dose; other actions have neither");
      return;
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
    if (!is_drug) return;
    // Isolated ICANS: steroids, never IL-6 blockade (ASTCT 2019; ASCO 2021; EBMT 2022).
    if (Describe(*action.drug).anti_il6 && trigger.syndrome == Syndrome::kIcans &&
        trigger.other != OtherSyndrome::kPresent) {
      Fail(at + ".drug", std::string(Describe(*action.drug).code) +
                             " for ICANS without concurrent CRS: isolated ICANS is treated with "
                             "corticosteroids, not IL-6 blockade (set other = \"present\")");
    }
    CheckDose(*action.dose, at + ".dose");
  }

  void CheckDose(const Dose& dose, const std::string& at) {
    if (dose.fixed_mg.has_value() == dose.mg_per_kg.has_value()) {
      Fail(at, "a dose needs exactly one of fixed_mg or mg_per_kg");
    }
    auto positive = [&](const std::optional<double>& value, const char* key) {
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
  }

  // Every syndrome grade 1-4 must have an action that applies without an escalation condition,
  // whether or not the other syndrome is present.
  void CheckCoverage() {
    for (Syndrome syndrome : {Syndrome::kCrs, Syndrome::kIcans}) {
      for (int grade = 1; grade <= 4; ++grade) {
        for (bool other_present : {false, true}) {
          if (!Covered(syndrome, grade, other_present)) {
            Fail(std::string(CodeOf(syndrome)) + ".grade" + std::to_string(grade),
                 "no action for " + std::string(CodeOf(syndrome)) + " grade " +
                     std::to_string(grade) + (other_present ? " with" : " without") +
                     " the other syndrome");
          }
        }
      }
    }
  }

  bool Covered(Syndrome syndrome, int grade, bool other_present) const {
    for (const ProtocolAction& action : protocol_.actions) {
      const Trigger& t = action.trigger;
      const bool other_ok =
          t.other == OtherSyndrome::kAny || (t.other == OtherSyndrome::kPresent) == other_present;
      if (t.syndrome == syndrome && t.min_grade <= grade && grade <= t.max_grade && other_ok &&
          !t.after_drug) {
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
