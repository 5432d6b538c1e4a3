#include "cartwatch/core/vocabulary.h"

#include <array>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

// TermOf indexes a table by the enumerator's value, so row i must hold enumerator i.
template <typename E, std::size_t N>
constexpr bool InEnumOrder(const std::array<Term<E>, N>& terms) {
  return IndexedByEnum(terms, &Term<E>::value);
}

constexpr std::array<Term<Vasopressor>, 5> kVasopressors{{
    {Vasopressor::kNorepinephrine, "norepinephrine", "norepinephrine"},
    {Vasopressor::kEpinephrine, "epinephrine", "epinephrine"},
    {Vasopressor::kPhenylephrine, "phenylephrine", "phenylephrine"},
    {Vasopressor::kDopamine, "dopamine", "dopamine"},
    {Vasopressor::kVasopressin, "vasopressin", "vasopressin"},
}};
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
constexpr std::array<Term<OxygenReason>, 3> kOxygenReasons{{
    {OxygenReason::kCrs, "crs", "CRS hypoxia"},
    {OxygenReason::kAirwayProtection, "airway_protection", "airway protection"},
    {OxygenReason::kOther, "other", "another reason"},
}};
constexpr std::array<Term<Consciousness>, 5> kConsciousness{{
    {Consciousness::kAlert, "alert", "alert"},
    {Consciousness::kAwakensSpontaneously, "awakens_spontaneously", "awakens spontaneously"},
    {Consciousness::kAwakensToVoice, "awakens_to_voice", "awakens to voice"},
    {Consciousness::kAwakensToTouch, "awakens_to_touch", "awakens only to touch"},
    {Consciousness::kUnarousable, "unarousable",
     "unarousable, or needs vigorous or repeated touch to arouse"},
}};
constexpr std::array<Term<Seizure>, 5> kSeizures{{
    {Seizure::kNone, "none", "no seizure"},
    {Seizure::kRapidlyResolving, "rapidly_resolving", "clinical seizure that resolved rapidly"},
    {Seizure::kNonconvulsiveEegResolving, "nonconvulsive_eeg_resolving",
     "non-convulsive seizure on EEG that resolved with intervention"},
    {Seizure::kProlongedOver5Min, "prolonged_over_5min", "prolonged seizure (> 5 min)"},
    {Seizure::kRepetitiveWithoutReturn, "repetitive_without_return",
     "repetitive seizures without return to baseline"},
}};
constexpr std::array<Term<MotorFinding>, 2> kMotorFindings{{
    {MotorFinding::kNone, "none", "no motor finding"},
    {MotorFinding::kDeepFocalWeakness, "deep_focal_weakness",
     "deep focal motor weakness (hemiparesis or paraparesis)"},
}};
constexpr std::array<Term<IcpFinding>, 6> kIcpFindings{{
    {IcpFinding::kFocalEdema, "focal_edema", "focal/local oedema on neuroimaging"},
    {IcpFinding::kDiffuseEdema, "diffuse_edema", "diffuse cerebral oedema on neuroimaging"},
    {IcpFinding::kPosturing, "posturing", "decerebrate or decorticate posturing"},
    {IcpFinding::kCranialNerveSixPalsy, "cn6_palsy", "cranial nerve VI palsy"},
    {IcpFinding::kPapilledema, "papilledema", "papilloedema"},
    {IcpFinding::kCushingsTriad, "cushings_triad", "Cushing's triad"},
}};
// The tool ICANS used for encephalopathy (ASTCT 2019: ICE from age 12, CAPD below it).
constexpr std::array<Term<EncephalopathyTool>, 3> kEncephalopathyTools{{
    {EncephalopathyTool::kUndetermined, "undetermined", "no ICE or CAPD score, or no age"},
    {EncephalopathyTool::kIce, "ice", "ICE"},
    {EncephalopathyTool::kCapd, "capd", "CAPD"},
}};

constexpr std::array<Term<TocilizumabResponse>, 3> kTocilizumabResponses{{
    {TocilizumabResponse::kResponded, "responded", "responded (CRS grade fell)"},
    {TocilizumabResponse::kNoResponse, "no_response", "no response within the window"},
    {TocilizumabResponse::kUnknown, "unknown",
     "response unknown (no assessment within the window)"},
}};

constexpr std::array<Term<Syndrome>, 2> kSyndromes{{
    {Syndrome::kCrs, "crs", "CRS"},
    {Syndrome::kIcans, "icans", "ICANS"},
}};

constexpr std::array<Term<OtherSyndrome>, 3> kOtherSyndromes{{
    {OtherSyndrome::kAny, "any", "with or without the other syndrome"},
    {OtherSyndrome::kAbsent, "absent", "only without the other syndrome"},
    {OtherSyndrome::kPresent, "present", "only with the other syndrome present"},
}};

constexpr std::array<Term<ActionKind>, 5> kActionKinds{{
    {ActionKind::kDrug, "drug", "drug"},
    {ActionKind::kSupport, "support", "supportive care"},
    {ActionKind::kMonitor, "monitor", "monitoring"},
    {ActionKind::kEscalate, "escalate", "escalation of care"},
    {ActionKind::kRefer, "refer", "referral"},
}};

constexpr std::array<Term<CohortGroupKind>, 3> kCohortGroupKinds{{
    {CohortGroupKind::kOverall, "overall", "all patients"},
    {CohortGroupKind::kProduct, "product", "patients given one product"},
    {CohortGroupKind::kUnknownProduct, "unknown_product", "product unknown (no infusion recorded)"},
}};

constexpr std::array<Term<OxygenTier>, 5> kOxygenTiers{{
    {OxygenTier::kNotRecorded, "not_recorded", "not recorded"},
    {OxygenTier::kRoomAir, "room_air", "room air"},
    {OxygenTier::kLowFlow, "low_flow", "low flow"},
    {OxygenTier::kHighFlow, "high_flow", "high flow"},
    {OxygenTier::kPositivePressure, "positive_pressure", "positive pressure"},
}};

constexpr std::array<Term<FeverReading>, 4> kFeverReadings{{
    {FeverReading::kNotRecorded, "not_recorded", "no temperature recorded"},
    {FeverReading::kAbsent, "absent", "no fever (below 38.0 degC)"},
    {FeverReading::kFever, "fever", "fever (38.0 degC or more)"},
    {FeverReading::kOtherCause, "other_cause", "fever attributed to another cause"},
}};

constexpr std::array<Term<FeverMasking>, 3> kFeverMaskings{{
    {FeverMasking::kNone, "none", "does not mask fever"},
    {FeverMasking::kAntipyretic, "antipyretic", "antipyretic"},
    {FeverMasking::kAntiCytokine, "anti_cytokine", "anti-cytokine therapy"},
}};

static_assert(InEnumOrder(kVasopressors));
static_assert(InEnumOrder(kOxygenDevices));
static_assert(InEnumOrder(kOxygenReasons));
static_assert(InEnumOrder(kConsciousness));
static_assert(InEnumOrder(kSeizures));
static_assert(InEnumOrder(kMotorFindings));
static_assert(InEnumOrder(kIcpFindings));
static_assert(InEnumOrder(kEncephalopathyTools));
static_assert(InEnumOrder(kTocilizumabResponses));
static_assert(InEnumOrder(kSyndromes));
static_assert(InEnumOrder(kOtherSyndromes));
static_assert(InEnumOrder(kActionKinds));
static_assert(InEnumOrder(kCohortGroupKinds));
static_assert(InEnumOrder(kOxygenTiers));
static_assert(InEnumOrder(kFeverReadings));
static_assert(InEnumOrder(kFeverMaskings));

}  // namespace

std::span<const Term<Vasopressor>> Terms(Vasopressor) noexcept { return kVasopressors; }
std::span<const Term<OxygenDevice>> Terms(OxygenDevice) noexcept { return kOxygenDevices; }
std::span<const Term<OxygenReason>> Terms(OxygenReason) noexcept { return kOxygenReasons; }
std::span<const Term<Consciousness>> Terms(Consciousness) noexcept { return kConsciousness; }
std::span<const Term<Seizure>> Terms(Seizure) noexcept { return kSeizures; }
std::span<const Term<MotorFinding>> Terms(MotorFinding) noexcept { return kMotorFindings; }
std::span<const Term<IcpFinding>> Terms(IcpFinding) noexcept { return kIcpFindings; }
std::span<const Term<EncephalopathyTool>> Terms(EncephalopathyTool) noexcept {
  return kEncephalopathyTools;
}
std::span<const Term<TocilizumabResponse>> Terms(TocilizumabResponse) noexcept {
  return kTocilizumabResponses;
}
std::span<const Term<Syndrome>> Terms(Syndrome) noexcept { return kSyndromes; }
std::span<const Term<OtherSyndrome>> Terms(OtherSyndrome) noexcept { return kOtherSyndromes; }
std::span<const Term<ActionKind>> Terms(ActionKind) noexcept { return kActionKinds; }
std::span<const Term<CohortGroupKind>> Terms(CohortGroupKind) noexcept { return kCohortGroupKinds; }
std::span<const Term<OxygenTier>> Terms(OxygenTier) noexcept { return kOxygenTiers; }
std::span<const Term<FeverReading>> Terms(FeverReading) noexcept { return kFeverReadings; }
std::span<const Term<FeverMasking>> Terms(FeverMasking) noexcept { return kFeverMaskings; }

}  // namespace cartwatch::core
