#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/vocabulary.h"
#include "csv_fields.h"
#include "recording_sink.h"

namespace cartwatch::adapters {
namespace {

using core::Drug;
using core::TreatmentKind;
using core::Vasopressor;

constexpr core::UnixSeconds kT0 = 1772352000;  // 2026-03-01T08:00:00Z

std::string Long(const std::string& rows) { return "patient_id,time,kind,value,unit\n" + rows; }

std::string Describe(const CsvReadSummary& summary) {
  std::string text;
  for (const CsvLineError& error : summary.errors) {
    text += "line " + std::to_string(error.line) + ": " + std::string(error.error.name()) + " " +
            error.error.field + ": " + error.error.message + "\n";
  }
  return text;
}

// Reads `text` and expects exactly one error, at `line`, with this code and field.
CsvReadSummary ExpectOneError(const std::string& text, std::uint64_t line, std::string_view code,
                              std::string_view field, RecordingSink* sink_out = nullptr) {
  RecordingSink sink;
  CsvReadSummary summary = ReadText(text, sink);
  EXPECT_EQ(summary.errors_total, 1u) << Describe(summary);
  if (summary.errors.size() == 1) {
    EXPECT_EQ(summary.errors[0].line, line) << Describe(summary);
    EXPECT_EQ(summary.errors[0].error.name(), code) << Describe(summary);
    EXPECT_EQ(summary.errors[0].error.field, field) << Describe(summary);
    EXPECT_FALSE(summary.errors[0].error.message.empty());
  }
  if (sink_out != nullptr) *sink_out = std::move(sink);
  return summary;
}

// ---- Mapping of kinds -------------------------------------------------------------------------

TEST(LongCsv, ACourseIsReadIntoEntriesInTimeOrder) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("P1,2026-03-01T08:00:00Z,infusion,axi-cel,\n"
                                               "P1,2026-03-01T08:00:00Z,age,58,a\n"
                                               "P1,2026-03-03T08:00:00Z,temperature,38.9,Cel\n"
                                               "P1,2026-03-03T08:00:00Z,systolic_bp,84,mm[Hg]\n"
                                               "P1,2026-03-03T08:00:00Z,mean_bp,58,mm[Hg]\n"
                                               "P1,2026-03-03T10:00:00Z,tocilizumab,640,mg\n"
                                               "P1,2026-03-03T10:00:00Z,fluid_bolus,500,mL\n"
                                               "P1,2026-03-04T08:00:00Z,temperature,37.1,Cel\n"
                                               "P1,2026-03-04T08:00:00Z,hypotension,false,\n"),
                                          sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  EXPECT_EQ(summary.layout, CsvLayout::kLong);
  EXPECT_EQ(summary.rows, 9u);
  EXPECT_EQ(summary.entries, 4u);
  EXPECT_EQ(summary.patients, 1u);
  ASSERT_EQ(sink.events.size(), 5u);
  ASSERT_TRUE(sink.events[0].infusion);
  EXPECT_EQ(sink.events[0].infusion->product, core::Product::kAxiCel);
  EXPECT_EQ(sink.events[0].infusion->time, kT0);

  const auto entries = sink.EntriesOf("P1");
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0]->time, kT0);
  EXPECT_EQ(entries[0]->line, 3u);
  EXPECT_EQ(entries[0]->findings.age_years, 58.0);
  EXPECT_EQ(entries[1]->time, kT0 + 48 * 3600);
  EXPECT_EQ(entries[1]->findings.temperature_celsius, 38.9);
  EXPECT_EQ(entries[1]->blood_pressure.systolic_mmhg, 84.0);
  EXPECT_EQ(entries[1]->blood_pressure.mean_mmhg, 58.0);
  EXPECT_FALSE(entries[1]->findings.hypotension.has_value());
  ASSERT_EQ(entries[2]->treatments.size(), 2u);
  EXPECT_EQ(entries[2]->treatments[0].kind, TreatmentKind::kDrug);
  EXPECT_EQ(entries[2]->treatments[0].drug, Drug::kTocilizumab);
  EXPECT_EQ(entries[2]->treatments[0].dose_mg, 640.0);
  EXPECT_EQ(entries[2]->treatments[1].kind, TreatmentKind::kFluidBolus);
  EXPECT_FALSE(entries[2]->HasFindings());
  EXPECT_EQ(entries[3]->findings.hypotension, false);
}

TEST(LongCsv, FahrenheitIsConvertedSo100Point4IsExactly38) {
  RecordingSink sink;
  const CsvReadSummary summary =
      ReadText(Long("P1,2026-03-01T08:00:00Z,temperature,100.4,[degF]\n"), sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  EXPECT_EQ(sink.EntriesOf("P1").at(0)->findings.temperature_celsius, 38.0);
}

TEST(LongCsv, VasopressorRowsSetRunningAndDoses) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("P1,2026-03-01T08:00:00Z,norepinephrine,12,ug/min\n"
                                               "P1,2026-03-01T08:00:00Z,dopamine,5,ug/kg/min\n"
                                               "P1,2026-03-01T08:00:00Z,vasopressin,running,\n"
                                               "P1,2026-03-01T09:00:00Z,norepinephrine,0,ug/min\n"
                                               "P1,2026-03-01T09:00:00Z,epinephrine,2.5,ug/min\n"
                                               "P1,2026-03-01T10:00:00Z,vasopressors,none,\n"),
                                          sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  const auto entries = sink.EntriesOf("P1");
  ASSERT_EQ(entries.size(), 3u);
  const auto at = [](Vasopressor agent) { return static_cast<std::size_t>(agent); };
  EXPECT_EQ(entries[0]->vasopressor_running[at(Vasopressor::kNorepinephrine)], true);
  EXPECT_EQ(entries[0]->findings.legacy.vasopressor_doses[at(Vasopressor::kNorepinephrine)].dose,
            12.0);
  EXPECT_EQ(entries[0]->findings.legacy.vasopressor_doses[at(Vasopressor::kDopamine)].dose, 5.0);
  EXPECT_EQ(entries[0]->vasopressor_running[at(Vasopressor::kVasopressin)], true);
  EXPECT_FALSE(entries[0]->findings.legacy.vasopressor_doses[at(Vasopressor::kVasopressin)].dose);
  EXPECT_FALSE(entries[0]->vasopressor_running[at(Vasopressor::kEpinephrine)].has_value());
  EXPECT_EQ(entries[1]->vasopressor_running[at(Vasopressor::kNorepinephrine)], false);
  EXPECT_FALSE(
      entries[1]->findings.legacy.vasopressor_doses[at(Vasopressor::kNorepinephrine)].dose);
  EXPECT_EQ(entries[1]->vasopressor_running[at(Vasopressor::kEpinephrine)], true);
  for (const std::optional<bool>& running : entries[2]->vasopressor_running) {
    EXPECT_EQ(running, false);
  }
  EXPECT_TRUE(entries[2]->HasFindings());
}

TEST(LongCsv, OxygenRowsFormOneRecord) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("P1,2026-03-01T08:00:00Z,o2_device,nasal_cannula,\n"
                                               "P1,2026-03-01T08:00:00Z,o2_flow,4,L/min\n"
                                               "P1,2026-03-01T08:00:00Z,fio2,36,%\n"
                                               "P1,2026-03-01T08:00:00Z,o2_reason,crs,\n"),
                                          sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  const auto& oxygen = sink.EntriesOf("P1").at(0)->findings.oxygen;
  ASSERT_TRUE(oxygen);
  EXPECT_EQ(oxygen->device, core::OxygenDevice::kNasalCannula);
  EXPECT_EQ(oxygen->flow_l_per_min, 4.0);
  EXPECT_EQ(oxygen->fio2_percent, 36.0);
  EXPECT_EQ(oxygen->reason, core::OxygenReason::kCrs);
}

TEST(LongCsv, NeuroAndOlderSystemKindsAreMapped) {
  RecordingSink sink;
  const CsvReadSummary summary =
      ReadText(Long("P1,2026-03-01T08:00:00Z,ice_orientation,3,\n"
                    "P1,2026-03-01T08:00:00Z,ice_naming,3,\n"
                    "P1,2026-03-01T08:00:00Z,ice_commands,1,\n"
                    "P1,2026-03-01T08:00:00Z,ice_writing,0,\n"
                    "P1,2026-03-01T08:00:00Z,ice_attention,1,\n"
                    "P1,2026-03-01T08:00:00Z,ice_total,8,\n"
                    "P1,2026-03-01T08:00:00Z,capd,4.0,\n"
                    "P1,2026-03-01T08:00:00Z,developmental_delay,true,\n"
                    "P1,2026-03-01T08:00:00Z,consciousness,awakens_to_voice,\n"
                    "P1,2026-03-01T08:00:00Z,seizure,none,\n"
                    "P1,2026-03-01T08:00:00Z,motor,deep_focal_weakness,\n"
                    "P1,2026-03-01T08:00:00Z,icp,papilledema,\n"
                    "P1,2026-03-01T08:00:00Z,icp,focal_edema,\n"
                    "P1,2026-03-01T08:00:00Z,creatinine_grade,2,\n"
                    "P1,2026-03-01T08:00:00Z,transaminases_grade,3,\n"
                    "P1,2026-03-01T08:00:00Z,other_organ_grade,0,\n"
                    "P1,2026-03-01T08:00:00Z,hospitalised_for_crs,true,\n"
                    "P1,2026-03-01T08:00:00Z,iv_therapy_for_crs,false,\n"
                    "P1,2026-03-01T08:00:00Z,hypotension_refractory,false,\n"
                    "P1,2026-03-01T08:00:00Z,coagulopathy_needing_products,true,\n"
                    "P1,2026-03-01T08:00:00Z,crs_death,false,\n"
                    "P1,2026-03-01T08:00:00Z,icans_death,false,\n"
                    "P1,2026-03-01T08:00:00Z,fever_other_cause,true,\n"
                    "P1,2026-03-01T08:00:00Z,fever_masked,false,\n"
                    "P2,2026-03-01T08:00:00Z,icp,none,\n"),
               sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  const core::TimelineEntry& e = *sink.EntriesOf("P1").at(0);
  const core::NeuroAssessment& n = e.findings.neuro;
  ASSERT_TRUE(n.ice_items);
  EXPECT_EQ(n.ice_items->orientation, 3);
  EXPECT_EQ(n.ice_items->naming, 3);
  EXPECT_EQ(n.ice_items->commands, 1);
  EXPECT_EQ(n.ice_items->writing, 0);
  EXPECT_EQ(n.ice_items->attention, 1);
  EXPECT_EQ(n.ice_total, 8);
  EXPECT_EQ(n.capd_total, 4);
  EXPECT_EQ(n.developmental_delay, true);
  EXPECT_EQ(n.consciousness, core::Consciousness::kAwakensToVoice);
  EXPECT_EQ(n.seizure, core::Seizure::kNone);
  EXPECT_EQ(n.motor, core::MotorFinding::kDeepFocalWeakness);
  EXPECT_EQ(n.icp,
            (core::IcpFindingSet{core::IcpFinding::kPapilledema, core::IcpFinding::kFocalEdema}));
  const core::LegacyCrsFindings& l = e.findings.legacy;
  EXPECT_EQ(l.organ_toxicity.creatinine, 2);
  EXPECT_EQ(l.organ_toxicity.transaminases, 3);
  EXPECT_EQ(l.organ_toxicity.other, 0);
  EXPECT_EQ(l.hospitalised_for_crs, true);
  EXPECT_EQ(l.iv_therapy_for_crs, false);
  EXPECT_EQ(l.hypotension_refractory, false);
  EXPECT_EQ(l.coagulopathy_needing_products, true);
  EXPECT_EQ(e.findings.crs_death, false);
  EXPECT_EQ(e.findings.icans_death, false);
  EXPECT_EQ(e.findings.fever_other_cause, true);
  EXPECT_EQ(e.findings.fever_masked, false);
  const auto p2 = sink.EntriesOf("P2");
  ASSERT_EQ(p2.size(), 1u);
  ASSERT_TRUE(p2[0]->findings.neuro.icp);
  EXPECT_TRUE(p2[0]->findings.neuro.icp->Empty());
}

TEST(LongCsv, EveryDrugKindAddsATreatment) {
  std::string rows;
  for (const core::DrugInfo& drug : core::Drugs()) {
    rows += "P1,2026-03-01T08:00:00Z," + std::string(drug.code) + ",10,mg\n";
  }
  rows += "P1,2026-03-01T08:00:00Z,dexamethasone,,\n";
  rows += "P1,2026-03-01T08:00:00Z,fluid_bolus,,\n";
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long(rows), sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  const auto& treatments = sink.EntriesOf("P1").at(0)->treatments;
  ASSERT_EQ(treatments.size(), core::Drugs().size() + 2);
  for (std::size_t i = 0; i < core::Drugs().size(); ++i) {
    EXPECT_EQ(treatments[i].drug, core::Drugs()[i].drug);
    EXPECT_EQ(treatments[i].dose_mg, 10.0);
  }
  EXPECT_EQ(treatments[core::Drugs().size()].drug, Drug::kDexamethasone);
  EXPECT_FALSE(treatments[core::Drugs().size()].dose_mg);
  EXPECT_EQ(treatments.back().kind, TreatmentKind::kFluidBolus);
}

TEST(LongCsv, ProductsAreFoundByCodeGenericOrBrandName) {
  RecordingSink sink;
  const CsvReadSummary summary =
      ReadText(Long("P1,2026-03-01T08:00:00Z,infusion,Kymriah,\n"
                    "P2,2026-03-01T08:00:00Z,infusion,ciltacabtagene autoleucel,\n"
                    "P3,2026-03-01T08:00:00Z,infusion,liso-cel,\n"),
               sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  ASSERT_EQ(sink.events.size(), 3u);
  EXPECT_EQ(sink.events[0].infusion->product, core::Product::kTisaCel);
  EXPECT_EQ(sink.events[1].infusion->product, core::Product::kCiltaCel);
  EXPECT_EQ(sink.events[2].infusion->product, core::Product::kLisoCel);
  EXPECT_EQ(summary.entries, 0u);
  EXPECT_EQ(summary.patients, 3u);
}

// ---- Grouping and streaming -------------------------------------------------------------------

TEST(LongCsv, RowsOfOnePatientAndTimeFormOneEntryEvenWhenInterleaved) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("A,2026-03-01T08:00:00Z,temperature,38.2,Cel\n"
                                               "B,2026-03-01T08:00:00Z,temperature,37.0,Cel\n"
                                               "A,2026-03-01T08:00:00Z,hypotension,true,\n"
                                               "B,2026-03-01T09:00:00+01:00,age,40,a\n"),
                                          sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  EXPECT_EQ(summary.entries, 2u);
  const auto a = sink.EntriesOf("A");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]->findings.temperature_celsius, 38.2);
  EXPECT_EQ(a[0]->findings.hypotension, true);
  EXPECT_EQ(a[0]->line, 2u);
  // 09:00+01:00 is the same instant as 08:00Z: one entry.
  const auto b = sink.EntriesOf("B");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]->findings.age_years, 40.0);
  EXPECT_EQ(b[0]->findings.temperature_celsius, 37.0);
}

TEST(LongCsv, EntriesAreHandedOnWhenALaterTimeOfThePatientArrives) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("A,2026-03-01T08:00:00Z,temperature,38.2,Cel\n"
                                               "A,2026-03-01T12:00:00Z,temperature,38.4,Cel\n"
                                               "B,2026-03-01T08:00:00Z,temperature,37.0,Cel\n"
                                               "B,2026-03-01T12:00:00Z,temperature,37.1,Cel\n"
                                               "A,2026-03-01T16:00:00Z,temperature,38.6,Cel\n"),
                                          sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  std::vector<std::string> order;
  for (const RecordedEvent& event : sink.events) {
    order.push_back(event.patient_id + "@" + std::to_string((event.entry.time - kT0) / 3600));
  }
  // A@0 leaves when A@4 arrives, B@0 when B@4 arrives, A@4 when A@8 arrives; the rest at the end
  // in order of first appearance.
  EXPECT_EQ(order, (std::vector<std::string>{"A@0", "B@0", "A@4", "A@8", "B@4"}));
}

// Records how much of the input had been read when the first entry arrived.
class PositionSink : public TimelineSink {
 public:
  explicit PositionSink(std::istream& input) : input_(input) {}
  void OnInfusion(std::string_view, const core::Infusion&) override {}
  void OnEntry(std::string_view, core::TimelineEntry&&) override {
    ++entries;
    if (entries == 1) position_at_first = static_cast<std::int64_t>(input_.tellg());
  }
  std::uint64_t entries = 0;
  std::int64_t position_at_first = -1;

 private:
  std::istream& input_;
};

TEST(LongCsv, ALongInputIsReadInChunksAndEntriesLeaveBeforeTheEnd) {
  std::string text = Long("");
  for (int hour = 0; text.size() < (std::size_t{6} << 20); ++hour) {
    text += "P1," + core::FormatRfc3339Utc(kT0 + hour * 3600) + ",temperature,37.5,Cel\n";
  }
  std::istringstream input(text);
  PositionSink sink(input);
  const CsvReadSummary summary = ReadTimelineCsv(input, sink);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(sink.entries, summary.rows);
  // The first entry was handed on after the first chunk, long before the end of the input.
  ASSERT_GT(sink.position_at_first, 0);
  EXPECT_LT(sink.position_at_first, static_cast<std::int64_t>(text.size() / 2));
}

TEST(LongCsv, ProgressIsReportedUpToTheWholeInput) {
  std::string text = Long("");
  for (int i = 0; i < 70000; ++i) {
    text += "P" + std::to_string(i % 7) + "," + core::FormatRfc3339Utc(kT0 + i / 7 * 60) +
            ",age,40,a\n";
  }
  std::vector<std::uint64_t> reports;
  CsvReadOptions options;
  options.on_progress = [&](std::uint64_t bytes) { reports.push_back(bytes); };
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(text, sink, options);
  ASSERT_TRUE(summary.ok());
  ASSERT_GE(reports.size(), 2u);
  EXPECT_EQ(reports.back(), text.size());
  EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end()));
}

// ---- Format details ---------------------------------------------------------------------------

TEST(LongCsv, BomCrlfQuotingAndBlankLinesAreAccepted) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(
      "\xEF\xBB\xBFpatient_id,time,kind,value,unit\r\n"
      "\"Doe, J\",2026-03-01T08:00:00Z,\"temperature\",\"38.5\",Cel\r\n"
      "\r\n"
      "\"say \"\"x\"\"\",2026-03-01T08:00:00Z,age,7,a\r\n",
      sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  EXPECT_EQ(summary.rows, 2u);
  ASSERT_EQ(sink.EntriesOf("Doe, J").size(), 1u);
  EXPECT_EQ(sink.EntriesOf("Doe, J")[0]->findings.temperature_celsius, 38.5);
  ASSERT_EQ(sink.EntriesOf("say \"x\"").size(), 1u);
  EXPECT_EQ(sink.EntriesOf("say \"x\"")[0]->line, 4u);
}

TEST(LongCsv, AQuotedLineBreakKeepsLaterLineNumbersRight) {
  ExpectOneError(Long("\"two\nlines\",2026-03-01T08:00:00Z,age,40,a\n"
                      "P1,2026-03-01T08:00:00Z,age,400,a\n"),
                 4, "implausible_value", "age");
}

// ---- Every error code -------------------------------------------------------------------------

TEST(LongCsvErrors, EmptyInputAndBadHeadersAreMalformed) {
  ExpectOneError("", 1, "malformed_csv", "");
  ExpectOneError("\xEF\xBB\xBF\r\n", 1, "malformed_csv", "");
  ExpectOneError("time,patient_id,kind,value,unit\n", 1, "malformed_csv", "");
  ExpectOneError("patient_id,time,kind,value\n", 1, "malformed_csv", "");
  ExpectOneError("patient_id,time,kind,value,unit,extra\n", 1, "malformed_csv", "");
  ExpectOneError("\"patient_id,time\n", 1, "malformed_csv", "");
}

TEST(LongCsvErrors, ColumnCountAndQuotingAreMalformed) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38.5\n"), 2, "malformed_csv", "");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38,5,Cel\n"), 2, "malformed_csv", "");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,3\"8,Cel\n"), 2, "malformed_csv", "");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,\"38\"x,Cel\n"), 2, "malformed_csv", "");
}

TEST(LongCsvErrors, UnknownKindIsAnUnknownField) {
  const CsvReadSummary summary = ExpectOneError(
      Long("P1,2026-03-01T08:00:00Z,temprature,38.5,Cel\n"), 2, "unknown_field", "temprature");
  EXPECT_NE(summary.errors[0].error.message.find("unknown kind"), std::string::npos);
  EXPECT_EQ(summary.entries, 0u);
}

TEST(LongCsvErrors, UnitsAreNeverAssumed) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38.5,\n"), 2, "missing_unit",
                 "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38.5,C\n"), 2, "unknown_unit",
                 "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,age,40,\n"), 2, "missing_unit", "age");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,age,40,years\n"), 2, "unknown_unit", "age");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,systolic_bp,90,mmHg\n"), 2, "unknown_unit",
                 "systolic_bp");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,norepinephrine,0.1,ug/kg/min\n"), 2, "unknown_unit",
                 "norepinephrine");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,dopamine,5,ug/min\n"), 2, "unknown_unit",
                 "dopamine");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_flow,4,\n"), 2, "missing_unit", "o2_flow");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,fio2,0.4,\n"), 2, "missing_unit", "fio2");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,tocilizumab,640,\n"), 2, "missing_unit",
                 "tocilizumab");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,tocilizumab,8,mg/kg\n"), 2, "unknown_unit",
                 "tocilizumab");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,hypotension,true,mm[Hg]\n"), 2, "unknown_unit",
                 "hypotension");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,infusion,axi-cel,x\n"), 2, "unknown_unit",
                 "infusion");
}

TEST(LongCsvErrors, ImplausibleValuesAreRefusedNotClamped) {
  const CsvReadSummary hot = ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,98.6,Cel\n"),
                                            2, "implausible_value", "temperature");
  EXPECT_EQ(hot.errors[0].error.value, "98.6");
  EXPECT_EQ(hot.errors[0].error.rule, "HeatStroke-1980") << hot.errors[0].error.rule;
  const CsvReadSummary cold =
      ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38,[degF]\n"), 2,
                     "implausible_value", "temperature");
  EXPECT_NE(cold.errors[0].error.message.find("degC"), std::string::npos);
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,46.5,Cel\n"
                      "P1,2026-03-01T09:00:00Z,temperature,46.6,Cel\n"),
                 3, "implausible_value", "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,age,130,a\n"), 2, "implausible_value", "age");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,systolic_bp,12,mm[Hg]\n"), 2, "implausible_value",
                 "systolic_bp");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,mean_bp,260,mm[Hg]\n"), 2, "implausible_value",
                 "mean_bp");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,fio2,0.4,%\n"), 2, "implausible_value", "fio2");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_device,high_flow_nasal_cannula,\n"
                      "P1,2026-03-01T08:00:00Z,o2_flow,0,L/min\n"),
                 3, "implausible_value", "o2_flow");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,norepinephrine,-1,ug/min\n"), 2, "implausible_value",
                 "norepinephrine");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,vasopressin,4,U/min\n"), 2, "implausible_value",
                 "vasopressin");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,methylprednisolone,1000000,mg\n"), 2,
                 "implausible_value", "methylprednisolone");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,fluid_bolus,0,mL\n"), 2, "implausible_value",
                 "fluid_bolus");
}

TEST(LongCsvErrors, ScoresAndGradesOutsideTheirScaleAreOutOfRange) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,ice_total,11,\n"), 2, "out_of_range", "ice_total");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,ice_naming,4,\n"), 2, "out_of_range", "ice_naming");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,capd,-1,\n"), 2, "out_of_range", "capd");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,creatinine_grade,5,\n"), 2, "out_of_range",
                 "creatinine_grade");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,ice_total,8.5,\n"), 2, "not_integer", "ice_total");
}

TEST(LongCsvErrors, UnknownCodesAreRefused) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_device,nasal,\n"), 2, "unknown_code",
                 "o2_device");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_device,room_air,\n"
                      "P1,2026-03-01T08:00:00Z,o2_reason,sepsis,\n"),
                 3, "unknown_code", "o2_reason");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,consciousness,drowsy,\n"), 2, "unknown_code",
                 "consciousness");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,seizure,yes,\n"), 2, "unknown_code", "seizure");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,motor,weak,\n"), 2, "unknown_code", "motor");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,icp,edema,\n"), 2, "unknown_code", "icp");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,vasopressors,norepinephrine,\n"), 2, "unknown_code",
                 "vasopressors");
  const CsvReadSummary product = ExpectOneError(Long("P1,2026-03-01T08:00:00Z,infusion,CAR-T,\n"),
                                                2, "unknown_code", "infusion");
  EXPECT_NE(product.errors[0].error.message.find("axi-cel"), std::string::npos);
}

TEST(LongCsvErrors, WrongTypes) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,high,Cel\n"), 2, "wrong_type",
                 "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature, 38.5,Cel\n"), 2, "wrong_type",
                 "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,nan,Cel\n"), 2, "wrong_type",
                 "temperature");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,hypotension,yes,\n"), 2, "wrong_type",
                 "hypotension");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,hypotension,True,\n"), 2, "wrong_type",
                 "hypotension");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,capd,many,\n"), 2, "wrong_type", "capd");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,norepinephrine,on,ug/min\n"), 2, "wrong_type",
                 "norepinephrine");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,tocilizumab,,mg\n"), 2, "wrong_type", "tocilizumab");
}

TEST(LongCsvErrors, TimesMustBeRfc3339WithAnOffset) {
  ExpectOneError(Long("P1,2026-03-01 08:00,age,40,a\n"), 2, "invalid_time", "time");
  ExpectOneError(Long("P1,2026-03-01T08:00:00,age,40,a\n"), 2, "invalid_time", "time");
  ExpectOneError(Long("P1,2026-02-30T08:00:00Z,age,40,a\n"), 2, "invalid_time", "time");
}

TEST(LongCsvErrors, APatientGoingBackInTimeIsOutOfOrder) {
  RecordingSink sink;
  const CsvReadSummary summary =
      ExpectOneError(Long("P1,2026-03-01T12:00:00Z,age,40,a\n"
                          "P2,2026-03-01T08:00:00Z,age,50,a\n"  // another patient: fine
                          "P1,2026-03-01T08:00:00Z,temperature,38.5,Cel\n"),
                     4, "out_of_order", "time", &sink);
  EXPECT_NE(summary.errors[0].error.message.find("line 2"), std::string::npos);
  EXPECT_EQ(sink.EntriesOf("P1").size(), 1u);
  EXPECT_EQ(sink.EntriesOf("P2").size(), 1u);
}

TEST(LongCsvErrors, EveryEarlierRowIsReportedAndOffsetsAreCompared) {
  RecordingSink sink;
  const CsvReadSummary summary =
      ReadText(Long("P1,2026-03-01T12:00:00Z,age,40,a\n"
                    "P1,2026-03-01T08:00:00Z,temperature,38.5,Cel\n"
                    "P1,2026-03-01T13:00:00+02:00,temperature,38.5,Cel\n"    // 11:00Z
                    "P1,2026-03-01T14:00:00+02:00,temperature,38.5,Cel\n"),  // 12:00Z: same time
               sink);
  ASSERT_EQ(summary.errors_total, 2u) << Describe(summary);
  EXPECT_EQ(summary.errors[0].line, 3u);
  EXPECT_EQ(summary.errors[1].line, 4u);
  EXPECT_EQ(summary.errors[1].error.name(), "out_of_order");
  const auto entries = sink.EntriesOf("P1");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]->findings.temperature_celsius, 38.5);  // 14:00+02:00 joined 12:00Z
}

TEST(LongCsvErrors, AKindTwiceAtOneTimeIsADuplicate) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,temperature,38.5,Cel\n"
                      "P1,2026-03-01T08:00:00Z,temperature,101,[degF]\n"),
                 3, "duplicate_key", "temperature");
}

TEST(LongCsvErrors, ContradictionsWithinOneEntry) {
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,norepinephrine,5,ug/min\n"
                      "P1,2026-03-01T08:00:00Z,vasopressors,none,\n"),
                 3, "contradictory", "vasopressors");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,icp,none,\n"
                      "P1,2026-03-01T08:00:00Z,icp,papilledema,\n"),
                 3, "contradictory", "icp");
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,icp,posturing,\n"
                      "P1,2026-03-01T08:00:00Z,icp,posturing,\n"),
                 3, "contradictory", "icp");
}

TEST(LongCsvErrors, OxygenNeedsItsDeviceAndANasalCannulaItsFlow) {
  RecordingSink sink;
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_device,nasal_cannula,\n"
                      "P1,2026-03-01T08:00:00Z,temperature,38.5,Cel\n"
                      "P1,2026-03-01T12:00:00Z,o2_flow,2,L/min\n"
                      "P1,2026-03-01T12:00:00Z,o2_device,nasal_cannula,\n"),
                 2, "missing_required", "o2_flow", &sink);
  ASSERT_EQ(sink.EntriesOf("P1").size(), 1u);  // the 12:00 entry has both
  EXPECT_EQ(sink.EntriesOf("P1")[0]->findings.oxygen->flow_l_per_min, 2.0);
  ExpectOneError(Long("P1,2026-03-01T08:00:00Z,age,40,a\n"
                      "P1,2026-03-01T08:00:00Z,fio2,40,%\n"),
                 3, "missing_required", "o2_device");
}

TEST(LongCsvErrors, AnEmptyPatientIdIsMissing) {
  ExpectOneError(Long(",2026-03-01T08:00:00Z,age,40,a\n"), 2, "missing_required", "patient_id");
}

TEST(LongCsvErrors, AnEntryWithABadRowIsNotHandedOnAndReadingGoesOn) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long("P1,2026-03-01T08:00:00Z,temperature,38.5,Cel\n"
                                               "P1,2026-03-01T08:00:00Z,hypotension,maybe,\n"
                                               "P1,2026-03-01T12:00:00Z,temperature,38.7,Cel\n"
                                               "P2,2026-03-01T08:00:00Z,age,abc,a\n"
                                               "P2,2026-03-01T09:00:00Z,age,41,a\n"),
                                          sink);
  EXPECT_EQ(summary.errors_total, 2u) << Describe(summary);
  EXPECT_EQ(summary.rows, 5u);
  ASSERT_EQ(sink.EntriesOf("P1").size(), 1u);
  EXPECT_EQ(sink.EntriesOf("P1")[0]->time, kT0 + 4 * 3600);
  ASSERT_EQ(sink.EntriesOf("P2").size(), 1u);
  EXPECT_EQ(summary.entries, 2u);
}

TEST(LongCsvErrors, AtMostMaxErrorsAreKeptButAllAreCounted) {
  std::string rows;
  for (int i = 0; i < 30; ++i) rows += "P1,2026-03-01T08:00:00Z,nonsense,1,\n";
  CsvReadOptions options;
  options.max_errors = 5;
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(Long(rows), sink, options);
  EXPECT_EQ(summary.errors_total, 30u);
  ASSERT_EQ(summary.errors.size(), 5u);
  EXPECT_EQ(summary.errors[4].line, 6u);
  EXPECT_FALSE(summary.ok());
}

TEST(LongCsvErrors, LongValuesAreCutInMessages) {
  const CsvReadSummary summary =
      ExpectOneError(Long("P1,2026-03-01T08:00:00Z,o2_device," + std::string(500, 'z') + ",\n"), 2,
                     "unknown_code", "o2_device");
  EXPECT_LT(summary.errors[0].error.value.size(), 90u);
  EXPECT_LT(summary.errors[0].error.message.size(), 400u);
}

// ---- Wide layout ------------------------------------------------------------------------------

TEST(WideCsv, OneRowIsOneEntry) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(
      "patient_id,time,product,infusion_time,age_years,temperature_f,norepinephrine_ug_min,"
      "vasopressin_u_min,o2_device,o2_flow_l_min,icp,tocilizumab_mg,dexamethasone_mg,"
      "fluid_boluses,ice_total\n"
      "P1,2026-03-01T08:00:00Z,Yescarta,2026-03-01T08:00:00Z,58,,,,,,,,,,\n"
      "P1,2026-03-03T08:00:00Z,,,,101.3,12,running,nasal_cannula,4,papilledema;cn6_palsy,"
      "given,10,2,9\n"
      "P1,2026-03-04T08:00:00Z,,,,,0,,room_air,,none,,,,\n",
      sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  EXPECT_EQ(summary.layout, CsvLayout::kWide);
  EXPECT_EQ(summary.rows, 3u);
  EXPECT_EQ(summary.entries, 3u);
  ASSERT_TRUE(sink.events.at(0).infusion);
  EXPECT_EQ(sink.events[0].infusion->product, core::Product::kAxiCel);
  const auto entries = sink.EntriesOf("P1");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0]->findings.age_years, 58.0);
  const core::TimelineEntry& e = *entries[1];
  EXPECT_NEAR(*e.findings.temperature_celsius, 38.5, 1e-9);
  EXPECT_EQ(e.vasopressor_running[0], true);
  EXPECT_EQ(e.findings.legacy.vasopressor_doses[0].dose, 12.0);
  EXPECT_EQ(e.vasopressor_running[4], true);
  EXPECT_EQ(e.findings.oxygen->flow_l_per_min, 4.0);
  EXPECT_EQ(e.findings.neuro.icp, (core::IcpFindingSet{core::IcpFinding::kPapilledema,
                                                       core::IcpFinding::kCranialNerveSixPalsy}));
  EXPECT_EQ(e.findings.neuro.ice_total, 9);
  ASSERT_EQ(e.treatments.size(), 4u);
  EXPECT_EQ(e.treatments[0].drug, Drug::kTocilizumab);
  EXPECT_FALSE(e.treatments[0].dose_mg);
  EXPECT_EQ(e.treatments[1].drug, Drug::kDexamethasone);
  EXPECT_EQ(e.treatments[1].dose_mg, 10.0);
  EXPECT_EQ(e.treatments[2].kind, TreatmentKind::kFluidBolus);
  EXPECT_EQ(e.treatments[3].kind, TreatmentKind::kFluidBolus);
  EXPECT_EQ(entries[2]->vasopressor_running[0], false);
  EXPECT_EQ(entries[2]->findings.oxygen->device, core::OxygenDevice::kRoomAir);
  EXPECT_TRUE(entries[2]->findings.neuro.icp->Empty());
}

TEST(WideCsv, TheInfusionMayBeOnARowOfItsOwnAtTheTimeOfTheFirstEntry) {
  RecordingSink sink;
  const CsvReadSummary summary = ReadText(
      "patient_id,time,product,temperature_c\n"
      "P1,2026-03-01T08:00:00Z,tisa-cel,\n"
      "P1,2026-03-01T08:00:00Z,,37.0\n",
      sink);
  ASSERT_TRUE(summary.ok()) << Describe(summary);
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[0].infusion->time, kT0);
  EXPECT_EQ(summary.entries, 1u);
}

TEST(WideCsv, Errors) {
  ExpectOneError("patient_id,time,temp\nP1,2026-03-01T08:00:00Z,38\n", 1, "unknown_field", "temp");
  ExpectOneError("patient_id,time,age_years,age_years\n", 1, "malformed_csv", "age_years");
  ExpectOneError("patient_id,time,age_years\nP1,2026-03-01T08:00:00Z\n", 2, "malformed_csv", "");
  ExpectOneError(
      "patient_id,time,temperature_c\nP1,2026-03-01T08:00:00Z,38.5\n"
      "P1,2026-03-01T08:00:00Z,38.6\n",
      3, "out_of_order", "time");
  ExpectOneError(
      "patient_id,time,temperature_c\nP1,2026-03-01T08:00:00Z,38.5\n"
      "P1,2026-03-01T07:00:00Z,38.6\n",
      3, "out_of_order", "time");
  ExpectOneError("patient_id,time,temperature_f\nP1,2026-03-01T08:00:00Z,38.5\n", 2,
                 "implausible_value", "temperature_f");
  ExpectOneError("patient_id,time,temperature_c,temperature_f\nP1,2026-03-01T08:00:00Z,38,101\n", 2,
                 "duplicate_key", "temperature_f");
  ExpectOneError("patient_id,time,ice_total\nP1,2026-03-01T08:00:00Z,12\n", 2, "out_of_range",
                 "ice_total");
  ExpectOneError("patient_id,time,icp\nP1,2026-03-01T08:00:00Z,papilledema;swelling\n", 2,
                 "unknown_code", "icp");
  ExpectOneError("patient_id,time,fluid_boluses\nP1,2026-03-01T08:00:00Z,49\n", 2, "out_of_range",
                 "fluid_boluses");
  ExpectOneError("patient_id,time,o2_device\nP1,2026-03-01T08:00:00Z,nasal_cannula\n", 2,
                 "missing_required", "o2_flow_l_min");
  ExpectOneError(
      "patient_id,time,product,infusion_time\nP1,2026-03-01T08:00:00Z,axi-cel,"
      "yesterday\n",
      2, "invalid_time", "infusion_time");
  ExpectOneError(
      "patient_id,time,product,infusion_time\nP1,2026-03-01T08:00:00Z,,"
      "2026-03-01T08:00:00Z\n",
      2, "missing_required", "product");
  ExpectOneError("patient_id,time,tocilizumab_mg\nP1,2026-03-01T08:00:00Z,yes\n", 2, "wrong_type",
                 "tocilizumab_mg");
  ExpectOneError("patient_id,time,vasopressors\nP1,2026-03-01T08:00:00Z,0\n", 2, "unknown_code",
                 "vasopressors");
}

// ---- The documentation and the examples -------------------------------------------------------

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(CsvFormatDoc, DocumentsEveryKindAndColumn) {
  const std::string doc = ReadFile(std::string(CARTWATCH_DOCS_DIR) + "/csv-format.md");
  ASSERT_FALSE(doc.empty());
  for (const csv::LongKind& kind : csv::LongKinds()) {
    EXPECT_NE(doc.find("`" + std::string(kind.kind) + "`"), std::string::npos) << kind.kind;
  }
  for (const csv::WideColumn& column : csv::WideColumns()) {
    EXPECT_NE(doc.find("`" + std::string(column.name) + "`"), std::string::npos) << column.name;
  }
}

TEST(CsvExamples, TheExampleFilesAreReadWithoutError) {
  for (const char* name : {"course-long.csv", "course-wide.csv"}) {
    SCOPED_TRACE(name);
    std::ifstream file(std::string(CARTWATCH_EXAMPLES_DIR) + "/" + name, std::ios::binary);
    ASSERT_TRUE(file);
    RecordingSink sink;
    const CsvReadSummary summary = ReadTimelineCsv(file, sink);
    EXPECT_TRUE(summary.ok()) << Describe(summary);
    EXPECT_GE(summary.entries, 5u);
  }
}

}  // namespace
}  // namespace cartwatch::adapters
