#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/recommend.h"
#include "cartwatch/core/time.h"

namespace cartwatch::adapters {
namespace {

using nlohmann::json;

constexpr core::UnixSeconds kHour = core::kSecondsPerHour;

core::UnixSeconds At(std::string_view rfc3339) { return core::ParseRfc3339(rfc3339).value(); }

const core::UnixSeconds kNow = At("2026-03-01T08:00:00Z");

core::Trigger On(core::Syndrome syndrome, int min_grade, int max_grade) {
  core::Trigger trigger;
  trigger.syndrome = syndrome;
  trigger.min_grade = min_grade;
  trigger.max_grade = max_grade;
  return trigger;
}

// A small protocol in the shape of the shipped ones: CRS support 1-4, tocilizumab 2-4 with
// the USPI limits (here marked UNCONFIRMED, as for some labels), dexamethasone after
// two tocilizumab doses, dexamethasone for ICANS, and one rule that would give tocilizumab for
// ICANS (the engine must withhold it without CRS).
core::Protocol TestProtocol() {
  core::Protocol p;
  p.id = "writer-test";
  p.version = "2.1.0";
  p.title = "Writer test protocol";
  p.sources = {{"label", "a product label"}, {"guide", "a guideline"}};
  p.limits = {{core::Drug::kTocilizumab, "wt.limit.toci", "label", true, 3, 4, 8.0}};

  core::ProtocolAction support;
  support.rule = "wt.crs.support";
  support.source = "guide";
  support.trigger = On(core::Syndrome::kCrs, 1, 4);
  support.kind = core::ActionKind::kSupport;
  support.text = "Paracetamol and \"IV fluids\" as needed";
  p.actions.push_back(support);

  core::ProtocolAction toci;
  toci.rule = "wt.crs.toci";
  toci.source = "label";
  toci.trigger = On(core::Syndrome::kCrs, 2, 4);
  toci.kind = core::ActionKind::kDrug;
  toci.drug = core::Drug::kTocilizumab;
  core::Dose dose;
  dose.mg_per_kg = 8.0;
  dose.bands = {{30.0, 12.0}};
  dose.max_mg = 800.0;
  dose.route = "IV";
  dose.frequency = "over 1 h; may repeat";
  toci.dose = dose;
  toci.text = "Tocilizumab 8 mg/kg IV (max 800 mg)";
  toci.instead_when_limited = "wt.crs.dex";
  p.actions.push_back(toci);

  core::ProtocolAction dex;
  dex.rule = "wt.crs.dex";
  dex.source = "guide";
  dex.unconfirmed = true;
  dex.trigger = On(core::Syndrome::kCrs, 2, 4);
  dex.trigger.after_drug = core::Drug::kTocilizumab;
  dex.trigger.after_doses = 2;
  dex.kind = core::ActionKind::kDrug;
  dex.drug = core::Drug::kDexamethasone;
  core::Dose fixed;
  fixed.fixed_mg = 10.0;
  fixed.route = "IV";
  fixed.frequency = "every 6 h";
  dex.dose = fixed;
  dex.text = "Dexamethasone 10 mg IV";
  p.actions.push_back(dex);

  core::ProtocolAction icans_toci = toci;
  icans_toci.rule = "wt.icans.toci";
  icans_toci.trigger = On(core::Syndrome::kIcans, 1, 4);
  icans_toci.instead_when_limited.clear();
  p.actions.push_back(icans_toci);

  core::ProtocolAction icans_dex = dex;
  icans_dex.rule = "wt.icans.dex";
  icans_dex.unconfirmed = false;
  icans_dex.trigger = On(core::Syndrome::kIcans, 1, 4);
  p.actions.push_back(icans_dex);

  core::ProtocolAction monitor;
  monitor.rule = "wt.icans.monitor";
  monitor.source = "guide";
  monitor.trigger = On(core::Syndrome::kIcans, 1, 4);
  monitor.kind = core::ActionKind::kMonitor;
  monitor.text = "Neurological checks every 4 h";
  p.actions.push_back(monitor);
  return p;
}

// Assessments graded by core: no hand-built grades.
core::Assessment Crs2() {
  core::Assessment a;
  a.time = "2026-03-01T08:00:00Z";
  a.age_years = 54;
  a.temperature_celsius = 39.2;
  a.fever_masked = false;
  a.hypotension = true;
  a.vasopressors = core::VasopressorSet{};
  a.oxygen = core::OxygenSupport{};  // room air
  a.crs_death = false;
  // A normal neurological examination: ICANS assessed, grade 0.
  a.neuro.ice_total = 10;
  a.neuro.consciousness = core::Consciousness::kAlert;
  a.neuro.seizure = core::Seizure::kNone;
  a.neuro.motor = core::MotorFinding::kNone;
  a.neuro.icp = core::IcpFindingSet{};
  return a;
}

core::Assessment IsolatedIcans2() {
  core::Assessment a;
  a.age_years = 54;
  a.temperature_celsius = 36.8;
  a.hypotension = false;
  a.vasopressors = core::VasopressorSet{};
  a.oxygen = core::OxygenSupport{};
  a.neuro.ice_total = 5;
  a.neuro.consciousness = core::Consciousness::kAlert;
  a.neuro.seizure = core::Seizure::kNone;
  a.neuro.motor = core::MotorFinding::kNone;
  a.neuro.icp = core::IcpFindingSet{};
  return a;
}

core::PatientContext Context(std::optional<double> weight_kg) {
  core::PatientContext context;
  context.weight_kg = weight_kg;
  context.now = kNow;
  return context;
}

core::Recommendation RecommendFor(const core::Assessment& assessment,
                                  const core::PatientContext& context,
                                  const core::Protocol& protocol) {
  return core::Recommend(core::GradeAstct2019(assessment), context, protocol);
}

// Every field of the recommendation is in the JSON, with the same value.
void ExpectRoundTrip(const core::Recommendation& r, const core::Protocol& protocol) {
  const std::string text = RecommendationToJson(r, protocol);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "one line per recommendation";
  const json out = json::parse(text);
  EXPECT_EQ(out["schema"], "cartwatch.recommendation/1");
  EXPECT_EQ(out["protocol"]["id"], r.protocol_id);
  EXPECT_EQ(out["protocol"]["version"], r.protocol_version);
  EXPECT_EQ(out["protocol"]["title"], protocol.title);
  if (r.crs_assessed) {
    EXPECT_EQ(out["crs_grade"], r.crs_grade);
  } else {
    EXPECT_TRUE(out["crs_grade"].is_null());
  }
  if (r.icans_assessed) {
    EXPECT_EQ(out["icans_grade"], r.icans_grade);
  } else {
    EXPECT_TRUE(out["icans_grade"].is_null());
  }
  EXPECT_EQ(out["grades_are_lower_bounds"], r.grades_are_lower_bounds);
  EXPECT_EQ(out["decision_support"], std::string(kDecisionSupport));

  ASSERT_EQ(out["actions"].size(), r.actions.size());
  for (std::size_t i = 0; i < r.actions.size(); ++i) {
    const core::RecommendedAction& a = r.actions[i];
    const json& o = out["actions"][i];
    EXPECT_EQ(o.size(), 17u) << o;
    EXPECT_EQ(o["alternatives"].size(), a.alternatives.size());
    EXPECT_EQ(o["conditions"].size(), a.conditions.size());
    EXPECT_EQ(o["escalation"].is_null(), a.escalation.empty());
    EXPECT_EQ(o["regimen"].is_null(), !a.regimen.has_value());
    if (a.drug && !core::Describe(*a.drug).rxnorm.empty()) {
      EXPECT_EQ(o["rxnorm"], std::string(core::Describe(*a.drug).rxnorm));
    } else {
      EXPECT_TRUE(o["rxnorm"].is_null());
    }
    EXPECT_EQ(o["kind"], std::string(core::CodeOf(a.kind)));
    if (a.drug) {
      EXPECT_EQ(o["drug"], std::string(core::Describe(*a.drug).code));
    } else {
      EXPECT_TRUE(o["drug"].is_null());
    }
    if (a.dose_mg) {
      EXPECT_EQ(o["dose_mg"].get<double>(), *a.dose_mg);
    } else {
      EXPECT_TRUE(o["dose_mg"].is_null());
    }
    EXPECT_EQ(o["dose_basis"], a.dose_basis);
    EXPECT_EQ(o["route"], a.route);
    EXPECT_EQ(o["frequency"], a.frequency);
    EXPECT_EQ(o["when"], a.when);
    if (a.not_before) {
      EXPECT_EQ(core::ParseRfc3339(o["not_before"].get<std::string>()), a.not_before);
    } else {
      EXPECT_TRUE(o["not_before"].is_null());
    }
    EXPECT_EQ(o["rule"], a.rule);
    EXPECT_EQ(o["source"], a.source);
    EXPECT_EQ(o["text"], a.text);
    EXPECT_EQ(o["unconfirmed"], a.unconfirmed);
  }
  ASSERT_EQ(out["withheld"].size(), r.withheld.size());
  for (std::size_t i = 0; i < r.withheld.size(); ++i) {
    const json& o = out["withheld"][i];
    EXPECT_EQ(o["drug"], std::string(core::Describe(r.withheld[i].drug).code));
    EXPECT_EQ(o["reason"], r.withheld[i].reason);
    EXPECT_EQ(o["rule"], r.withheld[i].rule);
    EXPECT_TRUE(o["source"].is_string());
    EXPECT_TRUE(o["unconfirmed"].is_boolean());
    if (r.withheld[i].safety_rule) {
      EXPECT_EQ(o["safety_rule"], core::Describe(*r.withheld[i].safety_rule).info.id);
    } else {
      EXPECT_TRUE(o["safety_rule"].is_null());
    }
  }
  ASSERT_EQ(out["needs"].size(), r.needs.size());
  for (std::size_t i = 0; i < r.needs.size(); ++i) EXPECT_EQ(out["needs"][i], r.needs[i]);
  ASSERT_EQ(out["needed_by"].size(), r.needed_by.size());
  for (std::size_t i = 0; i < r.needed_by.size(); ++i) {
    EXPECT_EQ(out["needed_by"][i]["need"], r.needed_by[i].need);
    EXPECT_EQ(out["needed_by"][i]["safety_rule"],
              core::Describe(r.needed_by[i].safety_rule).info.id);
  }
}

const json* FindAction(const json& out, std::string_view drug) {
  for (const json& action : out["actions"]) {
    if (action["drug"] == drug) return &action;
  }
  return nullptr;
}

TEST(RecommendationJson, Crs2At70KgGives560MgTocilizumabNow) {
  const core::Protocol protocol = TestProtocol();
  const core::Recommendation r = RecommendFor(Crs2(), Context(70), protocol);
  ASSERT_EQ(r.crs_grade, 2);
  ASSERT_FALSE(r.grades_are_lower_bounds);
  ExpectRoundTrip(r, protocol);

  const json out = json::parse(RecommendationToJson(r, protocol));
  EXPECT_EQ(out["protocol"],
            (json{{"id", "writer-test"}, {"version", "2.1.0"}, {"title", "Writer test protocol"}}));
  const json* toci = FindAction(out, "tocilizumab");
  ASSERT_TRUE(toci) << out;
  EXPECT_EQ((*toci)["dose_mg"], 560);
  EXPECT_TRUE((*toci)["dose_mg"].is_number_unsigned()) << "560, not 560.0";
  EXPECT_EQ((*toci)["route"], "IV");
  EXPECT_EQ((*toci)["when"], "now");
  EXPECT_EQ((*toci)["kind"], "drug");
  EXPECT_EQ((*toci)["rule"], "wt.crs.toci");
  EXPECT_EQ((*toci)["source"], "label");
  EXPECT_EQ(out["actions"][0]["kind"], "support");
  EXPECT_TRUE(out["actions"][0]["drug"].is_null());
  EXPECT_TRUE(out["actions"][0]["dose_mg"].is_null());
  EXPECT_TRUE(out["withheld"].empty());
  EXPECT_TRUE(out["needs"].empty());
}

TEST(RecommendationJson, CappedDoseKeepsItsBasis) {
  const core::Protocol protocol = TestProtocol();
  const core::Recommendation r = RecommendFor(Crs2(), Context(120), protocol);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  const json* toci = FindAction(out, "tocilizumab");
  ASSERT_TRUE(toci);
  EXPECT_EQ((*toci)["dose_mg"], 800);
  EXPECT_NE((*toci)["dose_basis"].get<std::string>().find("capped at 800 mg"), std::string::npos);
}

TEST(RecommendationJson, MissingWeightGivesNullDoseAndNeedsWeight) {
  const core::Protocol protocol = TestProtocol();
  const core::Recommendation r = RecommendFor(Crs2(), Context(std::nullopt), protocol);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  const json* toci = FindAction(out, "tocilizumab");
  ASSERT_TRUE(toci);
  EXPECT_TRUE((*toci)["dose_mg"].is_null());
  EXPECT_EQ(out["needs"], json::array({"weight_kg"}));
}

TEST(RecommendationJson, RedoseIntervalGivesNotBefore) {
  const core::Protocol protocol = TestProtocol();
  core::PatientContext context = Context(70);
  context.given.push_back({core::Drug::kTocilizumab, kNow - 2 * kHour, 560.0});
  const core::Recommendation r = RecommendFor(Crs2(), context, protocol);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  const json* toci = FindAction(out, "tocilizumab");
  ASSERT_TRUE(toci);
  EXPECT_EQ((*toci)["not_before"], "2026-03-01T14:00:00Z");
  EXPECT_EQ((*toci)["when"], "if no response by 2026-03-01T14:00:00Z");
}

TEST(RecommendationJson, LimitReachedWithholdsWithTheLimitsSourceAndMark) {
  const core::Protocol protocol = TestProtocol();
  core::PatientContext context = Context(70);
  for (int hours_ago : {20, 12, 4}) {
    context.given.push_back({core::Drug::kTocilizumab, kNow - hours_ago * kHour, 560.0});
  }
  const core::Recommendation r = RecommendFor(Crs2(), context, protocol);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  EXPECT_FALSE(FindAction(out, "tocilizumab")) << out;
  ASSERT_EQ(out["withheld"].size(), 1u) << out;
  const json& withheld = out["withheld"][0];
  EXPECT_EQ(withheld["drug"], "tocilizumab");
  EXPECT_EQ(withheld["rule"], "wt.limit.toci");
  EXPECT_EQ(withheld["source"], "label");
  EXPECT_EQ(withheld["unconfirmed"], true);
  EXPECT_NE(withheld["reason"].get<std::string>().find("3"), std::string::npos);
  const json* dex = FindAction(out, "dexamethasone");
  ASSERT_TRUE(dex) << "the next line of therapy is recommended instead";
  EXPECT_EQ((*dex)["dose_mg"], 10);
  EXPECT_EQ((*dex)["unconfirmed"], true);
}

TEST(RecommendationJson, IsolatedIcansWithholdsTocilizumab) {
  const core::Protocol protocol = TestProtocol();
  const core::Recommendation r = RecommendFor(IsolatedIcans2(), Context(70), protocol);
  ASSERT_EQ(r.crs_grade, 0);
  ASSERT_EQ(r.icans_grade, 2);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  EXPECT_FALSE(FindAction(out, "tocilizumab"));
  ASSERT_TRUE(FindAction(out, "dexamethasone"));
  ASSERT_EQ(out["withheld"].size(), 1u);
  EXPECT_EQ(out["withheld"][0]["drug"], "tocilizumab");
  EXPECT_EQ(out["withheld"][0]["rule"], "wt.icans.toci");
  EXPECT_EQ(out["withheld"][0]["source"], "label");
  EXPECT_EQ(out["withheld"][0]["unconfirmed"], false);
}

TEST(RecommendationJson, LowerBoundGradesListTheMissingFindings) {
  const core::Protocol protocol = TestProtocol();
  core::Assessment fever_only;
  fever_only.temperature_celsius = 38.4;
  const core::Recommendation r = RecommendFor(fever_only, Context(70), protocol);
  ASSERT_TRUE(r.grades_are_lower_bounds);
  ExpectRoundTrip(r, protocol);
  const json out = json::parse(RecommendationToJson(r, protocol));
  EXPECT_EQ(out["grades_are_lower_bounds"], true);
  bool names_hypotension = false;
  for (const json& need : out["needs"]) names_hypotension |= need == "assessment.hypotension";
  EXPECT_TRUE(names_hypotension) << out["needs"];
}

TEST(RecommendationJson, WithheldEntriesAndNeedsNameTheirSafetyRules) {
  const core::Protocol protocol = TestProtocol();
  core::PatientContext context = Context(70);
  context.course = {{kNow - 21 * kHour, 2, 0, true}};
  for (int hours_ago : {20, 12, 4}) {
    context.given.push_back({core::Drug::kTocilizumab, kNow - hours_ago * kHour, 560.0});
  }
  const json limited =
      json::parse(RecommendationToJson(RecommendFor(Crs2(), context, protocol), protocol));
  EXPECT_EQ(limited["withheld"][0]["safety_rule"], "CARTWATCH.SAFETY.MAX_DOSES_PER_24H");
  EXPECT_EQ(limited["needed_by"], json::array());

  const json icans = json::parse(
      RecommendationToJson(RecommendFor(IsolatedIcans2(), Context(70), protocol), protocol));
  EXPECT_EQ(icans["withheld"][0]["safety_rule"], "CARTWATCH.SAFETY.NO_IL6_BLOCKADE_WITHOUT_CRS");

  const json no_weight = json::parse(
      RecommendationToJson(RecommendFor(Crs2(), Context(std::nullopt), protocol), protocol));
  EXPECT_EQ(
      no_weight["needed_by"],
      json::parse(R"([{"need":"weight_kg","safety_rule":"CARTWATCH.SAFETY.PLAUSIBLE_WEIGHT"}])"));

  core::Recommendation bare;
  bare.withheld.push_back({core::Drug::kSiltuximab, "reason", "not.a.rule"});
  EXPECT_TRUE(
      json::parse(RecommendationToJson(bare, protocol))["withheld"][0]["safety_rule"].is_null());
}

TEST(RecommendationJson, WithheldRuleUnknownToTheProtocolHasEmptySource) {
  core::Recommendation r;
  r.protocol_id = "x";
  r.protocol_version = "1";
  r.withheld.push_back({core::Drug::kSiltuximab, "reason", "not.a.rule"});
  const json out = json::parse(RecommendationToJson(r, core::Protocol{}));
  EXPECT_EQ(out["withheld"][0]["source"], "");
  EXPECT_EQ(out["withheld"][0]["unconfirmed"], false);
  EXPECT_EQ(out["protocol"]["title"], "");
}

TEST(RecommendationJson, ProtocolTextsAreEscaped) {
  core::Protocol protocol = TestProtocol();
  protocol.title = "Title with \"quotes\", a back\\slash,\na newline, a tab\t and \xff bad byte";
  protocol.actions[0].text = "line one\nline two \x01";
  const core::Recommendation r = RecommendFor(Crs2(), Context(70), protocol);
  const std::string text = RecommendationToJson(r, protocol);
  EXPECT_EQ(text.find('\n'), std::string::npos);
  const json out = json::parse(text);
  EXPECT_EQ(out["protocol"]["title"],
            "Title with \"quotes\", a back\\slash,\na newline, a tab\t and \xEF\xBF\xBD bad byte");
  EXPECT_EQ(out["actions"][0]["text"], "line one\nline two \x01");
}

// ---- plain text ------------------------------------------------------------------------------

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(RecommendationText, ListsActionsWithDoseRouteWhenAndRule) {
  const core::Protocol protocol = TestProtocol();
  const std::string text =
      RecommendationToText(RecommendFor(Crs2(), Context(70), protocol), protocol);
  EXPECT_TRUE(text.starts_with("Protocol writer-test version 2.1.0: Writer test protocol\n"))
      << text;
  EXPECT_TRUE(Contains(text, "CRS grade 2, ICANS grade 0")) << text;
  EXPECT_TRUE(Contains(text,
                       "  1. support: Paracetamol and \"IV fluids\" as needed "
                       "[wt.crs.support]\n"))
      << text;
  EXPECT_TRUE(Contains(text, "  2. tocilizumab 560 mg IV, now [wt.crs.toci]\n")) << text;
  EXPECT_TRUE(Contains(text,
                       "\n     dose: 8 mg/kg x 70 kg = 560 mg; over 1 h; may repeat\n"
                       "     Tocilizumab 8 mg/kg IV (max 800 mg)\n"))
      << text;
  EXPECT_FALSE(Contains(text, "Withheld")) << text;
  EXPECT_FALSE(Contains(text, "needs:")) << text;
  EXPECT_FALSE(Contains(text, "UNCONFIRMED")) << text;
  EXPECT_TRUE(text.ends_with("\nDecision support: a clinician decides.\n")) << text;
}

TEST(RecommendationText, MissingWeightSaysNoDoseAndAsksForIt) {
  const core::Protocol protocol = TestProtocol();
  const std::string text =
      RecommendationToText(RecommendFor(Crs2(), Context(std::nullopt), protocol), protocol);
  EXPECT_TRUE(Contains(text, "2. tocilizumab: NO DOSE COMPUTED IV, now [wt.crs.toci]")) << text;
  EXPECT_TRUE(Contains(text, "\nneeds: weight_kg\n")) << text;
  EXPECT_TRUE(Contains(text, "  weight_kg: body weight in kg")) << text;
}

TEST(RecommendationText, WithheldAndUnconfirmedAreMarked) {
  const core::Protocol protocol = TestProtocol();
  core::PatientContext context = Context(70);
  for (int hours_ago : {20, 12, 4}) {
    context.given.push_back({core::Drug::kTocilizumab, kNow - hours_ago * kHour, 560.0});
  }
  const std::string text = RecommendationToText(RecommendFor(Crs2(), context, protocol), protocol);
  EXPECT_TRUE(Contains(text, "dexamethasone 10 mg IV, now [wt.crs.dex] UNCONFIRMED")) << text;
  EXPECT_TRUE(Contains(text, "Withheld:\n  - tocilizumab: 3 doses in the last 24 h")) << text;
  EXPECT_TRUE(Contains(text, "[wt.limit.toci] UNCONFIRMED\n")) << text;
  EXPECT_TRUE(Contains(text, "\nUNCONFIRMED: ")) << text;
  EXPECT_TRUE(text.ends_with("Decision support: a clinician decides.\n")) << text;
}

TEST(RecommendationText, LowerBoundsAreSaidAndMissingFindingsExplainedOnce) {
  const core::Protocol protocol = TestProtocol();
  core::Assessment fever_only;
  fever_only.temperature_celsius = 38.4;
  const std::string text =
      RecommendationToText(RecommendFor(fever_only, Context(70), protocol), protocol);
  EXPECT_TRUE(Contains(text, "CRS grade at least 1, ICANS not assessed")) << text;
  EXPECT_TRUE(Contains(text, "needs: assessment.hypotension, assessment.")) << text;
  const std::string explanation = "\n  assessment.*: findings not recorded";
  const std::size_t first = text.find(explanation);
  EXPECT_NE(first, std::string::npos) << text;
  EXPECT_EQ(text.find(explanation, first + 1), std::string::npos) << "once\n" << text;
}

TEST(RecommendationText, TimeNeededWhenDosesWereGivenAndNowIsUnknown) {
  const core::Protocol protocol = TestProtocol();
  core::PatientContext context = Context(70);
  context.now.reset();
  context.given.push_back({core::Drug::kTocilizumab, kNow - 2 * kHour, std::nullopt});
  const core::Recommendation r = RecommendFor(Crs2(), context, protocol);
  ExpectRoundTrip(r, protocol);
  const std::string text = RecommendationToText(r, protocol);
  EXPECT_TRUE(Contains(text, "\nneeds: time\n  time: the time of the assessment")) << text;
  EXPECT_TRUE(Contains(text, "Withheld:\n  - tocilizumab: ")) << text;
}

TEST(RecommendationText, NoActionsIsSaidPlainly) {
  const core::Protocol protocol = TestProtocol();
  core::Assessment well;
  well.temperature_celsius = 36.8;
  well.hypotension = false;
  well.vasopressors = core::VasopressorSet{};
  well.oxygen = core::OxygenSupport{};
  const std::string text =
      RecommendationToText(RecommendFor(well, Context(70), protocol), protocol);
  EXPECT_TRUE(Contains(text, "Actions:\n  none from this protocol for these grades\n")) << text;
}

TEST(RecommendationText, ControlCharactersCannotBreakLines) {
  core::Protocol protocol = TestProtocol();
  protocol.actions[0].text = "one\ntwo";
  const std::string text =
      RecommendationToText(RecommendFor(Crs2(), Context(70), protocol), protocol);
  EXPECT_TRUE(Contains(text, "one\\ntwo")) << text;
}

// ---- refusals of whole files -----------------------------------------------------------------

TEST(FileError, JsonAndTextNameTheFileFieldAndCode) {
  const core::Error error{core::ErrorCode::kImplausibleValue, "weight_kg", "500",
                          "weight_kg 500 kg is implausible", "cartwatch-policy"};
  const json out = json::parse(FileErrorToJson("ctx \"1\".json", error));
  EXPECT_EQ(out, (json{{"file", "ctx \"1\".json"},
                       {"error", "implausible_value"},
                       {"field", "weight_kg"},
                       {"value", "500"},
                       {"message", "weight_kg 500 kg is implausible"},
                       {"rule", "cartwatch-policy"}}));
  EXPECT_EQ(FileErrorToText("ctx.json", error),
            "ctx.json: weight_kg 500 kg is implausible [implausible_value]");
  const core::Error other{core::ErrorCode::kMalformedProtocol, "actions[2].dose", "ten",
                          "dose needs a unit", ""};
  EXPECT_EQ(FileErrorToText("p.toml", other),
            "p.toml: actions[2].dose: dose needs a unit (received: ten) [malformed_protocol]");
}

TEST(RecommendationText, WithheldEntriesNameTheirSafetyRule) {
  const core::Protocol protocol = TestProtocol();
  const std::string text =
      RecommendationToText(RecommendFor(IsolatedIcans2(), Context(70), protocol), protocol);
  EXPECT_TRUE(Contains(text,
                       "[wt.icans.toci]\n    safety rule: "
                       "CARTWATCH.SAFETY.NO_IL6_BLOCKADE_WITHOUT_CRS\n"))
      << text;
}

}  // namespace
}  // namespace cartwatch::adapters
