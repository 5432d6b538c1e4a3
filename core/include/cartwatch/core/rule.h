// A clinical rule as data: one row of a grading table, with its id and where it comes from.
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

// A row of a decision table over resolved facts. `applies` is a plain function pointer so tables
// stay constexpr and evaluation never allocates.
template <typename Facts>
struct Rule {
  RuleInfo info;
  bool (*applies)(const Facts&);
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_RULE_H_
