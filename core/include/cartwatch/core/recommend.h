// What to do now: the actions a protocol gives for the current grades, with doses computed for the
// patient, limits and intervals enforced, and what is withheld and why.
#ifndef CARTWATCH_CORE_RECOMMEND_H_
#define CARTWATCH_CORE_RECOMMEND_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/safety_rules.h"
#include "cartwatch/core/time.h"

namespace cartwatch::core {

struct TreatmentGiven {
  Drug drug;
  UnixSeconds time;
  std::optional<double> dose_mg;
};

// An earlier assessment of the course: what "no improvement" and fever duration are judged from.
struct CourseGrade {
  UnixSeconds time = 0;
  std::optional<int> crs_grade;    // absent: CRS not assessed then
  std::optional<int> icans_grade;  // absent: ICANS not assessed then
  std::optional<bool> fever;       // temperature >= 38.0 C then (ASTCT 2019)
};

struct PatientContext {
  std::optional<double> weight_kg;
  std::optional<double> age_years;
  std::optional<Product> product;
  std::optional<UnixSeconds> infusion;     // day 0
  std::optional<UnixSeconds> now;          // time of the assessment; needed for intervals
  std::vector<TreatmentGiven> given;       // this episode, any order; doses after `now` are ignored
  std::vector<CourseGrade> course;         // earlier assessments, any order; later ones are ignored
  std::optional<UnixSeconds> fever_since;  // first fever of the CRS episode, when charted
};

// Where a regimen stands: its steps, the current one, and the doses given so far.
struct RegimenProgress {
  std::vector<std::string> steps;  // "500 mg IV every 12 h, 6 doses"
  int current_step = 0;            // index into steps
  int doses_given = 0;             // of the regimen's drug in the episode
};

// The dose_basis of a drug action whose protocol gives no dose (the dose is in its text).
inline constexpr std::string_view kDoseInProtocolText = "no dose in the protocol: see the text";

struct RecommendedAction {
  ActionKind kind;
  std::optional<Drug> drug;
  std::vector<Drug> alternatives;  // drugs the protocol's text offers instead; not dosed
  std::optional<double> dose_mg;   // computed dose, rounded and capped
  std::string dose_basis;          // e.g. "8 mg/kg x 70 kg = 560 mg"; "capped at 800 mg"
  std::string route;
  std::string frequency;
  std::string when;  // "now" or "if no response by 2026-03-01T20:00:00Z"
  std::optional<UnixSeconds> not_before;
  std::string rule;
  std::string source;
  std::string text;
  bool unconfirmed = false;
  // The safety rules that changed this action: kDoseCap (capped), kMinRedoseInterval (delayed).
  std::vector<SafetyRuleId> safety_rules;
  // What selected the action, in words: the grade, the protocol's conditions and "no
  // improvement" judgements, e.g. "concurrent CRS grade 2 (1 to 5)".
  std::vector<std::string> conditions;
  std::string escalation;  // rule id of the escalation it was chosen under, if any
  std::optional<RegimenProgress> regimen;
};

// An escalation of the protocol that applied: the syndrome's actions were chosen at `manage_as`.
struct AppliedEscalation {
  std::string rule;
  std::string source;
  std::string text;
  bool unconfirmed = false;
  Syndrome syndrome = Syndrome::kCrs;
  int grade = 0;      // as graded
  int manage_as = 0;  // the grade its actions were chosen at
  std::vector<std::string> conditions;
};

struct WithheldAction {
  Drug drug;
  std::string reason;
  std::string rule;  // the action or limit rule of the protocol that withheld it
  // The engine's safety rule that withheld it (always set by Recommend).
  std::optional<SafetyRuleId> safety_rule = std::nullopt;
};

// A need and the safety rule that causes it ("weight_kg": kPlausibleWeight; "time":
// kLimitsNeedTime or kEscalationAfterNoResponse). Needs of missing findings have no rule.
struct NeedCause {
  std::string need;
  SafetyRuleId safety_rule;
};

struct Recommendation {
  std::string protocol_id;
  std::string protocol_version;
  int crs_grade = 0;  // 0 when not assessed
  int icans_grade = 0;
  bool crs_assessed = false;  // false: no CRS finding recorded (needs lists "assessment.crs")
  bool icans_assessed = false;
  bool grades_are_lower_bounds = false;
  std::vector<AppliedEscalation> escalations;
  std::vector<RecommendedAction> actions;
  std::vector<WithheldAction> withheld;
  std::vector<std::string> needs;    // missing inputs, e.g. "weight_kg", "time"
  std::vector<NeedCause> needed_by;  // for the needs a safety rule causes, each pair once
};

// The context of `assessment`: the assessment is "now" (intervals and 24 h limits count back
// from its time) and its age fills the context's when the context has none. A context that
// already holds an age keeps it. `now` becomes the assessment's time; it is left as it was when
// the assessment has no time, and cleared when the time is not RFC 3339 (adapters refuse those
// first), so that intervals are never counted from a stale time.
// Every front end calls this before Recommend, so that the CLI and the server advise alike.
PatientContext ContextAt(const Assessment& assessment, PatientContext context);

// An assessment's grading as a course entry at `time`, for the assessments that follow it.
CourseGrade CourseGradeOf(const Grading& grading, UnixSeconds time);

// The protocol's actions for the grades and findings of `assessment`, made safe for the patient
// by the safety rules (safety_rules.h), which hold whatever the protocol says: each withheld
// drug, need and changed action names the rule that decided it. `grading` is the ASTCT 2019
// grading of `assessment`.
// Preconditions: `protocol` passed CheckProtocol. Never throws for valid inputs.
Recommendation Recommend(const Assessment& assessment, const Grading& grading,
                         const PatientContext& context, const Protocol& protocol);

// The same with no findings beyond the grades: every condition on a finding is unknown.
Recommendation Recommend(const Grading& grading, const PatientContext& context,
                         const Protocol& protocol);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_RECOMMEND_H_
