#include "cartwatch/adapters/json_strict.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cartwatch::adapters::json_strict {
namespace {

using core::ErrorCode;

TEST(ParseTree, ReportsEveryRepeatedKeyWithItsPathAndKeepsParsing) {
  Json root;
  std::vector<core::Error> errors;
  ASSERT_TRUE(ParseTree(R"({"a": 1, "b": [{"t": 1, "t": 2}], "a": 3})", root, errors, "hint"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, ErrorCode::kDuplicateKey);
  EXPECT_EQ(errors[0].field, "b[0].t");
  EXPECT_EQ(errors[1].field, "a");
  EXPECT_EQ(root["a"], 3);
}

TEST(ParseTree, RefusesTooDeepNestingWithOneMalformedError) {
  const std::string deep = std::string(kMaxNesting + 1, '[') + std::string(kMaxNesting + 1, ']');
  Json root;
  std::vector<core::Error> errors;
  EXPECT_FALSE(ParseTree(deep, root, errors, "a record needs three"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::kMalformedJson);
  EXPECT_NE(errors[0].message.find("a record needs three"), std::string::npos);
}

TEST(ValueText, EchoesStringsBareAndCutsLongValues) {
  EXPECT_EQ(ValueText(Json("abc")), "abc");
  EXPECT_EQ(ValueText(Json::parse(R"({"k":[1,2]})")), R"({"k":[1,2]})");
  EXPECT_EQ(ValueText(Json(std::string(100, 'x'))), std::string(80, 'x') + "...");
}

TEST(AppendJsonString, EscapesControlsAndReplacesInvalidUtf8) {
  std::string out;
  AppendJsonString(out, "a\"b\\c\n\x01\xFF\xC3\xA9");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\\ufffd\xC3\xA9\"");
  EXPECT_EQ(Json::parse(out).get<std::string>(), "a\"b\\c\n\x01\xEF\xBF\xBD\xC3\xA9");
}

TEST(AppendErrorText, SaysFieldMessageAndValueOnceOnOneLine) {
  std::string out;
  AppendErrorText(
      out, core::Error{ErrorCode::kUnknownCode, "given[0].drug", "to\nci", "unknown drug", ""});
  EXPECT_EQ(out, "given[0].drug: unknown drug (received: to\\nci) [unknown_code]");
}

}  // namespace
}  // namespace cartwatch::adapters::json_strict
