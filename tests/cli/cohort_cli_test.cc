// Runs `cartwatch cohort` as a user would: several CSV files in, the report out in each format,
// and refusal of the whole input when any row is bad.
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

// Two axi-cel patients, one with grade 3 CRS (one vasopressor), one without CRS.
constexpr std::string_view kFirstFile =
    "patient_id,time,kind,value,unit\n"
    "A1,2026-03-01T10:00:00Z,infusion,axi-cel,\n"
    "A2,2026-03-01T11:00:00Z,infusion,Yescarta,\n"
    "A1,2026-03-03T08:00:00Z,temperature,38.9,Cel\n"
    "A2,2026-03-03T08:00:00Z,temperature,36.9,Cel\n"
    "A1,2026-03-03T08:00:00Z,norepinephrine,10,ug/min\n"
    "A1,2026-03-03T08:00:00Z,o2_device,room_air,\n"
    "A2,2026-03-03T08:00:00Z,o2_device,room_air,\n"
    "A2,2026-03-03T08:00:00Z,hypotension,false,\n"
    "A1,2026-03-05T08:00:00Z,temperature,36.8,Cel\n"
    "A1,2026-03-05T08:00:00Z,vasopressors,none,\n"
    "A1,2026-03-05T08:00:00Z,hypotension,false,\n"
    "A1,2026-03-05T08:00:00Z,o2_device,room_air,\n";

// One liso-cel patient in the wide layout, grade 1 CRS.
constexpr std::string_view kSecondFile =
    "patient_id,time,product,infusion_time,temperature_c,hypotension,o2_device\n"
    "B1,2026-04-01T09:00:00Z,liso-cel,2026-04-01T09:00:00Z,,,\n"
    "B1,2026-04-06T09:00:00Z,,,38.2,false,room_air\n"
    "B1,2026-04-08T09:00:00Z,,,36.9,false,room_air\n";

TEST(CohortCli, JsonCountsPatientsOfBothFiles) {
  TempFile first(kFirstFile, ".csv");
  TempFile second(kSecondFile, ".csv");
  const CommandResult run = Cartwatch("cohort " + first.arg() + " " + second.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json report = json::parse(run.out);
  EXPECT_EQ(report["schema"], "cartwatch.cohort/1");
  EXPECT_EQ(report["patients_total"], 3);
  EXPECT_NE(run.out.find("\"A1\""), std::string::npos);
  EXPECT_NE(run.out.find("\"B1\""), std::string::npos);
  const json* overall = nullptr;
  for (const json& group : report["groups"]) {
    if (group["key"] == "overall") overall = &group;
  }
  ASSERT_NE(overall, nullptr);
  // A1 grade 3 (one vasopressor), B1 grade 1, A2 no CRS.
  EXPECT_EQ((*overall)["crs"]["any_grade"]["events"], 2);
  EXPECT_EQ((*overall)["crs"]["grade3_plus"]["events"], 1);
  EXPECT_EQ((*overall)["crs"]["any_grade"]["total"], 3);
}

TEST(CohortCli, HtmlIsSelfContainedWithPlots) {
  TempFile first(kFirstFile, ".csv");
  const std::string html_path = TempPath(".html");
  const CommandResult run =
      Cartwatch("cohort --format html --output '" + html_path + "' " + first.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string html = ReadFile(html_path);
  std::remove(html_path.c_str());
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("clinician decides"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(CohortCli, CsvPerPatientHasARowEach) {
  TempFile first(kFirstFile, ".csv");
  TempFile second(kSecondFile, ".csv");
  const CommandResult run =
      Cartwatch("cohort --format csv --per-patient " + first.arg() + " " + second.arg());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::size_t lines = 0;
  for (char c : run.out) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 1u + 3u) << run.out;
}

TEST(CohortCli, PerPatientNeedsCsv) {
  TempFile first(kFirstFile, ".csv");
  const CommandResult run = Cartwatch("cohort --per-patient " + first.arg());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--per-patient"), std::string::npos);
}

TEST(CohortCli, OneBadRowRefusesTheWholeInput) {
  TempFile first(kFirstFile, ".csv");
  TempFile bad(std::string(kSecondFile) + "B1,2026-04-09T09:00:00Z,,,38.2,maybe,room_air\n",
               ".csv");
  const CommandResult run = Cartwatch("cohort " + first.arg() + " " + bad.arg());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find(bad.path()), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("\"line\":5"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("hypotension"), std::string::npos) << run.err;
}

TEST(CohortCli, StandardInputOnlyOnce) {
  const CommandResult run = Cartwatch("cohort - -");
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace cartwatch
