// The JSON and text views of a protocol (`cartwatch protocol show`).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cartwatch/adapters/protocol_toml.h"

namespace cartwatch::adapters {
namespace {

using nlohmann::json;

core::Protocol SmallProtocol() {
  core::Protocol p;
  p.id = "small";
  p.version = "2.1.0";
  p.title = "Small protocol";
  p.sources = {{"s", "unit test"}};
  p.min_weight_kg = 3.0;
  p.max_weight_kg = 250.0;
  p.limits = {{core::Drug::kTocilizumab, "s.limit.toci", "s", true, 3, std::nullopt, 8.0}};

  core::ProtocolAction support;
  support.rule = "s.icans.support";
  support.source = "s";
  support.trigger.syndrome = core::Syndrome::kIcans;
  support.trigger.min_grade = 1;
  support.trigger.max_grade = 4;
  support.trigger.when.concurrent = core::GradeRange{0, 0};
  support.kind = core::ActionKind::kSupport;
  support.text = "No CRS: no tocilizumab";
  p.actions.push_back(support);

  core::ProtocolAction toci;
  toci.rule = "s.crs.toci";
  toci.source = "s";
  toci.trigger.min_grade = 2;
  toci.trigger.max_grade = 5;
  toci.kind = core::ActionKind::kDrug;
  toci.drug = core::Drug::kTocilizumab;
  core::Dose dose;
  dose.mg_per_kg = 8.0;
  dose.bands = {{30.0, 12.0}};
  dose.max_mg = 800.0;
  dose.round_to_mg = 10.0;
  dose.route = "IV";
  dose.frequency = "over 1 h";
  toci.dose = dose;
  toci.text = "Tocilizumab";
  toci.instead_when_limited = "s.crs.dex";
  toci.unconfirmed = true;
  p.actions.push_back(toci);

  core::ProtocolAction dex;
  dex.rule = "s.crs.dex";
  dex.source = "s";
  dex.trigger.min_grade = 3;
  dex.trigger.max_grade = 4;
  dex.trigger.after_drug = core::Drug::kTocilizumab;
  dex.trigger.after_doses = 2;
  dex.trigger.after_hours = 16.0;
  dex.kind = core::ActionKind::kDrug;
  dex.drug = core::Drug::kDexamethasone;
  core::Dose fixed;
  fixed.fixed_mg = 10.0;
  fixed.route = "IV";
  dex.dose = fixed;
  dex.text = "Dexamethasone";
  p.actions.push_back(dex);
  return p;
}

TEST(ProtocolToJson, WritesEveryKeyWithDefaultsAndNulls) {
  const json j = json::parse(ProtocolToJson(SmallProtocol()));
  EXPECT_EQ(j["schema"], "cartwatch.protocol/1");
  EXPECT_EQ(j["id"], "small");
  EXPECT_EQ(j["version"], "2.1.0");
  EXPECT_EQ(j["title"], "Small protocol");
  EXPECT_EQ(j["weight_limits"], json::parse(R"({"min_kg": 3.0, "max_kg": 250.0})"));
  EXPECT_EQ(j["sources"], json::parse(R"([{"key": "s", "citation": "unit test"}])"));
  EXPECT_EQ(j["limits"], json::parse(R"([{"drug": "tocilizumab", "rule": "s.limit.toci",
      "source": "s", "max_doses_per_24h": 3, "max_doses_total": null, "min_interval_hours": 8.0,
      "unconfirmed": true}])"));
  ASSERT_EQ(j["actions"].size(), 3u);
  EXPECT_EQ(j["actions"][0], json::parse(R"({"rule": "s.icans.support", "source": "s",
      "syndrome": "icans", "min_grade": 1, "max_grade": 4,
      "when": {"concurrent_grades": [0, 0], "seizure": null, "motor": null, "icp": null,
               "hypotension": null, "products": [], "age_years": null, "weight_kg": null,
               "hours_since_infusion": null, "fever_hours": null},
      "after": null, "kind": "support", "drug": null, "alternatives": [], "dose": null,
      "regimen": [],
      "text": "No CRS: no tocilizumab", "instead_when_limited": null, "unconfirmed": false})"));
  EXPECT_EQ(j["actions"][1]["dose"], json::parse(R"({"fixed_mg": null, "mg_per_kg": 8.0,
      "bands": [{"below_kg": 30.0, "mg_per_kg": 12.0}], "max_mg": 800.0, "round_to_mg": 10.0,
      "route": "IV", "frequency": "over 1 h", "age_bands": []})"));
  EXPECT_EQ(j["actions"][1]["instead_when_limited"], "s.crs.dex");
  EXPECT_EQ(j["actions"][1]["unconfirmed"], true);
  EXPECT_EQ(j["actions"][1]["when"]["concurrent_grades"], nullptr);
  EXPECT_EQ(j["actions"][2]["after"],
            json::parse(R"({"drug": "tocilizumab", "doses": 2, "hours": 16.0})"));
  EXPECT_EQ(j["actions"][2]["drug"], "dexamethasone");
  EXPECT_EQ(j["actions"][2]["dose"]["fixed_mg"], 10.0);
  EXPECT_TRUE(j["actions"][2]["dose"]["bands"].empty());
}

TEST(ProtocolToJson, IsOneLineAndKeepsKeyOrder) {
  const std::string text = ProtocolToJson(SmallProtocol());
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_LT(text.find("\"schema\""), text.find("\"id\""));
  EXPECT_LT(text.find("\"limits\""), text.find("\"actions\""));
}

TEST(ProtocolToJson, EscapesText) {
  core::Protocol p = SmallProtocol();
  p.title = "quote \" backslash \\ newline \n";
  const json j = json::parse(ProtocolToJson(p));
  EXPECT_EQ(j["title"], p.title);
}

TEST(ProtocolCheckToJson, SummarisesASoundProtocol) {
  const std::string text = ProtocolCheckToJson("dir/small.toml", SmallProtocol());
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(json::parse(text), json::parse(R"({"file": "dir/small.toml", "ok": true,
      "id": "small", "version": "2.1.0", "title": "Small protocol", "actions": 3, "limits": 1,
      "escalations": 0, "unconfirmed": 2})"));
}

TEST(ProtocolToText, ListsActionsByGradeWithDosesConditionsAndMarks) {
  const std::string text = ProtocolToText(SmallProtocol());
  EXPECT_TRUE(text.starts_with("Protocol small version 2.1.0: Small protocol\n")) << text;
  EXPECT_NE(text.find("  s: unit test\n"), std::string::npos) << text;
  EXPECT_NE(text.find("weight from 3 to 250 kg"), std::string::npos) << text;
  EXPECT_NE(text.find("  tocilizumab: at most 3 doses in any 24 h, at least 8 h between doses "
                      "[s.limit.toci; s] UNCONFIRMED\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     drug: tocilizumab 8 mg/kg (12 mg/kg under 30 kg), max 800 mg, "
                      "rounded to 10 mg; IV; over 1 h\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     drug: dexamethasone 10 mg; IV\n"), std::string::npos) << text;
  EXPECT_NE(text.find("     when: only once 2 doses of tocilizumab have been given (the first at "
                      "least 16 h before) and the grade has not improved since the first\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     when a limit blocks it: s.crs.dex instead\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("     when: only without CRS\n"), std::string::npos) << text;
  EXPECT_NE(text.find("     [s.crs.toci; s] UNCONFIRMED\n"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("\nDecision support: a clinician decides.\n")) << text;
}

TEST(ProtocolToText, ShowsEveryGradeInOrderAndGradeFiveOnlyWhenUsed) {
  const std::string text = ProtocolToText(SmallProtocol());
  std::size_t last = 0;
  for (const char* header :
       {"\nCRS grade 1\n  (no action)\n", "\nCRS grade 2\n  1. drug: Tocilizumab",
        "\nCRS grade 3\n  1. drug: Tocilizumab\n", "\nCRS grade 4\n",
        "\nCRS grade 5\n  1. drug: Tocilizumab",
        "\nICANS grade 1\n  1. support:", "\nICANS grade 4\n"}) {
    const std::size_t at = text.find(header);
    ASSERT_NE(at, std::string::npos) << header << "\n" << text;
    EXPECT_GT(at, last) << header;
    last = at;
  }
  EXPECT_EQ(text.find("ICANS grade 5"), std::string::npos) << text;
  // At grade 3 the escalation is listed after tocilizumab, in file order.
  const std::size_t grade3 = text.find("\nCRS grade 3\n");
  EXPECT_LT(text.find("1. drug: Tocilizumab", grade3), text.find("2. drug: Dexamethasone", grade3));
}

TEST(ProtocolToText, ShowsConditionsRegimenStepsAndEscalations) {
  core::Protocol p = SmallProtocol();
  core::ProtocolAction& dex = p.actions[2];
  dex.trigger.when.seizure = core::CodedCondition<core::Seizure>{
      core::FindingMatch::kAnyOf, {core::Seizure::kProlongedOver5Min}};
  dex.trigger.when.products = {core::Product::kAxiCel, core::Product::kBrexuCel};
  core::Range fever;
  fever.above = 72.0;
  dex.trigger.when.fever_hours = fever;
  dex.regimen = {{*dex.dose, 12.0, 6, std::nullopt}, {*dex.dose, 12.0, std::nullopt, 1}};
  dex.dose.reset();
  core::Escalation escalation;
  escalation.rule = "s.crs.g3.refractory";
  escalation.source = "s";
  escalation.trigger.min_grade = escalation.trigger.max_grade = 3;
  escalation.trigger.after_drug = core::Drug::kDexamethasone;
  escalation.manage_as = 4;
  escalation.text = "Refractory: manage as grade 4";
  escalation.unconfirmed = true;
  p.escalations.push_back(escalation);
  const std::string text = ProtocolToText(p);
  EXPECT_NE(
      text.find("     when: seizure: prolonged seizure (> 5 min); product axi-cel, brexu-cel; "
                "fever for above 72 h; only once 2 doses"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("     step 1: 10 mg; IV; every 12 h, 6 doses\n"
                      "     step 2: 10 mg; IV; every 12 h, until grade 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  escalation: manage as grade 4: Refractory: manage as grade 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[s.crs.g3.refractory; s] UNCONFIRMED"), std::string::npos) << text;
  const json j = json::parse(ProtocolToJson(p));
  EXPECT_EQ(j["escalations"][0]["manage_as"], 4);
  EXPECT_EQ(j["actions"][2]["when"]["seizure"], json::parse(R"(["prolonged_over_5min"])"));
  EXPECT_EQ(j["actions"][2]["when"]["fever_hours"]["above"], 72.0);
  EXPECT_EQ(j["actions"][2]["regimen"][1]["until_grade"], 1);
}

TEST(ProtocolToText, KeepsOneItemPerLine) {
  core::Protocol p = SmallProtocol();
  p.actions[0].text = "line one\nline two\ttab\x01";
  const std::string text = ProtocolToText(p);
  EXPECT_NE(text.find("support: line one\\nline two\\ttab?\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace cartwatch::adapters
