// Lee 2014 CRS grading (Lee DW et al., Blood 2014;124:188-195, CRS grading table and its
// high-dose vasopressor table). Interpretations are
// sourced to kCartwatchPolicy and explained in docs/clinical/older-systems.md.
#include <array>

#include "legacy_crs.h"
#include "legacy_crs_grading.h"

namespace cartwatch::core::internal {
namespace {

constexpr SourceId kLee = SourceId::kLee2014;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

constexpr std::array<LegacyRule, 13> kRules{{
    {{"LEE2014.CRS.DEATH", 5, kLee, "CRS grading table, grade 5", "death"},
     [](const LegacyFacts& f) { return f.death; }},
    {{"LEE2014.CRS.FEVER", 1, kPolicy,
      "Lee 2014 CRS grading table, grade 1: symptoms needing symptomatic treatment only "
      "(interpretation)",
      "fever of 38 degC or more not attributable to another cause, counted as a grade 1 "
      "constitutional symptom (the other grade 1 symptoms are not recorded)"},
     [](const LegacyFacts& f) { return f.fever; }},
    {{"LEE2014.CRS.HYPOTENSION.FLUIDS", 2, kLee, "CRS grading table, grade 2, hypotension",
      "hypotension responding to fluids: no vasopressor running"},
     [](const LegacyFacts& f) { return f.hypotension && f.vasopressors == 0; }},
    {{"LEE2014.CRS.HYPOTENSION.ONE_LOW_DOSE_VASOPRESSOR", 2, kLee,
      "CRS grading table, grade 2, hypotension; high-dose vasopressor table",
      "hypotension responding to a low dose of one vasopressor (vasopressin alongside is judged "
      "by the combination threshold)"},
     [](const LegacyFacts& f) {
       return f.vasopressors > 0 && f.vasopressors_excluding_vasopressin <= 1 && !f.high_dose;
     }},
    {{"LEE2014.CRS.HYPOTENSION.HIGH_DOSE", 3, kLee,
      "CRS grading table, grade 3, hypotension; high-dose vasopressor table",
      "hypotension needing high-dose vasopressors, held 3 h or more: norepinephrine >= 20 "
      "ug/min, dopamine >= 10 ug/kg/min, phenylephrine >= 200 ug/min or epinephrine >= 10 "
      "ug/min; with vasopressin norepinephrine-equivalent >= 10 ug/min; other combinations "
      ">= 20 ug/min"},
     [](const LegacyFacts& f) { return f.high_dose; }},
    {{"LEE2014.CRS.HYPOTENSION.MULTIPLE_VASOPRESSORS", 3, kLee,
      "CRS grading table, grade 3, hypotension",
      "hypotension needing multiple vasopressors (two or more agents besides vasopressin)"},
     [](const LegacyFacts& f) { return f.vasopressors_excluding_vasopressin >= 2; }},
    {{"LEE2014.CRS.HYPOXIA.FIO2_BELOW_40", 2, kLee, "CRS grading table, grade 2, oxygen",
      "oxygen for CRS hypoxia at FiO2 below 40%"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && !f.fio2_high; }},
    {{"LEE2014.CRS.HYPOXIA.FIO2_40", 3, kLee, "CRS grading table, grade 3, oxygen",
      "oxygen for CRS hypoxia at FiO2 of 40% or more"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && f.fio2_high; }},
    {{"LEE2014.CRS.HYPOXIA.NONINVASIVE_VENTILATION", 4, kPolicy,
      "Lee 2014 CRS grading table, grade 4: ventilator support (interpretation "
      "of 'ventilator support')",
      "CPAP or BiPAP for CRS hypoxia, counted as ventilator support", true},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kNonInvasive; }},
    {{"LEE2014.CRS.HYPOXIA.MECHANICAL_VENTILATION", 4, kLee, "CRS grading table, grade 4",
      "mechanical ventilation for CRS hypoxia (ventilator support)"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kMechanicalVentilation; }},
    {{"LEE2014.CRS.ORGAN.GRADE_2", 2, kLee, "CRS grading table, grade 2, organ toxicity",
      "grade 2 organ toxicity (CTCAE)"},
     [](const LegacyFacts& f) { return f.highest_organ_grade() >= 2; }},
    {{"LEE2014.CRS.ORGAN.GRADE_3", 3, kLee, "CRS grading table, grade 3, organ toxicity",
      "grade 3 organ toxicity or grade 4 transaminitis (CTCAE)"},
     [](const LegacyFacts& f) { return f.highest_organ_grade() >= 3; }},
    {{"LEE2014.CRS.ORGAN.GRADE_4", 4, kLee, "CRS grading table, grade 4, organ toxicity",
      "grade 4 organ toxicity other than transaminitis (CTCAE)"},
     [](const LegacyFacts& f) { return f.creatinine >= 4 || f.other_organ >= 4; }},
}};

constexpr auto kRuleInfos = RuleInfos(kRules);

}  // namespace

SyndromeGrading GradeCrsLee2014(const Assessment& assessment) noexcept {
  return GradeLegacy(kRules, assessment, FlagFeverAndNonInvasiveVentilation);
}

std::span<const RuleInfo* const> CrsLee2014Rules() noexcept { return kRuleInfos; }

}  // namespace cartwatch::core::internal
