// The safety rules of the recommendation engine: what Recommend enforces whatever a protocol
// says, one row each with a stable id and its source. A withheld drug, a need and an action the
// engine changed name the row that decided it, so a reader can follow the advice to its source
// as for a grade (docs/recommendation-output.md, "Safety rules").
#ifndef CARTWATCH_CORE_SAFETY_RULES_H_
#define CARTWATCH_CORE_SAFETY_RULES_H_

#include <cstdint>
#include <span>

#include "cartwatch/core/rule.h"

namespace cartwatch::core {

enum class SafetyRuleId : std::uint8_t {
  kNoIl6BlockadeWithoutCrs,    // withholds: anti-IL-6 drug with no CRS (isolated ICANS)
  kOneCorticosteroidAtATime,   // withholds: a second corticosteroid
  kLimitsNeedTime,             // withholds (and needs "time"): limits unknown without a time
  kMaxDosesTotal,              // withholds: the protocol's total dose count is reached
  kMaxDosesPer24h,             // withholds: the protocol's 24 h dose count is reached
  kMinRedoseInterval,          // delays: the next dose not before the minimum interval
  kPlausibleWeight,            // needs "weight_kg": no weight-based dose without a plausible weight
  kDoseCap,                    // caps: a computed dose above the protocol's maximum
  kEscalationAfterNoResponse,  // delays (and may need "time"): escalation after the window
  kDosesUpToTheAssessment,     // doses recorded after the assessment are not counted
};
inline constexpr int kSafetyRuleCount = 10;

struct SafetyRule {
  SafetyRuleId id;
  RuleInfo info;  // grade 0: a safety rule gives no grade
};

// Every safety rule, in enum order.
std::span<const SafetyRule> SafetyRules() noexcept;
const SafetyRule& Describe(SafetyRuleId id) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_SAFETY_RULES_H_
