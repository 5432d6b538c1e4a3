#include <gtest/gtest.h>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::adapters {
namespace {

using nlohmann::json;

struct Graded {
  core::Assessment assessment;
  core::Grading grading;
};

// Assessments come through the reader and grades from core: no hand-built results.
Graded Grade(std::string_view record) {
  ParseOutcome outcome = ParseAssessmentJson(record);
  EXPECT_TRUE(outcome.errors.empty()) << outcome.errors.front().message;
  core::Assessment assessment = outcome.assessment.value_or(core::Assessment{});
  const core::Grading grading = core::GradeAstct2019(assessment);
  return {std::move(assessment), grading};
}

// ASTCT 2019 worked examples: 39.5 degC + one vasopressor + low-flow nasal cannula -> CRS 3;
// ICE 3 + a rapidly resolving generalised seizure -> ICANS 3.
constexpr std::string_view kWorkedExamples = R"({
    "patient_id": "P001", "time": "2026-03-01T08:00:00Z", "age_years": 58,
    "temperature": {"value": 39.5, "unit": "Cel"}, "fever_masked": false, "hypotension": true,
    "vasopressors": ["norepinephrine"], "oxygen": {"device": "nasal_cannula", "flow_l_min": 4},
    "neuro": {"ice_total": 3, "seizure": "rapidly_resolving", "consciousness": "alert",
              "motor": "none", "icp": []}})";

void ExpectSyndromeMatches(const json& out, const core::SyndromeGrading& grading,
                           std::string_view system = "ASTCT-2019") {
  EXPECT_EQ(out.at("system"), system);
  EXPECT_EQ(out.at("assessed"), grading.assessed);
  if (grading.assessed) {
    EXPECT_EQ(out.at("grade"), grading.grade);
    EXPECT_EQ(out.at("lower_bound"), grading.lower_bound());
    EXPECT_EQ(out.at("max_possible_grade"), grading.max_possible_grade);
  } else {
    EXPECT_TRUE(out.at("grade").is_null());
    EXPECT_TRUE(out.at("lower_bound").is_null());
    EXPECT_TRUE(out.at("max_possible_grade").is_null());
  }

  const json& drivers = out.at("drivers");
  ASSERT_EQ(drivers.size(), grading.drivers().size());
  for (std::size_t i = 0; i < drivers.size(); ++i) {
    const core::RuleInfo& rule = *grading.drivers()[i];
    EXPECT_EQ(drivers[i].at("rule"), rule.id);
    EXPECT_EQ(drivers[i].at("grade"), rule.grade);
    EXPECT_EQ(drivers[i].at("source"), core::Describe(rule.source).key);
    EXPECT_EQ(drivers[i].at("locator"), rule.locator);
    EXPECT_EQ(drivers[i].at("text"), rule.text);
    EXPECT_EQ(drivers[i].at("unconfirmed"), rule.unconfirmed);
  }

  std::vector<std::string> missing;
  for (int i = 0; i < core::kInputIdCount; ++i) {
    const auto id = static_cast<core::InputId>(i);
    if (grading.missing.Contains(id)) missing.emplace_back(core::Describe(id).field);
  }
  EXPECT_EQ(out.at("missing").get<std::vector<std::string>>(), missing);

  std::vector<std::string> flags;
  for (const json& flag : out.at("flags")) {
    flags.push_back(flag.at("code").get<std::string>());
    EXPECT_TRUE(flag.at("text").is_string());
    EXPECT_TRUE(flag.at("source").is_string());
    EXPECT_TRUE(flag.at("unconfirmed").is_boolean());
  }
  std::vector<std::string> expected_flags;
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (grading.flags.Contains(id)) expected_flags.emplace_back(core::Describe(id).code);
  }
  EXPECT_EQ(flags, expected_flags);
}

TEST(GradingToJsonTest, WorkedExamplesRoundTrip) {
  const Graded g = Grade(kWorkedExamples);
  const std::string line = GradingToJson(g.assessment, g.grading);
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one record, one line";
  const json out = json::parse(line);

  EXPECT_EQ(out.at("schema"), "cartwatch.grading/1");
  EXPECT_EQ(out.at("patient_id"), "P001");
  EXPECT_EQ(out.at("time"), "2026-03-01T08:00:00Z");
  EXPECT_EQ(out.at("crs").at("grade"), 3);
  EXPECT_EQ(out.at("icans").at("grade"), 3);
  ExpectSyndromeMatches(out.at("crs"), g.grading.crs);
  ExpectSyndromeMatches(out.at("icans"), g.grading.icans);

  std::vector<std::string> rules;
  for (const json& d : out.at("crs").at("drivers")) rules.push_back(d.at("rule"));
  EXPECT_EQ(rules, (std::vector<std::string>{"ASTCT2019.CRS.FEVER",
                                             "ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR",
                                             "ASTCT2019.CRS.HYPOXIA.LOW_FLOW"}));
  EXPECT_EQ(out.at("icans").at("tool"), "ice");
  EXPECT_EQ(out.at("icans").at("ice_score"), 3);
  EXPECT_FALSE(out.at("icans").contains("ice_range"));
  EXPECT_FALSE(out.at("icans").contains("capd_score"));
}

TEST(GradingToJsonTest, NotAssessedHasNullGradeAndNoTime) {
  const Graded g = Grade(R"({"patient_id": "P2"})");
  ASSERT_FALSE(g.grading.crs.assessed);
  ASSERT_FALSE(g.grading.icans.assessed);
  const json out = json::parse(GradingToJson(g.assessment, g.grading));
  EXPECT_FALSE(out.contains("time"));
  EXPECT_FALSE(out.at("crs").at("assessed"));
  EXPECT_TRUE(out.at("crs").at("grade").is_null());
  EXPECT_TRUE(out.at("icans").at("grade").is_null());
  EXPECT_TRUE(out.at("icans").at("tool").is_null());
  ExpectSyndromeMatches(out.at("crs"), g.grading.crs);
  ExpectSyndromeMatches(out.at("icans"), g.grading.icans);
}

TEST(GradingToJsonTest, PartialIceGivesARangeAndMissingItems) {
  const Graded g = Grade(
      R"({"age_years": 30, "neuro": {"ice": {"orientation": 4, "naming": 3, "commands": 1},
          "consciousness": "alert", "seizure": "none", "motor": "none", "icp": []}})");
  ASSERT_TRUE(g.grading.icans.ice_min.has_value());
  const json out = json::parse(GradingToJson(g.assessment, g.grading));
  const json& icans = out.at("icans");
  EXPECT_FALSE(icans.contains("ice_score"));
  EXPECT_EQ(icans.at("ice_range"),
            json::array({*g.grading.icans.ice_min, *g.grading.icans.ice_max}));
  EXPECT_EQ(icans.at("ice_range")[0], 8);   // 4 + 3 + 1 recorded
  EXPECT_EQ(icans.at("ice_range")[1], 10);  // + writing 1 + attention 1 unrecorded
  const auto missing = icans.at("missing").get<std::vector<std::string>>();
  EXPECT_EQ(missing, (std::vector<std::string>{"neuro.ice.writing", "neuro.ice.attention"}));
  ExpectSyndromeMatches(icans, g.grading.icans);
}

TEST(GradingToJsonTest, ChildUsesCapd) {
  const Graded g = Grade(R"({"age_years": 6, "neuro": {"capd": 12}})");
  const json out = json::parse(GradingToJson(g.assessment, g.grading));
  EXPECT_EQ(out.at("icans").at("tool"), "capd");
  EXPECT_EQ(out.at("icans").at("capd_score"), 12);
  ExpectSyndromeMatches(out.at("icans"), g.grading.icans);
}

TEST(GradingToJsonTest, FlagsCarryTheirSourceAndUnconfirmedMark) {
  const Graded g = Grade(
      R"({"temperature": {"value": 38.4, "unit": "Cel"},
          "oxygen": {"device": "high_flow_nasal_cannula", "flow_l_min": 5}})");
  ASSERT_TRUE(g.grading.crs.flags.Contains(core::FlagId::kHfncAtLowFlow));
  const json out = json::parse(GradingToJson(g.assessment, g.grading));
  bool found = false;
  for (const json& flag : out.at("crs").at("flags")) {
    if (flag.at("code") != "hfnc_at_low_flow") continue;
    found = true;
    EXPECT_TRUE(flag.at("unconfirmed").get<bool>());
    EXPECT_EQ(flag.at("source"), "ASTCT-2019");
  }
  EXPECT_TRUE(found);
  ExpectSyndromeMatches(out.at("crs"), g.grading.crs);
}

TEST(GradingToJsonTest, EscapesAndRepairsStrings) {
  Graded g = Grade(R"({"patient_id": "a\"b\\c\nd\te\u0001 \u00e9"})");
  EXPECT_EQ(g.assessment.patient_id, "a\"b\\c\nd\te\x01 \xC3\xA9");
  json out = json::parse(GradingToJson(g.assessment, g.grading));
  EXPECT_EQ(out.at("patient_id"), g.assessment.patient_id);

  // Another adapter might hand over bytes that are not UTF-8: the output stays valid JSON.
  g.assessment.patient_id = "x\xff\xC3(y\xED\xA0\x80z\xF0\x9F\x98\x80";
  const std::string line = GradingToJson(g.assessment, g.grading);
  ASSERT_NO_THROW(out = json::parse(line)) << line;
  EXPECT_EQ(out.at("patient_id"),
            "x\xEF\xBF\xBD\xEF\xBF\xBD(y\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\xF0\x9F\x98\x80");
}

// ---- text ---------------------------------------------------------------------------------------

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Lee 2014 and Penn disagree on one vasopressor at low dose and oxygen with no FiO2 recorded.
constexpr std::string_view kOlderSystemsRecord = R"({
    "patient_id": "P9", "temperature": {"value": 38.6, "unit": "Cel"}, "fever_masked": false,
    "hypotension": true, "vasopressors": ["norepinephrine"],
    "vasopressor_doses": {"norepinephrine": {"dose": {"value": 8, "unit": "ug/min"},
                                             "hours_running": 5}},
    "oxygen": {"device": "nasal_cannula", "flow_l_min": 3}})";

std::vector<SystemCrsGrading> GradeBy(const core::Assessment& assessment,
                                      std::initializer_list<core::GradingSystem> systems) {
  std::vector<SystemCrsGrading> by_system;
  for (core::GradingSystem system : systems) {
    by_system.push_back({system, core::GradeCrs(system, assessment)});
  }
  return by_system;
}

TEST(GradingToJsonTest, CrsBySystemHasTheFieldsOfCrsPerSystem) {
  const Graded g = Grade(kOlderSystemsRecord);
  const auto by_system =
      GradeBy(g.assessment, {core::GradingSystem::kAstct2019, core::GradingSystem::kLee2014,
                             core::GradingSystem::kPenn, core::GradingSystem::kCartox});
  const json out = json::parse(GradingToJson(g.assessment, g.grading, by_system));
  ExpectSyndromeMatches(out.at("crs"), g.grading.crs);
  const json& systems = out.at("crs_by_system");
  std::vector<std::string> keys;
  for (auto it = systems.begin(); it != systems.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys.size(), 4u);
  for (const SystemCrsGrading& entry : by_system) {
    const core::GradingSystemInfo& info = core::Describe(entry.system);
    ExpectSyndromeMatches(systems.at(std::string(info.key)), entry.crs,
                          core::Describe(info.source).key);
  }
  EXPECT_EQ(systems.at("lee2014").at("grade"), 2);
  EXPECT_EQ(systems.at("lee2014").at("max_possible_grade"), 3);
  EXPECT_EQ(systems.at("lee2014").at("missing"), json::array({"oxygen.fio2"}));
  EXPECT_EQ(systems.at("penn").at("grade"), 3);
  EXPECT_EQ(systems.at("astct").at("grade"), 3);
}

TEST(GradingToJsonTest, AstctAloneAddsNothing) {
  const Graded g = Grade(kOlderSystemsRecord);
  const auto by_system = GradeBy(g.assessment, {core::GradingSystem::kAstct2019});
  EXPECT_EQ(GradingToJson(g.assessment, g.grading, by_system),
            GradingToJson(g.assessment, g.grading));
  EXPECT_EQ(GradingToText(g.assessment, g.grading, by_system),
            GradingToText(g.assessment, g.grading));
}

TEST(GradingToTextTest, OneLinePerSystem) {
  const Graded g = Grade(kOlderSystemsRecord);
  const auto by_system = GradeBy(
      g.assessment,
      {core::GradingSystem::kAstct2019, core::GradingSystem::kLee2014, core::GradingSystem::kPenn});
  const std::string text = GradingToText(g.assessment, g.grading, by_system);
  EXPECT_TRUE(Contains(text, "  CRS by system:\n")) << text;
  EXPECT_TRUE(Contains(text, "    ASTCT 2019: grade 3 by ASTCT2019.CRS.FEVER")) << text;
  EXPECT_TRUE(Contains(text, "    Lee 2014: grade at least 2 (up to 3; not recorded: FiO2"))
      << text;
  EXPECT_TRUE(Contains(text, "fio2_not_estimated")) << text;
  EXPECT_TRUE(Contains(text, "    Penn: grade 3 by PENN.CRS.FEVER")) << text;
  EXPECT_TRUE(Contains(text, "PENN.CRS.HYPOTENSION.LOW_DOSE_VASOPRESSORS UNCONFIRMED")) << text;
}

TEST(GradingToTextTest, NamesGradesRulesAndTheValuesBehindThem) {
  const Graded g = Grade(kWorkedExamples);
  const std::string text = GradingToText(g.assessment, g.grading);
  EXPECT_TRUE(text.starts_with("P001 2026-03-01T08:00:00Z\n")) << text;
  EXPECT_TRUE(Contains(text, "CRS grade 3 (ASTCT 2019)")) << text;
  EXPECT_TRUE(Contains(text, "fever 39.5 \u00B0C")) << text;
  EXPECT_TRUE(Contains(text, "one vasopressor: norepinephrine")) << text;
  EXPECT_TRUE(Contains(text, "nasal cannula at 4 L/min")) << text;
  for (const core::RuleInfo* rule : g.grading.crs.drivers()) {
    EXPECT_TRUE(Contains(text, "[" + std::string(rule->id) + "]")) << text;
  }
  EXPECT_TRUE(Contains(text, "ICANS grade 3 (ASTCT 2019), ICE 3/10")) << text;
  for (const core::RuleInfo* rule : g.grading.icans.drivers()) {
    EXPECT_TRUE(Contains(text, "[" + std::string(rule->id) + "]")) << text;
  }
  EXPECT_TRUE(text.ends_with("\n"));
}

TEST(GradingToTextTest, SaysWhatIsMissingAndHowHighTheGradeCouldBe) {
  const Graded g = Grade(R"({"patient_id": "P3", "temperature": {"value": 100.4,
                             "unit": "[degF]"}, "hypotension": false})");
  ASSERT_TRUE(g.grading.crs.lower_bound());
  const std::string text = GradingToText(g.assessment, g.grading);
  EXPECT_TRUE(Contains(text, "CRS grade at least " + std::to_string(g.grading.crs.grade))) << text;
  EXPECT_TRUE(Contains(text, "fever 38.0 \u00B0C (>= 38.0)")) << text;
  EXPECT_TRUE(Contains(text, "not recorded: oxygen support")) << text;
  EXPECT_TRUE(Contains(text, "up to " + std::to_string(g.grading.crs.max_possible_grade))) << text;
  EXPECT_TRUE(Contains(text, "ICANS not assessed")) << text;
}

TEST(GradingToTextTest, MarksUnconfirmedFlags) {
  const Graded g = Grade(
      R"({"temperature": {"value": 38.4, "unit": "Cel"},
          "oxygen": {"device": "high_flow_nasal_cannula", "flow_l_min": 5}})");
  const std::string text = GradingToText(g.assessment, g.grading);
  EXPECT_TRUE(Contains(text, "[hfnc_at_low_flow] UNCONFIRMED")) << text;
}

TEST(GradingToTextTest, NotAssessedAndNoPatientId) {
  const Graded g = Grade("{}");
  const std::string text = GradingToText(g.assessment, g.grading);
  EXPECT_TRUE(text.starts_with("(no patient id)\n")) << text;
  EXPECT_TRUE(Contains(text, "CRS not assessed")) << text;
  EXPECT_TRUE(Contains(text, "ICANS not assessed")) << text;
}

TEST(GradingToTextTest, ControlCharactersCannotBreakTheLayout) {
  const Graded g = Grade(R"({"patient_id": "P4\nCRS grade 0"})");
  const std::string text = GradingToText(g.assessment, g.grading);
  EXPECT_TRUE(text.starts_with("P4\\nCRS grade 0\n")) << text;
}

// ---- errors -------------------------------------------------------------------------------------

TEST(ErrorToJsonTest, HasTheDocumentedFields) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({"oxygen": {"device": "nasal_cannula"}})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  const std::string line = ErrorToJson(7, outcome.errors[0]);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const json out = json::parse(line);
  EXPECT_EQ(out.at("line"), 7);
  EXPECT_EQ(out.at("error"), "missing_required");
  EXPECT_EQ(out.at("field"), "oxygen.flow_l_min");
  EXPECT_EQ(out.at("value"), "");
  EXPECT_EQ(out.at("message"), outcome.errors[0].message);
  EXPECT_EQ(out.at("rule"), outcome.errors[0].rule);
}

TEST(ErrorToJsonTest, EscapesTheReceivedValue) {
  const ParseOutcome outcome = ParseAssessmentJson(R"({"oxygen": {"device": "a\"b\nc"}})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  const json out = json::parse(ErrorToJson(1, outcome.errors[0]));
  EXPECT_EQ(out.at("error"), "unknown_code");
  EXPECT_EQ(out.at("value"), "a\"b\nc");
}

TEST(ErrorToTextTest, OneLineWithFieldValueAndCode) {
  const ParseOutcome outcome =
      ParseAssessmentJson(R"({"age_years": 40, "neuro": {"ice": {"naming": 2.5}}})");
  ASSERT_EQ(outcome.errors.size(), 1u);
  const std::string text = ErrorToText(3, outcome.errors[0]);
  EXPECT_TRUE(text.starts_with("line 3: neuro.ice.naming ")) << text;
  EXPECT_TRUE(Contains(text, "2.5")) << text;
  EXPECT_TRUE(text.ends_with("[not_integer]")) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos);

  // A message that names neither the field nor the value gets both added.
  const core::Error error{core::ErrorCode::kUnknownCode, "oxygen.device", "nasal", "unknown device",
                          ""};
  EXPECT_EQ(ErrorToText(2, error),
            "line 2: oxygen.device: unknown device (received: nasal) [unknown_code]");

  const ParseOutcome malformed = ParseAssessmentJson("{");
  ASSERT_EQ(malformed.errors.size(), 1u);
  const std::string line = ErrorToText(9, malformed.errors[0]);
  EXPECT_TRUE(line.starts_with("line 9: not valid JSON")) << line;
  EXPECT_TRUE(line.ends_with("[malformed_json]")) << line;
}

}  // namespace
}  // namespace cartwatch::adapters
