// Runs the real `cartwatch` binary as a user would and checks exit codes and streams.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cartwatch/core/error.h"
#include "cli_harness.h"

namespace cartwatch {
namespace {

using testing::Cartwatch;
using testing::CommandResult;
using testing::JsonLines;
using testing::ReadFile;
using testing::TempFile;
using testing::TempPath;

const std::string kExamples = std::string(CARTWATCH_SOURCE_DIR) + "/examples/";

TEST(Cli, HelpAndVersionExitZero) {
  CommandResult help = Cartwatch("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("grade"), std::string::npos);
  EXPECT_NE(help.out.find("clinician decides"), std::string::npos);
  CommandResult grade_help = Cartwatch("grade --help");
  EXPECT_EQ(grade_help.exit_code, 0);
  EXPECT_NE(grade_help.out.find("--format"), std::string::npos);
  CommandResult version = Cartwatch("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("cartwatch "), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(Cartwatch("").exit_code, 2);
  EXPECT_EQ(Cartwatch("frobnicate").exit_code, 2);
  EXPECT_EQ(Cartwatch("grade --format xml -").exit_code, 2);
  EXPECT_EQ(Cartwatch("grade --no-such-flag -").exit_code, 2);
  CommandResult missing = Cartwatch("grade /nonexistent/assessments.ndjson");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/assessments.ndjson"), std::string::npos);
}

TEST(Cli, GradesStandardInputAsJsonLines) {
  CommandResult run = Cartwatch(
      "grade -",
      R"({"patient_id":"P1","temperature":{"value":39.5,"unit":"Cel"},"hypotension":true,)"
      R"("vasopressors":["norepinephrine"],"oxygen":{"device":"nasal_cannula","flow_l_min":2}})"
      "\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto lines = JsonLines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["patient_id"], "P1");
  EXPECT_EQ(lines[0]["crs"]["system"], "ASTCT-2019");
  EXPECT_EQ(lines[0]["crs"]["grade"], 3);
}

TEST(Cli, InvalidRecordsExitThreeWithLineNumbersAndValidOnesAreStillGraded) {
  const std::string input = R"({"patient_id":"ok1","temperature":{"value":38.0,"unit":"Cel"}})"
                            "\n"
                            R"({"patient_id":"bad","temperature":{"value":38.0}})"
                            "\n\n"
                            R"({"patient_id":"ok2","temperature":{"value":37.9,"unit":"Cel"}})"
                            "\n"
                            R"({"patient_id":"bad2","oxygen":{"device":"nasal_cannula"}})"
                            "\n";
  CommandResult run = Cartwatch("grade", input);
  EXPECT_EQ(run.exit_code, 3);
  auto graded = JsonLines(run.out);
  ASSERT_EQ(graded.size(), 2u);
  EXPECT_EQ(graded[0]["crs"]["grade"], 1);
  EXPECT_EQ(graded[1]["crs"]["grade"], 0);

  std::vector<nlohmann::json> errors;
  std::istringstream stream(run.err);
  for (std::string line; std::getline(stream, line);) {
    if (line.empty()) continue;
    auto record = nlohmann::json::parse(line);  // JSON mode: every stderr line is JSON
    if (record.contains("summary")) {
      EXPECT_EQ(record["summary"]["graded"], 2);
      EXPECT_EQ(record["summary"]["refused"], 2);
    } else {
      errors.push_back(record);
    }
  }
  ASSERT_EQ(errors.size(), 2u) << run.err;
  EXPECT_EQ(errors[0]["line"], 2);
  EXPECT_EQ(errors[0]["error"], "missing_unit");
  EXPECT_EQ(errors[0]["field"], "temperature.unit");
  EXPECT_EQ(errors[1]["line"], 5);
  EXPECT_EQ(errors[1]["error"], "missing_required");
  EXPECT_EQ(errors[1]["field"], "oxygen.flow_l_min");
}

TEST(Cli, TextFormatExplainsInPlainWords) {
  CommandResult run = Cartwatch("grade --format text",
                                R"({"age_years":54,"temperature":{"value":100.4,"unit":"[degF]"},)"
                                R"("neuro":{"ice_total":3,"seizure":"rapidly_resolving"}})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Both syndromes have unrecorded findings, so the headline reads "at least".
  EXPECT_NE(run.out.find("CRS grade at least 1"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ICANS grade at least 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ASTCT2019.ICANS.SEIZURE.RAPIDLY_RESOLVING"), std::string::npos);
  CommandResult bad =
      Cartwatch("grade --format text", R"({"temperature":{"value":101,"unit":"Cel"}})");
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("line 1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("temperature"), std::string::npos) << bad.err;
}

TEST(Cli, SinglePrettyPrintedObjectIsOneRecord) {
  CommandResult run = Cartwatch("grade '" + kExamples + "single-assessment.json'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(JsonLines(run.out).size(), 1u);
}

TEST(Cli, BundledExamplesGradeWithoutErrors) {
  for (const char* file : {"spec-examples.ndjson", "pediatric.ndjson"}) {
    CommandResult run = Cartwatch(std::string("grade '") + kExamples + file + "'");
    EXPECT_EQ(run.exit_code, 0) << file << ": " << run.err;
    EXPECT_FALSE(JsonLines(run.out).empty()) << file;
  }
  CommandResult invalid = Cartwatch("grade '" + kExamples + "invalid.ndjson'");
  EXPECT_EQ(invalid.exit_code, 3);
  EXPECT_FALSE(invalid.err.empty());
}

TEST(Docs, EveryErrorCodeIsDocumented) {
  const std::string doc = ReadFile(std::string(CARTWATCH_SOURCE_DIR) + "/docs/error-codes.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& info : cartwatch::core::ErrorCatalogue()) {
    EXPECT_NE(doc.find("`" + std::string(info.name) + "`"), std::string::npos) << info.name;
  }
}

}  // namespace
}  // namespace cartwatch
