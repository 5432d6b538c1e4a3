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

// Oxygen support as the hypoxia rows of the CRS grading table classify it (ASTCT 2019 CRS grading
// table and its footnote: low flow is <= 6 L/min or blow-by; high flow is > 6 L/min, facemask,
// non-rebreather or Venturi; positive pressure is CPAP, BiPAP or mechanical ventilation). The tier
// follows the flow where the footnote says so: a high-flow nasal cannula at <= 6 L/min is low flow
// (flag hfnc_at_low_flow, UNCONFIRMED). Values are in order of intensity.
enum class OxygenTier : std::uint8_t {
  kNotRecorded,  // no oxygen support recorded
  kRoomAir,
  kLowFlow,
  kHighFlow,
  kPositivePressure,
};

// Codes ("low_flow") and words ("low flow"): core::TermOf in vocabulary.h.

// The temperature as the fever rows read it (CRS grading table footnote: fever >= 38 degC not
// attributable to any other cause).
enum class FeverReading : std::uint8_t {
  kNotRecorded,  // no temperature recorded
  kAbsent,       // below 38.0 degC
  kFever,        // 38.0 degC or more: counted
  kOtherCause,   // 38.0 degC or more but attributed to another cause: not counted (flag)
};
// Codes ("not_recorded", "absent", "fever", "other_cause"): core::TermOf in vocabulary.h.

// The findings as the CRS rule table reads them, after the footnote rules. On a grading result they
// are those of the recorded findings (missing findings at their least severe value, as for
// `grade`). Views print these instead of classifying the findings again, so that a view cannot
// disagree with the grade beside it.
struct CrsReading {
  FeverReading fever = FeverReading::kNotRecorded;
  // Antipyretic or anti-cytokine therapy already given (recorded, or derived from treatments on a
  // timeline): fever is no longer required (CRS grading table footnote).
  bool fever_masked = false;
  bool hypotension = false;  // recorded, or implied by a running vasopressor
  // Running vasopressors other than vasopressin: what "one" and "multiple" count (grade 4 cell:
  // "multiple vasopressors (excluding vasopressin)").
  int vasopressors_excluding_vasopressin = 0;
  bool vasopressin = false;  // vasopressin running
  OxygenTier oxygen = OxygenTier::kNotRecorded;
  // `oxygen.reason` names a cause other than CRS: no hypoxia row reads the support (flag
  // oxygen_not_for_crs); `oxygen` still says what the support was.
  bool oxygen_not_for_crs = false;

  // Fever counts (the grade 1 row).
  constexpr bool FeverCounted() const noexcept { return fever == FeverReading::kFever; }
  // Graded without fever because therapy masked it (the FEVER_MASKED row).
  constexpr bool GradedWithoutFever() const noexcept { return fever_masked && !FeverCounted(); }
  // Vasopressin is the only vasopressor: a vasopressor, never "multiple" (flag vasopressin_only).
  constexpr bool VasopressinOnly() const noexcept {
    return vasopressin && vasopressors_excluding_vasopressin == 0;
  }
  // Whether the hypoxia rows read CRS hypoxia at `tier`.
  constexpr bool HypoxiaAt(OxygenTier tier) const noexcept {
    return !oxygen_not_for_crs && oxygen == tier;
  }

  friend bool operator==(const CrsReading&, const CrsReading&) = default;
};

struct CrsGrading : SyndromeGrading {
  CrsReading reading;  // what the rules read; set by GradeCrsAstct2019
};

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
// ASTCT 2019 paediatric ICANS table, CAPD column: CAPD 1-8 is grade 1-2 (level of consciousness
// separates them), CAPD 9 or more is grade 3 (cut-off of Traube 2014; docs/clinical/astct-2019.md
// section 2.4).
inline constexpr int kCapdGrade3MinScore = 9;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_GRADING_H_
