// Properties of ASTCT 2019 grading that must hold for every valid assessment, checked on
// generated ones: worse findings never give a lower grade, the grade is the maximum of the rules
// that fired, grading is deterministic, and missing data only ever widens the grade range.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "assessment_generators.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/validate.h"

namespace cartwatch::property {
namespace {

using core::Assessment;
using core::Consciousness;
using core::Grading;
using core::IcpFinding;
using core::MotorFinding;
using core::OxygenDevice;
using core::OxygenReason;
using core::Seizure;
using core::SyndromeGrading;
using core::Vasopressor;

std::string ValidationSummary(const Assessment& assessment) {
  std::string text;
  for (const core::Error& error : core::Validate(assessment)) {
    text += std::string(error.name()) + " " + error.field + " (" + error.value +
            "): " + error.message + "\n";
  }
  return text;
}

bool IsValid(const Assessment& assessment) { return core::Validate(assessment).empty(); }

std::string Summary(const SyndromeGrading& g) {
  std::ostringstream os;
  os << "assessed=" << g.assessed << " grade=" << g.grade << " max=" << g.max_possible_grade
     << " missing=0x" << std::hex << g.missing.bits() << " flags=0x" << g.flags.bits() << std::dec
     << " drivers=[";
  for (const core::RuleInfo* rule : g.drivers()) os << rule->id << ":" << rule->grade << " ";
  os << "]";
  return os.str();
}

std::string Summary(const Grading& g) {
  return "CRS {" + Summary(g.crs) + "} ICANS {" + Summary(g.icans) + "}";
}

// A worsened assessment must grade at least as high as the original, for both syndromes, and its
// most severe completion must be at least as severe. Preconditions: both pass Validate.
void CheckNotLowerBothValid(const Assessment& base, const Assessment& worse) {
  const Grading before = core::GradeAstct2019(base);
  const Grading after = core::GradeAstct2019(worse);
  RC_LOG() << "base:   " << Describe(base) << "\n        " << Summary(before) << "\n"
           << "worse:  " << Describe(worse) << "\n        " << Summary(after) << "\n";
  RC_ASSERT(after.crs.grade >= before.crs.grade);
  RC_ASSERT(after.icans.grade >= before.icans.grade);
  RC_ASSERT(after.crs.max_possible_grade >= before.crs.max_possible_grade);
  RC_ASSERT(after.icans.max_possible_grade >= before.icans.max_possible_grade);
}

// The same for generated pairs; pairs that Validate refuses are skipped, the property is about
// assessments a clinician could chart.
void CheckNotLower(const Assessment& base, const Assessment& worse) {
  RC_PRE(IsValid(base));
  RC_PRE(IsValid(worse));
  CheckNotLowerBothValid(base, worse);
}

Assessment AnyAssessment() { return *GenAssessment(Completeness::kSomeMissing); }

// Two different values from `gen`, smaller first.
template <typename T>
std::pair<T, T> OrderedPair(const rc::Gen<T>& gen) {
  const T a = *gen;
  const T b = *rc::gen::distinctFrom(gen, a);
  return a < b ? std::pair<T, T>{a, b} : std::pair<T, T>{b, a};
}

// Makes the ICANS encephalopathy score applicable: an age that picks the tool, and a level of
// consciousness that lets the patient be scored.
void MakeScoreable(Assessment& a) {
  if (!a.age_years) a.age_years = *GenAgeYears();
  if (a.neuro.consciousness == Consciousness::kUnarousable) {
    a.neuro.consciousness =
        *rc::gen::element(Consciousness::kAlert, Consciousness::kAwakensSpontaneously,
                          Consciousness::kAwakensToVoice, Consciousness::kAwakensToTouch);
  }
}

int SeizureRank(Seizure seizure) {
  switch (seizure) {
    case Seizure::kNone:
      return 0;
    case Seizure::kRapidlyResolving:
    case Seizure::kNonconvulsiveEegResolving:
      return 1;
    case Seizure::kProlongedOver5Min:
    case Seizure::kRepetitiveWithoutReturn:
      return 2;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The generators keep their promise (otherwise every other property would silently discard).

RC_GTEST_PROP(Generators, AssessmentsPassValidate, ()) {
  const Assessment a = AnyAssessment();
  const std::string errors = ValidationSummary(a);
  if (!errors.empty()) RC_FAIL("Validate refused " + Describe(a) + ":\n" + errors);
}

RC_GTEST_PROP(Generators, CompleteAssessmentsPassValidate, ()) {
  const Assessment a = *GenAssessment(Completeness::kComplete);
  const std::string errors = ValidationSummary(a);
  if (!errors.empty()) RC_FAIL("Validate refused " + Describe(a) + ":\n" + errors);
}

// ---------------------------------------------------------------------------------------------
// Worsening one input never lowers a grade.

RC_GTEST_PROP(Worsening, HigherTemperature, ()) {
  Assessment base = AnyAssessment();
  const auto [low, high] = OrderedPair(GenTemperatureCelsius());
  base.temperature_celsius = low;
  Assessment worse = base;
  worse.temperature_celsius = high;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, FeverNoLongerExplainedByOtherCause, ()) {
  Assessment base = AnyAssessment();
  base.fever_other_cause = true;
  Assessment worse = base;
  // Absent means "no other cause documented", the same as false.
  worse.fever_other_cause = *rc::gen::element<std::optional<bool>>(false, std::nullopt);
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, FeverMaskedByTherapy, ()) {
  Assessment base = AnyAssessment();
  base.fever_masked = false;
  Assessment worse = base;
  worse.fever_masked = true;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, Hypotension, ()) {
  Assessment base = AnyAssessment();
  base.hypotension = false;
  base.vasopressors =
      *rc::gen::element<std::optional<core::VasopressorSet>>(std::nullopt, core::VasopressorSet{});
  Assessment worse = base;
  worse.hypotension = true;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, AddedVasopressor, ()) {
  Assessment base = AnyAssessment();
  // Vasopressors contradict hypotension charted as absent.
  if (base.hypotension == false) {
    base.hypotension = *rc::gen::element<std::optional<bool>>(true, std::nullopt);
  }
  base.vasopressors = *rc::gen::suchThat(
      GenVasopressors(), [](core::VasopressorSet s) { return s.Count() < s.size(); });
  const Vasopressor added =
      *rc::gen::suchThat(rc::gen::element(Vasopressor::kNorepinephrine, Vasopressor::kEpinephrine,
                                          Vasopressor::kPhenylephrine, Vasopressor::kDopamine,
                                          Vasopressor::kVasopressin),
                         [&](Vasopressor v) { return !base.vasopressors->Contains(v); });
  Assessment worse = base;
  worse.vasopressors->Add(added);
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, OxygenAttributedToCrs, ()) {
  Assessment base = AnyAssessment();
  base.oxygen = *GenOxygen();
  base.oxygen->reason = *rc::gen::element(OxygenReason::kOther, OxygenReason::kAirwayProtection);
  Assessment worse = base;
  // Absent reason counts as CRS hypoxia (ASTCT 2019 fn 3 reading in the design).
  worse.oxygen->reason =
      *rc::gen::element<std::optional<OxygenReason>>(OxygenReason::kCrs, std::nullopt);
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, MoreIntensiveOxygenDevice, ()) {
  Assessment base = AnyAssessment();
  base.oxygen = *rc::gen::suchThat(GenOxygen(),
                                   [](const core::OxygenSupport& o) { return OxygenTier(o) < 3; });
  RC_PRE(IsValid(base));
  const int base_tier = OxygenTier(*base.oxygen);
  // Every more intensive device, at no flow, low flow, the 6 L/min boundary and high flow.
  for (int d = 0; d <= static_cast<int>(OxygenDevice::kMechanicalVentilation); ++d) {
    for (const std::optional<double> flow :
         {std::optional<double>{}, std::optional<double>{2.0}, std::optional<double>{6.0},
          std::optional<double>{6.5}, std::optional<double>{40.0}}) {
      Assessment worse = base;
      worse.oxygen->device = static_cast<OxygenDevice>(d);
      worse.oxygen->flow_l_per_min = flow;  // the reason stays: only the device changes
      if (OxygenTier(*worse.oxygen) <= base_tier || !IsValid(worse)) continue;
      CheckNotLowerBothValid(base, worse);
    }
  }
}

RC_GTEST_PROP(Worsening, HigherFlowOnSameDevice, ()) {
  Assessment base = AnyAssessment();
  base.oxygen = *rc::gen::suchThat(GenOxygen(), [](const core::OxygenSupport& o) {
    return o.device != OxygenDevice::kRoomAir;  // room air takes no flow
  });
  const auto [low, high] = OrderedPair(GenFlowLitresPerMinute(base.oxygen->device));
  base.oxygen->flow_l_per_min = low;
  Assessment worse = base;
  worse.oxygen->flow_l_per_min = high;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, LowerIceScore, ()) {
  Assessment base = AnyAssessment();
  MakeScoreable(base);
  const IceEvidence ice = *GenIce(/*unarousable=*/false, Completeness::kSomeMissing);
  base.neuro.ice_items = ice.items;
  base.neuro.ice_total = ice.total;

  // Possible single-finding moves: lower one recorded item (and the charted total with it, so
  // the two stay consistent), or lower a total that the recorded items do not pin down.
  const int present_sum = ice.items ? SumPresentIceItems(*ice.items) : 0;
  std::vector<int> moves;  // 0..4: item index; 5: total alone
  for (int i = 0; ice.items && i < 5; ++i) {
    if (IceItem(*ice.items, i).value_or(0) > 0) moves.push_back(i);
  }
  if (ice.total && *ice.total > present_sum) moves.push_back(5);
  RC_PRE(!moves.empty());

  Assessment worse = base;
  const int move = *rc::gen::elementOf(moves);
  if (move == 5) {
    worse.neuro.ice_total = *IntBetween(present_sum, *ice.total - 1);
  } else {
    std::optional<int>& item = IceItem(*worse.neuro.ice_items, move);
    const int lowered = *IntBetween(0, *item - 1);
    if (worse.neuro.ice_total) *worse.neuro.ice_total -= *item - lowered;
    item = lowered;
  }
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, HigherCapd, ()) {
  Assessment base = AnyAssessment();
  MakeScoreable(base);
  const auto [low, high] = OrderedPair(IntBetween(0, core::kCapdTotalMax));
  base.neuro.capd_total = low;
  Assessment worse = base;
  worse.neuro.capd_total = high;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, DepressedConsciousness, ()) {
  Assessment base = AnyAssessment();
  const int low = *IntBetween(0, 3);
  const int high = *IntBetween(low + 1, 4);
  base.neuro.consciousness = static_cast<Consciousness>(low);
  Assessment worse = base;
  worse.neuro.consciousness = static_cast<Consciousness>(high);
  // An unarousable patient cannot have scored above 0 on ICE.
  RC_PRE(worse.neuro.consciousness != Consciousness::kUnarousable ||
         IceCompatibleWithUnarousable(worse.neuro));
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, WorseSeizure, ()) {
  const auto all = rc::gen::element(Seizure::kNone, Seizure::kRapidlyResolving,
                                    Seizure::kNonconvulsiveEegResolving,
                                    Seizure::kProlongedOver5Min, Seizure::kRepetitiveWithoutReturn);
  Assessment base = AnyAssessment();
  base.neuro.seizure = *rc::gen::suchThat(all, [](Seizure s) { return SeizureRank(s) < 2; });
  Assessment worse = base;
  worse.neuro.seizure = *rc::gen::suchThat(
      all, [&](Seizure s) { return SeizureRank(s) > SeizureRank(*base.neuro.seizure); });
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, DeepFocalMotorWeakness, ()) {
  Assessment base = AnyAssessment();
  base.neuro.motor = MotorFinding::kNone;
  Assessment worse = base;
  worse.neuro.motor = MotorFinding::kDeepFocalWeakness;
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, AddedIcpFinding, ()) {
  Assessment base = AnyAssessment();
  base.neuro.icp = *rc::gen::suchThat(
      GenIcp(), [](core::IcpFindingSet s) { return s.Count() < core::IcpFindingSet::size(); });
  const IcpFinding added =
      *rc::gen::suchThat(rc::gen::element(IcpFinding::kFocalEdema, IcpFinding::kDiffuseEdema,
                                          IcpFinding::kPosturing, IcpFinding::kCranialNerveSixPalsy,
                                          IcpFinding::kPapilledema, IcpFinding::kCushingsTriad),
                         [&](IcpFinding f) { return !base.neuro.icp->Contains(f); });
  Assessment worse = base;
  worse.neuro.icp->Add(added);
  CheckNotLower(base, worse);
}

RC_GTEST_PROP(Worsening, CrsDeath, ()) {
  Assessment base = AnyAssessment();
  base.crs_death = *rc::gen::element<std::optional<bool>>(false, std::nullopt);
  Assessment worse = base;
  worse.crs_death = true;
  CheckNotLower(base, worse);
  RC_ASSERT(core::GradeCrsAstct2019(worse).grade == 5);
}

RC_GTEST_PROP(Worsening, IcansDeath, ()) {
  Assessment base = AnyAssessment();
  base.icans_death = *rc::gen::element<std::optional<bool>>(false, std::nullopt);
  Assessment worse = base;
  worse.icans_death = true;
  CheckNotLower(base, worse);
  RC_ASSERT(core::GradeIcansAstct2019(worse).grade == 5);
}

// ---------------------------------------------------------------------------------------------
// The grade is explained by its drivers.

void CheckDrivers(const SyndromeGrading& g, std::span<const core::RuleInfo* const> table) {
  RC_ASSERT(g.driver_count >= 0);
  RC_ASSERT(g.driver_count <= core::kMaxDrivers);
  int max_driver_grade = 0;
  std::ptrdiff_t previous_index = -1;
  for (const core::RuleInfo* rule : g.drivers()) {
    RC_ASSERT(rule != nullptr);
    RC_ASSERT(rule->grade >= 0);
    RC_ASSERT(rule->grade <= 5);
    max_driver_grade = std::max(max_driver_grade, rule->grade);
    // Every driver is a row of this syndrome's table, listed in table order, once.
    const auto it = std::find_if(table.begin(), table.end(),
                                 [&](const core::RuleInfo* row) { return row->id == rule->id; });
    RC_ASSERT(it != table.end());
    const std::ptrdiff_t index = it - table.begin();
    RC_ASSERT(index > previous_index);
    previous_index = index;
  }
  RC_ASSERT(g.grade == max_driver_grade);
}

RC_GTEST_PROP(Drivers, GradeIsMaximumOfDriverGrades, ()) {
  const Assessment a = AnyAssessment();
  RC_PRE(IsValid(a));
  const Grading g = core::GradeAstct2019(a);
  RC_LOG() << Describe(a) << "\n" << Summary(g) << "\n";
  CheckDrivers(g.crs, core::CrsAstct2019Rules());
  CheckDrivers(g.icans, core::IcansAstct2019Rules());
}

// ---------------------------------------------------------------------------------------------
// Grading is a pure function of the assessment.

bool SameSyndrome(const SyndromeGrading& a, const SyndromeGrading& b) {
  return a.assessed == b.assessed && a.grade == b.grade &&
         a.max_possible_grade == b.max_possible_grade && a.missing == b.missing &&
         a.flags == b.flags && std::ranges::equal(a.drivers(), b.drivers());
}

bool SameIcans(const core::IcansGrading& a, const core::IcansGrading& b) {
  return SameSyndrome(a, b) && a.tool == b.tool && a.ice_score == b.ice_score &&
         a.ice_min == b.ice_min && a.ice_max == b.ice_max && a.capd_score == b.capd_score;
}

RC_GTEST_PROP(Determinism, SameInputSameResult, ()) {
  const Assessment a = AnyAssessment();
  RC_PRE(IsValid(a));
  const Assessment copy = a;
  const Grading first = core::GradeAstct2019(a);
  const Grading second = core::GradeAstct2019(copy);
  RC_LOG() << Summary(first) << "\n" << Summary(second) << "\n";
  RC_ASSERT(SameSyndrome(first.crs, second.crs));
  RC_ASSERT(SameIcans(first.icans, second.icans));
  // The per-syndrome entry points agree with the combined one.
  RC_ASSERT(SameSyndrome(first.crs, core::GradeCrsAstct2019(a)));
  RC_ASSERT(SameIcans(first.icans, core::GradeIcansAstct2019(a)));
}

// ---------------------------------------------------------------------------------------------
// Missing data: the grade is a lower bound of the true grade, and max_possible_grade an upper
// bound.

void CheckBounds(const SyndromeGrading& g) {
  RC_ASSERT(g.grade >= 0);
  RC_ASSERT(g.grade <= g.max_possible_grade);
  RC_ASSERT(g.max_possible_grade <= 5);
  RC_ASSERT(g.lower_bound() == (g.max_possible_grade > g.grade));
  // A grade that could still rise must say which finding would raise it.
  if (g.lower_bound()) RC_ASSERT(!g.missing.Empty());
}

RC_GTEST_PROP(MissingData, GradeNeverAboveMaxPossible, ()) {
  const Assessment a = AnyAssessment();
  RC_PRE(IsValid(a));
  const Grading g = core::GradeAstct2019(a);
  RC_LOG() << Describe(a) << "\n" << Summary(g) << "\n";
  CheckBounds(g.crs);
  CheckBounds(g.icans);
}

RC_GTEST_PROP(MissingData, CompleteAssessmentIsNeverALowerBound, ()) {
  const Assessment a = *GenAssessment(Completeness::kComplete);
  RC_PRE(IsValid(a));
  const Grading g = core::GradeAstct2019(a);
  RC_LOG() << Describe(a) << "\n" << Summary(g) << "\n";
  RC_ASSERT(!g.crs.lower_bound());
  RC_ASSERT(!g.icans.lower_bound());
  RC_ASSERT(g.crs.missing.Empty());
  RC_ASSERT(g.icans.missing.Empty());
}

// Findings that can be absent and filled in on their own. Deaths and fever_other_cause are not
// here: the design reads their absence as "no", not as unknown.
enum class Finding {
  kTemperature,
  kFeverMasked,
  kHypotension,
  kVasopressors,
  kOxygen,
  kAge,
  kIce,  // items and total together
  kIceItem,
  kCapd,
  kConsciousness,
  kSeizure,
  kMotor,
  kIcp,
};

// The values ICE item `index` can take given the rest of the ICE record, as [low, high];
// low > high when none fits.
std::pair<int, int> IceItemRoom(const core::NeuroAssessment& neuro, int index) {
  const int item_max = IceItemMax(index);
  if (!neuro.ice_total) return {0, item_max};
  const int present = SumPresentIceItems(*neuro.ice_items);
  const int absent_others = MaxOfAbsentIceItems(*neuro.ice_items) - item_max;
  return {std::max(0, *neuro.ice_total - present - absent_others),
          std::min(item_max, *neuro.ice_total - present)};
}

// Absent ICE items that can be filled without contradicting the ICE total or consciousness.
std::vector<int> OpenIceItems(const core::NeuroAssessment& n) {
  std::vector<int> open;
  if (!n.ice_items) return open;
  const bool unarousable = n.consciousness == Consciousness::kUnarousable;
  for (int i = 0; i < 5; ++i) {
    const auto [low, high] = IceItemRoom(n, i);
    if (!IceItem(*n.ice_items, i) && low <= high && (!unarousable || low == 0)) {
      open.push_back(i);
    }
  }
  return open;
}

std::vector<Finding> AbsentFindings(const Assessment& a) {
  const core::NeuroAssessment& n = a.neuro;
  std::vector<Finding> absent;
  if (!a.temperature_celsius) absent.push_back(Finding::kTemperature);
  if (!a.fever_masked) absent.push_back(Finding::kFeverMasked);
  if (!a.hypotension) absent.push_back(Finding::kHypotension);
  if (!a.vasopressors) absent.push_back(Finding::kVasopressors);
  if (!a.oxygen) absent.push_back(Finding::kOxygen);
  if (!a.age_years) absent.push_back(Finding::kAge);
  // ICE and CAPD can only be charted once age has picked the tool.
  if (a.age_years && !n.ice_items && !n.ice_total) absent.push_back(Finding::kIce);
  if (!OpenIceItems(n).empty()) absent.push_back(Finding::kIceItem);
  if (a.age_years && !n.capd_total) absent.push_back(Finding::kCapd);
  if (!n.consciousness) absent.push_back(Finding::kConsciousness);
  if (!n.seizure) absent.push_back(Finding::kSeizure);
  if (!n.motor) absent.push_back(Finding::kMotor);
  if (!n.icp) absent.push_back(Finding::kIcp);
  return absent;
}

// `a` with `finding` set to a generated value that keeps it valid.
Assessment FillIn(const Assessment& a, Finding finding) {
  Assessment filled = a;
  const core::NeuroAssessment& n = a.neuro;
  core::NeuroAssessment& fn = filled.neuro;
  const bool unarousable = n.consciousness == Consciousness::kUnarousable;
  switch (finding) {
    case Finding::kTemperature:
      filled.temperature_celsius = *GenTemperatureCelsius();
      break;
    case Finding::kFeverMasked:
      filled.fever_masked = *rc::gen::arbitrary<bool>();
      break;
    case Finding::kHypotension:
      // Running pressors already say the patient is hypotensive.
      filled.hypotension =
          (a.vasopressors && !a.vasopressors->Empty()) ? true : *rc::gen::arbitrary<bool>();
      break;
    case Finding::kVasopressors:
      filled.vasopressors = a.hypotension == false ? core::VasopressorSet{} : *GenVasopressors();
      break;
    case Finding::kOxygen:
      filled.oxygen = *GenOxygen();
      break;
    case Finding::kAge:
      filled.age_years = *GenAgeYears();
      break;
    case Finding::kIce: {
      const IceEvidence ice = *GenIce(unarousable, Completeness::kSomeMissing);
      fn.ice_items = ice.items;
      fn.ice_total = ice.total;
      break;
    }
    case Finding::kIceItem: {
      const int index = *rc::gen::elementOf(OpenIceItems(n));
      const auto [low, high] = IceItemRoom(n, index);
      IceItem(*fn.ice_items, index) = unarousable ? 0 : *IntBetween(low, high);
      break;
    }
    case Finding::kCapd:
      fn.capd_total = *IntBetween(0, core::kCapdTotalMax);
      break;
    case Finding::kConsciousness:
      fn.consciousness = *rc::gen::suchThat(GenConsciousness(), [&](Consciousness c) {
        return c != Consciousness::kUnarousable || IceCompatibleWithUnarousable(n);
      });
      break;
    case Finding::kSeizure:
      fn.seizure = *GenSeizure();
      break;
    case Finding::kMotor:
      fn.motor = *GenMotor();
      break;
    case Finding::kIcp:
      fn.icp = *GenIcp();
      break;
  }
  return filled;
}

// Findings recorded in `a` that can be removed on their own and leave a valid assessment.
std::vector<Finding> RemovableFindings(const Assessment& a) {
  const core::NeuroAssessment& n = a.neuro;
  std::vector<Finding> present;
  if (a.temperature_celsius) present.push_back(Finding::kTemperature);
  if (a.fever_masked) present.push_back(Finding::kFeverMasked);
  if (a.hypotension) present.push_back(Finding::kHypotension);
  if (a.vasopressors) present.push_back(Finding::kVasopressors);
  if (a.oxygen) present.push_back(Finding::kOxygen);
  if (n.ice_items || n.ice_total) present.push_back(Finding::kIce);
  if (n.ice_items && !n.ice_total) present.push_back(Finding::kIceItem);
  if (n.capd_total) present.push_back(Finding::kCapd);
  if (n.consciousness) present.push_back(Finding::kConsciousness);
  if (n.seizure) present.push_back(Finding::kSeizure);
  if (n.motor) present.push_back(Finding::kMotor);
  if (n.icp) present.push_back(Finding::kIcp);
  // Age is not removable alone: a recorded ICE or CAPD requires it.
  if (a.age_years && !n.ice_items && !n.ice_total && !n.capd_total) {
    present.push_back(Finding::kAge);
  }
  return present;
}

Assessment Remove(const Assessment& a, Finding finding) {
  Assessment removed = a;
  core::NeuroAssessment& n = removed.neuro;
  switch (finding) {
    case Finding::kTemperature:
      removed.temperature_celsius.reset();
      break;
    case Finding::kFeverMasked:
      removed.fever_masked.reset();
      break;
    case Finding::kHypotension:
      removed.hypotension.reset();
      break;
    case Finding::kVasopressors:
      removed.vasopressors.reset();
      break;
    case Finding::kOxygen:
      removed.oxygen.reset();
      break;
    case Finding::kAge:
      removed.age_years.reset();
      break;
    case Finding::kIce:
      n.ice_items.reset();
      n.ice_total.reset();
      break;
    case Finding::kIceItem:
      IceItem(*n.ice_items, *IntBetween(0, 4)).reset();
      break;
    case Finding::kCapd:
      n.capd_total.reset();
      break;
    case Finding::kConsciousness:
      n.consciousness.reset();
      break;
    case Finding::kSeizure:
      n.seizure.reset();
      break;
    case Finding::kMotor:
      n.motor.reset();
      break;
    case Finding::kIcp:
      n.icp.reset();
      break;
  }
  return removed;
}

// Knowing one more finding can only narrow the range of possible grades: the better-informed
// grade lies in [grade, max_possible_grade] of the less-informed one.
void CheckNarrowed(const SyndromeGrading& before, const SyndromeGrading& after) {
  RC_ASSERT(after.grade >= before.grade);
  RC_ASSERT(after.grade <= before.max_possible_grade);
  RC_ASSERT(after.max_possible_grade <= before.max_possible_grade);
}

// Preconditions: both assessments pass Validate.
void CheckMoreKnownNarrows(const Assessment& less_known, const Assessment& more_known) {
  const Grading before = core::GradeAstct2019(less_known);
  const Grading after = core::GradeAstct2019(more_known);
  RC_LOG() << "less known: " << Describe(less_known) << "\n            " << Summary(before)
           << "\nmore known: " << Describe(more_known) << "\n            " << Summary(after)
           << "\n";
  CheckNarrowed(before.crs, after.crs);
  CheckNarrowed(before.icans, after.icans);
}

RC_GTEST_PROP(MissingData, FillingAFindingStaysWithinPreviousBounds, ()) {
  const Assessment base = AnyAssessment();
  const std::vector<Finding> absent = AbsentFindings(base);
  RC_PRE(!absent.empty());
  const Assessment filled = FillIn(base, *rc::gen::elementOf(absent));
  RC_PRE(IsValid(base));
  RC_PRE(IsValid(filled));
  CheckMoreKnownNarrows(base, filled);
}

// The sharpest form: one finding missing from an otherwise complete chart, for every finding
// of the chart in turn. Both the charted value and another valid value must lie inside the range
// reported without it.
RC_GTEST_PROP(MissingData, OneFindingMissingFromACompleteChart, ()) {
  const Assessment complete = *GenAssessment(Completeness::kComplete);
  RC_PRE(IsValid(complete));
  for (const Finding finding : RemovableFindings(complete)) {
    const Assessment gap = Remove(complete, finding);
    if (!IsValid(gap)) continue;
    CheckMoreKnownNarrows(gap, complete);
    const Assessment refilled = FillIn(gap, finding);
    if (IsValid(refilled)) CheckMoreKnownNarrows(gap, refilled);
  }
}

}  // namespace
}  // namespace cartwatch::property
