// Fever masking on a timeline: which dose masked fever at a point (AssessmentPoint::
// fever_masked_by), read from the drug table's fever_masking column (ASTCT 2019 CRS grading table
// footnote).
#include <gtest/gtest.h>

#include <optional>

#include "cartwatch/core/timeline.h"

namespace cartwatch::core {
namespace {

constexpr UnixSeconds kInfusion = 1772352000;  // 2026-03-01T08:00:00Z

TimelineEntry Entry(double hours, double celsius, bool hypotension) {
  TimelineEntry entry;
  entry.time = kInfusion + static_cast<UnixSeconds>(hours * kSecondsPerHour);
  entry.findings.temperature_celsius = celsius;
  entry.findings.hypotension = hypotension;
  entry.findings.oxygen = OxygenSupport{};
  return entry;
}

TimelineEntry With(TimelineEntry entry, Drug drug, double dose_mg) {
  entry.treatments.push_back({TreatmentKind::kDrug, drug, dose_mg});
  return entry;
}

AssessmentPoint Add(PatientTimeline& timeline, const TimelineEntry& entry) {
  auto result = timeline.Add(entry);
  EXPECT_TRUE(result.ok());
  if (!result.ok() || !result.value()) return {};
  return *result.value();
}

PatientTimeline Timeline() {
  PatientTimeline timeline("P1", TimelineOptions{});
  timeline.SetInfusion({Product::kAxiCel, kInfusion});
  return timeline;
}

TEST(FeverMaskedBy, NamesTheFirstMaskingDoseOfTheEpisode) {
  PatientTimeline timeline = Timeline();
  const AssessmentPoint onset = Add(timeline, With(Entry(0, 38.8, false), Drug::kTocilizumab, 560));
  EXPECT_FALSE(onset.fever_masked_by);  // given at the onset: masks later assessments only
  const AssessmentPoint later = Add(timeline, With(Entry(4, 37.0, true), Drug::kParacetamol, 1000));
  ASSERT_TRUE(later.fever_masked_by);
  EXPECT_EQ(later.fever_masked_by->time, kInfusion);
  EXPECT_EQ(later.fever_masked_by->treatment.drug, Drug::kTocilizumab);
  EXPECT_EQ(later.fever_masked_by->treatment.dose_mg, 560.0);
  EXPECT_TRUE(later.astct.crs.reading.fever_masked);
  EXPECT_TRUE(later.astct.crs.reading.GradedWithoutFever());
  const AssessmentPoint next = Add(timeline, Entry(8, 37.0, true));
  ASSERT_TRUE(next.fever_masked_by);
  EXPECT_EQ(next.fever_masked_by->treatment.drug, Drug::kTocilizumab);  // still the first dose
}

TEST(FeverMaskedBy, AbsentWhenNothingMasks) {
  PatientTimeline timeline = Timeline();
  Add(timeline, With(Entry(0, 38.8, false), Drug::kLevetiracetam, 500));
  const AssessmentPoint point = Add(timeline, Entry(2, 37.0, true));
  EXPECT_TRUE(point.fever_masked_derived);
  EXPECT_EQ(point.effective.fever_masked, false);
  EXPECT_FALSE(point.fever_masked_by);
  EXPECT_FALSE(point.astct.crs.reading.fever_masked);
}

TEST(FeverMaskedBy, AbsentWhenMaskingIsRecorded) {
  PatientTimeline timeline = Timeline();
  Add(timeline, With(Entry(0, 38.8, false), Drug::kDexamethasone, 10));
  TimelineEntry recorded = Entry(2, 37.0, true);
  recorded.findings.fever_masked = true;
  const AssessmentPoint point = Add(timeline, recorded);
  EXPECT_FALSE(point.fever_masked_derived);
  EXPECT_FALSE(point.fever_masked_by);
  EXPECT_TRUE(point.astct.crs.reading.fever_masked);
}

}  // namespace
}  // namespace cartwatch::core
