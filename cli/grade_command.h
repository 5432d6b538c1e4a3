// `cartwatch grade`: grades assessments from a file or standard input.
#ifndef CARTWATCH_CLI_GRADE_COMMAND_H_
#define CARTWATCH_CLI_GRADE_COMMAND_H_

#include <string>

#include "cartwatch/core/grading_systems.h"

namespace CLI {
class App;
}

namespace cartwatch::cli {

enum class OutputFormat { kJson, kText };

struct GradeOptions {
  std::string input = "-";  // a path, or "-" for standard input
  OutputFormat format = OutputFormat::kJson;
  // CRS grading systems (--systems); ASTCT 2019 always. Any other adds crs_by_system.
  core::GradingSystemSet systems{core::GradingSystem::kAstct2019};
};

// Registers the subcommand on `app`; `options` must outlive parsing.
CLI::App* AddGradeCommand(CLI::App& app, GradeOptions& options);

// Runs the command; returns the process exit code from the error catalogue.
int RunGrade(const GradeOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_GRADE_COMMAND_H_
