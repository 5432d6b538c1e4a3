#include "cartwatch/adapters/cohort_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace cartwatch::adapters {
namespace {

using nlohmann::json;

constexpr core::UnixSeconds kDay0 = 1772359200;  // 2026-03-01T10:00:00Z
constexpr std::size_t kAstct = static_cast<std::size_t>(core::GradingSystem::kAstct2019);
constexpr std::size_t kPenn = static_cast<std::size_t>(core::GradingSystem::kPenn);
constexpr std::string_view kHostileId = "<script>alert(\"x\")</script>&, 'quoted'";

core::Episode Episode(core::Syndrome syndrome, double onset_hours, int peak,
                      std::optional<double> duration_hours) {
  core::Episode episode;
  episode.syndrome = syndrome;
  episode.onset_hours = onset_hours;
  episode.onset_day = static_cast<int>(onset_hours / 24.0);
  episode.onset = kDay0 + static_cast<core::UnixSeconds>(onset_hours * 3600);
  episode.peak_grade = peak;
  episode.peak_time = episode.onset;
  episode.duration_hours = duration_hours;
  episode.ongoing = !duration_hours;
  return episode;
}

core::PatientSummary Patient(std::string id, std::optional<core::Product> product, int astct,
                             int penn) {
  core::PatientSummary patient;
  patient.patient_id = std::move(id);
  if (product) patient.infusion = core::Infusion{*product, kDay0};
  patient.assessments = 4;
  patient.crs_assessments = 4;
  patient.icans_assessments = 3;
  patient.first_time = kDay0 + 3600;
  patient.last_time = kDay0 + 6 * 24 * 3600;
  patient.max_crs_grade[kAstct] = astct;
  patient.max_crs_grade[kPenn] = penn;
  patient.hours_in_icans_grade[0] = 100.0;
  if (product) {
    for (std::size_t day = 0; day < 6; ++day) {
      patient.crs_grade_by_day[day] = static_cast<std::int8_t>(day == 2 ? astct : 0);
      patient.icans_grade_by_day[day] = 0;
    }
  }
  return patient;
}

core::CohortReport SampleReport() {
  core::CohortBuilder builder({core::GradingSystem::kPenn});
  core::PatientSummary hostile = Patient(std::string(kHostileId), core::Product::kAxiCel, 2, 3);
  hostile.crs_episodes.push_back(Episode(core::Syndrome::kCrs, 50.0, 2, 72.0));
  hostile.icans_episodes.push_back(Episode(core::Syndrome::kIcans, 90.0, 1, std::nullopt));
  hostile.max_icans_grade = 1;
  hostile.drugs[static_cast<std::size_t>(core::Drug::kTocilizumab)] = {1, kDay0 + 55 * 3600};
  hostile.drugs[static_cast<std::size_t>(core::Drug::kDexamethasone)] = {2, kDay0 + 95 * 3600};
  hostile.tocilizumab.push_back(
      {kDay0 + 55 * 3600, 640.0, 2, core::TocilizumabResponse::kResponded, kDay0 + 60 * 3600});
  builder.Add(hostile);
  builder.Add(Patient("A2", core::Product::kAxiCel, 0, 0));
  core::PatientSummary liso = Patient("B1", core::Product::kLisoCel, 1, 2);
  liso.crs_episodes.push_back(Episode(core::Syndrome::kCrs, 120.0, 1, 24.0));
  builder.Add(liso);
  builder.Add(Patient("N1", std::nullopt, 1, 1));
  return std::move(builder).Build();
}

// Splits CSV text into records of fields (RFC 4180 quoting).
std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1);
  rows.back().emplace_back();
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
  return rows;
}

std::size_t Count(std::string_view text, std::string_view part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

TEST(CohortJson, CarriesSchemaGroupsConcordanceAndPublishedFigures) {
  const json report = json::parse(CohortToJson(SampleReport()));
  EXPECT_EQ(report["schema"], "cartwatch.cohort/1");
  EXPECT_NE(report["decision_support"].get<std::string>().find("clinician decides"),
            std::string::npos);
  EXPECT_EQ(report["systems"], json::array({"astct", "penn"}));
  EXPECT_EQ(report["patients_total"], 4);
  ASSERT_EQ(report["groups"].size(), 4u);  // overall, axi-cel, liso-cel, unknown
  const json& overall = report["groups"][0];
  EXPECT_EQ(overall["key"], "overall");
  EXPECT_EQ(overall["product"], nullptr);
  EXPECT_EQ(overall["crs"]["any_grade"]["events"], 3);
  EXPECT_EQ(overall["crs"]["any_grade"]["total"], 4);
  EXPECT_NEAR(overall["crs"]["any_grade"]["estimate"].get<double>(), 0.75, 1e-12);
  EXPECT_TRUE(overall["crs"]["any_grade"]["low"].is_number());
  EXPECT_EQ(overall["crs_by_system"]["penn"]["grade3_plus"]["events"], 1);
  const json& axi = report["groups"][1];
  EXPECT_EQ(axi["key"], "axi-cel");
  EXPECT_EQ(axi["product"]["brand"], "Yescarta");
  EXPECT_EQ(axi["product"]["costimulation"], "CD28");
  EXPECT_EQ(axi["tocilizumab"]["use"]["events"], 1);
  EXPECT_EQ(axi["tocilizumab"]["first_dose_response"]["events"], 1);
  EXPECT_EQ(axi["steroids"]["events"], 1);
  EXPECT_EQ(axi["icans"]["duration_ongoing"], 1);
  EXPECT_EQ(axi["crs"]["onset_day"]["median"], 2.0);
  EXPECT_EQ(axi["crs_by_day"].size(), 31u);
  EXPECT_EQ(axi["crs_by_day"][2]["assessed"], 2);
  EXPECT_EQ(axi["crs_by_day"][2]["at_grade"][2], 1);
  bool seed_found = false;
  for (const json& row : axi["published"]) {
    if (row["id"] == "FIG.AXI-CEL.SEED") {
      seed_found = true;
      EXPECT_EQ(row["seed_check"], "matches");
      EXPECT_EQ(row["crs_grade3_plus_percent"]["low"], 13);
      EXPECT_EQ(row["source"], "seed-2026");
    }
  }
  EXPECT_TRUE(seed_found);
  EXPECT_EQ(report["groups"][3]["key"], "unknown");
  EXPECT_TRUE(report["groups"][3]["published"].empty());

  ASSERT_EQ(report["concordance"].size(), 1u);
  const json& table = report["concordance"][0];
  EXPECT_EQ(table["a"], "astct");
  EXPECT_EQ(table["b"], "penn");
  EXPECT_EQ(table["total"], 4);
  EXPECT_EQ(table["patients"][2][3], 1);
  EXPECT_EQ(table["patients"][1][2], 1);
  EXPECT_EQ(table["disagreements"], 2);
  EXPECT_EQ(table["agreement"]["events"], 2);

  ASSERT_EQ(report["patients"].size(), 4u);
  const json& first = report["patients"][0];  // "<script>..." sorts first
  EXPECT_EQ(first["patient_id"], std::string(kHostileId));
  EXPECT_EQ(first["max_crs_grade"]["penn"]["grade"], 3);
  EXPECT_EQ(first["drugs"]["dexamethasone"]["doses"], 2);
  EXPECT_EQ(first["tocilizumab_doses"][0]["response"], "responded");
  EXPECT_EQ(first["crs_grade_by_day"][10], nullptr);
  EXPECT_FALSE(report["sources"].empty());
}

TEST(CohortJson, InvalidUtf8InAnIdIsReplacedNotFatal) {
  core::CohortBuilder builder({});
  builder.Add(Patient("bad\xff", core::Product::kIdeCel, 0, 0));
  const json report = json::parse(CohortToJson(builder.Build()));
  EXPECT_EQ(report["patients"][0]["patient_id"], "bad\xEF\xBF\xBD");
}

TEST(CohortCsv, SummaryIsTidyWithOneFigurePerRow) {
  const auto rows = ParseCsv(CohortSummaryToCsv(SampleReport()));
  ASSERT_GT(rows.size(), 10u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"group", "measure", "system", "estimate", "low",
                                               "high", "events", "total", "statistic"}));
  bool found_any = false;
  bool found_penn = false;
  bool found_concordance = false;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 9u);
    if (row[0] == "overall" && row[1] == "crs_any_grade" && row[2] == "astct") {
      found_any = true;
      EXPECT_EQ(row[3], "0.75");
      EXPECT_EQ(row[6], "3");
      EXPECT_EQ(row[7], "4");
      EXPECT_EQ(row[8], "proportion_wilson95");
    }
    if (row[0] == "liso-cel" && row[1] == "crs_grade3_plus" && row[2] == "penn") {
      found_penn = true;
      EXPECT_EQ(row[6], "0");
    }
    if (row[1] == "concordance_astct_vs_penn") {
      found_concordance = true;
      EXPECT_EQ(row[3], "0.5");
    }
  }
  EXPECT_TRUE(found_any && found_penn && found_concordance);
}

TEST(CohortCsv, PatientsHaveOneRowEachWithTheirFigures) {
  const auto rows = ParseCsv(CohortPatientsToCsv(SampleReport()));
  ASSERT_EQ(rows.size(), 5u);
  const std::vector<std::string>& header = rows[0];
  for (const auto& row : rows) ASSERT_EQ(row.size(), header.size());
  const auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return std::size_t{0};
  };
  EXPECT_EQ(header[0], "patient_id");
  const auto& hostile = rows[1];
  EXPECT_EQ(hostile[0], std::string(kHostileId));  // quoted, read back intact
  EXPECT_EQ(hostile[column("product")], "axi-cel");
  EXPECT_EQ(hostile[column("max_crs_grade_astct")], "2");
  EXPECT_EQ(hostile[column("max_crs_grade_penn")], "3");
  EXPECT_EQ(hostile[column("crs_onset_day")], "2");
  EXPECT_EQ(hostile[column("crs_duration_hours")], "72");
  EXPECT_EQ(hostile[column("icans_ongoing")], "true");
  EXPECT_EQ(hostile[column("icans_duration_hours")], "");
  EXPECT_EQ(hostile[column("drugs")], "tocilizumab:1;dexamethasone:2");
  EXPECT_EQ(hostile[column("steroids")], "true");
  EXPECT_EQ(hostile[column("tocilizumab_first_response")], "responded");
  const auto& unknown = rows[4];
  EXPECT_EQ(unknown[0], "N1");
  EXPECT_EQ(unknown[column("product")], "");
  EXPECT_EQ(unknown[column("infusion_time")], "");
}

TEST(CohortHtml, IsSelfContainedWithPlotsAndEscapesPatientIds) {
  const std::string html = CohortToHtml(SampleReport());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("clinician decides"), std::string::npos);
  // No script, no external resource, no network.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  // The hostile id appears only escaped.
  EXPECT_EQ(html.find(kHostileId), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"), std::string::npos);
  // Swimmer plot and grade-by-day charts, each with an accessible title.
  EXPECT_NE(html.find("Swimmer plot of CRS and ICANS episodes"), std::string::npos);
  EXPECT_NE(html.find("CRS grade by day after infusion, All patients"), std::string::npos);
  EXPECT_NE(html.find("ICANS grade by day after infusion, axi-cel"), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
  EXPECT_EQ(Count(html, "<svg"), 1u + 2u * 3u);  // swimmer + CRS/ICANS for overall and 2 products
  EXPECT_GE(Count(html, "<desc>"), 7u);
  // Published figures beside the cohort, unconfirmed marked, the comparability note.
  EXPECT_NE(html.find("ZUMA-1"), std::string::npos);
  EXPECT_NE(html.find("TRANSCEND NHL 001"), std::string::npos);
  EXPECT_NE(html.find("UNCONFIRMED"), std::string::npos);
  EXPECT_NE(html.find("not comparable"), std::string::npos);
  // Concordance: the two disagreeing cells highlighted, sources listed.
  EXPECT_EQ(Count(html, "class=\"disagree\""), 2u);
  EXPECT_NE(html.find("Penn"), std::string::npos);
  EXPECT_NE(html.find("Lee DW, Santomasso BD"), std::string::npos);  // ASTCT 2019 citation
}

TEST(CohortHtml, CapsTheSwimmerPlotAt200Lanes) {
  core::CohortBuilder builder({});
  for (int i = 0; i < 230; ++i) {
    builder.Add(Patient("P" + std::to_string(1000 + i), core::Product::kCiltaCel, 0, 0));
  }
  const std::string html = CohortToHtml(builder.Build());
  EXPECT_NE(html.find("Showing the first 200 of 230"), std::string::npos);
  EXPECT_NE(html.find("patient P1199"), std::string::npos);
  EXPECT_EQ(html.find("patient P1200"), std::string::npos);
  EXPECT_NE(html.find("Only one grading system was requested"), std::string::npos);
}

TEST(CohortCsv, EveryRowHasAsManyCellsAsTheHeaderWithEverySystem) {
  core::GradingSystemSet systems;
  for (const core::GradingSystemInfo& system : core::GradingSystems()) systems.Add(system.id);
  core::CohortBuilder builder(systems);
  core::PatientSummary hostile = Patient(std::string(kHostileId), core::Product::kAxiCel, 2, 3);
  hostile.crs_episodes.push_back(Episode(core::Syndrome::kCrs, 50.0, 2, 72.0));
  builder.Add(hostile);
  builder.Add(Patient("N1", std::nullopt, 1, 1));
  const core::CohortReport report = std::move(builder).Build();
  for (const std::string& csv : {CohortPatientsToCsv(report), CohortSummaryToCsv(report)}) {
    const auto rows = ParseCsv(csv);
    ASSERT_GT(rows.size(), 2u);
    for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size()) << csv;
  }
  const auto patients = ParseCsv(CohortPatientsToCsv(report));
  // 4 leading columns, 2 per system, 17 after them.
  EXPECT_EQ(patients[0].size(), 4u + 2u * core::kGradingSystemCount + 17u);
}

}  // namespace
}  // namespace cartwatch::adapters
