// Folding a patient's graded points and treatments into the bounded PatientSummary
// (docs/timeline.md, "Episodes" and "Summary"): CRS and ICANS episodes with the merge window,
// time in each grade, the highest grade of each day, drugs given, and the response to each
// tocilizumab dose. The events arrive in time order, at or after the infusion when it is known.
#ifndef CARTWATCH_CORE_SRC_COURSE_SUMMARY_H_
#define CARTWATCH_CORE_SRC_COURSE_SUMMARY_H_

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

struct GradeDigest {
  bool assessed = false;
  int grade = 0;
  int max_possible = 0;
};

GradeDigest DigestOf(const SyndromeGrading& grading);

// What the summary needs of a graded point or a treatment; kept apart by the timeline while the
// infusion is not known.
struct SummaryEvent {
  UnixSeconds time = 0;
  bool is_point = false;
  GradeDigest crs;
  GradeDigest icans;
  std::array<GradeDigest, kGradingSystemCount> systems{};  // kAstct2019 always, others requested
  Treatment treatment;                                     // when !is_point
};

// Episodes and time in grade of one syndrome.
struct SyndromeTrack {
  std::optional<std::size_t> open;  // index of the open episode
  int episode_max_possible = 0;
  std::optional<UnixSeconds> last_time;
  int last_grade = 0;
};

class CourseSummary {
 public:
  // Folds one event into `summary`, which starts empty or as the last Reset left it.
  void Fold(const SummaryEvent& event, const TimelineOptions& options, PatientSummary& summary);
  // Forgets everything folded (the events folded turned out to be baseline).
  void Reset() { *this = CourseSummary{}; }
  // Closes open episodes (ongoing unless resolved within the merge window), settles pending
  // tocilizumab responses and fills the episodes' onset after infusion.
  void Close(PatientSummary& summary);

  std::optional<UnixSeconds> last_folded_time() const { return last_folded_time_; }

 private:
  struct PendingDose {
    std::size_t index;  // into summary.tocilizumab
    bool assessed_in_window = false;
  };

  void FoldTreatment(const SummaryEvent& event, PatientSummary& summary);
  void FoldTocilizumabResponses(const SummaryEvent& event, double window_hours,
                                PatientSummary& summary);
  void FoldHighestGrades(const SummaryEvent& event, PatientSummary& summary);

  SyndromeTrack crs_;
  SyndromeTrack icans_;
  std::array<int, kGradingSystemCount> crs_max_possible_{};
  int icans_max_possible_ = 0;
  std::vector<PendingDose> pending_doses_;
  std::optional<UnixSeconds> last_folded_time_;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_SRC_COURSE_SUMMARY_H_
