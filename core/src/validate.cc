#include "cartwatch/core/validate.h"

#include <cmath>
#include <string>
#include <utility>

#include "cartwatch/core/ice_score.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::core {
namespace {

std::string FormatNumber(double value) { return ShortestText(value); }

void CheckRange(double value, const PlausibleRange& range, std::string_view field,
                std::vector<Error>& errors) {
  if (auto error = CheckPlausible(field, value, range, FormatNumber(value))) {
    errors.push_back(std::move(*error));
  }
}

void CheckScore(const std::optional<int>& score, int max, std::string_view field,
                std::vector<Error>& errors) {
  if (!score || (*score >= 0 && *score <= max)) return;
  errors.push_back({ErrorCode::kOutOfRange, std::string(field), std::to_string(*score),
                    std::string(field) + " must be from 0 to " + std::to_string(max) + ", got " +
                        std::to_string(*score),
                    "ASTCT-2019"});
}

void ValidateNeuro(const Assessment& assessment, std::vector<Error>& errors) {
  const NeuroAssessment& neuro = assessment.neuro;
  const std::size_t errors_before = errors.size();
  if (neuro.ice_items) {
    constexpr const char* kItemFields[kIceItemCount] = {"neuro.ice.orientation", "neuro.ice.naming",
                                                        "neuro.ice.commands", "neuro.ice.writing",
                                                        "neuro.ice.attention"};
    for (int i = 0; i < kIceItemCount; ++i) {
      CheckScore(IceItemAt(*neuro.ice_items, i), kIceItemMax[i], kItemFields[i], errors);
    }
  }
  CheckScore(neuro.ice_total, kIceTotalMax, "neuro.ice_total", errors);
  CheckScore(neuro.capd_total, kCapdTotalMax, "neuro.capd", errors);
  if (errors.size() != errors_before) return;  // the checks below assume scores in range

  if (neuro.ice_items && neuro.ice_total) {
    const IceRange items = RangeOf(*neuro.ice_items);
    if (*neuro.ice_total < items.min || *neuro.ice_total > items.max) {
      errors.push_back({ErrorCode::kContradictory, "neuro.ice_total",
                        std::to_string(*neuro.ice_total),
                        "neuro.ice_total " + std::to_string(*neuro.ice_total) +
                            " does not match the ICE items in neuro.ice (they allow " +
                            std::to_string(items.min) + " to " + std::to_string(items.max) + ")",
                        "ASTCT-2019"});
    }
  }
  const bool has_ice = neuro.ice_items.has_value() || neuro.ice_total.has_value();
  if ((has_ice || neuro.capd_total) && !assessment.age_years) {
    errors.push_back({ErrorCode::kMissingRequired, "age_years", "",
                      "age_years is required with an ICE or CAPD score: ICANS uses ICE from age "
                      "12 and CAPD below it (ASTCT 2019)",
                      "ASTCT-2019"});
  }
  // ASTCT 2019: an unarousable patient is "unable to perform" ICE (scored 0) or CAPD.
  if (neuro.consciousness == Consciousness::kUnarousable && neuro.capd_total) {
    errors.push_back({ErrorCode::kContradictory, "neuro.capd", std::to_string(*neuro.capd_total),
                      "an unarousable child cannot be assessed with CAPD (the consensus grades "
                      "'unable to perform CAPD' as 4); leave neuro.capd out",
                      "ASTCT-2019"});
  }
  if (neuro.consciousness == Consciousness::kUnarousable && has_ice) {
    const int ice = IceRangeOf(neuro)->min;  // the points recorded
    if (ice > 0) {
      errors.push_back({ErrorCode::kContradictory, "neuro.ice", std::to_string(ice),
                        "an unarousable patient cannot score " + std::to_string(ice) +
                            " on ICE; record the ICE of the same moment or leave it out",
                        "ASTCT-2019"});
    }
  }
}

const PlausibleRange& DoseLimitsOf(Vasopressor agent) {
  switch (agent) {
    case Vasopressor::kPhenylephrine:
      return kPhenylephrineUgPerMinLimits;
    case Vasopressor::kDopamine:
      return kDopamineUgPerKgPerMinLimits;
    case Vasopressor::kVasopressin:
      return kVasopressinUnitsPerMinLimits;
    case Vasopressor::kNorepinephrine:
    case Vasopressor::kEpinephrine:
      break;
  }
  return kCatecholamineUgPerMinLimits;
}

void CheckGrade(const std::optional<int>& grade, int max, std::string_view field,
                std::string_view rule, std::vector<Error>& errors) {
  if (!grade || (*grade >= 0 && *grade <= max)) return;
  errors.push_back({ErrorCode::kOutOfRange, std::string(field), std::to_string(*grade),
                    std::string(field) + " must be from 0 to " + std::to_string(max) + ", got " +
                        std::to_string(*grade),
                    std::string(rule)});
}

// The inputs only the older CRS systems read.
void ValidateLegacy(const Assessment& assessment, std::vector<Error>& errors) {
  const LegacyCrsFindings& legacy = assessment.legacy;
  for (const Term<Vasopressor>& term : Terms(Vasopressor{})) {
    const VasopressorDose& dose = legacy.vasopressor_doses[static_cast<std::size_t>(term.value)];
    if (!dose.dose && !dose.hours_running) continue;
    const std::string field = "vasopressor_doses." + std::string(term.code);
    if (!assessment.vasopressors || !assessment.vasopressors->Contains(term.value)) {
      errors.push_back({ErrorCode::kContradictory, field, "",
                        field + " is given but " + std::string(term.code) +
                            " is not in vasopressors; list every running agent in vasopressors",
                        ""});
      continue;
    }
    if (dose.dose) CheckRange(*dose.dose, DoseLimitsOf(term.value), field + ".dose", errors);
    if (dose.hours_running) {
      CheckRange(*dose.hours_running, kVasopressorHoursLimits, field + ".hours_running", errors);
    }
  }
  if (legacy.fluid_boluses &&
      (*legacy.fluid_boluses < 0 || *legacy.fluid_boluses > kFluidBolusesMax)) {
    errors.push_back({ErrorCode::kOutOfRange, "fluid_boluses_24h",
                      std::to_string(*legacy.fluid_boluses),
                      "fluid_boluses_24h must be from 0 to " + std::to_string(kFluidBolusesMax) +
                          ", got " + std::to_string(*legacy.fluid_boluses),
                      std::string(Describe(SourceId::kCartwatchPolicy).key)});
  }
  if (legacy.hypotension_refractory == true) {
    const bool none_running = assessment.vasopressors && assessment.vasopressors->Empty();
    if (none_running || assessment.hypotension == false) {
      errors.push_back(
          {ErrorCode::kContradictory, "hypotension_refractory", "true",
           "hypotension_refractory is true but " +
               std::string(none_running ? "no vasopressor is running" : "hypotension is false") +
               "; refractory means hypotension despite high-dose vasopressors",
           "MSKCC"});
    }
  }
  const std::string_view ctcae = Describe(SourceId::kCtcae5).key;
  const OrganToxicity& organs = legacy.organ_toxicity;
  CheckGrade(organs.creatinine, kCtcaeOrganGradeMax, "organ_toxicity.creatinine", ctcae, errors);
  CheckGrade(organs.transaminases, kCtcaeOrganGradeMax, "organ_toxicity.transaminases", ctcae,
             errors);
  CheckGrade(organs.other, kCtcaeOrganGradeMax, "organ_toxicity.other", ctcae, errors);
}

bool Digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::string PlausibleRangeText(const PlausibleRange& range) {
  return std::string(range.min_exclusive ? "above " : "from ") + FormatNumber(range.min) +
         (range.min_exclusive ? " and at most " : " to ") + FormatNumber(range.max) + " " +
         std::string(range.unit);
}

std::optional<Error> CheckPlausible(std::string_view field, double value,
                                    const PlausibleRange& range, std::string_view received,
                                    std::string_view shown) {
  const bool below = range.min_exclusive ? value <= range.min : value < range.min;
  if (std::isfinite(value) && !below && value <= range.max) return std::nullopt;
  std::string message(field);
  message += ' ';
  if (shown.empty()) {
    message += received;
    message += ' ';
    message += range.unit;
  } else {
    message += shown;
  }
  message += " is implausible: " + std::string(range.why) + "; accepted " +
             PlausibleRangeText(range) + " (check the unit)";
  const SourceId source = below ? range.min_source : range.max_source;
  return Error{ErrorCode::kImplausibleValue, std::string(field), std::string(received),
               std::move(message), std::string(Describe(source).key)};
}

bool IsRfc3339DateTime(std::string_view text) noexcept {
  // date-time = full-date "T" full-time (RFC 3339 section 5.6)
  int year, month, day, hour, minute, second;
  if (!Digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !Digits(text, 5, 2, month) || text[7] != '-' || !Digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't') || !Digits(text, 11, 2, hour) || text[13] != ':' ||
      !Digits(text, 14, 2, minute) || text[16] != ':' || !Digits(text, 17, 2, second)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return false;
  }
  if (pos == text.size()) return false;  // the offset is mandatory
  if (text[pos] == 'Z' || text[pos] == 'z') return pos + 1 == text.size();
  int offset_hour, offset_minute;
  return (text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() &&
         Digits(text, pos + 1, 2, offset_hour) && text[pos + 3] == ':' &&
         Digits(text, pos + 4, 2, offset_minute) && offset_hour <= 23 && offset_minute <= 59;
}

std::vector<Error> Validate(const Assessment& assessment) {
  std::vector<Error> errors;
  if (!assessment.time.empty() && !IsRfc3339DateTime(assessment.time)) {
    errors.push_back({ErrorCode::kInvalidTime, "time", assessment.time,
                      "time must be an RFC 3339 date-time with an offset, e.g. "
                      "2026-03-01T08:00:00Z",
                      ""});
  }
  if (assessment.age_years) CheckRange(*assessment.age_years, kAgeYearsLimits, "age_years", errors);
  if (assessment.temperature_celsius) {
    CheckRange(*assessment.temperature_celsius, kTemperatureCelsiusLimits, "temperature", errors);
  }
  if (assessment.vasopressors && !assessment.vasopressors->Empty() &&
      assessment.hypotension == false) {
    errors.push_back({ErrorCode::kContradictory, "hypotension", "false",
                      "hypotension is false but vasopressors are running; record hypotension "
                      "true, or list only vasopressors given for CRS hypotension",
                      "ASTCT-2019"});
  }
  if (assessment.oxygen) {
    const OxygenSupport& oxygen = *assessment.oxygen;
    if (oxygen.flow_l_per_min) {
      if (oxygen.device == OxygenDevice::kRoomAir) {
        errors.push_back({ErrorCode::kContradictory, "oxygen.flow_l_min",
                          FormatNumber(*oxygen.flow_l_per_min),
                          "room air has no oxygen flow; give the device that delivers it", ""});
      } else {
        CheckRange(*oxygen.flow_l_per_min, kOxygenFlowLitresPerMinuteLimits, "oxygen.flow_l_min",
                   errors);
      }
    } else if (oxygen.device == OxygenDevice::kNasalCannula) {
      errors.push_back({ErrorCode::kMissingRequired, "oxygen.flow_l_min", "",
                        "a nasal cannula needs flow_l_min: ASTCT grades it as low flow up to "
                        "6 L/min and high flow above",
                        "ASTCT-2019"});
    }
    if (oxygen.fio2_percent) {
      CheckRange(*oxygen.fio2_percent, kFio2PercentLimits, "oxygen.fio2", errors);
      if (oxygen.device == OxygenDevice::kRoomAir && *oxygen.fio2_percent != 21.0) {
        errors.push_back({ErrorCode::kContradictory, "oxygen.fio2",
                          FormatNumber(*oxygen.fio2_percent),
                          "room air has an FiO2 of 21%; give the device that delivers " +
                              FormatNumber(*oxygen.fio2_percent) + "%",
                          ""});
      }
    }
  }
  ValidateNeuro(assessment, errors);
  ValidateLegacy(assessment, errors);
  return errors;
}

}  // namespace cartwatch::core
