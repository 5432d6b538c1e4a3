// The cohort report as ONE self-contained HTML page: inline CSS and inline SVG only, no script,
// no external resource, so it opens offline in any browser and can be mailed or archived as is.
// Every text that comes from the input (patient ids) is escaped. Layout in docs/cohort-output.md.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/unreachable.h"
#include "svg.h"

namespace cartwatch::adapters {
namespace {

using svg::Escape;

constexpr std::size_t kMaxSwimmerLanes = 200;
constexpr std::size_t kMaxListedIds = 100;

constexpr std::string_view kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;
max-width:1100px;padding:0 1rem;color:#1f2933;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccd;
padding-bottom:.2rem}h3{margin-bottom:.3rem}
.banner{background:#fff7e6;border:1px solid #f0b429;padding:.6rem .8rem;border-radius:4px}
.note{color:#52606d;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #cbd2d9;padding:.25rem .45rem;text-align:right;vertical-align:top}
th{background:#f0f4f8}td.l,th.l{text-align:left}
tr.cohort td{background:#eef6ff;font-weight:600}
small{color:#52606d}
.u{color:#b42318;font-weight:600;font-size:.75rem}
.seed{font-size:.75rem;padding:0 .3rem;border-radius:3px;background:#eee}
.seed.mislabelled,.seed.unverified{background:#fde2e1;color:#8a1c1c}
.seed.matches{background:#e3f9e5;color:#0e5e2b}
td.agree{background:#e3f9e5}td.disagree{background:#fde2e1;font-weight:700}
td.empty{color:#9aa5b1}
svg{max-width:100%;height:auto;display:block;margin:.5rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
code{background:#f0f4f8;padding:0 .2rem}
.scroll{overflow-x:auto}
)";

std::string Fixed(double value, int decimals) {
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return error == std::errc{} ? std::string(buffer, end) : std::string("?");
}

// "41.7% (19.3-68.0) 5/12"; "n/a" with no patients in the denominator.
std::string ProportionCell(const core::Proportion& p) {
  if (!p.estimate) return "<td class=\"empty\">n/a <small>0/0</small></td>";
  return "<td>" + Fixed(*p.estimate * 100.0, 1) + "% <small>(" + Fixed(*p.low * 100.0, 1) +
         "&#8211;" + Fixed(*p.high * 100.0, 1) + ") " + std::to_string(p.events) + "/" +
         std::to_string(p.total) + "</small></td>";
}

std::string OneDecimal(double value) {
  const double rounded = std::round(value * 10.0) / 10.0;
  return rounded == std::floor(rounded) ? Fixed(rounded, 0) : Fixed(rounded, 1);
}

// "2 (1-3) n=12".
std::string QuartilesCell(const std::optional<core::Quartiles>& q, std::uint64_t excluded = 0,
                          std::string_view excluded_label = {}) {
  std::string cell = "<td>";
  if (!q) {
    cell += "&#8211;";
  } else {
    cell += OneDecimal(q->median) + " <small>(" + OneDecimal(q->q1) + "&#8211;" +
            OneDecimal(q->q3) + ") n=" + std::to_string(q->n) + "</small>";
  }
  if (excluded > 0) {
    cell +=
        "<br><small>" + std::to_string(excluded) + " " + std::string(excluded_label) + "</small>";
  }
  return cell + "</td>";
}

std::string FigureText(const std::optional<core::FigureValue>& value, bool percent) {
  if (!value) return "&#8211;";
  std::string text = value->approximate ? "~" : "";
  const auto number = [](double v) { return v == std::floor(v) ? Fixed(v, 0) : Fixed(v, 1); };
  text += number(value->low);
  if (value->IsRange()) text += "&#8211;" + number(value->high);
  if (percent) text += "%";
  if (value->unconfirmed) text += " <span class=\"u\">UNCONFIRMED</span>";
  return text;
}

std::string GroupTitle(const core::CohortGroup& group) {
  switch (group.kind) {
    case core::CohortGroupKind::kOverall:
      return "All patients";
    case core::CohortGroupKind::kProduct: {
      const core::ProductInfo& info = core::Describe(*group.product);
      return std::string(info.code) + " (" + std::string(info.generic) + ", " +
             std::string(info.brand) + ")";
    }
    case core::CohortGroupKind::kUnknownProduct:
      return "Product unknown (no infusion recorded)";
  }
  CARTWATCH_UNREACHABLE("unknown CohortGroupKind");
}

std::string_view SystemName(core::GradingSystem system) { return core::Describe(system).name; }

void Header(std::string& out, const core::CohortReport& report) {
  out += "<header>\n<h1>cartwatch cohort report</h1>\n";
  out +=
      "<p class=\"banner\" role=\"note\"><strong>Decision support and research use: a "
      "clinician decides.</strong> These figures are only as complete as the records: a grade "
      "from incomplete data is a lower bound, and published figures from other grading "
      "systems are not comparable with this cohort's (docs/clinical/products.md).</p>\n";
  out += "<p>" + std::to_string(report.patients.size()) + " patients. CRS graded by: ";
  bool first = true;
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (!report.systems.Contains(info.id)) continue;
    if (!first) out += ", ";
    first = false;
    out += Escape(info.name);
  }
  out += ". ICANS graded by ASTCT 2019.</p>\n";
  if (!report.duplicate_patient_ids.empty()) {
    out +=
        "<p class=\"banner\">Patient ids given more than once (each course counted "
        "separately): ";
    for (std::size_t i = 0; i < report.duplicate_patient_ids.size() && i < kMaxListedIds; ++i) {
      if (i > 0) out += ", ";
      out += "<code>" + Escape(report.duplicate_patient_ids[i]) + "</code>";
    }
    out += "</p>\n";
  }
  out +=
      "<nav><a href=\"#summary\">Summary</a> &middot; <a href=\"#published\">Beside the "
      "published figures</a> &middot; <a href=\"#systems\">Grades by system</a> &middot; <a "
      "href=\"#concordance\">Concordance</a> &middot; <a href=\"#swimmer\">Swimmer plot</a> "
      "&middot; <a href=\"#by-day\">Grade by day</a> &middot; <a href=\"#methods\">Methods "
      "and sources</a></nav>\n</header>\n";
}

void SummaryTable(std::string& out, const core::CohortReport& report) {
  out += "<section id=\"summary\">\n<h2>Summary (ASTCT 2019)</h2>\n";
  out +=
      "<p class=\"note\">Share of patients, Wilson 95% confidence interval, events/assessed. "
      "Onset and duration: median (interquartile range) of each patient's first episode, in "
      "days after infusion (infusion day = day 0).</p>\n";
  out +=
      "<div class=\"scroll\"><table>\n<tr><th class=\"l\">Group</th><th>Patients</th>"
      "<th>CRS any grade</th>"
      "<th>CRS grade &#8805; 3</th><th>ICANS any grade</th><th>ICANS grade &#8805; 3</th>"
      "<th>CRS onset day</th><th>CRS duration (days)</th><th>ICANS onset day</th>"
      "<th>ICANS duration (days)</th><th>Tocilizumab given</th><th>Responded to first "
      "dose</th><th>Steroids given</th></tr>\n";
  for (const core::CohortGroup& group : report.groups) {
    out += "<tr><td class=\"l\">" + Escape(GroupTitle(group)) + "</td><td>" +
           std::to_string(group.patients) + "</td>";
    out += ProportionCell(group.crs.any_grade) + ProportionCell(group.crs.grade3_plus);
    out += ProportionCell(group.icans.any_grade) + ProportionCell(group.icans.grade3_plus);
    out += QuartilesCell(group.crs.onset_day, group.crs.onset_unknown, "without infusion day");
    out += QuartilesCell(group.crs.duration_days, group.crs.duration_ongoing, "ongoing, excluded");
    out += QuartilesCell(group.icans.onset_day, group.icans.onset_unknown, "without infusion day");
    out +=
        QuartilesCell(group.icans.duration_days, group.icans.duration_ongoing, "ongoing, excluded");
    out += ProportionCell(group.tocilizumab_use) + ProportionCell(group.tocilizumab_response);
    out += ProportionCell(group.steroids) + "</tr>\n";
  }
  out += "</table></div>\n";
  for (const core::CohortGroup& group : report.groups) {
    const std::uint64_t lower = group.crs.grades.lower_bound + group.icans.grades.lower_bound;
    const std::uint64_t unassessed =
        group.crs.grades.not_assessed + group.icans.grades.not_assessed;
    if (lower == 0 && unassessed == 0) continue;
    out += "<p class=\"note\">" + Escape(GroupTitle(group)) + ": " +
           std::to_string(group.crs.grades.lower_bound) + " CRS and " +
           std::to_string(group.icans.grades.lower_bound) +
           " ICANS highest grades are lower bounds (findings missing), so the grade &#8805; 3 "
           "shares are lower bounds too; " +
           std::to_string(group.crs.grades.not_assessed) + " patients without a CRS and " +
           std::to_string(group.icans.grades.not_assessed) +
           " without an ICANS assessment are left out of the denominators.";
    if (group.tocilizumab_response_unknown > 0) {
      out +=
          " First tocilizumab dose with unknown response (no assessment in the window, or "
          "grade 0 at the dose): " +
          std::to_string(group.tocilizumab_response_unknown) + ".";
    }
    out += "</p>\n";
  }
  out += "</section>\n";
}

std::string CohortFigure(const core::Proportion& p) {
  if (!p.estimate) return "n/a";
  return Fixed(*p.estimate * 100.0, 1) + "% <small>(" + Fixed(*p.low * 100.0, 1) + "&#8211;" +
         Fixed(*p.high * 100.0, 1) + ")</small>";
}

std::string MedianText(const std::optional<core::Quartiles>& q) {
  return q ? OneDecimal(q->median) + " <small>(" + OneDecimal(q->q1) + "&#8211;" +
                 OneDecimal(q->q3) + ")</small>"
           : "&#8211;";
}

void PublishedSection(std::string& out, const core::CohortReport& report) {
  out += "<section id=\"published\">\n<h2>Beside the published figures</h2>\n";
  out += "<p class=\"banner\">" + Escape(core::kFiguresNotComparableNote) +
         " Each published row names the grading its trial used. Figures marked "
         "<span class=\"u\">UNCONFIRMED</span> could not be checked against a primary text and "
         "must be verified before use. Seed claims are the founding patient-education article's "
         "figures, checked against the trials.</p>\n";
  bool any = false;
  for (const core::CohortGroup& group : report.groups) {
    if (group.kind != core::CohortGroupKind::kProduct) continue;
    any = true;
    out += "<h3>" + Escape(GroupTitle(group)) +
           "</h3>\n<table>\n<tr><th class=\"l\">Source</th>"
           "<th class=\"l\">CRS grading</th><th>CRS any</th><th>CRS &#8805; 3</th>"
           "<th>NT &#8805; 3</th><th>ICANS &#8805; 3</th><th>CRS onset, median days</th>"
           "<th>CRS duration, median days</th><th class=\"l\">Note</th></tr>\n";
    out += "<tr class=\"cohort\"><td class=\"l\">This cohort, n=" + std::to_string(group.patients) +
           "</td><td class=\"l\">ASTCT 2019</td><td>" + CohortFigure(group.crs.any_grade) +
           "</td><td>" + CohortFigure(group.crs.grade3_plus) + "</td><td>&#8211;</td><td>" +
           CohortFigure(group.icans.grade3_plus) + "</td><td>" + MedianText(group.crs.onset_day) +
           "</td><td>" + MedianText(group.crs.duration_days) +
           "</td><td class=\"l\">95% CI in brackets; first episode</td></tr>\n";
    for (const core::GradingSystemInfo& info : core::GradingSystems()) {
      const auto& figures = group.crs_by_system[static_cast<std::size_t>(info.id)];
      if (info.id == core::GradingSystem::kAstct2019 || !figures) continue;
      out += "<tr class=\"cohort\"><td class=\"l\">This cohort regraded</td><td class=\"l\">" +
             Escape(info.name) + "</td><td>" + CohortFigure(figures->any_grade) + "</td><td>" +
             CohortFigure(figures->grade3_plus) +
             "</td><td>&#8211;</td><td>&#8211;</td><td>&#8211;</td><td>&#8211;</td>"
             "<td class=\"l\">highest CRS grade by this system</td></tr>\n";
    }
    for (const core::PublishedFigures& row : group.published) {
      out += "<tr><td class=\"l\">" + Escape(row.name);
      if (row.seed_check != core::SeedCheck::kNotASeedClaim) {
        const std::string check(core::CodeOf(row.seed_check));
        out += " <span class=\"seed " + check + "\">" + check + "</span>";
      }
      out += "</td><td class=\"l\">" + Escape(row.grading_text);
      if (row.crs_grading_unconfirmed) out += " <span class=\"u\">UNCONFIRMED</span>";
      out += "</td><td>" + FigureText(row.crs_any_percent, true) + "</td><td>" +
             FigureText(row.crs_grade3_plus_percent, true) + "</td><td>" +
             FigureText(row.nt_grade3_plus_percent, true) + "</td><td>" +
             FigureText(row.icans_grade3_plus_percent, true) + "</td><td>" +
             FigureText(row.crs_onset_median_days, false) + "</td><td>" +
             FigureText(row.crs_duration_median_days, false) + "</td><td class=\"l\">" +
             Escape(row.note) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!any) out += "<p>No patient with a known product.</p>\n";
  out += "</section>\n";
}

void SystemsSection(std::string& out, const core::CohortReport& report) {
  out +=
      "<section id=\"systems\">\n<h2>Highest CRS grade by grading system</h2>\n"
      "<p class=\"note\">Patients by their highest CRS grade over the course. Rates under "
      "different systems are not comparable; this table shows how far they differ on the "
      "same patients.</p>\n<table>\n<tr><th class=\"l\">Group</th><th class=\"l\">System</th>"
      "<th>0</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>Not assessed</th>"
      "<th>Lower bound</th><th>Any grade</th><th>Grade &#8805; 3</th></tr>\n";
  for (const core::CohortGroup& group : report.groups) {
    for (const core::GradingSystemInfo& info : core::GradingSystems()) {
      const auto& figures = group.crs_by_system[static_cast<std::size_t>(info.id)];
      if (!figures) continue;
      out += "<tr><td class=\"l\">" + Escape(group.key) + "</td><td class=\"l\">" +
             Escape(info.name) + "</td>";
      for (std::uint64_t count : figures->grades.patients_at_grade) {
        out += "<td>" + std::to_string(count) + "</td>";
      }
      out += "<td>" + std::to_string(figures->grades.not_assessed) + "</td><td>" +
             std::to_string(figures->grades.lower_bound) + "</td>" +
             ProportionCell(figures->any_grade) + ProportionCell(figures->grade3_plus) + "</tr>\n";
    }
  }
  out += "</table>\n</section>\n";
}

void ConcordanceSection(std::string& out, const core::CohortReport& report) {
  out += "<section id=\"concordance\">\n<h2>Concordance between grading systems</h2>\n";
  if (report.concordance.empty()) {
    out +=
        "<p>Only one grading system was requested. Run <code>cartwatch cohort --systems "
        "astct,lee2014,penn,mskcc,ctcae5,cartox</code> to compare systems.</p>\n</section>\n";
    return;
  }
  out +=
      "<p class=\"note\">Patients by highest CRS grade under two systems (rows: first system, "
      "columns: second), as in published regrading studies (Pennisi et al., Blood Adv 2020). "
      "Green: same grade; red: the systems disagree. * marks a cell holding patients whose "
      "grade under either system is a lower bound (findings missing).</p>\n";
  for (const core::Concordance& table : report.concordance) {
    const std::string a(SystemName(table.a));
    const std::string b(SystemName(table.b));
    out += "<h3>" + Escape(a) + " versus " + Escape(b) + "</h3>\n";
    out += "<table>\n<caption class=\"note\">" + Escape(a) + " (rows) by " + Escape(b) +
           " (columns), " + std::to_string(table.total) +
           " patients graded by both</caption>\n"
           "<tr><th class=\"l\">" +
           Escape(a) + " \\ " + Escape(b) + "</th>";
    for (int grade = 0; grade <= 5; ++grade) out += "<th>" + std::to_string(grade) + "</th>";
    out += "</tr>\n";
    for (std::size_t row = 0; row < 6; ++row) {
      out += "<tr><th class=\"l\">" + std::to_string(row) + "</th>";
      for (std::size_t column = 0; column < 6; ++column) {
        const std::uint64_t count = table.patients[row][column];
        const std::uint64_t lower = table.lower_bound_patients[row][column];
        std::string css = count == 0 ? "empty" : row == column ? "agree" : "disagree";
        out += "<td class=\"" + css + "\"";
        if (lower > 0) {
          out += " title=\"" + std::to_string(lower) + " with a lower-bound grade\"";
        }
        out += ">" + std::to_string(count) + (lower > 0 ? "*" : "") + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</table>\n<p>Same grade: " + CohortFigure(table.agreement) + ", " +
           std::to_string(table.agreement.events) + " of " + std::to_string(table.total) +
           ". Cells with lower-bound grades: " + std::to_string(table.lower_bound_cells) + ".";
    if (table.disagreements > 0) {
      out += " Graded differently (" + std::to_string(table.disagreements) + "): ";
      const std::size_t shown = std::min(table.disagreeing_patients.size(), kMaxListedIds);
      for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) out += ", ";
        out += "<code>" + Escape(table.disagreeing_patients[i]) + "</code>";
      }
      if (table.disagreements > shown) {
        out += " and " + std::to_string(table.disagreements - shown) +
               " more (all in the per-patient CSV and the JSON)";
      }
      out += ".";
    }
    out += "</p>\n";
  }
  out += "</section>\n";
}

double HoursAfter(const core::PatientSummary& patient, core::UnixSeconds time) {
  return core::HoursBetween(patient.infusion->time, time);
}

void GradeLegend(svg::Writer& chart, double x, double y, std::string_view label) {
  chart.Text(x, y + 10, label, 11);
  double left = x + 6.5 * static_cast<double>(label.size()) + 10;
  for (int grade = 0; grade <= 5; ++grade) {
    chart.Rect(left, y, 14, 12, svg::Style::Filled(svg::GradeColour(grade), "#555"));
    chart.Text(left + 18, y + 10, std::to_string(grade), 11);
    left += 40;
  }
}

// NOLINTNEXTLINE(readability-function-size): 147 lines, to be split
std::string SwimmerPlot(const core::CohortReport& report, std::size_t& lanes_shown,
                        std::size_t& without_infusion) {
  std::vector<const core::PatientSummary*> lanes;
  for (const core::PatientSummary& patient : report.patients) {
    if (patient.infusion) {
      lanes.push_back(&patient);
    } else {
      ++without_infusion;
    }
  }
  std::stable_sort(lanes.begin(), lanes.end(), [](const auto* x, const auto* y) {
    return x->infusion->product < y->infusion->product;
  });
  if (lanes.size() > kMaxSwimmerLanes) lanes.resize(kMaxSwimmerLanes);
  lanes_shown = lanes.size();

  double last_day = 7.0;
  for (const core::PatientSummary* patient : lanes) {
    if (patient->last_time)
      last_day = std::max(last_day, HoursAfter(*patient, *patient->last_time) / 24.0);
  }
  const double days = std::min(60.0, std::ceil(last_day));
  const double left = 190.0;
  const double right = 20.0;
  const double top = 30.0;
  const double lane_height = 16.0;
  const double width = 980.0;
  const double plot_bottom =
      top + lane_height * static_cast<double>(std::max<std::size_t>(lanes.size(), 1));
  const double height = plot_bottom + 110.0;
  const svg::LinearScale x{0.0, days * 24.0, left, width - right};
  const double x_end = width - right;

  svg::Writer chart(width, height, "Swimmer plot of CRS and ICANS episodes",
                    "One lane per patient (" + std::to_string(lanes.size()) +
                        " shown), days after infusion on the horizontal axis. In each lane the "
                        "upper bar is a CRS episode and the lower bar an ICANS episode, coloured "
                        "by peak ASTCT grade, from onset to resolution or to the last "
                        "observation when ongoing (arrow). Triangles mark tocilizumab doses, "
                        "diamonds the first dose of a corticosteroid.");
  // Whole-day ticks, at most about 15 of them.
  double step = 1.0;
  for (double candidate : {1.0, 2.0, 5.0, 7.0, 10.0}) {
    step = candidate;
    if (days / candidate <= 15.0) break;
  }
  for (double tick = 0.0; tick <= days + 1e-9; tick += step) {
    const double tx = x(tick * 24.0);
    chart.Line(tx, top - 4, tx, plot_bottom, svg::Style::Stroked("#e4e7eb"));
    chart.Text(tx, plot_bottom + 14, OneDecimal(tick), 10, "middle");
  }
  chart.Text((left + x_end) / 2, plot_bottom + 30, "Days after infusion (day 0 = infusion)", 12,
             "middle");
  chart.Text(8, 18, "Patient (product)", 11, "start", "#222", true);

  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const core::PatientSummary& patient = *lanes[i];
    const double lane_top = top + lane_height * static_cast<double>(i);
    const std::string code(core::Describe(patient.infusion->product).code);
    std::string label = patient.patient_id.size() > 22 ? patient.patient_id.substr(0, 21) + "..."
                                                       : patient.patient_id;
    chart.OpenGroup("patient " + patient.patient_id + ", " + code);
    chart.Text(8, lane_top + 11, label + " (" + code + ")", 10);
    if (patient.first_time && patient.last_time) {
      const double from = std::max(0.0, HoursAfter(patient, *patient.first_time));
      const double to = HoursAfter(patient, *patient.last_time);
      chart.Line(x(from), lane_top + 8, std::min(x(to), x_end), lane_top + 8,
                 svg::Style::Stroked("#9aa5b1", 1.0, "2 2"));
    }
    const double last_hours = patient.last_time ? HoursAfter(patient, *patient.last_time) : 0.0;
    const auto draw = [&](const core::Episode& episode, double y, double h, std::string_view name,
                          std::string_view stroke) {
      if (!episode.onset_hours) return;
      const double start = *episode.onset_hours;
      const double end = episode.duration_hours && !episode.ongoing
                             ? start + *episode.duration_hours
                             : std::max(start, last_hours);
      const double x0 = std::min(x(start), x_end);
      const double x1 = std::min(std::max(x(end), x0 + 2.0), x_end);
      std::string tip = std::string(name) + ", patient " + patient.patient_id + ": onset day " +
                        (episode.onset_day ? std::to_string(*episode.onset_day) : "?") + " (" +
                        OneDecimal(start) + " h), peak grade " +
                        std::to_string(episode.peak_grade) +
                        (episode.peak_lower_bound ? " (lower bound)" : "") +
                        (episode.ongoing ? ", ongoing at the last observation"
                                         : ", resolved after " + OneDecimal(end - start) + " h");
      chart.Rect(x0, y, x1 - x0, h,
                 svg::Style::Filled(svg::GradeColour(episode.peak_grade), stroke), tip);
      if (episode.ongoing) {
        chart.Polygon({{x1, y - 1}, {x1 + 6, y + h / 2}, {x1, y + h + 1}},
                      svg::Style::Filled("#111"), tip);
      }
    };
    for (const core::Episode& episode : patient.crs_episodes) {
      draw(episode, lane_top + 2, 6, "CRS", "#555");
    }
    for (const core::Episode& episode : patient.icans_episodes) {
      draw(episode, lane_top + 9, 5, "ICANS", "#1f2933");
    }
    for (const core::TocilizumabDose& dose : patient.tocilizumab) {
      const double hours = HoursAfter(patient, dose.time);
      if (hours < 0 || hours > days * 24.0) continue;
      const double tx = x(hours);
      std::string tip = "tocilizumab at " + OneDecimal(hours) + " h" +
                        (dose.dose_mg ? ", " + OneDecimal(*dose.dose_mg) + " mg" : "") +
                        ", CRS grade " + std::to_string(dose.crs_grade_at_dose) + " at the dose";
      chart.Polygon({{tx - 4, lane_top}, {tx + 4, lane_top}, {tx, lane_top + 7}},
                    svg::Style::Filled("#1d4ed8"), tip);
    }
    for (const core::DrugInfo& drug : core::Drugs()) {
      const core::DrugUse& use = patient.drugs[static_cast<std::size_t>(drug.drug)];
      if (!drug.corticosteroid || use.doses == 0 || !use.first) continue;
      const double hours = HoursAfter(patient, *use.first);
      if (hours < 0 || hours > days * 24.0) continue;
      const double tx = x(hours);
      chart.Polygon({{tx, lane_top + 8},
                     {tx + 4, lane_top + 12},
                     {tx, lane_top + 16},
                     {tx - 4, lane_top + 12}},
                    svg::Style::Filled("#047857"),
                    std::string(drug.display) + " first dose at " + OneDecimal(hours) + " h (" +
                        std::to_string(use.doses) + " doses)");
    }
    chart.CloseGroup();
  }
  if (lanes.empty()) {
    chart.Text(left, top + 11, "No patient with a known infusion.", 11);
  }
  const double legend = plot_bottom + 48;
  chart.OpenGroup("legend");
  GradeLegend(chart, 8, legend, "Peak ASTCT grade:");
  chart.Rect(8, legend + 24, 30, 6, svg::Style::Filled(svg::GradeColour(2), "#555"));
  chart.Text(44, legend + 30, "upper bar: CRS episode", 11);
  chart.Rect(200, legend + 25, 30, 5, svg::Style::Filled(svg::GradeColour(2), "#1f2933"));
  chart.Text(236, legend + 30, "lower bar: ICANS episode", 11);
  chart.Polygon({{400, legend + 22}, {406, legend + 27}, {400, legend + 32}},
                svg::Style::Filled("#111"));
  chart.Text(412, legend + 30, "ongoing (censored)", 11);
  chart.Polygon({{540, legend + 22}, {548, legend + 22}, {544, legend + 29}},
                svg::Style::Filled("#1d4ed8"));
  chart.Text(554, legend + 30, "tocilizumab dose", 11);
  chart.Polygon({{680, legend + 22}, {684, legend + 26}, {680, legend + 30}, {676, legend + 26}},
                svg::Style::Filled("#047857"));
  chart.Text(690, legend + 30, "first corticosteroid dose", 11);
  chart.Line(8, legend + 44, 38, legend + 44, svg::Style::Stroked("#9aa5b1", 1.0, "2 2"));
  chart.Text(44, legend + 48, "observed span (first to last record)", 11);
  chart.CloseGroup();
  return chart.Finish();
}

void SwimmerSection(std::string& out, const core::CohortReport& report) {
  out += "<section id=\"swimmer\">\n<h2>Swimmer plot</h2>\n";
  std::size_t shown = 0;
  std::size_t without_infusion = 0;
  const std::string plot = SwimmerPlot(report, shown, without_infusion);
  std::size_t with_infusion = report.patients.size() - without_infusion;
  out +=
      "<p class=\"note\">One lane per patient, ordered by product then patient id. Hover a "
      "bar or marker for details. Steroids: the first dose only.";
  if (with_infusion > shown) {
    out += " Showing the first " + std::to_string(shown) + " of " + std::to_string(with_infusion) +
           " patients with a known infusion; the per-patient CSV and the JSON hold them all.";
  }
  if (without_infusion > 0) {
    out += " " + std::to_string(without_infusion) +
           " patients without a recorded infusion have no day axis and are not drawn.";
  }
  out += "</p>\n" + plot + "</section>\n";
}

std::string ByDayChart(const core::GradeByDay& by_day, std::string_view syndrome,
                       std::string_view group_title) {
  const double width = 520.0;
  const double height = 300.0;
  const double left = 52.0;
  const double right = 12.0;
  const double top = 16.0;
  const double bottom = 230.0;
  const double column = (width - left - right) / static_cast<double>(core::kDaysTracked);
  const svg::LinearScale y{0.0, 1.0, bottom, top};
  const std::string title =
      std::string(syndrome) + " grade by day after infusion, " + std::string(group_title);
  svg::Writer chart(width, height, title,
                    "For each day 0 to 30 after infusion, the share of the patients assessed that "
                    "day at each highest daily ASTCT " +
                        std::string(syndrome) +
                        " grade, stacked from grade 0 at the bottom. Days without an assessment "
                        "are left empty; n under the axis is the number assessed.");
  for (double tick : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    chart.Line(left, y(tick), width - right, y(tick), svg::Style::Stroked("#e4e7eb"));
    chart.Text(left - 4, y(tick) + 4, Fixed(tick * 100.0, 0) + "%", 10, "end");
  }
  for (std::size_t day = 0; day < by_day.size(); ++day) {
    const core::DayGrades& counts = by_day[day];
    const double x0 = left + column * static_cast<double>(day);
    if (day % 5 == 0) {
      chart.Text(x0 + column / 2, bottom + 14, std::to_string(day), 10, "middle");
      chart.Text(x0 + column / 2, bottom + 27, std::to_string(counts.assessed), 9, "middle",
                 "#52606d");
    }
    if (counts.assessed == 0) continue;
    double share_below = 0.0;
    for (std::size_t grade = 0; grade < counts.at_grade.size(); ++grade) {
      if (counts.at_grade[grade] == 0) continue;
      const double share =
          static_cast<double>(counts.at_grade[grade]) / static_cast<double>(counts.assessed);
      chart.Rect(
          x0 + 1, y(share_below + share), column - 2, y(share_below) - y(share_below + share),
          svg::Style::Filled(svg::GradeColour(static_cast<int>(grade))),
          "day " + std::to_string(day) + ": grade " + std::to_string(grade) + ", " +
              std::to_string(counts.at_grade[grade]) + " of " + std::to_string(counts.assessed) +
              " assessed (" + Fixed(share * 100.0, 0) + "%)");
      share_below += share;
    }
  }
  chart.Line(left, bottom, width - right, bottom, svg::Style::Stroked("#52606d"));
  chart.Text(left - 4, bottom + 27, "n", 9, "end", "#52606d");
  chart.Text((left + width - right) / 2, bottom + 42, "Days after infusion", 11, "middle");
  chart.Text(14, (top + bottom) / 2, "Share of patients assessed that day", 11, "middle", "#222",
             false, -90);
  GradeLegend(chart, left, height - 16, "Grade:");
  return chart.Finish();
}

void ByDaySection(std::string& out, const core::CohortReport& report) {
  out +=
      "<section id=\"by-day\">\n<h2>Grade by day after infusion</h2>\n"
      "<p class=\"note\">Each patient's highest ASTCT grade on each day (day 0 = the first 24 "
      "hours after infusion), as a share of the patients assessed that day. Patients leave "
      "the denominator when they are no longer assessed (e.g. after discharge), so late days "
      "rest on fewer patients.</p>\n";
  for (const core::CohortGroup& group : report.groups) {
    if (group.kind == core::CohortGroupKind::kUnknownProduct) continue;
    const std::string title = GroupTitle(group);
    out += "<h3>" + Escape(title) + "</h3>\n<div class=\"charts\">\n";
    out += ByDayChart(group.crs_by_day, "CRS", title);
    out += ByDayChart(group.icans_by_day, "ICANS", title);
    out += "</div>\n";
  }
  out += "</section>\n";
}

void MethodsSection(std::string& out, const core::CohortReport& report) {
  out +=
      "<section id=\"methods\">\n<h2>Methods and sources</h2>\n<ul>\n"
      "<li>Confidence intervals: Wilson score interval, 95%, without continuity correction.</li>\n"
      "<li>Median and interquartile range: linear interpolation between order statistics "
      "(Hyndman and Fan type 7, the default of R).</li>\n"
      "<li>Incidence counts the patients graded at least once by the system; a patient whose "
      "highest grade is a lower bound counts at the proven grade.</li>\n"
      "<li>Onset and duration are those of each patient's first episode; an episode still "
      "ongoing at the last assessment has no duration and is left out of the duration "
      "figures (counted apart).</li>\n"
      "<li>Tocilizumab response: the CRS grade fell within the protocol's window after the "
      "first dose; doses whose response is unknown are left out of the share.</li>\n"
      "<li>Steroids: dexamethasone or methylprednisolone after infusion.</li>\n"
      "<li>Patients without a recorded infusion form the \"unknown\" product group; they count "
      "in \"All patients\" but have no day-based figures.</li>\n</ul>\n";
  out += "<h3>Grading systems</h3>\n<ul>\n";
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (!report.systems.Contains(info.id)) continue;
    out += "<li><strong>" + Escape(info.name) +
           "</strong>: " + Escape(core::Describe(info.source).citation) + "</li>\n";
  }
  out += "</ul>\n<h3>Published figures</h3>\n<ul>\n";
  for (core::SourceId id :
       {core::SourceId::kPivotalTrials, core::SourceId::kUspi2025, core::SourceId::kSeed2026}) {
    const core::Source& source = core::Describe(id);
    out +=
        "<li><strong>" + Escape(source.key) + "</strong>: " + Escape(source.citation) + "</li>\n";
  }
  out +=
      "</ul>\n<p class=\"note\">Transcribed from the pivotal trials and US labels "
      "(docs/clinical/products.md). " +
      Escape(core::kFiguresNotComparableNote) + "</p>\n</section>\n";
}

}  // namespace

std::string CohortToHtml(const core::CohortReport& report) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>cartwatch cohort report</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  Header(out, report);
  out += "<main>\n";
  SummaryTable(out, report);
  PublishedSection(out, report);
  SystemsSection(out, report);
  ConcordanceSection(out, report);
  SwimmerSection(out, report);
  ByDaySection(out, report);
  MethodsSection(out, report);
  out +=
      "</main>\n<footer><p class=\"note\">Generated by cartwatch. Decision support and "
      "research use: a clinician decides.</p></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace cartwatch::adapters
