// The ICE score (ASTCT 2019): five items, 10 points. Helpers shared by validation and grading.
#ifndef CARTWATCH_CORE_ICE_SCORE_H_
#define CARTWATCH_CORE_ICE_SCORE_H_

#include <optional>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/limits.h"

namespace cartwatch::core {

inline constexpr int kIceItemCount = 5;

// Items by index, 0 orientation .. 4 attention, for loops over IceItems (const or not).
template <typename Items>
auto& IceItemAt(Items& items, int index) {
  switch (index) {
    case 0:
      return items.orientation;
    case 1:
      return items.naming;
    case 2:
      return items.commands;
    case 3:
      return items.writing;
    default:
      return items.attention;
  }
}

inline constexpr int kIceItemMax[kIceItemCount] = {
    kIceOrientationMax, kIceNamingMax, kIceCommandsMax, kIceWritingMax, kIceAttentionMax};

// The totals a partly recorded ICE allows: unrecorded items count 0 (min) or full marks (max).
struct IceRange {
  int min = 0;
  int max = 0;
  bool complete() const { return min == max; }
};

inline IceRange RangeOf(const IceItems& items) {
  IceRange range;
  for (int i = 0; i < kIceItemCount; ++i) {
    const std::optional<int>& item = IceItemAt(items, i);
    range.min += item.value_or(0);
    range.max += item.value_or(kIceItemMax[i]);
  }
  return range;
}

// The recorded ICE of an assessment: the total when charted, else the range of its items.
inline std::optional<IceRange> IceRangeOf(const NeuroAssessment& neuro) {
  if (neuro.ice_total) return IceRange{*neuro.ice_total, *neuro.ice_total};
  if (neuro.ice_items) return RangeOf(*neuro.ice_items);
  return std::nullopt;
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_ICE_SCORE_H_
