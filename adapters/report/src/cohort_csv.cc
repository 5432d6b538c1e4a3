// The cohort report as CSV (RFC 4180, LF line ends): a tidy summary table, one figure per row, or
// one row per patient. Columns are documented in docs/cohort-output.md.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/vocabulary.h"
#include "csv_columns.h"

namespace cartwatch::adapters {
namespace {

using text::AppendCsvCell;

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    AppendCsvCell(out, fields[i]);
  }
  out += '\n';
}

std::string Number(const std::optional<double>& value) {
  return value ? core::ShortestText(*value) : std::string();
}
std::string Count(std::uint64_t value) { return std::to_string(value); }

std::string_view SystemKey(core::GradingSystem system) { return core::Describe(system).key; }

// One figure of the summary: group,measure,system,estimate,low,high,events,total,statistic.
struct Figure {
  std::string group, measure, system, estimate, low, high, events, total, statistic;
};

// The columns of the summary view: the header and every row are written from this one table.
const csv_columns::Columns<Figure>& FigureColumns() {
  static const csv_columns::Columns<Figure> kColumns = [] {
    csv_columns::Columns<Figure> columns;
    const std::pair<std::string_view, std::string Figure::*> fields[] = {
        {"group", &Figure::group},
        {"measure", &Figure::measure},
        {"system", &Figure::system},
        {"estimate", &Figure::estimate},
        {"low", &Figure::low},
        {"high", &Figure::high},
        {"events", &Figure::events},
        {"total", &Figure::total},
        {"statistic", &Figure::statistic}};
    for (const auto& named : fields) {
      const auto field = named.second;
      columns.push_back({std::string(named.first), [field](const Figure& f) { return f.*field; }});
    }
    return columns;
  }();
  return kColumns;
}

class SummaryTable {
 public:
  SummaryTable() { AppendRow(out_, csv_columns::Header(FigureColumns())); }

  void Add(Figure figure) { AppendRow(out_, csv_columns::Cells(FigureColumns(), figure)); }

  void AddProportion(std::string_view group, std::string_view measure, std::string_view system,
                     const core::Proportion& p) {
    Add({std::string(group), std::string(measure), std::string(system), Number(p.estimate),
         Number(p.low), Number(p.high), Count(p.events), Count(p.total), "proportion_wilson95"});
  }

  void AddQuartiles(std::string_view group, std::string_view measure, std::string_view system,
                    const std::optional<core::Quartiles>& q) {
    Add({std::string(group), std::string(measure), std::string(system),
         q ? core::ShortestText(q->median) : "", q ? core::ShortestText(q->q1) : "",
         q ? core::ShortestText(q->q3) : "", "", q ? Count(q->n) : "0", "median_iqr"});
  }

  void AddCount(std::string_view group, std::string_view measure, std::string_view system,
                std::uint64_t count) {
    Add({std::string(group), std::string(measure), std::string(system), "", "", "", Count(count),
         "", "count"});
  }

  void AddSyndrome(std::string_view group, std::string_view name, std::string_view system,
                   const core::SyndromeFigures& figures, bool with_timing) {
    const std::string prefix(name);
    AddProportion(group, prefix + "_any_grade", system, figures.any_grade);
    AddProportion(group, prefix + "_grade3_plus", system, figures.grade3_plus);
    std::uint64_t assessed = 0;
    for (std::uint64_t count : figures.grades.patients_at_grade) assessed += count;
    for (std::size_t grade = 0; grade < figures.grades.patients_at_grade.size(); ++grade) {
      AddProportion(group, prefix + "_highest_grade_" + std::to_string(grade), system,
                    core::WilsonInterval(figures.grades.patients_at_grade[grade], assessed));
    }
    AddCount(group, prefix + "_not_assessed", system, figures.grades.not_assessed);
    AddCount(group, prefix + "_lower_bound", system, figures.grades.lower_bound);
    if (!with_timing) return;
    AddQuartiles(group, prefix + "_onset_day", system, figures.onset_day);
    AddQuartiles(group, prefix + "_duration_days", system, figures.duration_days);
    AddCount(group, prefix + "_onset_unknown", system, figures.onset_unknown);
    AddCount(group, prefix + "_duration_ongoing", system, figures.duration_ongoing);
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

using PatientColumns = csv_columns::Columns<core::PatientSummary>;
using Patient = const core::PatientSummary&;

std::string Bool(bool value) { return value ? "true" : "false"; }

// The five columns of a syndrome's first episode, e.g. crs_episodes, crs_onset_day,
// crs_onset_hours, crs_duration_hours, crs_ongoing (empty when there is no episode).
void AddFirstEpisodeColumns(PatientColumns& columns, const std::string& prefix,
                            std::vector<core::Episode> core::PatientSummary::*episodes) {
  const auto first = [episodes](Patient p) -> const core::Episode* {
    const std::vector<core::Episode>& all = p.*episodes;
    return all.empty() ? nullptr : &all.front();
  };
  columns.push_back(
      {prefix + "_episodes", [episodes](Patient p) { return Count((p.*episodes).size()); }});
  columns.push_back({prefix + "_onset_day", [first](Patient p) {
                       const core::Episode* e = first(p);
                       return e && e->onset_day ? std::to_string(*e->onset_day) : std::string();
                     }});
  columns.push_back({prefix + "_onset_hours", [first](Patient p) {
                       const core::Episode* e = first(p);
                       return e ? Number(e->onset_hours) : std::string();
                     }});
  columns.push_back({prefix + "_duration_hours", [first](Patient p) {
                       const core::Episode* e = first(p);
                       return e ? Number(e->duration_hours) : std::string();
                     }});
  columns.push_back({prefix + "_ongoing", [first](Patient p) {
                       const core::Episode* e = first(p);
                       return e ? Bool(e->ongoing) : std::string();
                     }});
}

std::string FirstResponseCode(Patient patient) {
  if (patient.tocilizumab.empty()) return {};
  return std::string(core::TermOf(patient.tocilizumab.front().response).code);
}

std::string DrugDoses(Patient patient) {
  std::string drugs;  // "tocilizumab:2;dexamethasone:1"
  for (const core::DrugInfo& drug : core::Drugs()) {
    const int doses = patient.drugs[static_cast<std::size_t>(drug.drug)].doses;
    if (doses == 0) continue;
    if (!drugs.empty()) drugs += ';';
    drugs += std::string(drug.code) + ":" + std::to_string(doses);
  }
  return drugs;
}

// The columns of the per-patient view (docs/cohort-output.md): the header and every row are
// written from this one table.
PatientColumns PatientsColumns(const core::GradingSystemSet& systems) {
  PatientColumns columns = {
      {"patient_id", [](Patient p) { return p.patient_id; }},
      {"product",
       [](Patient p) {
         return p.infusion ? std::string(core::Describe(p.infusion->product).code) : std::string();
       }},
      {"infusion_time",
       [](Patient p) {
         return p.infusion ? core::FormatRfc3339Utc(p.infusion->time) : std::string();
       }},
      {"assessments", [](Patient p) { return Count(p.assessments); }},
  };
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (!systems.Contains(info.id)) continue;
    const auto index = static_cast<std::size_t>(info.id);
    columns.push_back({"max_crs_grade_" + std::string(info.key), [index](Patient p) {
                         return p.max_crs_grade[index] ? std::to_string(*p.max_crs_grade[index])
                                                       : std::string();
                       }});
    columns.push_back({"max_crs_lower_bound_" + std::string(info.key),
                       [index](Patient p) { return Bool(p.max_crs_lower_bound[index]); }});
  }
  columns.push_back({"max_icans_grade", [](Patient p) {
                       return core::IcansAssessed(p) ? std::to_string(p.max_icans_grade)
                                                     : std::string();
                     }});
  columns.push_back({"max_icans_lower_bound", [](Patient p) {
                       return Bool(core::IcansAssessed(p) && p.max_icans_lower_bound);
                     }});
  AddFirstEpisodeColumns(columns, "crs", &core::PatientSummary::crs_episodes);
  AddFirstEpisodeColumns(columns, "icans", &core::PatientSummary::icans_episodes);
  columns.push_back({"tocilizumab_doses", [](Patient p) { return Count(p.tocilizumab.size()); }});
  columns.push_back({"tocilizumab_first_response", FirstResponseCode});
  columns.push_back({"steroids", [](Patient p) { return Bool(core::GivenSteroid(p)); }});
  columns.push_back({"drugs", DrugDoses});
  columns.push_back({"fluid_boluses", [](Patient p) { return std::to_string(p.fluid_boluses); }});
  return columns;
}

}  // namespace

std::string CohortSummaryToCsv(const core::CohortReport& report) {
  SummaryTable table;
  const std::string_view astct = SystemKey(core::GradingSystem::kAstct2019);
  for (const core::CohortGroup& group : report.groups) {
    table.AddCount(group.key, "patients", "", group.patients);
    table.AddSyndrome(group.key, "crs", astct, group.crs, true);
    table.AddSyndrome(group.key, "icans", astct, group.icans, true);
    for (const core::GradingSystemInfo& info : core::GradingSystems()) {
      const auto& figures = group.crs_by_system[static_cast<std::size_t>(info.id)];
      if (info.id == core::GradingSystem::kAstct2019 || !figures) continue;
      table.AddSyndrome(group.key, "crs", info.key, *figures, false);
    }
    table.AddProportion(group.key, "tocilizumab_use", "", group.tocilizumab_use);
    table.AddProportion(group.key, "tocilizumab_first_dose_response", astct,
                        group.tocilizumab_response);
    table.AddCount(group.key, "tocilizumab_first_dose_response_unknown", astct,
                   group.tocilizumab_response_unknown);
    table.AddProportion(group.key, "steroids", "", group.steroids);
    for (const core::DrugInfo& drug : core::Drugs()) {
      table.AddProportion(
          group.key, std::string("drug_") + std::string(drug.code), "",
          core::WilsonInterval(group.drug_patients[static_cast<std::size_t>(drug.drug)],
                               group.patients));
    }
  }
  for (const core::Concordance& concordance : report.concordance) {
    const std::string pair =
        std::string(SystemKey(concordance.a)) + "_vs_" + std::string(SystemKey(concordance.b));
    table.AddProportion("overall", "concordance_" + pair, "", concordance.agreement);
    table.AddCount("overall", "concordance_" + pair + "_lower_bound_cells", "",
                   concordance.lower_bound_cells);
  }
  return table.Take();
}

std::string CohortPatientsToCsv(const core::CohortReport& report) {
  const PatientColumns columns = PatientsColumns(report.systems);
  std::string out;
  AppendRow(out, csv_columns::Header(columns));
  for (const core::PatientSummary& patient : report.patients) {
    AppendRow(out, csv_columns::Cells(columns, patient));
  }
  return out;
}

}  // namespace cartwatch::adapters
