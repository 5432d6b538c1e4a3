// Reading CSV patient records into timelines: one PatientTimeline per patient, fed as the CSV
// reader hands entries on, so memory grows with patients, not rows. Shared by `timeline` and
// `cohort`.
#ifndef CARTWATCH_CLI_COURSE_FOLDING_H_
#define CARTWATCH_CLI_COURSE_FOLDING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/timeline.h"

namespace CLI {
class App;
}

namespace cartwatch::cli {

// Options shared by `timeline` and `cohort`.
struct CourseOptions {
  std::string output = "-";  // "-": standard output
  std::string protocol;      // its tocilizumab re-dose interval is the response window
  core::GradingSystemSet systems;
};

// Adds --output, --protocol and --systems to `command`.
void AddCourseOptions(CLI::App& command, CourseOptions& options);

// The timeline options under the chosen protocol; nullopt when the protocol cannot be used (the
// reason is on stderr and the exit code in `exit_code`).
std::optional<core::TimelineOptions> TimelineOptionsFor(std::string_view command,
                                                        const CourseOptions& options, bool json,
                                                        int& exit_code);

struct InputError {
  std::string file;
  std::uint64_t line = 0;
  core::Error error;
};

class CourseFolder : public adapters::TimelineSink {
 public:
  // `keep_points_of`: keep the graded points of this patient (the first patient seen when it is
  // empty), for the timeline views. Points of other patients are not kept.
  CourseFolder(core::TimelineOptions options, bool keep_points, std::string keep_points_of);

  // Reads one CSV file (or "-" for standard input) into the timelines. Returns false when the
  // file cannot be opened; input errors are collected in errors().
  bool ReadFile(const std::string& path, const std::function<void(std::uint64_t)>& on_bytes);

  void OnInfusion(std::string_view patient_id, const core::Infusion& infusion) override;
  void OnEntry(std::string_view patient_id, core::TimelineEntry&& entry) override;

  const std::vector<InputError>& errors() const noexcept { return errors_; }
  std::uint64_t errors_total() const noexcept { return errors_total_; }
  std::uint64_t rows() const noexcept { return rows_; }
  std::size_t patients() const noexcept { return slots_.size(); }
  // Patient ids in order of first appearance.
  const std::vector<std::string>& patient_ids() const noexcept { return patient_ids_; }

  // Finishes every timeline; summaries in order of first appearance.
  std::vector<core::PatientSummary> FinishAll();
  // The kept course; nullopt when its patient never appeared.
  std::optional<core::PatientCourse> FinishKept();

 private:
  struct Slot {
    core::PatientTimeline timeline;
    bool keep_points = false;
    bool failed = false;  // after a refused entry, later entries of the patient are not graded
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  Slot& SlotOf(std::string_view patient_id);
  void AddError(std::uint64_t line, core::Error error);

  core::TimelineOptions options_;
  bool keep_points_;
  std::string keep_points_of_;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
  std::vector<Slot> slots_;
  std::vector<std::string> patient_ids_;
  std::size_t last_slot_ = static_cast<std::size_t>(-1);
  std::vector<core::AssessmentPoint> kept_points_;
  std::vector<core::TimedTreatment> kept_treatments_;
  std::string current_file_;
  std::vector<InputError> errors_;
  std::uint64_t errors_total_ = 0;
  std::uint64_t rows_ = 0;
};

// Reads every input into `folder`, with a progress bar on a terminal. Returns 0, or the exit code
// after printing why: an unreadable file (usage) or refused rows (every error with its line).
int ReadInputs(std::string_view command, const std::vector<std::string>& paths,
               CourseFolder& folder, bool json);

// Prints input errors on stderr: text "FILE: line N: field: message [code]", or one JSON object
// per line. Returns the exit code of the first.
int ReportInputErrors(std::string_view command, const std::vector<InputError>& errors,
                      std::uint64_t errors_total, bool json);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_COURSE_FOLDING_H_
