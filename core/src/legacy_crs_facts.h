// The findings the older CRS grading systems read, resolved once for all five tables:
// Lee 2014, Penn, MSKCC, CTCAE v5.0 and CARTOX differ in their rows, not in what a finding is.
#ifndef CARTWATCH_CORE_SRC_LEGACY_CRS_FACTS_H_
#define CARTWATCH_CORE_SRC_LEGACY_CRS_FACTS_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <string_view>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/cutoff.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/rule.h"

namespace cartwatch::core::internal {

// Thresholds, named once (Lee 2014 high-dose table, also used for Penn and CARTOX).
struct HighDoseTable {
  double norepinephrine_ug_min;   // norepinephrine alone
  double dopamine_ug_kg_min;      // dopamine alone
  double phenylephrine_ug_min;    // phenylephrine alone
  double epinephrine_ug_min;      // epinephrine alone
  double with_vasopressin_ne_eq;  // vasopressin + norepinephrine-equivalent
  double combination_ne_eq;       // any other combination, norepinephrine-equivalent
  double held_hours;              // every dose counted has run at least this long
};
inline constexpr HighDoseTable kLee2014HighDose{20.0, 10.0, 200.0, 10.0, 10.0, 20.0, 3.0};

// One agent's weight in the norepinephrine-equivalent dose, as an exact fraction so that the sum
// is an exact integer sum of micro-units (see cutoff.h). Vasopressin has no row: its own dose is
// not used, only its presence (the with-vasopressin threshold).
struct NeEquivalentFactor {
  RuleInfo info;  // grade 0: a factor, not a grading row
  Vasopressor agent;
  int numerator;
  int denominator;
};

// Lee 2014, high-dose vasopressor table, footnote: the norepinephrine-equivalent equation of the
// VASST trial, NE (ug/min) + dopamine (ug/kg/min) / 2 + epinephrine (ug/min) + phenylephrine
// (ug/min) / 10 (docs/clinical/older-systems.md, "The high-dose vasopressor table").
inline constexpr std::string_view kNeEquivalentLocator =
    "high-dose vasopressor table, footnote: norepinephrine-equivalent equation (VASST); "
    "docs/clinical/older-systems.md, The high-dose vasopressor table";
inline constexpr std::array<NeEquivalentFactor, 4> kNeEquivalentFactors{{
    {{"LEE2014.NE_EQUIVALENT.NOREPINEPHRINE", 0, SourceId::kLee2014, kNeEquivalentLocator,
      "norepinephrine ug/min counts 1:1"},
     Vasopressor::kNorepinephrine,
     1,
     1},
    {{"LEE2014.NE_EQUIVALENT.EPINEPHRINE", 0, SourceId::kLee2014, kNeEquivalentLocator,
      "epinephrine ug/min counts 1:1"},
     Vasopressor::kEpinephrine,
     1,
     1},
    {{"LEE2014.NE_EQUIVALENT.DOPAMINE", 0, SourceId::kLee2014, kNeEquivalentLocator,
      "dopamine ug/kg/min divided by 2"},
     Vasopressor::kDopamine,
     1,
     2},
    {{"LEE2014.NE_EQUIVALENT.PHENYLEPHRINE", 0, SourceId::kLee2014, kNeEquivalentLocator,
      "phenylephrine ug/min divided by 10"},
     Vasopressor::kPhenylephrine,
     1,
     10},
}};

// The common denominator of the factors: norepinephrine-equivalents are summed in units of
// 1 / kNeEquivalentScale micro-units, exactly.
inline constexpr MicroUnits kNeEquivalentScale = [] {
  MicroUnits scale = 1;
  for (const NeEquivalentFactor& factor : kNeEquivalentFactors) {
    scale = std::lcm(scale, MicroUnits{factor.denominator});
  }
  return scale;
}();

// The norepinephrine-equivalent of the doses of the agents in `held`, in micro-units times
// kNeEquivalentScale: an exact integer, the same in any order of the agents.
MicroUnits ScaledNeEquivalent(const std::array<double, 5>& doses, VasopressorSet held) noexcept;

inline constexpr double kFio2HighPercent = 40.0;  // Lee, MSKCC, CTCAE v5.0, CARTOX: FiO2 >= 40%
inline constexpr double kMskccLongPressorHours = 24.0;  // MSKCC grade 3: vasopressor >= 24 h
inline constexpr int kPennMultipleBoluses = 2;          // Penn grade 3: "multiple fluid boluses"

// Oxygen support given for CRS, as the older systems read it.
enum class LegacyOxygen : std::uint8_t {
  kNone,
  kSupplemental,  // nasal cannula, blow-by, HFNC, facemasks: graded by FiO2 (or Penn: any O2)
  kNonInvasive,   // CPAP, BiPAP
  kMechanicalVentilation,
};

struct LegacyFacts {
  bool fever = false;  // >= 38 degC, not attributed to another cause
  bool hypotension = false;
  int vasopressors = 0;  // running agents, vasopressin included
  int vasopressors_excluding_vasopressin = 0;
  bool high_dose = false;      // Lee 2014 high-dose table met
  double longest_hours = 0.0;  // of the running agents (MSKCC)
  bool refractory = false;     // hypotension refractory to high-dose vasopressors
  int fluid_boluses = 0;       // in the last 24 h
  bool hospitalised = false;   // for CRS
  bool iv_therapy = false;     // IV therapy or parenteral nutrition for CRS
  bool coagulopathy = false;   // needing FFP, cryoprecipitate or fibrinogen
  LegacyOxygen oxygen = LegacyOxygen::kNone;
  bool fio2_high = false;  // supplemental oxygen at FiO2 >= 40%
  int creatinine = 0;      // CTCAE grades; absent = 0 (no organ toxicity unless entered)
  int transaminases = 0;
  int other_organ = 0;
  bool death = false;

  int highest_organ_grade() const { return std::max({creatinine, transaminases, other_organ}); }
};

// Lee 2014 high-dose table over the doses of the agents that have run >= 3 h.
// `doses` is indexed by Vasopressor, canonical units; `held` holds the agents counted. Every
// comparison is exact at its cut-off (cutoff.h).
bool HighDose(const std::array<double, 5>& doses, VasopressorSet held) noexcept;

// The absent inputs any older system could read in this assessment. Organ toxicity grades are
// never among them: absent means grade 0.
InputSet AbsentLegacyInputs(const Assessment& assessment) noexcept;

// The facts with the absent inputs in `worst` at their most severe value and every other absent
// input at its least severe value. Flags about the recorded findings go to `flags` when given.
LegacyFacts ResolveLegacy(const Assessment& assessment, InputSet worst, FlagSet* flags) noexcept;

// Whether any finding an older system reads was recorded.
bool LegacyCrsAssessed(const Assessment& assessment) noexcept;

}  // namespace cartwatch::core::internal

#endif  // CARTWATCH_CORE_SRC_LEGACY_CRS_FACTS_H_
