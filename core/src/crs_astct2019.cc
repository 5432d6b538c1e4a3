// ASTCT 2019 CRS grading (Lee DW et al., BBMT 2019;25:625-638, CRS grading table and its
// footnotes). The seed article's table differs in several
// cells (docs/clinical/astct-2019.md, section 3); this file follows the consensus paper.
#include <array>

#include "cartwatch/core/grading.h"
#include "enum_order.h"
#include "rule_table.h"

namespace cartwatch::core {
namespace {

using internal::Completion;

// Oxygen support, classified as CRS grading table reads it.
enum class HypoxiaSupport { kNone, kLowFlow, kHighFlow, kPositivePressure };

// CRS grading table footnote: low flow is <= 6 L/min (blow-by counts as low flow); high flow is > 6
// L/min.
struct DeviceRow {
  OxygenDevice device;
  HypoxiaSupport at_low_rate;   // flow recorded and <= 6 L/min
  HypoxiaSupport at_high_rate;  // flow recorded and > 6 L/min
  HypoxiaSupport without_rate;  // no flow recorded
};

constexpr std::array<DeviceRow, 10> kDeviceRows{{
    {OxygenDevice::kRoomAir, HypoxiaSupport::kNone, HypoxiaSupport::kNone, HypoxiaSupport::kNone},
    // Validation requires a flow for a nasal cannula, so without_rate is never read for it.
    {OxygenDevice::kNasalCannula, HypoxiaSupport::kLowFlow, HypoxiaSupport::kHighFlow,
     HypoxiaSupport::kLowFlow},
    {OxygenDevice::kBlowBy, HypoxiaSupport::kLowFlow, HypoxiaSupport::kLowFlow,
     HypoxiaSupport::kLowFlow},
    // UNCONFIRMED (footnote 4 defines high flow by rate): an HFNC at <= 6 L/min is graded by its
    // flow (flagged).
    {OxygenDevice::kHighFlowNasalCannula, HypoxiaSupport::kLowFlow, HypoxiaSupport::kHighFlow,
     HypoxiaSupport::kHighFlow},
    {OxygenDevice::kFacemask, HypoxiaSupport::kHighFlow, HypoxiaSupport::kHighFlow,
     HypoxiaSupport::kHighFlow},
    {OxygenDevice::kNonRebreather, HypoxiaSupport::kHighFlow, HypoxiaSupport::kHighFlow,
     HypoxiaSupport::kHighFlow},
    {OxygenDevice::kVenturi, HypoxiaSupport::kHighFlow, HypoxiaSupport::kHighFlow,
     HypoxiaSupport::kHighFlow},
    {OxygenDevice::kCpap, HypoxiaSupport::kPositivePressure, HypoxiaSupport::kPositivePressure,
     HypoxiaSupport::kPositivePressure},
    {OxygenDevice::kBipap, HypoxiaSupport::kPositivePressure, HypoxiaSupport::kPositivePressure,
     HypoxiaSupport::kPositivePressure},
    {OxygenDevice::kMechanicalVentilation, HypoxiaSupport::kPositivePressure,
     HypoxiaSupport::kPositivePressure, HypoxiaSupport::kPositivePressure},
}};
static_assert(IndexedByEnum(kDeviceRows, &DeviceRow::device), "kDeviceRows: OxygenDevice order");

// The findings CRS grading table reads, after footnote rules are applied.
struct CrsFacts {
  bool fever = false;         // >= 38 degC and not attributed to another cause (fn 1)
  bool fever_masked = false;  // antipyretic / anti-cytokine therapy already given (fn 2)
  bool hypotension = false;
  int vasopressors_excluding_vasopressin = 0;
  bool vasopressin = false;
  HypoxiaSupport hypoxia = HypoxiaSupport::kNone;  // CRS hypoxia only (fn 3)
  bool death = false;

  friend bool operator==(const CrsFacts&, const CrsFacts&) = default;
};

// Fever must be present at onset; once therapy was given it is no longer required (fn 2).
constexpr bool CrsGradable(const CrsFacts& f) { return f.fever || f.fever_masked; }

constexpr SourceId kAstct = SourceId::kAstct2019;

constexpr std::array<Rule<CrsFacts>, 10> kCrsRules{{
    {{"ASTCT2019.CRS.DEATH", 5, kAstct, "CRS grading table footnote: grade 5",
      "death due to CRS, with no other cause as the main reason"},
     [](const CrsFacts& f) { return f.death; }},
    {{"ASTCT2019.CRS.FEVER", 1, kAstct, "CRS grading table, grade 1; footnote: fever >= 38 degC",
      "fever of 38 degC or more not attributable to another cause"},
     [](const CrsFacts& f) { return f.fever; }},
    {{"ASTCT2019.CRS.FEVER_MASKED", 0, kAstct,
      "CRS grading table footnote: fever no longer required after antipyretic or anti-cytokine "
      "therapy",
      "afebrile after antipyretic or anti-cytokine therapy: graded on hypotension and hypoxia"},
     [](const CrsFacts& f) { return !f.fever && f.fever_masked; }},
    {{"ASTCT2019.CRS.HYPOTENSION.NO_VASOPRESSOR", 2, kAstct,
      "CRS grading table, grade 2, hypotension", "hypotension not requiring vasopressors"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.hypotension && f.vasopressors_excluding_vasopressin == 0 &&
              !f.vasopressin;
     }},
    {{"ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR", 3, kAstct,
      "CRS grading table, grade 3, hypotension",
      "hypotension requiring one vasopressor, with or without vasopressin"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.vasopressors_excluding_vasopressin == 1; }},
    {{"ASTCT2019.CRS.HYPOTENSION.VASOPRESSIN_ONLY", 3, kAstct,
      "CRS grading table, grades 3-4, hypotension (interpretation)",
      "hypotension requiring vasopressin alone: a vasopressor, but never 'multiple'"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.vasopressors_excluding_vasopressin == 0 && f.vasopressin;
     }},
    {{"ASTCT2019.CRS.HYPOTENSION.MULTIPLE_VASOPRESSORS", 4, kAstct,
      "CRS grading table, grade 4, hypotension",
      "hypotension requiring multiple vasopressors (excluding vasopressin)"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.vasopressors_excluding_vasopressin >= 2; }},
    {{"ASTCT2019.CRS.HYPOXIA.LOW_FLOW", 2, kAstct,
      "CRS grading table, grade 2, hypoxia; footnote: low flow <= 6 L/min, blow-by",
      "hypoxia requiring low-flow nasal cannula (<= 6 L/min) or blow-by"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.hypoxia == HypoxiaSupport::kLowFlow; }},
    {{"ASTCT2019.CRS.HYPOXIA.HIGH_FLOW", 3, kAstct,
      "CRS grading table, grade 3, hypoxia; footnote: high flow > 6 L/min",
      "hypoxia requiring high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or "
      "Venturi mask"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.hypoxia == HypoxiaSupport::kHighFlow; }},
    {{"ASTCT2019.CRS.HYPOXIA.POSITIVE_PRESSURE", 4, kAstct, "CRS grading table, grade 4, hypoxia",
      "hypoxia requiring positive pressure (CPAP, BiPAP, intubation and mechanical "
      "ventilation)"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.hypoxia == HypoxiaSupport::kPositivePressure;
     }},
}};

constexpr auto kCrsRuleInfos = internal::RuleInfos(kCrsRules);

const DeviceRow& RowOf(OxygenDevice device) {
  return kDeviceRows[static_cast<std::size_t>(device)];
}

HypoxiaSupport ClassifyOxygen(const OxygenSupport& oxygen, FlagSet& flags) {
  const DeviceRow& row = RowOf(oxygen.device);
  HypoxiaSupport support = row.without_rate;
  if (oxygen.flow_l_per_min) {
    const bool low_rate = *oxygen.flow_l_per_min <= kLowFlowMaxLitresPerMinute;
    support = low_rate ? row.at_low_rate : row.at_high_rate;
    if (low_rate && oxygen.device == OxygenDevice::kHighFlowNasalCannula) {
      flags.Add(FlagId::kHfncAtLowFlow);
    }
  }
  if (support == HypoxiaSupport::kNone) return support;
  if (oxygen.reason && *oxygen.reason != OxygenReason::kCrs) {
    flags.Add(FlagId::kOxygenNotForCrs);
    return HypoxiaSupport::kNone;
  }
  if (!oxygen.reason && support == HypoxiaSupport::kPositivePressure) {
    flags.Add(FlagId::kVentilationReasonMissing);
  }
  return support;
}

bool FeverByTemperature(const Assessment& a) {
  return a.temperature_celsius && *a.temperature_celsius >= kFeverThresholdCelsius;
}

// Fills in the facts; missing findings take their least or most severe value.
CrsFacts Resolve(const Assessment& a, Completion completion, FlagSet& flags) {
  const bool most = completion == Completion::kMostSevere;
  CrsFacts facts;
  const bool hot = a.temperature_celsius ? FeverByTemperature(a) : most;
  facts.fever = hot && a.fever_other_cause != true;
  if (a.temperature_celsius && FeverByTemperature(a) && a.fever_other_cause == true) {
    flags.Add(FlagId::kFeverOtherCause);
  }
  facts.fever_masked = a.fever_masked.value_or(most);

  if (a.vasopressors) {
    facts.vasopressin = a.vasopressors->Contains(Vasopressor::kVasopressin);
    facts.vasopressors_excluding_vasopressin =
        a.vasopressors->Count() - (facts.vasopressin ? 1 : 0);
  } else if (most && a.hypotension != false) {
    facts.vasopressors_excluding_vasopressin = 2;
  }
  const bool any_vasopressor = facts.vasopressin || facts.vasopressors_excluding_vasopressin > 0;
  // A vasopressor running for CRS implies CRS hypotension.
  facts.hypotension = a.hypotension.value_or(most) || any_vasopressor;

  if (a.oxygen) {
    facts.hypoxia = ClassifyOxygen(*a.oxygen, flags);
  } else if (most) {
    facts.hypoxia = HypoxiaSupport::kPositivePressure;
  }
  facts.death = a.crs_death.value_or(false);
  return facts;
}

InputSet MissingCrsInputs(const Assessment& a) {
  InputSet missing;
  // A fever attributed to another cause never counts, so its temperature cannot matter.
  if (!a.temperature_celsius && a.fever_other_cause != true) missing.Add(InputId::kTemperature);
  const bool fever_proven = FeverByTemperature(a) && a.fever_other_cause != true;
  if (!a.fever_masked && !fever_proven) missing.Add(InputId::kFeverMasked);
  const bool any_vasopressor = a.vasopressors && !a.vasopressors->Empty();
  if (!a.hypotension && !any_vasopressor) missing.Add(InputId::kHypotension);
  if (!a.vasopressors && a.hypotension != false) missing.Add(InputId::kVasopressors);
  if (!a.oxygen) missing.Add(InputId::kOxygen);
  return missing;
}

bool CrsAssessed(const Assessment& a) {
  return a.temperature_celsius || a.fever_masked || a.hypotension || a.vasopressors || a.oxygen ||
         a.crs_death;
}

}  // namespace

std::span<const RuleInfo* const> CrsAstct2019Rules() noexcept { return kCrsRuleInfos; }

CrsGrading GradeCrsAstct2019(const Assessment& assessment) noexcept {
  CrsGrading result;
  result.assessed = CrsAssessed(assessment);
  result.missing = MissingCrsInputs(assessment);

  const CrsFacts facts = Resolve(assessment, Completion::kLeastSevere, result.flags);
  result.grade = internal::EvaluateRules(kCrsRules, facts, &result);

  FlagSet ignored;
  const CrsFacts worst = Resolve(assessment, Completion::kMostSevere, ignored);
  // With nothing missing that matters the two completions agree: skip the second evaluation.
  result.max_possible_grade =
      worst == facts ? result.grade : internal::EvaluateRules(kCrsRules, worst, nullptr);

  const bool other_findings = facts.hypotension || facts.hypoxia != HypoxiaSupport::kNone;
  if (!CrsGradable(facts) && other_findings) result.flags.Add(FlagId::kNoFeverLookForOtherCause);
  if (CrsGradable(facts) && facts.vasopressin && facts.vasopressors_excluding_vasopressin == 0) {
    result.flags.Add(FlagId::kVasopressinOnly);
  }
  if (CrsGradable(facts) && !facts.fever && result.grade == 0) {
    result.flags.Add(FlagId::kCrsResolvingNoReportableGrade);
  }
  return result;
}

}  // namespace cartwatch::core
