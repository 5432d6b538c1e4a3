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
#include "cartwatch/core/vocabulary.h"

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

enum class Truth : std::uint8_t { kFalse, kTrue, kUnknown };

Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  if (a == Truth::kUnknown || b == Truth::kUnknown) return Truth::kUnknown;
  return Truth::kTrue;
}

std::string SyndromeName(Syndrome syndrome) { return syndrome == Syndrome::kCrs ? "CRS" : "ICANS"; }

std::string GradeRangeText(int min, int max) {
  return min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
}

template <typename Code>
std::string CodesText(const std::vector<Code>& codes) {
  std::string text;
  for (Code code : codes) text += (text.empty() ? "" : ", ") + std::string(TermOf(code).code);
  return text;
}

// Whether a coded finding matches; the words say what was found.
template <typename Code>
Truth MatchCoded(const CodedCondition<Code>& condition, const std::optional<Code>& value,
                 Code none) {
  if (!value) return Truth::kUnknown;
  switch (condition.match) {
    case FindingMatch::kPresent:
      return *value != none ? Truth::kTrue : Truth::kFalse;
    case FindingMatch::kAbsent:
      return *value == none ? Truth::kTrue : Truth::kFalse;
    case FindingMatch::kAnyOf:
      return std::find(condition.codes.begin(), condition.codes.end(), *value) !=
                     condition.codes.end()
                 ? Truth::kTrue
                 : Truth::kFalse;
  }
  return Truth::kFalse;
}

Truth MatchIcp(const CodedCondition<IcpFinding>& condition,
               const std::optional<IcpFindingSet>& signs) {
  if (!signs) return Truth::kUnknown;
  bool any = false;
  bool listed = false;
  for (const Term<IcpFinding>& term : Terms(IcpFinding{})) {
    if (!signs->Contains(term.value)) continue;
    any = true;
    if (std::find(condition.codes.begin(), condition.codes.end(), term.value) !=
        condition.codes.end()) {
      listed = true;
    }
  }
  switch (condition.match) {
    case FindingMatch::kPresent:
      return any ? Truth::kTrue : Truth::kFalse;
    case FindingMatch::kAbsent:
      return any ? Truth::kFalse : Truth::kTrue;
    case FindingMatch::kAnyOf:
      return listed ? Truth::kTrue : Truth::kFalse;
  }
  return Truth::kFalse;
}

std::string MatchText(FindingMatch match, const std::string& codes) {
  switch (match) {
    case FindingMatch::kPresent:
      return "present";
    case FindingMatch::kAbsent:
      return "absent";
    case FindingMatch::kAnyOf:
      return "one of " + codes;
  }
  return "";
}

// The first fever of the CRS episode, from the course, and whether the course reaches back to
// the start of the episode (otherwise the duration is a lower bound).
struct FeverOnset {
  UnixSeconds since = 0;
  bool exact = false;
};

// The conditions of one trigger as they are judged: all must hold; each adds its words, and an
// unknown one the input it needs.
struct Judgement {
  explicit Judgement(std::vector<std::string>& out_words) : words(out_words) {}

  void operator()(Truth t, std::string word, std::string need) {
    truth = And(truth, t);
    if (t == Truth::kUnknown) {
      needs.push_back(std::move(need));
      word += ": unknown";
    }
    words.push_back(std::move(word));
  }

  std::vector<std::string>& words;
  std::vector<std::string> needs;
  Truth truth = Truth::kTrue;
};

class Engine {
 public:
  Engine(const Assessment& assessment, const Grading& grading, const PatientContext& context,
         const Protocol& protocol)
      : assessment_(assessment), grading_(grading), context_(context), protocol_(protocol) {
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
    managed_ = {result_.crs_grade, result_.icans_grade};
    for (const Escalation& escalation : protocol_.escalations) ApplyEscalation(escalation);
    for (const ProtocolAction& action : protocol_.actions) {
      std::vector<std::string> conditions;
      const int managed = managed_[Index(action.trigger.syndrome)];
      if (Evaluate(action.trigger, managed, conditions) == Truth::kTrue) {
        const std::string& escalation = escalated_by_[Index(action.trigger.syndrome)];
        const int graded = GradeOf(action.trigger.syndrome);
        const bool needs_escalation =
            graded < action.trigger.min_grade || graded > action.trigger.max_grade;
        Consider(action, nullptr, std::move(conditions), needs_escalation ? escalation : "");
      } else if (std::optional<std::string> step = RegimenInProgress(action)) {
        const Syndrome syndrome = action.trigger.syndrome;
        Consider(action, nullptr,
                 {SyndromeName(syndrome) + " grade " + std::to_string(GradeOf(syndrome)) +
                      " (the regimen of a grade " +
                      GradeRangeText(action.trigger.min_grade, action.trigger.max_grade) +
                      " rule continues)",
                  *step},
                 "");
      }
    }
    return std::move(result_);
  }

 private:
  static std::size_t Index(Syndrome syndrome) { return syndrome == Syndrome::kCrs ? 0 : 1; }

  int GradeOf(Syndrome syndrome) const {
    return syndrome == Syndrome::kCrs ? result_.crs_grade : result_.icans_grade;
  }

  Syndrome Other(Syndrome syndrome) const {
    return syndrome == Syndrome::kCrs ? Syndrome::kIcans : Syndrome::kCrs;
  }

  void ApplyEscalation(const Escalation& escalation) {
    std::vector<std::string> conditions;
    const Syndrome syndrome = escalation.trigger.syndrome;
    if (Evaluate(escalation.trigger, GradeOf(syndrome), conditions) != Truth::kTrue) return;
    AppliedEscalation applied;
    applied.rule = escalation.rule;
    applied.source = escalation.source;
    applied.text = escalation.text;
    applied.unconfirmed = escalation.unconfirmed;
    applied.syndrome = syndrome;
    applied.grade = GradeOf(syndrome);
    applied.manage_as = escalation.manage_as;
    applied.conditions = std::move(conditions);
    int& managed = managed_[Index(syndrome)];
    if (escalation.manage_as > managed) {
      managed = escalation.manage_as;
      escalated_by_[Index(syndrome)] = escalation.rule;
    }
    result_.escalations.push_back(std::move(applied));
  }

  // Whether the trigger holds at `grade` (the graded grade, or the one an escalation manages
  // the syndrome as). A condition whose input is missing is unknown: its input is listed under
  // needs, but only when no other condition already rules the trigger out.
  Truth Evaluate(const Trigger& trigger, int grade, std::vector<std::string>& words) {
    if (grade < trigger.min_grade || grade > trigger.max_grade) return Truth::kFalse;
    const Syndrome syndrome = trigger.syndrome;
    words.push_back(SyndromeName(syndrome) + " grade " + std::to_string(GradeOf(syndrome)) +
                    (grade != GradeOf(syndrome) ? ", managed as grade " + std::to_string(grade)
                                                : std::string()) +
                    " (rule: " + GradeRangeText(trigger.min_grade, trigger.max_grade) + ")");
    Judgement judge(words);
    const Conditions& when = trigger.when;
    if (when.concurrent) {
      const int other = GradeOf(Other(syndrome));
      const bool in = when.concurrent->min <= other && other <= when.concurrent->max;
      judge(in ? Truth::kTrue : Truth::kFalse,
            "concurrent " + SyndromeName(Other(syndrome)) + " grade " + std::to_string(other) +
                " (rule: " + GradeRangeText(when.concurrent->min, when.concurrent->max) + ")",
            "");
    }
    JudgeFindings(when, judge);
    JudgePatient(when, judge);
    if (when.fever_hours) JudgeFever(*when.fever_hours, judge);
    if (trigger.after_drug) JudgeNoImprovement(trigger, judge);
    if (judge.truth == Truth::kUnknown) {
      for (std::string& need : judge.needs) {
        if (need.empty()) continue;
        if ((need == "course" || need == "time") && trigger.after_drug) {
          Need(std::move(need), SafetyRuleId::kEscalationAfterNoResponse);
        } else {
          Need(std::move(need));
        }
      }
    }
    return judge.truth;
  }

  // The conditions on the assessment's findings.
  void JudgeFindings(const Conditions& when, Judgement& judge) const {
    const NeuroAssessment& neuro = assessment_.neuro;
    if (when.seizure) {
      judge(MatchCoded(*when.seizure, neuro.seizure, Seizure::kNone),
            "seizure " + (neuro.seizure ? std::string(TermOf(*neuro.seizure).code) : "") +
                " (rule: " + MatchText(when.seizure->match, CodesText(when.seizure->codes)) + ")",
            "assessment.neuro.seizure");
    }
    if (when.motor) {
      judge(MatchCoded(*when.motor, neuro.motor, MotorFinding::kNone),
            "motor finding (rule: " + MatchText(when.motor->match, CodesText(when.motor->codes)) +
                ")",
            "assessment.neuro.motor");
    }
    if (when.icp) {
      judge(MatchIcp(*when.icp, neuro.icp),
            "signs of raised ICP (rule: " + MatchText(when.icp->match, CodesText(when.icp->codes)) +
                ")",
            "assessment.neuro.icp");
    }
    if (when.hypotension) {
      // Recorded, or implied by a running vasopressor (the CRS reading).
      const bool known = assessment_.hypotension.has_value() ||
                         (assessment_.vasopressors && !assessment_.vasopressors->Empty());
      const bool present = grading_.crs.reading.hypotension;
      judge(!known                         ? Truth::kUnknown
            : present == *when.hypotension ? Truth::kTrue
                                           : Truth::kFalse,
            std::string(known ? (present ? "hypotension" : "no hypotension") : "hypotension") +
                " (rule: " + (*when.hypotension ? "present" : "absent") + ")",
            "assessment.hypotension");
    }
  }

  // The conditions on the patient context: product, age, weight, time since infusion.
  void JudgePatient(const Conditions& when, Judgement& judge) const {
    if (!when.products.empty()) {
      const std::optional<Product>& product = context_.product;
      const bool listed = product && std::find(when.products.begin(), when.products.end(),
                                               *product) != when.products.end();
      judge(!product ? Truth::kUnknown
            : listed ? Truth::kTrue
                     : Truth::kFalse,
            "product " + (product ? std::string(Describe(*product).code) : std::string()) +
                " (rule: " + ProductList(when.products) + ")",
            "product");
    }
    const auto quantity = [&judge](const std::optional<Range>& range, std::optional<double> value,
                                   const std::string& name, const std::string& unit,
                                   std::string need) {
      if (!range) return;
      judge(!value                    ? Truth::kUnknown
            : range->Contains(*value) ? Truth::kTrue
                                      : Truth::kFalse,
            name + (value ? " " + ShortestText(*value) + " " + unit : "") +
                " (rule: " + DescribeRange(*range, unit) + ")",
            std::move(need));
    };
    quantity(when.age_years, context_.age_years, "age", "years", "age_years");
    quantity(when.weight_kg, context_.weight_kg, "weight", "kg", "weight_kg");
    if (when.hours_since_infusion) {
      std::optional<double> hours;
      if (context_.infusion && context_.now) {
        hours = HoursBetween(*context_.infusion, *context_.now);
      }
      quantity(when.hours_since_infusion, hours, "hours since infusion", "h",
               context_.infusion ? "time" : "infusion_time");
    }
  }

  static std::string ProductList(const std::vector<Product>& products) {
    std::string text;
    for (Product product : products) {
      text += (text.empty() ? "" : ", ") + std::string(Describe(product).code);
    }
    return text;
  }

  void JudgeFever(const Range& range, Judgement& judge) const {
    const std::string rule = " (rule: " + DescribeRange(range, "h") + ")";
    if (!context_.now) return judge(Truth::kUnknown, "fever duration" + rule, "time");
    const std::optional<FeverOnset> onset = FindFeverOnset();
    if (!onset) return judge(Truth::kUnknown, "fever duration" + rule, "course");
    const double hours = HoursBetween(onset->since, *context_.now);
    const bool open_above = !range.below && !range.at_most;
    Truth truth = range.Contains(hours) ? Truth::kTrue : Truth::kFalse;
    // A lower bound only proves a condition that has no upper bound.
    if (!onset->exact && !(truth == Truth::kTrue && open_above)) truth = Truth::kUnknown;
    judge(truth,
          "fever for " + std::string(onset->exact ? "" : "at least ") + ShortestText(hours) + " h" +
              rule,
          "course");
  }

  // The first fever of the CRS episode: `fever_since` when charted; otherwise walking back from
  // the assessment through the course while CRS (or fever) is present. Empty when neither the
  // context nor the course can tell.
  std::optional<FeverOnset> FindFeverOnset() const {
    const UnixSeconds now = *context_.now;
    if (context_.fever_since) return FeverOnset{std::min(*context_.fever_since, now), true};
    std::vector<const CourseGrade*> earlier;
    for (const CourseGrade& entry : context_.course) {
      if (entry.time < now) earlier.push_back(&entry);
    }
    if (earlier.empty()) return std::nullopt;
    std::sort(earlier.begin(), earlier.end(),
              [](const CourseGrade* a, const CourseGrade* b) { return a->time > b->time; });
    const bool fever_now = grading_.crs.reading.FeverCounted();
    FeverOnset onset{now, false};
    if (!fever_now && result_.crs_grade == 0) return FeverOnset{now, true};
    for (const CourseGrade* entry : earlier) {
      const bool fever = entry->fever.value_or(false);
      if (!fever && entry->crs_grade.value_or(0) == 0) {
        onset.exact = true;  // the episode started after this assessment
        break;
      }
      if (fever) onset.since = entry->time;
    }
    return onset;
  }

  // "No response": enough doses of the drug, the first long enough ago, and the syndrome's
  // grade now at least its grade at that first dose (from the course).
  void JudgeNoImprovement(const Trigger& trigger, Judgement& judge) const {
    const std::string drug(Describe(*trigger.after_drug).display);
    const std::vector<UnixSeconds> doses = DosesOf(*trigger.after_drug);
    std::string word = "no improvement after " + std::to_string(trigger.after_doses) + " dose" +
                       (trigger.after_doses == 1 ? "" : "s") + " of " + drug;
    if (trigger.after_hours > 0) word += ", " + ShortestText(trigger.after_hours) + " h or more";
    if (static_cast<int>(doses.size()) < trigger.after_doses) {
      return judge(Truth::kFalse, word + " (" + std::to_string(doses.size()) + " given)", "");
    }
    if (trigger.after_hours > 0) {
      if (!context_.now) return judge(Truth::kUnknown, word, "time");
      const UnixSeconds window =
          static_cast<UnixSeconds>(std::llround(trigger.after_hours * kSecondsPerHour));
      if (*context_.now - doses.front() < window) {
        return judge(Truth::kFalse, word + " (first dose " + FormatRfc3339Utc(doses.front()) + ")",
                     "");
      }
    }
    const std::optional<int> then = GradeAt(trigger.syndrome, doses.front());
    if (!then) return judge(Truth::kUnknown, word + " (grade at the first dose)", "course");
    const int now = GradeOf(trigger.syndrome);
    judge(now >= *then ? Truth::kTrue : Truth::kFalse,
          word + " (grade " + std::to_string(*then) + " at the first dose, " + std::to_string(now) +
              " now)",
          "");
  }

  // The syndrome's grade at `time`: the latest course entry at or before it that graded it.
  std::optional<int> GradeAt(Syndrome syndrome, UnixSeconds time) const {
    const CourseGrade* latest = nullptr;
    for (const CourseGrade& entry : context_.course) {
      const std::optional<int>& grade =
          syndrome == Syndrome::kCrs ? entry.crs_grade : entry.icans_grade;
      if (!grade || entry.time > time) continue;
      if (latest == nullptr || entry.time >= latest->time) latest = &entry;
    }
    if (latest == nullptr) return std::nullopt;
    return syndrome == Syndrome::kCrs ? latest->crs_grade : latest->icans_grade;
  }

  // The doses of a regimen's drug that belong to it: those given while its syndrome was present
  // (grade 1 or more in the course at or before the dose), so that methylprednisolone given for
  // isolated ICANS never advances a CRS taper. `unknown`: some doses have no grade in the course.
  struct RegimenDoses {
    std::vector<UnixSeconds> times;
    bool unknown = false;
  };

  RegimenDoses RegimenDosesOf(const ProtocolAction& action) const {
    RegimenDoses doses;
    for (UnixSeconds time : DosesOf(*action.drug)) {
      const std::optional<int> grade = GradeAt(action.trigger.syndrome, time);
      if (grade && *grade == 0) continue;
      doses.unknown = doses.unknown || !grade;
      doses.times.push_back(time);
    }
    return doses;
  }

  // Where a started regimen stands, when it is still running although its trigger no longer
  // holds (a taper continues after the grade improved). Empty otherwise, and when the course
  // cannot tell whether its doses were given for this syndrome (then `course` is needed).
  std::optional<std::string> RegimenInProgress(const ProtocolAction& action) {
    if (action.regimen.empty() || !action.drug) return std::nullopt;
    const RegimenDoses doses = RegimenDosesOf(action);
    if (doses.times.empty()) return std::nullopt;
    const RegimenProgress progress = ProgressOf(action);
    if (progress.current_step >= static_cast<int>(action.regimen.size())) return std::nullopt;
    const RegimenStep& step = action.regimen[static_cast<std::size_t>(progress.current_step)];
    if (step.until_grade && GradeOf(action.trigger.syndrome) <= *step.until_grade) {
      return std::nullopt;
    }
    if (doses.unknown) {
      Need("course");
      return std::nullopt;
    }
    return "regimen in progress: " + std::to_string(progress.doses_given) + " dose" +
           (progress.doses_given == 1 ? "" : "s") + " of " +
           std::string(Describe(*action.drug).display) + " given";
  }

  RegimenProgress ProgressOf(const ProtocolAction& action) const {
    RegimenProgress progress;
    progress.doses_given = static_cast<int>(RegimenDosesOf(action).times.size());
    int end = 0;
    progress.current_step = static_cast<int>(action.regimen.size());
    for (std::size_t i = 0; i < action.regimen.size(); ++i) {
      const RegimenStep& step = action.regimen[i];
      std::string text = DoseText(step.dose) + " every " + ShortestText(step.every_hours) + " h";
      if (step.doses) {
        text += ", " + std::to_string(*step.doses) + " dose" + (*step.doses == 1 ? "" : "s");
      } else if (step.until_grade) {
        text += ", until grade " + std::to_string(*step.until_grade) + " or lower";
      }
      progress.steps.push_back(std::move(text));
      const bool open = !step.doses;
      if (!open) end += *step.doses;
      if (progress.current_step == static_cast<int>(action.regimen.size()) &&
          (open || progress.doses_given < end)) {
        progress.current_step = static_cast<int>(i);
      }
    }
    return progress;
  }

  static std::string DoseText(const Dose& dose) {
    std::string text = dose.fixed_mg ? ShortestText(*dose.fixed_mg) + " mg"
                                     : ShortestText(dose.mg_per_kg.value_or(0)) + " mg/kg";
    if (!dose.route.empty()) text += " " + dose.route;
    return text;
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
  void Consider(const ProtocolAction& action, const ProtocolAction* replacing,
                std::vector<std::string> conditions, const std::string& escalation) {
    if (!rules_done_.insert(action.rule).second) return;
    RecommendedAction out;
    out.kind = action.kind;
    out.drug = action.drug;
    out.alternatives = action.alternatives;
    out.rule = action.rule;
    out.source = action.source;
    out.text = action.text;
    out.unconfirmed = action.unconfirmed;
    out.when = "now";
    out.conditions = std::move(conditions);
    out.escalation = escalation;
    if (replacing != nullptr) {
      out.text += " (instead of " + std::string(Describe(*replacing->drug).display) +
                  ": its limit is reached)";
      out.conditions.push_back("instead of rule " + replacing->rule + ": its limit is reached");
    }
    if (action.kind != ActionKind::kDrug) {
      // A prompt to consider a corticosteroid while another is already given would advise two
      // at once: it is withheld like a dose would be.
      if (action.drug && Describe(*action.drug).corticosteroid && !steroid_rule_.empty() &&
          steroid_drug_ != action.drug) {
        result_.withheld.push_back({*action.drug,
                                    "another corticosteroid is already recommended (rule " +
                                        steroid_rule_ + "); give one corticosteroid at a time",
                                    action.rule, SafetyRuleId::kOneCorticosteroidAtATime});
        return;
      }
      result_.actions.push_back(std::move(out));
      return;
    }
    const Drug drug = *action.drug;
    if (!drugs_done_.insert(drug).second) return;  // an earlier action already chose this drug
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
      steroid_drug_ = drug;
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
    if (action.dose) {
      ComputeDose(*action.dose, out);
    } else if (!action.regimen.empty()) {
      ApplyRegimen(action, out);
    } else {
      out.dose_basis = std::string(kDoseInProtocolText);
    }
    result_.actions.push_back(std::move(out));
  }

  // The current step's dose, and when it is due: the previous dose plus the step's interval.
  void ApplyRegimen(const ProtocolAction& action, RecommendedAction& out) {
    RegimenProgress progress = ProgressOf(action);
    const auto steps = static_cast<int>(action.regimen.size());
    if (progress.current_step >= steps) {
      out.dose_basis = "the regimen's " + std::to_string(progress.doses_given) +
                       " doses have been given: reassess";
      out.regimen = std::move(progress);
      return;
    }
    const RegimenStep& step = action.regimen[static_cast<std::size_t>(progress.current_step)];
    ComputeDose(step.dose, out);
    out.frequency = "every " + ShortestText(step.every_hours) + " h";
    out.dose_basis = "step " + std::to_string(progress.current_step + 1) + " of " +
                     std::to_string(steps) + ": " + out.dose_basis;
    const RegimenDoses regimen_doses = RegimenDosesOf(action);
    if (regimen_doses.unknown) Need("course");  // doses assumed to belong to the regimen
    const std::vector<UnixSeconds>& doses = regimen_doses.times;
    if (!doses.empty() && context_.now) {
      const UnixSeconds due =
          doses.back() + static_cast<UnixSeconds>(std::llround(step.every_hours * kSecondsPerHour));
      if (due > *context_.now && !out.not_before) {
        out.not_before = due;
        out.when = "next dose due at " + FormatRfc3339Utc(due);
      }
    }
    out.regimen = std::move(progress);
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
      Consider(*next, &action, {}, "");
    }
  }

  void ComputeDose(const Dose& dose, RecommendedAction& out) {
    out.route = dose.route;
    out.frequency = dose.frequency;
    if (!dose.age_bands.empty()) {
      if (!context_.age_years) {
        Need("age_years");
        out.dose_basis = "age needed to choose the dose (children's doses differ)";
        return;
      }
      for (const AgeBand& band : dose.age_bands) {
        if (AtLeast(*context_.age_years, band.below_years)) continue;
        Dose child;
        child.mg_per_kg = band.mg_per_kg;
        child.max_mg = band.max_mg;
        child.round_to_mg = dose.round_to_mg;
        child.route = dose.route;
        child.frequency = dose.frequency;
        out.unconfirmed = out.unconfirmed || band.unconfirmed;
        ComputeDose(child, out);
        out.dose_basis = "age " + ShortestText(*context_.age_years) + " years, below " +
                         ShortestText(band.below_years) + ": " + out.dose_basis;
        return;
      }
    }
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

  const Assessment& assessment_;
  const Grading& grading_;
  const PatientContext& context_;
  const Protocol& protocol_;
  Recommendation result_;
  std::array<int, 2> managed_{};               // the grade actions are chosen by, per syndrome
  std::array<std::string, 2> escalated_by_{};  // the escalation that set it, if any
  std::set<std::string> rules_done_;
  std::set<Drug> drugs_done_;
  std::string steroid_rule_;  // the corticosteroid action already recommended, if any
  std::optional<Drug> steroid_drug_;
};

}  // namespace

PatientContext ContextAt(const Assessment& assessment, PatientContext context) {
  // A time that does not parse leaves no "now" rather than a stale one (adapters refuse it first).
  if (!assessment.time.empty()) context.now = ParseRfc3339(assessment.time);
  if (!context.age_years) context.age_years = assessment.age_years;
  return context;
}

CourseGrade CourseGradeOf(const Grading& grading, UnixSeconds time) {
  CourseGrade entry;
  entry.time = time;
  if (grading.crs.assessed) entry.crs_grade = grading.crs.grade;
  if (grading.icans.assessed) entry.icans_grade = grading.icans.grade;
  if (grading.crs.reading.fever != FeverReading::kNotRecorded) {
    entry.fever = grading.crs.reading.FeverCounted();
  }
  return entry;
}

Recommendation Recommend(const Assessment& assessment, const Grading& grading,
                         const PatientContext& context, const Protocol& protocol) {
  return Engine(assessment, grading, context, protocol).Run();
}

Recommendation Recommend(const Grading& grading, const PatientContext& context,
                         const Protocol& protocol) {
  const Assessment no_findings;
  return Engine(no_findings, grading, context, protocol).Run();
}

}  // namespace cartwatch::core
