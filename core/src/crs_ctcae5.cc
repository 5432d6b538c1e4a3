// CTCAE v5.0 term "Cytokine release syndrome" (NCI, 2017).
// Grade 4 ("life-threatening consequences; urgent intervention indicated") has no
// concrete criterion: its rows are interpretations sourced to kCartwatchPolicy and flagged.
#include <array>

#include "legacy_crs.h"
#include "legacy_crs_grading.h"

namespace cartwatch::core::internal {
namespace {

constexpr SourceId kCtcae = SourceId::kCtcae5;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

constexpr std::array<LegacyRule, 8> kRules{{
    {{"CTCAE5.CRS.DEATH", 5, kCtcae, "Cytokine release syndrome, grade 5", "death"},
     [](const LegacyFacts& f) { return f.death; }},
    {{"CTCAE5.CRS.FEVER", 1, kCtcae, "Cytokine release syndrome, grade 1",
      "fever of 38 degC or more not attributable to another cause, with or without "
      "constitutional symptoms"},
     [](const LegacyFacts& f) { return f.fever; }},
    {{"CTCAE5.CRS.HYPOTENSION.FLUIDS", 2, kCtcae, "Cytokine release syndrome, grade 2",
      "hypotension responding to fluids: no vasopressor running"},
     [](const LegacyFacts& f) { return f.hypotension && f.vasopressors == 0; }},
    {{"CTCAE5.CRS.HYPOXIA.FIO2_BELOW_40", 2, kCtcae, "Cytokine release syndrome, grade 2",
      "hypoxia responding to oxygen at FiO2 below 40%"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && !f.fio2_high; }},
    {{"CTCAE5.CRS.HYPOTENSION.ONE_VASOPRESSOR", 3, kCtcae, "Cytokine release syndrome, grade 3",
      "hypotension managed with one vasopressor (any agent, vasopressin included)"},
     [](const LegacyFacts& f) { return f.vasopressors == 1; }},
    {{"CTCAE5.CRS.HYPOXIA.FIO2_40", 3, kCtcae, "Cytokine release syndrome, grade 3",
      "hypoxia needing oxygen at FiO2 of 40% or more"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kSupplemental && f.fio2_high; }},
    {{"CTCAE5.CRS.HYPOTENSION.MULTIPLE_VASOPRESSORS", 4, kPolicy,
      "CTCAE v5.0 Cytokine release syndrome, grade 4: urgent intervention (interpretation)",
      "hypotension needing two or more vasopressors (any agents), read as life-threatening"},
     [](const LegacyFacts& f) { return f.vasopressors >= 2; }},
    {{"CTCAE5.CRS.HYPOXIA.POSITIVE_PRESSURE", 4, kPolicy,
      "CTCAE v5.0 Cytokine release syndrome, grade 4: urgent intervention (interpretation)",
      "hypoxia needing CPAP, BiPAP or mechanical ventilation, read as life-threatening"},
     [](const LegacyFacts& f) {
       return f.oxygen == LegacyOxygen::kNonInvasive ||
              f.oxygen == LegacyOxygen::kMechanicalVentilation;
     }},
}};

constexpr auto kRuleInfos = RuleInfos(kRules);

void AddFlags(const LegacyFacts& facts, FlagSet& flags) {
  if (facts.vasopressors >= 2 || facts.oxygen == LegacyOxygen::kNonInvasive ||
      facts.oxygen == LegacyOxygen::kMechanicalVentilation) {
    flags.Add(FlagId::kCtcae5Grade4Interpretation);
  }
}

}  // namespace

SyndromeGrading GradeCrsCtcae5(const Assessment& assessment) noexcept {
  return GradeLegacy(kRules, assessment, AddFlags);
}

std::span<const RuleInfo* const> CrsCtcae5Rules() noexcept { return kRuleInfos; }

}  // namespace cartwatch::core::internal
