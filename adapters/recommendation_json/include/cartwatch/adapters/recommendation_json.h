// The patient context as JSON (cartwatch.context/1) and recommendations as JSON or plain text
// (cartwatch.recommendation/1); see docs/recommendation-output.md.
//
// The context says what a recommendation needs beyond the grades: weight, age, product, day 0
// and the treatments already given in this episode. It is read as strictly as an assessment
// (docs/assessment-schema.md): unknown fields, duplicate keys, wrong types, unknown drugs,
// implausible values and times that are not RFC 3339 are each an error naming the field.
#ifndef CARTWATCH_ADAPTERS_RECOMMENDATION_JSON_H_
#define CARTWATCH_ADAPTERS_RECOMMENDATION_JSON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/recommend.h"

namespace cartwatch::adapters {

inline constexpr std::string_view kContextSchema = "cartwatch.context/1";
inline constexpr std::string_view kRecommendationSchema = "cartwatch.recommendation/1";

// The statement every recommendation carries: the output is advice from a protocol, not an order.
inline constexpr std::string_view kDecisionSupport =
    "A clinician decides; this is decision support from the named protocol, not an order. Check "
    "every dose against the chart and the product label before giving it.";

struct ContextParse {
  std::optional<core::PatientContext> context;  // set only when `errors` is empty
  std::vector<core::Error> errors;
};

// Parses the text of one cartwatch.context/1 JSON object. Never throws. Every key is optional:
//   {"schema": "cartwatch.context/1", "weight_kg": 70, "age_years": 54, "product": "axi-cel",
//    "infusion_time": "2026-02-27T10:00:00Z",
//    "given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": 560}]}
// null means absent. Text that is not JSON, or not an object, gives exactly one malformed_json
// error. Otherwise every problem is reported, in input order, each with its field path
// ("given[1].time") and the received value as text: unknown_field, duplicate_key, wrong_type,
// unknown_code (schema other than cartwatch.context/1, drug not in core::Drugs()),
// implausible_value (weight_kg outside core::kBodyWeightKgLimits, age_years outside
// core::kAgeYearsLimits, dose_mg outside core::kDrugDoseMgLimits; worded by core::CheckPlausible),
// invalid_time (infusion_time, given[].time not RFC 3339 with an offset), missing_required (given[]
// entry without drug or time). `now` is never read from the context: the caller sets it from the
// assessment.
ContextParse ParseContextJson(std::string_view json_text);

// One recommendation as a single line of JSON (no trailing newline), schema
// cartwatch.recommendation/1:
// {"schema", "protocol": {"id", "version", "title"}, "crs_grade", "icans_grade",
//  "grades_are_lower_bounds",
//  "actions": [{"kind", "drug" (code or null), "dose_mg" (number or null), "dose_basis", "route",
//               "frequency", "when", "not_before" (RFC 3339 UTC or null), "rule", "source",
//               "text", "unconfirmed"}],
//  "withheld": [{"drug", "reason", "rule", "source", "unconfirmed"}], "needs": [...],
//  "decision_support": kDecisionSupport}.
// `protocol` is the one the recommendation was made from: it gives the title, and the source and
// UNCONFIRMED mark of the rule behind each withheld drug ("" / false when the rule is not in it).
// `patient_id` and `time` echo the assessment answered (omitted when empty), so that NDJSON
// output can be matched to its input.
std::string RecommendationToJson(const core::Recommendation& recommendation,
                                 const core::Protocol& protocol, std::string_view patient_id = "",
                                 std::string_view time = "");

// The same as a short plain list a nurse can act on (several lines, trailing newline): the
// protocol, the grades, the numbered actions with dose, route, timing and [rule], what is
// withheld and why, what is needed to complete the advice, UNCONFIRMED marks, and the line
// "Decision support: a clinician decides."
std::string RecommendationToText(const core::Recommendation& recommendation,
                                 const core::Protocol& protocol);

// A refusal of a whole input file (a context or protocol file, not one record of many) as one
// line of JSON: {"file": ..., "error": "implausible_value", "field", "value", "message", "rule"}
// (every key always present), or as one line of plain text:
// "context.json: weight_kg: ... (received: 500) [implausible_value]".
std::string FileErrorToJson(std::string_view file, const core::Error& error);
std::string FileErrorToText(std::string_view file, const core::Error& error);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_RECOMMENDATION_JSON_H_
