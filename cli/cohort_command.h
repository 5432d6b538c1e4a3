// `cartwatch cohort`: per-patient, per-product and overall figures over CSV records.
#ifndef CARTWATCH_CLI_COHORT_COMMAND_H_
#define CARTWATCH_CLI_COHORT_COMMAND_H_

#include <string>
#include <vector>

#include "course_folding.h"

namespace CLI {
class App;
}

namespace cartwatch::cli {

enum class CohortFormat { kJson, kCsv, kHtml };

struct CohortOptions {
  std::vector<std::string> inputs;  // CSV files (long or wide); "-" for standard input
  CohortFormat format = CohortFormat::kJson;
  bool per_patient = false;  // CSV: one row per patient instead of the summary table
  CourseOptions course;
};

CLI::App* AddCohortCommand(CLI::App& app, CohortOptions& options);

// 0: done; 2: usage; 3: some input refused (every error on stderr; no report is written).
int RunCohort(const CohortOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_COHORT_COMMAND_H_
