// CARTOX CRS grading (Neelapu SS et al., Nat Rev Clin Oncol 2018;15:47-62).
// Its high-dose vasopressor table is Lee 2014's (Neelapu 2018; UNCONFIRMED word for word), so the
// rows that read it are marked. Interpretations are sourced to kCartwatchPolicy
// (docs/clinical/older-systems.md).
#include <array>

#include "legacy_crs.h"
#include "legacy_crs_grading.h"

namespace cartwatch::core::internal {
namespace {

constexpr SourceId kCartox = SourceId::kNeelapu2018;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

constexpr std::array<LegacyRule, 15> kRules{{
    {{"CARTOX.CRS.DEATH", 5, kCartox, "CRS grading, grade 5", "death"},
     [](const LegacyFacts& f) { return f.death; }},
    {{"CARTOX.CRS.FEVER", 1, kCartox, "CRS grading, grade 1",
      "temperature of 38 degC or more not attributable to another cause"},
     [](const LegacyFacts& f) { return f.fever; }},
    {{"CARTOX.CRS.ORGAN.GRADE_1", 1, kCartox, "CRS grading, grade 1",
      "grade 1 organ toxicity (CTCAE)"},
     [](const LegacyFacts& f) { return f.highest_organ_grade() >= 1; }},
    {{"CARTOX.CRS.HYPOTENSION.FLUIDS", 2, kCartox, "CRS grading, grade 2",
      "hypotension responding to IV fluids: no vasopressor running"},
     [](const LegacyFacts& f) { return f.hypotension && f.vasopressors == 0; }},
    {{"CARTOX.CRS.HYPOTENSION.ONE_LOW_DOSE_VASOPRESSOR", 2, kCartox,
      "CRS grading, grade 2; high-dose table of Lee 2014 (UNCONFIRMED)",
      "hypotension responding to a low dose of one vasopressor (vasopressin alongside is judged "
      "by the combination threshold)",
      true},
     [](const LegacyFacts& f) {
       return f.vasopressors > 0 && f.vasopressors_excluding_vasopressin <= 1 && !f.high_dose;
     }},
    {{"CARTOX.CRS.HYPOXIA.FIO2_BELOW_40", 2, kCartox, "CRS grading, grade 2",
      "hypoxia needing oxygen at FiO2 below 40%"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && !f.fio2_high; }},
    {{"CARTOX.CRS.ORGAN.GRADE_2", 2, kCartox, "CRS grading, grade 2",
      "grade 2 organ toxicity (CTCAE)"},
     [](const LegacyFacts& f) { return f.highest_organ_grade() >= 2; }},
    {{"CARTOX.CRS.HYPOTENSION.HIGH_DOSE", 3, kCartox,
      "CRS grading, grade 3; high-dose table of Lee 2014 (UNCONFIRMED)",
      "hypotension needing high-dose vasopressors (Lee 2014 table, held 3 h or more)", true},
     [](const LegacyFacts& f) { return f.high_dose; }},
    {{"CARTOX.CRS.HYPOTENSION.MULTIPLE_VASOPRESSORS", 3, kCartox, "CRS grading, grade 3",
      "hypotension needing multiple vasopressors (two or more agents besides vasopressin)"},
     [](const LegacyFacts& f) { return f.vasopressors_excluding_vasopressin >= 2; }},
    {{"CARTOX.CRS.HYPOXIA.FIO2_40", 3, kCartox, "CRS grading, grade 3",
      "hypoxia needing oxygen at FiO2 of 40% or more"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && f.fio2_high; }},
    {{"CARTOX.CRS.ORGAN.GRADE_3", 3, kCartox, "CRS grading, grade 3",
      "grade 3 organ toxicity or grade 4 transaminitis (CTCAE)"},
     [](const LegacyFacts& f) { return f.highest_organ_grade() >= 3; }},
    {{"CARTOX.CRS.HYPOTENSION.LIFE_THREATENING", 4, kPolicy,
      "CARTOX CRS grading, grade 4: life-threatening hypotension (interpretation)",
      "hypotension refractory to high-dose vasopressors, read as life-threatening"},
     [](const LegacyFacts& f) { return f.refractory; }},
    {{"CARTOX.CRS.HYPOXIA.NONINVASIVE_VENTILATION", 4, kPolicy,
      "CARTOX CRS grading, grade 4: ventilator support (interpretation as for Lee 2014 "
      "'ventilator support')",
      "CPAP or BiPAP for CRS hypoxia, counted as ventilator support", true},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kNonInvasive; }},
    {{"CARTOX.CRS.HYPOXIA.MECHANICAL_VENTILATION", 4, kCartox, "CRS grading, grade 4",
      "mechanical ventilation for CRS hypoxia (ventilator support)"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kMechanicalVentilation; }},
    {{"CARTOX.CRS.ORGAN.GRADE_4", 4, kCartox, "CRS grading, grade 4",
      "grade 4 organ toxicity other than transaminitis (CTCAE)"},
     [](const LegacyFacts& f) { return f.creatinine >= 4 || f.other_organ >= 4; }},
}};

constexpr auto kRuleInfos = RuleInfos(kRules);

void AddFlags(const LegacyFacts& facts, FlagSet& flags) {
  if (facts.oxygen == LegacyOxygen::kNonInvasive) {
    flags.Add(FlagId::kNonInvasiveAsVentilatorSupport);
  }
}

}  // namespace

SyndromeGrading GradeCrsCartox(const Assessment& assessment) noexcept {
  return GradeLegacy(kRules, assessment, AddFlags);
}

std::span<const RuleInfo* const> CrsCartoxRules() noexcept { return kRuleInfos; }

}  // namespace cartwatch::core::internal
