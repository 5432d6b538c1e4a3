// Folding the records of many patients into their courses: one PatientTimeline per patient, fed
// entry by entry in the order a reader hands them on, so that memory grows with patients, not
// records. This is the refusal policy every front end (the CLI's `timeline` and `cohort`, the
// server) shares: a patient whose entry is refused is not graded any further, and every refusal
// is kept with the file and line it came from.
#ifndef CARTWATCH_CORE_COURSE_FOLDER_H_
#define CARTWATCH_CORE_COURSE_FOLDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

// A refused record: where it came from and why.
struct CourseInputError {
  std::string file;        // as set by CourseFolder::SetFile, e.g. "course.csv" or "(stdin)"
  std::uint64_t line = 0;  // first input line of the record; 0 when unknown
  Error error;
};

class CourseFolder {
 public:
  // At most this many errors are kept with their text; errors_total() counts them all.
  static constexpr std::size_t kMaxKeptErrors = 100;

  // `keep_points`: keep the graded points and treatments of one patient for the course views,
  // the patient `keep_points_of` or, when it is empty, the first patient seen. The points of
  // other patients are never kept (their summaries are).
  CourseFolder(TimelineOptions options, bool keep_points, std::string keep_points_of);

  // The file the following records and errors come from.
  void SetFile(std::string file);

  // The infusion of `patient_id`; may come before or after its entries
  // (PatientTimeline::SetInfusion).
  void SetInfusion(std::string_view patient_id, const Infusion& infusion);

  // Grades `entry` in the course of `patient_id`. A refused entry is kept as an error (its
  // line, the current file) and spoils the patient: later entries of that patient are ignored,
  // so a course is refused whole, never half-graded, and one refusal is reported once.
  void Add(std::string_view patient_id, TimelineEntry&& entry);

  // A record the reader refused before it became an entry, at `line` of the current file.
  void AddError(std::uint64_t line, Error error);
  // Errors the reader counted but did not keep (they still count in errors_total()).
  void CountUnkeptErrors(std::uint64_t count) noexcept { errors_total_ += count; }
  // Records the reader read, for progress and summaries.
  void CountRows(std::uint64_t rows) noexcept { rows_ += rows; }

  // The first kMaxKeptErrors errors, in order.
  const std::vector<CourseInputError>& errors() const noexcept { return errors_; }
  std::uint64_t errors_total() const noexcept { return errors_total_; }
  std::uint64_t rows() const noexcept { return rows_; }
  std::size_t patients() const noexcept { return slots_.size(); }
  // Patient ids in order of first appearance.
  const std::vector<std::string>& patient_ids() const noexcept { return patient_ids_; }

  // Finishes every timeline; summaries in order of first appearance. Call once, at the end.
  std::vector<PatientSummary> FinishAll();
  // Finishes and returns the kept course; nullopt when points were not kept or their patient
  // never appeared. Call once, at the end.
  std::optional<PatientCourse> FinishKept();

 private:
  struct Slot {
    PatientTimeline timeline;
    bool keep_points = false;
    bool failed = false;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  Slot& SlotOf(std::string_view patient_id);

  TimelineOptions options_;
  bool keep_points_;
  std::string keep_points_of_;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
  std::vector<Slot> slots_;
  std::vector<std::string> patient_ids_;
  std::size_t last_slot_ = static_cast<std::size_t>(-1);
  std::vector<AssessmentPoint> kept_points_;
  std::vector<TimedTreatment> kept_treatments_;
  std::string current_file_;
  std::vector<CourseInputError> errors_;
  std::uint64_t errors_total_ = 0;
  std::uint64_t rows_ = 0;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_COURSE_FOLDER_H_
