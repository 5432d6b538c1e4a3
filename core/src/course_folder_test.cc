// Unit tests of folding many patients' records into courses, and of the course options a
// protocol gives.
#include "cartwatch/core/course_folder.h"

#include <gtest/gtest.h>

#include "cartwatch/core/course_options.h"
#include "protocol_test_support.h"

namespace cartwatch::core {
namespace {

constexpr UnixSeconds kInfusionTime = 1772352000;  // 2026-03-01T08:00:00Z

TimelineEntry Entry(double hours, std::uint64_t line, double celsius) {
  TimelineEntry entry;
  entry.time = kInfusionTime + static_cast<UnixSeconds>(hours * kSecondsPerHour);
  entry.line = line;
  entry.findings.temperature_celsius = celsius;
  return entry;
}

TEST(CourseFolder, OneTimelinePerPatientInOrderOfFirstAppearance) {
  CourseFolder folder({}, false, "");
  folder.SetFile("a.csv");
  folder.SetInfusion("P2", {Product::kAxiCel, kInfusionTime});
  folder.Add("P2", Entry(1, 2, 39.0));
  folder.Add("P1", Entry(1, 3, 37.0));
  folder.Add("P2", Entry(2, 4, 38.5));
  folder.CountRows(3);
  EXPECT_EQ(folder.patients(), 2u);
  EXPECT_EQ(folder.patient_ids(), (std::vector<std::string>{"P2", "P1"}));
  EXPECT_EQ(folder.rows(), 3u);
  EXPECT_EQ(folder.errors_total(), 0u);
  const std::vector<PatientSummary> summaries = folder.FinishAll();
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].patient_id, "P2");
  EXPECT_EQ(summaries[0].assessments, 2u);
  EXPECT_EQ(summaries[1].patient_id, "P1");
  EXPECT_EQ(summaries[1].assessments, 1u);
}

TEST(CourseFolder, ARefusedEntrySpoilsItsPatientOnlyAndIsReportedOnce) {
  CourseFolder folder({}, false, "");
  folder.SetFile("course.csv");
  folder.Add("P1", Entry(5, 2, 37.0));
  folder.Add("P1", Entry(1, 3, 37.0));  // out of time order: refused
  folder.Add("P1", Entry(6, 4, 39.0));  // not graded: the patient is spoiled
  folder.Add("P2", Entry(1, 5, 39.0));  // another patient is graded
  ASSERT_EQ(folder.errors().size(), 1u);
  EXPECT_EQ(folder.errors_total(), 1u);
  EXPECT_EQ(folder.errors()[0].file, "course.csv");
  EXPECT_EQ(folder.errors()[0].line, 3u);
  EXPECT_EQ(folder.errors()[0].error.code, ErrorCode::kOutOfOrder);
  const std::vector<PatientSummary> summaries = folder.FinishAll();
  EXPECT_EQ(summaries[0].assessments, 1u);
  EXPECT_EQ(summaries[1].assessments, 1u);
}

TEST(CourseFolder, ReaderErrorsCarryTheCurrentFileAndOnlyTheFirstAreKept) {
  CourseFolder folder({}, false, "");
  folder.SetFile("one.csv");
  folder.AddError(7, Error{ErrorCode::kWrongType, "temperature", "x", "not a number", ""});
  folder.SetFile("(stdin)");
  for (std::size_t i = 0; i < CourseFolder::kMaxKeptErrors + 5; ++i) {
    folder.AddError(10 + i, Error{ErrorCode::kWrongType, "x", "y", "bad", ""});
  }
  folder.CountUnkeptErrors(20);
  EXPECT_EQ(folder.errors().size(), CourseFolder::kMaxKeptErrors);
  EXPECT_EQ(folder.errors_total(), CourseFolder::kMaxKeptErrors + 26);
  EXPECT_EQ(folder.errors()[0].file, "one.csv");
  EXPECT_EQ(folder.errors()[0].line, 7u);
  EXPECT_EQ(folder.errors()[1].file, "(stdin)");
}

TEST(CourseFolder, KeepsThePointsOfTheFirstPatientByDefault) {
  CourseFolder folder({}, true, "");
  TimelineEntry with_dose = Entry(2, 3, 39.0);
  with_dose.treatments.push_back({TreatmentKind::kDrug, Drug::kTocilizumab, 560.0});
  folder.Add("P1", Entry(1, 2, 39.0));
  folder.Add("P2", Entry(1, 4, 39.0));
  folder.Add("P1", std::move(with_dose));
  const std::optional<PatientCourse> course = folder.FinishKept();
  ASSERT_TRUE(course);
  EXPECT_EQ(course->summary.patient_id, "P1");
  ASSERT_EQ(course->points.size(), 2u);
  EXPECT_EQ(course->points[1].line, 3u);
  ASSERT_EQ(course->treatments.size(), 1u);
  EXPECT_EQ(course->treatments[0].treatment.drug, Drug::kTocilizumab);
}

TEST(CourseFolder, KeepsThePointsOfTheChosenPatientOrNone) {
  CourseFolder chosen({}, true, "P2");
  chosen.Add("P1", Entry(1, 2, 39.0));
  chosen.Add("P2", Entry(1, 3, 37.0));
  const std::optional<PatientCourse> course = chosen.FinishKept();
  ASSERT_TRUE(course);
  EXPECT_EQ(course->summary.patient_id, "P2");
  ASSERT_EQ(course->points.size(), 1u);
  EXPECT_EQ(course->points[0].line, 3u);

  CourseFolder absent({}, true, "P9");
  absent.Add("P1", Entry(1, 2, 39.0));
  EXPECT_FALSE(absent.FinishKept());
  CourseFolder not_kept({}, false, "");
  not_kept.Add("P1", Entry(1, 2, 39.0));
  EXPECT_FALSE(not_kept.FinishKept());
}

TEST(CourseOptions, TheResponseWindowIsTheTocilizumabRedoseInterval) {
  Protocol protocol = testing::TestProtocol();  // tocilizumab: at least 8 h apart
  EXPECT_EQ(TocilizumabResponseWindowHours(protocol), 8.0);
  protocol.limits[0].min_interval_hours = 12.0;
  GradingSystemSet systems{GradingSystem::kAstct2019};
  systems.Add(GradingSystem::kPenn);
  const TimelineOptions options = TimelineOptionsFor(protocol, systems);
  EXPECT_EQ(options.tocilizumab_response_window_hours, 12.0);
  EXPECT_EQ(options.systems, systems);
  // Without a re-dose interval the default window stays.
  protocol.limits.clear();
  EXPECT_FALSE(TocilizumabResponseWindowHours(protocol));
  EXPECT_EQ(TimelineOptionsFor(protocol, systems).tocilizumab_response_window_hours,
            TimelineOptions{}.tocilizumab_response_window_hours);
}

}  // namespace
}  // namespace cartwatch::core
