#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "recording_sink.h"

namespace cartwatch::adapters {
namespace {

using core::Drug;
using core::TimelineEntry;
using core::Treatment;
using core::TreatmentKind;

constexpr core::UnixSeconds kT0 = 1772352000;  // 2026-03-01T08:00:00Z

// Field by field, so a field the writer drops fails here rather than vanishing on both sides.
void ExpectSameEntry(const TimelineEntry& a, const TimelineEntry& b) {
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.vasopressor_running, b.vasopressor_running);
  EXPECT_EQ(a.blood_pressure.systolic_mmhg, b.blood_pressure.systolic_mmhg);
  EXPECT_EQ(a.blood_pressure.mean_mmhg, b.blood_pressure.mean_mmhg);
  const core::Assessment& fa = a.findings;
  const core::Assessment& fb = b.findings;
  EXPECT_EQ(fa.age_years, fb.age_years);
  EXPECT_EQ(fa.temperature_celsius, fb.temperature_celsius);
  EXPECT_EQ(fa.fever_other_cause, fb.fever_other_cause);
  EXPECT_EQ(fa.fever_masked, fb.fever_masked);
  EXPECT_EQ(fa.hypotension, fb.hypotension);
  EXPECT_EQ(fa.vasopressors.has_value(), fb.vasopressors.has_value());
  ASSERT_EQ(fa.oxygen.has_value(), fb.oxygen.has_value());
  if (fa.oxygen) {
    EXPECT_EQ(fa.oxygen->device, fb.oxygen->device);
    EXPECT_EQ(fa.oxygen->flow_l_per_min, fb.oxygen->flow_l_per_min);
    EXPECT_EQ(fa.oxygen->fio2_percent, fb.oxygen->fio2_percent);
    EXPECT_EQ(fa.oxygen->reason, fb.oxygen->reason);
  }
  const core::NeuroAssessment& na = fa.neuro;
  const core::NeuroAssessment& nb = fb.neuro;
  ASSERT_EQ(na.ice_items.has_value(), nb.ice_items.has_value());
  if (na.ice_items) {
    EXPECT_EQ(na.ice_items->orientation, nb.ice_items->orientation);
    EXPECT_EQ(na.ice_items->naming, nb.ice_items->naming);
    EXPECT_EQ(na.ice_items->commands, nb.ice_items->commands);
    EXPECT_EQ(na.ice_items->writing, nb.ice_items->writing);
    EXPECT_EQ(na.ice_items->attention, nb.ice_items->attention);
  }
  EXPECT_EQ(na.ice_total, nb.ice_total);
  EXPECT_EQ(na.capd_total, nb.capd_total);
  EXPECT_EQ(na.developmental_delay, nb.developmental_delay);
  EXPECT_EQ(na.consciousness, nb.consciousness);
  EXPECT_EQ(na.seizure, nb.seizure);
  EXPECT_EQ(na.motor, nb.motor);
  EXPECT_EQ(na.icp, nb.icp);
  const core::LegacyCrsFindings& la = fa.legacy;
  const core::LegacyCrsFindings& lb = fb.legacy;
  for (std::size_t i = 0; i < la.vasopressor_doses.size(); ++i) {
    EXPECT_EQ(la.vasopressor_doses[i].dose, lb.vasopressor_doses[i].dose) << i;
  }
  EXPECT_EQ(la.hospitalised_for_crs, lb.hospitalised_for_crs);
  EXPECT_EQ(la.iv_therapy_for_crs, lb.iv_therapy_for_crs);
  EXPECT_EQ(la.hypotension_refractory, lb.hypotension_refractory);
  EXPECT_EQ(la.coagulopathy_needing_products, lb.coagulopathy_needing_products);
  EXPECT_EQ(la.organ_toxicity.creatinine, lb.organ_toxicity.creatinine);
  EXPECT_EQ(la.organ_toxicity.transaminases, lb.organ_toxicity.transaminases);
  EXPECT_EQ(la.organ_toxicity.other, lb.organ_toxicity.other);
  EXPECT_EQ(fa.crs_death, fb.crs_death);
  EXPECT_EQ(fa.icans_death, fb.icans_death);
  ASSERT_EQ(a.treatments.size(), b.treatments.size());
  for (std::size_t i = 0; i < a.treatments.size(); ++i) {
    EXPECT_EQ(a.treatments[i].kind, b.treatments[i].kind) << i;
    if (a.treatments[i].kind == TreatmentKind::kDrug) {
      EXPECT_EQ(a.treatments[i].drug, b.treatments[i].drug) << i;
    }
    EXPECT_EQ(a.treatments[i].dose_mg, b.treatments[i].dose_mg) << i;
  }
}

// Entries as the reader builds them, recording every kind at least once.
std::vector<TimelineEntry> SampleCourse() {
  std::vector<TimelineEntry> entries(4);
  TimelineEntry& first = entries[0];
  first.time = kT0;
  first.findings.age_years = 58.5;
  first.findings.temperature_celsius = 38.35;
  first.findings.fever_other_cause = false;
  first.findings.fever_masked = true;
  first.findings.hypotension = true;
  first.blood_pressure = {84.0, 61.5};
  first.vasopressor_running[0] = true;
  first.findings.legacy.vasopressor_doses[0].dose = 0.1 + 0.2;  // not a short decimal
  first.vasopressor_running[3] = true;
  first.findings.legacy.vasopressor_doses[3].dose = 5.0;
  first.vasopressor_running[4] = true;  // running, dose not recorded
  first.vasopressor_running[1] = false;
  first.findings.oxygen =
      core::OxygenSupport{core::OxygenDevice::kNasalCannula, 6.01, core::OxygenReason::kCrs, 36.0};
  first.findings.neuro.ice_items = core::IceItems{3, 2, 1, 0, 1};
  first.findings.neuro.ice_total = 7;
  first.findings.neuro.developmental_delay = false;
  first.findings.neuro.consciousness = core::Consciousness::kAwakensToVoice;
  first.findings.neuro.seizure = core::Seizure::kRapidlyResolving;
  first.findings.neuro.motor = core::MotorFinding::kNone;
  first.findings.neuro.icp =
      core::IcpFindingSet{core::IcpFinding::kPapilledema, core::IcpFinding::kCushingsTriad};
  first.findings.legacy.organ_toxicity = {1, 2, 0};
  first.findings.legacy.hospitalised_for_crs = true;
  first.findings.legacy.iv_therapy_for_crs = true;
  first.findings.legacy.hypotension_refractory = false;
  first.findings.legacy.coagulopathy_needing_products = false;
  first.findings.crs_death = false;
  first.findings.icans_death = false;
  first.treatments = {Treatment{TreatmentKind::kDrug, Drug::kTocilizumab, 640.0},
                      Treatment{TreatmentKind::kDrug, Drug::kDexamethasone, std::nullopt},
                      Treatment{TreatmentKind::kFluidBolus, Drug::kTocilizumab, std::nullopt}};

  TimelineEntry& second = entries[1];  // treatments only
  second.time = kT0 + 2 * 3600;
  second.treatments = {Treatment{TreatmentKind::kDrug, Drug::kParacetamol, 1000.0}};

  TimelineEntry& third = entries[2];  // a child, everything stopped
  third.time = kT0 + 26 * 3600;
  third.findings.neuro.capd_total = 12;
  third.findings.neuro.developmental_delay = true;
  third.findings.neuro.icp = core::IcpFindingSet{};
  third.findings.oxygen =
      core::OxygenSupport{core::OxygenDevice::kRoomAir, std::nullopt, std::nullopt, std::nullopt};
  for (std::optional<bool>& running : third.vasopressor_running) running = false;

  TimelineEntry& fourth = entries[3];  // the other drugs, and a recorded death
  fourth.time = kT0 + 27 * 3600 + 1;
  fourth.findings.crs_death = true;
  fourth.findings.temperature_celsius = 41.2;
  for (const core::DrugInfo& drug : core::Drugs()) {
    if (drug.drug == Drug::kTocilizumab || drug.drug == Drug::kDexamethasone) continue;
    fourth.treatments.push_back(Treatment{TreatmentKind::kDrug, drug.drug, 12.5});
  }
  fourth.treatments.push_back(Treatment{TreatmentKind::kFluidBolus, Drug::kTocilizumab, {}});
  return entries;
}

const core::Infusion kInfusion{core::Product::kCiltaCel, kT0 - 3 * 24 * 3600};

void ExpectRoundTrip(const std::string& text, std::string_view patient_id,
                     const std::vector<TimelineEntry>& written) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(text, sink);
  ASSERT_TRUE(summary.ok()) << summary.errors.at(0).error.message << "\n" << text;
  ASSERT_EQ(sink.events.size(), written.size() + 1) << text;
  ASSERT_TRUE(sink.events[0].infusion);
  EXPECT_EQ(sink.events[0].patient_id, patient_id);
  EXPECT_EQ(sink.events[0].infusion->product, kInfusion.product);
  EXPECT_EQ(sink.events[0].infusion->time, kInfusion.time);
  const auto read = sink.EntriesOf(patient_id);
  ASSERT_EQ(read.size(), written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    SCOPED_TRACE("entry " + std::to_string(i));
    ExpectSameEntry(written[i], *read[i]);
  }
}

TEST(LongCsvWriter, WritesWhatTheReaderReadsBack) {
  const std::vector<TimelineEntry> entries = SampleCourse();
  std::string text = LongCsvHeader();
  AppendLongCsv(text, "P-001", kInfusion);
  for (const TimelineEntry& entry : entries) AppendLongCsv(text, "P-001", entry);
  ExpectRoundTrip(text, "P-001", entries);
}

TEST(WideCsvWriter, WritesWhatTheReaderReadsBack) {
  const std::vector<TimelineEntry> entries = SampleCourse();
  std::string text = WideCsvHeader();
  AppendWideCsv(text, "P-001", kInfusion);
  for (const TimelineEntry& entry : entries) AppendWideCsv(text, "P-001", entry);
  ExpectRoundTrip(text, "P-001", entries);
}

TEST(CsvWriter, QuotesOnlyWhenNeededAndRoundTripsOddPatientIds) {
  const std::string id = "Doe, \"J\"\nward 5";
  TimelineEntry entry;
  entry.time = kT0;
  entry.findings.age_years = 40;
  std::string long_text = LongCsvHeader();
  AppendLongCsv(long_text, id, kInfusion);
  AppendLongCsv(long_text, id, entry);
  EXPECT_NE(long_text.find("\"Doe, \"\"J\"\"\nward 5\",2026-03-01T08:00:00Z,age,40,a\n"),
            std::string::npos)
      << long_text;
  ExpectRoundTrip(long_text, id, {entry});
  std::string wide_text = WideCsvHeader();
  AppendWideCsv(wide_text, id, kInfusion);
  AppendWideCsv(wide_text, id, entry);
  ExpectRoundTrip(wide_text, id, {entry});
}

TEST(CsvWriter, HeadersAndRowsAreExact) {
  EXPECT_EQ(LongCsvHeader(), "patient_id,time,kind,value,unit\n");
  EXPECT_TRUE(
      WideCsvHeader().starts_with("patient_id,time,product,infusion_time,age_years,"
                                  "temperature_c,systolic_bp_mmhg,"));
  EXPECT_EQ(WideCsvHeader().find("temperature_f"), std::string::npos);
  EXPECT_TRUE(WideCsvHeader().ends_with(",ibuprofen_mg,lorazepam_mg,fluid_boluses\n"));

  TimelineEntry entry;
  entry.time = kT0;
  entry.findings.temperature_celsius = 38.0;
  entry.findings.oxygen =
      core::OxygenSupport{core::OxygenDevice::kNasalCannula, 6.01, std::nullopt, std::nullopt};
  entry.findings.vasopressors = core::VasopressorSet{core::Vasopressor::kNorepinephrine};
  std::string text;
  AppendLongCsv(text, "P1", entry);
  EXPECT_EQ(text,
            "P1,2026-03-01T08:00:00Z,temperature,38,Cel\n"
            "P1,2026-03-01T08:00:00Z,norepinephrine,running,\n"
            "P1,2026-03-01T08:00:00Z,epinephrine,0,ug/min\n"
            "P1,2026-03-01T08:00:00Z,phenylephrine,0,ug/min\n"
            "P1,2026-03-01T08:00:00Z,dopamine,0,ug/kg/min\n"
            "P1,2026-03-01T08:00:00Z,vasopressin,0,U/min\n"
            "P1,2026-03-01T08:00:00Z,o2_device,nasal_cannula,\n"
            "P1,2026-03-01T08:00:00Z,o2_flow,6.01,L/min\n");
  std::string infusion;
  AppendLongCsv(infusion, "P1", core::Infusion{core::Product::kAxiCel, kT0});
  EXPECT_EQ(infusion, "P1,2026-03-01T08:00:00Z,infusion,axi-cel,\n");
}

TEST(CsvWriter, AnEmptyVasopressorListIsWrittenAsNone) {
  TimelineEntry entry;
  entry.time = kT0;
  entry.findings.vasopressors = core::VasopressorSet{};
  std::string text;
  AppendLongCsv(text, "P1", entry);
  EXPECT_EQ(text, "P1,2026-03-01T08:00:00Z,vasopressors,none,\n");
}

}  // namespace
}  // namespace cartwatch::adapters
