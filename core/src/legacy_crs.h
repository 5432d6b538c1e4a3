// Entry points of the older CRS grading systems, one file each; dispatched by
// GradeCrs in grading_systems.cc.
#ifndef CARTWATCH_CORE_SRC_LEGACY_CRS_H_
#define CARTWATCH_CORE_SRC_LEGACY_CRS_H_

#include <span>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/rule.h"

namespace cartwatch::core::internal {

SyndromeGrading GradeCrsLee2014(const Assessment& assessment) noexcept;
SyndromeGrading GradeCrsPenn(const Assessment& assessment) noexcept;
SyndromeGrading GradeCrsMskcc(const Assessment& assessment) noexcept;
SyndromeGrading GradeCrsCtcae5(const Assessment& assessment) noexcept;
SyndromeGrading GradeCrsCartox(const Assessment& assessment) noexcept;

std::span<const RuleInfo* const> CrsLee2014Rules() noexcept;
std::span<const RuleInfo* const> CrsPennRules() noexcept;
std::span<const RuleInfo* const> CrsMskccRules() noexcept;
std::span<const RuleInfo* const> CrsCtcae5Rules() noexcept;
std::span<const RuleInfo* const> CrsCartoxRules() noexcept;

}  // namespace cartwatch::core::internal

#endif  // CARTWATCH_CORE_SRC_LEGACY_CRS_H_
