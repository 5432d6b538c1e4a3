// Plausibility limits on inputs. A value outside is rejected, never clamped. Each limit names
// the evidence for it; these are data-entry guards, not clinical grading thresholds.
#ifndef CARTWATCH_CORE_LIMITS_H_
#define CARTWATCH_CORE_LIMITS_H_

#include <string_view>

#include "cartwatch/core/sources.h"

namespace cartwatch::core {

struct PlausibleRange {
  double min;
  double max;
  bool min_exclusive;
  std::string_view unit;  // as shown in messages
  SourceId min_source;    // evidence for the lower limit
  SourceId max_source;    // evidence for the upper limit
  std::string_view why;
};

// Lowest core temperature survived: 13.7 degC (Gilbert 2000). Highest: 46.5 degC (1980 heat
// stroke case). Outside these a value is a unit or entry error (98.6 sent as Cel, 38 as [degF]).
inline constexpr PlausibleRange kTemperatureCelsiusLimits{
    13.7,
    46.5,
    false,
    "degC",
    SourceId::kGilbert2000,
    SourceId::kHeatStroke1980,
    "outside the lowest (13.7 degC) and highest (46.5 degC) core temperatures ever survived"};

inline constexpr PlausibleRange kAgeYearsLimits{
    0.0,
    125.0,
    false,
    "years",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "outside the span of a human life (0 to 125 years)"};

// Oxygen flow must be positive when stated; 80 L/min exceeds every high-flow system in use
// (adult HFNC runs up to 60-80 L/min).
inline constexpr PlausibleRange kOxygenFlowLitresPerMinuteLimits{
    0.0,
    80.0,
    true,
    "L/min",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "oxygen flow must be above 0 and at most 80 L/min (the top of high-flow systems)"};

// Score ranges (ASTCT 2019 ICE table; Traube 2014 CAPD: 8 items scored 0-4).
inline constexpr int kIceOrientationMax = 4;
inline constexpr int kIceNamingMax = 3;
inline constexpr int kIceCommandsMax = 1;
inline constexpr int kIceWritingMax = 1;
inline constexpr int kIceAttentionMax = 1;
inline constexpr int kIceTotalMax = 10;
inline constexpr int kCapdTotalMax = 32;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_LIMITS_H_
