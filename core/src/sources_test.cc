#include "cartwatch/core/sources.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cartwatch/core/grading.h"

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

}  // namespace
}  // namespace cartwatch::core
