// The descriptor table of the findings (findings.h). One row per finding, in Finding order.
#include "cartwatch/core/findings.h"

#include <array>
#include <cstddef>

#include "cartwatch/core/vocabulary.h"
#include "enum_order.h"

namespace cartwatch::core {
namespace {

template <typename T>
ScalarValue ToScalar(const T& value) {
  if constexpr (std::is_enum_v<T>) {
    return ScalarValue(std::in_place_type<std::uint8_t>, static_cast<std::uint8_t>(value));
  } else {
    return ScalarValue(std::in_place_type<T>, value);
  }
}

template <typename T>
T FromScalar(const ScalarValue& value) {
  if constexpr (std::is_enum_v<T>) {
    return static_cast<T>(std::get<std::uint8_t>(value));
  } else {
    return std::get<T>(value);
  }
}

// Access to a std::optional member of the entry, named by a lambda returning a reference to it
// (for a const and a mutable entry alike).
template <auto kMember>
constexpr FindingAccess Slot() {
  return {[](const TimelineEntry& entry) -> std::optional<ScalarValue> {
            const auto& slot = kMember(entry);
            if (!slot) return std::nullopt;
            return ToScalar(*slot);
          },
          [](TimelineEntry& entry, const ScalarValue& value) {
            auto& slot = kMember(entry);
            slot = FromScalar<typename std::remove_cvref_t<decltype(slot)>::value_type>(value);
          }};
}

// An ICE item: the items record exists once any item is recorded.
template <std::optional<int> IceItems::*kItem>
constexpr FindingAccess IceItem() {
  return {[](const TimelineEntry& entry) -> std::optional<ScalarValue> {
            const std::optional<IceItems>& items = entry.findings.neuro.ice_items;
            if (!items || !((*items).*kItem)) return std::nullopt;
            return ToScalar(*((*items).*kItem));
          },
          [](TimelineEntry& entry, const ScalarValue& value) {
            std::optional<IceItems>& items = entry.findings.neuro.ice_items;
            if (!items) items.emplace();
            (*items).*kItem = std::get<int>(value);
          }};
}

// A part of the oxygen record other than the device. Setting it creates the record; whoever
// builds an entry checks that its device was recorded with it (an entry's oxygen record is whole).
template <auto kPart>
constexpr FindingAccess OxygenPart() {
  return {[](const TimelineEntry& entry) -> std::optional<ScalarValue> {
            const std::optional<OxygenSupport>& oxygen = entry.findings.oxygen;
            if (!oxygen || !((*oxygen).*kPart)) return std::nullopt;
            return ToScalar(*((*oxygen).*kPart));
          },
          [](TimelineEntry& entry, const ScalarValue& value) {
            std::optional<OxygenSupport>& oxygen = entry.findings.oxygen;
            if (!oxygen) oxygen.emplace();
            auto& part = (*oxygen).*kPart;
            part = FromScalar<typename std::remove_cvref_t<decltype(part)>::value_type>(value);
          }};
}

constexpr FindingAccess OxygenDeviceAccess() {
  return {[](const TimelineEntry& entry) -> std::optional<ScalarValue> {
            if (!entry.findings.oxygen) return std::nullopt;
            return ToScalar(entry.findings.oxygen->device);
          },
          [](TimelineEntry& entry, const ScalarValue& value) {
            std::optional<OxygenSupport>& oxygen = entry.findings.oxygen;
            if (!oxygen) oxygen.emplace();
            oxygen->device = FromScalar<OxygenDevice>(value);
          }};
}

template <typename E>
std::optional<std::uint8_t> FindCode(std::string_view code) {
  const std::optional<E> found = FindTerm<E>(code);
  if (!found) return std::nullopt;
  return static_cast<std::uint8_t>(*found);
}
template <typename E>
std::string_view CodeText(std::uint8_t index) {
  return TermOf(static_cast<E>(index)).code;
}
template <typename E>
constexpr CodeVocabulary kCodes{&FindCode<E>, &CodeText<E>, &CodeList<E>};

// One row per finding, laid out by hand: the formatter cannot lay out the lambdas.
// clang-format off
constexpr std::array<FindingInfo, kFindingCount> kFindings{{
    {.id = Finding::kAge, .code = "age", .wide = {{{"age_years", "a"}}}, .unit = "a",
     .type = ValueType::kNumber, .shape = Shape::kScalar, .range = &kAgeYearsLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kWholeCourse,
     .group = CarriedFinding::kLegacy, .json_path = "age_years", .json_quantity = false,
     .codes = nullptr, .access = Slot<[](auto& e) -> auto& { return e.findings.age_years; }>(),
     .sample = "54"},
    {.id = Finding::kTemperature, .code = "temperature",
     .wide = {{{"temperature_c", "Cel"}, {"temperature_f", "[degF]"}}}, .unit = "Cel",
     .type = ValueType::kNumber, .shape = Shape::kTemperature, .range = &kTemperatureCelsiusLimits,
     .max = 0, .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kTemperature, .json_path = "temperature", .json_quantity = true,
     .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.temperature_celsius; }>(),
     .sample = "38.5"},
    {.id = Finding::kSystolicBp, .code = "systolic_bp", .wide = {{{"systolic_bp_mmhg", "mm[Hg]"}}},
     .unit = "mm[Hg]", .type = ValueType::kNumber, .shape = Shape::kScalar,
     .range = &kSystolicBpMmHgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kBloodPressure, .json_path = "",
     .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.blood_pressure.systolic_mmhg; }>(),
     .sample = "86"},
    {.id = Finding::kMeanBp, .code = "mean_bp", .wide = {{{"mean_bp_mmhg", "mm[Hg]"}}},
     .unit = "mm[Hg]", .type = ValueType::kNumber, .shape = Shape::kScalar,
     .range = &kMeanBpMmHgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kBloodPressure, .json_path = "",
     .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.blood_pressure.mean_mmhg; }>(), .sample = "60"},
    {.id = Finding::kHypotension, .code = "hypotension", .wide = {{{"hypotension", ""}}},
     .unit = "", .type = ValueType::kBool, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kBloodPressure, .json_path = "hypotension", .json_quantity = false,
     .codes = nullptr, .access = Slot<[](auto& e) -> auto& { return e.findings.hypotension; }>(),
     .sample = "true"},
    {.id = Finding::kFeverOtherCause, .code = "fever_other_cause",
     .wide = {{{"fever_other_cause", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kTemperature,
     .json_path = "fever_other_cause", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.fever_other_cause; }>(),
     .sample = "true"},
    {.id = Finding::kFeverMasked, .code = "fever_masked", .wide = {{{"fever_masked", ""}}},
     .unit = "", .type = ValueType::kBool, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kTemperature, .json_path = "fever_masked", .json_quantity = false,
     .codes = nullptr, .access = Slot<[](auto& e) -> auto& { return e.findings.fever_masked; }>(),
     .sample = "true"},
    {.id = Finding::kNorepinephrine, .code = "norepinephrine",
     .wide = {{{"norepinephrine_ug_min", "ug/min"}}}, .unit = "ug/min", .type = ValueType::kNumber,
     .shape = Shape::kVasopressorDose, .range = &kCatecholamineUgPerMinLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kVasopressors, .json_path = "vasopressor_doses.norepinephrine.dose",
     .json_quantity = true, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.vasopressor_doses[0].dose; }>(),
     .sample = "12"},
    {.id = Finding::kEpinephrine, .code = "epinephrine",
     .wide = {{{"epinephrine_ug_min", "ug/min"}}}, .unit = "ug/min", .type = ValueType::kNumber,
     .shape = Shape::kVasopressorDose, .range = &kCatecholamineUgPerMinLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kVasopressors, .json_path = "vasopressor_doses.epinephrine.dose",
     .json_quantity = true, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.vasopressor_doses[1].dose; }>(),
     .sample = "5"},
    {.id = Finding::kPhenylephrine, .code = "phenylephrine",
     .wide = {{{"phenylephrine_ug_min", "ug/min"}}}, .unit = "ug/min", .type = ValueType::kNumber,
     .shape = Shape::kVasopressorDose, .range = &kPhenylephrineUgPerMinLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kVasopressors, .json_path = "vasopressor_doses.phenylephrine.dose",
     .json_quantity = true, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.vasopressor_doses[2].dose; }>(),
     .sample = "100"},
    {.id = Finding::kDopamine, .code = "dopamine", .wide = {{{"dopamine_ug_kg_min", "ug/kg/min"}}},
     .unit = "ug/kg/min", .type = ValueType::kNumber, .shape = Shape::kVasopressorDose,
     .range = &kDopamineUgPerKgPerMinLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kVasopressors,
     .json_path = "vasopressor_doses.dopamine.dose", .json_quantity = true, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.vasopressor_doses[3].dose; }>(),
     .sample = "5"},
    {.id = Finding::kVasopressin, .code = "vasopressin", .wide = {{{"vasopressin_u_min", "U/min"}}},
     .unit = "U/min", .type = ValueType::kNumber, .shape = Shape::kVasopressorDose,
     .range = &kVasopressinUnitsPerMinLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kVasopressors,
     .json_path = "vasopressor_doses.vasopressin.dose", .json_quantity = true, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.vasopressor_doses[4].dose; }>(),
     .sample = "0.04"},
    {.id = Finding::kVasopressors, .code = "vasopressors", .wide = {{{"vasopressors", ""}}},
     .unit = "", .type = ValueType::kCode, .shape = Shape::kVasopressorsNone, .range = nullptr,
     .max = 0, .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kVasopressors, .json_path = "vasopressors", .json_quantity = false,
     .codes = nullptr, .access = {}, .sample = "none"},
    {.id = Finding::kO2Device, .code = "o2_device", .wide = {{{"o2_device", ""}}}, .unit = "",
     .type = ValueType::kCode, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kOxygen, .json_path = "oxygen.device", .json_quantity = false,
     .codes = &kCodes<OxygenDevice>, .access = OxygenDeviceAccess(), .sample = "facemask"},
    {.id = Finding::kO2Flow, .code = "o2_flow", .wide = {{{"o2_flow_l_min", "L/min"}}},
     .unit = "L/min", .type = ValueType::kNumber, .shape = Shape::kScalar,
     .range = &kOxygenFlowLitresPerMinuteLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kWithRecord, .group = CarriedFinding::kOxygen, .json_path = "oxygen.flow_l_min",
     .json_quantity = false, .codes = nullptr,
     .access = OxygenPart<&OxygenSupport::flow_l_per_min>(), .sample = "4"},
    {.id = Finding::kFio2, .code = "fio2", .wide = {{{"fio2_percent", "%"}}}, .unit = "%",
     .type = ValueType::kNumber, .shape = Shape::kScalar, .range = &kFio2PercentLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kOxygen, .json_path = "oxygen.fio2", .json_quantity = true,
     .codes = nullptr, .access = OxygenPart<&OxygenSupport::fio2_percent>(), .sample = "40"},
    {.id = Finding::kO2Reason, .code = "o2_reason", .wide = {{{"o2_reason", ""}}}, .unit = "",
     .type = ValueType::kCode, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kOxygen, .json_path = "oxygen.reason", .json_quantity = false,
     .codes = &kCodes<OxygenReason>, .access = OxygenPart<&OxygenSupport::reason>(),
     .sample = "crs"},
    {.id = Finding::kIceTotal, .code = "ice_total", .wide = {{{"ice_total", ""}}}, .unit = "",
     .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr, .max = kIceTotalMax,
     .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice_total", .json_quantity = false,
     .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.ice_total; }>(), .sample = "7"},
    {.id = Finding::kIceOrientation, .code = "ice_orientation", .wide = {{{"ice_orientation", ""}}},
     .unit = "", .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr,
     .max = kIceOrientationMax, .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice.orientation",
     .json_quantity = false, .codes = nullptr, .access = IceItem<&IceItems::orientation>(),
     .sample = "3"},
    {.id = Finding::kIceNaming, .code = "ice_naming", .wide = {{{"ice_naming", ""}}}, .unit = "",
     .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr, .max = kIceNamingMax,
     .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice.naming", .json_quantity = false,
     .codes = nullptr, .access = IceItem<&IceItems::naming>(), .sample = "2"},
    {.id = Finding::kIceCommands, .code = "ice_commands", .wide = {{{"ice_commands", ""}}},
     .unit = "", .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr,
     .max = kIceCommandsMax, .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice.commands",
     .json_quantity = false, .codes = nullptr, .access = IceItem<&IceItems::commands>(),
     .sample = "1"},
    {.id = Finding::kIceWriting, .code = "ice_writing", .wide = {{{"ice_writing", ""}}}, .unit = "",
     .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr, .max = kIceWritingMax,
     .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice.writing", .json_quantity = false,
     .codes = nullptr, .access = IceItem<&IceItems::writing>(), .sample = "0"},
    {.id = Finding::kIceAttention, .code = "ice_attention", .wide = {{{"ice_attention", ""}}},
     .unit = "", .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr,
     .max = kIceAttentionMax, .max_source = SourceId::kAstct2019, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.ice.attention",
     .json_quantity = false, .codes = nullptr, .access = IceItem<&IceItems::attention>(),
     .sample = "1"},
    {.id = Finding::kCapd, .code = "capd", .wide = {{{"capd", ""}}}, .unit = "",
     .type = ValueType::kInteger, .shape = Shape::kScalar, .range = nullptr, .max = kCapdTotalMax,
     .max_source = SourceId::kTraube2014, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.capd", .json_quantity = false,
     .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.capd_total; }>(),
     .sample = "12"},
    {.id = Finding::kDevelopmentalDelay, .code = "developmental_delay",
     .wide = {{{"developmental_delay", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kWholeCourse, .group = CarriedFinding::kLegacy,
     .json_path = "neuro.developmental_delay", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.developmental_delay; }>(),
     .sample = "true"},
    {.id = Finding::kConsciousness, .code = "consciousness", .wide = {{{"consciousness", ""}}},
     .unit = "", .type = ValueType::kCode, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kWithRecord,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.consciousness",
     .json_quantity = false, .codes = &kCodes<Consciousness>,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.consciousness; }>(),
     .sample = "awakens_to_voice"},
    {.id = Finding::kSeizure, .code = "seizure", .wide = {{{"seizure", ""}}}, .unit = "",
     .type = ValueType::kCode, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kNeuroScore, .json_path = "neuro.seizure", .json_quantity = false,
     .codes = &kCodes<Seizure>,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.seizure; }>(),
     .sample = "rapidly_resolving"},
    {.id = Finding::kMotor, .code = "motor", .wide = {{{"motor", ""}}}, .unit = "",
     .type = ValueType::kCode, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kNeuroFindings, .json_path = "neuro.motor", .json_quantity = false,
     .codes = &kCodes<MotorFinding>,
     .access = Slot<[](auto& e) -> auto& { return e.findings.neuro.motor; }>(),
     .sample = "deep_focal_weakness"},
    {.id = Finding::kIcp, .code = "icp", .wide = {{{"icp", ""}}}, .unit = "",
     .type = ValueType::kCode, .shape = Shape::kIcpSign, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kCarried,
     .group = CarriedFinding::kNeuroFindings, .json_path = "neuro.icp", .json_quantity = false,
     .codes = &kCodes<IcpFinding>, .access = {}, .sample = "papilledema"},
    {.id = Finding::kCreatinineGrade, .code = "creatinine_grade",
     .wide = {{{"creatinine_grade", ""}}}, .unit = "", .type = ValueType::kInteger,
     .shape = Shape::kScalar, .range = nullptr, .max = kCtcaeOrganGradeMax,
     .max_source = SourceId::kCtcae5, .hold = Hold::kCarried, .group = CarriedFinding::kLegacy,
     .json_path = "organ_toxicity.creatinine", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.organ_toxicity.creatinine; }>(),
     .sample = "2"},
    {.id = Finding::kTransaminasesGrade, .code = "transaminases_grade",
     .wide = {{{"transaminases_grade", ""}}}, .unit = "", .type = ValueType::kInteger,
     .shape = Shape::kScalar, .range = nullptr, .max = kCtcaeOrganGradeMax,
     .max_source = SourceId::kCtcae5, .hold = Hold::kCarried, .group = CarriedFinding::kLegacy,
     .json_path = "organ_toxicity.transaminases", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& {
       return e.findings.legacy.organ_toxicity.transaminases; }>(),
     .sample = "3"},
    {.id = Finding::kOtherOrganGrade, .code = "other_organ_grade",
     .wide = {{{"other_organ_grade", ""}}}, .unit = "", .type = ValueType::kInteger,
     .shape = Shape::kScalar, .range = nullptr, .max = kCtcaeOrganGradeMax,
     .max_source = SourceId::kCtcae5, .hold = Hold::kCarried, .group = CarriedFinding::kLegacy,
     .json_path = "organ_toxicity.other", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.organ_toxicity.other; }>(),
     .sample = "1"},
    {.id = Finding::kHospitalisedForCrs, .code = "hospitalised_for_crs",
     .wide = {{{"hospitalised_for_crs", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kLegacy, .json_path = "hospitalised_for_crs",
     .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.hospitalised_for_crs; }>(),
     .sample = "true"},
    {.id = Finding::kIvTherapyForCrs, .code = "iv_therapy_for_crs",
     .wide = {{{"iv_therapy_for_crs", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kLegacy, .json_path = "iv_therapy_for_crs",
     .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.iv_therapy_for_crs; }>(),
     .sample = "true"},
    {.id = Finding::kHypotensionRefractory, .code = "hypotension_refractory",
     .wide = {{{"hypotension_refractory", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kLegacy,
     .json_path = "hypotension_refractory", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& { return e.findings.legacy.hypotension_refractory; }>(),
     .sample = "true"},
    {.id = Finding::kCoagulopathyNeedingProducts, .code = "coagulopathy_needing_products",
     .wide = {{{"coagulopathy_needing_products", ""}}}, .unit = "", .type = ValueType::kBool,
     .shape = Shape::kScalar, .range = nullptr, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kCarried, .group = CarriedFinding::kLegacy,
     .json_path = "coagulopathy_needing_products", .json_quantity = false, .codes = nullptr,
     .access = Slot<[](auto& e) -> auto& {
       return e.findings.legacy.coagulopathy_needing_products; }>(),
     .sample = "true"},
    {.id = Finding::kCrsDeath, .code = "crs_death", .wide = {{{"crs_death", ""}}}, .unit = "",
     .type = ValueType::kBool, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kNever,
     .group = CarriedFinding::kLegacy, .json_path = "crs_death", .json_quantity = false,
     .codes = nullptr, .access = Slot<[](auto& e) -> auto& { return e.findings.crs_death; }>(),
     .sample = "true"},
    {.id = Finding::kIcansDeath, .code = "icans_death", .wide = {{{"icans_death", ""}}}, .unit = "",
     .type = ValueType::kBool, .shape = Shape::kScalar, .range = nullptr, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kNever,
     .group = CarriedFinding::kLegacy, .json_path = "icans_death", .json_quantity = false,
     .codes = nullptr, .access = Slot<[](auto& e) -> auto& { return e.findings.icans_death; }>(),
     .sample = "true"},
    {.id = Finding::kTocilizumab, .code = "tocilizumab", .wide = {{{"tocilizumab_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "640"},
    {.id = Finding::kSiltuximab, .code = "siltuximab", .wide = {{{"siltuximab_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "770"},
    {.id = Finding::kAnakinra, .code = "anakinra", .wide = {{{"anakinra_mg", "mg"}}}, .unit = "mg",
     .type = ValueType::kNumber, .shape = Shape::kTreatment, .range = &kDrugDoseMgLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kNever,
     .group = CarriedFinding::kLegacy, .json_path = "", .json_quantity = false, .codes = nullptr,
     .access = {}, .sample = "100"},
    {.id = Finding::kDexamethasone, .code = "dexamethasone", .wide = {{{"dexamethasone_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "10"},
    {.id = Finding::kMethylprednisolone, .code = "methylprednisolone",
     .wide = {{{"methylprednisolone_mg", "mg"}}}, .unit = "mg", .type = ValueType::kNumber,
     .shape = Shape::kTreatment, .range = &kDrugDoseMgLimits, .max = 0,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kNever,
     .group = CarriedFinding::kLegacy, .json_path = "", .json_quantity = false, .codes = nullptr,
     .access = {}, .sample = "1000"},
    {.id = Finding::kLevetiracetam, .code = "levetiracetam", .wide = {{{"levetiracetam_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "500"},
    {.id = Finding::kParacetamol, .code = "paracetamol", .wide = {{{"paracetamol_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "1000"},
    {.id = Finding::kIbuprofen, .code = "ibuprofen", .wide = {{{"ibuprofen_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "400"},
    {.id = Finding::kLorazepam, .code = "lorazepam", .wide = {{{"lorazepam_mg", "mg"}}},
     .unit = "mg", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kDrugDoseMgLimits, .max = 0, .max_source = SourceId::kCartwatchPolicy,
     .hold = Hold::kNever, .group = CarriedFinding::kLegacy, .json_path = "",
     .json_quantity = false, .codes = nullptr, .access = {}, .sample = "4"},
    {.id = Finding::kFluidBolus, .code = "fluid_bolus", .wide = {{{"fluid_boluses", ""}}},
     .unit = "mL", .type = ValueType::kNumber, .shape = Shape::kTreatment,
     .range = &kFluidBolusMillilitresLimits, .max = kFluidBolusesMax,
     .max_source = SourceId::kCartwatchPolicy, .hold = Hold::kNever,
     .group = CarriedFinding::kLegacy, .json_path = "", .json_quantity = false, .codes = nullptr,
     .access = {}, .sample = "1000"},
}};
// clang-format on

static_assert(IndexedByEnum(kFindings, &FindingInfo::id),
              "kFindings has one row per Finding, in enum order");
static_assert(static_cast<int>(Finding::kFluidBolus) + 1 == kFindingCount);
static_assert(FindingOf(Vasopressor::kVasopressin) == Finding::kVasopressin);
static_assert(FindingOf(Drug::kLorazepam) == Finding::kLorazepam);

// That every row is complete for its type and shape is tested (findings_test.cc): GCC cannot
// compare addresses with nullptr in a constant expression under UBSan.

}  // namespace

std::span<const FindingInfo> Findings() noexcept { return kFindings; }

const FindingInfo& Describe(Finding finding) noexcept {
  return kFindings[static_cast<std::size_t>(finding)];
}

std::string_view DoseUnitOf(Vasopressor agent) noexcept { return Describe(FindingOf(agent)).unit; }

const PlausibleRange& DoseLimitsOf(Vasopressor agent) noexcept {
  return *Describe(FindingOf(agent)).range;
}

}  // namespace cartwatch::core
