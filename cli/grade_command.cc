#include "grade_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/grading.h"
#include "systems_option.h"

namespace cartwatch::cli {
namespace {

// Output is written through a large stdio buffer: grading a million records must not be
// dominated by small writes.
class LineWriter {
 public:
  explicit LineWriter(std::FILE* file) : file_(file) {
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  void Write(const std::string& text, bool newline) {
    std::fwrite(text.data(), 1, text.size(), file_);
    if (newline) std::fputc('\n', file_);
  }

 private:
  std::FILE* file_;
};

// A one-line progress report on stderr, only when a person is watching it (stderr is a terminal)
// and the input is a file whose size is known.
class Progress {
 public:
  Progress(std::ifstream* file, std::uintmax_t total_bytes)
      : file_(file),
        total_bytes_(total_bytes),
        enabled_(file != nullptr && total_bytes > 0 && isatty(STDERR_FILENO) == 1) {}
  ~Progress() {
    Interrupt();  // leave a clean line behind
    std::cerr << std::flush;
  }
  // Clears the progress line so that a message can take its place.
  void Interrupt() {
    if (shown_) std::cerr << "\r\033[K";
    shown_ = false;
  }
  void Record() {
    if (!enabled_ || ++records_ % kEvery != 0) return;
    const auto position = file_->tellg();
    if (position < 0) return;
    const double percent =
        100.0 * static_cast<double>(position) / static_cast<double>(total_bytes_);
    std::cerr << "\rcartwatch grade: " << records_ << " records (" << static_cast<int>(percent)
              << "%)" << std::flush;
    shown_ = true;
  }

 private:
  static constexpr std::size_t kEvery = 50000;
  std::ifstream* file_;
  std::uintmax_t total_bytes_;
  bool enabled_;
  bool shown_ = false;
  std::size_t records_ = 0;
};

}  // namespace

CLI::App* AddGradeCommand(CLI::App& app, GradeOptions& options) {
  CLI::App* grade = app.add_subcommand(
      "grade",
      "Grade CRS and ICANS (ASTCT 2019) for each assessment in FILE.\n"
      "Input: one JSON object, a JSON array of objects, or NDJSON (one cartwatch.assessment/1\n"
      "object per line); see docs/assessment-schema.md.\n"
      "Output: one result per assessment on stdout; refused records on stderr with their line.\n"
      "--systems adds the CRS grade by older systems (crs_by_system, docs/grading-output.md).\n"
      "Exit codes: 0 all graded, 2 usage error, 3 some records invalid (valid ones are still "
      "graded).");
  grade->add_option("FILE", options.input, "Assessment file, or - for standard input")
      ->capture_default_str();
  grade
      ->add_option_function<std::string>(
          "-f,--format",
          [&options](const std::string& format) {
            options.format = format == "text" ? OutputFormat::kText : OutputFormat::kJson;
          },
          "json (default): one JSON object per line, schema cartwatch.grading/1; text: a short "
          "explanation for the bedside")
      ->check(CLI::IsMember({"json", "text"}));
  AddSystemsOption(*grade, options.systems);
  return grade;
}

int RunGrade(const GradeOptions& options) {
  std::ifstream file;
  std::istream* input = &std::cin;
  if (options.input != "-") {
    file.open(options.input, std::ios::binary);
    if (!file) {
      std::cerr << "cartwatch grade: cannot open " << options.input << " [usage]\n";
      return core::Describe(core::ErrorCode::kUsage).exit_code;
    }
    input = &file;
  }

  std::error_code size_error;
  const std::uintmax_t input_bytes =
      options.input == "-" ? 0 : std::filesystem::file_size(options.input, size_error);
  Progress progress(options.input == "-" ? nullptr : &file, size_error ? 0 : input_bytes);

  const bool json = options.format == OutputFormat::kJson;
  // One slot per requested system, in registry order; regraded in place for every record.
  std::vector<adapters::SystemCrsGrading> by_system;
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (options.systems.Contains(info.id)) by_system.push_back({info.id, {}});
  }
  LineWriter out(stdout);
  std::size_t graded = 0;
  std::size_t refused = 0;
  int exit_code = 0;
  adapters::ReadAssessments(*input, [&](std::size_t line, adapters::ParseOutcome&& outcome) {
    progress.Record();
    if (!outcome.errors.empty()) {
      ++refused;
      progress.Interrupt();
      exit_code = core::Describe(outcome.errors.front().code).exit_code;
      for (const core::Error& error : outcome.errors) {
        std::cerr << (json ? adapters::ErrorToJson(line, error)
                           : adapters::ErrorToText(line, error))
                  << '\n';
      }
      return;
    }
    ++graded;
    const core::Assessment& assessment = *outcome.assessment;
    const core::Grading grading = core::GradeAstct2019(assessment);
    for (adapters::SystemCrsGrading& entry : by_system) {
      entry.crs = entry.system == core::GradingSystem::kAstct2019
                      ? static_cast<const core::SyndromeGrading&>(grading.crs)
                      : core::GradeCrs(entry.system, assessment);
    }
    if (json) {
      out.Write(adapters::GradingToJson(assessment, grading, by_system), true);
    } else {
      out.Write(adapters::GradingToText(assessment, grading, by_system), false);
    }
  });
  std::fflush(stdout);
  if (input->bad()) {
    std::cerr << "cartwatch grade: read error on " << options.input << " [usage]\n";
    return core::Describe(core::ErrorCode::kUsage).exit_code;
  }
  if (refused > 0) {
    if (json) {
      std::cerr << "{\"summary\":{\"graded\":" << graded << ",\"refused\":" << refused << "}}\n";
    } else {
      std::cerr << "cartwatch grade: " << refused << " record(s) refused, " << graded
                << " graded\n";
    }
  }
  return exit_code;
}

}  // namespace cartwatch::cli
