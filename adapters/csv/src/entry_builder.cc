#include "entry_builder.h"

#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "cartwatch/core/limits.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/units.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters::csv {

namespace {

using core::ErrorCode;

constexpr std::uint64_t Bit(Field field) { return std::uint64_t{1} << static_cast<int>(field); }

// Fields that may be recorded more than once at one time: ICP signs accumulate, treatments are
// events (two boluses at one instant are two boluses).
constexpr bool IsRepeatable(Field field) {
  return field == Field::kIcp || IsDrug(field) || field == Field::kFluidBolus ||
         field == Field::kFluidBoluses;
}

std::string Quoted(std::string_view text) { return "\"" + EchoText(text) + "\""; }

std::string_view SourceKey(core::SourceId id) { return core::Describe(id).key; }

// Appends one refusal; always returns false so callers can `return Fail(...)`.
bool Fail(std::vector<core::Error>& errors, ErrorCode code, const EntryBuilder::Input& input,
          std::string message, std::string_view rule = "") {
  errors.push_back(core::Error{code, std::string(input.name), EchoText(input.value),
                               std::move(message), std::string(rule)});
  return false;
}

bool WrongType(std::vector<core::Error>& errors, const EntryBuilder::Input& input,
               std::string_view expected) {
  return Fail(errors, ErrorCode::kWrongType, input,
              std::string(input.name) + " must be " + std::string(expected) + ", got " +
                  Quoted(input.value));
}

// The unit cell of a quantity: exactly `expected` (the wide layout passes the column's unit).
bool CheckUnit(std::vector<core::Error>& errors, const EntryBuilder::Input& input,
               std::string_view expected) {
  if (input.unit == expected) return true;
  if (input.unit.empty()) {
    return Fail(errors, ErrorCode::kMissingUnit, input,
                std::string(input.name) + " needs its unit in the unit column: " +
                    std::string(expected) + " (the unit is never assumed)");
  }
  return Fail(errors, ErrorCode::kUnknownUnit, input,
              std::string(input.name) + " is recorded in " + std::string(expected) + ", got unit " +
                  Quoted(input.unit) + " (UCUM codes, case-sensitive)");
}

bool CheckNoUnit(std::vector<core::Error>& errors, const EntryBuilder::Input& input) {
  if (input.unit.empty()) return true;
  return Fail(errors, ErrorCode::kUnknownUnit, input,
              std::string(input.name) + " takes no unit (leave the unit cell empty), got " +
                  Quoted(input.unit));
}

std::string RangeText(const core::PlausibleRange& range) {
  return std::string(range.min_exclusive ? "above " : "from ") + core::ShortestText(range.min) +
         " to " + core::ShortestText(range.max) + " " + std::string(range.unit);
}

// `shown` is the value as the message states it (with a conversion, when there was one).
bool CheckRange(std::vector<core::Error>& errors, const EntryBuilder::Input& input, double value,
                const core::PlausibleRange& range, std::string_view shown) {
  const bool below = range.min_exclusive ? value <= range.min : value < range.min;
  if (!below && value <= range.max) return true;
  return Fail(errors, ErrorCode::kImplausibleValue, input,
              std::string(input.name) + " " + std::string(shown) + " is implausible: " +
                  std::string(range.why) + "; accepted " + RangeText(range) + " (check the unit)",
              SourceKey(below ? range.min_source : range.max_source));
}

bool ParseQuantity(std::vector<core::Error>& errors, const EntryBuilder::Input& input,
                   std::string_view unit, const core::PlausibleRange& range, double& value) {
  const std::optional<double> number = ParseNumber(input.value);
  if (!number) return WrongType(errors, input, "a number");
  if (!CheckUnit(errors, input, unit)) return false;
  value = *number;
  return CheckRange(errors, input, value, range,
                    std::string(input.value) + " " + std::string(range.unit));
}

// Integers: "4" and "4.0" are 4; "4.5" is refused, never truncated (as in the JSON reader).
bool ParseInteger(std::vector<core::Error>& errors, const EntryBuilder::Input& input, int max,
                  std::string_view rule, int& value) {
  const char* end = input.value.data() + input.value.size();
  const auto [stop, error] = std::from_chars(input.value.data(), end, value);
  if (error != std::errc() || stop != end || input.value.empty()) {
    const std::optional<double> number = ParseNumber(input.value);
    if (!number) return WrongType(errors, input, "a whole number");
    if (*number != std::floor(*number)) {
      return Fail(errors, ErrorCode::kNotInteger, input,
                  std::string(input.name) + " must be a whole number, got " + Quoted(input.value));
    }
    if (std::fabs(*number) > 1e6) {
      return Fail(errors, ErrorCode::kOutOfRange, input,
                  std::string(input.name) + " must be from 0 to " + std::to_string(max) + ", got " +
                      Quoted(input.value),
                  rule);
    }
    value = static_cast<int>(*number);
  }
  if (value < 0 || value > max) {
    return Fail(errors, ErrorCode::kOutOfRange, input,
                std::string(input.name) + " must be from 0 to " + std::to_string(max) + ", got " +
                    std::to_string(value),
                rule);
  }
  return CheckNoUnit(errors, input);
}

bool ParseBool(std::vector<core::Error>& errors, const EntryBuilder::Input& input, bool& value) {
  if (input.value == "true") {
    value = true;
  } else if (input.value == "false") {
    value = false;
  } else {
    return WrongType(errors, input, "true or false");
  }
  return CheckNoUnit(errors, input);
}

template <typename E>
bool ParseCode(std::vector<core::Error>& errors, const EntryBuilder::Input& input,
               std::string_view value_text, E& value) {
  if (const std::optional<E> found = core::FindTerm<E>(value_text)) {
    value = *found;
    return CheckNoUnit(errors, input);
  }
  std::string known;
  for (const core::Term<E>& term : core::Terms(E{})) {
    if (!known.empty()) known += ", ";
    known += term.code;
  }
  errors.push_back(core::Error{ErrorCode::kUnknownCode, std::string(input.name),
                               EchoText(value_text),
                               std::string(input.name) + " " + Quoted(value_text) +
                                   " is not a known code; use one of: " + known,
                               ""});
  return false;
}

const core::PlausibleRange& DoseLimitsOf(core::Vasopressor agent) {
  switch (agent) {
    case core::Vasopressor::kPhenylephrine:
      return core::kPhenylephrineUgPerMinLimits;
    case core::Vasopressor::kDopamine:
      return core::kDopamineUgPerKgPerMinLimits;
    case core::Vasopressor::kVasopressin:
      return core::kVasopressinUnitsPerMinLimits;
    case core::Vasopressor::kNorepinephrine:
    case core::Vasopressor::kEpinephrine:
      break;
  }
  return core::kCatecholamineUgPerMinLimits;
}

}  // namespace

void EntryBuilder::Start(core::UnixSeconds time, std::uint64_t line) {
  entry_ = core::TimelineEntry{};
  entry_.time = time;
  entry_.line = line;
  active_ = true;
  spoiled_ = false;
  icp_none_ = false;
  seen_ = 0;
  device_.reset();
  flow_l_per_min_.reset();
  fio2_percent_.reset();
  reason_.reset();
  device_line_ = 0;
  first_oxygen_part_line_ = 0;
}

// NOLINTNEXTLINE(readability-function-size): one case per field, 220 lines
bool EntryBuilder::Apply(const Input& input, std::uint64_t line, std::vector<core::Error>& errors) {
  const std::size_t errors_before = errors.size();
  const bool ok = [&] {
    if (!IsRepeatable(input.field) && (seen_ & Bit(input.field)) != 0) {
      return Fail(errors, ErrorCode::kDuplicateKey, input,
                  std::string(input.name) +
                      " is recorded twice for this patient at this time; keep one value");
    }
    seen_ |= Bit(input.field);
    core::Assessment& findings = entry_.findings;
    core::NeuroAssessment& neuro = findings.neuro;
    core::LegacyCrsFindings& legacy = findings.legacy;
    double number = 0.0;
    int integer = 0;
    bool flag = false;
    switch (input.field) {
      case Field::kAge:
        if (!ParseQuantity(errors, input, "a", core::kAgeYearsLimits, number)) return false;
        findings.age_years = number;
        return true;
      case Field::kTemperature: {
        const std::optional<double> value = ParseNumber(input.value);
        if (!value) return WrongType(errors, input, "a number");
        if (input.unit.empty()) {
          return Fail(errors, ErrorCode::kMissingUnit, input,
                      std::string(input.name) +
                          " needs its unit: Cel or [degF] (the unit is never assumed)");
        }
        const std::optional<core::TemperatureUnit> unit =
            core::ParseUcumTemperatureUnit(input.unit);
        if (!unit) {
          return Fail(errors, ErrorCode::kUnknownUnit, input,
                      std::string(input.name) + " unit " + Quoted(input.unit) +
                          " is not accepted: use Cel or [degF] (UCUM, case-sensitive)");
        }
        const double celsius = core::ToCelsius(*value, *unit);
        std::string shown = std::string(input.value) + " " + std::string(input.unit);
        if (*unit == core::TemperatureUnit::kFahrenheit) {
          shown += " (" + core::ShortestText(celsius) + " degC)";
        }
        if (!CheckRange(errors, input, celsius, core::kTemperatureCelsiusLimits, shown)) {
          return false;
        }
        findings.temperature_celsius = celsius;
        return true;
      }
      case Field::kSystolicBp:
        if (!ParseQuantity(errors, input, "mm[Hg]", core::kSystolicBpMmHgLimits, number)) {
          return false;
        }
        entry_.blood_pressure.systolic_mmhg = number;
        return true;
      case Field::kMeanBp:
        if (!ParseQuantity(errors, input, "mm[Hg]", core::kMeanBpMmHgLimits, number)) return false;
        entry_.blood_pressure.mean_mmhg = number;
        return true;
      case Field::kHypotension:
        if (!ParseBool(errors, input, flag)) return false;
        findings.hypotension = flag;
        return true;
      case Field::kFeverOtherCause:
        if (!ParseBool(errors, input, flag)) return false;
        findings.fever_other_cause = flag;
        return true;
      case Field::kFeverMasked:
        if (!ParseBool(errors, input, flag)) return false;
        findings.fever_masked = flag;
        return true;
      case Field::kNorepinephrine:
      case Field::kEpinephrine:
      case Field::kPhenylephrine:
      case Field::kDopamine:
      case Field::kVasopressin:
      case Field::kVasopressors:
        return ApplyVasopressor(input, errors);
      case Field::kO2Device: {
        core::OxygenDevice device{};
        if (!ParseCode(errors, input, input.value, device)) return false;
        device_ = device;
        device_line_ = line;
        return true;
      }
      case Field::kO2Flow:
        if (!ParseQuantity(errors, input, "L/min", core::kOxygenFlowLitresPerMinuteLimits,
                           number)) {
          return false;
        }
        flow_l_per_min_ = number;
        if (first_oxygen_part_line_ == 0) first_oxygen_part_line_ = line;
        return true;
      case Field::kFio2:
        if (!ParseQuantity(errors, input, "%", core::kFio2PercentLimits, number)) return false;
        fio2_percent_ = number;
        if (first_oxygen_part_line_ == 0) first_oxygen_part_line_ = line;
        return true;
      case Field::kO2Reason: {
        core::OxygenReason reason{};
        if (!ParseCode(errors, input, input.value, reason)) return false;
        reason_ = reason;
        if (first_oxygen_part_line_ == 0) first_oxygen_part_line_ = line;
        return true;
      }
      case Field::kIceTotal:
        if (!ParseInteger(errors, input, core::kIceTotalMax, SourceKey(core::SourceId::kAstct2019),
                          integer)) {
          return false;
        }
        neuro.ice_total = integer;
        return true;
      case Field::kIceOrientation:
      case Field::kIceNaming:
      case Field::kIceCommands:
      case Field::kIceWriting:
      case Field::kIceAttention: {
        static constexpr int kMax[] = {core::kIceOrientationMax, core::kIceNamingMax,
                                       core::kIceCommandsMax, core::kIceWritingMax,
                                       core::kIceAttentionMax};
        const int item = static_cast<int>(input.field) - static_cast<int>(Field::kIceOrientation);
        if (!ParseInteger(errors, input, kMax[item], SourceKey(core::SourceId::kAstct2019),
                          integer)) {
          return false;
        }
        core::IceItems& items = neuro.ice_items ? *neuro.ice_items : neuro.ice_items.emplace();
        std::optional<int>* const slots[] = {&items.orientation, &items.naming, &items.commands,
                                             &items.writing, &items.attention};
        *slots[item] = integer;
        return true;
      }
      case Field::kCapd:
        if (!ParseInteger(errors, input, core::kCapdTotalMax,
                          SourceKey(core::SourceId::kTraube2014), integer)) {
          return false;
        }
        neuro.capd_total = integer;
        return true;
      case Field::kDevelopmentalDelay:
        if (!ParseBool(errors, input, flag)) return false;
        neuro.developmental_delay = flag;
        return true;
      case Field::kConsciousness: {
        core::Consciousness value{};
        if (!ParseCode(errors, input, input.value, value)) return false;
        neuro.consciousness = value;
        return true;
      }
      case Field::kSeizure: {
        core::Seizure value{};
        if (!ParseCode(errors, input, input.value, value)) return false;
        neuro.seizure = value;
        return true;
      }
      case Field::kMotor: {
        core::MotorFinding value{};
        if (!ParseCode(errors, input, input.value, value)) return false;
        neuro.motor = value;
        return true;
      }
      case Field::kIcp:
        return ApplyIcp(input, errors);
      case Field::kCreatinineGrade:
      case Field::kTransaminasesGrade:
      case Field::kOtherOrganGrade: {
        if (!ParseInteger(errors, input, core::kCtcaeOrganGradeMax,
                          SourceKey(core::SourceId::kCtcae5), integer)) {
          return false;
        }
        core::OrganToxicity& organ = legacy.organ_toxicity;
        (input.field == Field::kCreatinineGrade      ? organ.creatinine
         : input.field == Field::kTransaminasesGrade ? organ.transaminases
                                                     : organ.other) = integer;
        return true;
      }
      case Field::kHospitalisedForCrs:
        if (!ParseBool(errors, input, flag)) return false;
        legacy.hospitalised_for_crs = flag;
        return true;
      case Field::kIvTherapyForCrs:
        if (!ParseBool(errors, input, flag)) return false;
        legacy.iv_therapy_for_crs = flag;
        return true;
      case Field::kHypotensionRefractory:
        if (!ParseBool(errors, input, flag)) return false;
        legacy.hypotension_refractory = flag;
        return true;
      case Field::kCoagulopathyNeedingProducts:
        if (!ParseBool(errors, input, flag)) return false;
        legacy.coagulopathy_needing_products = flag;
        return true;
      case Field::kCrsDeath:
        if (!ParseBool(errors, input, flag)) return false;
        findings.crs_death = flag;
        return true;
      case Field::kIcansDeath:
        if (!ParseBool(errors, input, flag)) return false;
        findings.icans_death = flag;
        return true;
      case Field::kTocilizumab:
      case Field::kSiltuximab:
      case Field::kAnakinra:
      case Field::kDexamethasone:
      case Field::kMethylprednisolone:
      case Field::kLevetiracetam:
      case Field::kParacetamol:
      case Field::kIbuprofen:
      case Field::kFluidBolus:
      case Field::kFluidBoluses:
        return ApplyTreatment(input, errors);
      case Field::kInfusion:
      case Field::kInfusionTime:
        break;
    }
    errors.push_back(core::Error{ErrorCode::kInternal, std::string(input.name), "",
                                 "the infusion is not part of an entry", ""});
    return false;
  }();
  if (!ok || errors.size() != errors_before) {
    spoiled_ = true;
    return false;
  }
  return true;
}

bool EntryBuilder::ApplyVasopressor(const Input& input, std::vector<core::Error>& errors) {
  constexpr std::uint64_t kAgents = Bit(Field::kNorepinephrine) | Bit(Field::kEpinephrine) |
                                    Bit(Field::kPhenylephrine) | Bit(Field::kDopamine) |
                                    Bit(Field::kVasopressin);
  if (input.field == Field::kVasopressors) {
    if (input.value != "none") {
      return Fail(errors, ErrorCode::kUnknownCode, input,
                  std::string(input.name) +
                      " takes only the value none (no vasopressor running); "
                      "record a running agent in its own " +
                      (input.wide ? "column" : "kind") + ", e.g. norepinephrine");
    }
    if (!CheckNoUnit(errors, input)) return false;
    if ((seen_ & kAgents) != 0) {
      return Fail(errors, ErrorCode::kContradictory, input,
                  "vasopressors none at the same time as a vasopressor dose of this patient");
    }
    for (std::optional<bool>& running : entry_.vasopressor_running) running = false;
    return true;
  }
  const core::Vasopressor agent = VasopressorOf(input.field);
  const auto index = static_cast<std::size_t>(agent);
  const std::string_view unit = LongKindOf(input.field).unit;
  if ((seen_ & Bit(Field::kVasopressors)) != 0) {
    return Fail(errors, ErrorCode::kContradictory, input,
                std::string(input.name) + " at the same time as vasopressors none");
  }
  if (input.value == "running") {
    if (!input.wide && !CheckNoUnit(errors, input)) return false;
    entry_.vasopressor_running[index] = true;
    return true;
  }
  const std::optional<double> dose = ParseNumber(input.value);
  if (!dose) {
    return WrongType(errors, input, "a dose in " + std::string(unit) + " (0 = stopped) or running");
  }
  if (!CheckUnit(errors, input, unit)) return false;
  if (*dose == 0.0) {
    entry_.vasopressor_running[index] = false;
    return true;
  }
  const core::PlausibleRange& range = DoseLimitsOf(agent);
  if (!CheckRange(errors, input, *dose, range,
                  std::string(input.value) + " " + std::string(range.unit))) {
    return false;
  }
  entry_.vasopressor_running[index] = true;
  entry_.findings.legacy.vasopressor_doses[index].dose = *dose;
  return true;
}

bool EntryBuilder::ApplyIcp(const Input& input, std::vector<core::Error>& errors) {
  if (!CheckNoUnit(errors, input)) return false;
  core::IcpFindingSet& signs =
      entry_.findings.neuro.icp ? *entry_.findings.neuro.icp : entry_.findings.neuro.icp.emplace();
  if (input.value == "none") {
    if (!signs.Empty() || icp_none_) {
      return Fail(errors, ErrorCode::kContradictory, input,
                  "icp none (assessed, no sign) with another icp record at the same time");
    }
    icp_none_ = true;
    return true;
  }
  core::IcpFinding sign{};
  if (!ParseCode(errors, input, input.value, sign)) return false;
  if (icp_none_) {
    return Fail(errors, ErrorCode::kContradictory, input,
                "icp " + Quoted(input.value) + " at the same time as icp none");
  }
  if (signs.Contains(sign)) {
    return Fail(errors, ErrorCode::kContradictory, input,
                "icp " + Quoted(input.value) + " is recorded twice at the same time");
  }
  signs.Add(sign);
  return true;
}

bool EntryBuilder::ApplyTreatment(const Input& input, std::vector<core::Error>& errors) {
  if (input.field == Field::kFluidBoluses) {  // wide: a count
    int count = 0;
    if (!ParseInteger(errors, input, core::kFluidBolusesMax,
                      SourceKey(core::SourceId::kCartwatchPolicy), count)) {
      return false;
    }
    for (int i = 0; i < count; ++i) {
      entry_.treatments.push_back(core::Treatment{core::TreatmentKind::kFluidBolus, {}, {}});
    }
    return true;
  }
  const bool bolus = input.field == Field::kFluidBolus;
  const core::PlausibleRange& range =
      bolus ? core::kFluidBolusMillilitresLimits : core::kDrugDoseMgLimits;
  core::Treatment treatment{bolus ? core::TreatmentKind::kFluidBolus : core::TreatmentKind::kDrug,
                            bolus ? core::Drug{} : DrugOf(input.field), std::nullopt};
  const bool not_recorded =
      input.wide ? input.value == "given" : input.value.empty() && input.unit.empty();
  if (!not_recorded) {
    const std::optional<double> amount = ParseNumber(input.value);
    if (!amount) {
      return WrongType(errors, input,
                       input.wide ? "a dose in mg, or given when the dose is not recorded"
                                  : "an amount in " + std::string(range.unit) +
                                        ", or value and unit both empty when it is not recorded");
    }
    if (!CheckUnit(errors, input, range.unit)) return false;
    if (!CheckRange(errors, input, *amount, range,
                    std::string(input.value) + " " + std::string(range.unit))) {
      return false;
    }
    // A bolus volume is checked but not kept: the older systems count boluses, not millilitres.
    if (!bolus) treatment.dose_mg = *amount;
  }
  entry_.treatments.push_back(treatment);
  return true;
}

bool EntryBuilder::Finish(bool wide, std::vector<CsvLineError>& errors) {
  active_ = false;
  if (spoiled_) return false;
  if (device_) {
    if (*device_ == core::OxygenDevice::kNasalCannula && !flow_l_per_min_) {
      errors.push_back(CsvLineError{
          device_line_,
          core::Error{ErrorCode::kMissingRequired, wide ? "o2_flow_l_min" : "o2_flow", "",
                      std::string("a nasal cannula needs its flow at the same time (") +
                          (wide ? "an o2_flow_l_min cell" : "an o2_flow row in L/min") +
                          "): ASTCT 2019 grades low flow (<= 6 L/min) and high flow apart",
                      std::string(SourceKey(core::SourceId::kAstct2019))}});
      return false;
    }
    entry_.findings.oxygen = core::OxygenSupport{*device_, flow_l_per_min_, reason_, fio2_percent_};
  } else if (flow_l_per_min_ || fio2_percent_ || reason_) {
    errors.push_back(CsvLineError{
        first_oxygen_part_line_,
        core::Error{ErrorCode::kMissingRequired, "o2_device", "",
                    std::string("oxygen flow, FiO2 and reason describe a device: record o2_device "
                                "at the same time (room_air when none)"),
                    ""}});
    return false;
  }
  return true;
}

}  // namespace cartwatch::adapters::csv
