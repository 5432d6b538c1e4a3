// `cartwatch timeline`: the course of one patient from CSV records.
#ifndef CARTWATCH_CLI_TIMELINE_COMMAND_H_
#define CARTWATCH_CLI_TIMELINE_COMMAND_H_

#include <string>

#include "course_folding.h"

namespace CLI {
class App;
}

namespace cartwatch::cli {

enum class TimelineFormat { kText, kJson, kCsv, kSvg };

struct TimelineOptions {
  std::string input = "-";  // a CSV file (long or wide), or "-" for standard input
  std::string patient;      // empty: the file must hold exactly one patient
  TimelineFormat format = TimelineFormat::kText;
  CourseOptions course;
};

CLI::App* AddTimelineCommand(CLI::App& app, TimelineOptions& options);

// 0: done; 2: usage (unreadable file, unknown patient, several patients and no --patient);
// 3: the input was refused (every error on stderr with its line; nothing is written).
int RunTimeline(const TimelineOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_TIMELINE_COMMAND_H_
