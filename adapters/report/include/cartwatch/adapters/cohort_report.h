// Views of a cohort: JSON (cartwatch.cohort/1), CSV (the summary table, or one row per patient)
// and a self-contained HTML report with inline SVG plots that opens offline.
#ifndef CARTWATCH_ADAPTERS_COHORT_REPORT_H_
#define CARTWATCH_ADAPTERS_COHORT_REPORT_H_

#include <string>

#include "cartwatch/core/cohort.h"

namespace cartwatch::adapters {

std::string CohortToJson(const core::CohortReport& report);
std::string CohortSummaryToCsv(const core::CohortReport& report);
std::string CohortPatientsToCsv(const core::CohortReport& report);
std::string CohortToHtml(const core::CohortReport& report);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_COHORT_REPORT_H_
