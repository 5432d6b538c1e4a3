// Grading by an older CRS system's rule table, with the missing-input handling of ASTCT: the
// grade is what the recorded findings prove, max_possible_grade what the absent ones could make
// it, and `missing` names the absent inputs the grade depends on.
#ifndef CARTWATCH_CORE_SRC_LEGACY_CRS_GRADING_H_
#define CARTWATCH_CORE_SRC_LEGACY_CRS_GRADING_H_

#include <array>
#include <cstddef>

#include "legacy_crs_facts.h"
#include "rule_table.h"

namespace cartwatch::core::internal {

using LegacyRule = Rule<LegacyFacts>;

// Adds the flags of one system about the facts its table read.
using LegacyFlagger = void (*)(const LegacyFacts& facts, FlagSet& flags);

// Flags of the systems whose grade 1 is "mild symptoms" (fever stands in for them) and whose
// grade 4 is "ventilator support" (CPAP/BiPAP counted as such): Lee 2014 and MSKCC.
inline void FlagFeverAndNonInvasiveVentilation(const LegacyFacts& facts, FlagSet& flags) {
  if (facts.fever) flags.Add(FlagId::kFeverAsMildSymptom);
  if (facts.oxygen == LegacyOxygen::kNonInvasive) {
    flags.Add(FlagId::kNonInvasiveAsVentilatorSupport);
  }
}

template <std::size_t N>
SyndromeGrading GradeLegacy(const std::array<LegacyRule, N>& rules, const Assessment& assessment,
                            LegacyFlagger add_flags) noexcept {
  SyndromeGrading result;
  result.assessed = LegacyCrsAssessed(assessment);
  const LegacyFacts facts = ResolveLegacy(assessment, {}, &result.flags);
  result.grade = EvaluateRules(rules, facts, &result);
  add_flags(facts, result.flags);

  const InputSet absent = AbsentLegacyInputs(assessment);
  const auto grade_with_worst = [&](InputSet worst) {
    return EvaluateRules(rules, ResolveLegacy(assessment, worst, nullptr), nullptr);
  };
  result.max_possible_grade = absent.Empty() ? result.grade : grade_with_worst(absent);
  if (!result.lower_bound()) return result;

  // An absent input matters when it alone can raise the grade, or when the highest grade needs
  // it (doses and hours running only matter together).
  for (int i = 0; i < kInputIdCount; ++i) {
    const auto input = static_cast<InputId>(i);
    if (!absent.Contains(input)) continue;
    InputSet others = absent;
    others.Remove(input);
    if (grade_with_worst(InputSet{input}) > result.grade ||
        grade_with_worst(others) < result.max_possible_grade) {
      result.missing.Add(input);
    }
  }
  if (result.missing.Empty()) result.missing = absent;  // never a lower bound without a reason
  if (result.missing.Contains(InputId::kFio2)) result.flags.Add(FlagId::kFio2NotEstimated);
  return result;
}

}  // namespace cartwatch::core::internal

#endif  // CARTWATCH_CORE_SRC_LEGACY_CRS_GRADING_H_
