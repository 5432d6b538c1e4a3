// Whole bad files in testdata/: each `name.csv` beside `name.expect`, one expected error a line:
// `line | code | field` (field may be empty). The reader must give exactly these, in this order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cartwatch/core/error.h"
#include "recording_sink.h"

namespace cartwatch::adapters {
namespace {

struct Expected {
  std::uint64_t line;
  std::string code;
  std::string field;
};

std::vector<Expected> ReadExpectations(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::vector<Expected> expected;
  for (std::string text; std::getline(file, text);) {
    if (text.empty() || text.starts_with('#')) continue;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      const std::size_t bar = text.find(" | ", start);
      parts.push_back(text.substr(start, bar == std::string::npos ? bar : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 3;
    }
    parts.resize(3);
    expected.push_back(Expected{std::stoull(parts[0]), parts[1], parts[2]});
  }
  return expected;
}

TEST(CsvTestdata, EachBadFileGivesExactlyItsExpectedErrors) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CARTWATCH_CSV_TESTDATA_DIR)) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 8u);
  std::set<std::string> codes_seen;
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::filesystem::path expect_path = path;
    expect_path.replace_extension(".expect");
    ASSERT_TRUE(std::filesystem::exists(expect_path));
    const std::vector<Expected> expected = ReadExpectations(expect_path);
    ASSERT_FALSE(expected.empty()) << "a bad file must expect at least one error";
    std::ifstream file(path, std::ios::binary);
    RecordingSink sink;
    const CsvReadSummary summary = ReadTimelineCsv(file, sink);
    std::string got;
    for (const CsvLineError& error : summary.errors) {
      got += std::to_string(error.line) + " | " + std::string(error.error.name()) + " | " +
             error.error.field + " : " + error.error.message + "\n";
    }
    ASSERT_EQ(summary.errors.size(), expected.size()) << got;
    EXPECT_EQ(summary.errors_total, expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(summary.errors[i].line, expected[i].line) << got;
      EXPECT_EQ(summary.errors[i].error.name(), expected[i].code) << got;
      EXPECT_EQ(summary.errors[i].error.field, expected[i].field) << got;
      codes_seen.insert(expected[i].code);
    }
  }
  // Together the files show every code the CSV reader can give.
  for (const char* code :
       {"malformed_csv", "unknown_field", "duplicate_key", "wrong_type", "not_integer",
        "missing_unit", "unknown_unit", "implausible_value", "out_of_range", "unknown_code",
        "missing_required", "contradictory", "invalid_time", "out_of_order"}) {
    EXPECT_TRUE(codes_seen.contains(code)) << code;
  }
}

}  // namespace
}  // namespace cartwatch::adapters
