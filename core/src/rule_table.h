// Evaluation of a rule table: the grade is the highest grade among the rows that apply.
#ifndef CARTWATCH_CORE_SRC_RULE_TABLE_H_
#define CARTWATCH_CORE_SRC_RULE_TABLE_H_

#include <algorithm>
#include <array>
#include <cstddef>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/rule.h"

namespace cartwatch::core::internal {

// Whether missing findings are filled in at their least or their most severe value.
enum class Completion { kLeastSevere, kMostSevere };

// Returns the grade; when `fired` is given, appends every applying row to its drivers.
template <typename Facts, std::size_t N>
int EvaluateRules(const std::array<Rule<Facts>, N>& rules, const Facts& facts,
                  SyndromeGrading* fired) noexcept {
  static_assert(N <= kMaxDrivers, "a table can never fire more rows than the driver list holds");
  int grade = 0;
  for (const Rule<Facts>& rule : rules) {
    if (!rule.applies(facts)) continue;
    grade = std::max(grade, rule.info.grade);
    if (fired != nullptr) fired->driver_storage[fired->driver_count++] = &rule.info;
  }
  return grade;
}

template <typename Facts, std::size_t N>
constexpr std::array<const RuleInfo*, N> RuleInfos(const std::array<Rule<Facts>, N>& rules) {
  std::array<const RuleInfo*, N> infos{};
  for (std::size_t i = 0; i < N; ++i) infos[i] = &rules[i].info;
  return infos;
}

}  // namespace cartwatch::core::internal

#endif  // CARTWATCH_CORE_SRC_RULE_TABLE_H_
