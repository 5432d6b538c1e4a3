// Instants as seconds since the Unix epoch (UTC), parsed from and printed as RFC 3339. Time comes
// into the core as text or numbers; the core never reads a clock.
#ifndef CARTWATCH_CORE_TIME_H_
#define CARTWATCH_CORE_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartwatch::core {

using UnixSeconds = std::int64_t;

// Parses an RFC 3339 date-time with an offset (fractions of a second are dropped); nullopt when
// the text is not one (see IsRfc3339DateTime).
std::optional<UnixSeconds> ParseRfc3339(std::string_view text) noexcept;

// "2026-03-01T20:00:00Z".
std::string FormatRfc3339Utc(UnixSeconds instant);

inline constexpr UnixSeconds kSecondsPerHour = 3600;

// Hours from `from` to `to`; negative when `to` is earlier.
constexpr double HoursBetween(UnixSeconds from, UnixSeconds to) noexcept {
  return static_cast<double>(to - from) / static_cast<double>(kSecondsPerHour);
}

// The day after infusion that `hours_after_infusion` falls on: whole 24 h periods since the
// infusion time, so day 0 is the first 24 h and the day before the infusion is day -1 (not
// calendar days; docs/timeline.md). Every view and the summary count days with this one rule.
constexpr int DayAfterInfusion(double hours_after_infusion) noexcept {
  const double days = hours_after_infusion / 24.0;
  const auto whole = static_cast<int>(days);
  return static_cast<double>(whole) > days ? whole - 1 : whole;  // floor, constexpr in C++20
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_TIME_H_
