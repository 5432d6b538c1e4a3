#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/grading.h"

namespace cartwatch::adapters {
namespace {

using core::ErrorCode;

// ---- every error code reachable from JSON, each with the field it must name ----------------

struct ErrorCase {
  std::string_view name;
  std::string_view json;
  ErrorCode code;
  std::string_view field;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

std::string Describe(const std::vector<core::Error>& errors) {
  std::string text;
  for (const core::Error& e : errors) {
    text += std::string(e.name()) + " @" + e.field + " [" + e.value + "] " + e.message + "\n";
  }
  return text;
}

class ReaderErrorTest : public testing::TestWithParam<ErrorCase> {};

// Each case is built to have exactly one problem: the test also proves that the reader and
// core::Validate do not report one problem twice.
TEST_P(ReaderErrorTest, ReportsExactlyTheExpectedError) {
  const ErrorCase& c = GetParam();
  const ParseOutcome outcome = ParseAssessmentJson(c.json);
  EXPECT_FALSE(outcome.assessment.has_value());
  ASSERT_EQ(outcome.errors.size(), 1u) << Describe(outcome.errors);
  EXPECT_EQ(outcome.errors[0].code, c.code) << Describe(outcome.errors);
  EXPECT_EQ(outcome.errors[0].field, c.field) << Describe(outcome.errors);
  EXPECT_FALSE(outcome.errors[0].message.empty());
}

const ErrorCase kErrorCases[] = {
    // malformed_json
    {"truncated_object", R"({"patient_id": "P1")", ErrorCode::kMalformedJson, ""},
    {"trailing_comma", R"({"hypotension": true,})", ErrorCode::kMalformedJson, ""},
    {"two_objects_on_one_line", R"({"a":1} {"b":2})", ErrorCode::kMalformedJson, ""},
    {"empty_text", "", ErrorCode::kMalformedJson, ""},
    {"array_record", R"([{"hypotension": true}])", ErrorCode::kMalformedJson, ""},
    {"string_record", R"("hypotension")", ErrorCode::kMalformedJson, ""},
    {"number_overflow", R"({"age_years": 1e400})", ErrorCode::kMalformedJson, ""},
    {"too_deep", R"({"x":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]})", ErrorCode::kMalformedJson,
     "x[0][0][0][0][0][0][0][0][0][0][0][0][0][0]"},
    {"invalid_utf8", "{\"patient_id\": \"\xff\"}", ErrorCode::kMalformedJson, ""},
    // unknown_field, at every level
    {"unknown_top", R"({"spo2": 91})", ErrorCode::kUnknownField, "spo2"},
    {"unknown_case_variant", R"({"Hypotension": true})", ErrorCode::kUnknownField, "Hypotension"},
    {"unknown_temperature", R"({"temperature": {"value": 38, "unit": "Cel", "site": "oral"}})",
     ErrorCode::kUnknownField, "temperature.site"},
    {"unknown_oxygen", R"({"oxygen": {"device": "facemask", "spo2": 91}})",
     ErrorCode::kUnknownField, "oxygen.spo2"},
    {"unknown_neuro", R"({"neuro": {"rass": -2}})", ErrorCode::kUnknownField, "neuro.rass"},
    {"unknown_ice_item", R"({"age_years": 40, "neuro": {"ice": {"spelling": 1}}})",
     ErrorCode::kUnknownField, "neuro.ice.spelling"},
    // duplicate_key, top level and nested
    {"duplicate_top", R"({"hypotension": true, "hypotension": false})", ErrorCode::kDuplicateKey,
     "hypotension"},
    {"duplicate_oxygen", R"({"oxygen": {"device": "cpap", "device": "bipap"}})",
     ErrorCode::kDuplicateKey, "oxygen.device"},
    {"duplicate_ice_item", R"({"age_years": 40, "neuro": {"ice": {"naming": 3, "naming": 2}}})",
     ErrorCode::kDuplicateKey, "neuro.ice.naming"},
    {"duplicate_null_then_value", R"({"fever_masked": null, "fever_masked": true})",
     ErrorCode::kDuplicateKey, "fever_masked"},
    // wrong_type
    {"bool_as_string", R"({"hypotension": "yes"})", ErrorCode::kWrongType, "hypotension"},
    {"bool_as_number", R"({"crs_death": 0})", ErrorCode::kWrongType, "crs_death"},
    {"age_as_string", R"({"age_years": "40"})", ErrorCode::kWrongType, "age_years"},
    {"patient_id_as_number", R"({"patient_id": 7})", ErrorCode::kWrongType, "patient_id"},
    {"time_as_number", R"({"time": 1700000000})", ErrorCode::kWrongType, "time"},
    {"schema_as_number", R"({"schema": 1})", ErrorCode::kWrongType, "schema"},
    {"temperature_as_string", R"({"temperature": "38.5 Cel"})", ErrorCode::kWrongType,
     "temperature"},
    {"temperature_value_as_string", R"({"temperature": {"value": "38.5", "unit": "Cel"}})",
     ErrorCode::kWrongType, "temperature.value"},
    {"temperature_unit_as_number", R"({"temperature": {"value": 38.5, "unit": 1}})",
     ErrorCode::kWrongType, "temperature.unit"},
    {"vasopressors_as_string", R"({"hypotension": true, "vasopressors": "norepinephrine"})",
     ErrorCode::kWrongType, "vasopressors"},
    {"vasopressor_as_number", R"({"hypotension": true, "vasopressors": ["dopamine", 3]})",
     ErrorCode::kWrongType, "vasopressors[1]"},
    {"vasopressor_null", R"({"vasopressors": [null]})", ErrorCode::kWrongType, "vasopressors[0]"},
    {"oxygen_as_string", R"({"oxygen": "nasal_cannula"})", ErrorCode::kWrongType, "oxygen"},
    {"flow_as_string", R"({"oxygen": {"device": "facemask", "flow_l_min": "6"}})",
     ErrorCode::kWrongType, "oxygen.flow_l_min"},
    {"device_as_number", R"({"oxygen": {"device": 2}})", ErrorCode::kWrongType, "oxygen.device"},
    {"neuro_as_array", R"({"neuro": []})", ErrorCode::kWrongType, "neuro"},
    {"ice_as_number", R"({"age_years": 40, "neuro": {"ice": 8}})", ErrorCode::kWrongType,
     "neuro.ice"},
    {"ice_item_as_string", R"({"age_years": 40, "neuro": {"ice": {"naming": "3"}}})",
     ErrorCode::kWrongType, "neuro.ice.naming"},
    {"ice_total_as_bool", R"({"age_years": 40, "neuro": {"ice_total": true}})",
     ErrorCode::kWrongType, "neuro.ice_total"},
    {"developmental_delay_as_string", R"({"neuro": {"developmental_delay": "no"}})",
     ErrorCode::kWrongType, "neuro.developmental_delay"},
    {"consciousness_as_number", R"({"neuro": {"consciousness": 1}})", ErrorCode::kWrongType,
     "neuro.consciousness"},
    {"icp_as_string", R"({"neuro": {"icp": "papilledema"}})", ErrorCode::kWrongType, "neuro.icp"},
    // not_integer: fractions are refused, never truncated
    {"ice_item_fraction", R"({"age_years": 40, "neuro": {"ice": {"orientation": 2.5}}})",
     ErrorCode::kNotInteger, "neuro.ice.orientation"},
    {"ice_total_fraction", R"({"age_years": 40, "neuro": {"ice_total": 7.5}})",
     ErrorCode::kNotInteger, "neuro.ice_total"},
    {"capd_fraction", R"({"age_years": 6, "neuro": {"capd": 4.5}})", ErrorCode::kNotInteger,
     "neuro.capd"},
    {"ice_item_exponent_fraction", R"({"age_years": 40, "neuro": {"ice": {"writing": 5e-1}}})",
     ErrorCode::kNotInteger, "neuro.ice.writing"},
    // missing_unit
    {"temperature_bare_number", R"({"temperature": 38.5})", ErrorCode::kMissingUnit, "temperature"},
    {"temperature_without_unit", R"({"temperature": {"value": 38.5}})", ErrorCode::kMissingUnit,
     "temperature.unit"},
    {"temperature_null_unit", R"({"temperature": {"value": 38.5, "unit": null}})",
     ErrorCode::kMissingUnit, "temperature.unit"},
    // unknown_unit (UCUM codes only, case-sensitive)
    {"unit_C", R"({"temperature": {"value": 38.5, "unit": "C"}})", ErrorCode::kUnknownUnit,
     "temperature.unit"},
    {"unit_lowercase_cel", R"({"temperature": {"value": 38.5, "unit": "cel"}})",
     ErrorCode::kUnknownUnit, "temperature.unit"},
    {"unit_degF_without_brackets", R"({"temperature": {"value": 101, "unit": "degF"}})",
     ErrorCode::kUnknownUnit, "temperature.unit"},
    {"unit_kelvin", R"({"temperature": {"value": 311, "unit": "K"}})", ErrorCode::kUnknownUnit,
     "temperature.unit"},
    // implausible_value
    {"fahrenheit_sent_as_celsius", R"({"temperature": {"value": 98.6, "unit": "Cel"}})",
     ErrorCode::kImplausibleValue, "temperature"},
    {"celsius_sent_as_fahrenheit", R"({"temperature": {"value": 38, "unit": "[degF]"}})",
     ErrorCode::kImplausibleValue, "temperature"},
    {"age_too_high", R"({"age_years": 130})", ErrorCode::kImplausibleValue, "age_years"},
    {"age_negative", R"({"age_years": -1})", ErrorCode::kImplausibleValue, "age_years"},
    {"flow_zero", R"({"oxygen": {"device": "nasal_cannula", "flow_l_min": 0}})",
     ErrorCode::kImplausibleValue, "oxygen.flow_l_min"},
    {"flow_too_high", R"({"oxygen": {"device": "high_flow_nasal_cannula", "flow_l_min": 81}})",
     ErrorCode::kImplausibleValue, "oxygen.flow_l_min"},
    // out_of_range
    {"naming_above_max", R"({"age_years": 40, "neuro": {"ice": {"naming": 4}}})",
     ErrorCode::kOutOfRange, "neuro.ice.naming"},
    {"orientation_negative", R"({"age_years": 40, "neuro": {"ice": {"orientation": -1}}})",
     ErrorCode::kOutOfRange, "neuro.ice.orientation"},
    {"ice_total_above_max", R"({"age_years": 40, "neuro": {"ice_total": 11}})",
     ErrorCode::kOutOfRange, "neuro.ice_total"},
    {"capd_above_max", R"({"age_years": 6, "neuro": {"capd": 33}})", ErrorCode::kOutOfRange,
     "neuro.capd"},
    {"ice_total_beyond_int", R"({"age_years": 40, "neuro": {"ice_total": 1e12}})",
     ErrorCode::kOutOfRange, "neuro.ice_total"},
    {"capd_beyond_int", R"({"age_years": 6, "neuro": {"capd": 99999999999999999999}})",
     ErrorCode::kOutOfRange, "neuro.capd"},
    // unknown_code, for every coded field
    {"unknown_device", R"({"oxygen": {"device": "nasal"}})", ErrorCode::kUnknownCode,
     "oxygen.device"},
    {"unknown_reason", R"({"oxygen": {"device": "cpap", "reason": "osa"}})",
     ErrorCode::kUnknownCode, "oxygen.reason"},
    {"unknown_vasopressor",
     R"({"hypotension": true, "vasopressors": ["norepinephrine", "dobutamine"]})",
     ErrorCode::kUnknownCode, "vasopressors[1]"},
    {"vasopressor_wrong_case", R"({"hypotension": true, "vasopressors": ["Norepinephrine"]})",
     ErrorCode::kUnknownCode, "vasopressors[0]"},
    {"unknown_consciousness", R"({"neuro": {"consciousness": "drowsy"}})", ErrorCode::kUnknownCode,
     "neuro.consciousness"},
    {"unknown_seizure", R"({"neuro": {"seizure": "focal"}})", ErrorCode::kUnknownCode,
     "neuro.seizure"},
    {"unknown_motor", R"({"neuro": {"motor": "tremor"}})", ErrorCode::kUnknownCode, "neuro.motor"},
    {"unknown_icp", R"({"neuro": {"icp": ["focal_edema", "hemorrhage"]}})", ErrorCode::kUnknownCode,
     "neuro.icp[1]"},
    {"other_schema", R"({"schema": "cartwatch.assessment/2"})", ErrorCode::kUnknownCode, "schema"},
    // missing_required
    {"nasal_cannula_without_flow", R"({"oxygen": {"device": "nasal_cannula"}})",
     ErrorCode::kMissingRequired, "oxygen.flow_l_min"},
    {"nasal_cannula_null_flow", R"({"oxygen": {"device": "nasal_cannula", "flow_l_min": null}})",
     ErrorCode::kMissingRequired, "oxygen.flow_l_min"},
    {"oxygen_without_device", R"({"oxygen": {"flow_l_min": 4}})", ErrorCode::kMissingRequired,
     "oxygen.device"},
    {"temperature_without_value", R"({"temperature": {"unit": "Cel"}})",
     ErrorCode::kMissingRequired, "temperature.value"},
    {"ice_without_age", R"({"neuro": {"ice_total": 8}})", ErrorCode::kMissingRequired, "age_years"},
    {"capd_without_age", R"({"neuro": {"capd": 3}})", ErrorCode::kMissingRequired, "age_years"},
    // contradictory
    {"duplicate_vasopressor",
     R"({"hypotension": true, "vasopressors": ["norepinephrine", "norepinephrine"]})",
     ErrorCode::kContradictory, "vasopressors[1]"},
    {"duplicate_icp", R"({"neuro": {"icp": ["posturing", "cn6_palsy", "posturing"]}})",
     ErrorCode::kContradictory, "neuro.icp[2]"},
    {"pressor_without_hypotension", R"({"hypotension": false, "vasopressors": ["dopamine"]})",
     ErrorCode::kContradictory, "hypotension"},
    {"room_air_with_flow", R"({"oxygen": {"device": "room_air", "flow_l_min": 2}})",
     ErrorCode::kContradictory, "oxygen.flow_l_min"},
    {"ice_items_disagree_with_total",
     R"({"age_years": 40, "neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1,
        "writing": 1, "attention": 1}, "ice_total": 8}})",
     ErrorCode::kContradictory, "neuro.ice_total"},
    {"ice_total_below_present_items",
     R"({"age_years": 40, "neuro": {"ice": {"orientation": 4, "naming": 3}, "ice_total": 6}})",
     ErrorCode::kContradictory, "neuro.ice_total"},
    {"unarousable_with_ice",
     R"({"age_years": 40, "neuro": {"ice_total": 5, "consciousness": "unarousable"}})",
     ErrorCode::kContradictory, "neuro.ice"},
    // the older systems' inputs
    {"fio2_bare_fraction", R"({"oxygen": {"device": "facemask", "fio2": 0.4}})",
     ErrorCode::kMissingUnit, "oxygen.fio2"},
    {"fio2_without_unit", R"({"oxygen": {"device": "facemask", "fio2": {"value": 40}}})",
     ErrorCode::kMissingUnit, "oxygen.fio2.unit"},
    {"fio2_fraction_unit", R"({"oxygen": {"device": "facemask", "fio2": {"value": 0.4,
        "unit": "1"}}})",
     ErrorCode::kUnknownUnit, "oxygen.fio2.unit"},
    {"fio2_without_value", R"({"oxygen": {"device": "facemask", "fio2": {"unit": "%"}}})",
     ErrorCode::kMissingRequired, "oxygen.fio2.value"},
    {"fio2_unknown_member",
     R"({"oxygen": {"device": "facemask", "fio2": {"value": 40, "unit": "%", "source": "x"}}})",
     ErrorCode::kUnknownField, "oxygen.fio2.source"},
    {"fio2_implausible", R"({"oxygen": {"device": "facemask", "fio2": {"value": 400,
        "unit": "%"}}})",
     ErrorCode::kImplausibleValue, "oxygen.fio2"},
    {"fio2_on_room_air", R"({"oxygen": {"device": "room_air", "fio2": {"value": 35,
        "unit": "%"}}})",
     ErrorCode::kContradictory, "oxygen.fio2"},
    {"dose_per_kg_for_norepinephrine",
     R"({"vasopressors": ["norepinephrine"], "vasopressor_doses": {"norepinephrine":
        {"dose": {"value": 0.1, "unit": "ug/kg/min"}, "hours_running": 2}}})",
     ErrorCode::kUnknownUnit, "vasopressor_doses.norepinephrine.dose.unit"},
    {"dose_per_min_for_dopamine",
     R"({"vasopressors": ["dopamine"], "vasopressor_doses": {"dopamine":
        {"dose": {"value": 500, "unit": "ug/min"}}}})",
     ErrorCode::kUnknownUnit, "vasopressor_doses.dopamine.dose.unit"},
    {"dose_bare_number",
     R"({"vasopressors": ["epinephrine"], "vasopressor_doses": {"epinephrine": {"dose": 5}}})",
     ErrorCode::kMissingUnit, "vasopressor_doses.epinephrine.dose"},
    {"dose_unknown_agent",
     R"({"vasopressors": ["norepinephrine"], "vasopressor_doses": {"noradrenaline":
        {"hours_running": 2}}})",
     ErrorCode::kUnknownCode, "vasopressor_doses.noradrenaline"},
    {"dose_unknown_member",
     R"({"vasopressors": ["norepinephrine"], "vasopressor_doses": {"norepinephrine":
        {"hours": 2}}})",
     ErrorCode::kUnknownField, "vasopressor_doses.norepinephrine.hours"},
    {"dose_for_agent_not_running",
     R"({"vasopressors": ["norepinephrine"], "vasopressor_doses": {"epinephrine":
        {"dose": {"value": 5, "unit": "ug/min"}}}})",
     ErrorCode::kContradictory, "vasopressor_doses.epinephrine"},
    {"dose_zero",
     R"({"vasopressors": ["norepinephrine"], "vasopressor_doses": {"norepinephrine":
        {"dose": {"value": 0, "unit": "ug/min"}}}})",
     ErrorCode::kImplausibleValue, "vasopressor_doses.norepinephrine.dose"},
    {"hours_as_string",
     R"({"vasopressors": ["vasopressin"], "vasopressor_doses": {"vasopressin":
        {"hours_running": "3"}}})",
     ErrorCode::kWrongType, "vasopressor_doses.vasopressin.hours_running"},
    {"hours_negative",
     R"({"vasopressors": ["vasopressin"], "vasopressor_doses": {"vasopressin":
        {"hours_running": -1}}})",
     ErrorCode::kImplausibleValue, "vasopressor_doses.vasopressin.hours_running"},
    {"doses_as_array", R"({"vasopressor_doses": []})", ErrorCode::kWrongType, "vasopressor_doses"},
    {"boluses_fraction", R"({"fluid_boluses_24h": 1.5})", ErrorCode::kNotInteger,
     "fluid_boluses_24h"},
    {"boluses_out_of_range", R"({"fluid_boluses_24h": 49})", ErrorCode::kOutOfRange,
     "fluid_boluses_24h"},
    {"hospitalised_as_string", R"({"hospitalised_for_crs": "yes"})", ErrorCode::kWrongType,
     "hospitalised_for_crs"},
    {"iv_therapy_as_number", R"({"iv_therapy_for_crs": 1})", ErrorCode::kWrongType,
     "iv_therapy_for_crs"},
    {"coagulopathy_as_string", R"({"coagulopathy_needing_products": "ffp"})", ErrorCode::kWrongType,
     "coagulopathy_needing_products"},
    {"refractory_without_vasopressor", R"({"vasopressors": [], "hypotension_refractory": true})",
     ErrorCode::kContradictory, "hypotension_refractory"},
    {"organ_grade_5", R"({"organ_toxicity": {"creatinine": 5}})", ErrorCode::kOutOfRange,
     "organ_toxicity.creatinine"},
    {"organ_grade_fraction", R"({"organ_toxicity": {"transaminases": 2.5}})",
     ErrorCode::kNotInteger, "organ_toxicity.transaminases"},
    {"organ_unknown", R"({"organ_toxicity": {"bilirubin": 2}})", ErrorCode::kUnknownField,
     "organ_toxicity.bilirubin"},
    {"organ_as_number", R"({"organ_toxicity": 3})", ErrorCode::kWrongType, "organ_toxicity"},
    // invalid_time
    {"time_without_offset", R"({"time": "2026-03-01T08:00:00"})", ErrorCode::kInvalidTime, "time"},
    {"time_with_space", R"({"time": "2026-03-01 08:00:00Z"})", ErrorCode::kInvalidTime, "time"},
    {"time_without_seconds", R"({"time": "2026-03-01T08:00Z"})", ErrorCode::kInvalidTime, "time"},
    {"time_impossible_date", R"({"time": "2026-02-30T08:00:00Z"})", ErrorCode::kInvalidTime,
     "time"},
    {"time_empty", R"({"time": ""})", ErrorCode::kInvalidTime, "time"},
};

INSTANTIATE_TEST_SUITE_P(AllCodes, ReaderErrorTest, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& param) {
                           return std::string(param.param.name);
                         });

// Every code a JSON record can trigger appears in the table above.
TEST(ReaderErrorTableTest, CoversEveryInputErrorCode) {
  for (const core::ErrorCodeInfo& info : core::ErrorCatalogue()) {
    // Usage, internal, protocol-file, CSV, store and HTTP errors cannot come from an assessment
    // record.
    if (info.code == ErrorCode::kUsage || info.code == ErrorCode::kInternal ||
        info.code == ErrorCode::kMalformedProtocol || info.code == ErrorCode::kInvalidProtocol ||
        info.code == ErrorCode::kMalformedCsv || info.code == ErrorCode::kOutOfOrder ||
        info.code == ErrorCode::kNotFound || info.code == ErrorCode::kConflict ||
        info.code == ErrorCode::kStoreUnavailable || info.code == ErrorCode::kStoreTooNew ||
        info.code == ErrorCode::kMalformedRequest || info.code == ErrorCode::kRequestTooLarge ||
        info.code == ErrorCode::kMethodNotAllowed || info.code == ErrorCode::kUnauthenticated ||
        info.code == ErrorCode::kForbidden || info.code == ErrorCode::kUnsupportedMediaType ||
        info.code == ErrorCode::kRateLimited) {
      continue;
    }
    const bool covered = std::any_of(std::begin(kErrorCases), std::end(kErrorCases),
                                     [&](const ErrorCase& c) { return c.code == info.code; });
    EXPECT_TRUE(covered) << info.name;
  }
}

// ---- error details ---------------------------------------------------------------------------

const core::Error* FindError(const ParseOutcome& outcome, std::string_view field) {
  for (const core::Error& e : outcome.errors) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

TEST(ParseAssessmentJsonTest, ReportsEveryProblemOfARecordInInputOrder) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({
      "patient_id": "P9",
      "spo2": 91,
      "hypotension": "yes",
      "oxygen": {"device": "nasal", "flow_l_min": 4},
      "neuro": {"ice": {"naming": 2.5}, "seizure": "focal"},
      "temperature": {"value": 38.5, "unit": "C"},
      "vasopressors": ["dopamine", "dopamine"]
  })");
  ASSERT_FALSE(outcome.assessment.has_value());
  std::vector<std::pair<ErrorCode, std::string>> got;
  for (const core::Error& e : outcome.errors) got.emplace_back(e.code, e.field);
  const std::vector<std::pair<ErrorCode, std::string>> expected = {
      {ErrorCode::kUnknownField, "spo2"},
      {ErrorCode::kWrongType, "hypotension"},
      {ErrorCode::kUnknownCode, "oxygen.device"},
      {ErrorCode::kNotInteger, "neuro.ice.naming"},
      {ErrorCode::kUnknownCode, "neuro.seizure"},
      {ErrorCode::kUnknownUnit, "temperature.unit"},
      {ErrorCode::kContradictory, "vasopressors[1]"},
      // then core::Validate: an ICE item without age_years
      {ErrorCode::kMissingRequired, "age_years"},
  };
  EXPECT_EQ(got, expected) << Describe(outcome.errors);
}

TEST(ParseAssessmentJsonTest, ErrorsCarryTheReceivedValueAsText) {
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"age_years": "forty", "neuro": {"ice": {"naming": 2.5}}, "oxygen": {"device": "nasal"},
          "extra": {"a": [1, 2]}})");
  ASSERT_NE(FindError(outcome, "age_years"), nullptr);
  EXPECT_EQ(FindError(outcome, "age_years")->value, "forty");
  ASSERT_NE(FindError(outcome, "neuro.ice.naming"), nullptr);
  EXPECT_EQ(FindError(outcome, "neuro.ice.naming")->value, "2.5");
  ASSERT_NE(FindError(outcome, "oxygen.device"), nullptr);
  EXPECT_EQ(FindError(outcome, "oxygen.device")->value, "nasal");
  EXPECT_NE(FindError(outcome, "oxygen.device")->message.find("nasal_cannula"), std::string::npos)
      << "an unknown code lists the accepted codes";
  ASSERT_NE(FindError(outcome, "extra"), nullptr);
  EXPECT_EQ(FindError(outcome, "extra")->value, R"({"a":[1,2]})");
}

TEST(ParseAssessmentJsonTest, LongValuesAreCut) {
  const std::string long_code(500, 'x');
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"oxygen": {"device": ")" + long_code + R"("}})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_LT(outcome.errors[0].value.size(), 100u);
  EXPECT_LT(outcome.errors[0].message.size(), 400u);
}

TEST(ParseAssessmentJsonTest, MalformedJsonNamesTheBytePosition) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({"hypotension": tru})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].code, ErrorCode::kMalformedJson);
  EXPECT_NE(outcome.errors[0].message.find("byte 20"), std::string::npos)
      << outcome.errors[0].message;
}

TEST(ParseAssessmentJsonTest, MalformedJsonDropsEarlierDuplicateKeyErrors) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({"a": 1, "a": 2, )");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].code, ErrorCode::kMalformedJson);
}

TEST(ParseAssessmentJsonTest, DuplicateKeysAreReportedOncePerRepeatAndAtTheirDepth) {
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"neuro": {"ice": {"naming": 1}, "ice": {"naming": 2}}, "age_years": 40,
          "age_years": 41, "age_years": 42})");
  std::vector<std::string> fields;
  for (const core::Error& e : outcome.errors) {
    EXPECT_EQ(e.code, ErrorCode::kDuplicateKey) << Describe(outcome.errors);
    fields.push_back(e.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"neuro.ice", "age_years", "age_years"}));
}

TEST(ParseAssessmentJsonTest, SameKeyInDifferentObjectsIsNotADuplicate) {
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"temperature": {"value": 38.2, "unit": "Cel"},
          "oxygen": {"device": "nasal_cannula", "flow_l_min": 2},
          "neuro": {"ice": {"naming": 3}, "seizure": "none"}, "age_years": 30})");
  EXPECT_TRUE(outcome.errors.empty()) << Describe(outcome.errors);
}

TEST(ParseAssessmentJsonTest, SyntaxErrorAndValidationOfTheSameFieldAreNotReportedTwice) {
  // age_years is mistyped; core::Validate alone would call it missing (ICE needs it).
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"age_years": "40", "neuro": {"ice_total": 8}})");
  ASSERT_EQ(outcome.errors.size(), 1u) << Describe(outcome.errors);
  EXPECT_EQ(outcome.errors[0].code, ErrorCode::kWrongType);
  // A mistyped flow for a nasal cannula is one wrong_type, not also missing_required.
  const ParseOutcome flow =
      ParseAssessmentJson(R"({"oxygen": {"device": "nasal_cannula", "flow_l_min": "4 L/min"}})");
  ASSERT_EQ(flow.errors.size(), 1u) << Describe(flow.errors);
  EXPECT_EQ(flow.errors[0].code, ErrorCode::kWrongType);
}

TEST(ParseAssessmentJsonTest, ImplausibleFahrenheitIsReportedAsReceived) {
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"temperature": {"value": 212, "unit": "[degF]"}})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].code, ErrorCode::kImplausibleValue);
  EXPECT_EQ(outcome.errors[0].value, "212 [degF]");
  EXPECT_NE(outcome.errors[0].message.find("212 [degF]"), std::string::npos);
}

// ---- accepted input ----------------------------------------------------------------------------

TEST(ParseAssessmentJsonTest, ReadsAFullRecord) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({
      "schema": "cartwatch.assessment/1",
      "patient_id": "P001", "time": "2026-03-01T08:00:00+01:00", "age_years": 54.5,
      "temperature": {"value": 39.5, "unit": "Cel"},
      "fever_other_cause": false, "fever_masked": false, "hypotension": true,
      "vasopressors": ["norepinephrine", "vasopressin"],
      "oxygen": {"device": "high_flow_nasal_cannula", "flow_l_min": 40, "reason": "crs"},
      "neuro": {"ice": {"orientation": 3, "naming": 3, "commands": 1, "writing": 0,
                        "attention": 1},
                "ice_total": 8, "developmental_delay": false, "consciousness": "awakens_to_voice",
                "seizure": "none", "motor": "none", "icp": ["focal_edema", "papilledema"]},
      "crs_death": false, "icans_death": false
  })");
  ASSERT_TRUE(outcome.errors.empty()) << Describe(outcome.errors);
  ASSERT_TRUE(outcome.assessment.has_value());
  const core::Assessment& a = *outcome.assessment;
  EXPECT_EQ(a.patient_id, "P001");
  EXPECT_EQ(a.time, "2026-03-01T08:00:00+01:00");
  EXPECT_EQ(a.age_years, 54.5);
  EXPECT_EQ(a.temperature_celsius, 39.5);
  EXPECT_EQ(a.fever_other_cause, false);
  EXPECT_EQ(a.fever_masked, false);
  EXPECT_EQ(a.hypotension, true);
  ASSERT_TRUE(a.vasopressors.has_value());
  EXPECT_TRUE(*a.vasopressors == (core::VasopressorSet{core::Vasopressor::kNorepinephrine,
                                                       core::Vasopressor::kVasopressin}));
  ASSERT_TRUE(a.oxygen.has_value());
  EXPECT_EQ(a.oxygen->device, core::OxygenDevice::kHighFlowNasalCannula);
  EXPECT_EQ(a.oxygen->flow_l_per_min, 40.0);
  EXPECT_EQ(a.oxygen->reason, core::OxygenReason::kCrs);
  ASSERT_TRUE(a.neuro.ice_items.has_value());
  EXPECT_EQ(a.neuro.ice_items->orientation, 3);
  EXPECT_EQ(a.neuro.ice_items->writing, 0);
  EXPECT_EQ(a.neuro.ice_total, 8);
  EXPECT_EQ(a.neuro.developmental_delay, false);
  EXPECT_EQ(a.neuro.consciousness, core::Consciousness::kAwakensToVoice);
  EXPECT_EQ(a.neuro.seizure, core::Seizure::kNone);
  EXPECT_EQ(a.neuro.motor, core::MotorFinding::kNone);
  ASSERT_TRUE(a.neuro.icp.has_value());
  EXPECT_TRUE(*a.neuro.icp ==
              (core::IcpFindingSet{core::IcpFinding::kFocalEdema, core::IcpFinding::kPapilledema}));
  EXPECT_EQ(a.crs_death, false);
  EXPECT_EQ(a.icans_death, false);
}

TEST(ParseAssessmentJsonTest, NullMeansAbsent) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({
      "schema": null, "patient_id": null, "time": null, "age_years": null, "temperature": null,
      "fever_other_cause": null, "fever_masked": null, "hypotension": null,
      "vasopressors": null, "oxygen": null, "crs_death": null, "icans_death": null,
      "neuro": {"ice": null, "ice_total": null, "capd": null,
                "developmental_delay": null, "consciousness": null, "seizure": null,
                "motor": null, "icp": null},
      "oxygen": null
  })");
  // "oxygen" is given twice on purpose: null twice is still a duplicate key.
  ASSERT_EQ(outcome.errors.size(), 1u) << Describe(outcome.errors);
  EXPECT_EQ(outcome.errors[0].code, ErrorCode::kDuplicateKey);

  const ParseOutcome clean = ParseAssessmentJson(
      R"({"temperature": null, "oxygen": null, "vasopressors": null, "hypotension": null,
          "neuro": {"consciousness": null, "icp": null}})");
  ASSERT_TRUE(clean.assessment.has_value()) << Describe(clean.errors);
  EXPECT_FALSE(clean.assessment->temperature_celsius.has_value());
  EXPECT_FALSE(clean.assessment->oxygen.has_value());
  EXPECT_FALSE(clean.assessment->vasopressors.has_value());
  EXPECT_FALSE(clean.assessment->hypotension.has_value());
  EXPECT_FALSE(clean.assessment->neuro.consciousness.has_value());
  EXPECT_FALSE(clean.assessment->neuro.icp.has_value());
}

TEST(ParseAssessmentJsonTest, EmptyObjectsAndArraysAreAccepted) {
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"neuro": {}, "vasopressors": [], "hypotension": false})");
  ASSERT_TRUE(outcome.assessment.has_value()) << Describe(outcome.errors);
  ASSERT_TRUE(outcome.assessment->vasopressors.has_value());
  EXPECT_TRUE(outcome.assessment->vasopressors->Empty());

  const ParseOutcome icp = ParseAssessmentJson(R"({"neuro": {"icp": []}})");
  ASSERT_TRUE(icp.assessment.has_value()) << Describe(icp.errors);
  ASSERT_TRUE(icp.assessment->neuro.icp.has_value()) << "an empty icp list is an assessment";
  EXPECT_TRUE(icp.assessment->neuro.icp->Empty());

  EXPECT_TRUE(ParseAssessmentJson("{}").assessment.has_value());
  EXPECT_TRUE(ParseAssessmentJson("  {}\r\n").assessment.has_value());
}

TEST(ParseAssessmentJsonTest, IntegralFloatsAreIntegers) {
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"age_years": 40, "neuro": {"ice": {"orientation": 4.0, "naming": 3e0}, "ice_total": 8.0}})");
  ASSERT_TRUE(outcome.assessment.has_value()) << Describe(outcome.errors);
  EXPECT_EQ(outcome.assessment->neuro.ice_items->orientation, 4);
  EXPECT_EQ(outcome.assessment->neuro.ice_items->naming, 3);
  EXPECT_EQ(outcome.assessment->neuro.ice_total, 8);
}

TEST(ParseAssessmentJsonTest, FahrenheitIsConvertedExactlyAtTheFeverThreshold) {
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"temperature": {"value": 100.4, "unit": "[degF]"}})");
  ASSERT_TRUE(outcome.assessment.has_value()) << Describe(outcome.errors);
  EXPECT_EQ(*outcome.assessment->temperature_celsius, 38.0);  // exact, not approximately
  const core::Grading grading = core::GradeAstct2019(*outcome.assessment);
  ASSERT_FALSE(grading.crs.drivers().empty());
  EXPECT_EQ(grading.crs.drivers()[0]->id, "ASTCT2019.CRS.FEVER");

  const ParseOutcome below =
      ParseAssessmentJson(R"({"temperature": {"value": 100.3, "unit": "[degF]"}})");
  ASSERT_TRUE(below.assessment.has_value());
  EXPECT_LT(*below.assessment->temperature_celsius, 38.0);
}

TEST(ParseAssessmentJsonTest, WorkedExampleGradesThroughTheReader) {
  // ASTCT 2019: 39.5 degC, one vasopressor, low-flow nasal cannula -> CRS grade 3.
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"temperature": {"value": 39.5, "unit": "Cel"}, "hypotension": true,
          "vasopressors": ["norepinephrine"], "oxygen": {"device": "nasal_cannula",
          "flow_l_min": 4}, "fever_masked": false})");
  ASSERT_TRUE(outcome.assessment.has_value()) << Describe(outcome.errors);
  EXPECT_EQ(core::GradeAstct2019(*outcome.assessment).crs.grade, 3);
}

TEST(ParseAssessmentJsonTest, ReadsTheOlderSystemsInputs) {
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"hypotension": true, "vasopressors": ["norepinephrine", "dopamine", "vasopressin"],
          "vasopressor_doses": {
            "norepinephrine": {"dose": {"value": 12.5, "unit": "ug/min"}, "hours_running": 4},
            "dopamine": {"dose": {"value": 5, "unit": "ug/kg/min"}},
            "vasopressin": {"dose": {"value": 0.04, "unit": "U/min"}, "hours_running": 1.5}},
          "oxygen": {"device": "nasal_cannula", "flow_l_min": 4, "fio2": {"value": 36, "unit": "%"}},
          "fluid_boluses_24h": 2, "hospitalised_for_crs": true, "iv_therapy_for_crs": false,
          "hypotension_refractory": false, "coagulopathy_needing_products": true,
          "organ_toxicity": {"creatinine": 2, "transaminases": 4, "other": 0}})");
  ASSERT_TRUE(outcome.assessment.has_value()) << Describe(outcome.errors);
  const core::Assessment& a = *outcome.assessment;
  const auto& doses = a.legacy.vasopressor_doses;
  EXPECT_EQ(doses[static_cast<std::size_t>(core::Vasopressor::kNorepinephrine)].dose, 12.5);
  EXPECT_EQ(doses[static_cast<std::size_t>(core::Vasopressor::kNorepinephrine)].hours_running, 4);
  EXPECT_EQ(doses[static_cast<std::size_t>(core::Vasopressor::kDopamine)].dose, 5);
  EXPECT_FALSE(doses[static_cast<std::size_t>(core::Vasopressor::kDopamine)].hours_running);
  EXPECT_EQ(doses[static_cast<std::size_t>(core::Vasopressor::kVasopressin)].dose, 0.04);
  EXPECT_FALSE(doses[static_cast<std::size_t>(core::Vasopressor::kEpinephrine)].dose);
  EXPECT_EQ(a.oxygen->fio2_percent, 36);
  EXPECT_EQ(a.legacy.fluid_boluses, 2);
  EXPECT_EQ(a.legacy.hospitalised_for_crs, true);
  EXPECT_EQ(a.legacy.iv_therapy_for_crs, false);
  EXPECT_EQ(a.legacy.hypotension_refractory, false);
  EXPECT_EQ(a.legacy.coagulopathy_needing_products, true);
  EXPECT_EQ(a.legacy.organ_toxicity.creatinine, 2);
  EXPECT_EQ(a.legacy.organ_toxicity.transaminases, 4);
  EXPECT_EQ(a.legacy.organ_toxicity.other, 0);
  // ASTCT ignores every one of them.
  EXPECT_EQ(core::GradeAstct2019(a).crs.grade, 0);
}

TEST(ParseAssessmentJsonTest, OldRecordsStayValidAndUnitErrorsNameTheUnitRequired) {
  EXPECT_TRUE(ParseAssessmentJson(R"({"oxygen": {"device": "facemask"}})").assessment);
  const ParseOutcome outcome = ParseAssessmentJson(
      R"({"vasopressors": ["vasopressin"], "vasopressor_doses": {"vasopressin":
          {"dose": {"value": 2.4, "unit": "U/h"}}}})");
  ASSERT_EQ(outcome.errors.size(), 1u) << Describe(outcome.errors);
  EXPECT_NE(outcome.errors[0].message.find("\"U/min\""), std::string::npos);
}

// ---- ReadAssessments ---------------------------------------------------------------------------

struct Record {
  std::size_t line;
  ParseOutcome outcome;
};

std::vector<Record> ReadAll(const std::string& text) {
  std::istringstream input(text);
  std::vector<Record> records;
  ReadAssessments(input, [&](std::size_t line, ParseOutcome&& outcome) {
    records.push_back({line, std::move(outcome)});
  });
  return records;
}

std::vector<std::size_t> Lines(const std::vector<Record>& records) {
  std::vector<std::size_t> lines;
  for (const Record& r : records) lines.push_back(r.line);
  return lines;
}

TEST(ReadAssessmentsTest, NdjsonRecordsCarryTheirLineNumbersAcrossBlankLines) {
  const std::vector<Record> records = ReadAll(
      "\n"
      "{\"patient_id\": \"A\"}\n"
      "\n"
      "   \t\n"
      "{\"patient_id\": \"B\"}\n"
      "{\"patient_id\": \"C\", \"spo2\": 90}\n"
      "\n"
      "{\"patient_id\": \"D\"}");  // no final newline
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{2, 5, 6, 8}));
  ASSERT_TRUE(records[0].outcome.assessment.has_value());
  EXPECT_EQ(records[0].outcome.assessment->patient_id, "A");
  EXPECT_EQ(records[1].outcome.assessment->patient_id, "B");
  ASSERT_FALSE(records[2].outcome.assessment.has_value());
  EXPECT_EQ(records[2].outcome.errors[0].field, "spo2");
  EXPECT_EQ(records[3].outcome.assessment->patient_id, "D");
}

TEST(ReadAssessmentsTest, NdjsonKeepsReadingAfterAMalformedLine) {
  const std::vector<Record> records = ReadAll(
      "{\"patient_id\": \"A\"}\n"
      "{\"patient_id\": \"B\"\n"
      "[1]\n"
      "{\"patient_id\": \"D\"}\n");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{1, 2, 3, 4}));
  EXPECT_TRUE(records[0].outcome.assessment.has_value());
  ASSERT_EQ(records[1].outcome.errors.size(), 1u);
  EXPECT_EQ(records[1].outcome.errors[0].code, ErrorCode::kMalformedJson);
  ASSERT_EQ(records[2].outcome.errors.size(), 1u);
  EXPECT_EQ(records[2].outcome.errors[0].code, ErrorCode::kMalformedJson);
  EXPECT_TRUE(records[3].outcome.assessment.has_value());
}

TEST(ReadAssessmentsTest, NdjsonAcceptsCrlfLineEndings) {
  const std::vector<Record> records =
      ReadAll("{\"patient_id\": \"A\"}\r\n\r\n{\"patient_id\": \"B\"}\r\n");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{1, 3}));
  EXPECT_TRUE(records[1].outcome.assessment.has_value());
}

TEST(ReadAssessmentsTest, NdjsonFirstLineWithErrorsStillSelectsNdjson) {
  // The first line is a JSON object, so the input is NDJSON even though the record is refused.
  const std::vector<Record> records = ReadAll("{\"a\": 1, \"a\": 2}\n{\"patient_id\": \"B\"}\n");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kDuplicateKey);
  EXPECT_TRUE(records[1].outcome.assessment.has_value());
}

TEST(ReadAssessmentsTest, OneMultiLineObjectStartsAtItsFirstNonBlankLine) {
  const std::vector<Record> records = ReadAll(
      "\n"
      "\n"
      "  {\n"
      "    \"patient_id\": \"P1\",\n"
      "    \"temperature\": {\"value\": 38.2, \"unit\": \"Cel\"}\n"
      "  }\n"
      "\n");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{3}));
  ASSERT_TRUE(records[0].outcome.assessment.has_value());
  EXPECT_EQ(records[0].outcome.assessment->patient_id, "P1");
}

TEST(ReadAssessmentsTest, OneMultiLineObjectWithErrorsIsOneRecord) {
  const std::vector<Record> records = ReadAll(
      "{\n"
      "  \"oxygen\": {\"device\": \"nasal_cannula\"},\n"
      "  \"oxygen\": {\"device\": \"cpap\"}\n"
      "}\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 1u);
  ASSERT_FALSE(records[0].outcome.errors.empty());
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kDuplicateKey);
  EXPECT_EQ(records[0].outcome.errors[0].field, "oxygen");
}

TEST(ReadAssessmentsTest, MalformedDocumentIsOneError) {
  const std::vector<Record> records = ReadAll(
      "\n"
      "{\n"
      "  \"patient_id\": \"P1\",\n"
      "}\n"
      "{\"patient_id\": \"P2\"}\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 2u);
  ASSERT_EQ(records[0].outcome.errors.size(), 1u);
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kMalformedJson);
}

TEST(ReadAssessmentsTest, ArrayElementsAreRecordsAtTheLineWhereEachStarts) {
  const std::vector<Record> records = ReadAll(
      "\n"
      "[\n"
      "  {\"patient_id\": \"A\", \"note\": \"has a ] and , and \\\" inside\"},\n"
      "  {\n"
      "    \"patient_id\": \"B\",\n"
      "    \"neuro\": {\"icp\": [\"focal_edema\"]}\n"
      "  },\n"
      "\n"
      "  42, {\"patient_id\": \"D\", \"oxygen\": {\"device\": \"cpap\", \"device\": \"bipap\"}}\n"
      "]\n");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{3, 4, 9, 9}));
  ASSERT_FALSE(records[0].outcome.assessment.has_value());
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kUnknownField);
  EXPECT_EQ(records[0].outcome.errors[0].field, "note");
  ASSERT_TRUE(records[1].outcome.assessment.has_value()) << Describe(records[1].outcome.errors);
  EXPECT_EQ(records[1].outcome.assessment->patient_id, "B");
  EXPECT_EQ(records[2].outcome.errors[0].code, ErrorCode::kMalformedJson);
  // Paths are relative to the record, not to the array.
  ASSERT_FALSE(records[3].outcome.errors.empty());
  EXPECT_EQ(records[3].outcome.errors[0].code, ErrorCode::kDuplicateKey);
  EXPECT_EQ(records[3].outcome.errors[0].field, "oxygen.device");
}

TEST(ReadAssessmentsTest, ArrayOnOneLine) {
  const std::vector<Record> records = ReadAll("[{\"patient_id\": \"A\"}, {\"patient_id\": \"B\"}]");
  ASSERT_EQ(Lines(records), (std::vector<std::size_t>{1, 1}));
  EXPECT_EQ(records[1].outcome.assessment->patient_id, "B");
}

TEST(ReadAssessmentsTest, ByteOrderMarkIsSkipped) {
  const std::vector<Record> ndjson = ReadAll("\xEF\xBB\xBF{\"patient_id\": \"A\"}\n{}\n");
  ASSERT_EQ(Lines(ndjson), (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(ndjson[0].outcome.assessment.has_value());
  const std::vector<Record> array = ReadAll("\xEF\xBB\xBF[\n{\"patient_id\": \"A\"}\n]\n");
  ASSERT_EQ(Lines(array), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(array[0].outcome.assessment.has_value());
}

TEST(ReadAssessmentsTest, EmptyArrayHasNoRecords) {
  EXPECT_TRUE(ReadAll("[\n]\n").empty());
  EXPECT_TRUE(ReadAll("[]").empty());
}

TEST(ReadAssessmentsTest, MalformedArrayIsOneErrorAtItsStart) {
  const std::vector<Record> records = ReadAll("\n[\n  {\"patient_id\": \"A\"},\n  {\n]\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kMalformedJson);
}

TEST(ReadAssessmentsTest, ScalarDocumentIsMalformed) {
  const std::vector<Record> records = ReadAll("\n\"hello\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(records[0].outcome.errors[0].code, ErrorCode::kMalformedJson);
}

TEST(ReadAssessmentsTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\n\n  \n\t\r\n").empty());
}

TEST(ReadAssessmentsTest, StreamsManyRecords) {
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    text += "{\"patient_id\": \"P" + std::to_string(i) +
            "\", \"temperature\": {\"value\": 38.5, \"unit\": \"Cel\"}}\n";
  }
  std::istringstream input(text);
  std::size_t count = 0;
  ReadAssessments(input, [&](std::size_t line, ParseOutcome&& outcome) {
    ++count;
    EXPECT_EQ(line, count);
    ASSERT_TRUE(outcome.assessment.has_value());
    EXPECT_EQ(outcome.assessment->patient_id, "P" + std::to_string(count - 1));
  });
  EXPECT_EQ(count, 1000u);
}

}  // namespace
}  // namespace cartwatch::adapters
