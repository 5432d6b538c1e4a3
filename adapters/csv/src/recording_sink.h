// A TimelineSink for tests: keeps every infusion and entry in the order they were handed on.
#ifndef CARTWATCH_ADAPTERS_CSV_SRC_RECORDING_SINK_H_
#define CARTWATCH_ADAPTERS_CSV_SRC_RECORDING_SINK_H_

#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"

namespace cartwatch::adapters {

struct RecordedEvent {
  std::string patient_id;
  std::optional<core::Infusion> infusion;  // set for OnInfusion
  core::TimelineEntry entry;               // for OnEntry
};

class RecordingSink : public TimelineSink {
 public:
  void OnInfusion(std::string_view patient_id, const core::Infusion& infusion) override {
    events.push_back(RecordedEvent{std::string(patient_id), infusion, {}});
  }
  void OnEntry(std::string_view patient_id, core::TimelineEntry&& entry) override {
    events.push_back(RecordedEvent{std::string(patient_id), std::nullopt, std::move(entry)});
  }

  std::vector<const core::TimelineEntry*> EntriesOf(std::string_view patient_id) const {
    std::vector<const core::TimelineEntry*> entries;
    for (const RecordedEvent& event : events) {
      if (!event.infusion && event.patient_id == patient_id) entries.push_back(&event.entry);
    }
    return entries;
  }

  std::vector<RecordedEvent> events;
};

inline CsvReadSummary ReadText(const std::string& text, RecordingSink& sink,
                               const CsvReadOptions& options = {}) {
  std::istringstream input(text);
  return ReadTimelineCsv(input, sink, options);
}

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_CSV_SRC_RECORDING_SINK_H_
