#include "cartwatch/core/vocabulary.h"

#include <array>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

constexpr std::array<Term<Vasopressor>, 5> kVasopressors{{
    {Vasopressor::kNorepinephrine, "norepinephrine", "norepinephrine"},
    {Vasopressor::kEpinephrine, "epinephrine", "epinephrine"},
    {Vasopressor::kPhenylephrine, "phenylephrine", "phenylephrine"},
    {Vasopressor::kDopamine, "dopamine", "dopamine"},
    {Vasopressor::kVasopressin, "vasopressin", "vasopressin"},
}};
static_assert(IndexedByEnum(kVasopressors, &Term<Vasopressor>::value), "kVasopressors: enum order");

constexpr std::array<Term<OxygenDevice>, 10> kOxygenDevices{{
    {OxygenDevice::kRoomAir, "room_air", "room air"},
    {OxygenDevice::kNasalCannula, "nasal_cannula", "nasal cannula"},
    {OxygenDevice::kBlowBy, "blow_by", "blow-by oxygen"},
    {OxygenDevice::kHighFlowNasalCannula, "high_flow_nasal_cannula", "high-flow nasal cannula"},
    {OxygenDevice::kFacemask, "facemask", "facemask"},
    {OxygenDevice::kNonRebreather, "non_rebreather", "non-rebreather mask"},
    {OxygenDevice::kVenturi, "venturi", "Venturi mask"},
    {OxygenDevice::kCpap, "cpap", "CPAP"},
    {OxygenDevice::kBipap, "bipap", "BiPAP"},
    {OxygenDevice::kMechanicalVentilation, "mechanical_ventilation", "mechanical ventilation"},
}};
static_assert(IndexedByEnum(kOxygenDevices, &Term<OxygenDevice>::value),
              "kOxygenDevices: enum order");

constexpr std::array<Term<OxygenReason>, 3> kOxygenReasons{{
    {OxygenReason::kCrs, "crs", "CRS hypoxia"},
    {OxygenReason::kAirwayProtection, "airway_protection", "airway protection"},
    {OxygenReason::kOther, "other", "another reason"},
}};
static_assert(IndexedByEnum(kOxygenReasons, &Term<OxygenReason>::value),
              "kOxygenReasons: enum order");

constexpr std::array<Term<Consciousness>, 5> kConsciousness{{
    {Consciousness::kAlert, "alert", "alert"},
    {Consciousness::kAwakensSpontaneously, "awakens_spontaneously", "awakens spontaneously"},
    {Consciousness::kAwakensToVoice, "awakens_to_voice", "awakens to voice"},
    {Consciousness::kAwakensToTouch, "awakens_to_touch", "awakens only to touch"},
    {Consciousness::kUnarousable, "unarousable",
     "unarousable, or needs vigorous or repeated touch to arouse"},
}};
static_assert(IndexedByEnum(kConsciousness, &Term<Consciousness>::value),
              "kConsciousness: enum order");

constexpr std::array<Term<Seizure>, 5> kSeizures{{
    {Seizure::kNone, "none", "no seizure"},
    {Seizure::kRapidlyResolving, "rapidly_resolving", "clinical seizure that resolved rapidly"},
    {Seizure::kNonconvulsiveEegResolving, "nonconvulsive_eeg_resolving",
     "non-convulsive seizure on EEG that resolved with intervention"},
    {Seizure::kProlongedOver5Min, "prolonged_over_5min", "prolonged seizure (> 5 min)"},
    {Seizure::kRepetitiveWithoutReturn, "repetitive_without_return",
     "repetitive seizures without return to baseline"},
}};
static_assert(IndexedByEnum(kSeizures, &Term<Seizure>::value), "kSeizures: enum order");

constexpr std::array<Term<MotorFinding>, 2> kMotorFindings{{
    {MotorFinding::kNone, "none", "no motor finding"},
    {MotorFinding::kDeepFocalWeakness, "deep_focal_weakness",
     "deep focal motor weakness (hemiparesis or paraparesis)"},
}};
static_assert(IndexedByEnum(kMotorFindings, &Term<MotorFinding>::value),
              "kMotorFindings: enum order");

constexpr std::array<Term<IcpFinding>, 6> kIcpFindings{{
    {IcpFinding::kFocalEdema, "focal_edema", "focal/local oedema on neuroimaging"},
    {IcpFinding::kDiffuseEdema, "diffuse_edema", "diffuse cerebral oedema on neuroimaging"},
    {IcpFinding::kPosturing, "posturing", "decerebrate or decorticate posturing"},
    {IcpFinding::kCranialNerveSixPalsy, "cn6_palsy", "cranial nerve VI palsy"},
    {IcpFinding::kPapilledema, "papilledema", "papilloedema"},
    {IcpFinding::kCushingsTriad, "cushings_triad", "Cushing's triad"},
}};
static_assert(IndexedByEnum(kIcpFindings, &Term<IcpFinding>::value), "kIcpFindings: enum order");

}  // namespace

std::span<const Term<Vasopressor>> Terms(Vasopressor) noexcept { return kVasopressors; }
std::span<const Term<OxygenDevice>> Terms(OxygenDevice) noexcept { return kOxygenDevices; }
std::span<const Term<OxygenReason>> Terms(OxygenReason) noexcept { return kOxygenReasons; }
std::span<const Term<Consciousness>> Terms(Consciousness) noexcept { return kConsciousness; }
std::span<const Term<Seizure>> Terms(Seizure) noexcept { return kSeizures; }
std::span<const Term<MotorFinding>> Terms(MotorFinding) noexcept { return kMotorFindings; }
std::span<const Term<IcpFinding>> Terms(IcpFinding) noexcept { return kIcpFindings; }

}  // namespace cartwatch::core
