#include "cartwatch/core/sources.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/rule.h"
#include "enum_order.h"

namespace cartwatch::core {
namespace {

bool Registered(SourceId id) {
  for (const Source& source : Sources()) {
    if (source.id == id) return !source.key.empty() && !source.citation.empty();
  }
  return false;
}

TEST(Sources, RegistryIsOrderedAndComplete) {
  const auto sources = Sources();
  std::set<std::string_view> keys;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(sources[i].id), i);
    EXPECT_TRUE(keys.insert(sources[i].key).second) << sources[i].key;
    EXPECT_FALSE(sources[i].citation.empty());
  }
}

TEST(Sources, EveryRuleCitesARegisteredSourceAndHasAUniqueId) {
  std::set<std::string_view> ids;
  for (auto rules : {CrsAstct2019Rules(), IcansAstct2019Rules()}) {
    for (const RuleInfo* rule : rules) {
      EXPECT_TRUE(Registered(rule->source)) << rule->id;
      EXPECT_TRUE(ids.insert(rule->id).second) << "duplicate rule id " << rule->id;
      EXPECT_FALSE(rule->locator.empty()) << rule->id;
      EXPECT_FALSE(rule->text.empty()) << rule->id;
      EXPECT_GE(rule->grade, 0);
      EXPECT_LE(rule->grade, 5);
    }
  }
}

TEST(Sources, EveryFlagCitesARegisteredSource) {
  std::set<std::string_view> codes;
  for (int i = 0; i < kFlagIdCount; ++i) {
    const FlagInfo& flag = Describe(static_cast<FlagId>(i));
    EXPECT_EQ(static_cast<int>(flag.id), i);
    EXPECT_TRUE(Registered(flag.source)) << flag.code;
    EXPECT_TRUE(codes.insert(flag.code).second) << flag.code;
    EXPECT_FALSE(flag.text.empty());
  }
}

TEST(Sources, EveryInputIsDescribedInOrder) {
  std::set<std::string_view> fields;
  for (int i = 0; i < kInputIdCount; ++i) {
    const InputInfo& input = Describe(static_cast<InputId>(i));
    EXPECT_EQ(static_cast<int>(input.id), i);
    EXPECT_TRUE(fields.insert(input.field).second) << input.field;
  }
}

TEST(DocSection, EachFamilyOfIdsHasItsSection) {
  EXPECT_EQ(DocSection("ASTCT2019.CRS.FEVER"), "astct-2019.md#12-the-rule-table");
  EXPECT_EQ(DocSection("ASTCT2019.ICANS.DEATH"), "astct-2019.md#23-the-rule-table");
  EXPECT_EQ(DocSection("LEE2014.CRS.FEVER"), "older-systems.md#lee-2014");
  EXPECT_EQ(DocSection("PALS.HYPOTENSION.INFANT"), "hypotension.md#thresholds");
  EXPECT_EQ(DocSection("FIG.AXI-CEL.ZUMA-1"), "products.md#published-figures");
}

TEST(DocSection, AnUnknownFamilyHasNone) {
  EXPECT_TRUE(DocSection("").empty());
  EXPECT_TRUE(DocSection("ASTCT2019").empty());            // a prefix of a family is not a family
  EXPECT_TRUE(DocSection("astct2019.crs.fever").empty());  // ids are upper case
}

enum class Colour { kRed, kGreen };
struct ColourRow {
  Colour colour;
  int value;
};
static_assert(IndexedByEnum(std::array<ColourRow, 2>{{{Colour::kRed, 1}, {Colour::kGreen, 2}}},
                            &ColourRow::colour));
static_assert(!IndexedByEnum(std::array<ColourRow, 2>{{{Colour::kGreen, 1}, {Colour::kRed, 2}}},
                             &ColourRow::colour),
              "a table out of enum order is caught at compile time");

}  // namespace
}  // namespace cartwatch::core
