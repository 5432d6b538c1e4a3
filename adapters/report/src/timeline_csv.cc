// The course as CSV: one row per graded assessment with its findings as graded and its grades
// (columns in docs/timeline-output.md). Quoting as RFC 4180 (lines end in LF): fields holding a
// comma, quote or line break are quoted; an empty field means not recorded (or, for grades, not
// assessed).
#include <string>

#include "cartwatch/adapters/timeline_report.h"
#include "course_view.h"

namespace cartwatch::adapters {
namespace {

// One CSV record being built; the first field gets no separator, even when empty.
struct Record {
  std::string text;
  bool first = true;
};

void Field(Record& record, std::string_view value) {
  std::string& line = record.text;
  if (!record.first) line += ',';
  record.first = false;
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += value;
    return;
  }
  line += '"';
  for (const char c : value) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

template <typename T>
std::string Optional(const std::optional<T>& value) {
  if (!value) return {};
  if constexpr (std::is_same_v<T, bool>) {
    return *value ? "true" : "false";
  } else if constexpr (std::is_same_v<T, double>) {
    return core::ShortestText(*value);
  } else {
    return std::to_string(*value);
  }
}

std::string Bool(bool value) { return value ? "true" : "false"; }

void SyndromeFields(Record& line, const core::SyndromeGrading& grading) {
  Field(line, grading.assessed ? std::to_string(grading.grade) : "");
  Field(line, grading.assessed ? Bool(grading.lower_bound()) : "");
  Field(line, grading.assessed ? std::to_string(grading.max_possible_grade) : "");
}

}  // namespace

std::string CourseToCsv(const core::PatientCourse& course) {
  std::string out;
  Record header;
  for (const std::string_view name : {"patient_id",
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
                                      "icans_max_possible_grade"}) {
    Field(header, name);
  }
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    if (system.id == core::GradingSystem::kAstct2019 || !course.systems.Contains(system.id)) {
      continue;
    }
    const std::string key(system.key);
    Field(header, "crs_" + key + "_grade");
    Field(header, "crs_" + key + "_lower_bound");
    Field(header, "crs_" + key + "_max_possible_grade");
  }
  Field(header, "treatments");
  out += header.text + "\n";

  for (const core::AssessmentPoint& point : course.points) {
    const core::Assessment& a = point.effective;
    Record line;
    Field(line, course.summary.patient_id);
    Field(line, core::FormatRfc3339Utc(point.time));
    Field(line, Optional(point.hours_post_infusion));
    Field(line, point.hours_post_infusion
                    ? std::to_string(course_view::DayOf(*point.hours_post_infusion))
                    : "");
    Field(line, Bool(point.before_infusion));
    Field(line, Optional(a.temperature_celsius));
    Field(line, Optional(a.fever_masked));
    Field(line, Bool(point.fever_masked_derived));
    Field(line, Optional(point.blood_pressure.systolic_mmhg));
    Field(line, Optional(point.blood_pressure.mean_mmhg));
    Field(line, Optional(a.hypotension));
    Field(line, Bool(point.hypotension_from_vitals));
    std::string agents;
    if (a.vasopressors) {
      for (const auto& term : core::Terms(core::Vasopressor{})) {
        if (!a.vasopressors->Contains(term.value)) continue;
        if (!agents.empty()) agents += ';';
        agents += term.code;
      }
      if (agents.empty()) agents = "none";
    }
    Field(line, agents);
    Field(line, a.vasopressors ? std::to_string(course_view::CountedVasopressors(a)) : "");
    Field(line, a.oxygen ? std::string(core::TermOf(a.oxygen->device).code) : "");
    Field(line, a.oxygen ? Optional(a.oxygen->flow_l_per_min) : "");
    Field(line, a.oxygen ? Optional(a.oxygen->fio2_percent) : "");
    const auto level = course_view::OxygenLevelOf(a);
    Field(line, level ? std::to_string(static_cast<int>(*level)) : "");
    Field(line, Optional(point.astct.icans.ice_score));
    Field(line, Optional(point.astct.icans.capd_score));
    std::string carried;
    for (int i = 0; i < core::kCarriedFindingCount; ++i) {
      const auto finding = static_cast<core::CarriedFinding>(i);
      if (!point.carried.Contains(finding)) continue;
      if (!carried.empty()) carried += ';';
      carried += core::CodeOf(finding);
    }
    Field(line, carried);
    SyndromeFields(line, point.astct.crs);
    SyndromeFields(line, point.astct.icans);
    for (const core::GradingSystemInfo& system : core::GradingSystems()) {
      if (system.id == core::GradingSystem::kAstct2019 || !course.systems.Contains(system.id)) {
        continue;
      }
      const auto& grading = point.crs_by_system[static_cast<std::size_t>(system.id)];
      if (grading) {
        SyndromeFields(line, *grading);
      } else {
        Field(line, "");
        Field(line, "");
        Field(line, "");
      }
    }
    std::string given;
    for (const core::Treatment& treatment : point.treatments) {
      if (!given.empty()) given += ';';
      given += course_view::TreatmentText(treatment);
    }
    Field(line, given);
    out += line.text + "\n";
  }
  return out;
}

}  // namespace cartwatch::adapters
