// One patient's TimelineEntry being assembled from the rows (long layout) or cells (wide layout)
// that record it: each value parsed, checked against its unit and plausible range (core/limits.h)
// and put where the timeline reads it. Checks that need several findings of the course (ICE needs
// age, room air without flow ...) are the timeline's: age and the rest may come from earlier
// entries. Only the oxygen record must be whole within one entry (see Finish).
#ifndef CARTWATCH_ADAPTERS_CSV_SRC_ENTRY_BUILDER_H_
#define CARTWATCH_ADAPTERS_CSV_SRC_ENTRY_BUILDER_H_

#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/timeline.h"
#include "csv_fields.h"

namespace cartwatch::adapters::csv {

class EntryBuilder {
 public:
  // Begins a new entry at `time`, first recorded on `line`; anything held before is dropped.
  void Start(core::UnixSeconds time, std::uint64_t line);
  bool active() const noexcept { return active_; }
  core::UnixSeconds time() const noexcept { return entry_.time; }
  // A row of this entry was refused: the entry will not be handed on.
  void Spoil() noexcept { spoiled_ = true; }

  struct Input {
    core::Finding finding;  // the infusion is the reader's
    std::string_view name;  // the kind or column, named in errors
    std::string_view value;
    std::string_view unit;  // as received (long), or implied by the column (wide)
    bool wide = false;      // wide cells: `given` for a drug, `running` with the column's unit
  };
  // Reads one value into the entry. Returns false, with one error appended and the entry
  // spoiled, when the value is refused.
  bool Apply(const Input& input, std::uint64_t line, std::vector<core::Error>& errors);

  // Ends the entry with the checks that need all of its rows: an oxygen record needs its device,
  // and a nasal cannula its flow, at the same time. Returns true when the entry may be handed on
  // (take it with TakeEntry); false when it was spoiled or fails these checks (errors appended
  // with the line of the row concerned). The builder is inactive afterwards either way.
  bool Finish(bool wide, std::vector<CsvLineError>& errors);
  core::TimelineEntry TakeEntry() noexcept { return std::move(entry_); }

 private:
  bool ApplyByShape(const core::FindingInfo& info, const Input& input, std::uint64_t line,
                    std::vector<core::Error>& errors);
  bool ApplyScalar(const core::FindingInfo& info, const Input& input,
                   std::vector<core::Error>& errors);
  bool ApplyVasopressor(const core::FindingInfo& info, const Input& input,
                        std::vector<core::Error>& errors);
  bool ApplyIcp(const Input& input, std::vector<core::Error>& errors);
  bool ApplyTreatment(const core::FindingInfo& info, const Input& input,
                      std::vector<core::Error>& errors);
  bool Seen(core::Finding finding) const { return seen_[static_cast<std::size_t>(finding)]; }

  core::TimelineEntry entry_;
  bool active_ = false;
  bool spoiled_ = false;
  bool icp_none_ = false;
  std::bitset<core::kFindingCount> seen_;  // the findings recorded in this entry
  // The oxygen record is assembled from up to four rows and checked whole in Finish.
  std::uint64_t device_line_ = 0;
  std::uint64_t first_oxygen_part_line_ = 0;  // of a flow, FiO2 or reason row
};

}  // namespace cartwatch::adapters::csv

#endif  // CARTWATCH_ADAPTERS_CSV_SRC_ENTRY_BUILDER_H_
