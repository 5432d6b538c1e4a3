#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/validate.h"

namespace cartwatch::adapters {
namespace {

using core::ErrorCode;

std::string Describe(const std::vector<core::Error>& errors) {
  std::string text;
  for (const core::Error& e : errors) {
    text += std::string(e.name()) + " @" + e.field + " [" + e.value + "] " + e.message + "\n";
  }
  return text;
}

core::UnixSeconds At(std::string_view rfc3339) { return core::ParseRfc3339(rfc3339).value(); }

// ---- every error path, one problem per case, each with the field it must name --------------

struct ErrorCase {
  std::string_view name;
  std::string_view json;
  ErrorCode code;
  std::string_view field;
  std::string_view value;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class ContextErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ContextErrorTest, ReportsExactlyTheExpectedError) {
  const ErrorCase& c = GetParam();
  const ContextParse parse = ParseContextJson(c.json);
  EXPECT_FALSE(parse.context.has_value());
  ASSERT_EQ(parse.errors.size(), 1u) << Describe(parse.errors);
  const core::Error& error = parse.errors[0];
  EXPECT_EQ(error.code, c.code) << Describe(parse.errors);
  EXPECT_EQ(error.field, c.field) << Describe(parse.errors);
  EXPECT_EQ(error.value, c.value) << Describe(parse.errors);
  EXPECT_FALSE(error.message.empty());
}

const ErrorCase kErrorCases[] = {
    // malformed_json: not JSON, or not an object
    {"truncated", R"({"weight_kg": 70)", ErrorCode::kMalformedJson, "", "70"},
    {"trailing_comma", R"({"weight_kg": 70,})", ErrorCode::kMalformedJson, "", "70,}"},
    {"empty_text", "", ErrorCode::kMalformedJson, "", ""},
    {"array", R"([{"weight_kg": 70}])", ErrorCode::kMalformedJson, "", R"([{"weight_kg":70}])"},
    {"string", R"("70 kg")", ErrorCode::kMalformedJson, "", "70 kg"},
    {"number_overflow", R"({"weight_kg": 1e400})", ErrorCode::kMalformedJson, "", "1e400"},
    {"invalid_utf8", "{\"product\": \"\xff\"}", ErrorCode::kMalformedJson, "", "\"\xff"},
    {"too_deep", R"({"given": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]})",
     ErrorCode::kMalformedJson, "given[0][0][0][0][0][0][0][0][0][0][0][0][0][0]", ""},
    // unknown_field, at both levels
    {"unknown_top", R"({"weight_lb": 154})", ErrorCode::kUnknownField, "weight_lb", "154"},
    {"unknown_case_variant", R"({"Weight_kg": 70})", ErrorCode::kUnknownField, "Weight_kg", "70"},
    {"now_is_not_read", R"({"now": "2026-03-01T08:00:00Z"})", ErrorCode::kUnknownField, "now",
     "2026-03-01T08:00:00Z"},
    {"unknown_in_given", R"({"given": [{"drug": "dexamethasone", "time": "2026-03-01T08:00:00Z",
      "route": "IV"}]})",
     ErrorCode::kUnknownField, "given[0].route", "IV"},
    // duplicate_key, at both levels
    {"duplicate_top", R"({"weight_kg": 70, "weight_kg": 7})", ErrorCode::kDuplicateKey, "weight_kg",
     ""},
    {"duplicate_in_given", R"({"given": [{"drug": "tocilizumab", "drug": "siltuximab",
      "time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kDuplicateKey, "given[0].drug", ""},
    // wrong_type, every field
    {"schema_number", R"({"schema": 1})", ErrorCode::kWrongType, "schema", "1"},
    {"weight_string", R"({"weight_kg": "70"})", ErrorCode::kWrongType, "weight_kg", "70"},
    {"weight_with_unit_object", R"({"weight_kg": {"value": 70, "unit": "kg"}})",
     ErrorCode::kWrongType, "weight_kg", R"({"value":70,"unit":"kg"})"},
    {"age_bool", R"({"age_years": true})", ErrorCode::kWrongType, "age_years", "true"},
    {"product_number", R"({"product": 3})", ErrorCode::kWrongType, "product", "3"},
    {"infusion_time_number", R"({"infusion_time": 1772352000})", ErrorCode::kWrongType,
     "infusion_time", "1772352000"},
    {"given_object", R"({"given": {"drug": "tocilizumab"}})", ErrorCode::kWrongType, "given",
     R"({"drug":"tocilizumab"})"},
    {"given_entry_string", R"({"given": ["tocilizumab"]})", ErrorCode::kWrongType, "given[0]",
     "tocilizumab"},
    {"given_entry_null", R"({"given": [null]})", ErrorCode::kWrongType, "given[0]", "null"},
    {"given_drug_number", R"({"given": [{"drug": 1, "time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kWrongType, "given[0].drug", "1"},
    {"given_time_number", R"({"given": [{"drug": "tocilizumab", "time": 1772352000}]})",
     ErrorCode::kWrongType, "given[0].time", "1772352000"},
    {"given_dose_string",
     R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": "560"}]})",
     ErrorCode::kWrongType, "given[0].dose_mg", "560"},
    // unknown_code
    {"schema_other", R"({"schema": "cartwatch.context/2"})", ErrorCode::kUnknownCode, "schema",
     "cartwatch.context/2"},
    {"product_unknown", R"({"product": "car-t"})", ErrorCode::kUnknownCode, "product", "car-t"},
    // the course: earlier grades, each with its time
    {"course_object", R"({"course": {"crs_grade": 2}})", ErrorCode::kWrongType, "course",
     R"({"crs_grade":2})"},
    {"course_without_time", R"({"course": [{"crs_grade": 2}]})", ErrorCode::kMissingRequired,
     "course[0].time", ""},
    {"course_grade_fraction", R"({"course": [{"time": "2026-03-01T08:00:00Z", "crs_grade": 2.5}]})",
     ErrorCode::kWrongType, "course[0].crs_grade", "2.5"},
    {"course_grade_six", R"({"course": [{"time": "2026-03-01T08:00:00Z", "icans_grade": 6}]})",
     ErrorCode::kOutOfRange, "course[0].icans_grade", "6"},
    {"course_fever_string", R"({"course": [{"time": "2026-03-01T08:00:00Z", "fever": "yes"}]})",
     ErrorCode::kWrongType, "course[0].fever", "yes"},
    {"course_unknown_member", R"({"course": [{"time": "2026-03-01T08:00:00Z", "grade": 2}]})",
     ErrorCode::kUnknownField, "course[0].grade", "2"},
    {"fever_since_not_a_time", R"({"fever_since": "3 days"})", ErrorCode::kInvalidTime,
     "fever_since", "3 days"},
    {"schema_assessment", R"({"schema": "cartwatch.assessment/1"})", ErrorCode::kUnknownCode,
     "schema", "cartwatch.assessment/1"},
    {"unknown_drug", R"({"given": [{"drug": "toci", "time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kUnknownCode, "given[0].drug", "toci"},
    {"drug_brand_name", R"({"given": [{"drug": "Actemra", "time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kUnknownCode, "given[0].drug", "Actemra"},
    {"drug_case_variant", R"({"given": [{"drug": "Tocilizumab", "time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kUnknownCode, "given[0].drug", "Tocilizumab"},
    // implausible_value: refused, never clamped
    {"weight_zero", R"({"weight_kg": 0})", ErrorCode::kImplausibleValue, "weight_kg", "0"},
    {"weight_negative", R"({"weight_kg": -70})", ErrorCode::kImplausibleValue, "weight_kg", "-70"},
    {"weight_above_350", R"({"weight_kg": 350.5})", ErrorCode::kImplausibleValue, "weight_kg",
     "350.5"},
    {"weight_in_grams", R"({"weight_kg": 70000})", ErrorCode::kImplausibleValue, "weight_kg",
     "70000"},
    {"age_negative", R"({"age_years": -1})", ErrorCode::kImplausibleValue, "age_years", "-1"},
    {"age_above_125", R"({"age_years": 130})", ErrorCode::kImplausibleValue, "age_years", "130"},
    {"dose_zero",
     R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": 0}]})",
     ErrorCode::kImplausibleValue, "given[0].dose_mg", "0"},
    {"dose_negative",
     R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": -560}]})",
     ErrorCode::kImplausibleValue, "given[0].dose_mg", "-560"},
    {"dose_micrograms_as_mg",
     R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": 560000}]})",
     ErrorCode::kImplausibleValue, "given[0].dose_mg", "560000"},
    // invalid_time
    {"infusion_date_only", R"({"infusion_time": "2026-02-27"})", ErrorCode::kInvalidTime,
     "infusion_time", "2026-02-27"},
    {"given_time_without_offset", R"({"given": [{"drug": "tocilizumab",
      "time": "2026-03-01T08:00:00"}]})",
     ErrorCode::kInvalidTime, "given[0].time", "2026-03-01T08:00:00"},
    {"given_time_words", R"({"given": [{"drug": "tocilizumab", "time": "this morning"}]})",
     ErrorCode::kInvalidTime, "given[0].time", "this morning"},
    {"given_time_impossible_date", R"({"given": [{"drug": "tocilizumab",
      "time": "2026-02-30T08:00:00Z"}]})",
     ErrorCode::kInvalidTime, "given[0].time", "2026-02-30T08:00:00Z"},
    // missing_required: a dose that cannot be counted is refused, not dropped
    {"given_without_time", R"({"given": [{"drug": "tocilizumab", "dose_mg": 560}]})",
     ErrorCode::kMissingRequired, "given[0].time", ""},
    {"given_null_time", R"({"given": [{"drug": "tocilizumab", "time": null}]})",
     ErrorCode::kMissingRequired, "given[0].time", ""},
    {"given_without_drug", R"({"given": [{"time": "2026-03-01T08:00:00Z"}]})",
     ErrorCode::kMissingRequired, "given[0].drug", ""},
    {"second_entry_incomplete",
     R"({"given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z"},
                   {"drug": "tocilizumab"}]})",
     ErrorCode::kMissingRequired, "given[1].time", ""},
};

INSTANTIATE_TEST_SUITE_P(AllErrorPaths, ContextErrorTest, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& param) {
                           return std::string(param.param.name);
                         });

// Every error a context can produce is one of these codes, and each of them is exercised above.
TEST(ContextReader, ErrorCasesCoverEveryCodeTheReaderUses) {
  const ErrorCode used[] = {ErrorCode::kMalformedJson, ErrorCode::kUnknownField,
                            ErrorCode::kDuplicateKey,  ErrorCode::kWrongType,
                            ErrorCode::kUnknownCode,   ErrorCode::kImplausibleValue,
                            ErrorCode::kInvalidTime,   ErrorCode::kMissingRequired};
  for (ErrorCode code : used) {
    bool found = false;
    for (const ErrorCase& c : kErrorCases) found = found || c.code == code;
    EXPECT_TRUE(found) << core::Describe(code).name;
  }
}

// A refused weight reads as every other implausible value does (core::CheckPlausible).
TEST(ContextReader, ImplausibleWeightIsWordedByTheCore) {
  const ContextParse parse = ParseContextJson(R"({"weight_kg": 700})");
  ASSERT_EQ(parse.errors.size(), 1u);
  const std::optional<core::Error> expected =
      core::CheckPlausible("weight_kg", 700, core::kBodyWeightKgLimits, "700");
  ASSERT_TRUE(expected);
  EXPECT_EQ(parse.errors[0].message, expected->message);
  EXPECT_EQ(parse.errors[0].rule, expected->rule);
}

// ---- accepted contexts -----------------------------------------------------------------------

TEST(ContextReader, ReadsEveryField) {
  const ContextParse parse = ParseContextJson(R"({
      "schema": "cartwatch.context/1", "weight_kg": 70.5, "age_years": 54, "product": "axi-cel",
      "infusion_time": "2026-02-27T10:00:00Z",
      "given": [{"drug": "tocilizumab", "time": "2026-03-01T08:00:00Z", "dose_mg": 560},
                {"drug": "dexamethasone", "time": "2026-03-01T09:30:00+01:00"}]})");
  ASSERT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  ASSERT_TRUE(parse.context);
  const core::PatientContext& context = *parse.context;
  EXPECT_EQ(context.weight_kg, 70.5);
  EXPECT_EQ(context.age_years, 54.0);
  EXPECT_EQ(context.product, core::Product::kAxiCel);
  EXPECT_EQ(context.infusion, At("2026-02-27T10:00:00Z"));
  EXPECT_FALSE(context.now) << "now comes from the assessment, never from the context";
  ASSERT_EQ(context.given.size(), 2u);
  EXPECT_EQ(context.given[0].drug, core::Drug::kTocilizumab);
  EXPECT_EQ(context.given[0].time, At("2026-03-01T08:00:00Z"));
  EXPECT_EQ(context.given[0].dose_mg, 560.0);
  EXPECT_EQ(context.given[1].drug, core::Drug::kDexamethasone);
  EXPECT_EQ(context.given[1].time, At("2026-03-01T08:30:00Z"));  // offset applied
  EXPECT_FALSE(context.given[1].dose_mg);
}

TEST(ContextReader, ReadsTheCourseFeverOnsetAndProductNames) {
  const ContextParse parse = ParseContextJson(R"({
      "product": "Yescarta", "fever_since": "2026-02-27T20:00:00Z",
      "course": [{"time": "2026-02-28T08:00:00Z", "crs_grade": 1, "icans_grade": 0, "fever": true},
                 {"time": "2026-02-28T20:00:00Z", "crs_grade": null, "icans_grade": 2}]})");
  ASSERT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  const core::PatientContext& context = *parse.context;
  EXPECT_EQ(context.product, core::Product::kAxiCel);
  EXPECT_EQ(context.fever_since, At("2026-02-27T20:00:00Z"));
  ASSERT_EQ(context.course.size(), 2u);
  EXPECT_EQ(context.course[0].time, At("2026-02-28T08:00:00Z"));
  EXPECT_EQ(context.course[0].crs_grade, 1);
  EXPECT_EQ(context.course[0].icans_grade, 0);
  EXPECT_EQ(context.course[0].fever, true);
  EXPECT_FALSE(context.course[1].crs_grade);  // not assessed then
  EXPECT_EQ(context.course[1].icans_grade, 2);
  EXPECT_FALSE(context.course[1].fever);
}

TEST(ContextReader, EveryDrugCodeIsAccepted) {
  for (const core::DrugInfo& info : core::Drugs()) {
    const std::string json = R"({"given": [{"drug": ")" + std::string(info.code) +
                             R"(", "time": "2026-03-01T08:00:00Z"}]})";
    const ContextParse parse = ParseContextJson(json);
    ASSERT_TRUE(parse.context) << info.code << ": " << Describe(parse.errors);
    ASSERT_EQ(parse.context->given.size(), 1u);
    EXPECT_EQ(parse.context->given[0].drug, info.drug);
  }
}

TEST(ContextReader, EmptyObjectAndNullsMeanNothingKnown) {
  for (std::string_view json :
       {std::string_view("{}"), std::string_view("  {}\n"),
        std::string_view(R"({"schema": null, "weight_kg": null, "age_years": null,
           "product": null, "infusion_time": null, "given": null})"),
        std::string_view(R"({"given": []})")}) {
    const ContextParse parse = ParseContextJson(json);
    ASSERT_TRUE(parse.context) << json << ": " << Describe(parse.errors);
    EXPECT_FALSE(parse.context->weight_kg);
    EXPECT_FALSE(parse.context->age_years);
    EXPECT_FALSE(parse.context->product.has_value());
    EXPECT_FALSE(parse.context->infusion);
    EXPECT_TRUE(parse.context->given.empty());
  }
}

TEST(ContextReader, WeightBoundsAreInclusiveAt350AndExclusiveAt0) {
  EXPECT_EQ(ParseContextJson(R"({"weight_kg": 350})").context.value().weight_kg, 350.0);
  EXPECT_EQ(ParseContextJson(R"({"weight_kg": 0.4})").context.value().weight_kg, 0.4);
  EXPECT_FALSE(ParseContextJson(R"({"weight_kg": 350.0001})").context);
  EXPECT_FALSE(ParseContextJson(R"({"weight_kg": 0.0})").context);
  EXPECT_EQ(ParseContextJson(R"({"age_years": 0})").context.value().age_years, 0.0);
}

TEST(ContextReader, ReportsEveryProblemInInputOrder) {
  const ContextParse parse = ParseContextJson(R"({
      "weight_kg": 0, "colour": "blue",
      "given": [{"drug": "aspirin", "time": "noon"}, {"dose_mg": 1}],
      "infusion_time": "yesterday"})");
  EXPECT_FALSE(parse.context);
  ASSERT_EQ(parse.errors.size(), 7u) << Describe(parse.errors);
  const std::vector<std::string_view> fields = {"weight_kg",     "colour",        "given[0].drug",
                                                "given[0].time", "given[1].drug", "given[1].time",
                                                "infusion_time"};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(parse.errors[i].field, fields[i]) << Describe(parse.errors);
  }
  EXPECT_EQ(parse.errors[2].code, ErrorCode::kUnknownCode);
  EXPECT_EQ(parse.errors[4].code, ErrorCode::kMissingRequired);
}

TEST(ContextReader, ImplausibleWeightNamesTheAcceptedRange) {
  const ContextParse parse = ParseContextJson(R"({"weight_kg": 400})");
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_NE(parse.errors[0].message.find("350"), std::string::npos) << parse.errors[0].message;
  EXPECT_EQ(parse.errors[0].rule, "cartwatch-policy");
}

TEST(ContextReader, UnknownDrugListsTheKnownOnes) {
  const ContextParse parse =
      ParseContextJson(R"({"given": [{"drug": "toci", "time": "2026-03-01T08:00:00Z"}]})");
  ASSERT_EQ(parse.errors.size(), 1u);
  for (const core::DrugInfo& info : core::Drugs()) {
    EXPECT_NE(parse.errors[0].message.find(info.code), std::string::npos) << info.code;
  }
}

TEST(ContextReader, LongValuesAreCutInErrors) {
  const std::string long_drug(500, 'x');
  const ContextParse parse = ParseContextJson(R"({"given": [{"drug": ")" + long_drug +
                                              R"(", "time": "2026-03-01T08:00:00Z"}]})");
  ASSERT_EQ(parse.errors.size(), 1u);
  EXPECT_LT(parse.errors[0].value.size(), 100u);
  EXPECT_LT(parse.errors[0].message.size(), 400u);
}

}  // namespace
}  // namespace cartwatch::adapters
