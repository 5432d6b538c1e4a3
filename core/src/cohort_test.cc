#include "cartwatch/core/cohort.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cartwatch::core {
namespace {

constexpr std::size_t kAstct = static_cast<std::size_t>(GradingSystem::kAstct2019);
constexpr std::size_t kPennIndex = static_cast<std::size_t>(GradingSystem::kPenn);
constexpr std::size_t kLeeIndex = static_cast<std::size_t>(GradingSystem::kLee2014);

// Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
// methods. Stat Med 1998;17:857-872, Table II, method 3 (Wilson score, no continuity correction),
// printed to 4 decimals.
void ExpectWilson(std::uint64_t events, std::uint64_t total, double low, double high) {
  const Proportion p = WilsonInterval(events, total);
  ASSERT_TRUE(p.estimate && p.low && p.high) << events << "/" << total;
  EXPECT_EQ(p.events, events);
  EXPECT_EQ(p.total, total);
  EXPECT_DOUBLE_EQ(*p.estimate, static_cast<double>(events) / static_cast<double>(total));
  EXPECT_NEAR(*p.low, low, 5e-5) << events << "/" << total;
  EXPECT_NEAR(*p.high, high, 5e-5) << events << "/" << total;
}

TEST(WilsonInterval, MatchesNewcombe1998) {
  ExpectWilson(81, 263, 0.2553, 0.3662);
  ExpectWilson(15, 148, 0.0624, 0.1605);
  ExpectWilson(0, 20, 0.0, 0.1611);
  ExpectWilson(1, 29, 0.0061, 0.1718);
}

TEST(WilsonInterval, SmallSamplesAndExactBounds) {
  // 0/10 and 10/10: 0 to 0.2775 and 0.7225 to 1 (z = 1.96); 5/10 symmetric around 0.5.
  ExpectWilson(0, 10, 0.0, 0.2775);
  ExpectWilson(10, 10, 0.7225, 1.0);
  ExpectWilson(5, 10, 0.2366, 0.7634);
  EXPECT_EQ(*WilsonInterval(0, 10).low, 0.0);
  EXPECT_EQ(*WilsonInterval(10, 10).high, 1.0);
}

TEST(WilsonInterval, NoIntervalWithoutPatients) {
  const Proportion empty = WilsonInterval(0, 0);
  EXPECT_EQ(empty.total, 0u);
  EXPECT_FALSE(empty.estimate);
  EXPECT_FALSE(empty.low);
  EXPECT_FALSE(empty.high);
  EXPECT_FALSE(WilsonInterval(3, 2).estimate);
}

TEST(WilsonInterval, WiderForHigherConfidence) {
  const Proportion p95 = WilsonInterval(30, 100);
  const Proportion p99 = WilsonInterval(30, 100, 2.5758293035489004);
  EXPECT_LT(*p99.low, *p95.low);
  EXPECT_GT(*p99.high, *p95.high);
}

// R: quantile(x) with the default type 7.
TEST(Quartiles, MatchRType7) {
  const std::vector<double> four{4, 1, 3, 2};  // quantile(1:4): 1.75, 2.5, 3.25
  const auto q4 = ComputeQuartiles(four);
  ASSERT_TRUE(q4);
  EXPECT_EQ(q4->n, 4u);
  EXPECT_DOUBLE_EQ(q4->q1, 1.75);
  EXPECT_DOUBLE_EQ(q4->median, 2.5);
  EXPECT_DOUBLE_EQ(q4->q3, 3.25);
  EXPECT_DOUBLE_EQ(q4->min, 1);
  EXPECT_DOUBLE_EQ(q4->max, 4);

  std::vector<double> ten;  // quantile(1:10): 3.25, 5.5, 7.75
  for (int i = 10; i >= 1; --i) ten.push_back(i);
  const auto q10 = ComputeQuartiles(ten);
  EXPECT_DOUBLE_EQ(q10->q1, 3.25);
  EXPECT_DOUBLE_EQ(q10->median, 5.5);
  EXPECT_DOUBLE_EQ(q10->q3, 7.75);

  // quantile(c(2, 7, 1, 9, 4)): 2, 4, 7
  const auto q5 = ComputeQuartiles(std::vector<double>{2, 7, 1, 9, 4});
  EXPECT_DOUBLE_EQ(q5->q1, 2);
  EXPECT_DOUBLE_EQ(q5->median, 4);
  EXPECT_DOUBLE_EQ(q5->q3, 7);

  const auto one = ComputeQuartiles(std::vector<double>{3.5});
  EXPECT_DOUBLE_EQ(one->q1, 3.5);
  EXPECT_DOUBLE_EQ(one->q3, 3.5);
  EXPECT_FALSE(ComputeQuartiles(std::vector<double>{}));
}

// ---- Cohort ----

constexpr UnixSeconds kDay0 = 1772359200;  // 2026-03-01T10:00:00Z

Episode MakeEpisode(Syndrome syndrome, int onset_day, int peak, std::optional<double> hours) {
  Episode episode;
  episode.syndrome = syndrome;
  episode.onset_day = onset_day;
  episode.onset_hours = onset_day * 24.0 + 2.0;
  episode.onset = kDay0 + static_cast<UnixSeconds>(*episode.onset_hours * 3600);
  episode.peak_grade = peak;
  episode.duration_hours = hours;
  episode.ongoing = !hours;
  if (hours) episode.resolution = episode.onset + static_cast<UnixSeconds>(*hours * 3600);
  return episode;
}

PatientSummary Patient(std::string id, std::optional<Product> product, int crs_grade) {
  PatientSummary patient;
  patient.patient_id = std::move(id);
  if (product) patient.infusion = Infusion{*product, kDay0};
  patient.assessments = 3;
  patient.crs_assessments = 3;
  patient.icans_assessments = 2;  // ICANS assessed, grade 0
  patient.max_crs_grade[kAstct] = crs_grade;
  patient.hours_in_icans_grade[0] = 48.0;
  if (product) {
    for (std::size_t day = 0; day < 3; ++day) {
      patient.crs_grade_by_day[day] = static_cast<std::int8_t>(day == 1 ? crs_grade : 0);
      patient.icans_grade_by_day[day] = 0;
    }
  }
  return patient;
}

void Give(PatientSummary& patient, Drug drug) {
  ++patient.drugs[static_cast<std::size_t>(drug)].doses;
}

const CohortGroup* Group(const CohortReport& report, std::string_view key) {
  for (const CohortGroup& group : report.groups) {
    if (group.key == key) return &group;
  }
  return nullptr;
}

TEST(CohortBuilder, CountsIncidenceTimingAndDrugsPerGroup) {
  CohortBuilder builder({GradingSystem::kAstct2019});
  PatientSummary a = Patient("a", Product::kAxiCel, 3);
  a.crs_episodes.push_back(MakeEpisode(Syndrome::kCrs, 1, 3, 96.0));
  a.crs_episodes.push_back(MakeEpisode(Syndrome::kCrs, 9, 1, 24.0));  // second: not counted
  a.max_icans_grade = 2;
  a.icans_episodes.push_back(MakeEpisode(Syndrome::kIcans, 3, 2, std::nullopt));  // ongoing
  Give(a, Drug::kTocilizumab);
  Give(a, Drug::kTocilizumab);
  Give(a, Drug::kDexamethasone);
  a.tocilizumab.push_back({kDay0 + 30 * 3600, 640.0, 3, TocilizumabResponse::kResponded, {}});
  a.tocilizumab.push_back({kDay0 + 40 * 3600, 640.0, 2, TocilizumabResponse::kNoResponse, {}});

  PatientSummary b = Patient("b", Product::kAxiCel, 1);
  b.crs_episodes.push_back(MakeEpisode(Syndrome::kCrs, 3, 1, 48.0));
  Give(b, Drug::kTocilizumab);
  b.tocilizumab.push_back({kDay0 + 80 * 3600, 560.0, 1, TocilizumabResponse::kUnknown, {}});

  PatientSummary c = Patient("c", Product::kAxiCel, 0);
  Give(c, Drug::kMethylprednisolone);

  PatientSummary d = Patient("d", Product::kLisoCel, 2);
  d.crs_episodes.push_back(MakeEpisode(Syndrome::kCrs, 5, 2, 120.0));
  d.max_crs_lower_bound[kAstct] = true;

  PatientSummary e = Patient("e", std::nullopt, 1);  // no infusion: product unknown
  Episode no_day = MakeEpisode(Syndrome::kCrs, 0, 1, 12.0);
  no_day.onset_day.reset();
  no_day.onset_hours.reset();
  e.crs_episodes.push_back(no_day);

  PatientSummary f = Patient("f", Product::kAxiCel, 0);
  f.max_crs_grade[kAstct].reset();  // never graded
  f.crs_assessments = 0;
  f.icans_assessments = 0;
  f.hours_in_icans_grade = {};
  f.crs_grade_by_day = NoGradeByDay();
  f.icans_grade_by_day = NoGradeByDay();

  for (PatientSummary* patient : {&d, &b, &e, &a, &f, &c}) builder.Add(*patient);
  const CohortReport report = std::move(builder).Build();

  ASSERT_EQ(report.patients.size(), 6u);
  EXPECT_EQ(report.patients.front().patient_id, "a");  // sorted by id
  EXPECT_EQ(report.patients.back().patient_id, "f");
  ASSERT_EQ(report.groups.size(), 4u);
  EXPECT_EQ(report.groups[0].key, "overall");
  EXPECT_EQ(report.groups[1].key, "axi-cel");
  EXPECT_EQ(report.groups[2].key, "liso-cel");
  EXPECT_EQ(report.groups[3].key, "unknown");
  EXPECT_EQ(report.groups[3].kind, CohortGroupKind::kUnknownProduct);
  EXPECT_TRUE(report.groups[3].published.empty());
  EXPECT_TRUE(report.groups[0].published.empty());

  const CohortGroup& axi = *Group(report, "axi-cel");
  EXPECT_EQ(axi.patients, 4u);
  EXPECT_EQ(axi.published.size(), PublishedFiguresOf(Product::kAxiCel).size());
  // CRS: a=3, b=1, c=0 graded; f not assessed.
  EXPECT_EQ(axi.crs.grades.not_assessed, 1u);
  EXPECT_EQ(axi.crs.any_grade.events, 2u);
  EXPECT_EQ(axi.crs.any_grade.total, 3u);
  EXPECT_EQ(axi.crs.grade3_plus.events, 1u);
  EXPECT_EQ(axi.crs.grades.patients_at_grade[3], 1u);
  // First episodes: onset days 1 and 3; durations 4 and 2 days.
  ASSERT_TRUE(axi.crs.onset_day && axi.crs.duration_days);
  EXPECT_DOUBLE_EQ(axi.crs.onset_day->median, 2.0);
  EXPECT_DOUBLE_EQ(axi.crs.onset_day->q1, 1.5);
  EXPECT_DOUBLE_EQ(axi.crs.duration_days->median, 3.0);
  EXPECT_EQ(axi.crs.duration_days->n, 2u);
  // ICANS: a grade 2, ongoing first episode; f never assessed.
  EXPECT_EQ(axi.icans.any_grade.events, 1u);
  EXPECT_EQ(axi.icans.any_grade.total, 3u);
  EXPECT_EQ(axi.icans.grades.not_assessed, 1u);
  EXPECT_EQ(axi.icans.duration_ongoing, 1u);
  EXPECT_FALSE(axi.icans.duration_days);
  EXPECT_DOUBLE_EQ(axi.icans.onset_day->median, 3.0);
  // Drugs: tocilizumab a, b (of 4); first dose responded for a, unknown for b.
  EXPECT_EQ(axi.tocilizumab_use.events, 2u);
  EXPECT_EQ(axi.tocilizumab_use.total, 4u);
  EXPECT_EQ(axi.tocilizumab_response.events, 1u);
  EXPECT_EQ(axi.tocilizumab_response.total, 1u);
  EXPECT_EQ(axi.tocilizumab_response_unknown, 1u);
  EXPECT_EQ(axi.steroids.events, 2u);  // dexamethasone (a), methylprednisolone (c)
  EXPECT_EQ(axi.drug_patients[static_cast<std::size_t>(Drug::kTocilizumab)], 2u);
  // By day: day 1 grades 3, 1, 0 (f not assessed).
  EXPECT_EQ(axi.crs_by_day[1].assessed, 3u);
  EXPECT_EQ(axi.crs_by_day[1].at_grade[3], 1u);
  EXPECT_EQ(axi.crs_by_day[1].at_grade[1], 1u);
  EXPECT_EQ(axi.crs_by_day[5].assessed, 0u);

  const CohortGroup& liso = *Group(report, "liso-cel");
  EXPECT_EQ(liso.crs.grades.lower_bound, 1u);

  const CohortGroup& unknown = *Group(report, "unknown");
  EXPECT_EQ(unknown.crs.onset_unknown, 1u);
  EXPECT_FALSE(unknown.crs.onset_day);
  EXPECT_DOUBLE_EQ(unknown.crs.duration_days->median, 0.5);
  EXPECT_EQ(unknown.crs_by_day[0].assessed, 0u);

  const CohortGroup& overall = report.groups[0];
  EXPECT_EQ(overall.patients, 6u);
  EXPECT_EQ(overall.crs.any_grade.events, 4u);  // a, b, d, e
  EXPECT_EQ(overall.crs.any_grade.total, 5u);
  ASSERT_TRUE(overall.crs_by_system[kAstct]);
  EXPECT_EQ(overall.crs_by_system[kAstct]->any_grade.events, 4u);
  EXPECT_FALSE(overall.crs_by_system[kPennIndex]);
  EXPECT_TRUE(report.concordance.empty());
  EXPECT_TRUE(report.duplicate_patient_ids.empty());
}

TEST(CohortBuilder, ConcordanceTableCountsAgreementAndDisagreement) {
  CohortBuilder builder({GradingSystem::kPenn, GradingSystem::kLee2014});
  struct Row {
    const char* id;
    int astct, lee, penn;
    bool penn_lower_bound;
  };
  // Pennisi-like mechanisms: low-flow O2 gives Penn 3 vs ASTCT 2.
  const Row rows[] = {{"p1", 2, 2, 3, false}, {"p2", 1, 1, 1, false}, {"p3", 0, 0, 0, false},
                      {"p4", 3, 3, 4, true},  {"p5", 2, 2, 3, false}, {"p6", 1, 1, 2, false}};
  for (const Row& row : rows) {
    PatientSummary patient = Patient(row.id, Product::kTisaCel, row.astct);
    patient.max_crs_grade[kLeeIndex] = row.lee;
    patient.max_crs_grade[kPennIndex] = row.penn;
    patient.max_crs_lower_bound[kPennIndex] = row.penn_lower_bound;
    builder.Add(patient);
  }
  PatientSummary ungraded = Patient("p7", Product::kTisaCel, 1);  // Penn and Lee never graded
  builder.Add(ungraded);
  const CohortReport report = builder.Build();
  EXPECT_EQ(builder.size(), 7u);  // Build() & keeps the builder's patients

  EXPECT_TRUE(report.systems.Contains(GradingSystem::kAstct2019));
  // Pairs in enum order: (astct, lee2014), (astct, penn), (lee2014, penn).
  ASSERT_EQ(report.concordance.size(), 3u);
  const Concordance& astct_lee = report.concordance[0];
  EXPECT_EQ(astct_lee.a, GradingSystem::kAstct2019);
  EXPECT_EQ(astct_lee.b, GradingSystem::kLee2014);
  EXPECT_EQ(astct_lee.total, 6u);
  EXPECT_EQ(astct_lee.agreement.events, 6u);
  EXPECT_EQ(astct_lee.disagreements, 0u);

  const Concordance& astct_penn = report.concordance[1];
  EXPECT_EQ(astct_penn.b, GradingSystem::kPenn);
  EXPECT_EQ(astct_penn.total, 6u);
  EXPECT_EQ(astct_penn.patients[2][3], 2u);
  EXPECT_EQ(astct_penn.patients[1][1], 1u);
  EXPECT_EQ(astct_penn.patients[0][0], 1u);
  EXPECT_EQ(astct_penn.patients[3][4], 1u);
  EXPECT_EQ(astct_penn.patients[1][2], 1u);
  EXPECT_EQ(astct_penn.agreement.events, 2u);
  EXPECT_EQ(astct_penn.disagreements, 4u);
  EXPECT_EQ(astct_penn.disagreeing_patients, (std::vector<std::string>{"p1", "p4", "p5", "p6"}));
  EXPECT_EQ(astct_penn.lower_bound_patients[3][4], 1u);
  EXPECT_EQ(astct_penn.lower_bound_cells, 1u);
  EXPECT_NEAR(*astct_penn.agreement.estimate, 2.0 / 6.0, 1e-12);

  const CohortGroup& overall = report.groups[0];
  ASSERT_TRUE(overall.crs_by_system[kPennIndex]);
  EXPECT_EQ(overall.crs_by_system[kPennIndex]->grade3_plus.events, 3u);
  EXPECT_EQ(overall.crs_by_system[kPennIndex]->grades.not_assessed, 1u);
  EXPECT_EQ(overall.crs_by_system[kPennIndex]->grades.lower_bound, 1u);
  EXPECT_EQ(overall.crs.grade3_plus.events, 1u);
}

TEST(CohortBuilder, ListsRepeatedPatientIds) {
  CohortBuilder builder({});
  builder.Add(Patient("x", Product::kIdeCel, 0));
  builder.Add(Patient("x", Product::kIdeCel, 1));
  builder.Add(Patient("x", Product::kIdeCel, 1));
  builder.Add(Patient("y", Product::kIdeCel, 1));
  const CohortReport report = builder.Build();
  EXPECT_EQ(report.duplicate_patient_ids, std::vector<std::string>{"x"});
  EXPECT_EQ(report.groups[0].patients, 4u);
}

TEST(CohortBuilder, EmptyCohortHasOnlyAnEmptyOverallGroup) {
  const CohortReport report = CohortBuilder({}).Build();
  ASSERT_EQ(report.groups.size(), 1u);
  EXPECT_EQ(report.groups[0].patients, 0u);
  EXPECT_FALSE(report.groups[0].crs.any_grade.estimate);
  EXPECT_FALSE(report.groups[0].crs.onset_day);
}

TEST(CohortHelpers, IcansAssessedAndSteroids) {
  PatientSummary none;
  EXPECT_FALSE(IcansAssessed(none));
  // Only the count decides: traces in the summary do not stand in for an assessment.
  none.icans_grade_by_day[4] = 0;
  none.max_icans_lower_bound = true;
  EXPECT_FALSE(IcansAssessed(none));
  // One assessment at grade 0 without infusion leaves no other trace, and still counts.
  PatientSummary single;
  single.assessments = 1;
  single.icans_assessments = 1;
  EXPECT_TRUE(IcansAssessed(single));

  PatientSummary treated;
  EXPECT_FALSE(GivenSteroid(treated));
  Give(treated, Drug::kTocilizumab);
  EXPECT_FALSE(GivenSteroid(treated));
  Give(treated, Drug::kMethylprednisolone);
  EXPECT_TRUE(GivenSteroid(treated));
}

}  // namespace
}  // namespace cartwatch::core
