// ASTCT 2019 ICANS grading (Lee DW et al., BBMT 2019;25:625-638: ICE score, adult and paediatric
// ICANS tables and their footnotes). See docs/clinical/astct-2019.md.
#include <array>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/ice_score.h"
#include "cartwatch/core/limits.h"
#include "rule_table.h"

namespace cartwatch::core {
namespace {

using internal::Completion;

// The findings the ICANS table reads. `ice` and `capd` are set only for the tool that applies.
struct IcansFacts {
  std::optional<int> ice;
  std::optional<int> capd;
  Consciousness consciousness = Consciousness::kAlert;
  Seizure seizure = Seizure::kNone;
  MotorFinding motor = MotorFinding::kNone;
  IcpFindingSet icp;
  bool death = false;

  friend bool operator==(const IcansFacts&, const IcansFacts&) = default;
};

constexpr bool IceBetween(const IcansFacts& f, int low, int high) {
  return f.ice && *f.ice >= low && *f.ice <= high;
}
constexpr bool CapdBetween(const IcansFacts& f, int low, int high) {
  return f.capd && *f.capd >= low && *f.capd <= high;
}

constexpr SourceId kAstct = SourceId::kAstct2019;

// One row per cell of the ICANS table; the grade is the most severe domain (footnote 1).
constexpr std::array<Rule<IcansFacts>, 21> kIcansRules{{
    {{"ASTCT2019.ICANS.ICE.GRADE1", 1, kAstct, "ICANS table, ICE score, grade 1", "ICE 7-9"},
     [](const IcansFacts& f) { return IceBetween(f, 7, 9); }},
    {{"ASTCT2019.ICANS.ICE.GRADE2", 2, kAstct, "ICANS table, ICE score, grade 2", "ICE 3-6"},
     [](const IcansFacts& f) { return IceBetween(f, 3, 6); }},
    {{"ASTCT2019.ICANS.ICE.GRADE3", 3, kAstct,
      "ICANS table, ICE score, grade 3; footnote: ICE 0 in an awake patient is grade 3",
      "ICE 0-2 in a patient who is awake"},
     [](const IcansFacts& f) {
       return IceBetween(f, 0, 2) && f.consciousness != Consciousness::kUnarousable;
     }},
    {{"ASTCT2019.ICANS.ICE.GRADE4", 4, kAstct, "ICANS table, ICE score, grade 4",
      "ICE 0 because the patient is unarousable and cannot perform ICE"},
     [](const IcansFacts& f) {
       return IceBetween(f, 0, 0) && f.consciousness == Consciousness::kUnarousable;
     }},
    {{"ASTCT2019.ICANS.CAPD.GRADE1", 1, kAstct,
      "Paediatric ICANS table, CAPD, grades 1-2 (level of consciousness separates 1 from 2)",
      "CAPD 1-8"},
     [](const IcansFacts& f) { return CapdBetween(f, 1, kCapdGrade3MinScore - 1); }},
    {{"ASTCT2019.ICANS.CAPD.GRADE3", 3, kAstct, "Paediatric ICANS table, CAPD, grade 3",
      "CAPD 9 or more"},
     [](const IcansFacts& f) { return CapdBetween(f, kCapdGrade3MinScore, kCapdTotalMax); }},
    {{"ASTCT2019.ICANS.CONSCIOUSNESS.SPONTANEOUS", 1, kAstct,
      "ICANS table, depressed level of consciousness, grade 1", "awakens spontaneously"},
     [](const IcansFacts& f) { return f.consciousness == Consciousness::kAwakensSpontaneously; }},
    {{"ASTCT2019.ICANS.CONSCIOUSNESS.VOICE", 2, kAstct,
      "ICANS table, depressed level of consciousness, grade 2", "awakens to voice"},
     [](const IcansFacts& f) { return f.consciousness == Consciousness::kAwakensToVoice; }},
    {{"ASTCT2019.ICANS.CONSCIOUSNESS.TOUCH", 3, kAstct,
      "ICANS table, depressed level of consciousness, grade 3", "awakens only to tactile stimulus"},
     [](const IcansFacts& f) { return f.consciousness == Consciousness::kAwakensToTouch; }},
    {{"ASTCT2019.ICANS.CONSCIOUSNESS.UNAROUSABLE", 4, kAstct,
      "ICANS table, depressed level of consciousness, grade 4",
      "unarousable or needing vigorous or repetitive stimuli to arouse; stupor or coma"},
     [](const IcansFacts& f) { return f.consciousness == Consciousness::kUnarousable; }},
    {{"ASTCT2019.ICANS.SEIZURE.RAPIDLY_RESOLVING", 3, kAstct, "ICANS table, seizure, grade 3",
      "any clinical seizure, focal or generalised, that resolves rapidly"},
     [](const IcansFacts& f) { return f.seizure == Seizure::kRapidlyResolving; }},
    {{"ASTCT2019.ICANS.SEIZURE.NONCONVULSIVE_EEG", 3, kAstct, "ICANS table, seizure, grade 3",
      "non-convulsive seizure on EEG that resolves with intervention"},
     [](const IcansFacts& f) { return f.seizure == Seizure::kNonconvulsiveEegResolving; }},
    {{"ASTCT2019.ICANS.SEIZURE.PROLONGED", 4, kAstct, "ICANS table, seizure, grade 4",
      "life-threatening prolonged seizure (> 5 min)"},
     [](const IcansFacts& f) { return f.seizure == Seizure::kProlongedOver5Min; }},
    {{"ASTCT2019.ICANS.SEIZURE.REPETITIVE", 4, kAstct, "ICANS table, seizure, grade 4",
      "repetitive clinical or electrical seizures without return to baseline in between"},
     [](const IcansFacts& f) { return f.seizure == Seizure::kRepetitiveWithoutReturn; }},
    {{"ASTCT2019.ICANS.MOTOR.DEEP_FOCAL_WEAKNESS", 4, kAstct,
      "ICANS table, motor findings, grade 4",
      "deep focal motor weakness such as hemiparesis or paraparesis"},
     [](const IcansFacts& f) { return f.motor == MotorFinding::kDeepFocalWeakness; }},
    {{"ASTCT2019.ICANS.ICP.FOCAL_EDEMA", 3, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 3",
      "focal or local oedema on neuroimaging"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kFocalEdema); }},
    {{"ASTCT2019.ICANS.ICP.DIFFUSE_EDEMA", 4, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 4",
      "diffuse cerebral oedema on neuroimaging"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kDiffuseEdema); }},
    {{"ASTCT2019.ICANS.ICP.POSTURING", 4, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 4",
      "decerebrate or decorticate posturing"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kPosturing); }},
    {{"ASTCT2019.ICANS.ICP.CN6_PALSY", 4, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 4", "cranial nerve VI palsy"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kCranialNerveSixPalsy); }},
    {{"ASTCT2019.ICANS.ICP.PAPILLEDEMA", 4, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 4", "papilloedema"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kPapilledema); }},
    {{"ASTCT2019.ICANS.ICP.CUSHINGS_TRIAD", 4, kAstct,
      "ICANS table, elevated ICP / cerebral oedema, grade 4", "Cushing's triad"},
     [](const IcansFacts& f) { return f.icp.Contains(IcpFinding::kCushingsTriad); }},
}};

// Grade 5 sits outside the domain table (ICANS footnote 7, docs/clinical/astct-2019.md).
constexpr std::array<Rule<IcansFacts>, 1> kIcansDeathRule{{
    {{"ASTCT2019.ICANS.DEATH", 5, kAstct, "ICANS grade 5 (footnote 7)",
      "death due to ICANS, with no other cause as the main reason"},
     [](const IcansFacts& f) { return f.death; }},
}};

constexpr auto kIcansRuleInfos = [] {
  std::array<const RuleInfo*, kIcansRules.size() + 1> infos{};
  for (std::size_t i = 0; i < kIcansRules.size(); ++i) infos[i] = &kIcansRules[i].info;
  infos.back() = &kIcansDeathRule[0].info;
  return infos;
}();

// ICE from age 12; CAPD below 12 or with baseline developmental delay (ASTCT 2019 paediatric ICANS
// table).
EncephalopathyTool ToolFor(const Assessment& a) {
  if (!a.age_years) return EncephalopathyTool::kUndetermined;
  const bool child = *a.age_years < kIceAgeThresholdYears;
  return child || a.neuro.developmental_delay == true ? EncephalopathyTool::kCapd
                                                      : EncephalopathyTool::kIce;
}

IcansFacts Resolve(const Assessment& a, EncephalopathyTool tool, Completion completion) {
  const bool most = completion == Completion::kMostSevere;
  const NeuroAssessment& neuro = a.neuro;
  IcansFacts facts;
  // A recorded CAPD, or an ICE above 0, shows the patient could be assessed: not unarousable.
  const auto ice_range = IceRangeOf(neuro);
  const bool was_assessable = neuro.capd_total || (ice_range && ice_range->min > 0);
  const Consciousness worst_consciousness =
      was_assessable ? Consciousness::kAwakensToTouch : Consciousness::kUnarousable;
  facts.consciousness =
      neuro.consciousness.value_or(most ? worst_consciousness : Consciousness::kAlert);
  facts.seizure = neuro.seizure.value_or(most ? Seizure::kRepetitiveWithoutReturn : Seizure::kNone);
  facts.motor = neuro.motor.value_or(most ? MotorFinding::kDeepFocalWeakness : MotorFinding::kNone);
  facts.icp = neuro.icp.value_or(most ? IcpFindingSet{IcpFinding::kDiffuseEdema} : IcpFindingSet{});
  facts.death = a.icans_death.value_or(false);

  // An unarousable patient cannot do ICE or CAPD; consciousness grades them (grade 4).
  const bool score_possible = neuro.consciousness != Consciousness::kUnarousable;
  switch (tool) {
    case EncephalopathyTool::kIce:
      if (ice_range) {
        facts.ice = most ? ice_range->min : ice_range->max;  // a higher ICE is better
      } else if (score_possible) {
        facts.ice = most ? 0 : kIceTotalMax;
      }
      break;
    case EncephalopathyTool::kCapd:
      if (neuro.capd_total) {
        facts.capd = neuro.capd_total;
      } else if (score_possible) {
        facts.capd = most ? kCapdTotalMax : 0;  // a higher CAPD is worse
      }
      break;
    case EncephalopathyTool::kUndetermined:
      if (most && score_possible) facts.ice = 0;
      break;
  }
  return facts;
}

int Evaluate(const IcansFacts& facts, SyndromeGrading* fired) {
  const int domains = internal::EvaluateRules(kIcansRules, facts, fired);
  return std::max(domains, internal::EvaluateRules(kIcansDeathRule, facts, fired));
}

InputSet MissingIcansInputs(const Assessment& a, EncephalopathyTool tool) {
  const NeuroAssessment& neuro = a.neuro;
  InputSet missing;
  const bool score_possible = neuro.consciousness != Consciousness::kUnarousable;
  switch (tool) {
    case EncephalopathyTool::kUndetermined:
      missing.Add(InputId::kAgeYears);
      if (score_possible) missing.Add(InputId::kEncephalopathyScore);
      break;
    case EncephalopathyTool::kIce:
      if (neuro.ice_total) break;
      if (neuro.ice_items) {
        const IceItems& items = *neuro.ice_items;
        if (!items.orientation) missing.Add(InputId::kIceOrientation);
        if (!items.naming) missing.Add(InputId::kIceNaming);
        if (!items.commands) missing.Add(InputId::kIceCommands);
        if (!items.writing) missing.Add(InputId::kIceWriting);
        if (!items.attention) missing.Add(InputId::kIceAttention);
      } else if (score_possible) {
        missing.Add(InputId::kIce);
      }
      break;
    case EncephalopathyTool::kCapd:
      if (!neuro.capd_total && score_possible) missing.Add(InputId::kCapd);
      break;
  }
  if (!neuro.consciousness) missing.Add(InputId::kConsciousness);
  if (!neuro.seizure) missing.Add(InputId::kSeizure);
  if (!neuro.motor) missing.Add(InputId::kMotor);
  if (!neuro.icp) missing.Add(InputId::kIcp);
  return missing;
}

bool IcansAssessed(const Assessment& a) {
  const NeuroAssessment& n = a.neuro;
  return n.ice_items || n.ice_total || n.capd_total || n.consciousness || n.seizure || n.motor ||
         n.icp || a.icans_death;
}

// The grade of the ICE or CAPD rows alone: the other domains are set to normal so that only the
// encephalopathy score can differ between the two tools.
int EncephalopathyDomainGrade(const Assessment& a, EncephalopathyTool tool) {
  IcansFacts facts = Resolve(a, tool, Completion::kLeastSevere);
  if (facts.consciousness != Consciousness::kUnarousable)
    facts.consciousness = Consciousness::kAlert;
  facts.seizure = Seizure::kNone;
  facts.motor = MotorFinding::kNone;
  facts.icp = IcpFindingSet{};
  facts.death = false;
  return Evaluate(facts, nullptr);
}

void AddToolFlags(const Assessment& a, EncephalopathyTool tool, IcansGrading& result) {
  const NeuroAssessment& neuro = a.neuro;
  const bool has_ice = neuro.ice_items || neuro.ice_total;
  if (tool == EncephalopathyTool::kCapd && has_ice) result.flags.Add(FlagId::kIceNotApplicable);
  if (tool == EncephalopathyTool::kCapd && neuro.capd_total && *neuro.capd_total >= 1 &&
      *neuro.capd_total < kCapdGrade3MinScore && neuro.consciousness == Consciousness::kAlert) {
    result.flags.Add(FlagId::kCapdAlertAmbiguous);
  }
  if (tool != EncephalopathyTool::kIce || !neuro.capd_total) return;
  // ASTCT uses ICE at age 12, the NCI Thesaurus CAPD; flag when they disagree.
  const bool age_twelve = *a.age_years < kIceAgeThresholdYears + 1.0;
  const auto range = IceRangeOf(neuro);
  if (!age_twelve || !range || range->min != range->max) {
    result.flags.Add(FlagId::kCapdNotApplicable);
  } else if (EncephalopathyDomainGrade(a, EncephalopathyTool::kIce) !=
             EncephalopathyDomainGrade(a, EncephalopathyTool::kCapd)) {
    result.flags.Add(FlagId::kAgeTwelveIceCapdDisagree);
  }
}

}  // namespace

std::span<const RuleInfo* const> IcansAstct2019Rules() noexcept { return kIcansRuleInfos; }

IcansGrading GradeIcansAstct2019(const Assessment& assessment) noexcept {
  IcansGrading result;
  const EncephalopathyTool tool = ToolFor(assessment);
  result.tool = tool;
  result.assessed = IcansAssessed(assessment);
  result.missing = MissingIcansInputs(assessment, tool);

  const IcansFacts facts = Resolve(assessment, tool, Completion::kLeastSevere);
  result.grade = Evaluate(facts, &result);
  const IcansFacts worst = Resolve(assessment, tool, Completion::kMostSevere);
  // With nothing missing that matters the two completions agree: skip the second evaluation.
  result.max_possible_grade = worst == facts ? result.grade : Evaluate(worst, nullptr);

  if (tool == EncephalopathyTool::kIce) {
    if (auto range = IceRangeOf(assessment.neuro)) {
      if (range->complete()) {
        result.ice_score = range->min;
      } else {
        result.ice_min = range->min;
        result.ice_max = range->max;
      }
    }
  }
  if (tool == EncephalopathyTool::kCapd) result.capd_score = assessment.neuro.capd_total;
  AddToolFlags(assessment, tool, result);
  return result;
}

}  // namespace cartwatch::core
