// Runs `cartwatch timeline` as a user would: CSV files in, the course out in each format, and
// every way a file is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_harness.h"

namespace cartwatch {
namespace {

using nlohmann::json;
using testing::Cartwatch;
using testing::CommandResult;
using testing::ReadFile;
using testing::TempFile;
using testing::TempPath;

// Axi-cel on 1 March; fever on day 2 (grade 1), hypotension on norepinephrine on day 3 (grade 3),
// tocilizumab, then afebrile off pressors on day 4 (resolved).
constexpr std::string_view kCourse =
    "patient_id,time,kind,value,unit\n"
    "P1,2026-03-01T10:00:00Z,infusion,axi-cel,\n"
    "P1,2026-03-03T08:00:00Z,age,54,a\n"
    "P1,2026-03-03T08:00:00Z,temperature,38.6,Cel\n"
    "P1,2026-03-03T08:00:00Z,systolic_bp,118,mm[Hg]\n"
    "P1,2026-03-03T08:00:00Z,o2_device,room_air,\n"
    "P1,2026-03-04T08:00:00Z,temperature,39.2,Cel\n"
    "P1,2026-03-04T08:00:00Z,norepinephrine,8,ug/min\n"
    "P1,2026-03-04T08:00:00Z,o2_device,room_air,\n"
    "P1,2026-03-04T08:30:00Z,tocilizumab,560,mg\n"
    "P1,2026-03-05T08:00:00Z,temperature,37.1,Cel\n"
    "P1,2026-03-05T08:00:00Z,norepinephrine,0,ug/min\n"
    "P1,2026-03-05T08:00:00Z,systolic_bp,112,mm[Hg]\n"
    "P1,2026-03-05T08:00:00Z,o2_device,room_air,\n";

std::string TwoPatients() {
  return std::string(kCourse) +
         "P2,2026-03-01T09:00:00Z,infusion,Breyanzi,\n"
         "P2,2026-03-06T09:00:00Z,temperature,38.1,Cel\n";
}

TEST(TimelineCli, JsonCourseHasTheEpisode) {
  TempFile csv(kCourse, ".csv");
  const CommandResult run = Cartwatch("timeline --format json " + csv.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json course = json::parse(run.out);
  EXPECT_EQ(course["patient_id"], "P1");
  EXPECT_NE(run.out.find("axi-cel"), std::string::npos);
  const json& summary = course["summary"];
  ASSERT_EQ(summary["crs_episodes"].size(), 1u) << summary.dump();
  const json& episode = summary["crs_episodes"][0];
  EXPECT_EQ(episode["onset"], "2026-03-03T08:00:00Z");
  EXPECT_EQ(episode["onset_hours"], 46.0);  // day 1: whole days after the infusion
  EXPECT_EQ(episode["onset_day"], 1);
  EXPECT_EQ(episode["peak_grade"], 3);  // one vasopressor (ASTCT 2019)
  EXPECT_EQ(episode["resolution"], "2026-03-05T08:00:00Z");
  EXPECT_EQ(episode["duration_hours"], 48.0);
  ASSERT_EQ(summary["tocilizumab"].size(), 1u);
  EXPECT_EQ(summary["tocilizumab"][0]["crs_grade_at_dose"], 3);
  // No assessment within the 8 h window of the seed protocol: response unknown.
  EXPECT_EQ(summary["tocilizumab"][0]["response"], "unknown");
  EXPECT_EQ(course["treatments"].size(), 1u);
}

TEST(TimelineCli, TextSaysAClinicianDecides) {
  TempFile csv(kCourse, ".csv");
  const CommandResult run = Cartwatch("timeline " + csv.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("clinician decides"), std::string::npos) << run.out;
}

TEST(TimelineCli, SvgIsAStandaloneDocument) {
  TempFile csv(kCourse, ".csv");
  const std::string svg_path = TempPath(".svg");
  const CommandResult run =
      Cartwatch("timeline --format svg --output '" + svg_path + "' " + csv.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.empty());
  const std::string svg = ReadFile(svg_path);
  std::remove(svg_path.c_str());
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("http://") == std::string::npos ||
                svg.find("http://www.w3.org/2000/svg") != std::string::npos,
            true);
}

TEST(TimelineCli, CsvHasOneRowPerAssessment) {
  TempFile csv(kCourse, ".csv");
  const CommandResult run = Cartwatch("timeline --format csv " + csv.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t lines = 0;
  for (char c : run.out) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 1u + 3u) << run.out;  // header + three assessments (08:30: a drug only)
}

TEST(TimelineCli, SeveralPatientsNeedPatient) {
  TempFile csv(TwoPatients(), ".csv");
  const CommandResult run = Cartwatch("timeline " + csv.arg());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--patient"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("P2"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST(TimelineCli, PatientPicksOne) {
  TempFile csv(TwoPatients(), ".csv");
  const CommandResult run = Cartwatch("timeline --format json --patient P2 " + csv.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("liso-cel"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("\"P1\""), std::string::npos);
}

TEST(TimelineCli, UnknownPatientIsAUsageError) {
  TempFile csv(kCourse, ".csv");
  const CommandResult run = Cartwatch("timeline --patient P9 " + csv.arg());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("P9"), std::string::npos) << run.err;
}

TEST(TimelineCli, BadRowRefusesTheFileWithItsLine) {
  std::string text(kCourse);
  text += "P1,2026-03-06T08:00:00Z,temperature,101.2,Cel\n";  // degF given as degC: line 15
  TempFile csv(text, ".csv");
  const CommandResult run = Cartwatch("timeline " + csv.arg());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("line 15"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("implausible_value"), std::string::npos) << run.err;
}

TEST(TimelineCli, RowsOutOfOrderAreRefused) {
  std::string text(kCourse);
  text += "P1,2026-03-02T08:00:00Z,temperature,37.0,Cel\n";
  TempFile csv(text, ".csv");
  const CommandResult run = Cartwatch("timeline --format json " + csv.arg());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("out_of_order"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("\"line\":15"), std::string::npos) << run.err;
}

TEST(TimelineCli, UnknownSystemIsAUsageError) {
  TempFile csv(kCourse, ".csv");
  const CommandResult run = Cartwatch("timeline --systems astct,lee2015 " + csv.arg());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("lee2015"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("cartox"), std::string::npos) << run.err;
}

TEST(TimelineCli, MissingFileIsAUsageError) {
  const CommandResult run = Cartwatch("timeline no-such-file.csv");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no-such-file.csv"), std::string::npos) << run.err;
}

// A high-flow nasal cannula at 4 L/min is graded by its flow as low flow (ASTCT 2019 CRS grading
// table footnote: low flow <= 6 L/min; flag hfnc_at_low_flow): every format shows low flow.
constexpr std::string_view kHfncCourse =
    "patient_id,time,kind,value,unit\n"
    "P1,2026-03-01T10:00:00Z,infusion,axi-cel,\n"
    "P1,2026-03-02T10:00:00Z,age,54,a\n"
    "P1,2026-03-02T10:00:00Z,temperature,38.7,Cel\n"
    "P1,2026-03-02T10:00:00Z,o2_device,high_flow_nasal_cannula,\n"
    "P1,2026-03-02T10:00:00Z,o2_flow,4,L/min\n";

TEST(TimelineCli, HfncAtFourLitresShowsLowFlowInEveryFormat) {
  TempFile csv(kHfncCourse, ".csv");
  const CommandResult table = Cartwatch("timeline --format csv " + csv.arg());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const std::string header = table.out.substr(0, table.out.find('\n'));
  const std::string row = table.out.substr(header.size() + 1);
  std::size_t column = 0;
  for (std::size_t i = 0; i < header.find("oxygen_level"); ++i) column += header[i] == ',';
  std::size_t start = 0;
  for (std::size_t c = 0; c < column; ++c) start = row.find(',', start) + 1;
  EXPECT_EQ(row.substr(start, row.find(',', start) - start), "1") << table.out;  // low flow

  const CommandResult course = Cartwatch("timeline --format json " + csv.arg());
  ASSERT_EQ(course.exit_code, 0) << course.err;
  const json point = json::parse(course.out)["points"][0];
  EXPECT_EQ(point["crs"]["grade"], 2);
  EXPECT_EQ(point["crs"]["reading"]["oxygen_tier"], "low_flow");
  EXPECT_EQ(point["crs"]["flags"], json::array({"hfnc_at_low_flow"}));

  const CommandResult text = Cartwatch("timeline " + csv.arg());
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("4 L/min"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("low flow"), std::string::npos) << text.out;

  const CommandResult svg = Cartwatch("timeline --format svg " + csv.arg());
  ASSERT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_NE(svg.out.find("<title>low flow: "), std::string::npos);
  EXPECT_EQ(svg.out.find("<title>high flow: "), std::string::npos);
}

}  // namespace
}  // namespace cartwatch
