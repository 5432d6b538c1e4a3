// Every row of the findings' descriptor table (core/findings.h), with its sample value, through
// every path a finding takes: long CSV and wide CSV write and read back, the JSON assessment
// written and read back, carry-forward in the timeline, and docs/csv-format.md. A finding added
// to the table but missed by any of them fails here, by name.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch {
namespace {

using core::Finding;
using core::FindingInfo;
using core::Shape;

constexpr std::string_view kTime = "2026-03-01T08:00:00Z";
constexpr core::UnixSeconds kT0 = 1772352000;  // kTime

class Entries : public adapters::TimelineSink {
 public:
  void OnInfusion(std::string_view, const core::Infusion&) override {}
  void OnEntry(std::string_view, core::TimelineEntry&& entry) override {
    entries.push_back(std::move(entry));
  }
  std::vector<core::TimelineEntry> entries;
};

std::string ErrorsOf(const adapters::CsvReadSummary& summary) {
  std::string text;
  for (const adapters::CsvLineError& error : summary.errors) {
    text += "line " + std::to_string(error.line) + ": " + error.error.message + "\n";
  }
  return text;
}

std::vector<core::TimelineEntry> ReadCsv(const std::string& text) {
  std::istringstream input(text);
  Entries sink;
  const adapters::CsvReadSummary summary = adapters::ReadTimelineCsv(input, sink);
  EXPECT_TRUE(summary.ok()) << text << ErrorsOf(summary);
  return std::move(sink.entries);
}

// The sample as a value (the CSV readers are tested to read the same text into the same value).
core::ScalarValue SampleValue(const FindingInfo& info) {
  const std::string text(info.sample);
  switch (info.type) {
    case core::ValueType::kNumber:
      return std::stod(text);
    case core::ValueType::kInteger:
      return std::stoi(text);
    case core::ValueType::kBool:
      return text == "true";
    case core::ValueType::kCode:
      return *info.codes->find(text);
  }
  return 0.0;
}

// Other findings the sample needs beside it to be a valid record: an oxygen part needs its
// device, a neuro score the age (ICE from 12 years), CAPD a developmental delay.
void AddContext(const FindingInfo& info, core::TimelineEntry& entry) {
  if (info.group == core::CarriedFinding::kOxygen && info.id != Finding::kO2Device) {
    const FindingInfo& device = core::Describe(Finding::kO2Device);
    device.access.set(entry, SampleValue(device));
  }
  if (info.id != Finding::kAge) entry.findings.age_years = 40.0;
  if (info.id == Finding::kCapd) entry.findings.neuro.developmental_delay = true;
}
std::string LongContext(const FindingInfo& info) {
  if (info.group == core::CarriedFinding::kOxygen && info.id != Finding::kO2Device) {
    return "P1," + std::string(kTime) + ",o2_device," +
           std::string(core::Describe(Finding::kO2Device).sample) + ",\n";
  }
  return "";
}

// The sample put into an entry directly, as the timeline receives it.
core::TimelineEntry EntryWithSample(const FindingInfo& info, core::UnixSeconds time) {
  core::TimelineEntry entry;
  entry.time = time;
  AddContext(info, entry);
  switch (info.shape) {
    case Shape::kScalar:
    case Shape::kTemperature:
      info.access.set(entry, SampleValue(info));
      break;
    case Shape::kVasopressorDose:
      entry.vasopressor_running[static_cast<std::size_t>(core::VasopressorOf(info.id))] = true;
      info.access.set(entry, SampleValue(info));
      break;
    case Shape::kVasopressorsNone:
      for (std::optional<bool>& running : entry.vasopressor_running) running = false;
      break;
    case Shape::kIcpSign:
      entry.findings.neuro.icp.emplace().Add(
          static_cast<core::IcpFinding>(std::get<std::uint8_t>(SampleValue(info))));
      break;
    case Shape::kTreatment:
      break;
  }
  return entry;
}

// Whether `entry` holds the sample of `info`. `running_from_set`: vasopressors are read from the
// assessment's set (JSON, effective findings) rather than the entry's per-agent records.
bool HoldsSample(const FindingInfo& info, const core::TimelineEntry& entry, bool running_from_set) {
  const core::VasopressorSet* set =
      entry.findings.vasopressors ? &*entry.findings.vasopressors : nullptr;
  switch (info.shape) {
    case Shape::kScalar:
    case Shape::kTemperature:
      return info.access.get(entry) == SampleValue(info);
    case Shape::kVasopressorDose: {
      const core::Vasopressor agent = core::VasopressorOf(info.id);
      const bool running = running_from_set
                               ? set != nullptr && set->Contains(agent)
                               : entry.vasopressor_running[static_cast<std::size_t>(agent)] == true;
      return running && info.access.get(entry) == SampleValue(info);
    }
    case Shape::kVasopressorsNone:
      if (running_from_set) return set != nullptr && set->Empty();
      for (const std::optional<bool>& running : entry.vasopressor_running) {
        if (running != false) return false;
      }
      return true;
    case Shape::kIcpSign:
      return entry.findings.neuro.icp &&
             entry.findings.neuro.icp->Contains(
                 static_cast<core::IcpFinding>(std::get<std::uint8_t>(SampleValue(info))));
    case Shape::kTreatment:
      for (const core::Treatment& treatment : entry.treatments) {
        if (info.id == Finding::kFluidBolus) {
          if (treatment.kind == core::TreatmentKind::kFluidBolus) return true;
        } else if (treatment.kind == core::TreatmentKind::kDrug &&
                   treatment.drug == core::DrugOf(info.id)) {
          return treatment.dose_mg == std::stod(std::string(info.sample));
        }
      }
      return false;
  }
  return false;
}

std::string LongText(const std::vector<core::TimelineEntry>& entries) {
  std::string out = adapters::LongCsvHeader();
  for (const core::TimelineEntry& entry : entries) adapters::AppendLongCsv(out, "P1", entry);
  return out;
}

std::string WideText(const std::vector<core::TimelineEntry>& entries) {
  std::string out = adapters::WideCsvHeader();
  for (const core::TimelineEntry& entry : entries) adapters::AppendWideCsv(out, "P1", entry);
  return out;
}

TEST(FindingTable, HasOneRowPerFindingInEnumOrder) {
  // Checked at compile time too (static_assert in core/src/findings.cc).
  ASSERT_EQ(core::Findings().size(), static_cast<std::size_t>(core::kFindingCount));
  for (int i = 0; i < core::kFindingCount; ++i) {
    EXPECT_EQ(static_cast<int>(core::Findings()[static_cast<std::size_t>(i)].id), i);
    EXPECT_EQ(&core::Describe(static_cast<Finding>(i)),
              &core::Findings()[static_cast<std::size_t>(i)]);
  }
}

TEST(FindingPaths, LongCsvWritesAndReadsBackEveryFinding) {
  for (const FindingInfo& info : core::Findings()) {
    SCOPED_TRACE(std::string(info.code));
    const std::string unit(info.type == core::ValueType::kNumber ? info.unit : "");
    const std::string row = "P1," + std::string(kTime) + "," + std::string(info.code) + "," +
                            std::string(info.sample) + "," + unit + "\n";
    const std::vector<core::TimelineEntry> read =
        ReadCsv(adapters::LongCsvHeader() + LongContext(info) + row);
    ASSERT_EQ(read.size(), 1u);
    EXPECT_TRUE(HoldsSample(info, read[0], false));
    const std::string written = LongText(read);
    // A bolus volume is checked but not kept (the older systems count boluses).
    const std::string expected =
        info.id == Finding::kFluidBolus
            ? "P1," + std::string(kTime) + "," + std::string(info.code) + ",,\n"
            : row;
    EXPECT_NE(written.find(expected), std::string::npos) << written;
    EXPECT_EQ(LongText(ReadCsv(written)), written);
  }
}

TEST(FindingPaths, WideCsvWritesAndReadsBackEveryFinding) {
  for (const FindingInfo& info : core::Findings()) {
    SCOPED_TRACE(std::string(info.code));
    ASSERT_FALSE(info.wide[0].name.empty());
    // The wide layout counts boluses instead of measuring them.
    const bool count = info.id == Finding::kFluidBolus;
    std::string header = "patient_id,time," + std::string(info.wide[0].name);
    std::string row = "P1," + std::string(kTime) + "," + (count ? "1" : std::string(info.sample));
    if (info.group == core::CarriedFinding::kOxygen && info.id != Finding::kO2Device) {
      header += ",o2_device";
      row += "," + std::string(core::Describe(Finding::kO2Device).sample);
    }
    const std::vector<core::TimelineEntry> read = ReadCsv(header + "\n" + row + "\n");
    ASSERT_EQ(read.size(), 1u);
    if (count) {
      ASSERT_EQ(read[0].treatments.size(), 1u);
      EXPECT_EQ(read[0].treatments[0].kind, core::TreatmentKind::kFluidBolus);
    } else {
      EXPECT_TRUE(HoldsSample(info, read[0], false));
    }
    const std::string written = WideText(read);
    EXPECT_EQ(WideText(ReadCsv(written)), written);
    EXPECT_EQ(LongText(ReadCsv(written)), LongText(read));
  }
}

TEST(FindingPaths, JsonAssessmentWritesAndReadsBackEveryFinding) {
  for (const FindingInfo& info : core::Findings()) {
    SCOPED_TRACE(std::string(info.code));
    if (info.json_path.empty()) {
      // Only the timeline's own inputs are outside cartwatch.assessment/1.
      EXPECT_TRUE(info.shape == Shape::kTreatment ||
                  info.group == core::CarriedFinding::kBloodPressure);
      continue;
    }
    core::TimelineEntry entry = EntryWithSample(info, kT0);
    core::Assessment assessment = entry.findings;
    if (info.shape == Shape::kVasopressorDose) {
      assessment.vasopressors.emplace().Add(core::VasopressorOf(info.id));
    } else if (info.shape == Shape::kVasopressorsNone) {
      assessment.vasopressors.emplace();
    }
    const std::string json = adapters::AssessmentToJson(assessment);
    EXPECT_NE(
        json.find('"' + std::string(info.json_path.substr(info.json_path.rfind('.') + 1)) + '"'),
        std::string::npos)
        << json;
    const adapters::ParseOutcome outcome = adapters::ParseAssessmentJson(json);
    ASSERT_TRUE(outcome.assessment) << json << "\n"
                                    << (outcome.errors.empty() ? "" : outcome.errors[0].message);
    core::TimelineEntry read;
    read.findings = *outcome.assessment;
    EXPECT_TRUE(HoldsSample(info, read, true)) << json;
    EXPECT_EQ(adapters::AssessmentToJson(*outcome.assessment), json);
  }
}

// Recorded at t0, then looked at from a later entry with an unrelated finding.
std::optional<core::AssessmentPoint> PointAfter(const FindingInfo& info, double hours) {
  core::PatientTimeline timeline("P1", core::TimelineOptions{});
  core::TimelineEntry first = EntryWithSample(info, kT0);
  if (info.shape == Shape::kTreatment) first.findings.icans_death = false;
  if (!timeline.Add(first).ok()) {
    ADD_FAILURE() << "the sample entry is refused";
    return std::nullopt;
  }
  core::TimelineEntry probe;
  probe.time = kT0 + static_cast<core::UnixSeconds>(std::llround(hours * core::kSecondsPerHour));
  if (info.id == Finding::kIcansDeath) {
    probe.findings.crs_death = false;
  } else {
    probe.findings.icans_death = false;
  }
  auto point = timeline.Add(probe);
  if (!point.ok() || !point.value()) {
    ADD_FAILURE() << "the probe entry is refused";
    return std::nullopt;
  }
  return *point.value();
}

bool PointHoldsSample(const FindingInfo& info, const core::AssessmentPoint& point) {
  core::TimelineEntry view;
  view.findings = point.effective;
  view.blood_pressure = point.blood_pressure;
  return HoldsSample(info, view, true);
}

TEST(FindingPaths, CarryForwardHoldsEveryFindingForItsLimit) {
  const core::CarryLimits limits;
  for (const FindingInfo& info : core::Findings()) {
    SCOPED_TRACE(std::string(info.code));
    const double second = 1.0 / core::kSecondsPerHour;
    switch (info.hold) {
      case core::Hold::kCarried:
      case core::Hold::kWithRecord: {
        const double limit = limits.For(info.group);
        const std::optional<core::AssessmentPoint> at_limit = PointAfter(info, limit);
        ASSERT_TRUE(at_limit);
        EXPECT_TRUE(PointHoldsSample(info, *at_limit));
        EXPECT_TRUE(at_limit->carried.Contains(info.group));
        const std::optional<core::AssessmentPoint> after = PointAfter(info, limit + second);
        ASSERT_TRUE(after);
        EXPECT_FALSE(PointHoldsSample(info, *after));
        break;
      }
      case core::Hold::kWholeCourse: {
        const std::optional<core::AssessmentPoint> later = PointAfter(info, 30 * 24.0);
        ASSERT_TRUE(later);
        EXPECT_TRUE(PointHoldsSample(info, *later));
        break;
      }
      case core::Hold::kNever: {
        const std::optional<core::AssessmentPoint> after = PointAfter(info, second);
        ASSERT_TRUE(after);
        EXPECT_FALSE(PointHoldsSample(info, *after));
        EXPECT_TRUE(after->treatments.empty());
        break;
      }
    }
  }
}

std::string ReadDoc(const std::string& name) {
  std::ifstream file(std::string(CARTWATCH_DOCS_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Each member of a finding's JSON path is named in the input schema and its page.
TEST(FindingPaths, AssessmentSchemaNamesEveryJsonPath) {
  const std::string schema = ReadDoc("schema/cartwatch.assessment-1.schema.json");
  const std::string page = ReadDoc("assessment-schema.md");
  ASSERT_FALSE(schema.empty());
  ASSERT_FALSE(page.empty());
  for (const FindingInfo& info : core::Findings()) {
    std::string_view path = info.json_path;
    while (!path.empty()) {
      const std::size_t dot = path.find('.');
      const std::string member(path.substr(0, dot));
      EXPECT_NE(schema.find('"' + member + '"'), std::string::npos) << info.code << ": " << member;
      EXPECT_NE(page.find(member), std::string::npos) << info.code << ": " << member;
      path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    }
  }
}

TEST(FindingPaths, CsvFormatDocumentsEveryKindAndColumn) {
  const std::string doc = ReadDoc("csv-format.md");
  ASSERT_FALSE(doc.empty());
  for (const FindingInfo& info : core::Findings()) {
    EXPECT_NE(doc.find("`" + std::string(info.code) + "`"), std::string::npos) << info.code;
    for (const core::WideName& wide : info.wide) {
      if (wide.name.empty()) continue;
      EXPECT_NE(doc.find("`" + std::string(wide.name) + "`"), std::string::npos) << wide.name;
    }
  }
}

}  // namespace
}  // namespace cartwatch
