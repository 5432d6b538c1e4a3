// Views of one patient's course: JSON (cartwatch.timeline/1), a text table, a wide CSV with one
// row per graded assessment, and an SVG chart of temperature, blood pressure, oxygen support and
// grade bands against days after infusion.
#ifndef CARTWATCH_ADAPTERS_TIMELINE_REPORT_H_
#define CARTWATCH_ADAPTERS_TIMELINE_REPORT_H_

#include <string>

#include "cartwatch/core/timeline.h"

namespace cartwatch::adapters {

std::string CourseToJson(const core::PatientCourse& course);
std::string CourseToText(const core::PatientCourse& course);
std::string CourseToCsv(const core::PatientCourse& course);
// A standalone SVG document (opens in any browser, no scripts, no external resources).
std::string CourseToSvg(const core::PatientCourse& course);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_TIMELINE_REPORT_H_
