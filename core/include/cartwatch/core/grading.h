// ASTCT 2019 consensus grading of CRS and ICANS for one assessment.
//
// Source: Lee DW, Santomasso BD, et al. ASTCT consensus grading for cytokine release syndrome and
// neurologic toxicity associated with immune effector cells. Biol Blood Marrow Transplant
// 2019;25:625-638. The tables are in crs_astct2019.cc and icans_astct2019.cc, one rule a row.
//
// Missing findings are never assumed normal. The grade reported is what the recorded findings
// prove (missing findings taken at their least severe value); max_possible_grade is the grade if
// every missing finding were at its most severe. When the two differ the grade is a lower bound.
// Death flags are the exception: an absent crs_death / icans_death means no death was reported.
#ifndef CARTWATCH_CORE_GRADING_H_
#define CARTWATCH_CORE_GRADING_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/enum_set.h"
#include "cartwatch/core/rule.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::core {

// Findings a grade may depend on; used to report what was missing.
enum class InputId : std::uint8_t {
  kTemperature,
  kFeverMasked,
  kHypotension,
  kVasopressors,
  kOxygen,
  kAgeYears,
  kEncephalopathyScore,  // ICE or CAPD, when age does not yet say which
  kIce,
  kIceOrientation,
  kIceNaming,
  kIceCommands,
  kIceWriting,
  kIceAttention,
  kCapd,
  kConsciousness,
  kSeizure,
  kMotor,
  kIcp,
  // Read only by the older CRS systems (grading_systems.h).
  kFio2,
  kVasopressorDose,
  kVasopressorHours,
  kFluidBoluses,
  kHospitalisedForCrs,
  kIvTherapyForCrs,
  kHypotensionRefractory,
  kCoagulopathyNeedingProducts,
};
inline constexpr int kInputIdCount = 26;
using InputSet = EnumSet<InputId, kInputIdCount>;

struct InputInfo {
  InputId id;
  std::string_view field;    // path in cartwatch.assessment/1, e.g. "neuro.ice.naming"
  std::string_view display;  // plain words
};
const InputInfo& Describe(InputId id) noexcept;

// Notes attached to a grade: interpretations, ambiguities and things to review.
enum class FlagId : std::uint8_t {
  kNoFeverLookForOtherCause,
  kCrsResolvingNoReportableGrade,
  kFeverOtherCause,
  kVasopressinOnly,
  kHfncAtLowFlow,
  kVentilationReasonMissing,
  kOxygenNotForCrs,
  kCapdAlertAmbiguous,
  kAgeTwelveIceCapdDisagree,
  kIceNotApplicable,
  kCapdNotApplicable,
  // Raised only by the older CRS systems.
  kFeverAsMildSymptom,
  kNonInvasiveAsVentilatorSupport,
  kCtcae5Grade4Interpretation,
  kPennHypotensionFewBoluses,
  kFio2NotEstimated,
};
inline constexpr int kFlagIdCount = 16;
using FlagSet = EnumSet<FlagId, kFlagIdCount>;

struct FlagInfo {
  FlagId id;
  std::string_view code;  // stable, e.g. "vasopressin_only"
  std::string_view text;
  SourceId source;
  std::string_view locator;
  bool unconfirmed;
  std::string_view doc = {};  // the docs/clinical/ section, "page.md#anchor"
};
const FlagInfo& Describe(FlagId id) noexcept;

inline constexpr int kMaxDrivers = 24;

struct SyndromeGrading {
  bool assessed = false;  // false when no finding of this syndrome was recorded at all
  int grade = 0;          // 0..5, proven by the recorded findings
  int max_possible_grade = 0;
  InputSet missing;
  FlagSet flags;

  bool lower_bound() const noexcept { return max_possible_grade > grade; }
  std::span<const RuleInfo* const> drivers() const noexcept {
    return {driver_storage.data(), static_cast<std::size_t>(driver_count)};
  }

  // Rules that applied, in table order; the grade is the maximum of their grades.
  std::array<const RuleInfo*, kMaxDrivers> driver_storage{};
  int driver_count = 0;
};

struct CrsGrading : SyndromeGrading {};

enum class EncephalopathyTool : std::uint8_t { kUndetermined, kIce, kCapd };

struct IcansGrading : SyndromeGrading {
  EncephalopathyTool tool = EncephalopathyTool::kUndetermined;
  std::optional<int> ice_score;  // complete ICE total
  std::optional<int> ice_min;    // bounds of a partially recorded ICE
  std::optional<int> ice_max;
  std::optional<int> capd_score;
};

struct Grading {
  CrsGrading crs;
  IcansGrading icans;
};

// Preconditions: `assessment` passed Validate(); otherwise the result is defined but meaningless.
// Never allocates, never throws.
CrsGrading GradeCrsAstct2019(const Assessment& assessment) noexcept;
IcansGrading GradeIcansAstct2019(const Assessment& assessment) noexcept;
Grading GradeAstct2019(const Assessment& assessment) noexcept;

// The rule tables themselves, for docs, tests and explanation.
std::span<const RuleInfo* const> CrsAstct2019Rules() noexcept;
std::span<const RuleInfo* const> IcansAstct2019Rules() noexcept;

// Clinical thresholds, named once (ASTCT 2019).
inline constexpr double kFeverThresholdCelsius = 38.0;  // CRS grading table fn: fever >= 38 degC
inline constexpr double kLowFlowMaxLitresPerMinute =
    6.0;                                               // CRS grading table fn: low flow <= 6 L/min
inline constexpr double kIceAgeThresholdYears = 12.0;  // ICANS table: ICE from age 12

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_GRADING_H_
