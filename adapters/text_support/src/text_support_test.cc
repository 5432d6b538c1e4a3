#include "cartwatch/adapters/text_support.h"

#include <gtest/gtest.h>

#include <string>

namespace cartwatch::adapters::text {
namespace {

TEST(Utf8, AcceptsEveryWellFormedLength) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8, RefusesWhatRfc3629Excludes) {
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0u);              // stray continuation byte
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xE0\x80\xAF", 0), 0u);      // overlong, three bytes
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0u);      // surrogate U+D800
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82", 0), 0u);          // cut by the end
  EXPECT_FALSE(IsValidUtf8("ok\xFF"));
}

TEST(Utf8, EscapedCopyKeepsCharactersAndReplacesBadBytes) {
  std::string out;
  AppendUtf8Escaped(out, "a<\xC3\xA9\xFF\xE2\x82", "?", [&](char c) {
    if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  });
  EXPECT_EQ(out, "a&lt;\xC3\xA9???");
}

std::size_t TwoByteOnly(std::string_view text, std::size_t i) noexcept {
  const std::size_t length = Utf8SequenceLength(text, i);
  return length == 2 ? length : 0;
}

TEST(Utf8, EscapedCopyTakesAStricterSequenceRule) {
  std::string out;
  AppendUtf8Escaped(
      out, "\xC3\xA9\xE2\x82\xAC", "?", [&](char c) { out += c; }, TwoByteOnly);
  EXPECT_EQ(out, "\xC3\xA9???");
}

TEST(EchoText, KeepsShortTextAndCutsLongTextOnACharacter) {
  EXPECT_EQ(EchoText("38.5"), "38.5");
  const std::string exact(kMaxEchoBytes, 'x');
  EXPECT_EQ(EchoText(exact), exact);
  EXPECT_EQ(EchoText(exact + "y"), exact + "...");
  // A two-byte character straddling the cut is dropped whole, never split.
  const std::string straddling = std::string(kMaxEchoBytes - 1, 'x') + "\xC3\xA9" + "tail";
  EXPECT_EQ(EchoText(straddling), std::string(kMaxEchoBytes - 1, 'x') + "...");
}

TEST(EchoText, QuotedEchoIsCutTheSameWay) {
  EXPECT_EQ(QuotedEcho("toci"), "\"toci\"");
  EXPECT_EQ(QuotedEcho(std::string(100, 'x')), "\"" + std::string(kMaxEchoBytes, 'x') + "...\"");
}

TEST(Plain, EscapesLineBreaksAndHidesControlCharacters) {
  EXPECT_EQ(Plain("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(Plain(std::string("bell\a esc\x1b del\x7f", 15)), "bell? esc? del?");
  EXPECT_EQ(Plain("caf\xC3\xA9"), "caf\xC3\xA9");
  std::string out = "id: ";
  AppendPlain(out, "P\n1");
  EXPECT_EQ(out, "id: P\\n1");
}

TEST(CsvCell, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvCell(out, "plain");
  EXPECT_EQ(out, "plain");
  out.clear();
  AppendCsvCell(out, "a,b");
  EXPECT_EQ(out, "\"a,b\"");
  out.clear();
  AppendCsvCell(out, "say \"hi\"");
  EXPECT_EQ(out, "\"say \"\"hi\"\"\"");
  out.clear();
  AppendCsvCell(out, "two\nlines");
  EXPECT_EQ(out, "\"two\nlines\"");
  out.clear();
  AppendCsvCell(out, "");
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace cartwatch::adapters::text
