// cartwatch institutional default (docs/clinical/monitoring.md, "Reassessment intervals").
#include "cartwatch/core/reassessment.h"

#include <gtest/gtest.h>

namespace cartwatch::core {
namespace {

Grading Graded(bool crs_assessed, int crs, bool icans_assessed, int icans) {
  Grading grading;
  grading.crs.assessed = crs_assessed;
  grading.crs.grade = crs;
  grading.icans.assessed = icans_assessed;
  grading.icans.grade = icans;
  return grading;
}

TEST(MonitoringDefaults, NoSyndromeUsesTheLongIntervals) {
  const auto due = ReassessmentsDue(Graded(true, 0, true, 0), 1000);
  ASSERT_EQ(due.size(), 2U);
  EXPECT_EQ(due[0].rule, "cartwatch.monitor.vitals");
  EXPECT_EQ(due[0].due, 1000 + 8 * 3600);
  EXPECT_EQ(due[1].rule, "cartwatch.monitor.neuro");
  EXPECT_EQ(due[1].due, 1000 + 12 * 3600);
}

TEST(MonitoringDefaults, GradeOneShortensOnlyItsOwnCheck) {
  auto due = ReassessmentsDue(Graded(true, 1, true, 0), 0);
  EXPECT_EQ(due[0].due, 4 * 3600);
  EXPECT_EQ(due[1].due, 12 * 3600);
  due = ReassessmentsDue(Graded(true, 0, true, 1), 0);
  EXPECT_EQ(due[0].due, 8 * 3600);
  EXPECT_EQ(due[1].due, 8 * 3600);
}

TEST(MonitoringDefaults, NotAssessedIsCheckedAsOftenAsAbnormal) {
  const auto due = ReassessmentsDue(Graded(false, 0, false, 0), 0);
  EXPECT_EQ(due[0].interval_hours, kVitalsHoursWhileCrs);
  EXPECT_EQ(due[1].interval_hours, kNeuroHoursWhileIcans);
}

// Worsening never lengthens an interval.
TEST(MonitoringDefaults, HigherGradesNeverWaitLonger) {
  for (int grade = 1; grade <= 4; ++grade) {
    const auto lower = ReassessmentsDue(Graded(true, grade - 1, true, grade - 1), 0);
    const auto higher = ReassessmentsDue(Graded(true, grade, true, grade), 0);
    EXPECT_LE(higher[0].due, lower[0].due);
    EXPECT_LE(higher[1].due, lower[1].due);
  }
}

}  // namespace
}  // namespace cartwatch::core
