// The registry of CRS grading systems and the dispatch to each system's rule table.
#include "cartwatch/core/grading_systems.h"

#include <array>
#include <cstddef>

#include "cartwatch/core/unreachable.h"
#include "enum_order.h"
#include "legacy_crs.h"

namespace cartwatch::core {
namespace {

// In enum order: Describe indexes by the enumerator.
constexpr std::array<GradingSystemInfo, kGradingSystemCount> kGradingSystems{{
    {GradingSystem::kAstct2019, "astct", "ASTCT 2019", SourceId::kAstct2019},
    {GradingSystem::kLee2014, "lee2014", "Lee 2014", SourceId::kLee2014},
    {GradingSystem::kPenn, "penn", "Penn", SourceId::kPorter2018},
    {GradingSystem::kMskcc, "mskcc", "MSKCC", SourceId::kPark2018},
    {GradingSystem::kCtcae5, "ctcae5", "CTCAE v5.0", SourceId::kCtcae5},
    {GradingSystem::kCartox, "cartox", "CARTOX", SourceId::kNeelapu2018},
}};

static_assert(IndexedByEnum(kGradingSystems, &GradingSystemInfo::id),
              "kGradingSystems must list the systems in enum order");

}  // namespace

std::span<const GradingSystemInfo> GradingSystems() noexcept { return kGradingSystems; }

const GradingSystemInfo& Describe(GradingSystem system) noexcept {
  return kGradingSystems[static_cast<std::size_t>(system)];
}

std::optional<GradingSystem> FindGradingSystem(std::string_view key) noexcept {
  for (const GradingSystemInfo& info : kGradingSystems) {
    if (info.key == key) return info.id;
  }
  return std::nullopt;
}

SyndromeGrading GradeCrs(GradingSystem system, const Assessment& assessment) noexcept {
  switch (system) {
    case GradingSystem::kAstct2019:
      return GradeCrsAstct2019(assessment);
    case GradingSystem::kLee2014:
      return internal::GradeCrsLee2014(assessment);
    case GradingSystem::kPenn:
      return internal::GradeCrsPenn(assessment);
    case GradingSystem::kMskcc:
      return internal::GradeCrsMskcc(assessment);
    case GradingSystem::kCtcae5:
      return internal::GradeCrsCtcae5(assessment);
    case GradingSystem::kCartox:
      return internal::GradeCrsCartox(assessment);
  }
  CARTWATCH_UNREACHABLE("unknown GradingSystem");
}

std::span<const RuleInfo* const> CrsRules(GradingSystem system) noexcept {
  switch (system) {
    case GradingSystem::kAstct2019:
      return CrsAstct2019Rules();
    case GradingSystem::kLee2014:
      return internal::CrsLee2014Rules();
    case GradingSystem::kPenn:
      return internal::CrsPennRules();
    case GradingSystem::kMskcc:
      return internal::CrsMskccRules();
    case GradingSystem::kCtcae5:
      return internal::CrsCtcae5Rules();
    case GradingSystem::kCartox:
      return internal::CrsCartoxRules();
  }
  CARTWATCH_UNREACHABLE("unknown GradingSystem");
}

}  // namespace cartwatch::core
