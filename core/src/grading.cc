// Both ASTCT 2019 gradings of one assessment; the tables are in crs_astct2019.cc and
// icans_astct2019.cc.
#include "cartwatch/core/grading.h"

#include <array>
#include <cstddef>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

constexpr std::array<OxygenTierInfo, 5> kOxygenTiers{{
    {OxygenTier::kNotRecorded, "not_recorded", "not recorded"},
    {OxygenTier::kRoomAir, "room_air", "room air"},
    {OxygenTier::kLowFlow, "low_flow", "low flow"},
    {OxygenTier::kHighFlow, "high_flow", "high flow"},
    {OxygenTier::kPositivePressure, "positive_pressure", "positive pressure"},
}};
static_assert(IndexedByEnum(kOxygenTiers, &OxygenTierInfo::tier),
              "kOxygenTiers must be in the order of OxygenTier");

constexpr std::array<std::string_view, 4> kFeverReadingCodes{"not_recorded", "absent", "fever",
                                                             "other_cause"};
static_assert(static_cast<std::size_t>(FeverReading::kOtherCause) + 1 == kFeverReadingCodes.size());

}  // namespace

const OxygenTierInfo& Describe(OxygenTier tier) noexcept {
  return kOxygenTiers[static_cast<std::size_t>(tier)];
}

std::string_view CodeOf(FeverReading fever) noexcept {
  return kFeverReadingCodes[static_cast<std::size_t>(fever)];
}

Grading GradeAstct2019(const Assessment& assessment) noexcept {
  return {GradeCrsAstct2019(assessment), GradeIcansAstct2019(assessment)};
}

}  // namespace cartwatch::core
