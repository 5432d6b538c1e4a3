// The recommendation engine: protocol actions for the current grades, made safe for this patient.
// Safety rules enforced here whatever the protocol says: no IL-6 blockade without CRS (isolated
// ICANS; ASTCT 2019, ASCO 2021, EBMT 2022), no weight-based dose without a plausible weight,
// per-drug dose-count limits and minimum intervals (the product labels).
#include "cartwatch/core/recommend.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "cartwatch/core/number_text.h"

namespace cartwatch::core {
namespace {

int ReportedGrade(const SyndromeGrading& grading) { return grading.assessed ? grading.grade : 0; }

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

  void Need(std::string what) {
    if (std::find(result_.needs.begin(), result_.needs.end(), what) == result_.needs.end()) {
      result_.needs.push_back(std::move(what));
    }
  }

  // Doses of `drug` given in this episode up to the assessment, oldest first. Doses recorded
  // after the assessment did not exist when it was made.
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
      Need("time");
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

  void Withhold(Drug drug, std::string reason, std::string rule) {
    result_.withheld.push_back({drug, std::move(reason), std::move(rule)});
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
    if (Describe(drug).anti_il6 && result_.crs_grade == 0) {
      Withhold(drug,
               "no CRS at this assessment: isolated ICANS is treated with corticosteroids, not "
               "IL-6 blockade, which does not treat ICANS",
               action.rule);
      return;
    }
    // One corticosteroid at a time: the protocol lists the most intensive first, and two at
    // once (e.g. dexamethasone for ICANS beside methylprednisolone for CRS) is never intended.
    if (Describe(drug).corticosteroid) {
      if (!steroid_rule_.empty()) {
        Withhold(drug,
                 "another corticosteroid is already recommended (rule " + steroid_rule_ +
                     "); give one corticosteroid at a time",
                 action.rule);
        return;
      }
      steroid_rule_ = action.rule;
    }
    if (!CheckLimits(action, out)) return;
    ComputeDose(*action.dose, out);
    result_.actions.push_back(std::move(out));
  }

  // Applies the drug's limit; false when the drug is withheld.
  bool CheckLimits(const ProtocolAction& action, RecommendedAction& out) {
    const Drug drug = *action.drug;
    const DrugLimit* limit = LimitOf(drug);
    const std::vector<UnixSeconds> doses = DosesOf(drug);
    if (limit == nullptr || doses.empty()) return true;
    const std::string name(Describe(drug).display);
    if (!context_.now) {
      Need("time");
      Withhold(drug,
               "the assessment time is needed to check the limits and interval of " + name +
                   " already given",
               limit->rule);
      return false;
    }
    const UnixSeconds now = *context_.now;
    const int total = static_cast<int>(doses.size());
    if (limit->max_doses_total && total >= *limit->max_doses_total) {
      Withhold(drug,
               name + ": " + std::to_string(total) + " doses given; the protocol allows " +
                   std::to_string(*limit->max_doses_total) + " in total",
               limit->rule);
      Substitute(action);
      return false;
    }
    if (limit->max_doses_per_24h) {
      std::vector<UnixSeconds> recent;
      for (UnixSeconds t : doses) {
        if (t > now - 24 * kSecondsPerHour && t <= now) recent.push_back(t);
      }
      const int cap = *limit->max_doses_per_24h;
      if (static_cast<int>(recent.size()) >= cap) {
        // The oldest counted dose leaves the 24 h window first.
        const UnixSeconds next =
            recent[recent.size() - static_cast<std::size_t>(cap)] + 24 * kSecondsPerHour;
        Withhold(drug,
                 name + ": " + std::to_string(recent.size()) +
                     " doses in the last 24 h; the protocol allows " + std::to_string(cap) +
                     " in any 24 h, next possible at " + FormatRfc3339Utc(next),
                 limit->rule);
        Substitute(action);
        return false;
      }
    }
    if (limit->min_interval_hours) {
      const UnixSeconds earliest =
          doses.back() +
          static_cast<UnixSeconds>(std::llround(*limit->min_interval_hours * kSecondsPerHour));
      if (earliest > now) {
        out.not_before = earliest;
        out.when = "if no response by " + FormatRfc3339Utc(earliest);
      }
    }
    return true;
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
    if (!weight || *weight < protocol_.min_weight_kg || *weight > protocol_.max_weight_kg) {
      Need("weight_kg");
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
      if (*weight < band.below_kg) {
        mg_per_kg = band.mg_per_kg;
        break;
      }
    }
    const double raw = mg_per_kg * *weight;
    const double rounded = std::round(raw / dose.round_to_mg) * dose.round_to_mg;
    out.dose_basis = ShortestText(mg_per_kg) + " mg/kg x " + ShortestText(*weight) +
                     " kg = " + ShortestText(rounded) + " mg";
    out.dose_mg = rounded;
    if (dose.max_mg && rounded > *dose.max_mg) {
      out.dose_mg = *dose.max_mg;
      out.dose_basis += ", capped at " + ShortestText(*dose.max_mg) + " mg";
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

Recommendation Recommend(const Grading& grading, const PatientContext& context,
                         const Protocol& protocol) {
  return Engine(grading, context, protocol).Run();
}

}  // namespace cartwatch::core
