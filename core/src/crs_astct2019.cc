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

// CRS grading table footnote: low flow is <= 6 L/min (blow-by counts as low flow); high flow is > 6
// L/min.
struct DeviceRow {
  OxygenDevice device;
  OxygenTier at_low_rate;   // flow recorded and <= 6 L/min
  OxygenTier at_high_rate;  // flow recorded and > 6 L/min
  OxygenTier without_rate;  // no flow recorded
};

constexpr std::array<DeviceRow, 10> kDeviceRows{{
    {OxygenDevice::kRoomAir, OxygenTier::kRoomAir, OxygenTier::kRoomAir, OxygenTier::kRoomAir},
    // Validation requires a flow for a nasal cannula, so without_rate is never read for it.
    {OxygenDevice::kNasalCannula, OxygenTier::kLowFlow, OxygenTier::kHighFlow,
     OxygenTier::kLowFlow},
    {OxygenDevice::kBlowBy, OxygenTier::kLowFlow, OxygenTier::kLowFlow, OxygenTier::kLowFlow},
    // UNCONFIRMED (footnote 4 defines high flow by rate): an HFNC at <= 6 L/min is graded by its
    // flow (flagged).
    {OxygenDevice::kHighFlowNasalCannula, OxygenTier::kLowFlow, OxygenTier::kHighFlow,
     OxygenTier::kHighFlow},
    {OxygenDevice::kFacemask, OxygenTier::kHighFlow, OxygenTier::kHighFlow, OxygenTier::kHighFlow},
    {OxygenDevice::kNonRebreather, OxygenTier::kHighFlow, OxygenTier::kHighFlow,
     OxygenTier::kHighFlow},
    {OxygenDevice::kVenturi, OxygenTier::kHighFlow, OxygenTier::kHighFlow, OxygenTier::kHighFlow},
    {OxygenDevice::kCpap, OxygenTier::kPositivePressure, OxygenTier::kPositivePressure,
     OxygenTier::kPositivePressure},
    {OxygenDevice::kBipap, OxygenTier::kPositivePressure, OxygenTier::kPositivePressure,
     OxygenTier::kPositivePressure},
    {OxygenDevice::kMechanicalVentilation, OxygenTier::kPositivePressure,
     OxygenTier::kPositivePressure, OxygenTier::kPositivePressure},
}};
static_assert(IndexedByEnum(kDeviceRows, &DeviceRow::device), "kDeviceRows: OxygenDevice order");

// The findings CRS grading table reads, after footnote rules are applied: the public reading
// (fever fn 1, masked fever fn 2, vasopressors without vasopressin, CRS hypoxia only fn 3-4) and
// death.
struct CrsFacts {
  CrsReading reading;
  bool death = false;

  friend bool operator==(const CrsFacts&, const CrsFacts&) = default;
};

// Fever must be present at onset; once therapy was given it is no longer required (fn 2).
constexpr bool CrsGradable(const CrsFacts& f) {
  return f.reading.FeverCounted() || f.reading.fever_masked;
}

constexpr SourceId kAstct = SourceId::kAstct2019;

constexpr std::array<Rule<CrsFacts>, 10> kCrsRules{{
    {{"ASTCT2019.CRS.DEATH", 5, kAstct, "CRS grading table footnote: grade 5",
      "death due to CRS, with no other cause as the main reason"},
     [](const CrsFacts& f) { return f.death; }},
    {{"ASTCT2019.CRS.FEVER", 1, kAstct, "CRS grading table, grade 1; footnote: fever >= 38 degC",
      "fever of 38 degC or more not attributable to another cause"},
     [](const CrsFacts& f) { return f.reading.FeverCounted(); }},
    {{"ASTCT2019.CRS.FEVER_MASKED", 0, kAstct,
      "CRS grading table footnote: fever no longer required after antipyretic or anti-cytokine "
      "therapy",
      "afebrile after antipyretic or anti-cytokine therapy: graded on hypotension and hypoxia"},
     [](const CrsFacts& f) { return f.reading.GradedWithoutFever(); }},
    {{"ASTCT2019.CRS.HYPOTENSION.NO_VASOPRESSOR", 2, kAstct,
      "CRS grading table, grade 2, hypotension", "hypotension not requiring vasopressors"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.reading.hypotension &&
              f.reading.vasopressors_excluding_vasopressin == 0 && !f.reading.vasopressin;
     }},
    {{"ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR", 3, kAstct,
      "CRS grading table, grade 3, hypotension",
      "hypotension requiring one vasopressor, with or without vasopressin"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.reading.vasopressors_excluding_vasopressin == 1;
     }},
    {{"ASTCT2019.CRS.HYPOTENSION.VASOPRESSIN_ONLY", 3, kAstct,
      "CRS grading table, grades 3-4, hypotension (interpretation)",
      "hypotension requiring vasopressin alone: a vasopressor, but never 'multiple'"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.reading.VasopressinOnly(); }},
    {{"ASTCT2019.CRS.HYPOTENSION.MULTIPLE_VASOPRESSORS", 4, kAstct,
      "CRS grading table, grade 4, hypotension",
      "hypotension requiring multiple vasopressors (excluding vasopressin)"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.reading.vasopressors_excluding_vasopressin >= 2;
     }},
    {{"ASTCT2019.CRS.HYPOXIA.LOW_FLOW", 2, kAstct,
      "CRS grading table, grade 2, hypoxia; footnote: low flow <= 6 L/min, blow-by",
      "hypoxia requiring low-flow nasal cannula (<= 6 L/min) or blow-by"},
     [](const CrsFacts& f) { return CrsGradable(f) && f.reading.HypoxiaAt(OxygenTier::kLowFlow); }},
    {{"ASTCT2019.CRS.HYPOXIA.HIGH_FLOW", 3, kAstct,
      "CRS grading table, grade 3, hypoxia; footnote: high flow > 6 L/min",
      "hypoxia requiring high-flow nasal cannula (> 6 L/min), facemask, non-rebreather or "
      "Venturi mask"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.reading.HypoxiaAt(OxygenTier::kHighFlow);
     }},
    {{"ASTCT2019.CRS.HYPOXIA.POSITIVE_PRESSURE", 4, kAstct, "CRS grading table, grade 4, hypoxia",
      "hypoxia requiring positive pressure (CPAP, BiPAP, intubation and mechanical "
      "ventilation)"},
     [](const CrsFacts& f) {
       return CrsGradable(f) && f.reading.HypoxiaAt(OxygenTier::kPositivePressure);
     }},
}};

constexpr auto kCrsRuleInfos = internal::RuleInfos(kCrsRules);

const DeviceRow& RowOf(OxygenDevice device) {
  return kDeviceRows[static_cast<std::size_t>(device)];
}

// The tier of the support by device and flow, and whether it is CRS hypoxia (footnote: hypoxia
// not attributable to any other cause).
void ClassifyOxygen(const OxygenSupport& oxygen, CrsReading& reading, FlagSet& flags) {
  const DeviceRow& row = RowOf(oxygen.device);
  OxygenTier tier = row.without_rate;
  if (oxygen.flow_l_per_min) {
    const bool low_rate = *oxygen.flow_l_per_min <= kLowFlowMaxLitresPerMinute;
    tier = low_rate ? row.at_low_rate : row.at_high_rate;
    if (low_rate && oxygen.device == OxygenDevice::kHighFlowNasalCannula) {
      flags.Add(FlagId::kHfncAtLowFlow);
    }
  }
  reading.oxygen = tier;
  if (tier == OxygenTier::kRoomAir) return;
  if (oxygen.reason && *oxygen.reason != OxygenReason::kCrs) {
    flags.Add(FlagId::kOxygenNotForCrs);
    reading.oxygen_not_for_crs = true;
    return;
  }
  if (!oxygen.reason && tier == OxygenTier::kPositivePressure) {
    flags.Add(FlagId::kVentilationReasonMissing);
  }
}

bool FeverByTemperature(const Assessment& a) {
  return a.temperature_celsius && *a.temperature_celsius >= kFeverThresholdCelsius;
}

// The temperature as read; a missing one is a fever when completing at the most severe.
FeverReading ReadFever(const Assessment& a, bool most) {
  const bool other_cause = a.fever_other_cause == true;
  if (!a.temperature_celsius) {
    if (!most) return FeverReading::kNotRecorded;
    return other_cause ? FeverReading::kOtherCause : FeverReading::kFever;
  }
  if (!FeverByTemperature(a)) return FeverReading::kAbsent;
  return other_cause ? FeverReading::kOtherCause : FeverReading::kFever;
}

// Fills in the facts; missing findings take their least or most severe value.
CrsFacts Resolve(const Assessment& a, Completion completion, FlagSet& flags) {
  const bool most = completion == Completion::kMostSevere;
  CrsFacts facts;
  CrsReading& r = facts.reading;
  r.fever = ReadFever(a, most);
  if (a.temperature_celsius && r.fever == FeverReading::kOtherCause) {
    flags.Add(FlagId::kFeverOtherCause);
  }
  r.fever_masked = a.fever_masked.value_or(most);

  if (a.vasopressors) {
    r.vasopressin = a.vasopressors->Contains(Vasopressor::kVasopressin);
    r.vasopressors_excluding_vasopressin = a.vasopressors->Count() - (r.vasopressin ? 1 : 0);
  } else if (most && a.hypotension != false) {
    r.vasopressors_excluding_vasopressin = 2;
  }
  const bool any_vasopressor = r.vasopressin || r.vasopressors_excluding_vasopressin > 0;
  // A vasopressor running for CRS implies CRS hypotension.
  r.hypotension = a.hypotension.value_or(most) || any_vasopressor;

  if (a.oxygen) {
    ClassifyOxygen(*a.oxygen, r, flags);
  } else if (most) {
    r.oxygen = OxygenTier::kPositivePressure;
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

  const CrsReading& r = facts.reading;
  const bool crs_hypoxia = r.HypoxiaAt(OxygenTier::kLowFlow) ||
                           r.HypoxiaAt(OxygenTier::kHighFlow) ||
                           r.HypoxiaAt(OxygenTier::kPositivePressure);
  const bool other_findings = r.hypotension || crs_hypoxia;
  if (!CrsGradable(facts) && other_findings) result.flags.Add(FlagId::kNoFeverLookForOtherCause);
  if (CrsGradable(facts) && r.VasopressinOnly()) result.flags.Add(FlagId::kVasopressinOnly);
  if (CrsGradable(facts) && !r.FeverCounted() && result.grade == 0) {
    result.flags.Add(FlagId::kCrsResolvingNoReportableGrade);
  }
  result.reading = r;
  return result;
}

}  // namespace cartwatch::core
