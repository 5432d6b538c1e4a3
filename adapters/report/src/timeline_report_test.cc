#include "cartwatch/adapters/timeline_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/vocabulary.h"
#include "svg.h"

namespace cartwatch::adapters {
namespace {

constexpr core::UnixSeconds kInfusion = 1772359200;  // 2026-03-01T10:00:00Z
constexpr core::UnixSeconds kHour = 3600;

core::Assessment Adult() {
  core::Assessment a;
  a.age_years = 58;
  a.fever_other_cause = false;
  a.vasopressors = core::VasopressorSet{};
  a.oxygen = core::OxygenSupport{};
  a.neuro.ice_total = 10;
  a.neuro.consciousness = core::Consciousness::kAlert;
  a.neuro.seizure = core::Seizure::kNone;
  a.neuro.motor = core::MotorFinding::kNone;
  a.neuro.icp = core::IcpFindingSet{};
  return a;
}

core::Treatment Drug(core::Drug drug, double dose_mg) {
  core::Treatment treatment;
  treatment.drug = drug;
  treatment.dose_mg = dose_mg;
  return treatment;
}

core::AssessmentPoint Point(core::UnixSeconds time, core::Assessment effective,
                            const core::GradingSystemSet& systems) {
  core::AssessmentPoint point;
  point.time = time;
  point.hours_post_infusion = static_cast<double>(time - kInfusion) / 3600.0;
  point.before_infusion = time < kInfusion;
  point.effective = std::move(effective);
  point.astct = core::GradeAstct2019(point.effective);
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    if (systems.Contains(system.id)) {
      point.crs_by_system[static_cast<std::size_t>(system.id)] =
          core::GradeCrs(system.id, point.effective);
    }
  }
  return point;
}

// Axi-cel: fever on day 1, hypotension treated with tocilizumab, one vasopressor and
// dexamethasone, then afebrile after tocilizumab with ICANS grade 2, resolved on day 3.
core::PatientCourse Course(std::string patient_id = "P-042") {
  core::PatientCourse course;
  course.systems = {core::GradingSystem::kAstct2019, core::GradingSystem::kLee2014};

  core::Assessment baseline = Adult();
  baseline.temperature_celsius = 36.8;
  baseline.hypotension = false;
  core::AssessmentPoint p0 = Point(kInfusion - 2 * kHour, baseline, course.systems);
  p0.blood_pressure = {120.0, 85.0};
  p0.line = 2;

  core::Assessment fever = Adult();
  fever.temperature_celsius = 38.9;
  fever.hypotension = false;
  core::AssessmentPoint p1 = Point(kInfusion + 30 * kHour, fever, course.systems);
  p1.blood_pressure = {118.0, 84.0};
  p1.hypotension_from_vitals = true;

  core::Assessment low = Adult();
  low.temperature_celsius = 39.2;
  low.hypotension = true;
  low.oxygen->device = core::OxygenDevice::kNasalCannula;
  low.oxygen->flow_l_per_min = 2.0;
  core::AssessmentPoint p2 = Point(kInfusion + 40 * kHour, low, course.systems);
  p2.blood_pressure = {84.0, 60.0};
  p2.hypotension_from_vitals = true;
  p2.treatments = {Drug(core::Drug::kTocilizumab, 560.0)};

  core::Assessment pressor = low;
  pressor.fever_masked = true;
  pressor.vasopressors = core::VasopressorSet{core::Vasopressor::kNorepinephrine};
  pressor.legacy.vasopressor_doses[0].dose = 8.0;
  core::AssessmentPoint p3 = Point(kInfusion + 44 * kHour, pressor, course.systems);
  p3.blood_pressure = {92.0, 66.0};
  p3.carried = {core::CarriedFinding::kTemperature, core::CarriedFinding::kOxygen};
  p3.fever_masked_derived = true;
  p3.treatments = {Drug(core::Drug::kDexamethasone, 10.0)};

  core::Assessment better = Adult();
  better.temperature_celsius = 37.0;
  better.fever_masked = true;
  better.hypotension = false;
  better.neuro.ice_total = 6;
  core::AssessmentPoint p4 = Point(kInfusion + 52 * kHour, better, course.systems);
  p4.blood_pressure = {110.0, 80.0};
  p4.fever_masked_derived = true;

  core::Assessment well = Adult();
  well.temperature_celsius = 36.9;
  well.fever_masked = true;
  well.hypotension = false;
  core::AssessmentPoint p5 = Point(kInfusion + 80 * kHour, well, course.systems);
  p5.blood_pressure = {121.0, 86.0};
  p5.fever_masked_derived = true;

  course.points = {p0, p1, p2, p3, p4, p5};
  // Every treatment, also those between assessments: paracetamol at +34 h, a fluid bolus at
  // +42 h and anakinra at +60 h have no point of their own.
  core::Treatment bolus;
  bolus.kind = core::TreatmentKind::kFluidBolus;
  course.treatments = {{kInfusion + 34 * kHour, Drug(core::Drug::kParacetamol, 1000.0)},
                       {p2.time, p2.treatments[0]},
                       {kInfusion + 42 * kHour, bolus},
                       {p3.time, p3.treatments[0]},
                       {kInfusion + 60 * kHour, Drug(core::Drug::kAnakinra, 100.0)}};

  core::PatientSummary& s = course.summary;
  s.patient_id = std::move(patient_id);
  s.infusion = core::Infusion{core::Product::kAxiCel, kInfusion};
  s.assessments = 5;
  s.baseline_assessments = 1;
  s.crs_assessments = 5;
  s.icans_assessments = 5;
  s.first_time = p1.time;
  s.last_time = p5.time;
  core::Episode crs;
  crs.syndrome = core::Syndrome::kCrs;
  crs.onset = p1.time;
  crs.onset_hours = 30.0;
  crs.onset_day = 1;
  crs.peak_grade = 3;
  crs.peak_time = p3.time;
  crs.time_to_peak_hours = 14.0;
  crs.resolution = p4.time;
  crs.duration_hours = 22.0;
  s.crs_episodes = {crs};
  core::Episode icans;
  icans.syndrome = core::Syndrome::kIcans;
  icans.onset = p4.time;
  icans.onset_hours = 52.0;
  icans.onset_day = 2;
  icans.peak_grade = 2;
  icans.peak_time = p4.time;
  icans.resolution = p5.time;
  icans.duration_hours = 28.0;
  s.icans_episodes = {icans};
  s.hours_in_crs_grade = {30.0, 10.0, 4.0, 8.0, 0.0, 0.0};
  s.hours_in_icans_grade = {52.0, 0.0, 28.0, 0.0, 0.0, 0.0};
  s.max_crs_grade[static_cast<std::size_t>(core::GradingSystem::kAstct2019)] = 3;
  s.max_crs_grade[static_cast<std::size_t>(core::GradingSystem::kLee2014)] = 3;
  s.max_icans_grade = 2;
  s.crs_grade_by_day[1] = 3;
  s.crs_grade_by_day[2] = 0;
  s.crs_grade_by_day[3] = 0;
  s.icans_grade_by_day[1] = 0;
  s.icans_grade_by_day[2] = 2;
  s.icans_grade_by_day[3] = 0;
  s.drugs[static_cast<std::size_t>(core::Drug::kTocilizumab)] = {1, p2.time};
  s.drugs[static_cast<std::size_t>(core::Drug::kAnakinra)] = {1, kInfusion + 60 * kHour};
  s.drugs[static_cast<std::size_t>(core::Drug::kDexamethasone)] = {1, p3.time};
  s.drugs[static_cast<std::size_t>(core::Drug::kParacetamol)] = {1, kInfusion + 34 * kHour};
  s.fluid_boluses = 1;
  core::TocilizumabDose dose;
  dose.time = p2.time;
  dose.dose_mg = 560.0;
  dose.crs_grade_at_dose = 2;
  dose.response = core::TocilizumabResponse::kResponded;
  dose.response_time = p4.time;
  s.tocilizumab = {dose};
  return course;
}

// ---- JSON ------------------------------------------------------------------------------------

TEST(TimelineJson, HeaderAndPointsCarryTheCourse) {
  const core::PatientCourse course = Course();
  const auto json = nlohmann::json::parse(CourseToJson(course));
  EXPECT_EQ(json["schema"], "cartwatch.timeline/1");
  EXPECT_EQ(json["patient_id"], "P-042");
  EXPECT_EQ(json["product"]["code"], "axi-cel");
  EXPECT_EQ(json["product"]["brand"], "Yescarta");
  EXPECT_EQ(json["infusion_time"], "2026-03-01T10:00:00Z");
  EXPECT_EQ(json["systems"], nlohmann::json::array({"astct", "lee2014"}));
  ASSERT_EQ(json["points"].size(), 6u);

  const auto& baseline = json["points"][0];
  EXPECT_EQ(baseline["before_infusion"], true);
  EXPECT_EQ(baseline["hours_post_infusion"], -2.0);
  EXPECT_EQ(baseline["day_post_infusion"], -1);
  EXPECT_EQ(baseline["line"], 2);

  const auto& low = json["points"][2];
  EXPECT_EQ(low["time"], "2026-03-03T02:00:00Z");
  EXPECT_EQ(low["hours_post_infusion"], 40.0);
  EXPECT_EQ(low["day_post_infusion"], 1);
  EXPECT_EQ(low["line"], nullptr);
  EXPECT_EQ(low["findings"]["temperature_c"], 39.2);
  EXPECT_EQ(low["findings"]["systolic_bp_mmhg"], 84.0);
  EXPECT_EQ(low["findings"]["mean_bp_mmhg"], 60.0);
  EXPECT_EQ(low["findings"]["oxygen"]["device"], "nasal_cannula");
  EXPECT_EQ(low["findings"]["oxygen"]["flow_l_min"], 2.0);
  EXPECT_EQ(low["derived"]["hypotension_from_vitals"], true);
  EXPECT_EQ(low["treatments"],
            nlohmann::json::parse(R"([{"kind":"drug","drug":"tocilizumab","dose_mg":560.0}])"));

  const auto& pressor = json["points"][3];
  EXPECT_EQ(pressor["carried"], nlohmann::json::array({"temperature", "oxygen"}));
  EXPECT_EQ(pressor["derived"]["fever_masked"], true);
  EXPECT_EQ(pressor["findings"]["vasopressors"], nlohmann::json::array({"norepinephrine"}));
  EXPECT_EQ(pressor["findings"]["vasopressor_doses"]["norepinephrine"]["dose"]["value"], 8.0);
  EXPECT_EQ(pressor["findings"]["vasopressor_doses"]["norepinephrine"]["dose"]["unit"], "ug/min");
}

TEST(TimelineJson, GradesMatchTheGradingOfEachPoint) {
  const core::PatientCourse course = Course();
  const auto json = nlohmann::json::parse(CourseToJson(course));
  for (std::size_t i = 0; i < course.points.size(); ++i) {
    const core::AssessmentPoint& point = course.points[i];
    const auto& crs = json["points"][i]["crs"];
    EXPECT_EQ(crs["system"], "astct");
    EXPECT_EQ(crs["assessed"], point.astct.crs.assessed);
    if (point.astct.crs.assessed) {
      EXPECT_EQ(crs["grade"], point.astct.crs.grade);
      EXPECT_EQ(crs["lower_bound"], point.astct.crs.lower_bound());
      EXPECT_EQ(crs["max_possible_grade"], point.astct.crs.max_possible_grade);
    }
    EXPECT_EQ(crs["rules"].size(), point.astct.crs.drivers().size());
    const auto& icans = json["points"][i]["icans"];
    EXPECT_EQ(icans["tool"], "ice");
    EXPECT_EQ(icans["grade"], point.astct.icans.grade);
    const auto& lee = json["points"][i]["crs_by_system"]["lee2014"];
    const auto& lee_grading =
        *point.crs_by_system[static_cast<std::size_t>(core::GradingSystem::kLee2014)];
    EXPECT_EQ(lee["system"], "lee2014");
    EXPECT_EQ(lee["assessed"], lee_grading.assessed);
    EXPECT_TRUE(lee["missing"].is_array());
  }
  // The pressor point is CRS grade 3 (fever, one vasopressor), the one after ICANS grade 2 (ICE 6).
  EXPECT_EQ(json["points"][3]["crs"]["grade"], 3);
  EXPECT_EQ(json["points"][4]["icans"]["grade"], 2);
  EXPECT_EQ(json["points"][4]["icans"]["ice_score"], 6);
}

TEST(TimelineJson, SummaryHasEpisodesTimeInGradeAndResponses) {
  const auto json = nlohmann::json::parse(CourseToJson(Course()));
  const auto& s = json["summary"];
  EXPECT_EQ(s["assessments"], 5);
  EXPECT_EQ(s["baseline_assessments"], 1);
  ASSERT_EQ(s["crs_episodes"].size(), 1u);
  const auto& crs = s["crs_episodes"][0];
  EXPECT_EQ(crs["onset"], "2026-03-02T16:00:00Z");
  EXPECT_EQ(crs["onset_hours"], 30.0);
  EXPECT_EQ(crs["onset_day"], 1);
  EXPECT_EQ(crs["peak_grade"], 3);
  EXPECT_EQ(crs["time_to_peak_hours"], 14.0);
  EXPECT_EQ(crs["duration_hours"], 22.0);
  EXPECT_EQ(crs["ongoing"], false);
  EXPECT_EQ(crs["longest_gap_hours"], nullptr);
  EXPECT_EQ(s["icans_episodes"][0]["peak_grade"], 2);
  EXPECT_EQ(s["hours_in_grade"]["crs"].size(), 6u);
  EXPECT_EQ(s["hours_in_grade"]["crs"][3], 8.0);
  EXPECT_EQ(s["max_crs_grade"]["astct"]["grade"], 3);
  EXPECT_EQ(s["max_crs_grade"]["lee2014"]["lower_bound"], false);
  EXPECT_EQ(s["max_icans_grade"]["grade"], 2);
  EXPECT_EQ(s["crs_grade_by_day"].size(), static_cast<std::size_t>(core::kDaysTracked));
  EXPECT_EQ(s["crs_grade_by_day"][0], nullptr);
  EXPECT_EQ(s["crs_grade_by_day"][1], 3);
  EXPECT_EQ(s["crs_assessments"], 5);
  EXPECT_EQ(s["icans_assessments"], 5);
  EXPECT_EQ(s["drugs"], nlohmann::json::parse(
                            R"([{"drug":"tocilizumab","doses":1,"first":"2026-03-03T02:00:00Z"},
                                {"drug":"anakinra","doses":1,"first":"2026-03-03T22:00:00Z"},
                                {"drug":"dexamethasone","doses":1,"first":"2026-03-03T06:00:00Z"},
                                {"drug":"paracetamol","doses":1,"first":"2026-03-02T20:00:00Z"}])"));
  ASSERT_EQ(s["tocilizumab"].size(), 1u);
  EXPECT_EQ(s["tocilizumab"][0]["response"], "responded");
  EXPECT_EQ(s["tocilizumab"][0]["crs_grade_at_dose"], 2);
  EXPECT_EQ(s["tocilizumab"][0]["response_time"], "2026-03-03T14:00:00Z");
}

TEST(TimelineJson, TreatmentsListsEveryDoseAtItsOwnTime) {
  const auto json = nlohmann::json::parse(CourseToJson(Course()));
  const auto& treatments = json["treatments"];
  ASSERT_EQ(treatments.size(), 5u);
  EXPECT_EQ(treatments[0], nlohmann::json::parse(R"({"time":"2026-03-02T20:00:00Z",
      "hours_post_infusion":34.0,"day_post_infusion":1,"before_infusion":false,"kind":"drug",
      "drug":"paracetamol","dose_mg":1000.0})"));
  EXPECT_EQ(treatments[1]["drug"], "tocilizumab");
  EXPECT_EQ(treatments[1]["time"], json["points"][2]["time"]);  // also on its point
  EXPECT_EQ(treatments[2], nlohmann::json::parse(R"({"time":"2026-03-03T04:00:00Z",
      "hours_post_infusion":42.0,"day_post_infusion":1,"before_infusion":false,
      "kind":"fluid_bolus"})"));
  EXPECT_EQ(treatments[3]["drug"], "dexamethasone");
  EXPECT_EQ(treatments[4]["drug"], "anakinra");
  EXPECT_EQ(treatments[4]["hours_post_infusion"], 60.0);
  EXPECT_EQ(treatments[4]["dose_mg"], 100.0);
}

TEST(TimelineJson, TreatmentsFallBackToThePointsAndKeepUnknownDosesNull) {
  core::PatientCourse course = Course();
  course.treatments.clear();  // a course assembled from points alone
  course.points[2].treatments[0].dose_mg.reset();
  course.summary.infusion.reset();
  const auto json = nlohmann::json::parse(CourseToJson(course));
  const auto& treatments = json["treatments"];
  ASSERT_EQ(treatments.size(), 2u);
  EXPECT_EQ(treatments[0]["drug"], "tocilizumab");
  EXPECT_EQ(treatments[0]["dose_mg"], nullptr);
  EXPECT_EQ(treatments[0]["hours_post_infusion"], nullptr);
  EXPECT_EQ(treatments[0]["day_post_infusion"], nullptr);
  EXPECT_EQ(treatments[1]["drug"], "dexamethasone");
}

TEST(TimelineJson, UnknownInfusionAndHostileIdStayValidJson) {
  core::PatientCourse course = Course("bad\"id\n\xff<x>");
  course.summary.infusion.reset();
  for (auto& point : course.points) point.hours_post_infusion.reset();
  const auto json = nlohmann::json::parse(CourseToJson(course));  // throws if invalid
  EXPECT_EQ(json["product"], nullptr);
  EXPECT_EQ(json["infusion_time"], nullptr);
  EXPECT_EQ(json["points"][1]["day_post_infusion"], nullptr);
  EXPECT_EQ(json["patient_id"], "bad\"id\n\xEF\xBF\xBD<x>");
}

// ---- text ------------------------------------------------------------------------------------

TEST(TimelineText, TableEpisodesResponsesAndTheClosingLine) {
  const std::string text = CourseToText(Course());
  EXPECT_NE(text.find("Patient P-042 - product axi-cel (Yescarta)"), std::string::npos) << text;
  EXPECT_NE(text.find("Day  Time (UTC)"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-03-03 02:00"), std::string::npos) << text;
  EXPECT_NE(text.find("tocilizumab 560 mg"), std::string::npos) << text;
  EXPECT_NE(text.find("84/60 L"), std::string::npos) << text;
  EXPECT_NE(text.find("norepinephrine 8 ug/min    nasal cannula 2 L/min*"), std::string::npos)
      << text;
  EXPECT_NE(text.find("CRS episode 1: onset day 1 (+30.0 h) 2026-03-02 16:00; peak grade 3 at "
                      "2026-03-03 06:00 (time to peak 14.0 h); resolved day 2 (+52.0 h) "
                      "2026-03-03 14:00, duration 22.0 h (0.9 d)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ICANS episode 1: onset day 2"), std::string::npos) << text;
  EXPECT_NE(text.find("Tocilizumab dose 1: 2026-03-03 02:00, 560 mg, at CRS grade 2: responded"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Highest CRS grade: ASTCT 2019 3; Lee 2014 3;"), std::string::npos) << text;
  EXPECT_TRUE(text.ends_with("\nDecision support: a clinician decides.\n")) << text;
}

// A dose between assessments gets a row of its own, in time order, with empty findings and grades.
TEST(TimelineText, TreatmentsBetweenAssessmentsHaveTheirOwnRows) {
  const std::string text = CourseToText(Course());
  auto line_with = [&](std::string_view needle) {
    const std::size_t at = text.find(needle);
    if (at == std::string::npos) return std::string();
    const std::size_t begin = text.rfind('\n', at) + 1;
    return text.substr(begin, text.find('\n', at) - begin);
  };
  const std::string paracetamol = line_with("paracetamol 1000 mg");
  EXPECT_TRUE(paracetamol.starts_with("1    2026-03-02 20:00  +34.0")) << text;
  EXPECT_TRUE(paracetamol.ends_with(" paracetamol 1000 mg")) << text;
  EXPECT_EQ(paracetamol.find("-"), paracetamol.find("-03-02"));  // no grade, not even "-"
  const std::string bolus = line_with("fluid bolus");
  EXPECT_TRUE(bolus.starts_with("1    2026-03-03 04:00  +42.0")) << text;
  EXPECT_NE(line_with("anakinra 100 mg").find("+60.0"), std::string::npos) << text;
  // Rows in time order: the fever at +30 h, paracetamol at +34 h, tocilizumab at +40 h.
  const std::size_t fever = text.find("2026-03-02 16:00");
  const std::size_t given = text.find("2026-03-02 20:00");
  const std::size_t tocilizumab = text.find("2026-03-03 02:00");
  EXPECT_LT(fever, given);
  EXPECT_LT(given, tocilizumab);
  // The point's own doses stay on the point's row, once.
  EXPECT_NE(line_with("tocilizumab 560 mg").find("84/60 L"), std::string::npos) << text;
  EXPECT_EQ(text.find("tocilizumab 560 mg", text.find("tocilizumab 560 mg") + 1),
            std::string::npos);
}

TEST(TimelineText, OngoingEpisodeAndControlCharactersInTheId) {
  core::PatientCourse course = Course("P\x1b[2J\n1");
  course.summary.crs_episodes[0].ongoing = true;
  course.summary.crs_episodes[0].resolution.reset();
  course.summary.crs_episodes[0].duration_hours.reset();
  const std::string text = CourseToText(course);
  EXPECT_NE(text.find("Patient P?[2J?1 -"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("ongoing at the last assessment"), std::string::npos) << text;
}

// ---- CSV -------------------------------------------------------------------------------------

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(TimelineCsv, OneRowPerPointWithTheDocumentedColumns) {
  const core::PatientCourse course = Course("P,\"42\"");
  const std::string csv = CourseToCsv(course);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < csv.size();) {
    const std::size_t end = csv.find('\n', start);
    lines.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), course.points.size() + 1);
  const std::vector<std::string> header = SplitCsvLine(lines[0]);
  const std::vector<std::string> expected = {"patient_id",
                                             "time",
                                             "hours_post_infusion",
                                             "day_post_infusion",
                                             "before_infusion",
                                             "temperature_c",
                                             "fever_masked",
                                             "fever_masked_derived",
                                             "systolic_bp_mmhg",
                                             "mean_bp_mmhg",
                                             "hypotension",
                                             "hypotension_from_vitals",
                                             "vasopressors",
                                             "counted_vasopressors",
                                             "oxygen_device",
                                             "o2_flow_l_min",
                                             "fio2_percent",
                                             "oxygen_level",
                                             "ice_score",
                                             "capd_score",
                                             "carried",
                                             "crs_grade",
                                             "crs_lower_bound",
                                             "crs_max_possible_grade",
                                             "icans_grade",
                                             "icans_lower_bound",
                                             "icans_max_possible_grade",
                                             "crs_lee2014_grade",
                                             "crs_lee2014_lower_bound",
                                             "crs_lee2014_max_possible_grade",
                                             "treatments"};
  EXPECT_EQ(header, expected);
  auto column = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> row = SplitCsvLine(lines[i]);
    ASSERT_EQ(row.size(), header.size()) << lines[i];
    EXPECT_EQ(row[0], "P,\"42\"");
    const core::AssessmentPoint& point = course.points[i - 1];
    EXPECT_EQ(row[column("crs_grade")], std::to_string(point.astct.crs.grade));
    EXPECT_EQ(row[column("icans_grade")], std::to_string(point.astct.icans.grade));
  }
  const std::vector<std::string> pressor = SplitCsvLine(lines[4]);
  EXPECT_EQ(pressor[column("hours_post_infusion")], "44");
  EXPECT_EQ(pressor[column("day_post_infusion")], "1");
  EXPECT_EQ(pressor[column("vasopressors")], "norepinephrine");
  EXPECT_EQ(pressor[column("counted_vasopressors")], "1");
  EXPECT_EQ(pressor[column("carried")], "temperature;oxygen");
  EXPECT_EQ(pressor[column("treatments")], "dexamethasone 10 mg");
  EXPECT_EQ(pressor[column("oxygen_level")], "1");
}

// ---- SVG -------------------------------------------------------------------------------------

// Checks that every element opened is closed in order (a small XML well-formedness check: no
// attribute value holds '<' or '>' because the writer escapes them).
::testing::AssertionResult BalancedTags(const std::string& svg) {
  std::vector<std::string> open;
  for (std::size_t i = svg.find('<'); i != std::string::npos; i = svg.find('<', i + 1)) {
    const std::size_t end = svg.find('>', i);
    if (end == std::string::npos) return ::testing::AssertionFailure() << "unclosed '<' at " << i;
    const std::string_view tag(svg.data() + i + 1, end - i - 1);
    if (tag.starts_with("?") || tag.starts_with("!")) continue;
    if (tag.find('<') != std::string_view::npos) {
      return ::testing::AssertionFailure() << "'<' inside a tag at " << i;
    }
    const std::size_t name_end = tag.find_first_of(" \n/");
    if (tag.starts_with("/")) {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) {
        return ::testing::AssertionFailure()
               << "</" << name << "> closes " << (open.empty() ? "nothing" : open.back());
      }
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.emplace_back(tag.substr(0, name_end));
    }
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> not closed";
  return ::testing::AssertionSuccess();
}

TEST(TimelineSvg, StandaloneBalancedWithTitleAxesAndLegend) {
  const std::string svg = CourseToSvg(Course());
  EXPECT_TRUE(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  EXPECT_TRUE(BalancedTags(svg));
  EXPECT_NE(svg.find("<title>CAR-T course of patient P-042</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc>Product axi-cel (Yescarta). Infusion (day 0) 2026-03-01T10:00:00Z."),
            std::string::npos);
  EXPECT_NE(svg.find("Days after infusion (day 0 = infusion)"), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Legend\""), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  // The only URL is the SVG namespace; url(#...) points inside the document.
  EXPECT_EQ(svg.find("http", svg.find("http") + 1), std::string::npos);
}

TEST(TimelineSvg, FeverLineAndGradeBands) {
  const core::PatientCourse course = Course();
  const std::string svg = CourseToSvg(course);
  const std::size_t fever = svg.find("aria-label=\"fever threshold 38 \u00B0C\"");
  ASSERT_NE(fever, std::string::npos);
  EXPECT_NE(svg.find("<line ", fever), std::string::npos);
  EXPECT_NE(svg.find("38 \u00B0C (fever, ASTCT 2019)"), std::string::npos);
  ASSERT_EQ(course.points[3].astct.crs.grade, 3);
  const std::size_t bands = svg.find("aria-label=\"CRS and ICANS grade bands (ASTCT 2019)\"");
  ASSERT_NE(bands, std::string::npos);
  const std::string grade3 = "fill=\"" + std::string(svg::GradeColour(3)) + "\"";
  const std::size_t band = svg.find(grade3, bands);
  ASSERT_NE(band, std::string::npos);
  EXPECT_NE(svg.find("<title>CRS grade 3 at 2026-03-03T06:00:00Z</title>", band),
            std::string::npos);
  EXPECT_NE(svg.find("<title>ICANS grade 2 at 2026-03-03T14:00:00Z</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>tocilizumab 560 mg at 2026-03-03T02:00:00Z</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("<title>dexamethasone 10 mg at 2026-03-03T06:00:00Z</title>"),
            std::string::npos);
}

// The element that carries `title` as its tooltip (the text from its '<' to the title).
std::string ElementWithTooltip(const std::string& svg, const std::string& title) {
  const std::size_t at = svg.find("<title>" + title + "</title>");
  if (at == std::string::npos) return {};
  const std::size_t begin = svg.rfind('<', at - 1);
  return svg.substr(begin, at - begin);
}

TEST(TimelineSvg, EveryDoseIsMarkedAtItsOwnTimeByClass) {
  const std::string svg = CourseToSvg(Course());
  const std::string tocilizumab =
      ElementWithTooltip(svg, "tocilizumab 560 mg at 2026-03-03T02:00:00Z");
  const std::string steroid =
      ElementWithTooltip(svg, "dexamethasone 10 mg at 2026-03-03T06:00:00Z");
  const std::string paracetamol =
      ElementWithTooltip(svg, "paracetamol 1000 mg at 2026-03-02T20:00:00Z");
  const std::string anakinra = ElementWithTooltip(svg, "anakinra 100 mg at 2026-03-03T22:00:00Z");
  const std::string bolus = ElementWithTooltip(svg, "fluid bolus at 2026-03-03T04:00:00Z");
  // Distinct shapes and colours: a triangle, a diamond, a downward triangle, an open circle and
  // a square.
  EXPECT_TRUE(tocilizumab.starts_with("<polygon")) << tocilizumab;
  EXPECT_TRUE(steroid.starts_with("<polygon")) << steroid;
  EXPECT_TRUE(anakinra.starts_with("<polygon")) << anakinra;
  EXPECT_TRUE(paracetamol.starts_with("<circle")) << paracetamol;
  EXPECT_TRUE(bolus.starts_with("<rect")) << bolus;
  EXPECT_NE(tocilizumab.find("#0369a1"), std::string::npos) << tocilizumab;
  EXPECT_NE(steroid.find("#7e22ce"), std::string::npos) << steroid;
  EXPECT_NE(anakinra.find("#be185d"), std::string::npos) << anakinra;
  EXPECT_NE(paracetamol.find("#d97706"), std::string::npos) << paracetamol;
  EXPECT_NE(bolus.find("#0f766e"), std::string::npos) << bolus;
  for (const std::string_view name :
       {"tocilizumab", "dexamethasone, methylprednisolone", "anakinra, siltuximab",
        "paracetamol, ibuprofen", "levetiracetam", "fluid bolus"}) {
    EXPECT_NE(svg.find(">" + std::string(name) + "</text>", svg.find("aria-label=\"Legend\"")),
              std::string::npos)
        << name;
  }
  EXPECT_NE(svg.find("Treatments given: tocilizumab x1, anakinra x1, dexamethasone x1, "
                     "paracetamol x1, fluid bolus x1."),
            std::string::npos);
}

TEST(TimelineSvg, ADoseAfterTheLastAssessmentWidensTheAxis) {
  core::PatientCourse course = Course();
  const std::string before = CourseToSvg(course);
  course.treatments.push_back({kInfusion + 7 * 24 * kHour, Drug(core::Drug::kLevetiracetam, 500)});
  const std::string after = CourseToSvg(course);
  EXPECT_EQ(before.find(">7</text>"), std::string::npos);  // the axis ended on day 4
  EXPECT_NE(after.find(">7</text>"), std::string::npos);
  EXPECT_TRUE(ElementWithTooltip(after, "levetiracetam 500 mg at 2026-03-08T10:00:00Z")
                  .starts_with("<circle"));
}

TEST(TimelineSvg, EscapesAHostilePatientId) {
  const std::string hostile = "<script>alert('x')</script>&\"\x01\xc3";
  const std::string svg = CourseToSvg(Course(hostile));
  EXPECT_TRUE(BalancedTags(svg));
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\xEF\xBF\xBD"
                     "\xEF\xBF\xBD</title>"),
            std::string::npos);
}

TEST(Svg, EscapeKeepsValidUtf8AndReplacesTheRest) {
  EXPECT_EQ(svg::Escape("38 \u00B0C & <b>"), "38 \u00B0C &amp; &lt;b&gt;");
  EXPECT_EQ(svg::Escape("a\xC0\xAF"
                        "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");                                                                  // overlong
  EXPECT_EQ(svg::Escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(svg::Escape("tab\tok"), "tab\tok");
}

TEST(Svg, TicksAndCoordinates) {
  EXPECT_EQ(svg::NiceTicks(35.0, 41.0, 7), (std::vector<double>{35, 36, 37, 38, 39, 40, 41}));
  EXPECT_EQ(svg::NiceTicks(40.0, 160.0, 7), (std::vector<double>{40, 60, 80, 100, 120, 140, 160}));
  EXPECT_TRUE(svg::NiceTicks(5.0, 5.0, 5).empty());
  EXPECT_EQ(svg::Coordinate(12.5), "12.5");
  EXPECT_EQ(svg::Coordinate(300.0), "300");
  EXPECT_EQ(svg::Coordinate(-0.001), "0");
  EXPECT_EQ(svg::Coordinate(1.0 / 3.0), "0.33");
}

// ---- The grader's reading in every view ------------------------------------------------------

// A high-flow nasal cannula at 4 L/min with fever: ASTCT 2019 grades it by its flow as low flow
// (CRS grading table footnote: low flow <= 6 L/min; flag hfnc_at_low_flow), so every view shows
// low flow beside grade 2. Then afebrile after tocilizumab on vasopressin alone.
core::PatientCourse HfncCourse() {
  core::PatientCourse course;
  course.systems = {core::GradingSystem::kAstct2019};
  core::Assessment hfnc = Adult();
  hfnc.temperature_celsius = 38.7;
  hfnc.hypotension = false;
  hfnc.oxygen = core::OxygenSupport{core::OxygenDevice::kHighFlowNasalCannula, 4.0,
                                    core::OxygenReason::kCrs, std::nullopt};
  core::AssessmentPoint p1 = Point(kInfusion + 30 * kHour, hfnc, course.systems);
  p1.treatments = {Drug(core::Drug::kTocilizumab, 560.0)};

  core::Assessment pressor = Adult();
  pressor.temperature_celsius = 37.2;
  pressor.fever_masked = true;
  pressor.vasopressors = core::VasopressorSet{core::Vasopressor::kVasopressin};
  core::AssessmentPoint p2 = Point(kInfusion + 34 * kHour, pressor, course.systems);
  p2.fever_masked_derived = true;
  p2.fever_masked_by = core::TimedTreatment{p1.time, p1.treatments[0]};

  course.points = {p1, p2};
  course.treatments = {{p1.time, p1.treatments[0]}};
  course.summary.patient_id = "P-HFNC";
  course.summary.infusion = core::Infusion{core::Product::kAxiCel, kInfusion};
  return course;
}

TEST(GraderReading, TheHfncPointIsGradedAsLowFlow) {
  const core::PatientCourse course = HfncCourse();
  const core::CrsGrading& crs = course.points[0].astct.crs;
  EXPECT_EQ(crs.grade, 2);
  EXPECT_TRUE(crs.flags.Contains(core::FlagId::kHfncAtLowFlow));
  EXPECT_EQ(crs.reading.oxygen, core::OxygenTier::kLowFlow);
}

TEST(GraderReading, JsonShowsLowFlowAndTheMaskingDose) {
  const auto json = nlohmann::json::parse(CourseToJson(HfncCourse()));
  const auto& hfnc = json["points"][0];
  EXPECT_EQ(hfnc["findings"]["oxygen"]["device"], "high_flow_nasal_cannula");
  EXPECT_EQ(hfnc["crs"]["grade"], 2);
  EXPECT_EQ(hfnc["crs"]["reading"]["oxygen_tier"], "low_flow");
  EXPECT_EQ(hfnc["crs"]["reading"]["oxygen_not_for_crs"], false);
  EXPECT_EQ(hfnc["crs"]["reading"]["fever"], "fever");
  EXPECT_EQ(hfnc["derived"]["fever_masked_by"], nullptr);

  const auto& pressor = json["points"][1];
  EXPECT_EQ(pressor["crs"]["reading"]["counted_vasopressors"], 0);
  EXPECT_EQ(pressor["crs"]["reading"]["vasopressin"], true);
  EXPECT_EQ(pressor["crs"]["reading"]["vasopressin_only"], true);
  EXPECT_EQ(pressor["crs"]["reading"]["fever"], "absent");
  EXPECT_EQ(pressor["crs"]["reading"]["graded_without_fever"], true);
  EXPECT_EQ(pressor["crs"]["reading"]["oxygen_tier"], "room_air");
  EXPECT_EQ(pressor["derived"]["fever_masked_by"],
            nlohmann::json::parse(R"({"time":"2026-03-02T16:00:00Z","drug":"tocilizumab",
              "dose_mg":560.0,"fever_masking":"anti_cytokine","source":"ASTCT-2019",
              "locator":"CRS grading table footnote: fever no longer required after antipyretic or anti-cytokine therapy"})"));
}

TEST(GraderReading, CsvShowsLowFlow) {
  const std::string csv = CourseToCsv(HfncCourse());
  const std::vector<std::string> header = SplitCsvLine(csv.substr(0, csv.find('\n')));
  const std::size_t start = csv.find('\n') + 1;
  const std::vector<std::string> hfnc =
      SplitCsvLine(csv.substr(start, csv.find('\n', start) - start));
  const auto column = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_EQ(hfnc.size(), header.size());
  EXPECT_EQ(hfnc[column("oxygen_device")], "high_flow_nasal_cannula");
  EXPECT_EQ(hfnc[column("o2_flow_l_min")], "4");
  EXPECT_EQ(hfnc[column("oxygen_level")], "1");  // low flow, as graded (not 2, high flow)
  EXPECT_EQ(hfnc[column("crs_grade")], "2");
}

TEST(GraderReading, TextShowsLowFlowAndWhyFeverWasMasked) {
  const std::string text = CourseToText(HfncCourse());
  EXPECT_NE(text.find("O2 tier"), std::string::npos) << text;
  const std::size_t row = text.find("2026-03-02 16:00");
  ASSERT_NE(row, std::string::npos) << text;
  const std::string line = text.substr(row, text.find('\n', row) - row);
  EXPECT_NE(line.find("4 L/min"), std::string::npos) << line;
  EXPECT_NE(line.find("low flow"), std::string::npos) << line;
  EXPECT_EQ(line.find("high flow "), std::string::npos) << line;
  EXPECT_NE(text.find("Fever masked by tocilizumab 560 mg given 2026-03-02 16:00 during CRS: fever "
                      "no longer required for CRS at 2026-03-02 20:00"),
            std::string::npos)
      << text;
}

TEST(GraderReading, SvgBandsFollowTheGrader) {
  const std::string svg = CourseToSvg(HfncCourse());
  const std::string band = ElementWithTooltip(
      svg,
      "low flow: " + std::string(core::TermOf(core::OxygenDevice::kHighFlowNasalCannula).display) +
          " 4 L/min");
  ASSERT_FALSE(band.empty()) << svg;
  EXPECT_NE(band.find("#bfdbfe"), std::string::npos) << band;  // the low-flow colour
  EXPECT_EQ(svg.find("<title>high flow: "), std::string::npos);
  // Vasopressin alone: the lightest vasopressor colour.
  const std::string pressor = ElementWithTooltip(svg, "vasopressin");
  EXPECT_NE(pressor.find("#fecaca"), std::string::npos) << pressor;
}

TEST(TimelineCsv, EveryRowHasAsManyCellsAsTheHeaderWithEverySystem) {
  core::PatientCourse course = Course("P,\"1\"\n");
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    course.systems.Add(system.id);
  }
  for (core::AssessmentPoint& point : course.points) {
    point = Point(point.time, point.effective, course.systems);
  }
  course.points.push_back(HfncCourse().points[0]);  // graded by ASTCT only: empty older grades
  const std::string csv = CourseToCsv(course);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < csv.size();) {
    const std::size_t end = csv.find('\n', start);
    // A quoted field may hold a line break: join until the quotes balance.
    std::string line = csv.substr(start, end - start);
    start = end + 1;
    while (std::count(line.begin(), line.end(), '"') % 2 != 0 && start < csv.size()) {
      const std::size_t next = csv.find('\n', start);
      line += "\n" + csv.substr(start, next - start);
      start = next + 1;
    }
    lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), course.points.size() + 1);
  const std::vector<std::string> header = SplitCsvLine(lines[0]);
  EXPECT_EQ(header.size(), 27u + 3u * (core::kGradingSystemCount - 1) + 1u);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(SplitCsvLine(lines[i]).size(), header.size()) << lines[i];
  }
}

}  // namespace
}  // namespace cartwatch::adapters
