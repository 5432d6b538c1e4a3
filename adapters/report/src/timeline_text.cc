// The course as plain text for the bedside: one table row per graded assessment, and a row of its
// own for treatments given between assessments, then the episodes, the tocilizumab responses and
// the drugs. Carried values are marked with '*', grades that are only lower bounds with ">=".
// Times are UTC.
#include <algorithm>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "cartwatch/adapters/timeline_report.h"
#include "course_view.h"

namespace cartwatch::adapters {
namespace {

using course_view::Fixed;

struct Column {
  std::string_view title;
  std::size_t width;
};

// Day, time, hours after infusion, temperature, SBP/MAP, pressors, O2, the oxygen tier the grader
// read, ICE/CAPD, CRS, ICANS, given.
constexpr Column kColumns[] = {{"Day", 4},      {"Time (UTC)", 17}, {"Hour", 7},  {"Temp C", 7},
                               {"SBP/MAP", 9},  {"Pressors", 26},   {"O2", 33},   {"O2 tier", 17},
                               {"ICE/CAPD", 9}, {"CRS", 5},         {"ICANS", 6}, {"Given", 0}};

void Cell(std::string& line, std::string_view text, std::size_t width) {
  line += text;
  if (width == 0) return;
  if (text.size() < width) line.append(width - text.size(), ' ');
  line += ' ';
}

std::string Mark(bool carried) { return carried ? "*" : ""; }

std::string TimeText(core::UnixSeconds time) {
  std::string text = core::FormatRfc3339Utc(time);  // 2026-03-01T20:00:00Z
  if (text.size() >= 16) text = text.substr(0, 10) + " " + text.substr(11, 5);
  return text;
}

std::string HoursText(const std::optional<double>& hours) {
  if (!hours) return "?";
  return (*hours >= 0 ? "+" : "") + Fixed(*hours, 1);
}

std::string GivenText(std::span<const core::TimedTreatment> given) {
  std::string text;
  for (const core::TimedTreatment& treatment : given) {
    if (!text.empty()) text += ", ";
    text += course_view::TreatmentText(treatment.treatment);
  }
  return text;
}

std::string TrimEnd(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

// Treatments given at an instant with no assessment: only the time columns and Given are filled.
std::string TreatmentRow(core::UnixSeconds time, const std::optional<double>& hours,
                         std::span<const core::TimedTreatment> given) {
  std::string line;
  std::size_t column = 0;
  auto cell = [&](std::string_view text) { Cell(line, text, kColumns[column++].width); };
  cell(hours ? std::to_string(core::DayAfterInfusion(*hours)) : "?");
  cell(TimeText(time));
  cell(HoursText(hours));
  while (column + 1 < std::size(kColumns)) cell("");
  cell(GivenText(given));
  return TrimEnd(std::move(line));
}

std::string Row(const core::AssessmentPoint& point, std::span<const core::TimedTreatment> given) {
  const core::Assessment& a = point.effective;
  std::string line;
  std::size_t column = 0;
  auto cell = [&](std::string_view text) { Cell(line, text, kColumns[column++].width); };
  cell(point.hours_post_infusion
           ? std::to_string(core::DayAfterInfusion(*point.hours_post_infusion))
           : "?");
  cell(TimeText(point.time));
  cell(HoursText(point.hours_post_infusion));

  std::string temperature;
  if (a.temperature_celsius) {
    temperature = Fixed(*a.temperature_celsius, 1) +
                  Mark(point.carried.Contains(core::CarriedFinding::kTemperature));
  }
  if (point.astct.crs.reading.fever_masked) temperature += "m";
  cell(temperature);

  const bool bp_carried = point.carried.Contains(core::CarriedFinding::kBloodPressure);
  std::string pressure;
  if (point.blood_pressure.systolic_mmhg || point.blood_pressure.mean_mmhg) {
    pressure = (point.blood_pressure.systolic_mmhg
                    ? core::ShortestText(*point.blood_pressure.systolic_mmhg)
                    : std::string("-")) +
               "/" +
               (point.blood_pressure.mean_mmhg ? core::ShortestText(*point.blood_pressure.mean_mmhg)
                                               : std::string("-")) +
               Mark(bp_carried);
  }
  if (a.hypotension == true) pressure += point.hypotension_from_vitals ? " L" : " H";
  cell(pressure);
  std::string pressors = course_view::VasopressorText(a);
  if (!pressors.empty()) {
    pressors += Mark(point.carried.Contains(core::CarriedFinding::kVasopressors));
  }
  cell(pressors);
  std::string oxygen = course_view::OxygenText(a);
  if (!oxygen.empty()) oxygen += Mark(point.carried.Contains(core::CarriedFinding::kOxygen));
  cell(oxygen);
  cell(course_view::OxygenTierText(point.astct.crs.reading));
  std::string neuro = course_view::NeuroScoreText(point.astct.icans);
  if (!neuro.empty()) neuro += Mark(point.carried.Contains(core::CarriedFinding::kNeuroScore));
  cell(neuro);
  cell(course_view::GradeText(point.astct.crs));
  cell(course_view::GradeText(point.astct.icans));
  cell(GivenText(given));
  return TrimEnd(std::move(line));
}

// The table: points and treatments merged in time order; the treatments of one instant go on the
// point of that instant, or on a row of their own when there is none.
std::string Table(const core::PatientCourse& course) {
  const std::vector<core::TimedTreatment> treatments = course_view::CourseTreatments(course);
  const std::span<const core::TimedTreatment> all(treatments);
  std::string out;
  std::size_t next = 0;
  // The treatments at `time`, from `next` on (all earlier ones are already written).
  auto given_at = [&](core::UnixSeconds time) {
    const std::size_t first = next;
    while (next < all.size() && all[next].time == time) ++next;
    return all.subspan(first, next - first);
  };
  auto flush_before = [&](std::optional<core::UnixSeconds> limit) {
    while (next < all.size() && (!limit || all[next].time < *limit)) {
      const core::UnixSeconds time = all[next].time;
      out += TreatmentRow(time, course_view::HoursAfterInfusion(course.summary, time),
                          given_at(time)) +
             "\n";
    }
  };
  for (const core::AssessmentPoint& point : course.points) {
    flush_before(point.time);
    out += Row(point, given_at(point.time)) + "\n";
  }
  flush_before(std::nullopt);
  return out;
}

std::string WhenText(core::UnixSeconds time, const std::optional<double>& hours,
                     const std::optional<int>& day) {
  std::string text;
  if (day) text += "day " + std::to_string(*day) + " ";
  if (hours) text += "(" + HoursText(hours) + " h) ";
  return text + TimeText(time);
}

void AppendEpisodes(std::string& out, std::string_view name,
                    const std::vector<core::Episode>& episodes,
                    const std::optional<core::UnixSeconds>& infusion) {
  if (episodes.empty()) {
    out += std::string(name) + " episodes: none\n";
    return;
  }
  int number = 0;
  for (const core::Episode& e : episodes) {
    ++number;
    out += std::string(name) + " episode " + std::to_string(number) + ": onset " +
           WhenText(e.onset, e.onset_hours, e.onset_day) + "; peak grade " +
           (e.peak_lower_bound ? ">=" : "") + std::to_string(e.peak_grade) + " at " +
           TimeText(e.peak_time) + " (time to peak " + Fixed(e.time_to_peak_hours, 1) + " h); ";
    if (e.ongoing || !e.resolution) {
      out += "ongoing at the last assessment (not resolved)";
    } else {
      std::optional<double> hours;
      std::optional<int> day;
      if (infusion) {
        hours = core::HoursBetween(*infusion, *e.resolution);
        day = core::DayAfterInfusion(*hours);
      }
      out += "resolved " + WhenText(*e.resolution, hours, day);
      if (e.duration_hours) {
        out += ", duration " + Fixed(*e.duration_hours, 1) + " h (" +
               Fixed(*e.duration_hours / 24.0, 1) + " d)";
      }
    }
    if (e.longest_gap_hours) {
      out += "; gap in the record of " + Fixed(*e.longest_gap_hours, 1) + " h";
    }
    out += "\n";
  }
}

void AppendHoursInGrade(std::string& out, std::string_view name, const std::array<double, 6>& hours,
                        double unobserved) {
  out += "Time in " + std::string(name) + " grade:";
  for (std::size_t grade = 0; grade < hours.size(); ++grade) {
    if (hours[grade] <= 0.0 && grade > 0) continue;
    out += " " + std::to_string(grade) + ": " + Fixed(hours[grade], 1) + " h;";
  }
  out += " unobserved: " + Fixed(unobserved, 1) + " h\n";
}

std::string_view ResponseText(core::TocilizumabResponse response) {
  return core::TermOf(response).display;
}

// One line per dose that masked fever on the course, with the points it masked: why a point with
// "m" was graded without fever.
void AppendFeverMasking(std::string& out, const core::PatientCourse& course) {
  const core::AssessmentPoint* first = nullptr;
  const core::AssessmentPoint* last = nullptr;
  auto flush = [&] {
    if (first == nullptr) return;
    const core::TimedTreatment& dose = *first->fever_masked_by;
    out += "Fever masked by " + course_view::TreatmentText(dose.treatment) + " given " +
           TimeText(dose.time) + " during CRS: fever no longer required for CRS ";
    out += last == first ? "at " + TimeText(first->time)
                         : "from " + TimeText(first->time) + " to " + TimeText(last->time);
    out += " (ASTCT 2019 CRS grading table footnote)\n";
    first = last = nullptr;
  };
  for (const core::AssessmentPoint& point : course.points) {
    if (!point.fever_masked_by) continue;
    if (first != nullptr &&
        (first->fever_masked_by->time != point.fever_masked_by->time ||
         first->fever_masked_by->treatment.drug != point.fever_masked_by->treatment.drug)) {
      flush();
    }
    if (first == nullptr) first = &point;
    last = &point;
  }
  flush();
}

}  // namespace

std::string CourseToText(const core::PatientCourse& course) {
  const core::PatientSummary& s = course.summary;
  std::string out = "Patient " + course_view::PrintableText(s.patient_id) + " - product " +
                    course_view::ProductText(s);
  if (s.infusion) {
    out += ", infusion (day 0) " + TimeText(s.infusion->time) + " UTC";
  } else {
    out += ", infusion not known (days after infusion cannot be given)";
  }
  out += "\n" + std::to_string(s.assessments) + " graded assessments";
  if (s.baseline_assessments > 0) {
    out += " (+" + std::to_string(s.baseline_assessments) + " before infusion)";
  }
  out += "; ASTCT 2019 grades.\n\n";

  std::string header;
  for (const Column& column : kColumns) Cell(header, column.title, column.width);
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out += header + "\n";
  out += Table(course);
  out +=
      "* carried from an earlier entry; m fever masked (antipyretic or anti-cytokine given); "
      "L hypotension from the vital signs, H charted; O2 tier: the oxygen support as graded "
      "(ASTCT 2019); >=n lower bound (findings missing); a row with only Given: treatments "
      "between assessments.\n\n";

  const std::optional<core::UnixSeconds> infusion =
      s.infusion ? std::optional<core::UnixSeconds>(s.infusion->time) : std::nullopt;
  AppendEpisodes(out, "CRS", s.crs_episodes, infusion);
  AppendEpisodes(out, "ICANS", s.icans_episodes, infusion);
  AppendHoursInGrade(out, "CRS", s.hours_in_crs_grade, s.hours_unobserved);
  AppendHoursInGrade(out, "ICANS", s.hours_in_icans_grade, s.icans_hours_unobserved);

  out += "Highest CRS grade:";
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    const auto index = static_cast<std::size_t>(system.id);
    if (!s.max_crs_grade[index]) continue;
    out += " " + std::string(system.name) + " " + (s.max_crs_lower_bound[index] ? ">=" : "") +
           std::to_string(*s.max_crs_grade[index]) + ";";
  }
  out += " highest ICANS grade: " + std::string(s.max_icans_lower_bound ? ">=" : "") +
         std::to_string(s.max_icans_grade) + "\n";

  if (s.tocilizumab.empty()) {
    out += "Tocilizumab: none given\n";
  } else {
    int number = 0;
    for (const core::TocilizumabDose& dose : s.tocilizumab) {
      ++number;
      out += "Tocilizumab dose " + std::to_string(number) + ": " + TimeText(dose.time);
      if (dose.dose_mg) out += ", " + core::ShortestText(*dose.dose_mg) + " mg";
      out += ", at CRS grade " + std::to_string(dose.crs_grade_at_dose) + ": " +
             std::string(ResponseText(dose.response));
      if (dose.response_time) {
        out += " at " + TimeText(*dose.response_time) + " (+" +
               Fixed(core::HoursBetween(dose.time, *dose.response_time), 1) + " h)";
      }
      out += "\n";
    }
  }

  AppendFeverMasking(out, course);

  std::string drugs;
  for (const core::DrugInfo& drug : core::Drugs()) {
    const core::DrugUse& use = s.drugs[static_cast<std::size_t>(drug.drug)];
    if (use.doses == 0) continue;
    if (!drugs.empty()) drugs += "; ";
    drugs += std::string(drug.code) + " x" + std::to_string(use.doses);
    if (use.first) drugs += " (first " + TimeText(*use.first) + ")";
  }
  out += "Drugs: " + (drugs.empty() ? std::string("none recorded") : drugs);
  if (s.fluid_boluses > 0) out += "; fluid boluses x" + std::to_string(s.fluid_boluses);
  out += "\n\n";
  out += course_view::kDecisionSupport;
  out += "\n";
  return out;
}

}  // namespace cartwatch::adapters
