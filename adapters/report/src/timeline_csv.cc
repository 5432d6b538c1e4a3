// The course as CSV: one row per graded assessment with its findings as graded and its grades
// (columns in docs/timeline-output.md). Quoting as RFC 4180 (lines end in LF): fields holding a
// comma, quote or line break are quoted; an empty field means not recorded (or, for grades, not
// assessed).
#include <string>
#include <vector>

#include "cartwatch/adapters/text_support.h"
#include "cartwatch/adapters/timeline_report.h"
#include "course_view.h"
#include "csv_columns.h"

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
  text::AppendCsvCell(line, value);
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

// One row of the view: a graded point of the course.
struct PointRow {
  const core::PatientCourse& course;
  const core::AssessmentPoint& point;
};
using Columns = csv_columns::Columns<PointRow>;

// The three columns of a syndrome's grade, e.g. crs_grade, crs_lower_bound,
// crs_max_possible_grade; `grading` gives the grading of a row, or nullptr when it has none.
template <typename GradingOf>
void AddSyndromeColumns(Columns& columns, const std::string& prefix, GradingOf grading) {
  columns.push_back({prefix + "_grade", [grading](const PointRow& row) {
                       const core::SyndromeGrading* g = grading(row);
                       return g && g->assessed ? std::to_string(g->grade) : std::string();
                     }});
  columns.push_back({prefix + "_lower_bound", [grading](const PointRow& row) {
                       const core::SyndromeGrading* g = grading(row);
                       return g && g->assessed ? Bool(g->lower_bound()) : std::string();
                     }});
  columns.push_back({prefix + "_max_possible_grade", [grading](const PointRow& row) {
                       const core::SyndromeGrading* g = grading(row);
                       return g && g->assessed ? std::to_string(g->max_possible_grade)
                                               : std::string();
                     }});
}

std::string VasopressorCodes(const core::Assessment& a) {
  if (!a.vasopressors) return {};
  std::string agents;
  for (const auto& term : core::Terms(core::Vasopressor{})) {
    if (!a.vasopressors->Contains(term.value)) continue;
    if (!agents.empty()) agents += ';';
    agents += term.code;
  }
  return agents.empty() ? std::string("none") : agents;
}

std::string CarriedCodes(const core::AssessmentPoint& point) {
  std::string carried;
  for (int i = 0; i < core::kCarriedFindingCount; ++i) {
    const auto finding = static_cast<core::CarriedFinding>(i);
    if (!point.carried.Contains(finding)) continue;
    if (!carried.empty()) carried += ';';
    carried += core::CodeOf(finding);
  }
  return carried;
}

// The columns of the view, in order (docs/timeline-output.md): the header and every row are
// written from this one table. Clinical readings (counted vasopressors, oxygen level) are those of
// the grading result.
Columns CourseColumns(const core::GradingSystemSet& systems) {
  using Row = const PointRow&;
  Columns columns = {
      {"patient_id", [](Row r) { return r.course.summary.patient_id; }},
      {"time", [](Row r) { return core::FormatRfc3339Utc(r.point.time); }},
      {"hours_post_infusion", [](Row r) { return Optional(r.point.hours_post_infusion); }},
      {"day_post_infusion",
       [](Row r) {
         return r.point.hours_post_infusion
                    ? std::to_string(core::DayAfterInfusion(*r.point.hours_post_infusion))
                    : std::string();
       }},
      {"before_infusion", [](Row r) { return Bool(r.point.before_infusion); }},
      {"temperature_c", [](Row r) { return Optional(r.point.effective.temperature_celsius); }},
      {"fever_masked", [](Row r) { return Optional(r.point.effective.fever_masked); }},
      {"fever_masked_derived", [](Row r) { return Bool(r.point.fever_masked_derived); }},
      {"systolic_bp_mmhg", [](Row r) { return Optional(r.point.blood_pressure.systolic_mmhg); }},
      {"mean_bp_mmhg", [](Row r) { return Optional(r.point.blood_pressure.mean_mmhg); }},
      {"hypotension", [](Row r) { return Optional(r.point.effective.hypotension); }},
      {"hypotension_from_vitals", [](Row r) { return Bool(r.point.hypotension_from_vitals); }},
      {"vasopressors", [](Row r) { return VasopressorCodes(r.point.effective); }},
      {"counted_vasopressors",
       [](Row r) {
         return r.point.effective.vasopressors
                    ? std::to_string(r.point.astct.crs.reading.vasopressors_excluding_vasopressin)
                    : std::string();
       }},
      {"oxygen_device",
       [](Row r) {
         const auto& oxygen = r.point.effective.oxygen;
         return oxygen ? std::string(core::TermOf(oxygen->device).code) : std::string();
       }},
      {"o2_flow_l_min",
       [](Row r) {
         const auto& oxygen = r.point.effective.oxygen;
         return oxygen ? Optional(oxygen->flow_l_per_min) : std::string();
       }},
      {"fio2_percent",
       [](Row r) {
         const auto& oxygen = r.point.effective.oxygen;
         return oxygen ? Optional(oxygen->fio2_percent) : std::string();
       }},
      {"oxygen_level",
       [](Row r) { return Optional(course_view::OxygenLevelNumber(r.point.astct.crs.reading)); }},
      {"ice_score", [](Row r) { return Optional(r.point.astct.icans.ice_score); }},
      {"capd_score", [](Row r) { return Optional(r.point.astct.icans.capd_score); }},
      {"carried", [](Row r) { return CarriedCodes(r.point); }},
  };
  AddSyndromeColumns(columns, "crs",
                     [](Row r) -> const core::SyndromeGrading* { return &r.point.astct.crs; });
  AddSyndromeColumns(columns, "icans",
                     [](Row r) -> const core::SyndromeGrading* { return &r.point.astct.icans; });
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    if (system.id == core::GradingSystem::kAstct2019 || !systems.Contains(system.id)) continue;
    const auto index = static_cast<std::size_t>(system.id);
    AddSyndromeColumns(columns, "crs_" + std::string(system.key),
                       [index](Row r) -> const core::SyndromeGrading* {
                         const auto& grading = r.point.crs_by_system[index];
                         return grading ? &*grading : nullptr;
                       });
  }
  columns.push_back({"treatments", [](Row r) {
                       std::string given;
                       for (const core::Treatment& treatment : r.point.treatments) {
                         if (!given.empty()) given += ';';
                         given += course_view::TreatmentText(treatment);
                       }
                       return given;
                     }});
  return columns;
}

void AppendLine(std::string& out, const std::vector<std::string>& fields) {
  Record line;
  for (const std::string& field : fields) Field(line, field);
  out += line.text + "\n";
}

}  // namespace

std::string CourseToCsv(const core::PatientCourse& course) {
  const Columns columns = CourseColumns(course.systems);
  std::string out;
  AppendLine(out, csv_columns::Header(columns));
  for (const core::AssessmentPoint& point : course.points) {
    AppendLine(out, csv_columns::Cells(columns, PointRow{course, point}));
  }
  return out;
}

}  // namespace cartwatch::adapters
