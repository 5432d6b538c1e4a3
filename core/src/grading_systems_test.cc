// Unit tests of the older CRS grading systems: registry, dispatch, the high-dose table and the
// missing-input handling. Every table cell is also covered by tests/clinical/ case files.
#include "cartwatch/core/grading_systems.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "cartwatch/core/cutoff.h"
#include "legacy_crs_facts.h"

namespace cartwatch::core {
namespace {

constexpr GradingSystem kLee = GradingSystem::kLee2014;
constexpr GradingSystem kPenn = GradingSystem::kPenn;
constexpr GradingSystem kMskcc = GradingSystem::kMskcc;
constexpr GradingSystem kCtcae = GradingSystem::kCtcae5;
constexpr GradingSystem kCartox = GradingSystem::kCartox;
constexpr GradingSystem kOlder[] = {kLee, kPenn, kMskcc, kCtcae, kCartox};

bool HasDriver(const SyndromeGrading& g, std::string_view id) {
  auto drivers = g.drivers();
  return std::any_of(drivers.begin(), drivers.end(),
                     [id](const RuleInfo* rule) { return rule->id == id; });
}

// Every finding recorded, nothing abnormal.
Assessment CompleteNormal() {
  Assessment a;
  a.temperature_celsius = 37.0;
  a.hypotension = false;
  a.vasopressors = VasopressorSet{};
  a.oxygen = OxygenSupport{OxygenDevice::kRoomAir, std::nullopt, std::nullopt, std::nullopt};
  a.legacy.fluid_boluses = 0;
  a.legacy.hospitalised_for_crs = false;
  a.legacy.iv_therapy_for_crs = false;
  a.legacy.hypotension_refractory = false;
  a.legacy.coagulopathy_needing_products = false;
  return a;
}

void StartVasopressor(Assessment& a, Vasopressor agent, double dose, double hours) {
  a.hypotension = true;
  if (!a.vasopressors) a.vasopressors = VasopressorSet{};
  a.vasopressors->Add(agent);
  a.legacy.vasopressor_doses[static_cast<std::size_t>(agent)] = {dose, hours};
}

Assessment OnOxygen(OxygenDevice device, std::optional<double> fio2) {
  Assessment a = CompleteNormal();
  a.oxygen = OxygenSupport{device, 4.0, OxygenReason::kCrs, fio2};
  return a;
}

int Grade(GradingSystem system, const Assessment& a) { return GradeCrs(system, a).grade; }

TEST(GradingSystems, RegistryListsTheSixSystemsInEnumOrder) {
  const std::vector<std::string> keys = {"astct", "lee2014", "penn", "mskcc", "ctcae5", "cartox"};
  ASSERT_EQ(GradingSystems().size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const GradingSystemInfo& info = GradingSystems()[i];
    EXPECT_EQ(static_cast<std::size_t>(info.id), i);
    EXPECT_EQ(info.key, keys[i]);
    EXPECT_EQ(FindGradingSystem(keys[i]), info.id);
    EXPECT_EQ(&Describe(info.id), &info);
    EXPECT_FALSE(info.name.empty());
  }
  EXPECT_EQ(Describe(kPenn).source, SourceId::kPorter2018);
  EXPECT_FALSE(FindGradingSystem("ASTCT"));
  EXPECT_FALSE(FindGradingSystem("ctcae4"));
  EXPECT_FALSE(FindGradingSystem(""));
}

TEST(GradingSystems, AstctDispatchesToTheConsensusGrading) {
  Assessment a = CompleteNormal();
  a.temperature_celsius = 39.0;
  StartVasopressor(a, Vasopressor::kNorepinephrine, 5.0, 1.0);
  const SyndromeGrading g = GradeCrs(GradingSystem::kAstct2019, a);
  EXPECT_EQ(g.grade, GradeCrsAstct2019(a).grade);
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR"));
  EXPECT_EQ(CrsRules(GradingSystem::kAstct2019).data(), CrsAstct2019Rules().data());
}

TEST(GradingSystems, EveryRuleHasAUniqueIdOfItsSystemAndAGrade) {
  const std::map<GradingSystem, std::string> prefixes = {{kLee, "LEE2014.CRS."},
                                                         {kPenn, "PENN.CRS."},
                                                         {kMskcc, "MSKCC.CRS."},
                                                         {kCtcae, "CTCAE5.CRS."},
                                                         {kCartox, "CARTOX.CRS."}};
  std::set<std::string_view> ids;
  for (GradingSystem system : kOlder) {
    ASSERT_FALSE(CrsRules(system).empty());
    int deaths = 0;
    for (const RuleInfo* rule : CrsRules(system)) {
      EXPECT_TRUE(ids.insert(rule->id).second) << rule->id;
      EXPECT_EQ(rule->id.rfind(prefixes.at(system), 0), 0u) << rule->id;
      EXPECT_GE(rule->grade, 1);
      EXPECT_LE(rule->grade, 5);
      EXPECT_FALSE(rule->locator.empty());
      EXPECT_FALSE(rule->text.empty());
      // A row is the system's own or an interpretation cited as project policy.
      EXPECT_TRUE(rule->source == Describe(system).source ||
                  rule->source == SourceId::kCartwatchPolicy)
          << rule->id;
      if (rule->source == SourceId::kCartwatchPolicy) {
        EXPECT_NE(rule->locator.find("interpretation"), std::string_view::npos) << rule->id;
      }
      deaths += rule->grade == 5;
    }
    EXPECT_EQ(deaths, 1) << Describe(system).key;
  }
}

TEST(GradingSystems, HighDoseRowsOfPennAndCartoxAreUnconfirmed) {
  for (GradingSystem system : {kPenn, kCartox}) {
    for (const RuleInfo* rule : CrsRules(system)) {
      if (rule->id.find("HIGH_DOSE") != std::string_view::npos ||
          rule->id.find("LOW_DOSE") != std::string_view::npos) {
        EXPECT_TRUE(rule->unconfirmed) << rule->id;
      }
    }
  }
  for (const RuleInfo* rule : CrsRules(kLee)) {
    if (rule->id == "LEE2014.CRS.HYPOTENSION.HIGH_DOSE") {
      EXPECT_FALSE(rule->unconfirmed);
    }
  }
}

TEST(GradingSystems, NothingRecordedIsNotAssessed) {
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, Assessment{});
    EXPECT_FALSE(g.assessed) << Describe(system).key;
    EXPECT_EQ(g.grade, 0);
  }
}

TEST(GradingSystems, CompleteNormalAssessmentIsExactGradeZero) {
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, CompleteNormal());
    EXPECT_TRUE(g.assessed) << Describe(system).key;
    EXPECT_EQ(g.grade, 0) << Describe(system).key;
    EXPECT_FALSE(g.lower_bound()) << Describe(system).key;
    EXPECT_TRUE(g.missing.Empty()) << Describe(system).key;
    EXPECT_EQ(g.driver_count, 0);
  }
}

TEST(GradingSystems, OrganToxicityAloneIsAssessedAndAbsentOrgansAreGradeZero) {
  Assessment a = CompleteNormal();
  EXPECT_FALSE(GradeCrs(kLee, a).lower_bound());  // no organ grade: 0, not missing
  Assessment only_organ;
  only_organ.legacy.organ_toxicity.creatinine = 2;
  EXPECT_TRUE(GradeCrs(kLee, only_organ).assessed);
  EXPECT_EQ(Grade(kLee, only_organ), 2);
}

TEST(GradingSystems, FeverGradesOneInEverySystemAndIsFlaggedWhereItIsInterpreted) {
  Assessment a = CompleteNormal();
  a.temperature_celsius = 38.0;
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, a);
    EXPECT_EQ(g.grade, 1) << Describe(system).key;
    const bool interpreted = system == kLee || system == kPenn || system == kMskcc;
    EXPECT_EQ(g.flags.Contains(FlagId::kFeverAsMildSymptom), interpreted) << Describe(system).key;
  }
  a.temperature_celsius = 37.9;
  for (GradingSystem system : kOlder) EXPECT_EQ(Grade(system, a), 0) << Describe(system).key;
  a.temperature_celsius = 39.0;
  a.fever_other_cause = true;
  for (GradingSystem system : kOlder) {
    EXPECT_EQ(Grade(system, a), 0) << Describe(system).key;
    EXPECT_TRUE(GradeCrs(system, a).flags.Contains(FlagId::kFeverOtherCause));
  }
}

TEST(GradingSystems, NoSystemNeedsFeverToGradeHypotension) {
  Assessment a = CompleteNormal();
  a.hypotension = true;
  EXPECT_EQ(Grade(kLee, a), 2);
  EXPECT_EQ(Grade(kCtcae, a), 2);
  EXPECT_EQ(Grade(kCartox, a), 2);
  EXPECT_EQ(Grade(kMskcc, a), 0);  // MSKCC grades hypotension only by its vasopressors
  EXPECT_EQ(Grade(kPenn, a), 0);   // no boluses recorded beyond 0
  EXPECT_TRUE(GradeCrs(kPenn, a).flags.Contains(FlagId::kPennHypotensionFewBoluses));
}

struct DoseCase {
  Vasopressor agent;
  double below;
  double at;
};

TEST(GradingSystems, SingleAgentHighDoseThresholdsAndThreeHours) {
  for (const DoseCase& c : {DoseCase{Vasopressor::kNorepinephrine, 19.9, 20.0},
                            DoseCase{Vasopressor::kDopamine, 9.9, 10.0},
                            DoseCase{Vasopressor::kPhenylephrine, 199.0, 200.0},
                            DoseCase{Vasopressor::kEpinephrine, 9.9, 10.0}}) {
    Assessment low = CompleteNormal();
    StartVasopressor(low, c.agent, c.below, 3.0);
    Assessment high = CompleteNormal();
    StartVasopressor(high, c.agent, c.at, 3.0);
    Assessment brief = CompleteNormal();
    StartVasopressor(brief, c.agent, c.at, 2.9);
    EXPECT_EQ(Grade(kLee, low), 2) << c.below;
    EXPECT_EQ(Grade(kLee, high), 3) << c.at;
    EXPECT_EQ(Grade(kLee, brief), 2) << "2.9 h";
    EXPECT_EQ(Grade(kCartox, low), 2);
    EXPECT_EQ(Grade(kCartox, high), 3);
    EXPECT_EQ(Grade(kPenn, low), 3);
    EXPECT_EQ(Grade(kPenn, high), 4);
    EXPECT_EQ(Grade(kPenn, brief), 3);
  }
}

TEST(GradingSystems, VasopressinLowersTheCombinationThreshold) {
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kVasopressin, 0.04, 3.0);
  StartVasopressor(a, Vasopressor::kNorepinephrine, 9.9, 3.0);
  EXPECT_EQ(Grade(kLee, a), 2);  // vasopressin + one agent is not "multiple"
  EXPECT_TRUE(HasDriver(GradeCrs(kLee, a), "LEE2014.CRS.HYPOTENSION.ONE_LOW_DOSE_VASOPRESSOR"));
  a.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].dose = 10.0;
  EXPECT_EQ(Grade(kLee, a), 3);
  // Vasopressin that has not run 3 h does not lower the threshold.
  a.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kVasopressin)].hours_running =
      2.9;
  EXPECT_EQ(Grade(kLee, a), 2);
}

TEST(GradingSystems, OtherCombinationsUseNorepinephrineEquivalentTwenty) {
  // 10 + 9.9 (epinephrine) = 19.9: below; Penn reads it (multiple agents) as low dose.
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kNorepinephrine, 10.0, 5.0);
  StartVasopressor(a, Vasopressor::kPhenylephrine, 99.0, 5.0);  // NE-eq 10 + 9.9
  EXPECT_EQ(Grade(kPenn, a), 3);
  a.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kPhenylephrine)].dose = 100.0;
  EXPECT_EQ(Grade(kPenn, a), 4);
  // Dopamine counts half: 15.4 + 9 / 2 = 19.9; 15.5 + 9 / 2 = 20.
  Assessment d = CompleteNormal();
  StartVasopressor(d, Vasopressor::kNorepinephrine, 15.4, 5.0);
  StartVasopressor(d, Vasopressor::kDopamine, 9.0, 5.0);
  EXPECT_EQ(Grade(kPenn, d), 3);
  d.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].dose = 15.5;
  EXPECT_EQ(Grade(kPenn, d), 4);
}

// Section 7 cut-offs: computed and converted quantities meet their cut-offs exactly (cutoff.h).
// The grade a system gives with every agent held 3 h, for two doses that are exactly at a row's
// cut-off in decimal arithmetic but not in binary floating point, in both orders.
struct ExactCase {
  Vasopressor first;
  double first_dose;
  Vasopressor second;
  double second_dose;
  std::optional<double> phenylephrine;  // a third agent, when given
  bool vasopressin;
};

Assessment Held(const ExactCase& c, bool swapped) {
  Assessment a = CompleteNormal();
  const double first = swapped ? c.second_dose : c.first_dose;
  const double second = swapped ? c.first_dose : c.second_dose;
  StartVasopressor(a, c.first, first, 3.0);
  StartVasopressor(a, c.second, second, 3.0);
  if (c.phenylephrine) StartVasopressor(a, Vasopressor::kPhenylephrine, *c.phenylephrine, 3.0);
  if (c.vasopressin) StartVasopressor(a, Vasopressor::kVasopressin, 0.04, 3.0);
  return a;
}

TEST(GradingSystems, CombinationTwentyIsExactInEitherOrder) {
  // 8.1 + 8.2 + 37 / 10 = 20.0 exactly; in binary floating point 19.999999999999996.
  const ExactCase at{
      Vasopressor::kNorepinephrine, 8.1, Vasopressor::kEpinephrine, 8.2, 37.0, false};
  for (bool swapped : {false, true}) {
    const Assessment a = Held(at, swapped);
    EXPECT_EQ(Grade(kPenn, a), 4) << swapped;
    EXPECT_TRUE(HasDriver(GradeCrs(kLee, a), "LEE2014.CRS.HYPOTENSION.HIGH_DOSE")) << swapped;
    EXPECT_TRUE(HasDriver(GradeCrs(kCartox, a), "CARTOX.CRS.HYPOTENSION.HIGH_DOSE")) << swapped;
  }
  // One micro-unit below: not high dose.
  const ExactCase below{
      Vasopressor::kNorepinephrine, 8.1, Vasopressor::kEpinephrine, 8.2, 36.99999, false};
  for (bool swapped : {false, true}) {
    const Assessment a = Held(below, swapped);
    EXPECT_EQ(Grade(kPenn, a), 3) << swapped;
    EXPECT_FALSE(HasDriver(GradeCrs(kLee, a), "LEE2014.CRS.HYPOTENSION.HIGH_DOSE")) << swapped;
    EXPECT_FALSE(HasDriver(GradeCrs(kCartox, a), "CARTOX.CRS.HYPOTENSION.HIGH_DOSE")) << swapped;
  }
}

TEST(GradingSystems, VasopressinTenIsExactInEitherOrder) {
  // 7.1 + 2.8 + 1 / 10 = 10.0 exactly; in binary floating point 9.999999999999998.
  const ExactCase at{Vasopressor::kNorepinephrine, 7.1, Vasopressor::kEpinephrine, 2.8, 1.0, true};
  const ExactCase below{
      Vasopressor::kNorepinephrine, 7.1, Vasopressor::kEpinephrine, 2.8, 0.99999, true};
  for (bool swapped : {false, true}) {
    EXPECT_EQ(Grade(kPenn, Held(at, swapped)), 4) << swapped;
    EXPECT_EQ(Grade(kPenn, Held(below, swapped)), 3) << swapped;
    EXPECT_TRUE(HasDriver(GradeCrs(kLee, Held(at, swapped)), "LEE2014.CRS.HYPOTENSION.HIGH_DOSE"));
    EXPECT_FALSE(
        HasDriver(GradeCrs(kLee, Held(below, swapped)), "LEE2014.CRS.HYPOTENSION.HIGH_DOSE"));
  }
}

TEST(GradingSystems, EveryHighDoseRowIsExactAtItsCutoff) {
  // Each single-agent row, reached by a dose that is a decimal sum (a converted value carries
  // the same binary error), and one micro-unit below.
  struct Row {
    Vasopressor agent;
    double at;
    double below;
  };
  for (const Row& r : {Row{Vasopressor::kNorepinephrine, 0.1 * 3 + 19.7, 19.999999},
                       Row{Vasopressor::kDopamine, 0.1 + 0.2 + 9.7, 9.999999},
                       Row{Vasopressor::kPhenylephrine, 199.9 + 0.1, 199.999999},
                       Row{Vasopressor::kEpinephrine, 0.7 + 9.3, 9.999999}}) {
    Assessment high = CompleteNormal();
    StartVasopressor(high, r.agent, r.at, 1.0 + 2.0);
    Assessment low = CompleteNormal();
    StartVasopressor(low, r.agent, r.below, 3.0);
    EXPECT_EQ(Grade(kLee, high), 3) << r.at;
    EXPECT_EQ(Grade(kCartox, high), 3) << r.at;
    EXPECT_EQ(Grade(kPenn, high), 4) << r.at;
    EXPECT_EQ(Grade(kLee, low), 2) << r.below;
    EXPECT_EQ(Grade(kCartox, low), 2) << r.below;
    EXPECT_EQ(Grade(kPenn, low), 3) << r.below;
  }
  // Three hours held: exactly 3 (a sum of tenths) counts, a micro-hour less does not.
  Assessment held = CompleteNormal();
  StartVasopressor(held, Vasopressor::kNorepinephrine, 20.0, 0.1 + 0.2 + 2.7);
  EXPECT_EQ(Grade(kPenn, held), 4);
  held.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)]
      .hours_running = 2.999999;
  EXPECT_EQ(Grade(kPenn, held), 3);
}

TEST(GradingSystems, MskccTwentyFourHoursIsExact) {
  Assessment a = CompleteNormal();
  const double hours = 0.1 * 3 + 23.7;  // 24 in decimal, 23.999999999999996 in binary
  StartVasopressor(a, Vasopressor::kNorepinephrine, 2.0, hours);
  EXPECT_EQ(Grade(kMskcc, a), 3);
  EXPECT_TRUE(HasDriver(GradeCrs(kMskcc, a), "MSKCC.CRS.HYPOTENSION.VASOPRESSOR_24H"));
  a.legacy.vasopressor_doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].hours_running =
      23.999999;
  EXPECT_EQ(Grade(kMskcc, a), 2);
}

TEST(GradingSystems, Fio2FortyIsExactAfterArithmetic) {
  EXPECT_EQ(Grade(kLee, OnOxygen(OxygenDevice::kFacemask, 0.1 * 3 + 39.7)), 3);
  EXPECT_EQ(Grade(kLee, OnOxygen(OxygenDevice::kFacemask, 39.999999)), 2);
}

TEST(GradingSystems, NorepinephrineEquivalentFactorsAreSourcedRows) {
  std::set<std::string_view> ids;
  for (const internal::NeEquivalentFactor& factor : internal::kNeEquivalentFactors) {
    EXPECT_TRUE(ids.insert(factor.info.id).second) << factor.info.id;
    EXPECT_TRUE(factor.info.id.starts_with("LEE2014.NE_EQUIVALENT.")) << factor.info.id;
    EXPECT_EQ(factor.info.source, SourceId::kLee2014);
    EXPECT_FALSE(factor.info.locator.empty());
    EXPECT_GT(factor.denominator, 0);
    EXPECT_EQ(internal::kNeEquivalentScale % factor.denominator, 0);
  }
  EXPECT_EQ(internal::kNeEquivalentScale, 10);
  // NE 8.1 + epinephrine 8.2 + phenylephrine 37 / 10 is exactly 20 ug/min.
  std::array<double, 5> doses{};
  doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)] = 8.1;
  doses[static_cast<std::size_t>(Vasopressor::kEpinephrine)] = 8.2;
  doses[static_cast<std::size_t>(Vasopressor::kPhenylephrine)] = 37.0;
  doses[static_cast<std::size_t>(Vasopressor::kDopamine)] = 3.0;  // not held: not counted
  VasopressorSet held;
  held.Add(Vasopressor::kNorepinephrine);
  held.Add(Vasopressor::kEpinephrine);
  held.Add(Vasopressor::kPhenylephrine);
  EXPECT_EQ(internal::ScaledNeEquivalent(doses, held),
            20 * kMicroUnitsPerUnit * internal::kNeEquivalentScale);
}

TEST(GradingSystems, AnAgentAtItsOwnThresholdStaysHighDoseWithCompany) {
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kEpinephrine, 10.0, 4.0);
  EXPECT_EQ(Grade(kPenn, a), 4);
  StartVasopressor(a, Vasopressor::kNorepinephrine, 1.0,
                   4.0);  // NE-eq 11 < 20, but epinephrine alone >= 10
  EXPECT_EQ(Grade(kPenn, a), 4);
}

TEST(GradingSystems, TwoNonVasopressinAgentsAreMultiple) {
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kNorepinephrine, 2.0, 1.0);
  StartVasopressor(a, Vasopressor::kPhenylephrine, 20.0, 1.0);
  EXPECT_EQ(Grade(kLee, a), 3);
  EXPECT_EQ(Grade(kCartox, a), 3);
  EXPECT_EQ(Grade(kPenn, a), 3);
  EXPECT_EQ(Grade(kMskcc, a), 2);
  EXPECT_EQ(Grade(kCtcae, a), 4);
  EXPECT_TRUE(GradeCrs(kCtcae, a).flags.Contains(FlagId::kCtcae5Grade4Interpretation));
  EXPECT_EQ(Grade(GradingSystem::kAstct2019, a), 0);  // no fever: not CRS for ASTCT
}

TEST(GradingSystems, MskccCountsHoursOfTheLongestRunningAgent) {
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kVasopressin, 0.03, 23.9);
  EXPECT_EQ(Grade(kMskcc, a), 2);
  StartVasopressor(a, Vasopressor::kNorepinephrine, 2.0, 24.0);
  EXPECT_EQ(Grade(kMskcc, a), 3);
  a.legacy.hypotension_refractory = true;
  EXPECT_EQ(Grade(kMskcc, a), 4);
  EXPECT_EQ(Grade(kCartox, a), 4);
  EXPECT_EQ(Grade(kLee, a), 2);  // no refractory row; vasopressin + one low-dose agent
}

TEST(GradingSystems, CtcaeCountsVasopressinAsAPressor) {
  Assessment a = CompleteNormal();
  StartVasopressor(a, Vasopressor::kVasopressin, 0.03, 1.0);
  EXPECT_EQ(Grade(kCtcae, a), 3);
  StartVasopressor(a, Vasopressor::kNorepinephrine, 2.0, 1.0);
  EXPECT_EQ(Grade(kCtcae, a), 4);
}

TEST(GradingSystems, Fio2FortyIsTheBoundary) {
  for (GradingSystem system : {kLee, kMskcc, kCtcae, kCartox}) {
    EXPECT_EQ(Grade(system, OnOxygen(OxygenDevice::kNasalCannula, 39.0)), 2);
    EXPECT_EQ(Grade(system, OnOxygen(OxygenDevice::kNasalCannula, 40.0)), 3);
    EXPECT_EQ(Grade(system, OnOxygen(OxygenDevice::kFacemask, 39.9)), 2);
  }
  EXPECT_EQ(Grade(kPenn, OnOxygen(OxygenDevice::kNasalCannula, 24.0)), 3);  // any O2
  EXPECT_EQ(Grade(kPenn, OnOxygen(OxygenDevice::kBlowBy, std::nullopt)), 3);
}

TEST(GradingSystems, MissingFio2IsReportedNotEstimated) {
  const Assessment a = OnOxygen(OxygenDevice::kNasalCannula, std::nullopt);
  for (GradingSystem system : {kLee, kMskcc, kCtcae, kCartox}) {
    const SyndromeGrading g = GradeCrs(system, a);
    EXPECT_EQ(g.grade, 2) << Describe(system).key;
    EXPECT_EQ(g.max_possible_grade, 3);
    EXPECT_EQ(g.missing, InputSet{InputId::kFio2});
    EXPECT_TRUE(g.flags.Contains(FlagId::kFio2NotEstimated));
  }
  const SyndromeGrading penn = GradeCrs(kPenn, a);  // Penn does not read FiO2
  EXPECT_EQ(penn.grade, 3);
  EXPECT_FALSE(penn.lower_bound());
  EXPECT_TRUE(penn.missing.Empty());
}

TEST(GradingSystems, PositivePressureReadings) {
  for (OxygenDevice device : {OxygenDevice::kCpap, OxygenDevice::kBipap}) {
    const Assessment a = OnOxygen(device, 50.0);
    EXPECT_EQ(Grade(kLee, a), 4);
    EXPECT_EQ(Grade(kMskcc, a), 4);
    EXPECT_EQ(Grade(kCartox, a), 4);
    EXPECT_EQ(Grade(kCtcae, a), 4);
    EXPECT_EQ(Grade(kPenn, a), 3);
    for (GradingSystem system : {kLee, kMskcc, kCartox}) {
      EXPECT_TRUE(GradeCrs(system, a).flags.Contains(FlagId::kNonInvasiveAsVentilatorSupport));
    }
  }
  const Assessment vent = OnOxygen(OxygenDevice::kMechanicalVentilation, std::nullopt);
  for (GradingSystem system : kOlder) {
    EXPECT_EQ(Grade(system, vent), 4) << Describe(system).key;
    EXPECT_FALSE(GradeCrs(system, vent).lower_bound());
    EXPECT_FALSE(GradeCrs(system, vent).flags.Contains(FlagId::kNonInvasiveAsVentilatorSupport));
  }
}

TEST(GradingSystems, OxygenForAnotherReasonIsNotCrsHypoxia) {
  Assessment a = OnOxygen(OxygenDevice::kMechanicalVentilation, std::nullopt);
  a.oxygen->reason = OxygenReason::kAirwayProtection;
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, a);
    EXPECT_EQ(g.grade, 0) << Describe(system).key;
    EXPECT_TRUE(g.flags.Contains(FlagId::kOxygenNotForCrs));
  }
}

TEST(GradingSystems, OrganToxicityRows) {
  Assessment a = CompleteNormal();
  a.legacy.organ_toxicity.transaminases = 4;
  EXPECT_EQ(Grade(kLee, a), 3);
  EXPECT_EQ(Grade(kCartox, a), 3);
  EXPECT_EQ(Grade(kPenn, a), 3);
  EXPECT_EQ(Grade(kMskcc, a), 0);
  EXPECT_EQ(Grade(kCtcae, a), 0);
  a.legacy.organ_toxicity.transaminases = 3;
  EXPECT_EQ(Grade(kLee, a), 3);
  EXPECT_EQ(Grade(kPenn, a), 2);
  a.legacy.organ_toxicity = {4, 0, 0};
  EXPECT_EQ(Grade(kLee, a), 4);
  EXPECT_EQ(Grade(kCartox, a), 4);
  EXPECT_EQ(Grade(kPenn, a), 3);
  a.legacy.organ_toxicity = {0, 0, 1};
  EXPECT_EQ(Grade(kCartox, a), 1);
  EXPECT_EQ(Grade(kLee, a), 0);
  EXPECT_EQ(Grade(kPenn, a), 0);  // Penn reads creatinine and LFTs only
}

TEST(GradingSystems, PennSupportiveCareRows) {
  Assessment a = CompleteNormal();
  a.legacy.hospitalised_for_crs = true;
  EXPECT_EQ(Grade(kPenn, a), 2);
  EXPECT_EQ(Grade(kLee, a), 0);
  a.legacy.coagulopathy_needing_products = true;
  EXPECT_EQ(Grade(kPenn, a), 3);
  Assessment boluses = CompleteNormal();
  boluses.hypotension = true;
  boluses.legacy.fluid_boluses = 1;
  EXPECT_EQ(Grade(kPenn, boluses), 0);
  boluses.legacy.fluid_boluses = 2;
  EXPECT_EQ(Grade(kPenn, boluses), 3);
  EXPECT_FALSE(GradeCrs(kPenn, boluses).flags.Contains(FlagId::kPennHypotensionFewBoluses));
}

TEST(GradingSystems, MissingDoseAndHoursMatterOnlyTogether) {
  Assessment a = CompleteNormal();
  a.hypotension = true;
  a.vasopressors = VasopressorSet{Vasopressor::kNorepinephrine};
  const SyndromeGrading g = GradeCrs(kLee, a);
  EXPECT_EQ(g.grade, 2);
  EXPECT_EQ(g.max_possible_grade, 3);
  EXPECT_EQ(g.missing, (InputSet{InputId::kVasopressorDose, InputId::kVasopressorHours}));
  // MSKCC reads hours only; CTCAE neither.
  EXPECT_EQ(GradeCrs(kMskcc, a).missing, InputSet{InputId::kVasopressorHours});
  EXPECT_TRUE(GradeCrs(kCtcae, a).missing.Empty());
  // A dose recorded below the threshold settles Lee whatever the hours.
  a.legacy.vasopressor_doses[0].dose = 5.0;
  EXPECT_FALSE(GradeCrs(kLee, a).lower_bound());
}

TEST(GradingSystems, MissingLegacyInputsAreReportedPerSystem) {
  Assessment a = CompleteNormal();
  a.legacy = LegacyCrsFindings{};  // none of the older systems' own inputs recorded
  EXPECT_FALSE(GradeCrs(kLee, a).lower_bound());
  EXPECT_FALSE(GradeCrs(kCtcae, a).lower_bound());
  const SyndromeGrading penn = GradeCrs(kPenn, a);
  EXPECT_EQ(penn.max_possible_grade, 3);
  EXPECT_EQ(penn.missing, (InputSet{InputId::kHospitalisedForCrs, InputId::kIvTherapyForCrs,
                                    InputId::kCoagulopathyNeedingProducts}));
  a.hypotension = true;
  EXPECT_TRUE(GradeCrs(kPenn, a).missing.Contains(InputId::kFluidBoluses));
  StartVasopressor(a, Vasopressor::kNorepinephrine, 5.0, 1.0);
  EXPECT_EQ(GradeCrs(kMskcc, a).missing, InputSet{InputId::kHypotensionRefractory});
  EXPECT_EQ(GradeCrs(kMskcc, a).max_possible_grade, 4);
}

TEST(GradingSystems, UnrecordedFindingsGiveTheWorstCaseBound) {
  Assessment a;
  a.temperature_celsius = 38.5;
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, a);
    EXPECT_EQ(g.grade, 1) << Describe(system).key;
    EXPECT_EQ(g.max_possible_grade, 4) << Describe(system).key;
    EXPECT_TRUE(g.missing.Contains(InputId::kOxygen)) << Describe(system).key;
  }
  a.crs_death = true;
  for (GradingSystem system : kOlder) {
    const SyndromeGrading g = GradeCrs(system, a);
    EXPECT_EQ(g.grade, 5);
    EXPECT_TRUE(g.missing.Empty());
  }
}

}  // namespace
}  // namespace cartwatch::core
