// Every finding a patient record can hold, described once as data: its stable code (the kind of
// the long CSV layout), its wide CSV column(s), its unit (UCUM), its plausible range or score
// maximum (core/limits.h), how long the timeline carries it forward, where it sits in
// cartwatch.assessment/1, and how it reaches a core::TimelineEntry.
//
// The CSV reader and writers, the timeline's carry-forward and the documentation tests loop over
// these rows, so a finding is added by adding one row (and its enumerator); a test walks every
// row through every path (tests/findings/finding_paths_test.cc) and fails for any it misses.
// Plain scalar findings reach the entry through `access`; the structured ones (vasopressor
// agents, the "no vasopressor" record, the signs of raised ICP, treatments) carry a Shape tag
// that the few places reading them handle by name.
#ifndef CARTWATCH_CORE_FINDINGS_H_
#define CARTWATCH_CORE_FINDINGS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

// One row each in Findings(), in this order (checked at compile time). The five vasopressors and
// the eight drugs are contiguous and in the order of core::Vasopressor and core::Drug.
enum class Finding : std::uint8_t {
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
  kVasopressors,  // the record "no vasopressor running"
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
  kLorazepam,
  kFluidBolus,
};
inline constexpr int kFindingCount = 48;

constexpr Finding FindingOf(Vasopressor agent) {
  return static_cast<Finding>(static_cast<int>(Finding::kNorepinephrine) + static_cast<int>(agent));
}
constexpr Finding FindingOf(Drug drug) {
  return static_cast<Finding>(static_cast<int>(Finding::kTocilizumab) + static_cast<int>(drug));
}
constexpr Vasopressor VasopressorOf(Finding finding) {
  return static_cast<Vasopressor>(static_cast<int>(finding) -
                                  static_cast<int>(Finding::kNorepinephrine));
}
constexpr Drug DrugOf(Finding finding) {
  return static_cast<Drug>(static_cast<int>(finding) - static_cast<int>(Finding::kTocilizumab));
}

// What one value of the finding is.
enum class ValueType : std::uint8_t {
  kNumber,   // a quantity in `unit`, within `range`
  kInteger,  // a whole number from 0 to `max` (a score, a grade, a count)
  kBool,     // true or false
  kCode,     // one code of a vocabulary (core/vocabulary.h)
};

// How the finding sits in a TimelineEntry.
enum class Shape : std::uint8_t {
  kScalar,            // one optional value, read and written through `access`
  kTemperature,       // a scalar in Celsius, received in Cel or [degF]
  kVasopressorDose,   // an agent: running, stopped (dose 0) or running at a dose
  kVasopressorsNone,  // the value `none`: every agent stopped
  kIcpSign,           // one sign of raised ICP, or `none`; the signs of one instant add up
  kTreatment,         // an event in TimelineEntry::treatments
};

// How long the timeline holds the finding after it was recorded.
enum class Hold : std::uint8_t {
  kCarried,      // on its own, within CarryLimits::For(group)
  kWithRecord,   // within the group's limit, with the record it belongs to: the oxygen record
                 // (carried whole), the ICE record (items or total), and CAPD and the level of
                 // consciousness (a recent one drops an older other)
  kWholeCourse,  // age, developmental delay
  kNever,        // events: deaths and treatments
};

// One value of a plain finding: a quantity, a whole number, a truth value, or the index of a code
// in its enum.
using ScalarValue = std::variant<double, int, bool, std::uint8_t>;

struct FindingAccess {
  std::optional<ScalarValue> (*get)(const TimelineEntry& entry) = nullptr;
  void (*set)(TimelineEntry& entry, const ScalarValue& value) = nullptr;
};

// The codes of a kCode finding (and of the ICP signs).
struct CodeVocabulary {
  std::optional<std::uint8_t> (*find)(std::string_view code) = nullptr;
  std::string_view (*code_of)(std::uint8_t index) = nullptr;
  std::string (*list)() = nullptr;  // every code, ", "-separated, for messages
};

// A wide CSV column: the unit is part of its name; `unit` is what its cells are read in.
struct WideName {
  std::string_view name;
  std::string_view unit;
};

struct FindingInfo {
  Finding id = Finding::kAge;
  std::string_view code;  // stable; also the `kind` of the long CSV layout
  // The wide layout's columns: one, two for temperature (Celsius first: the one written), or none.
  // fluid_bolus is counted there (fluid_boluses, a whole number up to `max`), not measured.
  std::array<WideName, 2> wide{};
  std::string_view unit;  // UCUM unit of a quantity or dose; empty: none
  ValueType type = ValueType::kBool;
  Shape shape = Shape::kScalar;
  const PlausibleRange* range = nullptr;       // kNumber: the plausible values (core/limits.h)
  int max = 0;                                 // kInteger: the largest value
  SourceId max_source = SourceId::kAstct2019;  // kInteger: the source of `max`
  Hold hold = Hold::kCarried;
  CarriedFinding group = CarriedFinding::kLegacy;  // read when hold == kCarried
  // The member in cartwatch.assessment/1, dot-separated (docs/assessment-schema.md); empty when
  // the assessment does not hold it (blood pressure and treatments are timeline inputs).
  std::string_view json_path;
  bool json_quantity = false;             // written {"value": ..., "unit": ...}, not a bare value
  const CodeVocabulary* codes = nullptr;  // kCode and kIcpSign
  FindingAccess access;                   // kScalar, kTemperature, and the dose of kVasopressorDose
  std::string_view sample;                // a valid value as CSV text, for the tests of every path
};

std::span<const FindingInfo> Findings() noexcept;
const FindingInfo& Describe(Finding finding) noexcept;

// The one unit each vasopressor's dose is recorded in, in every format: the units of the Lee 2014
// high-dose vasopressor table (Lee DW et al., Blood 2014; docs/clinical/older-systems.md, "The
// high-dose vasopressor table"): ug/min, dopamine ug/kg/min, vasopressin U/min.
std::string_view DoseUnitOf(Vasopressor agent) noexcept;
// The plausible running dose of each agent (core/limits.h), in DoseUnitOf(agent).
const PlausibleRange& DoseLimitsOf(Vasopressor agent) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_FINDINGS_H_
