// When the next bedside checks fall due after an assessment. cartwatch institutional default
// (docs/clinical/monitoring.md, "Reassessment intervals"): vital signs and temperature at least
// every 4-8 h and ICE (CAPD under 12) every 8-12 h, the shorter interval while the syndrome is
// present. Not guideline text: a site's own monitoring orders take precedence.
#ifndef CARTWATCH_CORE_REASSESSMENT_H_
#define CARTWATCH_CORE_REASSESSMENT_H_

#include <string_view>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/time.h"

namespace cartwatch::core {

struct ReassessmentDue {
  std::string_view what;  // "vital signs and CRS grade", "ICE/CAPD and ICANS grade"
  std::string_view rule;  // "cartwatch.monitor.vitals", "cartwatch.monitor.neuro"
  double interval_hours = 0.0;
  UnixSeconds due = 0;
};

inline constexpr double kVitalsHoursWhileCrs = 4.0;
inline constexpr double kVitalsHours = 8.0;
inline constexpr double kNeuroHoursWhileIcans = 8.0;
inline constexpr double kNeuroHours = 12.0;

// The checks due after an assessment graded `grading` at `assessed_at`, vital signs first.
std::vector<ReassessmentDue> ReassessmentsDue(const Grading& grading, UnixSeconds assessed_at);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_REASSESSMENT_H_
