// The course as a standalone SVG chart against days after infusion: stacked panels of temperature
// (with the 38 degC fever line), systolic and mean arterial pressure, oxygen support and
// vasopressors, CRS and ICANS grade bands, and every treatment at its own time in lanes by class
// (tocilizumab, corticosteroids, anakinra/siltuximab, antipyretics, fluids and other drugs). No
// script, no external resource; every text is escaped (svg.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cartwatch/adapters/timeline_report.h"
#include "cartwatch/core/vocabulary.h"
#include "course_view.h"
#include "svg.h"

namespace cartwatch::adapters {
namespace {

using course_view::Fixed;
using Points = std::vector<std::pair<double, double>>;

constexpr double kWidth = 1000.0;
constexpr double kLeft = 150.0;  // room for the panel names left of the tick labels
constexpr double kRight = 970.0;
constexpr double kLabelRight = kLeft - 40.0;  // panel names end here; tick labels follow
constexpr double kLegendLeft = 30.0;
constexpr double kTemperatureTop = 70.0;
constexpr double kTemperatureHeight = 150.0;
constexpr double kPressureTop = kTemperatureTop + kTemperatureHeight + 25.0;
constexpr double kPressureHeight = 150.0;
constexpr double kSupportTop = kPressureTop + kPressureHeight + 25.0;
constexpr double kRowHeight = 22.0;
constexpr double kGradesTop = kSupportTop + 2 * kRowHeight + 20.0;
constexpr double kTreatmentTop = kGradesTop + 2 * kRowHeight + 20.0;
constexpr int kTreatmentLanes = 5;
constexpr double kLaneHeight = 16.0;
constexpr double kTreatmentHeight = kTreatmentLanes * kLaneHeight;
constexpr double kAxisY = kTreatmentTop + kTreatmentHeight;
constexpr double kLegendTop = kAxisY + 55.0;
constexpr double kHeight = kLegendTop + 140.0;

constexpr std::string_view kTemperatureColour = "#b91c1c";
constexpr std::string_view kSystolicColour = "#7f1d1d";
constexpr std::string_view kMeanColour = "#1d4ed8";
constexpr std::string_view kTocilizumabColour = "#0369a1";
constexpr std::string_view kSteroidColour = "#7e22ce";
constexpr std::string_view kAntiCytokineColour = "#be185d";
constexpr std::string_view kAntipyreticColour = "#d97706";
constexpr std::string_view kOtherDrugColour = "#6b7280";
constexpr std::string_view kFluidColour = "#0f766e";

// Oxygen support by the tier the grader read (core::CrsReading::oxygen), lightest to darkest.
std::string_view OxygenColour(core::OxygenTier tier) {
  switch (tier) {
    case core::OxygenTier::kRoomAir:
      return "#f1f5f9";
    case core::OxygenTier::kLowFlow:
      return "#bfdbfe";
    case core::OxygenTier::kHighFlow:
      return "#3b82f6";
    case core::OxygenTier::kPositivePressure:
      return "#1e3a8a";
    case core::OxygenTier::kNotRecorded:
      break;
  }
  return "#ffffff";
}

std::string_view PressorColour(int counted, bool vasopressin_only) {
  if (vasopressin_only) return "#fecaca";
  return counted >= 2 ? "#991b1b" : "#f87171";
}

// Where the chart's time axis starts: the infusion when known, else the first assessment.
struct TimeAxis {
  bool from_infusion = false;
  core::UnixSeconds zero = 0;
  double first_day = 0.0;
  double last_day = 1.0;
  svg::LinearScale x;

  // A coordinate in fractional days from `zero` (not the whole-day count of DayAfterInfusion).
  double Day(core::UnixSeconds time) const {
    return static_cast<double>(time - zero) / (24.0 * core::kSecondsPerHour);
  }
  // Clamped to the plot: a band held past the last day ends at the frame.
  double X(core::UnixSeconds time) const { return std::clamp(x(Day(time)), kLeft, kRight); }
};

TimeAxis MakeAxis(const core::PatientCourse& course) {
  TimeAxis axis;
  const core::PatientSummary& s = course.summary;
  if (s.infusion) {
    axis.from_infusion = true;
    axis.zero = s.infusion->time;
  } else if (!course.points.empty()) {
    axis.zero = course.points.front().time;
  }
  double first = 0.0;
  double last = 1.0;
  for (const core::AssessmentPoint& point : course.points) {
    first = std::min(first, axis.Day(point.time));
    last = std::max(last, axis.Day(point.time));
  }
  for (const core::TimedTreatment& given : course.treatments) {  // doses between or after points
    first = std::min(first, axis.Day(given.time));
    last = std::max(last, axis.Day(given.time));
  }
  axis.first_day = std::floor(first);
  axis.last_day = std::ceil(last);
  if (axis.last_day <= axis.first_day) axis.last_day = axis.first_day + 1.0;
  axis.x = svg::LinearScale{axis.first_day, axis.last_day, kLeft, kRight};
  return axis;
}

// End of a band drawn from `index`: the next point, at most `max_hours` later.
double BandEnd(const TimeAxis& axis, const std::vector<core::AssessmentPoint>& points,
               std::size_t index, double max_hours) {
  const core::UnixSeconds start = points[index].time;
  core::UnixSeconds end = start + static_cast<core::UnixSeconds>(max_hours * core::kSecondsPerHour);
  if (index + 1 < points.size()) end = std::min(end, points[index + 1].time);
  return axis.X(std::max(end, start + 900));  // at least 15 minutes wide, to stay visible
}

void PanelFrame(svg::Writer& chart, double top, double height, std::string_view label) {
  chart.Rect(kLeft, top, kRight - kLeft, height, svg::Style::Stroked("#9ca3af"));
  chart.Text(kLabelRight, top + height / 2.0, label, 11.0, "end", "#111", true);
}

void YAxis(svg::Writer& chart, const svg::LinearScale& y, double low, double high,
           std::string_view unit, double top) {
  for (const double tick : svg::NiceTicks(low, high, 7)) {
    chart.Line(kLeft - 4.0, y(tick), kLeft, y(tick), svg::Style::Stroked("#6b7280"));
    chart.Line(kLeft, y(tick), kRight, y(tick), svg::Style::Stroked("#eef0f3"));
    chart.Text(kLeft - 6.0, y(tick) + 4.0, core::ShortestText(tick), 10.0, "end", "#374151");
  }
  chart.Text(kLabelRight, top + 26.0, unit, 10.0, "end", "#374151");
}

void TemperaturePanel(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis) {
  double low = 35.0;
  double high = 41.0;
  for (const core::AssessmentPoint& point : course.points) {
    if (const auto& t = point.effective.temperature_celsius) {
      low = std::min(low, std::floor(*t - 0.5));
      high = std::max(high, std::ceil(*t + 0.5));
    }
  }
  const svg::LinearScale y{low, high, kTemperatureTop + kTemperatureHeight, kTemperatureTop};
  chart.OpenGroup("Temperature panel");
  PanelFrame(chart, kTemperatureTop, kTemperatureHeight, "Temperature");
  YAxis(chart, y, low, high, "\u00B0C", kTemperatureTop);
  chart.OpenGroup("fever threshold 38 \u00B0C");
  chart.Line(kLeft, y(core::kFeverThresholdCelsius), kRight, y(core::kFeverThresholdCelsius),
             svg::Style::Stroked("#dc2626", 1.2, "6 4"));
  chart.Text(kRight - 4.0, y(core::kFeverThresholdCelsius) - 4.0, "38 \u00B0C (fever, ASTCT 2019)",
             10.0, "end", "#dc2626");
  chart.CloseGroup();

  // Recorded temperatures only (carried values would draw flat lines); a long gap breaks the line.
  Points line;
  const double max_gap_hours = core::TimelineOptions{}.max_gap_hours;
  std::optional<core::UnixSeconds> previous;
  for (const core::AssessmentPoint& point : course.points) {
    const auto& t = point.effective.temperature_celsius;
    if (!t || point.carried.Contains(core::CarriedFinding::kTemperature)) continue;
    if (previous && core::HoursBetween(*previous, point.time) > max_gap_hours) {
      chart.Polyline(line, svg::Style::Stroked(kTemperatureColour, 1.5));
      line.clear();
    }
    previous = point.time;
    line.emplace_back(axis.X(point.time), y(*t));
    chart.Circle(axis.X(point.time), y(*t), 2.2, svg::Style::Filled(kTemperatureColour),
                 Fixed(*t, 1) + " \u00B0C at " + core::FormatRfc3339Utc(point.time));
  }
  chart.Polyline(line, svg::Style::Stroked(kTemperatureColour, 1.5));
  chart.CloseGroup();
}

void PressurePanel(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis) {
  double low = 40.0;
  double high = 160.0;
  for (const core::AssessmentPoint& point : course.points) {
    for (const auto& value : {point.blood_pressure.systolic_mmhg, point.blood_pressure.mean_mmhg}) {
      if (!value) continue;
      low = std::min(low, std::floor((*value - 10.0) / 10.0) * 10.0);
      high = std::max(high, std::ceil((*value + 10.0) / 10.0) * 10.0);
    }
  }
  const svg::LinearScale y{low, high, kPressureTop + kPressureHeight, kPressureTop};
  chart.OpenGroup("Blood pressure panel");
  PanelFrame(chart, kPressureTop, kPressureHeight, "Blood pressure");
  YAxis(chart, y, low, high, "mmHg", kPressureTop);
  const core::HypotensionThresholds thresholds;
  chart.Line(kLeft, y(thresholds.adult_systolic_below_mmhg), kRight,
             y(thresholds.adult_systolic_below_mmhg),
             svg::Style::Stroked(kSystolicColour, 0.8, "2 3"));
  chart.Line(kLeft, y(thresholds.adult_mean_below_mmhg), kRight,
             y(thresholds.adult_mean_below_mmhg), svg::Style::Stroked(kMeanColour, 0.8, "2 3"));
  chart.Text(kRight - 4.0, y(thresholds.adult_mean_below_mmhg) + 12.0,
             "adult thresholds: SBP " + core::ShortestText(thresholds.adult_systolic_below_mmhg) +
                 ", MAP " + core::ShortestText(thresholds.adult_mean_below_mmhg) + " mmHg",
             9.0, "end", "#6b7280");

  const double max_gap_hours = core::TimelineOptions{}.max_gap_hours;
  for (const bool systolic : {true, false}) {
    Points line;
    std::optional<core::UnixSeconds> previous;
    const svg::Style style =
        svg::Style::Stroked(systolic ? kSystolicColour : kMeanColour, 1.5, systolic ? "" : "5 3");
    for (const core::AssessmentPoint& point : course.points) {
      const auto& value =
          systolic ? point.blood_pressure.systolic_mmhg : point.blood_pressure.mean_mmhg;
      if (!value || point.carried.Contains(core::CarriedFinding::kBloodPressure)) continue;
      if (previous && core::HoursBetween(*previous, point.time) > max_gap_hours) {
        chart.Polyline(line, style);
        line.clear();
      }
      previous = point.time;
      line.emplace_back(axis.X(point.time), y(*value));
      chart.Circle(axis.X(point.time), y(*value), 1.8, svg::Style::Filled(style.stroke),
                   std::string(systolic ? "SBP " : "MAP ") + core::ShortestText(*value) +
                       " mmHg at " + core::FormatRfc3339Utc(point.time));
    }
    chart.Polyline(line, style);
  }
  chart.CloseGroup();
}

void SupportPanel(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis) {
  chart.OpenGroup("Oxygen support and vasopressors");
  PanelFrame(chart, kSupportTop, 2 * kRowHeight, "");
  chart.Text(kLabelRight, kSupportTop + 15.0, "Oxygen", 11.0, "end", "#111", true);
  chart.Text(kLabelRight, kSupportTop + kRowHeight + 15.0, "Vasopressors", 11.0, "end", "#111",
             true);
  const core::CarryLimits limits;
  const auto& points = course.points;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const core::AssessmentPoint& point = points[i];
    const double x = axis.X(point.time);
    // Both bands print what the ASTCT 2019 CRS grader read at this point.
    const core::CrsReading& reading = point.astct.crs.reading;
    if (reading.oxygen != core::OxygenTier::kNotRecorded) {
      const double end = BandEnd(axis, points, i, limits.For(core::CarriedFinding::kOxygen));
      std::string tooltip = std::string(core::TermOf(reading.oxygen).display) + ": " +
                            course_view::OxygenText(point.effective);
      if (reading.oxygen_not_for_crs) tooltip += "; not CRS hypoxia (not graded)";
      chart.Rect(x, kSupportTop + 1.0, end - x, kRowHeight - 2.0,
                 svg::Style::Filled(OxygenColour(reading.oxygen)), tooltip);
    }
    if (reading.vasopressin || reading.vasopressors_excluding_vasopressin > 0) {
      const double end = BandEnd(axis, points, i, limits.For(core::CarriedFinding::kVasopressors));
      chart.Rect(x, kSupportTop + kRowHeight + 1.0, end - x, kRowHeight - 2.0,
                 svg::Style::Filled(PressorColour(reading.vasopressors_excluding_vasopressin,
                                                  reading.VasopressinOnly())),
                 course_view::VasopressorText(point.effective));
    }
  }
  chart.CloseGroup();
}

void GradeRow(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis, bool crs,
              double top) {
  const auto& points = course.points;
  const double max_gap_hours = core::TimelineOptions{}.max_gap_hours;
  std::vector<std::size_t> assessed;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const core::SyndromeGrading& grading =
        crs ? static_cast<const core::SyndromeGrading&>(points[i].astct.crs)
            : static_cast<const core::SyndromeGrading&>(points[i].astct.icans);
    if (grading.assessed) assessed.push_back(i);
  }
  for (std::size_t k = 0; k < assessed.size(); ++k) {
    const core::AssessmentPoint& point = points[assessed[k]];
    const core::SyndromeGrading& grading =
        crs ? static_cast<const core::SyndromeGrading&>(point.astct.crs)
            : static_cast<const core::SyndromeGrading&>(point.astct.icans);
    // The grade holds until the next assessment of this syndrome, at most max_gap_hours.
    core::UnixSeconds end =
        point.time + static_cast<core::UnixSeconds>(max_gap_hours * core::kSecondsPerHour);
    if (k + 1 < assessed.size()) end = std::min(end, points[assessed[k + 1]].time);
    end = std::max(end, point.time + 900);
    const double x = axis.X(point.time);
    std::string tooltip = std::string(crs ? "CRS" : "ICANS") + " grade " +
                          course_view::GradeText(grading) + " at " +
                          core::FormatRfc3339Utc(point.time);
    if (grading.lower_bound()) {
      tooltip += " (lower bound, up to " + std::to_string(grading.max_possible_grade) + ")";
    }
    chart.Rect(x, top + 1.0, axis.X(end) - x, kRowHeight - 2.0,
               svg::Style::Filled(svg::GradeColour(grading.grade)), tooltip);
    if (grading.lower_bound()) {
      chart.Rect(x, top + 1.0, axis.X(end) - x, kRowHeight - 2.0,
                 svg::Style::Filled("url(#lower-bound)"));
    }
  }
}

void GradePanel(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis) {
  chart.OpenGroup("CRS and ICANS grade bands (ASTCT 2019)");
  PanelFrame(chart, kGradesTop, 2 * kRowHeight, "");
  chart.Text(kLabelRight, kGradesTop + 15.0, "CRS grade", 11.0, "end", "#111", true);
  chart.Text(kLabelRight, kGradesTop + kRowHeight + 15.0, "ICANS grade", 11.0, "end", "#111", true);
  GradeRow(chart, course, axis, true, kGradesTop);
  GradeRow(chart, course, axis, false, kGradesTop + kRowHeight);
  chart.CloseGroup();
}

// Lane of each treatment class, top to bottom, with its label (the legend spells them out).
int LaneOf(course_view::TreatmentClass treatment_class) {
  switch (treatment_class) {
    case course_view::TreatmentClass::kTocilizumab:
      return 0;
    case course_view::TreatmentClass::kCorticosteroid:
      return 1;
    case course_view::TreatmentClass::kOtherAntiCytokine:
      return 2;
    case course_view::TreatmentClass::kAntipyretic:
      return 3;
    case course_view::TreatmentClass::kOtherDrug:
    case course_view::TreatmentClass::kFluidBolus:
      break;
  }
  return 4;
}
constexpr std::string_view kLaneLabels[kTreatmentLanes] = {
    "Tocilizumab", "Corticosteroid", "Anakinra, siltux.", "Antipyretic", "Fluid, other"};

// One mark, centred on (x, y): each class its own shape and colour, so that the chart also reads
// in grey print.
void Marker(svg::Writer& chart, course_view::TreatmentClass treatment_class, double x, double y,
            const std::string& tooltip) {
  switch (treatment_class) {
    case course_view::TreatmentClass::kTocilizumab:  // triangle
      chart.Polygon({{x, y - 6.0}, {x - 5.5, y + 5.0}, {x + 5.5, y + 5.0}},
                    svg::Style::Filled(kTocilizumabColour), tooltip);
      return;
    case course_view::TreatmentClass::kCorticosteroid:  // diamond
      chart.Polygon({{x, y - 6.5}, {x + 5.5, y}, {x, y + 6.5}, {x - 5.5, y}},
                    svg::Style::Filled(kSteroidColour), tooltip);
      return;
    case course_view::TreatmentClass::kOtherAntiCytokine:  // triangle pointing down
      chart.Polygon({{x - 5.5, y - 5.0}, {x + 5.5, y - 5.0}, {x, y + 6.0}},
                    svg::Style::Filled(kAntiCytokineColour), tooltip);
      return;
    case course_view::TreatmentClass::kAntipyretic:  // open circle
      chart.Circle(x, y, 3.5, svg::Style::Stroked(kAntipyreticColour, 1.8), tooltip);
      return;
    case course_view::TreatmentClass::kOtherDrug:  // dot
      chart.Circle(x, y, 2.5, svg::Style::Filled(kOtherDrugColour), tooltip);
      return;
    case course_view::TreatmentClass::kFluidBolus:  // square
      chart.Rect(x - 3.0, y - 3.0, 6.0, 6.0, svg::Style::Filled(kFluidColour), tooltip);
      return;
  }
}

void TreatmentPanel(svg::Writer& chart, const core::PatientCourse& course, const TimeAxis& axis) {
  chart.OpenGroup("Treatments");
  for (int lane = 0; lane < kTreatmentLanes; ++lane) {
    const double top = kTreatmentTop + lane * kLaneHeight;
    chart.Rect(kLeft, top, kRight - kLeft, kLaneHeight, svg::Style::Stroked("#d1d5db"));
    chart.Text(kLabelRight, top + kLaneHeight / 2.0 + 3.5, kLaneLabels[lane], 9.5, "end", "#111",
               lane == 0);
  }
  // Every dose at its own time, also those given between assessments.
  for (const core::TimedTreatment& given : course_view::CourseTreatments(course)) {
    const course_view::TreatmentClass treatment_class = course_view::ClassOf(given.treatment);
    const double x = axis.X(given.time);
    const double y = kTreatmentTop + (LaneOf(treatment_class) + 0.5) * kLaneHeight;
    const std::string tooltip =
        course_view::TreatmentText(given.treatment) + " at " + core::FormatRfc3339Utc(given.time);
    if (treatment_class == course_view::TreatmentClass::kTocilizumab ||
        treatment_class == course_view::TreatmentClass::kCorticosteroid) {
      // Tocilizumab and steroids also as a faint line through the grade bands.
      chart.Line(x, kGradesTop, x, kTreatmentTop,
                 svg::Style::Stroked(treatment_class == course_view::TreatmentClass::kTocilizumab
                                         ? kTocilizumabColour
                                         : kSteroidColour,
                                     0.8, "2 2"));
    }
    Marker(chart, treatment_class, x, y, tooltip);
  }
  chart.CloseGroup();
}

// "Treatments given: tocilizumab x2, dexamethasone x1, fluid bolus x1" (every dose of the record,
// baseline included), for screen readers.
std::string TreatmentCounts(const std::vector<core::TimedTreatment>& treatments) {
  std::array<int, core::kDrugCount> doses{};
  int boluses = 0;
  for (const core::TimedTreatment& given : treatments) {
    if (given.treatment.kind == core::TreatmentKind::kFluidBolus) {
      ++boluses;
    } else {
      ++doses[static_cast<std::size_t>(given.treatment.drug)];
    }
  }
  std::string text;
  for (const core::DrugInfo& drug : core::Drugs()) {
    const int count = doses[static_cast<std::size_t>(drug.drug)];
    if (count == 0) continue;
    text += (text.empty() ? "" : ", ") + std::string(drug.code) + " x" + std::to_string(count);
  }
  if (boluses > 0)
    text += (text.empty() ? "" : ", ") + std::string("fluid bolus x") + std::to_string(boluses);
  return text.empty() ? "No treatment recorded" : "Treatments given: " + text;
}

void DayGridAndAxis(svg::Writer& chart, const TimeAxis& axis) {
  chart.OpenGroup("Days after infusion axis");
  const int span = static_cast<int>(axis.last_day - axis.first_day);
  const int step = span <= 16 ? 1 : span <= 32 ? 2 : 7;
  for (int day = static_cast<int>(axis.first_day); day <= static_cast<int>(axis.last_day); ++day) {
    const double x = axis.x(day);
    chart.Line(x, kTemperatureTop, x, kAxisY,
               svg::Style::Stroked(day == 0 && axis.from_infusion ? "#374151" : "#e5e7eb",
                                   day == 0 && axis.from_infusion ? 1.2 : 0.8));
    if ((day - static_cast<int>(axis.first_day)) % step != 0) continue;
    chart.Line(x, kAxisY, x, kAxisY + 5.0, svg::Style::Stroked("#374151"));
    chart.Text(x, kAxisY + 18.0, std::to_string(day), 10.0, "middle", "#374151");
  }
  chart.Line(kLeft, kAxisY, kRight, kAxisY, svg::Style::Stroked("#374151"));
  chart.Text((kLeft + kRight) / 2.0, kAxisY + 38.0,
             axis.from_infusion ? "Days after infusion (day 0 = infusion)"
                                : "Days after the first assessment (infusion not known)",
             12.0, "middle", "#111", true);
  chart.CloseGroup();
}

void Legend(svg::Writer& chart) {
  chart.OpenGroup("Legend");
  double x = kLegendLeft;
  double y = kLegendTop;
  chart.Text(x, y, "Grade (CRS, ICANS):", 11.0, "start", "#111", true);
  x += 130.0;
  for (int grade = 0; grade <= 5; ++grade) {
    chart.Rect(x, y - 10.0, 14.0, 12.0, svg::Style::Filled(svg::GradeColour(grade), "#9ca3af"));
    chart.Text(x + 18.0, y, grade == 5 ? "5 (death)" : std::to_string(grade), 10.0);
    x += grade == 5 ? 70.0 : 36.0;
  }
  chart.Rect(x, y - 10.0, 14.0, 12.0, svg::Style::Filled("#ffffff", "#9ca3af"));
  chart.Rect(x, y - 10.0, 14.0, 12.0, svg::Style::Filled("url(#lower-bound)"));
  chart.Text(x + 18.0, y, "hatched: lower bound (findings missing); blank: not assessed", 10.0);

  x = kLegendLeft;
  y += 22.0;
  chart.Text(x, y, "Oxygen:", 11.0, "start", "#111", true);
  x += 130.0;
  for (const auto tier : {core::OxygenTier::kRoomAir, core::OxygenTier::kLowFlow,
                          core::OxygenTier::kHighFlow, core::OxygenTier::kPositivePressure}) {
    chart.Rect(x, y - 10.0, 14.0, 12.0, svg::Style::Filled(OxygenColour(tier), "#9ca3af"));
    const std::string_view name = core::TermOf(tier).display;
    chart.Text(x + 18.0, y, name, 10.0);
    x += 30.0 + 6.0 * static_cast<double>(name.size());
  }
  chart.Text(x + 10.0, y, "Vasopressors:", 11.0, "start", "#111", true);
  x += 100.0;
  const std::pair<std::string_view, std::string_view> pressors[] = {
      {PressorColour(0, true), "vasopressin only"},
      {PressorColour(1, false), "one"},
      {PressorColour(2, false), "two or more"}};
  for (const auto& [colour, name] : pressors) {
    chart.Rect(x, y - 10.0, 14.0, 12.0, svg::Style::Filled(colour, "#9ca3af"));
    chart.Text(x + 18.0, y, name, 10.0);
    x += 30.0 + 6.0 * static_cast<double>(name.size());
  }

  x = kLegendLeft;
  y += 22.0;
  chart.Text(x, y, "Lines and marks:", 11.0, "start", "#111", true);
  x += 130.0;
  chart.Line(x, y - 4.0, x + 20.0, y - 4.0, svg::Style::Stroked(kTemperatureColour, 1.5));
  chart.Text(x + 24.0, y, "temperature", 10.0);
  x += 100.0;
  chart.Line(x, y - 4.0, x + 20.0, y - 4.0, svg::Style::Stroked(kSystolicColour, 1.5));
  chart.Text(x + 24.0, y, "systolic BP", 10.0);
  x += 95.0;
  chart.Line(x, y - 4.0, x + 20.0, y - 4.0, svg::Style::Stroked(kMeanColour, 1.5, "5 3"));
  chart.Text(x + 24.0, y, "mean arterial pressure", 10.0);

  x = kLegendLeft;
  y += 22.0;
  chart.Text(x, y, "Treatments:", 11.0, "start", "#111", true);
  x += 130.0;
  const std::pair<course_view::TreatmentClass, std::string_view> marks[] = {
      {course_view::TreatmentClass::kTocilizumab, "tocilizumab"},
      {course_view::TreatmentClass::kCorticosteroid, "dexamethasone, methylprednisolone"},
      {course_view::TreatmentClass::kOtherAntiCytokine, "anakinra, siltuximab"},
      {course_view::TreatmentClass::kAntipyretic, "paracetamol, ibuprofen"},
      {course_view::TreatmentClass::kOtherDrug, "levetiracetam"},
      {course_view::TreatmentClass::kFluidBolus, "fluid bolus"}};
  for (const auto& [treatment_class, name] : marks) {
    Marker(chart, treatment_class, x + 6.0, y - 4.0, "");
    chart.Text(x + 16.0, y, name, 10.0);
    x += 30.0 + 5.2 * static_cast<double>(name.size());
  }

  chart.Text(kLeft, y + 28.0,
             "Grades by ASTCT 2019 from the recorded findings; findings carried forward within "
             "stated limits. " +
                 std::string(course_view::kDecisionSupport),
             10.0, "start", "#374151");
  chart.CloseGroup();
}

}  // namespace

std::string CourseToSvg(const core::PatientCourse& course) {
  const core::PatientSummary& s = course.summary;
  const TimeAxis axis = MakeAxis(course);
  const std::string title = "CAR-T course of patient " + s.patient_id;
  std::string description = "Product " + course_view::ProductText(s) + ". ";
  description += s.infusion ? "Infusion (day 0) " + core::FormatRfc3339Utc(s.infusion->time) + ". "
                            : std::string("Infusion not known. ");
  description += std::to_string(course.points.size()) +
                 " assessments. Panels against days after infusion: temperature with the 38 "
                 "\u00B0C fever line, systolic and mean arterial pressure, oxygen support and "
                 "vasopressors, CRS and ICANS grade bands (ASTCT 2019), treatments.";
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    const auto index = static_cast<std::size_t>(system.id);
    if (!s.max_crs_grade[index]) continue;
    description += " Highest CRS grade (" + std::string(system.name) +
                   "): " + (s.max_crs_lower_bound[index] ? "at least " : "") +
                   std::to_string(*s.max_crs_grade[index]) + ".";
  }
  description +=
      " Highest ICANS grade: " + std::string(s.max_icans_lower_bound ? "at least " : "") +
      std::to_string(s.max_icans_grade) + ".";
  description += " " + TreatmentCounts(course_view::CourseTreatments(course)) + ".";

  svg::Writer chart(kWidth, kHeight, title, description);
  chart.Raw(
      "<defs><pattern id=\"lower-bound\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
      "stroke=\"#111111\" stroke-width=\"1.2\" opacity=\"0.45\"/></pattern></defs>\n");
  chart.Rect(0.0, 0.0, kWidth, kHeight, svg::Style::Filled("#ffffff"));
  chart.Text(kLeft, 28.0, title, 16.0, "start", "#111", true);
  std::string subtitle = "Product " + course_view::ProductText(s);
  subtitle += s.infusion ? "; infusion (day 0) " + core::FormatRfc3339Utc(s.infusion->time)
                         : std::string("; infusion not known");
  subtitle += "; " + std::to_string(course.points.size()) + " assessments";
  chart.Text(kLeft, 48.0, subtitle, 11.0, "start", "#374151");

  DayGridAndAxis(chart, axis);
  TemperaturePanel(chart, course, axis);
  PressurePanel(chart, course, axis);
  SupportPanel(chart, course, axis);
  GradePanel(chart, course, axis);
  TreatmentPanel(chart, course, axis);
  Legend(chart);
  return svg::Standalone(chart.Finish());
}

}  // namespace cartwatch::adapters
