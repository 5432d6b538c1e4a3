// Carry-forward of one patient's findings (docs/timeline.md, "Carry-forward"): the last recorded
// value of each finding with its time, and the effective assessment of an entry (recorded,
// carried within the limits, and derived: hypotension from blood pressure, fever masking and the
// bolus count from treatments). Plain findings are carried by looping over core::Findings(); the
// records carried whole (oxygen, ICE, vasopressor runs, ICP signs) have their own members.
#ifndef CARTWATCH_CORE_SRC_CARRY_FORWARD_H_
#define CARTWATCH_CORE_SRC_CARRY_FORWARD_H_

#include <array>
#include <deque>
#include <optional>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

// The last recorded value of a finding and when it was recorded.
template <typename T>
struct Held {
  std::optional<T> value;
  UnixSeconds time = 0;

  void Record(const std::optional<T>& recorded, UnixSeconds now) {
    if (!recorded) return;
    value = recorded;
    time = now;
  }
  bool RecordedAt(UnixSeconds now) const { return value && time == now; }
  // Recorded now, or carried while now - recorded <= limit. Sets `carried` when carried.
  std::optional<T> At(UnixSeconds now, double limit_hours, bool& carried) const {
    if (!value) return std::nullopt;
    if (time == now) return value;
    if (HoursBetween(time, now) > limit_hours) return std::nullopt;
    carried = true;
    return value;
  }
};

class CarryForward {
 public:
  // Takes what `entry` records. Entries come in increasing time.
  void Record(const TimelineEntry& entry, const TimelineOptions& options);

  // The point of `entry` (already recorded): its effective findings, blood pressure, carried
  // groups and derived flags. `infusion` gives the hours after infusion; `fever_masked_by` is the
  // derived masking: the masking dose given during the open CRS episode, absent when none was.
  AssessmentPoint Effective(const TimelineEntry& entry, const TimelineOptions& options,
                            const std::optional<Infusion>& infusion,
                            const std::optional<TimedTreatment>& fever_masked_by) const;

 private:
  struct IceRecord {
    std::optional<IceItems> items;
    std::optional<int> total;
  };
  struct AgentState {
    std::optional<bool> running;  // the last record: true running, false stopped
    UnixSeconds recorded = 0;
    UnixSeconds run_start = 0;
    Held<double> dose;  // within the current run
  };

  void RecordVasopressors(const TimelineEntry& entry, const TimelineOptions& options);
  void EffectiveVasopressors(UnixSeconds now, double limit, AssessmentPoint& point) const;
  void EffectiveNeuroScore(UnixSeconds now, double limit, AssessmentPoint& point) const;
  void Derive(const TimelineEntry& entry, const TimelineOptions& options,
              const std::optional<TimedTreatment>& fever_masked_by, AssessmentPoint& point) const;

  // The plain findings (Hold::kCarried, kWholeCourse), indexed by Finding.
  std::array<Held<ScalarValue>, kFindingCount> held_{};
  std::array<AgentState, 5> agents_{};  // indexed by Vasopressor
  Held<OxygenSupport> oxygen_;
  Held<IceRecord> ice_;
  Held<int> capd_;
  Held<Consciousness> consciousness_;
  Held<IcpFindingSet> icp_;
  std::deque<UnixSeconds> boluses_;  // times of boluses within the window
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_SRC_CARRY_FORWARD_H_
