#include "assessment_generators.h"

#include <array>
#include <sstream>
#include <string_view>
#include <utility>

#include "cartwatch/core/ice_score.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::property {
namespace {

using core::Consciousness;
using core::IcpFinding;
using core::MotorFinding;
using core::OxygenDevice;
using core::OxygenReason;
using core::Seizure;
using core::Vasopressor;

constexpr std::array<int, 5> kIceItemMaxima = {
    core::kIceOrientationMax, core::kIceNamingMax,    core::kIceCommandsMax,
    core::kIceWritingMax,     core::kIceAttentionMax,
};

// A value on a 0.1 grid: the resolution charts record temperature, flow and age in, and exact
// decimal boundaries (38.0, 6.0, 12.0) are reachable.
rc::Gen<double> Tenths(int low_tenths, int high_tenths) {
  return rc::gen::map(IntBetween(low_tenths, high_tenths),
                      [](int tenths) { return tenths / 10.0; });
}

rc::Gen<bool> Chance(std::size_t yes_weight, std::size_t no_weight) {
  return rc::gen::weightedElement<bool>({{yes_weight, true}, {no_weight, false}});
}

// Picks whether a finding is recorded. Complete assessments record every finding.
bool Recorded(Completeness completeness, std::size_t present_weight, std::size_t absent_weight) {
  if (completeness == Completeness::kComplete) return true;
  return *Chance(present_weight, absent_weight);
}

// A flag that is "not a finding": absent means false by the design (deaths, other cause, delay).
std::optional<bool> OptionalFlag(std::size_t absent, std::size_t no, std::size_t yes) {
  return *rc::gen::weightedElement<std::optional<bool>>(
      {{absent, std::nullopt}, {no, false}, {yes, true}});
}

int IceItemValue(int max) {
  return *rc::gen::weightedOneOf<int>(
      {{3, rc::gen::just(max)}, {2, IntBetween(0, max)}, {1, rc::gen::just(0)}});
}

core::IceItems FullIceItems(bool zero) {
  core::IceItems items;
  for (int i = 0; i < 5; ++i) IceItem(items, i) = zero ? 0 : IceItemValue(IceItemMax(i));
  return items;
}

template <typename E>
std::string_view Code(E value) {
  return core::TermOf(value).code;
}

void PutOptionalNumber(std::ostream& os, std::string_view key, const std::optional<double>& v) {
  os << ' ' << key << '=';
  if (v) {
    os << *v;
  } else {
    os << '-';
  }
}

void PutOptionalInt(std::ostream& os, std::string_view key, const std::optional<int>& v) {
  os << ' ' << key << '=';
  if (v) {
    os << *v;
  } else {
    os << '-';
  }
}

void PutOptionalBool(std::ostream& os, std::string_view key, const std::optional<bool>& v) {
  os << ' ' << key << '=' << (v ? (*v ? "true" : "false") : "-");
}

template <typename E>
void PutOptionalCode(std::ostream& os, std::string_view key, const std::optional<E>& v) {
  os << ' ' << key << '=';
  if (v) {
    os << Code(*v);
  } else {
    os << '-';
  }
}

template <typename E, int kSize>
void PutOptionalSet(std::ostream& os, std::string_view key,
                    const std::optional<core::EnumSet<E, kSize>>& set) {
  os << ' ' << key << '=';
  if (!set) {
    os << '-';
    return;
  }
  os << '[';
  bool first = true;
  for (int i = 0; i < kSize; ++i) {
    const E value = static_cast<E>(i);
    if (!set->Contains(value)) continue;
    os << (first ? "" : ",") << Code(value);
    first = false;
  }
  os << ']';
}

}  // namespace

rc::Gen<int> IntBetween(int low, int high) {
  return rc::gen::resize(rc::kNominalSize, rc::gen::inRange(low, high + 1));
}

rc::Gen<double> GenTemperatureCelsius() {
  return rc::gen::weightedOneOf<double>({
      {4, Tenths(360, 379)},                    // afebrile
      {2, rc::gen::element(37.9, 38.0, 38.1)},  // around the fever threshold
      {4, Tenths(380, 410)},                    // fever
      {1, Tenths(137, 465)},                    // anywhere plausible
      {1, rc::gen::element(13.7, 46.5)},        // the plausibility limits themselves
  });
}

rc::Gen<double> GenAgeYears() {
  return rc::gen::weightedOneOf<double>({
      {5, rc::gen::map(IntBetween(18, 85), [](int years) { return static_cast<double>(years); })},
      {2, Tenths(0, 119)},                                  // child: CAPD
      {2, rc::gen::element(11.9, 12.0, 12.5, 12.9, 13.0)},  // the ICE/CAPD boundary
      {1, Tenths(130, 179)},                                // adolescent
      {1, Tenths(0, 1250)},
  });
}

rc::Gen<double> GenFlowLitresPerMinute(OxygenDevice device) {
  switch (device) {
    case OxygenDevice::kNasalCannula:
      return rc::gen::weightedOneOf<double>({
          {4, Tenths(5, 60)},
          {2, rc::gen::element(6.0, 6.1, 6.5, 7.0)},
          {2, Tenths(61, 150)},
          {1, Tenths(1, 800)},
      });
    case OxygenDevice::kHighFlowNasalCannula:
      return rc::gen::weightedOneOf<double>({
          {4, Tenths(100, 600)},
          {2, rc::gen::element(5.0, 6.0, 6.1)},
          {1, Tenths(1, 800)},
      });
    default:
      return Tenths(1, 800);
  }
}

rc::Gen<core::VasopressorSet> GenVasopressors() {
  const auto single =
      rc::gen::map(rc::gen::element(Vasopressor::kNorepinephrine, Vasopressor::kEpinephrine,
                                    Vasopressor::kPhenylephrine, Vasopressor::kDopamine,
                                    Vasopressor::kVasopressin),
                   [](Vasopressor v) { return core::VasopressorSet{v}; });
  const auto any_subset = rc::gen::map(IntBetween(0, 31), [](int bits) {
    core::VasopressorSet set;
    for (int i = 0; i < core::VasopressorSet::size(); ++i) {
      if ((bits >> i) & 1) set.Add(static_cast<Vasopressor>(i));
    }
    return set;
  });
  return rc::gen::weightedOneOf<core::VasopressorSet>(
      {{4, rc::gen::just(core::VasopressorSet{})}, {3, single}, {2, any_subset}});
}

rc::Gen<core::OxygenSupport> GenOxygen() {
  return rc::gen::exec([] {
    core::OxygenSupport oxygen;
    oxygen.device = *rc::gen::weightedElement<OxygenDevice>({
        {4, OxygenDevice::kRoomAir},
        {3, OxygenDevice::kNasalCannula},
        {1, OxygenDevice::kBlowBy},
        {2, OxygenDevice::kHighFlowNasalCannula},
        {1, OxygenDevice::kFacemask},
        {1, OxygenDevice::kNonRebreather},
        {1, OxygenDevice::kVenturi},
        {1, OxygenDevice::kCpap},
        {1, OxygenDevice::kBipap},
        {1, OxygenDevice::kMechanicalVentilation},
    });
    bool with_flow = false;
    switch (oxygen.device) {
      case OxygenDevice::kRoomAir:
        with_flow = false;  // a flow on room air contradicts the device
        break;
      case OxygenDevice::kNasalCannula:
        with_flow = true;  // the grade depends on it, so Validate requires it
        break;
      case OxygenDevice::kHighFlowNasalCannula:
        with_flow = *Chance(4, 1);
        break;
      default:
        with_flow = *Chance(2, 3);
        break;
    }
    if (with_flow) oxygen.flow_l_per_min = *GenFlowLitresPerMinute(oxygen.device);
    oxygen.reason = *rc::gen::weightedElement<std::optional<OxygenReason>>({
        {5, std::nullopt},
        {3, OxygenReason::kCrs},
        {1, OxygenReason::kAirwayProtection},
        {1, OxygenReason::kOther},
    });
    return oxygen;
  });
}

rc::Gen<Consciousness> GenConsciousness() {
  return rc::gen::weightedElement<Consciousness>({
      {8, Consciousness::kAlert},
      {2, Consciousness::kAwakensSpontaneously},
      {2, Consciousness::kAwakensToVoice},
      {2, Consciousness::kAwakensToTouch},
      {1, Consciousness::kUnarousable},
  });
}

rc::Gen<Seizure> GenSeizure() {
  return rc::gen::weightedElement<Seizure>({
      {16, Seizure::kNone},
      {1, Seizure::kRapidlyResolving},
      {1, Seizure::kNonconvulsiveEegResolving},
      {1, Seizure::kProlongedOver5Min},
      {1, Seizure::kRepetitiveWithoutReturn},
  });
}

rc::Gen<MotorFinding> GenMotor() {
  return rc::gen::weightedElement<MotorFinding>(
      {{10, MotorFinding::kNone}, {1, MotorFinding::kDeepFocalWeakness}});
}

rc::Gen<core::IcpFindingSet> GenIcp() {
  const auto single =
      rc::gen::map(rc::gen::element(IcpFinding::kFocalEdema, IcpFinding::kDiffuseEdema,
                                    IcpFinding::kPosturing, IcpFinding::kCranialNerveSixPalsy,
                                    IcpFinding::kPapilledema, IcpFinding::kCushingsTriad),
                   [](IcpFinding f) { return core::IcpFindingSet{f}; });
  const auto any_subset = rc::gen::map(IntBetween(0, 63), [](int bits) {
    core::IcpFindingSet set;
    for (int i = 0; i < core::IcpFindingSet::size(); ++i) {
      if ((bits >> i) & 1) set.Add(static_cast<IcpFinding>(i));
    }
    return set;
  });
  return rc::gen::weightedOneOf<core::IcpFindingSet>(
      {{12, rc::gen::just(core::IcpFindingSet{})}, {2, single}, {1, any_subset}});
}

rc::Gen<IceEvidence> GenIce(bool unarousable, Completeness completeness) {
  return rc::gen::exec([unarousable, completeness] {
    IceEvidence ice;
    if (unarousable) {
      // ASTCT 2019: ICE 0 because unarousable. Any recorded part must be 0.
      const int mode = *IntBetween(0, 2);
      if (mode != 1) ice.items = FullIceItems(/*zero=*/true);
      if (mode != 0) ice.total = 0;
      return ice;
    }
    enum Mode { kItems, kPartialItems, kTotal, kItemsAndTotal, kPartialItemsAndTotal };
    const Mode mode =
        completeness == Completeness::kComplete
            ? *rc::gen::weightedElement<Mode>({{3, kItems}, {3, kTotal}, {1, kItemsAndTotal}})
            : *rc::gen::weightedElement<Mode>({{3, kItems},
                                               {2, kPartialItems},
                                               {3, kTotal},
                                               {1, kItemsAndTotal},
                                               {1, kPartialItemsAndTotal}});
    switch (mode) {
      case kItems:
      case kItemsAndTotal:
        ice.items = FullIceItems(/*zero=*/false);
        if (mode == kItemsAndTotal) ice.total = SumPresentIceItems(*ice.items);
        break;
      case kPartialItems:
      case kPartialItemsAndTotal: {
        core::IceItems items;
        for (int i = 0; i < 5; ++i) {
          if (*Chance(3, 2)) IceItem(items, i) = IceItemValue(IceItemMax(i));
        }
        if (mode == kPartialItemsAndTotal) {
          // The total must lie where the recorded items allow it.
          const int low = SumPresentIceItems(items);
          ice.total = *IntBetween(low, low + MaxOfAbsentIceItems(items));
        }
        ice.items = items;
        break;
      }
      case kTotal:
        ice.total = *rc::gen::weightedOneOf<int>({
            {3, rc::gen::just(core::kIceTotalMax)},
            {3, IntBetween(0, core::kIceTotalMax)},
            {1, rc::gen::element(0, 2, 3, 6, 7, 9)},  // band edges
        });
        break;
    }
    return ice;
  });
}

rc::Gen<core::Assessment> GenAssessment(Completeness completeness) {
  return rc::gen::exec([completeness] {
    core::Assessment a;
    a.patient_id = "P" + std::to_string(*IntBetween(1, 999));
    a.time =
        *rc::gen::element<std::string>("", "2025-03-01T08:00:00Z", "2025-03-01T20:15:30+01:00");

    // CRS findings.
    if (Recorded(completeness, 9, 1)) a.temperature_celsius = *GenTemperatureCelsius();
    a.fever_other_cause = OptionalFlag(6, 3, 1);
    if (Recorded(completeness, 7, 3)) a.fever_masked = *Chance(1, 3);
    if (Recorded(completeness, 8, 2)) a.hypotension = *Chance(2, 3);
    if (a.hypotension == false) {
      // "None running" may be charted or left out; pressors would contradict the chart.
      if (*Chance(1, 1)) a.vasopressors = core::VasopressorSet{};
    } else if (Recorded(completeness, 8, 2)) {
      a.vasopressors = *GenVasopressors();
    }
    if (Recorded(completeness, 8, 2)) a.oxygen = *GenOxygen();
    a.crs_death = OptionalFlag(16, 6, 1);

    // ICANS findings.
    if (Recorded(completeness, 9, 1)) a.age_years = *GenAgeYears();
    a.neuro.developmental_delay = OptionalFlag(6, 3, 1);
    if (Recorded(completeness, 8, 2)) a.neuro.consciousness = *GenConsciousness();
    if (Recorded(completeness, 8, 2)) a.neuro.seizure = *GenSeizure();
    if (Recorded(completeness, 8, 2)) a.neuro.motor = *GenMotor();
    if (Recorded(completeness, 8, 2)) a.neuro.icp = *GenIcp();
    if (a.age_years) {
      // Age picks the tool; scores without an age would be refused by Validate.
      const bool unarousable = a.neuro.consciousness == Consciousness::kUnarousable;
      const bool uses_capd = *a.age_years < 12.0 || a.neuro.developmental_delay == true;
      const bool near_twelve = *a.age_years >= 12.0 && *a.age_years < 13.0;
      const bool tool_score = unarousable ? *Chance(1, 1) : Recorded(completeness, 8, 2);
      // The other tool's score: sometimes charted as well, or charted instead.
      const bool other_score =
          tool_score ? *(near_twelve ? Chance(1, 1) : Chance(1, 5)) : *Chance(1, 2);
      const bool with_ice = uses_capd ? other_score : tool_score;
      const bool with_capd = uses_capd ? tool_score : other_score;
      if (with_ice) {
        const IceEvidence ice = *GenIce(unarousable, completeness);
        a.neuro.ice_items = ice.items;
        a.neuro.ice_total = ice.total;
      }
      // An unarousable child cannot be assessed with CAPD (Validate refuses the pair).
      if (with_capd && !unarousable) {
        a.neuro.capd_total = *rc::gen::weightedOneOf<int>({
            {3, rc::gen::just(0)},
            {3, IntBetween(1, 8)},
            {2, IntBetween(9, core::kCapdTotalMax)},
        });
      }
    }
    a.icans_death = OptionalFlag(16, 6, 1);
    return a;
  });
}

int OxygenTier(const core::OxygenSupport& oxygen) {
  switch (oxygen.device) {
    case OxygenDevice::kRoomAir:
      return 0;
    case OxygenDevice::kBlowBy:
      return 1;
    case OxygenDevice::kNasalCannula:
      return oxygen.flow_l_per_min && *oxygen.flow_l_per_min > 6.0 ? 2 : 1;
    case OxygenDevice::kHighFlowNasalCannula:
    case OxygenDevice::kFacemask:
    case OxygenDevice::kNonRebreather:
    case OxygenDevice::kVenturi:
      return 2;
    case OxygenDevice::kCpap:
    case OxygenDevice::kBipap:
    case OxygenDevice::kMechanicalVentilation:
      return 3;
  }
  return 0;
}

int IceItemMax(int item_index) { return kIceItemMaxima.at(static_cast<std::size_t>(item_index)); }

std::optional<int>& IceItem(core::IceItems& items, int item_index) {
  return core::IceItemAt(items, item_index);
}

const std::optional<int>& IceItem(const core::IceItems& items, int item_index) {
  return core::IceItemAt(items, item_index);
}

int SumPresentIceItems(const core::IceItems& items) {
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += IceItem(items, i).value_or(0);
  return sum;
}

int MaxOfAbsentIceItems(const core::IceItems& items) {
  int sum = 0;
  for (int i = 0; i < 5; ++i) {
    if (!IceItem(items, i)) sum += IceItemMax(i);
  }
  return sum;
}

bool IceCompatibleWithUnarousable(const core::NeuroAssessment& neuro) {
  if (neuro.ice_total) return *neuro.ice_total == 0;
  if (!neuro.ice_items) return true;
  return SumPresentIceItems(*neuro.ice_items) == 0 && MaxOfAbsentIceItems(*neuro.ice_items) == 0;
}

std::string Describe(const core::Assessment& a) {
  std::ostringstream os;
  os.precision(10);
  os << '{';
  os << "id=" << a.patient_id;
  PutOptionalNumber(os, "temp_c", a.temperature_celsius);
  PutOptionalBool(os, "other_cause", a.fever_other_cause);
  PutOptionalBool(os, "masked", a.fever_masked);
  PutOptionalBool(os, "hypotension", a.hypotension);
  PutOptionalSet(os, "pressors", a.vasopressors);
  os << " oxygen=";
  if (a.oxygen) {
    os << Code(a.oxygen->device);
    if (a.oxygen->flow_l_per_min) os << '@' << *a.oxygen->flow_l_per_min;
    if (a.oxygen->reason) os << '/' << Code(*a.oxygen->reason);
  } else {
    os << '-';
  }
  PutOptionalBool(os, "crs_death", a.crs_death);
  PutOptionalNumber(os, "age", a.age_years);
  PutOptionalBool(os, "delay", a.neuro.developmental_delay);
  os << " ice=";
  if (a.neuro.ice_items) {
    os << '[';
    for (int i = 0; i < 5; ++i) {
      const std::optional<int>& item = IceItem(*a.neuro.ice_items, i);
      os << (i ? "," : "");
      if (item) {
        os << *item;
      } else {
        os << '-';
      }
    }
    os << ']';
  } else {
    os << '-';
  }
  PutOptionalInt(os, "ice_total", a.neuro.ice_total);
  PutOptionalInt(os, "capd", a.neuro.capd_total);
  PutOptionalCode(os, "consciousness", a.neuro.consciousness);
  PutOptionalCode(os, "seizure", a.neuro.seizure);
  PutOptionalCode(os, "motor", a.neuro.motor);
  PutOptionalSet(os, "icp", a.neuro.icp);
  PutOptionalBool(os, "icans_death", a.icans_death);
  os << '}';
  return os.str();
}

}  // namespace cartwatch::property
