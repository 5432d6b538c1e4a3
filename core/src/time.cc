#include "cartwatch/core/time.h"

#include <cstdio>

#include "cartwatch/core/validate.h"

namespace cartwatch::core {
namespace {

int Number(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Days from 1970-01-01 to a proleptic Gregorian date (civil-from-days inverse, 400-year eras).
std::int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

void CivilFromDays(std::int64_t days, int& year, int& month, int& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<int>(days - era * 146097);
  const int year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int shifted_month = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year = static_cast<int>(year_of_era + era * 400) + (month <= 2 ? 1 : 0);
}

}  // namespace

std::optional<UnixSeconds> ParseRfc3339(std::string_view text) noexcept {
  if (!IsRfc3339DateTime(text)) return std::nullopt;
  const std::int64_t days =
      DaysFromCivil(Number(text, 0, 4), Number(text, 5, 2), Number(text, 8, 2));
  // A leap second (:60) is read as the first second of the next minute.
  UnixSeconds instant = days * 86400 + Number(text, 11, 2) * kSecondsPerHour +
                        // NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result)
                        Number(text, 14, 2) * 60 + Number(text, 17, 2);
  std::size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    while (text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  if (text[pos] == '+' || text[pos] == '-') {
    const int offset = Number(text, pos + 1, 2) * 3600 + Number(text, pos + 4, 2) * 60;
    instant += text[pos] == '+' ? -offset : offset;  // local = UTC + offset
  }
  return instant;
}

std::string FormatRfc3339Utc(UnixSeconds instant) {
  std::int64_t days = instant / 86400;
  std::int64_t seconds = instant % 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  int year, month, day;
  CivilFromDays(days, year, month, day);
  char buffer[64];  // room for any int year, which silences truncation warnings
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60));
  return buffer;
}

}  // namespace cartwatch::core
