// The CRS grading systems cartwatch can grade by: ASTCT 2019 (the current consensus) and the older
// systems used in trials before it, for regrading old data side by side.
//
// Each older system is its own rule table with its own inputs (Assessment::legacy, the FiO2 of
// Assessment::oxygen). When a system needs an input that is missing, its grading says so in
// `missing` and reports a lower bound, exactly as ASTCT grading does; nothing is guessed.
#ifndef CARTWATCH_CORE_GRADING_SYSTEMS_H_
#define CARTWATCH_CORE_GRADING_SYSTEMS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/enum_set.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/rule.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::core {

enum class GradingSystem : std::uint8_t {
  kAstct2019,
  kLee2014,
  kPenn,
  kMskcc,
  kCtcae5,
  kCartox,
};
inline constexpr int kGradingSystemCount = 6;
using GradingSystemSet = EnumSet<GradingSystem, kGradingSystemCount>;

struct GradingSystemInfo {
  GradingSystem id;
  std::string_view key;   // command line and output, e.g. "lee2014"
  std::string_view name;  // e.g. "Lee 2014"
  SourceId source;
};
std::span<const GradingSystemInfo> GradingSystems() noexcept;
const GradingSystemInfo& Describe(GradingSystem system) noexcept;
std::optional<GradingSystem> FindGradingSystem(std::string_view key) noexcept;

// CRS grade of one assessment by `system`. For kAstct2019 this is GradeCrsAstct2019. Same
// preconditions and guarantees: a validated assessment; never allocates, never throws.
SyndromeGrading GradeCrs(GradingSystem system, const Assessment& assessment) noexcept;

// The rule table of `system`, for docs, tests and explanation.
std::span<const RuleInfo* const> CrsRules(GradingSystem system) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_GRADING_SYSTEMS_H_
