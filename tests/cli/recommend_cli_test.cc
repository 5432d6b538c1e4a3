// Runs `cartwatch recommend` as a user would: real protocol files, real assessments, exit codes
// and both output formats.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/time.h"
#include "cli_harness.h"

namespace cartwatch {
namespace {

using nlohmann::json;

using testing::Cartwatch;
using testing::CommandResult;
using testing::JsonLines;
using testing::ReadFile;
using testing::TempFile;
using testing::TempPath;

// The one recommendation of a run that must have succeeded.
json OnlyRecommendation(const CommandResult& run) {
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<json> lines = JsonLines(run.out);
  EXPECT_EQ(lines.size(), 1u) << run.out;
  return lines.empty() ? json::object() : lines.front();
}

const json* FindAction(const json& recommendation, std::string_view drug) {
  for (const json& action : recommendation["actions"]) {
    if (action["drug"] == drug) return &action;
  }
  return nullptr;
}

const json* FindWithheld(const json& recommendation, std::string_view drug) {
  for (const json& withheld : recommendation["withheld"]) {
    if (withheld["drug"] == drug) return &withheld;
  }
  return nullptr;
}

bool Needs(const json& recommendation, std::string_view what) {
  for (const json& need : recommendation["needs"]) {
    if (need == what) return true;
  }
  return false;
}

const std::string kProtocols = std::string(CARTWATCH_SOURCE_DIR) + "/protocols/";
const std::vector<std::string> kShippedProtocols = {"seed-2026", "asco-2021", "ebmt-2022"};

std::string ProtocolFile(const std::string& name) { return "'" + kProtocols + name + ".toml'"; }

// ASTCT 2019 CRS grade 2 (fever, hypotension without vasopressor, low-flow oxygen), complete.
constexpr std::string_view kCrs2 =
    R"({"patient_id": "P1", "time": "2026-03-01T08:00:00Z", "age_years": 54,)"
    R"( "temperature": {"value": 39.2, "unit": "Cel"}, "fever_masked": false, "hypotension": true,)"
    R"( "vasopressors": [], "oxygen": {"device": "nasal_cannula", "flow_l_min": 3},)"
    R"( "neuro": {"ice_total": 10, "consciousness": "alert", "seizure": "none", "motor": "none",)"
    R"( "icp": []}})";

// ICANS grade 2 (ICE 5) with no CRS at all: steroids, never IL-6 blockade.
constexpr std::string_view kIsolatedIcans2 =
    R"({"patient_id": "P2", "time": "2026-03-01T08:00:00Z", "age_years": 54,)"
    R"( "temperature": {"value": 36.9, "unit": "Cel"}, "fever_masked": false,)"
    R"( "hypotension": false, "vasopressors": [], "oxygen": {"device": "room_air"},)"
    R"( "neuro": {"ice_total": 5, "consciousness": "alert", "seizure": "none", "motor": "none",)"
    R"( "icp": []}})";

std::string Line(std::string_view record) { return std::string(record) + "\n"; }

TEST(RecommendCli, DefaultProtocolIsTheSeedAndIsNamed) {
  const json r = OnlyRecommendation(Cartwatch("recommend --weight 70 -", Line(kCrs2)));
  EXPECT_EQ(r["schema"], "cartwatch.recommendation/1");
  EXPECT_EQ(r["patient_id"], "P1");  // echoed so NDJSON output matches its input
  EXPECT_EQ(r["time"], "2026-03-01T08:00:00Z");
  EXPECT_EQ(r["protocol"]["id"], "seed-2026");
  EXPECT_FALSE(r["protocol"]["version"].get<std::string>().empty());
  EXPECT_FALSE(r["protocol"]["title"].get<std::string>().empty());
  EXPECT_EQ(r["crs_grade"], 2);
  EXPECT_EQ(r["icans_grade"], 0);
  EXPECT_EQ(r["grades_are_lower_bounds"], false);
  EXPECT_NE(r["decision_support"].get<std::string>().find("clinician decides"), std::string::npos);
  // The same as giving the bundled name or the shipped file.
  const json by_name =
      OnlyRecommendation(Cartwatch("recommend --protocol seed-2026 --weight 70", Line(kCrs2)));
  const json by_file = OnlyRecommendation(
      Cartwatch("recommend --protocol " + ProtocolFile("seed-2026") + " --weight 70", Line(kCrs2)));
  EXPECT_EQ(by_name, r);
  EXPECT_EQ(by_file, r);
}

TEST(RecommendCli, Crs2At70KgGives560MgTocilizumabNowUnderEveryShippedProtocol) {
  for (const std::string& name : kShippedProtocols) {
    SCOPED_TRACE(name);
    const json r = OnlyRecommendation(
        Cartwatch("recommend --protocol " + ProtocolFile(name) + " --weight 70", Line(kCrs2)));
    EXPECT_EQ(r["protocol"]["id"], name);
    const json* toci = FindAction(r, "tocilizumab");
    ASSERT_TRUE(toci) << r.dump(2);
    EXPECT_EQ((*toci)["dose_mg"], 560);
    EXPECT_EQ((*toci)["route"], "IV");
    EXPECT_EQ((*toci)["when"], "now");
    EXPECT_TRUE((*toci)["not_before"].is_null());
    EXPECT_FALSE((*toci)["rule"].get<std::string>().empty());
    EXPECT_FALSE((*toci)["source"].get<std::string>().empty());
    EXPECT_FALSE(Needs(r, "weight_kg"));
  }
}

TEST(RecommendCli, DoseIsCappedAt800MgFor120Kg) {
  const json r = OnlyRecommendation(Cartwatch("recommend --weight 120", Line(kCrs2)));
  const json* toci = FindAction(r, "tocilizumab");
  ASSERT_TRUE(toci) << r.dump(2);
  EXPECT_EQ((*toci)["dose_mg"], 800);
  EXPECT_NE((*toci)["dose_basis"].get<std::string>().find("800"), std::string::npos);
}

TEST(RecommendCli, MissingWeightGivesNoDoseAndAsksForIt) {
  const json r = OnlyRecommendation(Cartwatch("recommend", Line(kCrs2)));
  const json* toci = FindAction(r, "tocilizumab");
  ASSERT_TRUE(toci) << r.dump(2);
  EXPECT_TRUE((*toci)["dose_mg"].is_null());
  EXPECT_TRUE(Needs(r, "weight_kg")) << r["needs"];
}

TEST(RecommendCli, WeightComesFromTheContextAndTheFlagOverridesIt) {
  TempFile context(R"({"weight_kg": 50, "product": "axi-cel"})", ".json");
  const json from_context =
      OnlyRecommendation(Cartwatch("recommend --context " + context.arg(), Line(kCrs2)));
  ASSERT_TRUE(FindAction(from_context, "tocilizumab"));
  EXPECT_EQ((*FindAction(from_context, "tocilizumab"))["dose_mg"], 400);
  const json overridden = OnlyRecommendation(
      Cartwatch("recommend --weight 70 --context " + context.arg(), Line(kCrs2)));
  ASSERT_TRUE(FindAction(overridden, "tocilizumab"));
  EXPECT_EQ((*FindAction(overridden, "tocilizumab"))["dose_mg"], 560);
}

TEST(RecommendCli, IsolatedIcansNeverYieldsTocilizumab) {
  for (const std::string& name : kShippedProtocols) {
    SCOPED_TRACE(name);
    const json r = OnlyRecommendation(Cartwatch(
        "recommend --protocol " + ProtocolFile(name) + " --weight 70", Line(kIsolatedIcans2)));
    EXPECT_EQ(r["crs_grade"], 0);
    EXPECT_EQ(r["icans_grade"], 2);
    EXPECT_FALSE(FindAction(r, "tocilizumab")) << r.dump(2);
    EXPECT_FALSE(FindAction(r, "siltuximab")) << r.dump(2);
    EXPECT_TRUE(FindAction(r, "dexamethasone")) << r.dump(2);
  }
}

TEST(RecommendCli, ThreeTocilizumabDosesIn24HoursWithholdItAndStateTheLimit) {
  // Doses at 20 h, 12 h and 4 h before the assessment (08:00Z).
  TempFile context(R"({"weight_kg": 70, "given": [
      {"drug": "tocilizumab", "time": "2026-02-28T12:00:00Z", "dose_mg": 560},
      {"drug": "tocilizumab", "time": "2026-02-28T20:00:00Z", "dose_mg": 560},
      {"drug": "tocilizumab", "time": "2026-03-01T04:00:00Z", "dose_mg": 560}]})",
                   ".json");
  const json r = OnlyRecommendation(Cartwatch("recommend --context " + context.arg(), Line(kCrs2)));
  EXPECT_FALSE(FindAction(r, "tocilizumab")) << r.dump(2);
  const json* withheld = FindWithheld(r, "tocilizumab");
  ASSERT_TRUE(withheld) << r.dump(2);
  const std::string reason = (*withheld)["reason"];
  EXPECT_NE(reason.find("3"), std::string::npos) << reason;
  EXPECT_NE(reason.find("24 h"), std::string::npos) << reason;
  // The first of the three leaves the 24 h window at 2026-03-01T12:00:00Z.
  EXPECT_NE(reason.find("2026-03-01T12:00:00Z"), std::string::npos) << reason;
  EXPECT_FALSE((*withheld)["rule"].get<std::string>().empty());
}

TEST(RecommendCli, RecentDoseSetsNotBeforeFromTheAssessmentTime) {
  TempFile context(R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T06:00:00Z"}]})",
                   ".json");
  const json r = OnlyRecommendation(
      Cartwatch("recommend --weight 70 --context " + context.arg(), Line(kCrs2)));
  const json* toci = FindAction(r, "tocilizumab");
  ASSERT_TRUE(toci) << r.dump(2);
  ASSERT_TRUE((*toci)["not_before"].is_string()) << r.dump(2);
  const auto not_before = cartwatch::core::ParseRfc3339((*toci)["not_before"].get<std::string>());
  const auto now = cartwatch::core::ParseRfc3339("2026-03-01T08:00:00Z");
  ASSERT_TRUE(not_before && now);
  EXPECT_GT(*not_before, *now);
  EXPECT_EQ((*toci)["when"], "if no response by " + (*toci)["not_before"].get<std::string>());
}

TEST(RecommendCli, TextFormatIsAPlainListWithTheDecisionSupportLine) {
  const CommandResult run = Cartwatch("recommend --format text --weight 70", Line(kCrs2));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Assessment at line 1: patient P1, 2026-03-01T08:00:00Z\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Protocol seed-2026 version "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("CRS grade 2, ICANS grade 0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("tocilizumab 560 mg IV, now ["), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Decision support: a clinician decides.\n"), std::string::npos) << run.out;

  const CommandResult no_weight = Cartwatch("recommend --format text", Line(kCrs2));
  ASSERT_EQ(no_weight.exit_code, 0) << no_weight.err;
  EXPECT_NE(no_weight.out.find("NO DOSE COMPUTED"), std::string::npos) << no_weight.out;
  EXPECT_NE(no_weight.out.find("needs: weight_kg"), std::string::npos) << no_weight.out;
}

TEST(RecommendCli, TextSaysWhenASyndromeWasNotAssessed) {
  const std::string neuro_only =
      R"({"time": "2026-03-01T08:00:00Z", "age_years": 54, "neuro": {"ice_total": 5}})";
  const CommandResult run = Cartwatch("recommend --format text --weight 70", neuro_only + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("CRS not assessed (no finding recorded; counted as grade 0)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("ICANS not assessed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("assessment.crs"), std::string::npos) << run.out;
  const json r = OnlyRecommendation(Cartwatch("recommend --weight 70", neuro_only + "\n"));
  EXPECT_TRUE(r["crs_grade"].is_null()) << r.dump(2);
  EXPECT_EQ(r["icans_grade"], 2);
}

TEST(RecommendCli, OneRecommendationPerAssessmentAndRefusedOnesOnStderr) {
  const std::string input =
      Line(kCrs2) + R"({"temperature": {"value": 39}})" + "\n" + Line(kIsolatedIcans2);
  const CommandResult run = Cartwatch("recommend --weight 70", input);
  EXPECT_EQ(run.exit_code, 3);
  const std::vector<json> out = JsonLines(run.out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["crs_grade"], 2);
  EXPECT_EQ(out[1]["icans_grade"], 2);
  const std::vector<json> err = JsonLines(run.err);  // every stderr line is JSON too
  ASSERT_EQ(err.size(), 2u) << run.err;
  EXPECT_EQ(err[0]["line"], 2);
  EXPECT_EQ(err[0]["error"], "missing_unit");
  EXPECT_EQ(err[1]["summary"]["recommended"], 2);
  EXPECT_EQ(err[1]["summary"]["refused"], 1);
}

TEST(RecommendCli, AssessmentWithoutTimeAsksForItWhenDosesWereGiven) {
  TempFile context(R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T06:00:00Z"}]})",
                   ".json");
  json untimed = json::parse(kCrs2);
  untimed.erase("time");
  const json r = OnlyRecommendation(
      Cartwatch("recommend --weight 70 --context " + context.arg(), untimed.dump() + "\n"));
  EXPECT_FALSE(FindAction(r, "tocilizumab")) << r.dump(2);
  EXPECT_TRUE(FindWithheld(r, "tocilizumab")) << r.dump(2);
  EXPECT_TRUE(Needs(r, "time")) << r["needs"];
}

// ---- refusals --------------------------------------------------------------------------------

TEST(RecommendCli, BadWeightIsAUsageError) {
  for (const char* weight : {"abc", "0", "-5", "70kg", "nan", "inf", "351", "''"}) {
    const CommandResult run = Cartwatch(std::string("recommend --weight=") + weight, Line(kCrs2));
    EXPECT_EQ(run.exit_code, 2) << weight << ": " << run.err;
    EXPECT_TRUE(run.out.empty()) << weight;
    EXPECT_NE(run.err.find("weight"), std::string::npos) << run.err;
  }
}

TEST(RecommendCli, UnreadableFilesAreUsageErrors) {
  EXPECT_EQ(Cartwatch("recommend /nonexistent/a.ndjson").exit_code, 2);
  const CommandResult protocol = Cartwatch("recommend --protocol /nonexistent/p.toml", Line(kCrs2));
  EXPECT_EQ(protocol.exit_code, 2);
  EXPECT_NE(protocol.err.find("/nonexistent/p.toml"), std::string::npos) << protocol.err;
  const CommandResult context = Cartwatch("recommend --context /nonexistent/c.json", Line(kCrs2));
  EXPECT_EQ(context.exit_code, 2);
  EXPECT_NE(context.err.find("/nonexistent/c.json"), std::string::npos) << context.err;
  EXPECT_EQ(Cartwatch("recommend --context - -", Line(kCrs2)).exit_code, 2);
  const std::string directory = "'" + ::testing::TempDir() + "'";
  EXPECT_EQ(Cartwatch("recommend --protocol " + directory, Line(kCrs2)).exit_code, 2);
  EXPECT_EQ(Cartwatch("recommend --context " + directory, Line(kCrs2)).exit_code, 2);
  EXPECT_EQ(Cartwatch("recommend --format xml", Line(kCrs2)).exit_code, 2);
}

TEST(RecommendCli, BrokenProtocolFileExitsThreeWithItsErrors) {
  // Not TOML at all.
  TempFile garbage("schema = \"cartwatch.protocol/1\"\nid = [unclosed\n", ".toml");
  CommandResult run = Cartwatch("recommend --protocol " + garbage.arg(), Line(kCrs2));
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_TRUE(run.out.empty());
  std::vector<json> errors = JsonLines(run.err);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]["file"], garbage.path());
  EXPECT_EQ(errors[0]["error"], "malformed_protocol");

  // Valid TOML, but no action covers ICANS at any grade.
  TempFile incomplete(R"(schema = "cartwatch.protocol/1"
id = "broken"
version = "0.1.0"
title = "Broken on purpose"
[[sources]]
key = "s"
citation = "test"
[[actions]]
rule = "broken.crs.support"
source = "s"
syndrome = "crs"
grades = [1, 2, 3, 4]
kind = "support"
text = "Supportive care"
)",
                      ".toml");
  run = Cartwatch("recommend --protocol " + incomplete.arg(), Line(kCrs2));
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_TRUE(run.out.empty());
  errors = JsonLines(run.err);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0]["error"], "invalid_protocol") << run.err;

  run = Cartwatch("recommend --format text --protocol " + incomplete.arg(), Line(kCrs2));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find(incomplete.path() + ": "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("[invalid_protocol]"), std::string::npos) << run.err;
}

TEST(RecommendCli, InvalidContextExitsThreeWithTheField) {
  TempFile context(R"({"weight_kg": 700, "given": [{"drug": "toci", "time": "now"}]})", ".json");
  const CommandResult run = Cartwatch("recommend --context " + context.arg(), Line(kCrs2));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty());
  const std::vector<json> errors = JsonLines(run.err);
  ASSERT_EQ(errors.size(), 3u) << run.err;
  EXPECT_EQ(errors[0]["file"], context.path());
  EXPECT_EQ(errors[0]["error"], "implausible_value");
  EXPECT_EQ(errors[0]["field"], "weight_kg");
  EXPECT_EQ(errors[1]["error"], "unknown_code");
  EXPECT_EQ(errors[1]["field"], "given[0].drug");
  EXPECT_EQ(errors[2]["error"], "invalid_time");
  EXPECT_EQ(errors[2]["field"], "given[0].time");
}

TEST(RecommendCli, HelpNamesTheOptions) {
  const CommandResult run = Cartwatch("recommend --help");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* option :
       {"--protocol", "--weight", "--context", "--format", "seed-2026", "clinician decides"}) {
    EXPECT_NE(run.out.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace cartwatch
