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

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_TIME_H_
