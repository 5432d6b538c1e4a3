// JSON pieces of a patient summary that the timeline (cartwatch.timeline/1) and the cohort
// (cartwatch.cohort/1) write the same way: episodes, grades by day, tocilizumab responses.
#ifndef CARTWATCH_ADAPTERS_REPORT_SRC_SUMMARY_JSON_H_
#define CARTWATCH_ADAPTERS_REPORT_SRC_SUMMARY_JSON_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters::summary_json {

using Json = nlohmann::ordered_json;

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

inline Json TimeOrNull(const std::optional<core::UnixSeconds>& time) {
  return time ? Json(core::FormatRfc3339Utc(*time)) : Json(nullptr);
}

inline Json EpisodeJson(const core::Episode& episode) {
  return {{"onset", core::FormatRfc3339Utc(episode.onset)},
          {"onset_hours", OrNull(episode.onset_hours)},
          {"onset_day", OrNull(episode.onset_day)},
          {"peak_grade", episode.peak_grade},
          {"peak_lower_bound", episode.peak_lower_bound},
          {"peak_time", core::FormatRfc3339Utc(episode.peak_time)},
          {"time_to_peak_hours", episode.time_to_peak_hours},
          {"resolution", TimeOrNull(episode.resolution)},
          {"duration_hours", OrNull(episode.duration_hours)},
          {"ongoing", episode.ongoing},
          {"longest_gap_hours", OrNull(episode.longest_gap_hours)}};
}

// Highest grade of each day after infusion; null for a day without an assessment.
inline Json GradesByDay(const std::array<std::int8_t, core::kDaysTracked>& days) {
  Json out = Json::array();
  for (const std::int8_t grade : days) out.push_back(grade < 0 ? Json(nullptr) : Json(grade));
  return out;
}

inline std::string_view ResponseCode(core::TocilizumabResponse response) {
  return core::TermOf(response).code;
}

}  // namespace cartwatch::adapters::summary_json

#endif  // CARTWATCH_ADAPTERS_REPORT_SRC_SUMMARY_JSON_H_
