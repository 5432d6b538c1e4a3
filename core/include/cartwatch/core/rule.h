// A clinical rule as data: one row of a grading table, with its id and where it comes from. A rule
// is traced in three steps: `source` names the publication (core/src/sources.cc), `locator` the
// place in it (table row, footnote, text), and DocSection(id) the section of docs/clinical/ that
// explains the rule and any reading of ours.
#ifndef CARTWATCH_CORE_RULE_H_
#define CARTWATCH_CORE_RULE_H_

#include <string_view>

#include "cartwatch/core/sources.h"

namespace cartwatch::core {

struct RuleInfo {
  std::string_view id;  // stable, e.g. "ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR"
  int grade;            // the grade this row gives when it applies
  SourceId source;
  std::string_view locator;  // where in the source, e.g. "CRS grading table, grade 3"
  std::string_view text;     // the criterion in plain words
  bool unconfirmed = false;  // not checked against the primary text
};

// The section of docs/clinical/ that explains the rule, figure or threshold with this id, chosen
// by the id's family (its prefix, e.g. "ASTCT2019.CRS." or "FIG."), as "page.md#anchor" with a
// GitHub heading anchor. Returns an empty view when no documented family has the id. The
// repository tests check that every section exists and names every id.
std::string_view DocSection(std::string_view id) noexcept;

// A row of a decision table over resolved facts. `applies` is a plain function pointer so tables
// stay constexpr and evaluation never allocates.
template <typename Facts>
struct Rule {
  RuleInfo info;
  bool (*applies)(const Facts&);
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_RULE_H_
