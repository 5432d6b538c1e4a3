// The recommendation engine: protocol actions for the current grades, made safe for this patient
// by the safety rules (safety_rules.h), enforced here whatever the protocol says. The rules that
// withhold a drug are the rows of kWithholdRows; the others (weight, cap, interval, escalation)
// name their row where they act.
#include "cartwatch/core/recommend.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string_view>

#include "cartwatch/core/cutoff.h"
#include "cartwatch/core/number_text.h"

namespace cartwatch::core {
namespace {

int ReportedGrade(const SyndromeGrading& grading) { return grading.assessed ? grading.grade : 0; }

// What the withholding rows read about one drug an action proposes.
struct Candidate {
  Drug drug;
  std::string name;  // display name
  int crs_grade = 0;
  std::string_view steroid_rule;     // the corticosteroid action already recommended, if any
  const DrugLimit* limit = nullptr;  // the protocol's limit of the drug, if any
  bool time_known = false;           // the assessment time, needed to count doses back from it
  int doses_total = 0;               // given up to the assessment
  int doses_in_24h = 0;              // given in the 24 h up to the assessment
  UnixSeconds next_in_24h = 0;       // when the oldest of those leaves the window
  bool limited() const { return limit != nullptr && doses_total > 0; }
};

struct WithholdRow {
  SafetyRuleId safety_rule;
  bool (*applies)(const Candidate&);
  std::string (*reason)(const Candidate&);
  bool limit_rule;   // the protocol's limit rule withheld it (else the action's own rule)
  bool substitutes;  // the protocol's instead_when_limited action is considered instead
  const char* need;  // what is needed as well, or nullptr
};

// The first row that applies withholds the drug; the order is the order of the checks.
constexpr std::array<WithholdRow, 5> kWithholdRows{{
    {SafetyRuleId::kNoIl6BlockadeWithoutCrs,
     [](const Candidate& c) { return Describe(c.drug).anti_il6 && c.crs_grade == 0; },
     [](const Candidate&) {
       return std::string(
           "no CRS at this assessment: isolated ICANS is treated with corticosteroids, not IL-6 "
           "blockade, which does not treat ICANS");
     },
     false, false, nullptr},
    {SafetyRuleId::kOneCorticosteroidAtATime,
     [](const Candidate& c) { return Describe(c.drug).corticosteroid && !c.steroid_rule.empty(); },
     [](const Candidate& c) {
       return "another corticosteroid is already recommended (rule " + std::string(c.steroid_rule) +
              "); give one corticosteroid at a time";
     },
     false, false, nullptr},
    {SafetyRuleId::kLimitsNeedTime, [](const Candidate& c) { return c.limited() && !c.time_known; },
     [](const Candidate& c) {
       return "the assessment time is needed to check the limits and interval of " + c.name +
              " already given";
     },
     true, false, "time"},
    {SafetyRuleId::kMaxDosesTotal,
     [](const Candidate& c) {
       return c.limited() && c.time_known && c.limit->max_doses_total &&
              c.doses_total >= *c.limit->max_doses_total;
     },
     [](const Candidate& c) {
       return c.name + ": " + std::to_string(c.doses_total) + " doses given; the protocol allows " +
              std::to_string(*c.limit->max_doses_total) + " in total";
     },
     true, true, nullptr},
    {SafetyRuleId::kMaxDosesPer24h,
     [](const Candidate& c) {
       return c.limited() && c.time_known && c.limit->max_doses_per_24h &&
              c.doses_in_24h >= *c.limit->max_doses_per_24h;
     },
     [](const Candidate& c) {
       return c.name + ": " + std::to_string(c.doses_in_24h) +
              " doses in the last 24 h; the protocol allows " +
              std::to_string(*c.limit->max_doses_per_24h) + " in any 24 h, next possible at " +
              FormatRfc3339Utc(c.next_in_24h);
     },
     true, true, nullptr},
}};

class Engine {
 public:
  Engine(const Grading& grading, const PatientContext& context, const Protocol& protocol)
      : context_(context), protocol_(protocol) {
    result_.protocol_id = protocol.id;
    result_.protocol_version = protocol.version;
    result_.crs_grade = ReportedGrade(grading.crs);
    result_.icans_grade = ReportedGrade(grading.icans);
    result_.crs_assessed = grading.crs.assessed;
    result_.icans_assessed = grading.icans.assessed;
    for (const SyndromeGrading* syndrome : {static_cast<const SyndromeGrading*>(&grading.crs),
                                            static_cast<const SyndromeGrading*>(&grading.icans)}) {
      if (!syndrome->assessed || !syndrome->lower_bound()) continue;
      result_.grades_are_lower_bounds = true;
      for (int i = 0; i < kInputIdCount; ++i) {
        const auto input = static_cast<InputId>(i);
        if (syndrome->missing.Contains(input)) {
          Need("assessment." + std::string(Describe(input).field));
        }
      }
    }
    // A syndrome with no finding counts as grade 0 for the protocol, which is the cautious side
    // for IL-6 blockade; the advice says the findings are needed.
    if (!grading.crs.assessed) Need("assessment.crs");
    if (!grading.icans.assessed) Need("assessment.icans");
  }

  Recommendation Run() {
    for (const ProtocolAction& action : protocol_.actions) {
      if (Applies(action.trigger)) Consider(action, nullptr);
    }
    return std::move(result_);
  }

 private:
  int GradeOf(Syndrome syndrome) const {
    return syndrome == Syndrome::kCrs ? result_.crs_grade : result_.icans_grade;
  }

  void Need(std::string what, std::optional<SafetyRuleId> because = std::nullopt) {
    if (because) {
      const auto same = [&](const NeedCause& cause) {
        return cause.need == what && cause.safety_rule == *because;
      };
      if (std::none_of(result_.needed_by.begin(), result_.needed_by.end(), same)) {
        result_.needed_by.push_back({what, *because});
      }
    }
    if (std::find(result_.needs.begin(), result_.needs.end(), what) == result_.needs.end()) {
      result_.needs.push_back(std::move(what));
    }
  }

  // Doses of `drug` given in this episode up to the assessment, oldest first. Doses recorded
  // after the assessment did not exist when it was made (kDosesUpToTheAssessment).
  std::vector<UnixSeconds> DosesOf(Drug drug) const {
    std::vector<UnixSeconds> times;
    for (const TreatmentGiven& given : context_.given) {
      if (given.drug == drug && (!context_.now || given.time <= *context_.now)) {
        times.push_back(given.time);
      }
    }
    std::sort(times.begin(), times.end());
    return times;
  }

  bool Applies(const Trigger& trigger) {
    const int grade = GradeOf(trigger.syndrome);
    if (grade < trigger.min_grade || grade > trigger.max_grade) return false;
    const int other =
        GradeOf(trigger.syndrome == Syndrome::kCrs ? Syndrome::kIcans : Syndrome::kCrs);
    if (trigger.other == OtherSyndrome::kPresent && other == 0) return false;
    if (trigger.other == OtherSyndrome::kAbsent && other > 0) return false;
    if (!trigger.after_drug) return true;
    // Escalation: enough doses given, the first long enough ago, and the grade still qualifies
    // (checked above), which is what "no response" means here.
    const std::vector<UnixSeconds> doses = DosesOf(*trigger.after_drug);
    if (static_cast<int>(doses.size()) < trigger.after_doses) return false;
    if (trigger.after_hours <= 0) return true;
    if (!context_.now) {
      Need("time", SafetyRuleId::kEscalationAfterNoResponse);
      return false;
    }
    return *context_.now - doses.front() >=
           static_cast<UnixSeconds>(std::llround(trigger.after_hours * kSecondsPerHour));
  }

  const ProtocolAction* FindAction(const std::string& rule) const {
    for (const ProtocolAction& action : protocol_.actions) {
      if (action.rule == rule) return &action;
    }
    return nullptr;
  }

  const DrugLimit* LimitOf(Drug drug) const {
    for (const DrugLimit& limit : protocol_.limits) {
      if (limit.drug == drug) return &limit;
    }
    return nullptr;
  }

  Candidate CandidateFor(const ProtocolAction& action) const {
    Candidate c;
    c.drug = *action.drug;
    c.name = std::string(Describe(c.drug).display);
    c.crs_grade = result_.crs_grade;
    c.steroid_rule = steroid_rule_;
    c.limit = LimitOf(c.drug);
    c.time_known = context_.now.has_value();
    const std::vector<UnixSeconds> doses = DosesOf(c.drug);
    c.doses_total = static_cast<int>(doses.size());
    if (c.limit != nullptr && c.limit->max_doses_per_24h && context_.now) {
      const UnixSeconds now = *context_.now;
      std::vector<UnixSeconds> recent;
      for (UnixSeconds t : doses) {
        if (t > now - 24 * kSecondsPerHour && t <= now) recent.push_back(t);
      }
      c.doses_in_24h = static_cast<int>(recent.size());
      const auto cap = static_cast<std::size_t>(*c.limit->max_doses_per_24h);
      // The oldest counted dose leaves the 24 h window first.
      if (recent.size() >= cap && cap > 0) {
        c.next_in_24h = recent[recent.size() - cap] + 24 * kSecondsPerHour;
      }
    }
    return c;
  }

  // `replacing`: the action whose limit sent us here (its text explains the substitution).
  void Consider(const ProtocolAction& action, const ProtocolAction* replacing) {
    if (!rules_done_.insert(action.rule).second) return;
    RecommendedAction out;
    out.kind = action.kind;
    out.rule = action.rule;
    out.source = action.source;
    out.text = action.text;
    out.unconfirmed = action.unconfirmed;
    out.when = "now";
    if (replacing != nullptr) {
      out.text += " (instead of " + std::string(Describe(*replacing->drug).display) +
                  ": its limit is reached)";
    }
    if (action.kind != ActionKind::kDrug) {
      result_.actions.push_back(std::move(out));
      return;
    }
    const Drug drug = *action.drug;
    if (!drugs_done_.insert(drug).second) return;  // an earlier action already chose this drug
    out.drug = drug;
    const Candidate candidate = CandidateFor(action);
    const WithholdRow* withheld = nullptr;
    for (const WithholdRow& row : kWithholdRows) {
      if (row.applies(candidate)) {
        withheld = &row;
        break;
      }
    }
    // A corticosteroid that passed the one-at-a-time rule is the chosen one, even when its own
    // limit then withholds it.
    if (Describe(drug).corticosteroid && (withheld == nullptr || withheld->limit_rule)) {
      steroid_rule_ = action.rule;
    }
    if (withheld != nullptr) {
      if (withheld->need != nullptr) Need(withheld->need, withheld->safety_rule);
      result_.withheld.push_back({drug, withheld->reason(candidate),
                                  withheld->limit_rule ? candidate.limit->rule : action.rule,
                                  withheld->safety_rule});
      if (withheld->substitutes) Substitute(action);
      return;
    }
    ApplyInterval(candidate, out);
    ComputeDose(*action.dose, out);
    result_.actions.push_back(std::move(out));
  }

  // A repeat dose before the protocol's minimum interval becomes conditional.
  void ApplyInterval(const Candidate& candidate, RecommendedAction& out) const {
    if (!candidate.limited() || !candidate.time_known || !candidate.limit->min_interval_hours) {
      return;
    }
    const UnixSeconds earliest = DosesOf(candidate.drug).back() +
                                 static_cast<UnixSeconds>(std::llround(
                                     *candidate.limit->min_interval_hours * kSecondsPerHour));
    if (earliest > *context_.now) {
      out.not_before = earliest;
      out.when = "if no response by " + FormatRfc3339Utc(earliest);
      out.safety_rules.push_back(SafetyRuleId::kMinRedoseInterval);
    }
  }

  void Substitute(const ProtocolAction& action) {
    if (action.instead_when_limited.empty()) return;
    if (const ProtocolAction* next = FindAction(action.instead_when_limited)) {
      Consider(*next, &action);
    }
  }

  void ComputeDose(const Dose& dose, RecommendedAction& out) {
    out.route = dose.route;
    out.frequency = dose.frequency;
    if (dose.fixed_mg) {
      out.dose_mg = *dose.fixed_mg;
      out.dose_basis = ShortestText(*dose.fixed_mg) + " mg fixed dose";
      return;
    }
    const std::optional<double> weight = context_.weight_kg;
    if (!weight || !AtLeast(*weight, protocol_.min_weight_kg) ||
        Above(*weight, protocol_.max_weight_kg)) {
      Need("weight_kg", SafetyRuleId::kPlausibleWeight);
      out.dose_basis = weight ? "weight " + ShortestText(*weight) +
                                    " kg is outside the protocol's plausible range (" +
                                    ShortestText(protocol_.min_weight_kg) + " to " +
                                    ShortestText(protocol_.max_weight_kg) +
                                    " kg): no dose computed; confirm the weight"
                              : "weight needed to compute the dose";
      return;
    }
    double mg_per_kg = *dose.mg_per_kg;
    for (const WeightBand& band : dose.bands) {
      if (!AtLeast(*weight, band.below_kg)) {
        mg_per_kg = band.mg_per_kg;
        break;
      }
    }
    // Fixed point (cutoff.h): the product is rounded to a micro-milligram, then to the nearest
    // step (halves up) and compared with the cap as integers, so that a dose exactly at a half
    // step or at the cap is treated as exactly there.
    const MicroUnits raw = ToMicroUnits(mg_per_kg * *weight);
    const MicroUnits step = std::max<MicroUnits>(1, ToMicroUnits(dose.round_to_mg));
    const MicroUnits rounded_micro = (raw + step / 2) / step * step;
    const double rounded =
        static_cast<double>(rounded_micro) / static_cast<double>(kMicroUnitsPerUnit);
    out.dose_basis = ShortestText(mg_per_kg) + " mg/kg x " + ShortestText(*weight) +
                     " kg = " + ShortestText(rounded) + " mg";
    out.dose_mg = rounded;
    if (dose.max_mg && rounded_micro > ToMicroUnits(*dose.max_mg)) {
      out.dose_mg = *dose.max_mg;
      out.dose_basis += ", capped at " + ShortestText(*dose.max_mg) + " mg";
      out.safety_rules.push_back(SafetyRuleId::kDoseCap);
    }
  }

  const PatientContext& context_;
  const Protocol& protocol_;
  Recommendation result_;
  std::set<std::string> rules_done_;
  std::set<Drug> drugs_done_;
  std::string steroid_rule_;  // the corticosteroid action already recommended, if any
};

}  // namespace

PatientContext ContextAt(const Assessment& assessment, PatientContext context) {
  // A time that does not parse leaves no "now" rather than a stale one (adapters refuse it first).
  if (!assessment.time.empty()) context.now = ParseRfc3339(assessment.time);
  if (!context.age_years) context.age_years = assessment.age_years;
  return context;
}

Recommendation Recommend(const Grading& grading, const PatientContext& context,
                         const Protocol& protocol) {
  return Engine(grading, context, protocol).Run();
}

}  // namespace cartwatch::core
