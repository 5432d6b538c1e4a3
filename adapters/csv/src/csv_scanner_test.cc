#include "csv_scanner.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace cartwatch::adapters::csv {
namespace {

struct Scanned {
  std::uint64_t line;
  std::vector<std::string> fields;  // empty for a malformed record
  std::string problem;
};

// Every record of `text`, read with chunks of `chunk` bytes (tiny chunks cross every boundary).
std::vector<Scanned> ScanAll(const std::string& text, std::size_t chunk = 1 << 20,
                             std::size_t max_record = 1 << 20) {
  std::istringstream input(text);
  CsvScanner scanner(input, chunk, max_record);
  std::vector<Scanned> out;
  while (true) {
    const CsvScanner::Status status = scanner.Next();
    if (status == CsvScanner::Status::kEnd) break;
    Scanned scanned{scanner.line(), {}, std::string(scanner.problem())};
    if (status == CsvScanner::Status::kRecord) {
      scanned.problem.clear();
      for (std::string_view field : scanner.fields()) scanned.fields.emplace_back(field);
    }
    out.push_back(std::move(scanned));
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvScanner, SplitsPlainRecordsAndKeepsEmptyFields) {
  const auto records = ScanAll("a,b,c\n1,,3\n,,\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].fields, (Fields{"1", "", "3"}));
  EXPECT_EQ(records[2].fields, (Fields{"", "", ""}));
  EXPECT_EQ(records[2].line, 3u);
}

TEST(CsvScanner, AcceptsBomCrlfAndAMissingFinalNewline) {
  const auto records = ScanAll("\xEF\xBB\xBFh1,h2\r\nx,y\r\nlast,row");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"h1", "h2"}));
  EXPECT_EQ(records[1].fields, (Fields{"x", "y"}));
  EXPECT_EQ(records[2].fields, (Fields{"last", "row"}));
}

TEST(CsvScanner, SkipsBlankLinesButCountsThem) {
  const auto records = ScanAll("a\n\n\r\nb\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].fields, (Fields{"b"}));
  EXPECT_EQ(records[1].line, 4u);
}

TEST(CsvScanner, UnquotesFieldsPerRfc4180) {
  const auto records = ScanAll("\"a,b\",\"say \"\"hi\"\"\",\"\"\n\"x\"\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"a,b", "say \"hi\"", ""}));
  EXPECT_EQ(records[1].fields, (Fields{"x"}));
}

TEST(CsvScanner, AQuotedLineBreakContinuesTheRecordAndTheLinesAreCounted) {
  const auto records = ScanAll("\"two\nlines\",b\nnext,row\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"two\nlines", "b"}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 3u);
}

TEST(CsvScanner, RefusesBadQuotingAndGoesOn) {
  const auto records = ScanAll("a\"b,c\n\"x\"y,z\nok,1\n\"open,2");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_NE(records[0].problem.find("quote inside an unquoted field"), std::string::npos);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_NE(records[1].problem.find("after the closing quote"), std::string::npos);
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].fields, (Fields{"ok", "1"}));
  EXPECT_NE(records[3].problem.find("not closed"), std::string::npos);
  EXPECT_EQ(records[3].line, 4u);
}

TEST(CsvScanner, TinyChunksGiveTheSameRecords) {
  std::string text = "\xEF\xBB\xBFpatient_id,time,kind,value,unit\r\n";
  for (int i = 0; i < 50; ++i) {
    text += "P" + std::to_string(i) + ",2026-03-01T08:00:00Z,\"te,mp\",38." + std::to_string(i) +
            ",Cel\r\n";
  }
  const auto whole = ScanAll(text);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u}) {
    SCOPED_TRACE(chunk);
    const auto pieces = ScanAll(text, chunk, 256);
    ASSERT_EQ(pieces.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(pieces[i].fields, whole[i].fields);
      EXPECT_EQ(pieces[i].line, whole[i].line);
    }
  }
  ASSERT_EQ(whole.size(), 51u);
  EXPECT_EQ(whole[0].fields[0], "patient_id");
  EXPECT_EQ(whole[50].fields, (Fields{"P49", "2026-03-01T08:00:00Z", "te,mp", "38.49", "Cel"}));
}

TEST(CsvScanner, ARecordLongerThanTheLimitIsRefusedAndReadingGoesOn) {
  const std::string text = "short\n" + std::string(100, 'x') + "\nafter\n";
  const auto records = ScanAll(text, 16, 32);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"short"}));
  EXPECT_NE(records[1].problem.find("longer than 32 bytes"), std::string::npos);
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].fields, (Fields{"after"}));
  EXPECT_EQ(records[2].line, 3u);
}

TEST(CsvScanner, EmptyInputHasNoRecord) {
  EXPECT_TRUE(ScanAll("").empty());
  EXPECT_TRUE(ScanAll("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(ScanAll("\n\r\n").empty());
}

}  // namespace
}  // namespace cartwatch::adapters::csv
