// Reading CSV patient records into a core::CourseFolder (which grades them, one PatientTimeline
// per patient), with progress and error printing. Shared by `timeline` and `cohort`.
#ifndef CARTWATCH_CLI_COURSE_FOLDING_H_
#define CARTWATCH_CLI_COURSE_FOLDING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/course_folder.h"
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

using InputError = core::CourseInputError;

// Reads one CSV file (or "-" for standard input) into `folder`, which grades it (the refusal
// policy is core::CourseFolder's). Returns false when the file cannot be opened or read; input
// errors are collected in the folder.
bool ReadCsvFile(const std::string& path, core::CourseFolder& folder,
                 const std::function<void(std::uint64_t)>& on_bytes);

// Reads every input into `folder`, with a progress bar on a terminal. Returns 0, or the exit code
// after printing why: an unreadable file (usage) or refused rows (every error with its line).
int ReadInputs(std::string_view command, const std::vector<std::string>& paths,
               core::CourseFolder& folder, bool json);

// Prints input errors on stderr: text "FILE: line N: field: message [code]", or one JSON object
// per line. Returns the exit code of the first.
int ReportInputErrors(std::string_view command, const std::vector<InputError>& errors,
                      std::uint64_t errors_total, bool json);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_COURSE_FOLDING_H_
