// The protocols shipped in protocols/: each loads and passes the protocol check, the binary
// carries exactly the files, every rule of every protocol has a test that makes it fire with its
// dose, and the engine's safety rules hold under each (caps, limits, isolated ICANS).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/core/recommend.h"

namespace cartwatch::adapters {
namespace {

using core::Drug;

constexpr core::UnixSeconds kNow = 1772352000;  // 2026-03-01T08:00:00Z
const std::vector<std::string> kShipped = {"asco-2021", "ebmt-2022", "seed-2026"};

const core::Protocol& Shipped(const std::string& name) {
  static const std::map<std::string, core::Protocol> protocols = [] {
    std::map<std::string, core::Protocol> loaded;
    for (const BundledProtocol& bundled : BundledProtocols()) {
      ProtocolParse parse = ParseProtocolToml(bundled.toml_text, bundled.name);
      if (parse.protocol) loaded.emplace(std::string(bundled.name), std::move(*parse.protocol));
    }
    return loaded;
  }();
  static const core::Protocol kEmpty;
  const auto it = protocols.find(name);
  EXPECT_NE(it, protocols.end()) << "not loaded: " << name;
  return it == protocols.end() ? kEmpty : it->second;
}

struct Given {
  Drug drug;
  double hours_ago;
};

core::Grading Grades(int crs, int icans) {
  core::Grading grading;
  grading.crs.assessed = true;
  grading.crs.grade = grading.crs.max_possible_grade = crs;
  grading.icans.assessed = true;
  grading.icans.grade = grading.icans.max_possible_grade = icans;
  return grading;
}

core::Recommendation RecommendFor(const std::string& protocol, int crs, int icans,
                                  const std::vector<Given>& given = {},
                                  std::optional<double> weight_kg = 70.0) {
  core::PatientContext context;
  context.weight_kg = weight_kg;
  context.now = kNow;
  for (const Given& g : given) {
    context.given.push_back(
        {g.drug, kNow - static_cast<core::UnixSeconds>(g.hours_ago * core::kSecondsPerHour),
         std::nullopt});
  }
  return core::Recommend(Grades(crs, icans), context, Shipped(protocol));
}

const core::RecommendedAction* FindRule(const core::Recommendation& r, std::string_view rule) {
  for (const core::RecommendedAction& action : r.actions) {
    if (action.rule == rule) return &action;
  }
  return nullptr;
}

const core::RecommendedAction* FindDrugAction(const core::Recommendation& r, Drug drug) {
  for (const core::RecommendedAction& action : r.actions) {
    if (action.drug == drug) return &action;
  }
  return nullptr;
}

const core::WithheldAction* FindWithheld(const core::Recommendation& r, Drug drug) {
  for (const core::WithheldAction& withheld : r.withheld) {
    if (withheld.drug == drug) return &withheld;
  }
  return nullptr;
}

std::string Dump(const core::Recommendation& r) {
  std::string out =
      "CRS " + std::to_string(r.crs_grade) + ", ICANS " + std::to_string(r.icans_grade) + "\n";
  for (const core::RecommendedAction& a : r.actions) {
    out += "  " + a.rule + (a.drug ? " " + std::string(core::Describe(*a.drug).code) : "") +
           (a.dose_mg ? " " + std::to_string(*a.dose_mg) + " mg" : "") + " " + a.when + "\n";
  }
  for (const core::WithheldAction& w : r.withheld) out += "  withheld: " + w.reason + "\n";
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// ---- Loading ------------------------------------------------------------------------------

TEST(ShippedProtocols, EachLoadsAndPassesTheProtocolCheck) {
  ASSERT_EQ(BundledProtocols().size(), kShipped.size());
  for (const BundledProtocol& bundled : BundledProtocols()) {
    SCOPED_TRACE(std::string(bundled.name));
    const ProtocolParse parse = ParseProtocolToml(bundled.toml_text, bundled.name);
    ASSERT_TRUE(parse.errors.empty())
        << parse.errors.front().field << ": " << parse.errors.front().message;
    ASSERT_TRUE(parse.protocol);
    EXPECT_TRUE(core::CheckProtocol(*parse.protocol).empty());
    EXPECT_EQ(parse.protocol->id, bundled.name);
    EXPECT_FALSE(parse.protocol->version.empty());
    EXPECT_FALSE(parse.protocol->title.empty());
  }
}

TEST(ShippedProtocols, BinaryCarriesExactlyTheFilesInProtocols) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(CARTWATCH_PROTOCOLS_DIR)) {
    if (entry.path().extension() != ".toml") continue;
    files.emplace(entry.path().stem().string(), ReadFile(entry.path()));
  }
  std::map<std::string, std::string> bundled;
  std::vector<std::string> order;
  for (const BundledProtocol& protocol : BundledProtocols()) {
    bundled.emplace(std::string(protocol.name), std::string(protocol.toml_text));
    order.emplace_back(protocol.name);
  }
  EXPECT_EQ(bundled, files) << "rebuild: the embedded protocols are stale";
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ(order, kShipped);
}

// ---- One test per rule --------------------------------------------------------------------

struct RuleCase {
  std::string protocol;
  std::string rule;
  int crs;
  int icans;
  std::vector<Given> given;
  std::optional<Drug> drug;  // for drug actions: the drug and the dose at 70 kg
  std::optional<double> dose_mg;
};

const Drug kToci = Drug::kTocilizumab;
const Drug kDex = Drug::kDexamethasone;
const Drug kMp = Drug::kMethylprednisolone;

// Every action rule of every shipped protocol, with a situation in which it fires: the grades
// and the treatments already given (hours before the assessment).
const std::vector<RuleCase>& RuleCases() {
  static const std::vector<RuleCase> cases = {
      // seed-2026
      {"seed-2026", "seed.crs.g3.icu", 3, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.g4.ventilation", 4, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.g4.methylprednisolone", 4, 0, {}, kMp, 1000},
      {"seed-2026", "seed.crs.g3.dexamethasone", 3, 0, {{kToci, 9}}, kDex, 10},
      {"seed-2026", "seed.crs.g2.steroid-prompt", 2, 0, {{kToci, 17}, {kToci, 9}}, {}, {}},
      {"seed-2026", "seed.icans.g2.dexamethasone", 0, 2, {}, kDex, 10},
      {"seed-2026", "seed.crs.g2.tocilizumab", 2, 0, {}, kToci, 560},
      {"seed-2026", "seed.crs.g4.tocilizumab", 4, 0, {}, kToci, 560},
      {"seed-2026", "seed.crs.g4.siltuximab", 4, 0, {{kToci, 17}, {kToci, 9}}, {}, {}},
      {"seed-2026", "seed.crs.g1.paracetamol", 1, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.g1.fluids", 1, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.g2.oxygen-fluids", 2, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.g3.vasopressors", 3, 0, {}, {}, {}},
      {"seed-2026", "seed.icans.isolated", 0, 1, {}, {}, {}},
      {"seed-2026", "seed.icans.with-crs", 1, 1, {}, {}, {}},
      {"seed-2026", "seed.crs.g1.monitor", 1, 0, {}, {}, {}},
      {"seed-2026", "seed.crs.monitor", 1, 0, {}, {}, {}},
      {"seed-2026", "seed.icans.monitor", 0, 1, {}, {}, {}},
      {"seed-2026", "seed.icans.g3.beyond-seed", 0, 3, {}, {}, {}},
      // asco-2021
      {"asco-2021", "asco2021.crs.g3.icu", 3, 0, {}, {}, {}},
      {"asco-2021", "asco2021.icans.g3.icu", 0, 3, {}, {}, {}},
      {"asco-2021", "asco2021.icans.g4.methylprednisolone", 0, 4, {}, kMp, 1000},
      {"asco-2021", "asco2021.crs.g4.dexamethasone", 4, 0, {}, kDex, 20},
      {"asco-2021", "asco2021.crs.g3.dexamethasone-refractory", 3, 0, {{kDex, 25}}, kDex, 20},
      {"asco-2021", "asco2021.crs.g3.dexamethasone", 3, 0, {}, kDex, 10},
      {"asco-2021", "asco2021.icans.g3.dexamethasone", 0, 3, {}, kDex, 10},
      {"asco-2021", "asco2021.icans.g2.dexamethasone", 0, 2, {}, kDex, 10},
      {"asco-2021", "asco2021.crs.g2.dexamethasone", 2, 0, {{kToci, 9}}, kDex, 10},
      {"asco-2021", "asco2021.crs.anakinra", 3, 0, {{kDex, 49}}, {}, {}},
      {"asco-2021", "asco2021.icans.anakinra", 0, 2, {{kDex, 25}}, {}, {}},
      {"asco-2021", "asco2021.icans.g4.anakinra", 0, 4, {{kMp, 25}}, {}, {}},
      {"asco-2021", "asco2021.crs.g1.tocilizumab-consider", 1, 0, {}, {}, {}},
      {"asco-2021", "asco2021.crs.g2.tocilizumab", 2, 0, {}, kToci, 560},
      {"asco-2021", "asco2021.crs.g3.tocilizumab", 3, 0, {}, kToci, 560},
      {"asco-2021", "asco2021.crs.siltuximab", 3, 0, {{kToci, 17}, {kToci, 9}}, {}, {}},
      {"asco-2021", "asco2021.crs.g1.supportive", 1, 0, {}, {}, {}},
      {"asco-2021", "asco2021.crs.g2.fluids-oxygen", 2, 0, {}, {}, {}},
      {"asco-2021", "asco2021.crs.g3.vasopressors", 3, 0, {}, {}, {}},
      {"asco-2021", "asco2021.icans.g1.supportive", 0, 1, {}, {}, {}},
      {"asco-2021", "asco2021.icans.seizures", 0, 3, {}, {}, {}},
      {"asco-2021", "asco2021.icans.isolated", 0, 1, {}, {}, {}},
      {"asco-2021", "asco2021.icans.with-crs", 1, 1, {}, {}, {}},
      {"asco-2021", "asco2021.crs.monitor", 1, 0, {}, {}, {}},
      {"asco-2021", "asco2021.icans.monitor", 0, 1, {}, {}, {}},
      {"asco-2021", "asco2021.icans.g2.neuro-workup", 0, 2, {}, {}, {}},
      // ebmt-2022
      {"ebmt-2022", "ebmt2022.crs.g3.icu", 3, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.g3.icu", 0, 3, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g4.methylprednisolone", 4, 0, {}, kMp, 1000},
      {"ebmt-2022", "ebmt2022.icans.g4.methylprednisolone", 0, 4, {}, kMp, 1000},
      {"ebmt-2022", "ebmt2022.crs.g3.dexamethasone", 3, 0, {}, kDex, 10},
      {"ebmt-2022", "ebmt2022.icans.g3.dexamethasone", 0, 3, {}, kDex, 10},
      {"ebmt-2022", "ebmt2022.icans.g2.dexamethasone", 0, 2, {}, kDex, 10},
      {"ebmt-2022", "ebmt2022.crs.g2.dexamethasone", 2, 0, {{kToci, 9}}, kDex, 10},
      {"ebmt-2022", "ebmt2022.crs.anakinra", 3, 0, {{kDex, 25}}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g4.anakinra", 4, 0, {{kMp, 25}}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.anakinra", 0, 2, {{kDex, 25}}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.g4.anakinra", 0, 4, {{kMp, 25}}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g1.tocilizumab-consider", 1, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g2.tocilizumab", 2, 0, {}, kToci, 560},
      {"ebmt-2022", "ebmt2022.crs.g3.tocilizumab", 3, 0, {}, kToci, 560},
      {"ebmt-2022", "ebmt2022.crs.siltuximab", 3, 0, {{kToci, 17}, {kToci, 9}}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g1.supportive", 1, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g2.fluids-oxygen", 2, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.g3.vasopressors", 3, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.g1.supportive", 0, 1, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.levetiracetam-prophylaxis", 0, 1, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.seizures", 0, 3, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.isolated", 0, 1, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.with-crs", 1, 1, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.crs.monitor", 1, 0, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.monitor", 0, 1, {}, {}, {}},
      {"ebmt-2022", "ebmt2022.icans.g2.neuro-workup", 0, 2, {}, {}, {}},
  };
  return cases;
}

const core::ProtocolAction* ActionOf(const core::Protocol& protocol, const std::string& rule) {
  for (const core::ProtocolAction& action : protocol.actions) {
    if (action.rule == rule) return &action;
  }
  return nullptr;
}

TEST(ShippedProtocols, EveryRuleHasATest) {
  std::set<std::string> tested;
  for (const RuleCase& c : RuleCases()) {
    EXPECT_TRUE(tested.insert(c.protocol + " " + c.rule).second) << "twice: " << c.rule;
    EXPECT_TRUE(ActionOf(Shipped(c.protocol), c.rule)) << "no such rule: " << c.rule;
  }
  for (const std::string& name : kShipped) {
    for (const core::ProtocolAction& action : Shipped(name).actions) {
      EXPECT_TRUE(tested.contains(name + " " + action.rule)) << "untested rule: " << action.rule;
    }
  }
}

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, FiresWithItsDose) {
  const RuleCase& c = GetParam();
  const core::Recommendation r = RecommendFor(c.protocol, c.crs, c.icans, c.given);
  const core::RecommendedAction* action = FindRule(r, c.rule);
  ASSERT_NE(action, nullptr) << Dump(r);
  EXPECT_EQ(action->drug, c.drug) << Dump(r);
  EXPECT_EQ(action->dose_mg, c.dose_mg) << Dump(r);
  EXPECT_EQ(action->when, "now");
  EXPECT_FALSE(action->text.empty());
  EXPECT_FALSE(action->source.empty());
  if (c.drug) {
    EXPECT_EQ(action->route, "IV");
  }
  const core::ProtocolAction* rule = ActionOf(Shipped(c.protocol), c.rule);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(action->unconfirmed, rule->unconfirmed);
  // An escalation does not fire without the treatment it escalates from.
  if (rule->trigger.after_drug) {
    const core::Recommendation first = RecommendFor(c.protocol, c.crs, c.icans, {});
    EXPECT_EQ(FindRule(first, c.rule), nullptr) << Dump(first);
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, RuleTest, ::testing::ValuesIn(RuleCases()),
                         [](const ::testing::TestParamInfo<RuleCase>& param) {
                           std::string name = param.param.rule;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// ---- Tocilizumab: dose, caps, limits, interval (USPI) ------------------------------------

TEST(ShippedProtocols, TocilizumabIs8MgPerKgCappedAt800WithTheLabelLimits) {
  for (const std::string& name : kShipped) {
    SCOPED_TRACE(name);
    const core::Protocol& p = Shipped(name);
    int actions = 0;
    for (const core::ProtocolAction& action : p.actions) {
      if (action.drug != kToci) continue;
      ++actions;
      ASSERT_TRUE(action.dose);
      EXPECT_EQ(action.dose->mg_per_kg, 8.0);
      EXPECT_EQ(action.dose->max_mg, 800.0);
      EXPECT_EQ(action.dose->route, "IV");
      EXPECT_EQ(action.trigger.syndrome, core::Syndrome::kCrs);
      EXPECT_FALSE(action.instead_when_limited.empty()) << action.rule;
    }
    EXPECT_GE(actions, 1);
    ASSERT_EQ(p.limits.size(), 1u);
    EXPECT_EQ(p.limits[0].drug, kToci);
    EXPECT_EQ(p.limits[0].max_doses_per_24h, 3);
    EXPECT_EQ(p.limits[0].max_doses_total, 4);
    EXPECT_EQ(p.limits[0].min_interval_hours, 8.0);
  }
}

TEST(ShippedProtocols, TwelveMgPerKgUnder30KgOnlyWhereTheProtocolSaysSo) {
  // EBMT gives 12 mg/kg under 30 kg (EBMT 2022; Kymriah USPI); the seed and ASCO, as tabulated, do
  // not.
  EXPECT_EQ(FindDrugAction(RecommendFor("ebmt-2022", 2, 0, {}, 20.0), kToci)->dose_mg, 240.0);
  EXPECT_EQ(FindDrugAction(RecommendFor("ebmt-2022", 2, 0, {}, 30.0), kToci)->dose_mg,
            240.0);  // 8 x 30
  EXPECT_EQ(FindDrugAction(RecommendFor("ebmt-2022", 2, 0, {}, 29.5), kToci)->dose_mg,
            354.0);  // 12 x 29.5
  EXPECT_EQ(FindDrugAction(RecommendFor("seed-2026", 2, 0, {}, 20.0), kToci)->dose_mg, 160.0);
  EXPECT_EQ(FindDrugAction(RecommendFor("asco-2021", 2, 0, {}, 20.0), kToci)->dose_mg, 160.0);
}

TEST(ShippedProtocols, TocilizumabNeverExceeds800Mg) {
  for (const std::string& name : kShipped) {
    for (double weight : {99.0, 100.0, 101.0, 120.0, 350.0}) {
      const core::Recommendation r = RecommendFor(name, 2, 0, {}, weight);
      const core::RecommendedAction* toci = FindDrugAction(r, kToci);
      ASSERT_NE(toci, nullptr);
      ASSERT_TRUE(toci->dose_mg);
      EXPECT_LE(*toci->dose_mg, 800.0) << name << " " << weight;
    }
    EXPECT_EQ(FindDrugAction(RecommendFor(name, 2, 0, {}, 120.0), kToci)->dose_mg, 800.0);
  }
}

TEST(ShippedProtocols, ImplausibleOrMissingWeightGivesNoDoseAndAsksForIt) {
  for (const std::string& name : kShipped) {
    for (std::optional<double> weight :
         {std::optional<double>(), std::optional<double>(1.0), std::optional<double>(400.0)}) {
      const core::Recommendation r = RecommendFor(name, 2, 0, {}, weight);
      const core::RecommendedAction* toci = FindDrugAction(r, kToci);
      ASSERT_NE(toci, nullptr) << name;
      EXPECT_FALSE(toci->dose_mg) << name;
      EXPECT_NE(std::find(r.needs.begin(), r.needs.end(), "weight_kg"), r.needs.end()) << name;
    }
  }
}

TEST(ShippedProtocols, SecondTocilizumabDoseWaitsEightHours) {
  for (const std::string& name : kShipped) {
    const core::Recommendation r = RecommendFor(name, 2, 0, {{kToci, 3}});
    const core::RecommendedAction* toci = FindDrugAction(r, kToci);
    ASSERT_NE(toci, nullptr) << name;
    EXPECT_EQ(toci->not_before, kNow + 5 * core::kSecondsPerHour) << name;
    EXPECT_EQ(toci->when, "if no response by 2026-03-01T13:00:00Z") << name;
  }
}

TEST(ShippedProtocols, ThreeDosesIn24HoursWithholdTocilizumabAndBringTheNextLine) {
  const std::vector<Given> three = {{kToci, 20}, {kToci, 12}, {kToci, 4}};
  struct Case {
    std::string protocol;
    int crs;
    std::string limit_rule;
    std::string next_rule;
  };
  const Case cases[] = {
      {"seed-2026", 2, "seed.limit.tocilizumab", "seed.crs.g3.dexamethasone"},
      {"seed-2026", 3, "seed.limit.tocilizumab", "seed.crs.g3.dexamethasone"},
      {"asco-2021", 2, "asco2021.limit.tocilizumab", "asco2021.crs.g2.dexamethasone"},
      {"asco-2021", 3, "asco2021.limit.tocilizumab", "asco2021.crs.siltuximab"},
      {"ebmt-2022", 2, "ebmt2022.limit.tocilizumab", "ebmt2022.crs.g2.dexamethasone"},
      {"ebmt-2022", 4, "ebmt2022.limit.tocilizumab", "ebmt2022.crs.siltuximab"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.protocol + " CRS " + std::to_string(c.crs));
    const core::Recommendation r = RecommendFor(c.protocol, c.crs, 0, three);
    EXPECT_EQ(FindDrugAction(r, kToci), nullptr) << Dump(r);
    const core::WithheldAction* withheld = FindWithheld(r, kToci);
    ASSERT_NE(withheld, nullptr) << Dump(r);
    EXPECT_EQ(withheld->rule, c.limit_rule);
    EXPECT_NE(withheld->reason.find("3 in any 24 h"), std::string::npos) << withheld->reason;
    EXPECT_NE(withheld->reason.find("2026-03-01T12:00:00Z"), std::string::npos) << withheld->reason;
    EXPECT_NE(FindRule(r, c.next_rule), nullptr) << Dump(r);
  }
}

TEST(ShippedProtocols, SeedGrade2SubstitutesItsStepThreeSteroidWhenTheLimitIsReached) {
  // Four doses spread over three days: the total limit, not the 24 h one.
  const core::Recommendation r =
      RecommendFor("seed-2026", 2, 0, {{kToci, 70}, {kToci, 50}, {kToci, 30}, {kToci, 9}});
  const core::WithheldAction* withheld = FindWithheld(r, kToci);
  ASSERT_NE(withheld, nullptr) << Dump(r);
  EXPECT_NE(withheld->reason.find("4 in total"), std::string::npos) << withheld->reason;
  const core::RecommendedAction* dex = FindRule(r, "seed.crs.g3.dexamethasone");
  ASSERT_NE(dex, nullptr) << Dump(r);
  EXPECT_EQ(dex->dose_mg, 10.0);
  EXPECT_NE(dex->text.find("instead of tocilizumab"), std::string::npos) << dex->text;
}

TEST(ShippedProtocols, SeedGrade4TurnsToSiltuximabWhenTocilizumabIsSpent) {
  const core::Recommendation r =
      RecommendFor("seed-2026", 4, 0, {{kToci, 70}, {kToci, 50}, {kToci, 30}, {kToci, 9}});
  EXPECT_EQ(FindDrugAction(r, kToci), nullptr) << Dump(r);
  EXPECT_NE(FindRule(r, "seed.crs.g4.siltuximab"), nullptr) << Dump(r);
  EXPECT_EQ(FindDrugAction(r, kMp)->dose_mg, 1000.0);
}

// ---- Escalation windows ---------------------------------------------------------------------

TEST(ShippedProtocols, SteroidsAfterTocilizumabWaitForTheResponseWindow) {
  struct Case {
    std::string protocol;
    int crs;
    std::string rule;
  };
  const Case cases[] = {
      {"seed-2026", 3, "seed.crs.g3.dexamethasone"},
      {"asco-2021", 2, "asco2021.crs.g2.dexamethasone"},
      {"ebmt-2022", 2, "ebmt2022.crs.g2.dexamethasone"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule);
    EXPECT_EQ(FindRule(RecommendFor(c.protocol, c.crs, 0, {{kToci, 7}}), c.rule), nullptr);
    EXPECT_NE(FindRule(RecommendFor(c.protocol, c.crs, 0, {{kToci, 8}}), c.rule), nullptr);
  }
}

TEST(ShippedProtocols, AscoRefractoryGrade3DoublesDexamethasoneThenTurnsToAnakinra) {
  EXPECT_EQ(FindDrugAction(RecommendFor("asco-2021", 3, 0, {{kDex, 23}}), kDex)->dose_mg, 10.0);
  const core::Recommendation r = RecommendFor("asco-2021", 3, 0, {{kDex, 24}});
  EXPECT_EQ(FindDrugAction(r, kDex)->dose_mg, 20.0);
  EXPECT_EQ(FindDrugAction(r, kDex)->rule, "asco2021.crs.g3.dexamethasone-refractory");
  EXPECT_EQ(FindRule(r, "asco2021.crs.g3.dexamethasone"), nullptr) << Dump(r);
  // Anakinra only once the escalated dose has had its day.
  EXPECT_EQ(FindRule(r, "asco2021.crs.anakinra"), nullptr) << Dump(r);
  EXPECT_NE(FindRule(RecommendFor("asco-2021", 3, 0, {{kDex, 48}}), "asco2021.crs.anakinra"),
            nullptr);
}

// ---- Isolated ICANS: corticosteroids, never IL-6 blockade -----------------------------------

TEST(ShippedProtocols, IsolatedIcansNeverYieldsIl6BlockadeAndGetsSteroidsFromGrade2) {
  const std::vector<std::vector<Given>> histories = {
      {}, {{kToci, 30}}, {{kDex, 30}, {kToci, 10}}, {{kMp, 30}, {kDex, 30}}};
  for (const std::string& name : kShipped) {
    for (int grade = 1; grade <= 4; ++grade) {
      for (const std::vector<Given>& given : histories) {
        SCOPED_TRACE(name + " ICANS " + std::to_string(grade));
        const core::Recommendation r = RecommendFor(name, 0, grade, given);
        for (const core::RecommendedAction& action : r.actions) {
          if (action.drug) {
            EXPECT_FALSE(core::Describe(*action.drug).anti_il6) << Dump(r);
          }
        }
        const bool steroid =
            std::any_of(r.actions.begin(), r.actions.end(), [](const core::RecommendedAction& a) {
              return a.drug && core::Describe(*a.drug).corticosteroid;
            });
        EXPECT_EQ(steroid, grade >= 2) << Dump(r);
      }
    }
  }
}

TEST(ShippedProtocols, NoIl6BlockerIsWrittenForIcansAtAll) {
  // Stricter than the protocol check (which allows it with other = "present"): in the shipped
  // protocols tocilizumab follows the CRS grade only.
  for (const std::string& name : kShipped) {
    for (const core::ProtocolAction& action : Shipped(name).actions) {
      if (action.trigger.syndrome == core::Syndrome::kIcans && action.drug) {
        EXPECT_FALSE(core::Describe(*action.drug).anti_il6) << action.rule;
      }
    }
  }
}

TEST(ShippedProtocols, ConcurrentCrsAndIcansGetTocilizumabForTheCrs) {
  for (const std::string& name : kShipped) {
    const core::Recommendation r = RecommendFor(name, 2, 2);
    EXPECT_NE(FindDrugAction(r, kToci), nullptr) << name << "\n" << Dump(r);
    EXPECT_NE(FindDrugAction(r, kDex), nullptr) << name << "\n" << Dump(r);
  }
}

// ---- The seed's own steps -------------------------------------------------------------------

TEST(ShippedProtocols, SeedGrade1IsSupportiveWithoutTocilizumabOrSteroids) {
  const core::Recommendation r = RecommendFor("seed-2026", 1, 0);
  for (const core::RecommendedAction& action : r.actions) {
    EXPECT_FALSE(action.drug) << Dump(r);
  }
  EXPECT_NE(FindRule(r, "seed.crs.g1.paracetamol"), nullptr);
}

TEST(ShippedProtocols, SeedGrade4GivesHighDoseMethylprednisoloneNotDexamethasone) {
  const core::Recommendation r = RecommendFor("seed-2026", 4, 0, {{kToci, 9}});
  EXPECT_EQ(FindDrugAction(r, kMp)->dose_mg, 1000.0);
  EXPECT_EQ(FindDrugAction(r, kDex), nullptr) << Dump(r);
}

TEST(ShippedProtocols, DosesSpecMarksUnconfirmedAreMarked) {
  // ASCO 2021 and EBMT 2022: ASCO's grade-2 dexamethasone frequency, EBMT's levetiracetam
  // prophylaxis; and the seed's ICANS dose, which the seed does not give.
  for (const auto& [name, rule] : std::vector<std::pair<std::string, std::string>>{
           {"asco-2021", "asco2021.crs.g2.dexamethasone"},
           {"ebmt-2022", "ebmt2022.icans.levetiracetam-prophylaxis"},
           {"seed-2026", "seed.icans.g2.dexamethasone"}}) {
    const core::ProtocolAction* action = ActionOf(Shipped(name), rule);
    ASSERT_NE(action, nullptr) << rule;
    EXPECT_TRUE(action->unconfirmed) << rule;
  }
}

}  // namespace
}  // namespace cartwatch::adapters
