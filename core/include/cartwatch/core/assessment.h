// One bedside assessment: the findings that ASTCT 2019 CRS and ICANS grading read.
//
// Every finding is optional: absent means "not recorded", never "normal". Quantities carry their
// unit in the field name and are already in canonical units (degrees Celsius, L/min); adapters
// convert from the units they receive. The schema that fills this type is documented in
// docs/assessment-schema.md (cartwatch.assessment/1).
#ifndef CARTWATCH_CORE_ASSESSMENT_H_
#define CARTWATCH_CORE_ASSESSMENT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "cartwatch/core/enum_set.h"

namespace cartwatch::core {

enum class Vasopressor : std::uint8_t {
  kNorepinephrine,
  kEpinephrine,
  kPhenylephrine,
  kDopamine,
  kVasopressin,
};
using VasopressorSet = EnumSet<Vasopressor, 5>;

enum class OxygenDevice : std::uint8_t {
  kRoomAir,
  kNasalCannula,
  kBlowBy,
  kHighFlowNasalCannula,
  kFacemask,
  kNonRebreather,
  kVenturi,
  kCpap,
  kBipap,
  kMechanicalVentilation,
};

// Why oxygen or ventilation is given. Only kCrs counts toward CRS hypoxia (ASTCT 2019 fn 3).
enum class OxygenReason : std::uint8_t { kCrs, kAirwayProtection, kOther };

struct OxygenSupport {
  OxygenDevice device = OxygenDevice::kRoomAir;
  std::optional<double> flow_l_per_min;
  std::optional<OxygenReason> reason;  // absent: counted as CRS hypoxia (ASTCT 2019 fn 3)
  std::optional<double> fio2_percent;  // 21..100; read by the older systems only
};

// ICE sub-scores (ASTCT 2019, ICE table). Each item may be absent on its own.
struct IceItems {
  std::optional<int> orientation;  // 0..4
  std::optional<int> naming;       // 0..3
  std::optional<int> commands;     // 0..1
  std::optional<int> writing;      // 0..1
  std::optional<int> attention;    // 0..1
};

enum class Consciousness : std::uint8_t {
  kAlert,
  kAwakensSpontaneously,
  kAwakensToVoice,
  kAwakensToTouch,
  kUnarousable,
};

enum class Seizure : std::uint8_t {
  kNone,
  kRapidlyResolving,
  kNonconvulsiveEegResolving,
  kProlongedOver5Min,
  kRepetitiveWithoutReturn,
};

enum class MotorFinding : std::uint8_t { kNone, kDeepFocalWeakness };

enum class IcpFinding : std::uint8_t {
  kFocalEdema,
  kDiffuseEdema,
  kPosturing,
  kCranialNerveSixPalsy,
  kPapilledema,
  kCushingsTriad,
};
using IcpFindingSet = EnumSet<IcpFinding, 6>;

struct NeuroAssessment {
  std::optional<IceItems> ice_items;        // item-level ICE
  std::optional<int> ice_total;             // 0..10, when only the total is charted
  std::optional<int> capd_total;            // Cornell Assessment of Pediatric Delirium, 0..32
  std::optional<bool> developmental_delay;  // baseline delay: CAPD instead of ICE (ASTCT 2019)
  std::optional<Consciousness> consciousness;
  std::optional<Seizure> seizure;
  std::optional<MotorFinding> motor;
  std::optional<IcpFindingSet> icp;  // present and empty: assessed, no sign of raised ICP
};

// One running vasopressor's dose and how long it has run, for the older systems' "high dose"
// (Lee 2014) and MSKCC's 24 h rule (Park 2018). Canonical units: micrograms/min for
// norepinephrine, epinephrine and phenylephrine; micrograms/kg/min for dopamine; units/min for
// vasopressin (the units of the Lee 2014 high-dose table).
struct VasopressorDose {
  std::optional<double> dose;
  std::optional<double> hours_running;
};

// CTCAE v5.0 grades (0..4) of organ toxicities attributed to CRS (Lee 2014, Penn, CARTOX).
struct OrganToxicity {
  std::optional<int> creatinine;
  std::optional<int> transaminases;
  std::optional<int> other;  // the highest grade of any other organ toxicity
};

// Findings only the older CRS grading systems read. ASTCT 2019 ignores every one of
// them (its fn 5: organ toxicities are graded separately).
struct LegacyCrsFindings {
  std::array<VasopressorDose, 5> vasopressor_doses{};  // indexed by Vasopressor
  std::optional<int> fluid_boluses;                    // boluses for hypotension in the last 24 h
  std::optional<bool> hospitalised_for_crs;
  std::optional<bool> iv_therapy_for_crs;      // IV therapy or parenteral nutrition (Penn grade 2)
  std::optional<bool> hypotension_refractory;  // refractory to high-dose vasopressors
  std::optional<bool> coagulopathy_needing_products;  // FFP, cryoprecipitate or fibrinogen
  OrganToxicity organ_toxicity;
};

struct Assessment {
  std::string patient_id;  // may be empty
  std::string time;        // RFC 3339 as received; may be empty

  std::optional<double> age_years;
  std::optional<double> temperature_celsius;
  std::optional<bool> fever_other_cause;       // absent: no other cause documented
  std::optional<bool> fever_masked;            // antipyretic / anti-cytokine therapy already given
  std::optional<bool> hypotension;             // hypotension not attributable to another cause
  std::optional<VasopressorSet> vasopressors;  // present and empty: none running
  std::optional<OxygenSupport> oxygen;
  NeuroAssessment neuro;
  LegacyCrsFindings legacy;
  std::optional<bool> crs_death;    // absent: no death reported
  std::optional<bool> icans_death;  // absent: no death reported
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_ASSESSMENT_H_
