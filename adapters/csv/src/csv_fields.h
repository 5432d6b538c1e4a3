// The vocabulary of the CSV layouts: the `kind` codes of the long layout and the columns of the
// wide one, both mapped to one Field, with their units. docs/csv-format.md lists the same tables
// for people (reader_test.cc checks that every code and column of these tables is documented).
#ifndef CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_
#define CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/protocol.h"

namespace cartwatch::adapters::csv {

// One thing a row or cell records. The five vasopressors and the eight drugs are contiguous and in
// the order of core::Vasopressor and core::Drug.
enum class Field : std::uint8_t {
  kInfusion,
  kAge,
  kTemperature,
  kSystolicBp,
  kMeanBp,
  kHypotension,
  kFeverOtherCause,
  kFeverMasked,
  kNorepinephrine,
  kEpinephrine,
  kPhenylephrine,
  kDopamine,
  kVasopressin,
  kVasopressors,  // value `none`: no vasopressor running
  kO2Device,
  kO2Flow,
  kFio2,
  kO2Reason,
  kIceTotal,
  kIceOrientation,
  kIceNaming,
  kIceCommands,
  kIceWriting,
  kIceAttention,
  kCapd,
  kDevelopmentalDelay,
  kConsciousness,
  kSeizure,
  kMotor,
  kIcp,
  kCreatinineGrade,
  kTransaminasesGrade,
  kOtherOrganGrade,
  kHospitalisedForCrs,
  kIvTherapyForCrs,
  kHypotensionRefractory,
  kCoagulopathyNeedingProducts,
  kCrsDeath,
  kIcansDeath,
  kTocilizumab,
  kSiltuximab,
  kAnakinra,
  kDexamethasone,
  kMethylprednisolone,
  kLevetiracetam,
  kParacetamol,
  kIbuprofen,
  kFluidBolus,
  kInfusionTime,  // wide only: the time of the infusion named in `product`
  kFluidBoluses,  // wide only: the number of boluses given at the row's time
};
inline constexpr int kFieldCount = 50;

constexpr Field FieldOf(core::Vasopressor agent) {
  return static_cast<Field>(static_cast<int>(Field::kNorepinephrine) + static_cast<int>(agent));
}
constexpr Field FieldOf(core::Drug drug) {
  return static_cast<Field>(static_cast<int>(Field::kTocilizumab) + static_cast<int>(drug));
}
constexpr bool IsVasopressor(Field field) {
  return field >= Field::kNorepinephrine && field <= Field::kVasopressin;
}
constexpr bool IsDrug(Field field) {
  return field >= Field::kTocilizumab && field <= Field::kIbuprofen;
}
constexpr core::Vasopressor VasopressorOf(Field field) {
  return static_cast<core::Vasopressor>(static_cast<int>(field) -
                                        static_cast<int>(Field::kNorepinephrine));
}
constexpr core::Drug DrugOf(Field field) {
  return static_cast<core::Drug>(static_cast<int>(field) - static_cast<int>(Field::kTocilizumab));
}

// A long-layout kind: its code and the units it accepts (empty: the unit cell must be empty).
struct LongKind {
  Field field;
  std::string_view kind;
  std::string_view unit;  // the one accepted unit; temperature accepts "Cel" and "[degF]"
};
std::span<const LongKind> LongKinds() noexcept;
// Constant time: a hash lookup, the hot path of the long reader.
std::optional<Field> FindLongKind(std::string_view kind) noexcept;
const LongKind& LongKindOf(Field field) noexcept;  // not for kInfusionTime / kFluidBoluses

// A wide-layout column: the unit is part of its name, `unit` is what the cell is read in.
struct WideColumn {
  Field field;
  std::string_view name;
  std::string_view unit;
};
std::span<const WideColumn> WideColumns() noexcept;
std::optional<WideColumn> FindWideColumn(std::string_view name) noexcept;

// Text of a received value for an error message: cut after 80 bytes, never inside a UTF-8
// sequence, with "..." when cut.
std::string EchoText(std::string_view text);

// Strict number syntax: what std::from_chars reads (no sign '+', no spaces), finite.
std::optional<double> ParseNumber(std::string_view text) noexcept;

}  // namespace cartwatch::adapters::csv

#endif  // CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_
