#include "csv_fields.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>

namespace cartwatch::adapters::csv {

namespace {

constexpr std::array<LongKind, 48> kLongKinds{{
    {Field::kInfusion, "infusion", ""},
    {Field::kAge, "age", "a"},
    {Field::kTemperature, "temperature", "Cel"},
    {Field::kSystolicBp, "systolic_bp", "mm[Hg]"},
    {Field::kMeanBp, "mean_bp", "mm[Hg]"},
    {Field::kHypotension, "hypotension", ""},
    {Field::kFeverOtherCause, "fever_other_cause", ""},
    {Field::kFeverMasked, "fever_masked", ""},
    {Field::kNorepinephrine, "norepinephrine", "ug/min"},
    {Field::kEpinephrine, "epinephrine", "ug/min"},
    {Field::kPhenylephrine, "phenylephrine", "ug/min"},
    {Field::kDopamine, "dopamine", "ug/kg/min"},
    {Field::kVasopressin, "vasopressin", "U/min"},
    {Field::kVasopressors, "vasopressors", ""},
    {Field::kO2Device, "o2_device", ""},
    {Field::kO2Flow, "o2_flow", "L/min"},
    {Field::kFio2, "fio2", "%"},
    {Field::kO2Reason, "o2_reason", ""},
    {Field::kIceTotal, "ice_total", ""},
    {Field::kIceOrientation, "ice_orientation", ""},
    {Field::kIceNaming, "ice_naming", ""},
    {Field::kIceCommands, "ice_commands", ""},
    {Field::kIceWriting, "ice_writing", ""},
    {Field::kIceAttention, "ice_attention", ""},
    {Field::kCapd, "capd", ""},
    {Field::kDevelopmentalDelay, "developmental_delay", ""},
    {Field::kConsciousness, "consciousness", ""},
    {Field::kSeizure, "seizure", ""},
    {Field::kMotor, "motor", ""},
    {Field::kIcp, "icp", ""},
    {Field::kCreatinineGrade, "creatinine_grade", ""},
    {Field::kTransaminasesGrade, "transaminases_grade", ""},
    {Field::kOtherOrganGrade, "other_organ_grade", ""},
    {Field::kHospitalisedForCrs, "hospitalised_for_crs", ""},
    {Field::kIvTherapyForCrs, "iv_therapy_for_crs", ""},
    {Field::kHypotensionRefractory, "hypotension_refractory", ""},
    {Field::kCoagulopathyNeedingProducts, "coagulopathy_needing_products", ""},
    {Field::kCrsDeath, "crs_death", ""},
    {Field::kIcansDeath, "icans_death", ""},
    {Field::kTocilizumab, "tocilizumab", "mg"},
    {Field::kSiltuximab, "siltuximab", "mg"},
    {Field::kAnakinra, "anakinra", "mg"},
    {Field::kDexamethasone, "dexamethasone", "mg"},
    {Field::kMethylprednisolone, "methylprednisolone", "mg"},
    {Field::kLevetiracetam, "levetiracetam", "mg"},
    {Field::kParacetamol, "paracetamol", "mg"},
    {Field::kIbuprofen, "ibuprofen", "mg"},
    {Field::kFluidBolus, "fluid_bolus", "mL"},
}};

// kFluidBolus (a volume) has no wide column: the wide layout counts boluses (kFluidBoluses).
constexpr std::array<WideColumn, 50> kWideColumns{{
    {Field::kInfusion, "product", ""},
    {Field::kInfusionTime, "infusion_time", ""},
    {Field::kAge, "age_years", "a"},
    {Field::kTemperature, "temperature_c", "Cel"},
    {Field::kTemperature, "temperature_f", "[degF]"},
    {Field::kSystolicBp, "systolic_bp_mmhg", "mm[Hg]"},
    {Field::kMeanBp, "mean_bp_mmhg", "mm[Hg]"},
    {Field::kHypotension, "hypotension", ""},
    {Field::kFeverOtherCause, "fever_other_cause", ""},
    {Field::kFeverMasked, "fever_masked", ""},
    {Field::kNorepinephrine, "norepinephrine_ug_min", "ug/min"},
    {Field::kEpinephrine, "epinephrine_ug_min", "ug/min"},
    {Field::kPhenylephrine, "phenylephrine_ug_min", "ug/min"},
    {Field::kDopamine, "dopamine_ug_kg_min", "ug/kg/min"},
    {Field::kVasopressin, "vasopressin_u_min", "U/min"},
    {Field::kVasopressors, "vasopressors", ""},
    {Field::kO2Device, "o2_device", ""},
    {Field::kO2Flow, "o2_flow_l_min", "L/min"},
    {Field::kFio2, "fio2_percent", "%"},
    {Field::kO2Reason, "o2_reason", ""},
    {Field::kIceTotal, "ice_total", ""},
    {Field::kIceOrientation, "ice_orientation", ""},
    {Field::kIceNaming, "ice_naming", ""},
    {Field::kIceCommands, "ice_commands", ""},
    {Field::kIceWriting, "ice_writing", ""},
    {Field::kIceAttention, "ice_attention", ""},
    {Field::kCapd, "capd", ""},
    {Field::kDevelopmentalDelay, "developmental_delay", ""},
    {Field::kConsciousness, "consciousness", ""},
    {Field::kSeizure, "seizure", ""},
    {Field::kMotor, "motor", ""},
    {Field::kIcp, "icp", ""},
    {Field::kCreatinineGrade, "creatinine_grade", ""},
    {Field::kTransaminasesGrade, "transaminases_grade", ""},
    {Field::kOtherOrganGrade, "other_organ_grade", ""},
    {Field::kHospitalisedForCrs, "hospitalised_for_crs", ""},
    {Field::kIvTherapyForCrs, "iv_therapy_for_crs", ""},
    {Field::kHypotensionRefractory, "hypotension_refractory", ""},
    {Field::kCoagulopathyNeedingProducts, "coagulopathy_needing_products", ""},
    {Field::kCrsDeath, "crs_death", ""},
    {Field::kIcansDeath, "icans_death", ""},
    {Field::kTocilizumab, "tocilizumab_mg", "mg"},
    {Field::kSiltuximab, "siltuximab_mg", "mg"},
    {Field::kAnakinra, "anakinra_mg", "mg"},
    {Field::kDexamethasone, "dexamethasone_mg", "mg"},
    {Field::kMethylprednisolone, "methylprednisolone_mg", "mg"},
    {Field::kLevetiracetam, "levetiracetam_mg", "mg"},
    {Field::kParacetamol, "paracetamol_mg", "mg"},
    {Field::kIbuprofen, "ibuprofen_mg", "mg"},
    {Field::kFluidBoluses, "fluid_boluses", ""},
}};

// Open addressing over 128 slots (the kinds fill 48): FNV-1a of the whole code, linear probing.
constexpr std::size_t kSlots = 128;
constexpr std::uint8_t kEmpty = 0xFF;

constexpr std::uint32_t Hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

constexpr std::array<std::uint8_t, kSlots> BuildSlots() {
  std::array<std::uint8_t, kSlots> slots{};
  for (auto& slot : slots) slot = kEmpty;
  for (std::size_t i = 0; i < kLongKinds.size(); ++i) {
    std::size_t at = Hash(kLongKinds[i].kind) % kSlots;
    while (slots[at] != kEmpty) at = (at + 1) % kSlots;
    slots[at] = static_cast<std::uint8_t>(i);
  }
  return slots;
}
constexpr std::array<std::uint8_t, kSlots> kSlotsOfKinds = BuildSlots();

constexpr bool TableIsInFieldOrder() {
  for (std::size_t i = 0; i < kLongKinds.size(); ++i) {
    if (static_cast<std::size_t>(kLongKinds[i].field) != i) return false;
  }
  return true;
}
static_assert(TableIsInFieldOrder(), "kLongKinds is indexed by Field");
static_assert(static_cast<int>(Field::kFluidBoluses) + 1 == kFieldCount);
static_assert(FieldOf(core::Vasopressor::kVasopressin) == Field::kVasopressin);
static_assert(FieldOf(core::Drug::kIbuprofen) == Field::kIbuprofen);

}  // namespace

std::span<const LongKind> LongKinds() noexcept { return kLongKinds; }

std::optional<Field> FindLongKind(std::string_view kind) noexcept {
  std::size_t at = Hash(kind) % kSlots;
  while (kSlotsOfKinds[at] != kEmpty) {
    const LongKind& candidate = kLongKinds[kSlotsOfKinds[at]];
    if (candidate.kind == kind) return candidate.field;
    at = (at + 1) % kSlots;
  }
  return std::nullopt;
}

const LongKind& LongKindOf(Field field) noexcept {
  const auto index = static_cast<std::size_t>(field);
  return kLongKinds[index < kLongKinds.size() ? index : 0];
}

std::span<const WideColumn> WideColumns() noexcept { return kWideColumns; }

std::optional<WideColumn> FindWideColumn(std::string_view name) noexcept {
  for (const WideColumn& column : kWideColumns) {
    if (column.name == name) return column;
  }
  return std::nullopt;
}

std::string EchoText(std::string_view text) {
  constexpr std::size_t kMaxEcho = 80;
  if (text.size() <= kMaxEcho) return std::string(text);
  std::size_t cut = kMaxEcho;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

std::optional<double> ParseNumber(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace cartwatch::adapters::csv
