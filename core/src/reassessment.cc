#include "cartwatch/core/reassessment.h"

namespace cartwatch::core {
namespace {

UnixSeconds After(UnixSeconds start, double hours) {
  return start + static_cast<UnixSeconds>(hours * 3600.0);
}

}  // namespace

std::vector<ReassessmentDue> ReassessmentsDue(const Grading& grading, UnixSeconds assessed_at) {
  // A syndrome not assessed counts as present: an unknown state is checked as often as an
  // abnormal one, never less.
  const bool crs = !grading.crs.assessed || grading.crs.grade >= 1;
  const bool icans = !grading.icans.assessed || grading.icans.grade >= 1;
  const double vitals = crs ? kVitalsHoursWhileCrs : kVitalsHours;
  const double neuro = icans ? kNeuroHoursWhileIcans : kNeuroHours;
  return {
      {"vital signs and CRS grade", "cartwatch.monitor.vitals", vitals, After(assessed_at, vitals)},
      {"ICE/CAPD and ICANS grade", "cartwatch.monitor.neuro", neuro, After(assessed_at, neuro)},
  };
}

}  // namespace cartwatch::core
