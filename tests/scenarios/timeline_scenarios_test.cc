// Courses of single patients walked through the timeline engine: episode detection (onset, peak,
// resolution, two episodes, CRS then ICANS), masked fever after tocilizumab, gaps in the data and
// the response to tocilizumab. The rules are in docs/timeline.md.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "cartwatch/core/timeline.h"

namespace cartwatch::core {
namespace {

constexpr UnixSeconds kInfusionTime = 1772352000;  // 2026-03-01T08:00:00Z, day 0 hour 0

UnixSeconds Hour(double hours) {
  return kInfusionTime + static_cast<UnixSeconds>(std::llround(hours * kSecondsPerHour));
}

// One bedside entry, finding by finding.
class At {
 public:
  explicit At(double hours) { entry_.time = Hour(hours); }
  At& Age(double years) { return entry_.findings.age_years = years, *this; }
  At& Temp(double celsius) { return entry_.findings.temperature_celsius = celsius, *this; }
  At& Systolic(double mmhg) { return entry_.blood_pressure.systolic_mmhg = mmhg, *this; }
  At& Norepinephrine(bool running) {
    entry_.vasopressor_running[static_cast<std::size_t>(Vasopressor::kNorepinephrine)] = running;
    return *this;
  }
  At& RoomAir() { return entry_.findings.oxygen = OxygenSupport{}, *this; }
  At& Cannula(double litres) {
    entry_.findings.oxygen = OxygenSupport{OxygenDevice::kNasalCannula, litres, std::nullopt, {}};
    return *this;
  }
  At& Ice(int total) { return entry_.findings.neuro.ice_total = total, *this; }
  At& Give(Drug drug, double dose_mg) {
    entry_.treatments.push_back({TreatmentKind::kDrug, drug, dose_mg});
    return *this;
  }
  operator const TimelineEntry&() const { return entry_; }  // NOLINT(google-explicit-constructor)

 private:
  TimelineEntry entry_;
};

// A normal adult assessment: afebrile, normal pressure, room air.
At Normal(double hours) { return std::move(At(hours).Temp(36.9).Systolic(118).RoomAir()); }

class Course : public ::testing::Test {
 protected:
  Course() : timeline_("P1", TimelineOptions{}) {
    timeline_.SetInfusion({Product::kAxiCel, kInfusionTime});
    Record(At(-2).Age(58).Temp(36.8).Systolic(124).RoomAir().Ice(10));  // baseline
  }

  // Records an entry; returns the ASTCT CRS grade of its point (-1 for treatments only).
  int Record(const TimelineEntry& entry) {
    auto result = timeline_.Add(entry);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    if (!result.ok() || !result.value()) return -1;
    points_.push_back(*result.value());
    return result.value()->astct.crs.grade;
  }

  const AssessmentPoint& Last() const { return points_.back(); }

  PatientTimeline timeline_;
  std::vector<AssessmentPoint> points_;
};

TEST_F(Course, OnsetPeakAndResolution) {
  EXPECT_EQ(Record(Normal(0)), 0);
  EXPECT_EQ(Record(Normal(12)), 0);
  EXPECT_EQ(Record(Normal(36)), 0);
  EXPECT_EQ(Record(At(50).Temp(38.6).Systolic(112).RoomAir()), 1);  // onset, day 2
  // Hypotension from the pressure, no vasopressor yet.
  EXPECT_EQ(Record(At(56).Temp(39.1).Systolic(84).Norepinephrine(false)), 2);
  EXPECT_TRUE(Last().hypotension_from_vitals);
  EXPECT_EQ(Record(At(62).Temp(39.0).Norepinephrine(true).Cannula(3)), 3);  // peak
  EXPECT_EQ(Record(At(70).Temp(38.3)), 3);  // vasopressor and cannula carried
  EXPECT_TRUE(Last().carried.Contains(CarriedFinding::kVasopressors));
  EXPECT_EQ(Record(At(80).Temp(37.4).Systolic(115).Norepinephrine(false).RoomAir()), 0);

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  const Episode& episode = summary.crs_episodes[0];
  EXPECT_EQ(episode.onset, Hour(50));
  EXPECT_EQ(episode.onset_hours, 50.0);
  EXPECT_EQ(episode.onset_day, 2);
  EXPECT_EQ(episode.peak_grade, 3);
  EXPECT_FALSE(episode.peak_lower_bound);
  EXPECT_EQ(episode.peak_time, Hour(62));
  EXPECT_DOUBLE_EQ(episode.time_to_peak_hours, 12.0);
  EXPECT_EQ(episode.resolution, Hour(80));
  EXPECT_EQ(episode.duration_hours, 30.0);
  EXPECT_FALSE(episode.ongoing);
  EXPECT_FALSE(episode.longest_gap_hours);
  EXPECT_EQ(summary.max_crs_grade[0], 3);
  EXPECT_EQ(summary.crs_grade_by_day[0], 0);
  EXPECT_EQ(summary.crs_grade_by_day[1], 0);
  EXPECT_EQ(summary.crs_grade_by_day[2], 3);
  EXPECT_EQ(summary.crs_grade_by_day[3], 0);
  EXPECT_EQ(summary.crs_grade_by_day[4], -1);
  EXPECT_EQ(summary.assessments, 8u);
  EXPECT_EQ(summary.baseline_assessments, 1u);
  // Time in grade: 0 for 50 h, 1 for 6 h, 2 for 6 h, 3 for 18 h.
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[0], 50.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[1], 6.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[2], 6.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[3], 18.0);
}

TEST_F(Course, TwoSeparateEpisodes) {
  EXPECT_EQ(Record(At(24).Temp(38.4).Systolic(120).RoomAir()), 1);
  EXPECT_EQ(Record(Normal(36)), 0);
  EXPECT_EQ(Record(Normal(60)), 0);
  EXPECT_EQ(Record(At(120).Temp(38.9).Systolic(86).RoomAir()), 2);
  EXPECT_EQ(Record(Normal(130)), 0);

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 2u);
  EXPECT_EQ(summary.crs_episodes[0].onset_day, 1);
  EXPECT_EQ(summary.crs_episodes[0].peak_grade, 1);
  EXPECT_EQ(summary.crs_episodes[0].duration_hours, 12.0);
  EXPECT_EQ(summary.crs_episodes[1].onset_day, 5);
  EXPECT_EQ(summary.crs_episodes[1].peak_grade, 2);
  EXPECT_EQ(summary.crs_episodes[1].duration_hours, 10.0);
  EXPECT_EQ(summary.max_crs_grade[0], 2);
}

// After paracetamol a mild CRS dips to "no reportable grade" (fever no longer counts, ASTCT 2019)
// and returns: one episode, not two (docs/timeline.md, merge window).
TEST_F(Course, ReturnWithinTheMergeWindowIsTheSameEpisode) {
  EXPECT_EQ(Record(At(24).Temp(38.4).Systolic(120).RoomAir()), 1);
  EXPECT_EQ(Record(At(25).Give(Drug::kParacetamol, 1000)), -1);
  EXPECT_EQ(Record(Normal(30)), 0);
  EXPECT_TRUE(Last().effective.fever_masked.value_or(false));
  // 14 h after the dip: still masked, so hypotension alone grades CRS 2 in the same episode.
  EXPECT_EQ(Record(At(44).Temp(37.2).Systolic(84).RoomAir()), 2);
  EXPECT_EQ(Record(Normal(60)), 0);
  EXPECT_EQ(Record(Normal(90)), 0);  // 30 h at grade 0: the window has closed

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_EQ(summary.crs_episodes[0].peak_grade, 2);
  EXPECT_EQ(summary.crs_episodes[0].resolution, Hour(60));
  EXPECT_EQ(summary.crs_episodes[0].duration_hours, 36.0);
  EXPECT_FALSE(summary.crs_episodes[0].ongoing);
}

TEST_F(Course, MaskingEndsWithTheMergeWindow) {
  EXPECT_EQ(Record(At(24).Temp(38.4).Systolic(120).RoomAir().Give(Drug::kParacetamol, 1000)), 1);
  EXPECT_EQ(Record(At(30).Give(Drug::kParacetamol, 1000)), -1);
  EXPECT_EQ(Record(Normal(36)), 0);
  EXPECT_EQ(Record(Normal(61)), 0);  // 25 h after resolving: resolved for good
  EXPECT_EQ(Record(At(66).Temp(37.0).Systolic(84).RoomAir()), 0);  // afebrile: not CRS
  EXPECT_FALSE(Last().effective.fever_masked.value_or(true));
  EXPECT_EQ(timeline_.Finish().crs_episodes.size(), 1u);
}

TEST_F(Course, CrsThenIcans) {
  EXPECT_EQ(Record(At(30).Temp(38.7).Systolic(118).RoomAir().Ice(10)), 1);
  EXPECT_EQ(Record(Normal(54).Ice(10)), 0);
  Record(At(72).Ice(6));  // CRS findings expired: a neuro-only assessment
  EXPECT_FALSE(Last().astct.crs.assessed);
  EXPECT_EQ(Last().astct.icans.grade, 2);
  Record(At(80).Ice(2));
  EXPECT_EQ(Last().astct.icans.grade, 3);
  Record(At(96).Ice(10));
  EXPECT_EQ(Last().astct.icans.grade, 0);

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_EQ(summary.crs_episodes[0].resolution, Hour(54));
  ASSERT_EQ(summary.icans_episodes.size(), 1u);
  const Episode& icans = summary.icans_episodes[0];
  EXPECT_EQ(icans.syndrome, Syndrome::kIcans);
  EXPECT_EQ(icans.onset_day, 3);
  EXPECT_EQ(icans.peak_grade, 3);
  EXPECT_EQ(icans.peak_time, Hour(80));
  EXPECT_EQ(icans.resolution, Hour(96));
  EXPECT_EQ(icans.duration_hours, 24.0);
  EXPECT_EQ(summary.max_icans_grade, 3);
  EXPECT_EQ(summary.icans_grade_by_day[3], 3);
  EXPECT_EQ(summary.icans_grade_by_day[4], 0);
  EXPECT_EQ(summary.crs_grade_by_day[3], -1);  // no CRS assessment on day 3
}

TEST_F(Course, MaskedFeverAfterTocilizumabOnAPressorIsStillGradeThree) {
  EXPECT_EQ(Record(At(40).Temp(39.2).Systolic(85).RoomAir()), 2);
  EXPECT_EQ(Record(At(41).Give(Drug::kTocilizumab, 640)), -1);
  // Afebrile after tocilizumab, now on norepinephrine: fever is no longer required.
  EXPECT_EQ(Record(At(46).Temp(37.2).Norepinephrine(true).RoomAir()), 3);
  EXPECT_EQ(Last().effective.fever_masked, true);
  EXPECT_TRUE(Last().fever_masked_derived);
  EXPECT_EQ(Record(At(52).Temp(37.0).Norepinephrine(true)), 3);
  EXPECT_EQ(Record(At(60).Temp(36.8).Systolic(120).Norepinephrine(false).RoomAir()), 0);
  EXPECT_EQ(Record(Normal(72)), 0);
  // Resolved for more than the merge window: masking ends, afebrile hypotension is not CRS.
  EXPECT_EQ(Record(At(86).Temp(36.9).Systolic(84).RoomAir()), 0);
  EXPECT_EQ(Last().effective.fever_masked, false);

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);  // no false resolution while afebrile on a pressor
  EXPECT_EQ(summary.crs_episodes[0].peak_grade, 3);
  EXPECT_EQ(summary.crs_episodes[0].resolution, Hour(60));
  ASSERT_EQ(summary.tocilizumab.size(), 1u);
  EXPECT_EQ(summary.tocilizumab[0].crs_grade_at_dose, 2);
  EXPECT_EQ(summary.tocilizumab[0].response, TocilizumabResponse::kNoResponse);
  EXPECT_EQ(summary.tocilizumab[0].dose_mg, 640.0);
}

TEST_F(Course, GapsInTheData) {
  EXPECT_EQ(Record(At(50).Temp(39.0).Systolic(86).Cannula(2)), 2);
  // 30 h of silence: nothing recorded at 50 h still holds at 80 h.
  EXPECT_EQ(Record(At(80).Temp(38.5)), 1);
  EXPECT_TRUE(Last().carried.Empty());
  EXPECT_FALSE(Last().effective.oxygen);
  EXPECT_TRUE(Last().astct.crs.lower_bound());
  EXPECT_EQ(Record(Normal(86)), 0);

  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  const Episode& episode = summary.crs_episodes[0];
  EXPECT_EQ(episode.longest_gap_hours, 30.0);
  EXPECT_EQ(episode.peak_grade, 2);
  EXPECT_TRUE(episode.peak_lower_bound);  // the 80 h point could have been higher
  EXPECT_DOUBLE_EQ(summary.hours_unobserved, 6.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[2], 24.0);
  EXPECT_EQ(summary.crs_grade_by_day[1], -1);  // nothing recorded after infusion on day 1
}

TEST_F(Course, OngoingEpisodeAtTheEndOfTheRecord) {
  EXPECT_EQ(Record(At(30).Temp(38.7).Systolic(118).RoomAir()), 1);
  EXPECT_EQ(Record(At(36).Temp(38.9).Systolic(118).RoomAir()), 1);
  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_TRUE(summary.crs_episodes[0].ongoing);
  EXPECT_FALSE(summary.crs_episodes[0].resolution);
  EXPECT_FALSE(summary.crs_episodes[0].duration_hours);
}

TEST_F(Course, TocilizumabResponded) {
  // The dose in the same entry as the grade-2 assessment: that grade is the grade at the dose.
  EXPECT_EQ(Record(At(30).Temp(39.4).Systolic(88).RoomAir().Give(Drug::kTocilizumab, 560)), 2);
  EXPECT_EQ(Record(At(34).Temp(37.3).Systolic(88)), 2);   // masked, still hypotensive
  EXPECT_EQ(Record(At(37).Temp(37.0).Systolic(104)), 0);  // within 8 h: responded
  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.tocilizumab.size(), 1u);
  const TocilizumabDose& dose = summary.tocilizumab[0];
  EXPECT_EQ(dose.crs_grade_at_dose, 2);
  EXPECT_EQ(dose.response, TocilizumabResponse::kResponded);
  EXPECT_EQ(dose.response_time, Hour(37));
}

TEST_F(Course, TocilizumabResponseUnknownWithoutAssessmentInTheWindow) {
  EXPECT_EQ(Record(At(30).Temp(39.4).Systolic(88).RoomAir()), 2);
  Record(At(31).Give(Drug::kTocilizumab, 560));
  EXPECT_EQ(Record(At(40).Temp(37.0).Systolic(110).RoomAir()), 0);  // 9 h after the dose
  // A dose with no CRS grade at the time cannot be judged either.
  Record(At(60).Give(Drug::kTocilizumab, 560));
  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.tocilizumab.size(), 2u);
  EXPECT_EQ(summary.tocilizumab[0].response, TocilizumabResponse::kUnknown);
  EXPECT_EQ(summary.tocilizumab[1].crs_grade_at_dose, 0);
  EXPECT_EQ(summary.tocilizumab[1].response, TocilizumabResponse::kUnknown);
  EXPECT_EQ(summary.drugs[static_cast<std::size_t>(Drug::kTocilizumab)].doses, 2);
}

TEST_F(Course, TocilizumabNoResponseSettledAtTheEnd) {
  EXPECT_EQ(Record(At(30).Temp(39.4).Systolic(88).RoomAir()), 2);
  Record(At(31).Give(Drug::kTocilizumab, 560));
  EXPECT_EQ(Record(At(35).Temp(37.1).Systolic(86)), 2);  // in the window, not lower
  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.tocilizumab.size(), 1u);
  EXPECT_EQ(summary.tocilizumab[0].response, TocilizumabResponse::kNoResponse);
  EXPECT_FALSE(summary.tocilizumab[0].response_time);
}

}  // namespace
}  // namespace cartwatch::core
