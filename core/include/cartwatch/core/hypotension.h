// Hypotension from raw blood pressure, for records that chart the pressure but no hypotension flag.
//
// ASTCT 2019 gives no mmHg cut-off ("age-appropriate"). Adults (18 years and older, or age not
// known): systolic below 90 mmHg (a common convention, not ASTCT text) or mean arterial
// pressure below 65 mmHg (Surviving Sepsis Campaign 2021). Children: the PALS systolic bands by age
// (UNCONFIRMED). Both adult thresholds are configurable; the paediatric bands can
// be switched off (then the adult thresholds apply at every age).
#ifndef CARTWATCH_CORE_HYPOTENSION_H_
#define CARTWATCH_CORE_HYPOTENSION_H_

#include <optional>
#include <span>

#include "cartwatch/core/rule.h"

namespace cartwatch::core {

// Raw blood pressure; hypotension is derived from it when no explicit flag is recorded.
struct BloodPressure {
  std::optional<double> systolic_mmhg;
  std::optional<double> mean_mmhg;
};

// Hypotension thresholds used when only blood pressure is recorded.
struct HypotensionThresholds {
  double adult_systolic_below_mmhg = 90.0;  // adult convention, not ASTCT text
  double adult_mean_below_mmhg = 65.0;      // SSC 2021 initial MAP target
  bool pediatric_bands = true;              // PALS bands below 18 years (UNCONFIRMED)
};

inline constexpr double kAdultAgeYears = 18.0;
inline constexpr double kDaysPerYear = 365.25;

// One PALS band: systolic hypotension below base + per_year x (completed years of age), for ages
// below `age_below_years` (and at or above the previous band's bound).
struct SystolicBand {
  double age_below_years;
  double base_mmhg;
  double per_year_mmhg;
  RuleInfo rule;
};

// The PALS bands in ascending age; the last ends at kAdultAgeYears.
std::span<const SystolicBand> PediatricSystolicBands() noexcept;

// The adult rules, for explanation (their thresholds come from HypotensionThresholds).
const RuleInfo& AdultSystolicRule() noexcept;
const RuleInfo& AdultMeanRule() noexcept;

struct VitalsHypotension {
  bool hypotension = false;
  const RuleInfo* rule = nullptr;  // the threshold that decided
  double threshold_mmhg = 0.0;     // "below this" for the deciding measure
};

// Hypotension judged from `pressure` for a patient of `age_years` (nullopt: unknown, treated as an
// adult). True when any measure that applies is below its threshold. False when none is, and at
// least one was measured (one measure at or above its threshold is taken as enough: a cartwatch
// policy, the record rarely has both). nullopt when no measure that applies was recorded (a child
// with only a mean pressure: the PALS bands are systolic).
std::optional<VitalsHypotension> HypotensionFromVitals(
    const BloodPressure& pressure, std::optional<double> age_years,
    const HypotensionThresholds& thresholds) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_HYPOTENSION_H_
