#include "cartwatch/synthetic/cohort_sampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/core/validate.h"
#include "cohort_writer.h"

namespace cartwatch::synthetic {
namespace {

using adapters::CsvLayout;
using core::Product;

std::string Csv(std::uint64_t seed, std::uint64_t patients, CsvLayout layout, bool interleave,
                CohortOptions options = {}) {
  const CohortSampler sampler(seed, std::move(options));
  std::string text;
  EXPECT_TRUE(
      bench::WriteCohortCsv(sampler, patients, layout, interleave, [&](std::string_view chunk) {
        text += chunk;
        return true;
      }));
  return text;
}

CohortOptions OnlyProduct(Product product) {
  CohortOptions options;
  options.mix = {{product, 1.0}};
  return options;
}

bool HasDrug(const core::TimelineEntry& entry, core::Drug drug) {
  return std::any_of(
      entry.treatments.begin(), entry.treatments.end(), [&](const core::Treatment& treatment) {
        return treatment.kind == core::TreatmentKind::kDrug && treatment.drug == drug;
      });
}

TEST(CohortSampler, SameSeedGivesByteIdenticalCsvInEveryLayout) {
  for (const CsvLayout layout : {CsvLayout::kLong, CsvLayout::kWide}) {
    for (const bool interleave : {false, true}) {
      const std::string first = Csv(42, 60, layout, interleave);
      const std::string second = Csv(42, 60, layout, interleave);
      EXPECT_GT(first.size(), 10'000u);
      EXPECT_EQ(first, second) << "layout " << static_cast<int>(layout) << " interleave "
                               << interleave;
      EXPECT_NE(first, Csv(43, 60, layout, interleave));
    }
  }
}

TEST(CohortSampler, PatientDependsOnlyOnSeedAndIndex) {
  const CohortSampler sampler(7, {});
  const SyntheticPatient late_first = sampler.Patient(12);
  for (std::uint64_t index = 0; index < 12; ++index) (void)sampler.Patient(index);
  const SyntheticPatient again = sampler.Patient(12);
  EXPECT_EQ(late_first.patient_id, "SYN-000013");
  EXPECT_EQ(late_first.infusion.time, again.infusion.time);
  ASSERT_EQ(late_first.entries.size(), again.entries.size());
  for (std::size_t i = 0; i < again.entries.size(); ++i) {
    EXPECT_EQ(late_first.entries[i].time, again.entries[i].time);
    EXPECT_EQ(late_first.entries[i].findings.temperature_celsius,
              again.entries[i].findings.temperature_celsius);
  }
}

TEST(CohortSampler, EntriesAreStrictlyTimeOrderedWithABaselineBeforeInfusion) {
  const CohortSampler sampler(3, {});
  core::UnixSeconds previous_infusion = 0;
  for (std::uint64_t index = 0; index < 300; ++index) {
    const SyntheticPatient patient = sampler.Patient(index);
    ASSERT_FALSE(patient.entries.empty());
    EXPECT_LT(patient.entries.front().time, patient.infusion.time) << patient.patient_id;
    EXPECT_TRUE(patient.entries.front().findings.age_years.has_value());
    EXPECT_GE(patient.infusion.time, previous_infusion);
    EXPECT_EQ(patient.entries.front().time, patient.infusion.time - 2 * core::kSecondsPerHour);
    EXPECT_EQ(patient.infusion.time, sampler.InfusionTime(index));
    previous_infusion = patient.infusion.time;
    for (std::size_t i = 1; i < patient.entries.size(); ++i) {
      ASSERT_LT(patient.entries[i - 1].time, patient.entries[i].time)
          << patient.patient_id << " entry " << i;
    }
    const double days =
        static_cast<double>(patient.entries.back().time - patient.infusion.time) / 86400.0;
    EXPECT_LT(days, 28.0) << patient.patient_id;
  }
}

// The interleaved export: the time column never goes back, every patient's rows come in order.
TEST(CohortSampler, InterleavedLongCsvIsInTimeOrder) {
  const std::string text = Csv(5, 120, CsvLayout::kLong, true);
  std::size_t start = text.find('\n') + 1;
  std::optional<core::UnixSeconds> previous;
  std::map<std::string, int> rows_by_patient;
  std::size_t rows = 0;
  bool patients_interleave = false;
  std::string last_patient;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line(text.data() + start, end - start);
    start = end + 1;
    const std::size_t comma = line.find(',');
    const std::size_t comma2 = line.find(',', comma + 1);
    const std::string patient(line.substr(0, comma));
    const std::optional<core::UnixSeconds> time =
        core::ParseRfc3339(line.substr(comma + 1, comma2 - comma - 1));
    ASSERT_TRUE(time.has_value()) << line;
    if (previous) {
      ASSERT_GE(*time, *previous) << line;
    }
    previous = time;
    if (!last_patient.empty() && patient != last_patient && rows_by_patient.count(patient) > 0) {
      patients_interleave = true;
    }
    last_patient = patient;
    ++rows_by_patient[patient];
    ++rows;
  }
  EXPECT_EQ(rows_by_patient.size(), 120u);
  EXPECT_TRUE(patients_interleave);
  EXPECT_GT(rows, 120u * 200u);
}

TEST(CohortSampler, GroupedAndInterleavedHoldTheSameRows) {
  auto sorted_lines = [](const std::string& text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      lines.emplace_back(text.data() + start, end - start);
      start = end + 1;
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const std::string grouped = Csv(9, 40, CsvLayout::kLong, false);
  const std::string interleaved = Csv(9, 40, CsvLayout::kLong, true);
  EXPECT_NE(grouped, interleaved);
  EXPECT_EQ(sorted_lines(grouped), sorted_lines(interleaved));
}

TEST(CohortSampler, ProductMixIsFollowed) {
  CohortOptions options;
  auto mix = ParseProductMix("axi-cel:1,Breyanzi:3");
  ASSERT_TRUE(mix.ok());
  options.mix = mix.value();
  const CohortSampler sampler(11, options);
  int liso = 0;
  constexpr int kPatients = 4000;
  for (int i = 0; i < kPatients; ++i) {
    const Product product = sampler.Patient(static_cast<std::uint64_t>(i)).infusion.product;
    ASSERT_TRUE(product == Product::kAxiCel || product == Product::kLisoCel);
    if (product == Product::kLisoCel) ++liso;
  }
  EXPECT_NEAR(static_cast<double>(liso) / kPatients, 0.75, 0.03);

  // The default mix holds every product.
  const CohortSampler all(11, {});
  std::array<int, core::kProductCount> seen{};
  for (int i = 0; i < 2000; ++i) {
    ++seen[static_cast<std::size_t>(all.Patient(static_cast<std::uint64_t>(i)).infusion.product)];
  }
  for (int count : seen) EXPECT_GT(count, 0);
}

TEST(CohortSampler, ProductMixErrorsNameTheItem) {
  auto unknown = ParseProductMix("axi-cel,foo-cel");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().value, "foo-cel");
  auto bad_share = ParseProductMix("axi-cel:-1");
  ASSERT_FALSE(bad_share.ok());
  EXPECT_EQ(bad_share.error().value, "axi-cel:-1");
  EXPECT_FALSE(ParseProductMix("").ok());
}

// CRS rates follow the product's pivotal-trial figures (docs/clinical/products.md) within sampling
// error.
TEST(CohortSampler, CrsRatesFollowTheProductModel) {
  struct Expected {
    Product product;
    double any;
    double grade3;
  };
  for (const Expected& expected :
       {Expected{Product::kAxiCel, 0.93, 0.13}, Expected{Product::kLisoCel, 0.42, 0.02},
        Expected{Product::kCiltaCel, 0.95, 0.04}}) {
    const CohortSampler sampler(21, OnlyProduct(expected.product));
    constexpr int kPatients = 3000;
    int any = 0;
    int severe = 0;
    for (int i = 0; i < kPatients; ++i) {
      const CourseTruth truth = sampler.Patient(static_cast<std::uint64_t>(i)).truth;
      if (truth.crs_peak_grade > 0) ++any;
      if (truth.crs_peak_grade >= 3) ++severe;
    }
    EXPECT_NEAR(static_cast<double>(any) / kPatients, expected.any, 0.03);
    EXPECT_NEAR(static_cast<double>(severe) / kPatients, expected.grade3, 0.02);
  }
}

// Onset by product (docs/clinical/monitoring.md): CD28 axi-cel early, cilta-cel about a week.
TEST(CohortSampler, CrsOnsetDependsOnProduct) {
  auto median_onset_days = [](Product product) {
    const CohortSampler sampler(2, OnlyProduct(product));
    std::vector<double> onsets;
    for (std::uint64_t i = 0; i < 1500; ++i) {
      const CourseTruth truth = sampler.Patient(i).truth;
      if (truth.crs_onset_hours) onsets.push_back(*truth.crs_onset_hours / 24.0);
    }
    std::sort(onsets.begin(), onsets.end());
    return onsets[onsets.size() / 2];
  };
  EXPECT_NEAR(median_onset_days(Product::kAxiCel), 2.0, 0.3);
  EXPECT_NEAR(median_onset_days(Product::kCiltaCel), 7.0, 0.8);
  EXPECT_NEAR(median_onset_days(Product::kIdeCel), 1.0, 0.2);
}

TEST(CohortSampler, TocilizumabComesAfterAChartedFeverAndWithinTheLabelLimits) {
  const CohortSampler sampler(17, OnlyProduct(Product::kAxiCel));
  int treated = 0;
  for (std::uint64_t index = 0; index < 600; ++index) {
    const SyntheticPatient patient = sampler.Patient(index);
    std::optional<core::UnixSeconds> first_fever;
    std::vector<core::UnixSeconds> doses;
    for (const core::TimelineEntry& entry : patient.entries) {
      const auto& temperature = entry.findings.temperature_celsius;
      if (temperature && *temperature >= core::kFeverThresholdCelsius && !first_fever) {
        first_fever = entry.time;
      }
      if (!HasDrug(entry, core::Drug::kTocilizumab)) continue;
      ASSERT_TRUE(first_fever.has_value()) << patient.patient_id << ": tocilizumab before fever";
      EXPECT_LT(*first_fever, entry.time);
      for (const core::Treatment& treatment : entry.treatments) {
        if (treatment.kind != core::TreatmentKind::kDrug ||
            treatment.drug != core::Drug::kTocilizumab) {
          continue;
        }
        ASSERT_TRUE(treatment.dose_mg.has_value());
        EXPECT_LE(*treatment.dose_mg, 800.0);
      }
      doses.push_back(entry.time);
    }
    if (!doses.empty()) ++treated;
    EXPECT_LE(doses.size(), 4u) << patient.patient_id;
    for (std::size_t i = 1; i < doses.size(); ++i) {
      EXPECT_GE(doses[i] - doses[i - 1], 8 * core::kSecondsPerHour) << patient.patient_id;
    }
    for (std::size_t i = 3; i < doses.size(); ++i) {
      EXPECT_GE(doses[i] - doses[i - 3], 24 * core::kSecondsPerHour) << patient.patient_id;
    }
    // No CRS, no tocilizumab.
    if (patient.truth.crs_peak_grade == 0) {
      EXPECT_TRUE(doses.empty()) << patient.patient_id;
    }
  }
  EXPECT_GT(treated, 100);  // ZUMA-1: most patients reach grade 2
}

TEST(CohortSampler, SevereCrsGetsSteroidsAndVasopressorsOrHighFlowOxygen) {
  const CohortSampler sampler(23, OnlyProduct(Product::kAxiCel));
  int severe = 0;
  for (std::uint64_t index = 0; index < 800; ++index) {
    const SyntheticPatient patient = sampler.Patient(index);
    if (patient.truth.crs_peak_grade < 3 || *patient.truth.crs_onset_hours > 24.0 * 20.0) {
      continue;
    }
    ++severe;
    bool steroid = false;
    bool support = false;
    for (const core::TimelineEntry& entry : patient.entries) {
      steroid = steroid || HasDrug(entry, core::Drug::kDexamethasone) ||
                HasDrug(entry, core::Drug::kMethylprednisolone);
      for (const auto& running : entry.vasopressor_running) support = support || running == true;
      const auto& oxygen = entry.findings.oxygen;
      support = support || (oxygen && oxygen->device != core::OxygenDevice::kRoomAir &&
                            oxygen->device != core::OxygenDevice::kNasalCannula);
    }
    EXPECT_TRUE(steroid) << patient.patient_id;
    EXPECT_TRUE(support) << patient.patient_id;
  }
  EXPECT_GT(severe, 40);
}

TEST(CohortSampler, ChildrenUnderTwelveAreScoredWithCapdNotIce) {
  const CohortSampler sampler(31, OnlyProduct(Product::kTisaCel));
  int children = 0;
  for (std::uint64_t index = 0; index < 400; ++index) {
    const SyntheticPatient patient = sampler.Patient(index);
    const bool child = patient.truth.age_years < core::kIceAgeThresholdYears;
    if (child) ++children;
    for (const core::TimelineEntry& entry : patient.entries) {
      const core::NeuroAssessment& neuro = entry.findings.neuro;
      if (child) {
        EXPECT_FALSE(neuro.ice_total.has_value()) << patient.patient_id;
      } else {
        EXPECT_FALSE(neuro.capd_total.has_value()) << patient.patient_id;
      }
    }
  }
  EXPECT_GT(children, 20);
}

// Every charted entry is a valid assessment, and every course folds into a timeline.
TEST(CohortSampler, EveryEntryIsValidAndEveryCourseFolds) {
  const CohortSampler sampler(99, {});
  for (std::uint64_t index = 0; index < 150; ++index) {
    const SyntheticPatient patient = sampler.Patient(index);
    core::PatientTimeline timeline(patient.patient_id, core::TimelineOptions{});
    timeline.SetInfusion(patient.infusion);
    for (const core::TimelineEntry& entry : patient.entries) {
      core::Assessment findings = entry.findings;
      findings.age_years = patient.truth.age_years;
      // The entry marks vasopressors one agent at a time; an assessment lists the running ones.
      core::VasopressorSet running;
      for (std::size_t agent = 0; agent < entry.vasopressor_running.size(); ++agent) {
        if (entry.vasopressor_running[agent] == true) {
          running.Add(static_cast<core::Vasopressor>(agent));
        }
      }
      findings.vasopressors = running;
      const std::vector<core::Error> errors = core::Validate(findings);
      EXPECT_TRUE(errors.empty()) << patient.patient_id << ": " << errors.front().message;
      const auto added = timeline.Add(entry);
      ASSERT_TRUE(added.ok()) << patient.patient_id << ": " << added.error().message;
    }
    const core::PatientSummary summary = timeline.Finish();
    EXPECT_GT(summary.assessments, 20u) << patient.patient_id;
  }
}

}  // namespace
}  // namespace cartwatch::synthetic
