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

// Body weight in kg, for weight-based doses. No published limit exists: 350 kg is cartwatch
// policy. The heaviest adults treated in haematology units weigh well under it, so a value above
// is an entry or unit error (pounds typed as kilograms: 180 kg is 397 lb), and 0 or less is no
// weight at all. Refused, never clamped. It is also the default upper weight of a protocol
// (Protocol::max_weight_kg), which a protocol may narrow for the doses it computes.
inline constexpr PlausibleRange kBodyWeightKgLimits{
    0.0,
    350.0,
    true,
    "kg",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "not a body weight (grams or pounds sent as kg?)"};

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

// FiO2 of the gas breathed, in percent: room air is 21%, pure oxygen 100%.
inline constexpr PlausibleRange kFio2PercentLimits{
    21.0,
    100.0,
    false,
    "%",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "FiO2 runs from 21% (room air) to 100% (pure oxygen)"};

// Vasopressor doses of a running agent (Lee 2014 units). The upper limits lie far above the
// doses used even in refractory shock (about 5 ug/kg/min norepinephrine for 100 kg, 20-50
// ug/kg/min dopamine, 0.04-0.1 U/min vasopressin): a value above is a unit error (ug/kg/min
// sent as ug/min, mg as ug). A dose of 0 means stopped: leave the agent out of `vasopressors`.
inline constexpr PlausibleRange kCatecholamineUgPerMinLimits{
    0.0,
    1000.0,
    true,
    "ug/min",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a running norepinephrine or epinephrine dose is above 0 and at most 1000 ug/min"};
inline constexpr PlausibleRange kPhenylephrineUgPerMinLimits{
    0.0,
    5000.0,
    true,
    "ug/min",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a running phenylephrine dose is above 0 and at most 5000 ug/min"};
inline constexpr PlausibleRange kDopamineUgPerKgPerMinLimits{
    0.0,
    100.0,
    true,
    "ug/kg/min",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a running dopamine dose is above 0 and at most 100 ug/kg/min"};
inline constexpr PlausibleRange kVasopressinUnitsPerMinLimits{
    0.0,
    1.0,
    true,
    "U/min",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a running vasopressin dose is above 0 and at most 1 U/min (usual 0.03-0.04)"};

// How long a vasopressor has run: at most 90 days, longer than any ICU course of CRS.
inline constexpr PlausibleRange kVasopressorHoursLimits{
    0.0,
    2160.0,
    false,
    "h",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "hours running must be from 0 to 2160 (90 days)"};

// Counts and grades of the older CRS systems' inputs.
inline constexpr int kFluidBolusesMax = 48;    // two an hour for 24 h: beyond is an entry error
inline constexpr int kCtcaeOrganGradeMax = 4;  // CTCAE v5.0 grades 0-4 (5 is death, recorded apart)

// Arterial pressure as charted (cuff or arterial line). Below 20 mmHg systolic (15 mmHg mean) no
// reading describes a circulation being graded for CRS (an arrest is charted as an arrest); above
// 300 mmHg systolic (250 mmHg mean) lies beyond the measuring range of bedside oscillometric
// monitors (about 260-300 mmHg). Outside is an entry or unit error: 12 kPa (90 mmHg) typed as mmHg.
inline constexpr PlausibleRange kSystolicBpMmHgLimits{
    20.0,
    300.0,
    false,
    "mm[Hg]",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a charted systolic pressure lies from 20 to 300 mmHg (the range of bedside monitors)"};
inline constexpr PlausibleRange kMeanBpMmHgLimits{
    15.0,
    250.0,
    false,
    "mm[Hg]",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "a charted mean arterial pressure lies from 15 to 250 mmHg"};

// One dose of a drug of the protocols, in mg. The largest single doses in CAR-T toxicity care are
// methylprednisolone 1000 mg and tocilizumab 800 mg; 5000 mg leaves room for any weight-based dose
// and still catches micrograms typed as milligrams.
inline constexpr PlausibleRange kDrugDoseMgLimits{0.0,
                                                  5000.0,
                                                  true,
                                                  "mg",
                                                  SourceId::kCartwatchPolicy,
                                                  SourceId::kCartwatchPolicy,
                                                  "a dose given is above 0 and at most 5000 mg"};

// One fluid bolus: usually 250-1000 mL (20 mL/kg in children; 30 mL/kg at most in sepsis, SSC
// 2021). Above 4000 mL is not one bolus but an entry error.
inline constexpr PlausibleRange kFluidBolusMillilitresLimits{
    0.0,
    4000.0,
    true,
    "mL",
    SourceId::kCartwatchPolicy,
    SourceId::kCartwatchPolicy,
    "one fluid bolus is above 0 and at most 4000 mL"};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_LIMITS_H_
