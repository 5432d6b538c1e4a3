#include "entry_builder.h"

#include <charconv>
#include <cmath>
#include <string>
#include <utility>

#include "cartwatch/core/limits.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/units.h"
#include "cartwatch/core/validate.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters::csv {

namespace {

using core::ErrorCode;

// Findings that may be recorded more than once at one time: ICP signs accumulate, treatments are
// events (two boluses at one instant are two boluses).
constexpr bool IsRepeatable(const core::FindingInfo& info) {
  return info.shape == core::Shape::kIcpSign || info.shape == core::Shape::kTreatment;
}

using text::QuotedEcho;

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
                  QuotedEcho(input.value));
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
                  QuotedEcho(input.unit) + " (UCUM codes, case-sensitive)");
}

bool CheckNoUnit(std::vector<core::Error>& errors, const EntryBuilder::Input& input) {
  if (input.unit.empty()) return true;
  return Fail(errors, ErrorCode::kUnknownUnit, input,
              std::string(input.name) + " takes no unit (leave the unit cell empty), got " +
                  QuotedEcho(input.unit));
}

// `shown` is the value as the message states it (with a conversion, when there was one).
bool CheckRange(std::vector<core::Error>& errors, const EntryBuilder::Input& input, double value,
                const core::PlausibleRange& range, std::string_view shown) {
  std::optional<core::Error> error =
      core::CheckPlausible(input.name, value, range, EchoText(input.value), shown);
  if (!error) return true;
  errors.push_back(std::move(*error));
  return false;
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
      return Fail(
          errors, ErrorCode::kNotInteger, input,
          std::string(input.name) + " must be a whole number, got " + QuotedEcho(input.value));
    }
    if (std::fabs(*number) > 1e6) {
      return Fail(errors, ErrorCode::kOutOfRange, input,
                  std::string(input.name) + " must be from 0 to " + std::to_string(max) + ", got " +
                      QuotedEcho(input.value),
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

// Cel or [degF], converted to Celsius; the range applies to Celsius (the message shows both).
std::optional<double> ParseTemperature(std::vector<core::Error>& errors,
                                       const EntryBuilder::Input& input,
                                       const core::PlausibleRange& range) {
  const std::optional<double> number = ParseNumber(input.value);
  if (!number) {
    WrongType(errors, input, "a number");
    return std::nullopt;
  }
  if (input.unit.empty()) {
    Fail(errors, ErrorCode::kMissingUnit, input,
         std::string(input.name) + " needs its unit: Cel or [degF] (the unit is never assumed)");
    return std::nullopt;
  }
  const std::optional<core::TemperatureUnit> unit = core::ParseUcumTemperatureUnit(input.unit);
  if (!unit) {
    Fail(errors, ErrorCode::kUnknownUnit, input,
         std::string(input.name) + " unit " + QuotedEcho(input.unit) +
             " is not accepted: use Cel or [degF] (UCUM, case-sensitive)");
    return std::nullopt;
  }
  const double celsius = core::ToCelsius(*number, *unit);
  std::string shown = std::string(input.value) + " " + std::string(input.unit);
  if (*unit == core::TemperatureUnit::kFahrenheit) {
    shown += " (" + core::ShortestText(celsius) + " degC)";
  }
  if (!CheckRange(errors, input, celsius, range, shown)) return std::nullopt;
  return celsius;
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

bool ParseCode(std::vector<core::Error>& errors, const EntryBuilder::Input& input,
               std::string_view value_text, const core::CodeVocabulary& codes,
               std::uint8_t& value) {
  if (const std::optional<std::uint8_t> found = codes.find(value_text)) {
    value = *found;
    return CheckNoUnit(errors, input);
  }
  errors.push_back(core::Error{ErrorCode::kUnknownCode, std::string(input.name),
                               EchoText(value_text),
                               std::string(input.name) + " " + QuotedEcho(value_text) +
                                   " is not a known code; use one of: " + codes.list(),
                               ""});
  return false;
}

}  // namespace

void EntryBuilder::Start(core::UnixSeconds time, std::uint64_t line) {
  entry_ = core::TimelineEntry{};
  entry_.time = time;
  entry_.line = line;
  active_ = true;
  spoiled_ = false;
  icp_none_ = false;
  seen_.reset();
  device_line_ = 0;
  first_oxygen_part_line_ = 0;
}

bool EntryBuilder::Apply(const Input& input, std::uint64_t line, std::vector<core::Error>& errors) {
  const core::FindingInfo& info = core::Describe(input.finding);
  const std::size_t errors_before = errors.size();
  bool ok = false;
  if (!IsRepeatable(info) && Seen(info.id)) {
    Fail(errors, ErrorCode::kDuplicateKey, input,
         std::string(input.name) +
             " is recorded twice for this patient at this time; keep one value");
  } else {
    seen_.set(static_cast<std::size_t>(info.id));
    ok = ApplyByShape(info, input, line, errors);
  }
  if (!ok || errors.size() != errors_before) {
    spoiled_ = true;
    return false;
  }
  return true;
}

bool EntryBuilder::ApplyByShape(const core::FindingInfo& info, const Input& input,
                                std::uint64_t line, std::vector<core::Error>& errors) {
  switch (info.shape) {
    case core::Shape::kScalar:
    case core::Shape::kTemperature:
      if (!ApplyScalar(info, input, errors)) return false;
      // Where the oxygen record's rows were, for the checks of Finish.
      if (info.id == core::Finding::kO2Device) {
        device_line_ = line;
      } else if (info.group == core::CarriedFinding::kOxygen && first_oxygen_part_line_ == 0) {
        first_oxygen_part_line_ = line;
      }
      return true;
    case core::Shape::kVasopressorDose:
    case core::Shape::kVasopressorsNone:
      return ApplyVasopressor(info, input, errors);
    case core::Shape::kIcpSign:
      return ApplyIcp(input, errors);
    case core::Shape::kTreatment:
      return ApplyTreatment(info, input, errors);
  }
  errors.push_back(core::Error{ErrorCode::kInternal, std::string(input.name), "",
                               "a finding of unknown shape", ""});
  return false;
}

bool EntryBuilder::ApplyScalar(const core::FindingInfo& info, const Input& input,
                               std::vector<core::Error>& errors) {
  core::ScalarValue value;
  if (info.shape == core::Shape::kTemperature) {
    const std::optional<double> celsius = ParseTemperature(errors, input, *info.range);
    if (!celsius) return false;
    value = *celsius;
  } else {
    switch (info.type) {
      case core::ValueType::kNumber: {
        double number = 0.0;
        if (!ParseQuantity(errors, input, info.unit, *info.range, number)) return false;
        value = number;
        break;
      }
      case core::ValueType::kInteger: {
        int integer = 0;
        if (!ParseInteger(errors, input, info.max, SourceKey(info.max_source), integer)) {
          return false;
        }
        value = integer;
        break;
      }
      case core::ValueType::kBool: {
        bool flag = false;
        if (!ParseBool(errors, input, flag)) return false;
        value = flag;
        break;
      }
      case core::ValueType::kCode: {
        std::uint8_t code = 0;
        if (!ParseCode(errors, input, input.value, *info.codes, code)) return false;
        value = code;
        break;
      }
    }
  }
  info.access.set(entry_, value);
  return true;
}

bool EntryBuilder::ApplyVasopressor(const core::FindingInfo& info, const Input& input,
                                    std::vector<core::Error>& errors) {
  const auto any_agent = [this] {
    for (const core::FindingInfo& row : core::Findings()) {
      if (row.shape == core::Shape::kVasopressorDose && Seen(row.id)) return true;
    }
    return false;
  };
  if (info.shape == core::Shape::kVasopressorsNone) {
    if (input.value != "none") {
      return Fail(errors, ErrorCode::kUnknownCode, input,
                  std::string(input.name) +
                      " takes only the value none (no vasopressor running); "
                      "record a running agent in its own " +
                      (input.wide ? "column" : "kind") + ", e.g. norepinephrine");
    }
    if (!CheckNoUnit(errors, input)) return false;
    if (any_agent()) {
      return Fail(errors, ErrorCode::kContradictory, input,
                  "vasopressors none at the same time as a vasopressor dose of this patient");
    }
    for (std::optional<bool>& running : entry_.vasopressor_running) running = false;
    return true;
  }
  const core::Vasopressor agent = core::VasopressorOf(info.id);
  const auto index = static_cast<std::size_t>(agent);
  const std::string_view unit = core::DoseUnitOf(agent);
  if (Seen(core::Finding::kVasopressors)) {
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
  const core::PlausibleRange& range = core::DoseLimitsOf(agent);
  if (!CheckRange(errors, input, *dose, range,
                  std::string(input.value) + " " + std::string(range.unit))) {
    return false;
  }
  entry_.vasopressor_running[index] = true;
  info.access.set(entry_, *dose);
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
  std::uint8_t code = 0;
  const core::CodeVocabulary& codes = *core::Describe(core::Finding::kIcp).codes;
  if (!ParseCode(errors, input, input.value, codes, code)) return false;
  const auto sign = static_cast<core::IcpFinding>(code);
  if (icp_none_) {
    return Fail(errors, ErrorCode::kContradictory, input,
                "icp " + QuotedEcho(input.value) + " at the same time as icp none");
  }
  if (signs.Contains(sign)) {
    return Fail(errors, ErrorCode::kContradictory, input,
                "icp " + QuotedEcho(input.value) + " is recorded twice at the same time");
  }
  signs.Add(sign);
  return true;
}

bool EntryBuilder::ApplyTreatment(const core::FindingInfo& info, const Input& input,
                                  std::vector<core::Error>& errors) {
  const bool bolus = info.id == core::Finding::kFluidBolus;
  if (bolus && input.wide) {  // the wide layout counts boluses
    int count = 0;
    if (!ParseInteger(errors, input, info.max, SourceKey(info.max_source), count)) return false;
    for (int i = 0; i < count; ++i) {
      entry_.treatments.push_back(core::Treatment{core::TreatmentKind::kFluidBolus, {}, {}});
    }
    return true;
  }
  const core::PlausibleRange& range = *info.range;
  core::Treatment treatment{bolus ? core::TreatmentKind::kFluidBolus : core::TreatmentKind::kDrug,
                            bolus ? core::Drug{} : core::DrugOf(info.id), std::nullopt};
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
  const std::optional<core::OxygenSupport>& oxygen = entry_.findings.oxygen;
  if (oxygen && Seen(core::Finding::kO2Device)) {
    if (oxygen->device == core::OxygenDevice::kNasalCannula && !oxygen->flow_l_per_min) {
      errors.push_back(CsvLineError{
          device_line_,
          core::Error{ErrorCode::kMissingRequired, wide ? "o2_flow_l_min" : "o2_flow", "",
                      std::string("a nasal cannula needs its flow at the same time (") +
                          (wide ? "an o2_flow_l_min cell" : "an o2_flow row in L/min") +
                          "): ASTCT 2019 grades low flow (<= 6 L/min) and high flow apart",
                      std::string(SourceKey(core::SourceId::kAstct2019))}});
      return false;
    }
  } else if (oxygen) {
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
