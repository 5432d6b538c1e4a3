#include "cohort_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/core/cohort.h"
#include "cli_support.h"
#include "course_folding.h"

namespace cartwatch::cli {
namespace {

constexpr std::string_view kCommand = "cartwatch cohort";

int Usage(const std::string& message) { return UsageError(kCommand, message); }

}  // namespace

CLI::App* AddCohortCommand(CLI::App& app, CohortOptions& options) {
  CLI::App* cohort = app.add_subcommand(
      "cohort",
      "Figures over a cohort: per patient (highest grades, onset, duration, drugs), and per\n"
      "product and overall: incidence of any-grade and grade >= 3 CRS and ICANS with Wilson 95%\n"
      "confidence intervals, median (IQR) onset and duration, tocilizumab use and response,\n"
      "steroid use, beside the published figures of each product; with --systems, how the\n"
      "grading systems agree (concordance tables).\n"
      "Input: CSV files, long or wide layout (docs/csv-format.md); a patient's rows in time\n"
      "order. Output: docs/cohort-output.md.\n"
      "Decision support and research use: a clinician decides.\n"
      "Exit codes: 0 done, 2 usage error, 3 input refused (every bad row is listed with its "
      "line; no report is written).");
  cohort->add_option("FILE", options.inputs, "CSV files, or - for standard input")->required();
  cohort
      ->add_option_function<std::string>(
          "-f,--format",
          [&options](const std::string& format) {
            if (format == "json") options.format = CohortFormat::kJson;
            if (format == "csv") options.format = CohortFormat::kCsv;
            if (format == "html") options.format = CohortFormat::kHtml;
          },
          "json (default): cartwatch.cohort/1; csv: the summary table (or one row per patient "
          "with --per-patient); html: a self-contained report with plots that opens offline")
      ->check(CLI::IsMember({"json", "csv", "html"}));
  cohort->add_flag("--per-patient", options.per_patient,
                   "With --format csv: one row per patient instead of the summary table");
  AddCourseOptions(*cohort, options.course);
  return cohort;
}

int RunCohort(const CohortOptions& options) {
  const bool json = options.format == CohortFormat::kJson;
  if (options.per_patient && options.format != CohortFormat::kCsv) {
    return Usage("--per-patient applies to --format csv only");
  }
  std::size_t stdin_inputs = 0;
  for (const std::string& input : options.inputs) stdin_inputs += input == "-" ? 1 : 0;
  if (stdin_inputs > 1) return Usage("standard input (-) can be read only once");

  int exit_code = 0;
  const auto timeline_options = TimelineOptionsFor(kCommand, options.course, json, exit_code);
  if (!timeline_options) return exit_code;
  core::CourseFolder folder(*timeline_options, false, "");
  exit_code = ReadInputs(kCommand, options.inputs, folder, json);
  if (exit_code != 0) return exit_code;
  if (folder.patients() == 0) return Usage("the input holds no patient records");

  core::CohortBuilder builder(options.course.systems);
  for (core::PatientSummary& summary : folder.FinishAll()) builder.Add(std::move(summary));
  const core::CohortReport report = std::move(builder).Build();

  std::string text;
  switch (options.format) {
    case CohortFormat::kJson:
      text = adapters::CohortToJson(report) + "\n";
      break;
    case CohortFormat::kCsv:
      text = options.per_patient ? adapters::CohortPatientsToCsv(report)
                                 : adapters::CohortSummaryToCsv(report);
      break;
    case CohortFormat::kHtml:
      text = adapters::CohortToHtml(report);
      break;
  }
  if (!WriteAll(options.course.output, text)) return Usage("cannot write " + options.course.output);
  return 0;
}

}  // namespace cartwatch::cli
