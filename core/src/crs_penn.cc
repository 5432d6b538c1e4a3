// Penn CRS grading scale (Porter DL et al., Sci Transl Med 2015 and J Hematol Oncol 2018;11:35).
// The high-dose vasopressor table is Lee 2014's; Porter 2018's exact thresholds are
// UNCONFIRMED, so the rows that read it are marked.
// Interpretations are sourced to kCartwatchPolicy (docs/clinical/older-systems.md).
#include <array>

#include "legacy_crs.h"
#include "legacy_crs_grading.h"

namespace cartwatch::core::internal {
namespace {

constexpr SourceId kPenn = SourceId::kPorter2018;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

constexpr std::array<LegacyRule, 14> kRules{{
    {{"PENN.CRS.DEATH", 5, kPenn, "Penn CRS grading scale, grade 5", "death"},
     [](const LegacyFacts& f) { return f.death; }},
    {{"PENN.CRS.FEVER", 1, kPolicy,
      "Penn CRS grading scale, grade 1: mild, supportive care only (interpretation)",
      "fever of 38 degC or more not attributable to another cause, counted as a grade 1 mild "
      "reaction (fever is not an explicit Penn criterion)"},
     [](const LegacyFacts& f) { return f.fever; }},
    {{"PENN.CRS.IV_THERAPY", 2, kPenn, "Penn CRS grading scale, grade 2",
      "IV therapy or parenteral nutrition needed for CRS"},
     [](const LegacyFacts& f) { return f.iv_therapy; }},
    {{"PENN.CRS.HOSPITALISED", 2, kPenn, "Penn CRS grading scale, grade 2",
      "hospitalisation for CRS symptoms, including neutropenic fever needing IV therapy"},
     [](const LegacyFacts& f) { return f.hospitalised; }},
    {{"PENN.CRS.ORGAN.CREATININE_2", 2, kPenn, "Penn CRS grading scale, grade 2, organ dysfunction",
      "grade 2 creatinine (CTCAE) from CRS"},
     [](const LegacyFacts& f) { return f.creatinine >= 2; }},
    {{"PENN.CRS.ORGAN.TRANSAMINASES_3", 2, kPenn,
      "Penn CRS grading scale, grade 2, organ dysfunction",
      "grade 3 transaminases (LFTs, CTCAE) from CRS"},
     [](const LegacyFacts& f) { return f.transaminases >= 3; }},
    {{"PENN.CRS.ORGAN.CREATININE_3", 3, kPolicy,
      "Penn CRS grading scale, grade 3: hospitalisation for organ dysfunction (interpretation: "
      "hospitalisation assumed)",
      "grade 3 creatinine (CTCAE) from CRS; the hospitalisation it needs is assumed"},
     [](const LegacyFacts& f) { return f.creatinine >= 3; }},
    {{"PENN.CRS.ORGAN.TRANSAMINASES_4", 3, kPolicy,
      "Penn CRS grading scale, grade 3: hospitalisation for organ dysfunction (interpretation: "
      "hospitalisation assumed)",
      "grade 4 transaminases (LFTs, CTCAE) from CRS; the hospitalisation it needs is assumed"},
     [](const LegacyFacts& f) { return f.transaminases >= 4; }},
    {{"PENN.CRS.HYPOTENSION.FLUID_BOLUSES", 3, kPenn, "Penn CRS grading scale, grade 3",
      "hypotension treated with multiple (2 or more) fluid boluses in 24 h"},
     [](const LegacyFacts& f) { return f.hypotension && f.fluid_boluses >= kPennMultipleBoluses; }},
    {{"PENN.CRS.HYPOTENSION.LOW_DOSE_VASOPRESSORS", 3, kPenn,
      "Penn CRS grading scale, grade 3; high-dose table of Lee 2014 (UNCONFIRMED)",
      "hypotension treated with low-dose vasopressors (below the high-dose table)", true},
     [](const LegacyFacts& f) { return f.vasopressors > 0 && !f.high_dose; }},
    {{"PENN.CRS.COAGULOPATHY", 3, kPenn, "Penn CRS grading scale, grade 3",
      "coagulopathy needing fresh frozen plasma, cryoprecipitate or fibrinogen concentrate"},
     [](const LegacyFacts& f) { return f.coagulopathy; }},
    {{"PENN.CRS.HYPOXIA.SUPPLEMENTAL_OXYGEN", 3, kPenn, "Penn CRS grading scale, grade 3",
      "hypoxia needing any supplemental oxygen (nasal cannula, blow-by, high flow, masks, CPAP "
      "or BiPAP)"},
     [](const LegacyFacts& f) {
       return f.oxygen == LegacyOxygen::kSupplemental || f.oxygen == LegacyOxygen::kNonInvasive;
     }},
    {{"PENN.CRS.HYPOTENSION.HIGH_DOSE", 4, kPenn,
      "Penn CRS grading scale, grade 4; high-dose table of Lee 2014 (UNCONFIRMED)",
      "hypotension needing high-dose vasopressors (Lee 2014 table, held 3 h or more)", true},
     [](const LegacyFacts& f) { return f.high_dose; }},
    {{"PENN.CRS.HYPOXIA.MECHANICAL_VENTILATION", 4, kPenn, "Penn CRS grading scale, grade 4",
      "hypoxia needing mechanical ventilation"},
     [](const LegacyFacts& f) { return f.oxygen == LegacyOxygen::kMechanicalVentilation; }},
}};

constexpr auto kRuleInfos = RuleInfos(kRules);

void AddFlags(const LegacyFacts& facts, FlagSet& flags) {
  if (facts.fever) flags.Add(FlagId::kFeverAsMildSymptom);
  if (facts.hypotension && facts.vasopressors == 0 && facts.fluid_boluses < kPennMultipleBoluses) {
    flags.Add(FlagId::kPennHypotensionFewBoluses);
  }
}

}  // namespace

SyndromeGrading GradeCrsPenn(const Assessment& assessment) noexcept {
  return GradeLegacy(kRules, assessment, AddFlags);
}

std::span<const RuleInfo* const> CrsPennRules() noexcept { return kRuleInfos; }

}  // namespace cartwatch::core::internal
