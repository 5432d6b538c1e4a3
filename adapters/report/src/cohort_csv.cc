// The cohort report as CSV (RFC 4180, LF line ends): a tidy summary table, one figure per row, or
// one row per patient. Columns are documented in docs/cohort-output.md.
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/time.h"

namespace cartwatch::adapters {
namespace {

// A field quoted when it holds a comma, quote or line break; quotes doubled.
void AppendField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    AppendField(out, fields[i]);
  }
  out += '\n';
}

std::string Number(const std::optional<double>& value) {
  return value ? core::ShortestText(*value) : std::string();
}
std::string Count(std::uint64_t value) { return std::to_string(value); }

std::string_view SystemKey(core::GradingSystem system) { return core::Describe(system).key; }

// group,measure,system,estimate,low,high,events,total,statistic
class SummaryTable {
 public:
  SummaryTable() {
    AppendRow(out_, {"group", "measure", "system", "estimate", "low", "high", "events", "total",
                     "statistic"});
  }

  void AddProportion(std::string_view group, std::string_view measure, std::string_view system,
                     const core::Proportion& p) {
    AppendRow(out_, {std::string(group), std::string(measure), std::string(system),
                     Number(p.estimate), Number(p.low), Number(p.high), Count(p.events),
                     Count(p.total), "proportion_wilson95"});
  }

  void AddQuartiles(std::string_view group, std::string_view measure, std::string_view system,
                    const std::optional<core::Quartiles>& q) {
    AppendRow(out_, {std::string(group), std::string(measure), std::string(system),
                     q ? core::ShortestText(q->median) : "", q ? core::ShortestText(q->q1) : "",
                     q ? core::ShortestText(q->q3) : "", "", q ? Count(q->n) : "0", "median_iqr"});
  }

  void AddCount(std::string_view group, std::string_view measure, std::string_view system,
                std::uint64_t count) {
    AppendRow(out_, {std::string(group), std::string(measure), std::string(system), "", "", "",
                     Count(count), "", "count"});
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
  std::vector<std::string> header{"patient_id", "product", "infusion_time", "assessments"};
  std::vector<core::GradingSystem> systems;
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (!report.systems.Contains(info.id)) continue;
    systems.push_back(info.id);
    header.push_back("max_crs_grade_" + std::string(info.key));
    header.push_back("max_crs_lower_bound_" + std::string(info.key));
  }
  for (std::string_view column :
       {"max_icans_grade", "max_icans_lower_bound", "crs_episodes", "crs_onset_day",
        "crs_onset_hours", "crs_duration_hours", "crs_ongoing", "icans_episodes", "icans_onset_day",
        "icans_onset_hours", "icans_duration_hours", "icans_ongoing", "tocilizumab_doses",
        "tocilizumab_first_response", "steroids", "drugs", "fluid_boluses"}) {
    header.emplace_back(column);
  }
  std::string out;
  AppendRow(out, header);

  const auto first_episode = [](std::vector<std::string>& row,
                                const std::vector<core::Episode>& episodes) {
    row.push_back(Count(episodes.size()));
    if (episodes.empty()) {
      row.insert(row.end(), {"", "", "", ""});
      return;
    }
    const core::Episode& first = episodes.front();
    row.push_back(first.onset_day ? std::to_string(*first.onset_day) : "");
    row.push_back(Number(first.onset_hours));
    row.push_back(Number(first.duration_hours));
    row.push_back(first.ongoing ? "true" : "false");
  };

  for (const core::PatientSummary& patient : report.patients) {
    std::vector<std::string> row{
        patient.patient_id,
        patient.infusion ? std::string(core::Describe(patient.infusion->product).code) : "",
        patient.infusion ? core::FormatRfc3339Utc(patient.infusion->time) : "",
        Count(patient.assessments)};
    for (core::GradingSystem system : systems) {
      const auto index = static_cast<std::size_t>(system);
      row.push_back(patient.max_crs_grade[index] ? std::to_string(*patient.max_crs_grade[index])
                                                 : "");
      row.push_back(patient.max_crs_lower_bound[index] ? "true" : "false");
    }
    const bool icans_assessed = core::IcansAssessed(patient);
    row.push_back(icans_assessed ? std::to_string(patient.max_icans_grade) : "");
    row.push_back(icans_assessed && patient.max_icans_lower_bound ? "true" : "false");
    first_episode(row, patient.crs_episodes);
    first_episode(row, patient.icans_episodes);
    row.push_back(Count(patient.tocilizumab.size()));
    std::string response;
    if (!patient.tocilizumab.empty()) {
      switch (patient.tocilizumab.front().response) {
        case core::TocilizumabResponse::kResponded:
          response = "responded";
          break;
        case core::TocilizumabResponse::kNoResponse:
          response = "no_response";
          break;
        case core::TocilizumabResponse::kUnknown:
          response = "unknown";
          break;
      }
    }
    row.push_back(response);
    row.push_back(core::GivenSteroid(patient) ? "true" : "false");
    std::string drugs;  // "tocilizumab:2;dexamethasone:1"
    for (const core::DrugInfo& drug : core::Drugs()) {
      const int doses = patient.drugs[static_cast<std::size_t>(drug.drug)].doses;
      if (doses == 0) continue;
      if (!drugs.empty()) drugs += ';';
      drugs += std::string(drug.code) + ":" + std::to_string(doses);
    }
    row.push_back(drugs);
    row.push_back(std::to_string(patient.fluid_boluses));
    AppendRow(out, row);
  }
  return out;
}

}  // namespace cartwatch::adapters
