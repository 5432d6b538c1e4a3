#include "grade_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/grading.h"

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

}  // namespace

CLI::App* AddGradeCommand(CLI::App& app, GradeOptions& options) {
  CLI::App* grade = app.add_subcommand(
      "grade",
      "Grade CRS and ICANS (ASTCT 2019) for each assessment in FILE.\n"
      "Input: one JSON object, a JSON array of objects, or NDJSON (one cartwatch.assessment/1\n"
      "object per line); see docs/assessment-schema.md.\n"
      "Output: one result per assessment on stdout; refused records on stderr with their line.\n"
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

  const bool json = options.format == OutputFormat::kJson;
  LineWriter out(stdout);
  std::size_t graded = 0;
  std::size_t refused = 0;
  int exit_code = 0;
  adapters::ReadAssessments(*input, [&](std::size_t line, adapters::ParseOutcome&& outcome) {
    if (!outcome.errors.empty()) {
      ++refused;
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
    if (json) {
      out.Write(adapters::GradingToJson(assessment, grading), true);
    } else {
      out.Write(adapters::GradingToText(assessment, grading), false);
    }
  });
  std::fflush(stdout);
  if (input->bad()) {
    std::cerr << "cartwatch grade: read error on " << options.input << " [usage]\n";
    return core::Describe(core::ErrorCode::kUsage).exit_code;
  }
  if (refused > 0) {
    if (json) {
      std::cerr << "{\"summary\":{\"graded\":" << graded << ",\"refused\":" << refused
                << "}}\n";
    } else {
      std::cerr << "cartwatch grade: " << refused << " record(s) refused, " << graded
                << " graded\n";
    }
  }
  return exit_code;
}

}  // namespace cartwatch::cli
