// Every rule, flag, figure and threshold the core can cite is traced inside the repository: its
// source is in the registry, its locator names a place, and its docs/clinical/ section exists and
// names it. The case rows, limits and links are checked by check_repo.py.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/hypotension.h"
#include "cartwatch/core/product_figures.h"
#include "cartwatch/core/rule.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::core {
namespace {

// GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.
std::string Anchor(std::string_view heading) {
  std::string anchor;
  for (const char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_') {
      anchor += static_cast<char>(std::tolower(u));
    } else if (c == ' ') {
      anchor += '-';
    }
  }
  return anchor;
}

// The sections of one page: anchor -> text up to the next heading of the same or higher level.
std::map<std::string, std::string> Sections(const std::filesystem::path& page) {
  std::ifstream in(page);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  struct Heading {
    std::size_t line;
    std::size_t level;
    std::string anchor;
  };
  std::vector<Heading> headings;
  bool in_code = false;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("```")) in_code = !in_code;
    const std::size_t level = lines[i].find_first_not_of('#');
    if (in_code || level == 0 || level > 6 || level == std::string::npos ||
        lines[i][level] != ' ') {
      continue;
    }
    std::string anchor = Anchor(std::string_view(lines[i]).substr(level + 1));
    if (const int n = seen[anchor]++; n > 0) anchor += "-" + std::to_string(n);
    headings.push_back({i, level, anchor});
  }
  std::map<std::string, std::string> sections;
  for (std::size_t k = 0; k < headings.size(); ++k) {
    std::size_t end = lines.size();
    for (std::size_t j = k + 1; j < headings.size(); ++j) {
      if (headings[j].level <= headings[k].level) {
        end = headings[j].line;
        break;
      }
    }
    std::string text;
    for (std::size_t i = headings[k].line; i < end; ++i) text += lines[i] + "\n";
    sections[headings[k].anchor] = text;
  }
  return sections;
}

class DocsTraceability : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::filesystem::path dir = std::filesystem::path(CARTWATCH_SOURCE_DIR) / "docs/clinical";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".md") {
        pages_[entry.path().filename().string()] = Sections(entry.path());
      }
    }
  }

  // The text of the section "page.md#anchor", or nullptr (with a test failure) if it is missing.
  static const std::string* Section(std::string_view reference, std::string_view what) {
    const std::size_t hash = reference.find('#');
    const auto page = pages_.find(std::string(reference.substr(0, hash)));
    if (hash == std::string_view::npos || page == pages_.end()) {
      ADD_FAILURE() << what << ": no docs/clinical page for \"" << reference << "\"";
      return nullptr;
    }
    const auto section = page->second.find(std::string(reference.substr(hash + 1)));
    if (section == page->second.end()) {
      ADD_FAILURE() << what << ": no section \"" << reference << "\" in docs/clinical";
      return nullptr;
    }
    return &section->second;
  }

  // A rule row: its source is registered, its locator says where, and DocSection(id) is a section
  // that names the id.
  static void ExpectTraced(const RuleInfo& rule) {
    SCOPED_TRACE(std::string(rule.id));
    EXPECT_FALSE(Describe(rule.source).key.empty());
    EXPECT_FALSE(rule.locator.empty());
    EXPECT_FALSE(rule.text.empty());
    const std::string_view doc = DocSection(rule.id);
    ASSERT_FALSE(doc.empty()) << "no docs/clinical family for " << rule.id;
    if (const std::string* text = Section(doc, rule.id)) {
      EXPECT_NE(text->find("`" + std::string(rule.id) + "`"), std::string::npos)
          << rule.id << " is not listed in docs/clinical/" << doc;
    }
  }

  static inline std::map<std::string, std::map<std::string, std::string>> pages_;
};

TEST_F(DocsTraceability, AnchorsFollowGitHub) {
  EXPECT_EQ(Anchor("1.2 The rule table"), "12-the-rule-table");
  EXPECT_EQ(Anchor("CTCAE v5.0"), "ctcae-v50");
  EXPECT_EQ(Anchor("Common rules (all five systems)"), "common-rules-all-five-systems");
  EXPECT_EQ(Anchor("Known discordances (Pennisi 2020)"), "known-discordances-pennisi-2020");
}

TEST_F(DocsTraceability, AstctRulesAreDocumented) {
  for (const RuleInfo* rule : CrsAstct2019Rules()) ExpectTraced(*rule);
  for (const RuleInfo* rule : IcansAstct2019Rules()) ExpectTraced(*rule);
}

TEST_F(DocsTraceability, OlderSystemRulesAreDocumented) {
  for (const GradingSystemInfo& system : GradingSystems()) {
    for (const RuleInfo* rule : CrsRules(system.id)) ExpectTraced(*rule);
  }
}

TEST_F(DocsTraceability, HypotensionThresholdsAreDocumented) {
  ExpectTraced(AdultSystolicRule());
  ExpectTraced(AdultMeanRule());
  for (const SystolicBand& band : PediatricSystolicBands()) ExpectTraced(band.rule);
}

TEST_F(DocsTraceability, FlagsAreDocumented) {
  for (int i = 0; i < kFlagIdCount; ++i) {
    const FlagInfo& flag = Describe(static_cast<FlagId>(i));
    SCOPED_TRACE(std::string(flag.code));
    EXPECT_FALSE(Describe(flag.source).key.empty());
    EXPECT_FALSE(flag.locator.empty());
    if (const std::string* text = Section(flag.doc, flag.code)) {
      EXPECT_NE(text->find("`" + std::string(flag.code) + "`"), std::string::npos)
          << flag.code << " is not explained in docs/clinical/" << flag.doc;
    }
  }
}

TEST_F(DocsTraceability, PublishedFiguresAreDocumented) {
  for (const PublishedFigures& row : AllPublishedFigures()) {
    SCOPED_TRACE(std::string(row.id));
    EXPECT_FALSE(Describe(row.source).key.empty());
    const std::string_view doc = DocSection(row.id);
    ASSERT_FALSE(doc.empty());
    if (const std::string* text = Section(doc, row.id)) {
      EXPECT_NE(text->find("`" + std::string(row.id) + "`"), std::string::npos);
    }
  }
}

TEST_F(DocsTraceability, EverySourceKeyIsListed) {
  for (const Source& source : Sources()) {
    bool listed = false;
    for (const auto& [name, sections] : pages_) {
      for (const auto& [anchor, text] : sections) {
        listed = listed || text.find("`" + std::string(source.key) + "`") != std::string::npos;
      }
    }
    EXPECT_TRUE(listed) << source.key << " is named by no docs/clinical page";
  }
}

TEST_F(DocsTraceability, UnknownIdsHaveNoSection) {
  EXPECT_TRUE(DocSection("NO.SUCH.RULE").empty());
  EXPECT_TRUE(DocSection("").empty());
}

}  // namespace
}  // namespace cartwatch::core
