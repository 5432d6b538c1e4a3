#include "cartwatch/core/course_options.h"

namespace cartwatch::core {

std::optional<double> TocilizumabResponseWindowHours(const Protocol& protocol) noexcept {
  for (const DrugLimit& limit : protocol.limits) {
    if (limit.drug == Drug::kTocilizumab && limit.min_interval_hours) {
      return limit.min_interval_hours;
    }
  }
  return std::nullopt;
}

TimelineOptions TimelineOptionsFor(const Protocol& protocol, GradingSystemSet systems) {
  TimelineOptions options;
  options.systems = systems;
  if (const std::optional<double> window = TocilizumabResponseWindowHours(protocol)) {
    options.tocilizumab_response_window_hours = *window;
  }
  return options;
}

}  // namespace cartwatch::core
