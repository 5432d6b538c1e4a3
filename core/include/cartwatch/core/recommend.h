// What to do now: the actions a protocol gives for the current grades, with doses computed for the
// patient, limits and intervals enforced, and what is withheld and why.
#ifndef CARTWATCH_CORE_RECOMMEND_H_
#define CARTWATCH_CORE_RECOMMEND_H_

#include <optional>
#include <string>
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

struct PatientContext {
  std::optional<double> weight_kg;
  std::optional<double> age_years;
  std::string product;                  // e.g. "axi-cel"; informative
  std::optional<UnixSeconds> infusion;  // day 0
  std::optional<UnixSeconds> now;       // time of the assessment; needed for intervals
  std::vector<TreatmentGiven> given;    // this episode, any order; doses after `now` are ignored
};

struct RecommendedAction {
  ActionKind kind;
  std::optional<Drug> drug;
  std::optional<double> dose_mg;  // computed dose, rounded and capped
  std::string dose_basis;         // e.g. "8 mg/kg x 70 kg = 560 mg"; "capped at 800 mg"
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

// The protocol's actions for the grades, made safe for the patient by the safety rules
// (safety_rules.h), which hold whatever the protocol says: each withheld drug, need and changed
// action names the rule that decided it.
// Preconditions: `protocol` passed CheckProtocol. Never throws for valid inputs.
Recommendation Recommend(const Grading& grading, const PatientContext& context,
                         const Protocol& protocol);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_RECOMMEND_H_
