#include "timeline_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cartwatch/adapters/timeline_report.h"
#include "cli_support.h"
#include "course_folding.h"

namespace cartwatch::cli {
namespace {

constexpr std::string_view kCommand = "cartwatch timeline";

int Usage(const std::string& message) { return UsageError(kCommand, message); }

// "A, B, C and 7 more" for messages.
std::string SomeIds(const std::vector<std::string>& ids) {
  constexpr std::size_t kShown = 5;
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < kShown; ++i) {
    text += (i == 0 ? "" : ", ") + ids[i];
  }
  if (ids.size() > kShown) text += " and " + std::to_string(ids.size() - kShown) + " more";
  return text;
}

}  // namespace

CLI::App* AddTimelineCommand(CLI::App& app, TimelineOptions& options) {
  CLI::App* timeline = app.add_subcommand(
      "timeline",
      "The course of one patient from infusion (day 0): each assessment graded (ASTCT 2019 CRS\n"
      "and ICANS, and any older systems asked for), findings carried forward within stated\n"
      "limits, CRS and ICANS episodes (onset, peak, resolution, duration), time in each grade\n"
      "and the response to each tocilizumab dose.\n"
      "Input: CSV, long or wide layout (docs/csv-format.md). Output: docs/timeline-output.md.\n"
      "Decision support only: a clinician decides.\n"
      "Exit codes: 0 done, 2 usage error, 3 input refused (every bad row is listed with its "
      "line; nothing is written).");
  timeline->add_option("FILE", options.input, "CSV file, or - for standard input")
      ->capture_default_str();
  timeline
      ->add_option("--patient", options.patient,
                   "Patient id; required when the file holds more than one patient")
      ->type_name("ID");
  timeline
      ->add_option_function<std::string>(
          "-f,--format",
          [&options](const std::string& format) {
            if (format == "json") options.format = TimelineFormat::kJson;
            if (format == "csv") options.format = TimelineFormat::kCsv;
            if (format == "svg") options.format = TimelineFormat::kSvg;
            if (format == "text") options.format = TimelineFormat::kText;
          },
          "text (default): a table of the course; json: cartwatch.timeline/1; csv: one row per "
          "assessment; svg: a chart of temperature, blood pressure, oxygen support and grade "
          "bands against days after infusion")
      ->check(CLI::IsMember({"text", "json", "csv", "svg"}));
  AddCourseOptions(*timeline, options.course);
  return timeline;
}

int RunTimeline(const TimelineOptions& options) {
  const bool json = options.format == TimelineFormat::kJson;
  int exit_code = 0;
  const auto timeline_options = TimelineOptionsFor(kCommand, options.course, json, exit_code);
  if (!timeline_options) return exit_code;
  core::CourseFolder folder(*timeline_options, true, options.patient);
  exit_code = ReadInputs(kCommand, {options.input}, folder, json);
  if (exit_code != 0) return exit_code;
  if (folder.patients() == 0) return Usage(options.input + " holds no patient records");
  if (options.patient.empty() && folder.patients() > 1) {
    return Usage(options.input + " holds " + std::to_string(folder.patients()) +
                 " patients; choose one with --patient (" + SomeIds(folder.patient_ids()) + ")");
  }
  std::optional<core::PatientCourse> course = folder.FinishKept();
  if (!course) {
    return Usage("no records of patient \"" + options.patient + "\" in " + options.input +
                 " (patients: " + SomeIds(folder.patient_ids()) + ")");
  }

  std::string text;
  switch (options.format) {
    case TimelineFormat::kText:
      text = adapters::CourseToText(*course);
      break;
    case TimelineFormat::kJson:
      text = adapters::CourseToJson(*course) + "\n";
      break;
    case TimelineFormat::kCsv:
      text = adapters::CourseToCsv(*course);
      break;
    case TimelineFormat::kSvg:
      text = adapters::CourseToSvg(*course);
      break;
  }
  if (!WriteAll(options.course.output, text)) return Usage("cannot write " + options.course.output);
  return 0;
}

}  // namespace cartwatch::cli
