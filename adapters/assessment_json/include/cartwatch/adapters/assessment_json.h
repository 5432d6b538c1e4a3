// cartwatch.assessment/1 as JSON: strict reading of assessments and writing of grading results.
//
// Reading is strict by design (docs/assessment-schema.md): unknown fields, duplicate keys, wrong
// types, fractional numbers where integers are required, quantities without units, unknown units
// and unknown codes are all errors naming the field. After the syntax checks the record is passed
// through core::Validate, so one call reports every problem of a record.
#ifndef CARTWATCH_ADAPTERS_ASSESSMENT_JSON_H_
#define CARTWATCH_ADAPTERS_ASSESSMENT_JSON_H_

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"

namespace cartwatch::adapters {

inline constexpr std::string_view kAssessmentSchema = "cartwatch.assessment/1";
inline constexpr std::string_view kGradingSchema = "cartwatch.grading/1";

struct ParseOutcome {
  std::optional<core::Assessment> assessment;  // set only when `errors` is empty
  std::vector<core::Error> errors;
};

// Parses the text of one JSON object (surrounding whitespace allowed). Never throws.
// Text that is not JSON, or JSON that is not an object, gives exactly one malformed_json error
// (its message names the byte offset in `json_text`). Otherwise every schema problem of the
// record is reported, each with the path of its field ("oxygen.flow_l_min", "vasopressors[1]")
// and the received value as text (strings without quotes, other values as compact JSON, cut
// after 80 bytes), in input order; then the errors of core::Validate are appended, except for a
// field already refused. A [degF] temperature is converted to degC before core::Validate sees it.
ParseOutcome ParseAssessmentJson(std::string_view json_text);

// Reads assessments from `input` and calls `on_record` once per record, in input order, with the
// 1-based line on which the record starts. Blank lines (only spaces, tabs, CR) are skipped.
// The layout is chosen from the first non-blank line:
//  - a complete JSON object on its own: NDJSON, one object a line. A line that fails is one
//    refused record at its line; reading goes on. Streams line by line: memory does not grow
//    with the number of records.
//  - anything else: the whole input is one JSON document, read into memory. An object is one
//    record, at the line of its first non-blank character. An array is one record per element,
//    each at the line where the element starts (an element that is not an object is refused as
//    malformed_json). A document that is not valid JSON is one malformed_json record at its
//    first line.
// Empty input gives no records. Errors of the stream itself (badbit) end reading silently; the
// caller checks `input`.
using RecordSink = std::function<void(std::size_t line, ParseOutcome&& outcome)>;
void ReadAssessments(std::istream& input, const RecordSink& on_record);

// One assessment as a single line of cartwatch.assessment/1 (no trailing newline), every finding
// at the member its descriptor names (core::FindingInfo::json_path), temperature in Cel. What it
// writes, ParseAssessmentJson reads back into the same assessment (tested for every finding).
std::string AssessmentToJson(const core::Assessment& assessment);

// One grading result as a single line of JSON (no trailing newline):
// {"schema": "cartwatch.grading/1", "patient_id": ..., "time": ... (omitted when empty),
//  "crs": {"system": "ASTCT-2019", "assessed": bool, "grade": N or null when not assessed,
//          "lower_bound": bool, "max_possible_grade": N,
//          "drivers": [{"rule", "grade", "source", "locator", "text", "unconfirmed"}],
//          "missing": [field paths], "flags": [{"code", "text", "source", "locator",
//          "unconfirmed"}]},
//  "icans": {the same, plus "tool": "ice" | "capd" | null, "ice_score": N (complete ICE),
//            "ice_range": [min, max] (partial ICE), "capd_score": N (CAPD used)}}.
// Strings are escaped; bytes that are not UTF-8 become U+FFFD. See docs/grading-output.md.
std::string GradingToJson(const core::Assessment& assessment, const core::Grading& grading);

// The CRS grade of one assessment by one grading system (core::GradeCrs).
struct SystemCrsGrading {
  core::GradingSystem system;
  core::SyndromeGrading crs;
};

// As above, plus, when `by_system` holds any system other than ASTCT 2019, the object
// "crs_by_system": {"<key>": {the fields of "crs", "system" naming that system's source}, ...}
// keyed by GradingSystemInfo::key, in the order given. With ASTCT alone the output is exactly
// the two-argument form's.
std::string GradingToJson(const core::Assessment& assessment, const core::Grading& grading,
                          std::span<const SystemCrsGrading> by_system);

// A short plain-text explanation a nurse can read (several lines, trailing newline): per
// syndrome the grade, the findings behind each rule with the rule id, what was not recorded and
// how high the grade could then be, and notes; UNCONFIRMED marks readings not yet verified.
std::string GradingToText(const core::Assessment& assessment, const core::Grading& grading);
// As above, plus one line per system of `by_system` when it holds any system other than ASTCT.
std::string GradingToText(const core::Assessment& assessment, const core::Grading& grading,
                          std::span<const SystemCrsGrading> by_system);

// One refused record as a single line of JSON:
// {"line": N, "error": "unknown_field", "field": ..., "value": ..., "message": ..., "rule": ...}
// (every key always present; "" when empty).
std::string ErrorToJson(std::size_t line, const core::Error& error);
// The same as one line of plain text: "line 3: oxygen.flow_l_min: ... [missing_required]".
std::string ErrorToText(std::size_t line, const core::Error& error);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_ASSESSMENT_JSON_H_
