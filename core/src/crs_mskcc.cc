// MSKCC CRS grading (Park JH et al., NEJM 2018;378:449-459, supplementary appendix).
// Interpretations are sourced to kCartwatchPolicy
// (docs/clinical/older-systems.md).
#include <array>

#include "legacy_crs.h"
#include "legacy_crs_grading.h"

namespace cartwatch::core::internal {
namespace {

constexpr SourceId kMskcc = SourceId::kPark2018;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

constexpr std::array<LegacyRule, 9> kRules{{
    {{"MSKCC.CRS.DEATH", 5, kMskcc, "MSKCC CRS grading, grade 5", "death"},
     [](const LegacyFacts& f) { return f.death; }},
    {{"MSKCC.CRS.FEVER", 1, kPolicy,
      "MSKCC CRS grading, grade 1: mild symptoms, observation or supportive care only "
      "(interpretation)",
      "fever of 38 degC or more not attributable to another cause, counted as a grade 1 mild "
      "symptom"},
     [](const LegacyFacts& f) { return f.fever; }},
    {{"MSKCC.CRS.HYPOTENSION.VASOPRESSOR_UNDER_24H", 2, kMskcc, "MSKCC CRS grading, grade 2",
      "hypotension needing any vasopressor for less than 24 h (longest-running agent)"},
     [](const LegacyFacts& f) {
       return f.vasopressors > 0 && !AtLeast(f.longest_hours, kMskccLongPressorHours);
     }},
    {{"MSKCC.CRS.HYPOXIA.FIO2_BELOW_40", 2, kMskcc, "MSKCC CRS grading, grade 2",
      "hypoxia or dyspnoea needing oxygen at FiO2 below 40%"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && !f.fio2_high; }},
    {{"MSKCC.CRS.HYPOTENSION.VASOPRESSOR_24H", 3, kMskcc, "MSKCC CRS grading, grade 3",
      "hypotension needing any vasopressor for 24 h or more (longest-running agent)"},
     [](const LegacyFacts& f) {
       return f.vasopressors > 0 && AtLeast(f.longest_hours, kMskccLongPressorHours);
     }},
    {{"MSKCC.CRS.HYPOXIA.FIO2_40", 3, kMskcc, "MSKCC CRS grading, grade 3",
      "hypoxia or dyspnoea needing oxygen at FiO2 of 40% or more"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && f.fio2_high; }},
    {{"MSKCC.CRS.HYPOTENSION.REFRACTORY", 4, kMskcc, "MSKCC CRS grading, grade 4",
      "hypotension refractory to high-dose vasopressors"},
     [](const LegacyFacts& f) { return f.refractory; }},
    {{"MSKCC.CRS.HYPOXIA.NONINVASIVE_VENTILATION", 4, kPolicy,
      "MSKCC CRS grading, grade 4: mechanical ventilation (interpretation as for Lee 2014 "
      "'ventilator support')",
      "CPAP or BiPAP for CRS hypoxia, counted as ventilator support", true},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kNonInvasive; }},
    {{"MSKCC.CRS.HYPOXIA.MECHANICAL_VENTILATION", 4, kMskcc, "MSKCC CRS grading, grade 4",
      "hypoxia or dyspnoea needing mechanical ventilation"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kMechanicalVentilation; }},
}};

constexpr auto kRuleInfos = RuleInfos(kRules);

}  // namespace

SyndromeGrading GradeCrsMskcc(const Assessment& assessment) noexcept {
  return GradeLegacy(kRules, assessment, FlagFeverAndNonInvasiveVentilation);
}

std::span<const RuleInfo* const> CrsMskccRules() noexcept { return kRuleInfos; }

}  // namespace cartwatch::core::internal
