// The writers of the long and wide layouts: what they write, the reader reads back into the same
// entry (tested round trip). Numbers are the shortest text that reads back as the same double.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/vocabulary.h"
#include "csv_fields.h"

namespace cartwatch::adapters {

namespace {

using csv::Field;

// RFC 4180: quoted only when needed, a quote inside doubled.
void AppendCell(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string_view BoolText(bool value) { return value ? "true" : "false"; }

class LongRows {
 public:
  LongRows(std::string& out, std::string_view patient_id, core::UnixSeconds time)
      : out_(out), patient_id_(patient_id), time_(core::FormatRfc3339Utc(time)) {}

  void Row(Field field, std::string_view value, std::string_view unit = "") {
    AppendCell(out_, patient_id_);
    out_ += ',';
    out_ += time_;
    out_ += ',';
    out_ += csv::LongKindOf(field).kind;
    out_ += ',';
    AppendCell(out_, value);
    out_ += ',';
    out_ += unit;
    out_ += '\n';
  }
  void Number(Field field, const std::optional<double>& value) {
    if (value) Row(field, core::ShortestText(*value), csv::LongKindOf(field).unit);
  }
  void Integer(Field field, const std::optional<int>& value) {
    if (value) Row(field, std::to_string(*value));
  }
  void Bool(Field field, const std::optional<bool>& value) {
    if (value) Row(field, BoolText(*value));
  }
  template <typename E>
  void Code(Field field, const std::optional<E>& value) {
    if (value) Row(field, core::TermOf(*value).code);
  }

 private:
  std::string& out_;
  std::string_view patient_id_;
  std::string time_;
};

// Running state of each agent as the timeline reads it: the per-agent flag, else the full list.
std::array<std::optional<bool>, 5> RunningOf(const core::TimelineEntry& entry) {
  std::array<std::optional<bool>, 5> running = entry.vasopressor_running;
  if (entry.findings.vasopressors) {
    for (std::size_t a = 0; a < running.size(); ++a) {
      if (!running[a]) {
        running[a] = entry.findings.vasopressors->Contains(static_cast<core::Vasopressor>(a));
      }
    }
  }
  return running;
}

bool AllStopped(const std::array<std::optional<bool>, 5>& running) {
  for (const std::optional<bool>& agent : running) {
    if (agent != false) return false;
  }
  return true;
}

// The wide columns written, in order: every column but temperature_f (Celsius is written).
std::vector<csv::WideColumn> WrittenColumns() {
  std::vector<csv::WideColumn> columns;
  for (const csv::WideColumn& column : csv::WideColumns()) {
    if (column.name != "temperature_f") columns.push_back(column);
  }
  return columns;
}

const std::vector<csv::WideColumn>& WideWritten() {
  static const std::vector<csv::WideColumn> columns = WrittenColumns();
  return columns;
}

void AppendNumberCell(std::string& out, const std::optional<double>& value) {
  if (value) out += core::ShortestText(*value);
}
void AppendIntegerCell(std::string& out, const std::optional<int>& value) {
  if (value) out += std::to_string(*value);
}
void AppendBoolCell(std::string& out, const std::optional<bool>& value) {
  if (value) out += BoolText(*value);
}
template <typename E>
void AppendCodeCell(std::string& out, const std::optional<E>& value) {
  if (value) out += core::TermOf(*value).code;
}

// NOLINTNEXTLINE(readability-function-size): one case per field, 151 lines
void AppendWideCell(std::string& out, Field field, const core::TimelineEntry& entry,
                    const std::array<std::optional<bool>, 5>& running) {
  const core::Assessment& f = entry.findings;
  const core::NeuroAssessment& n = f.neuro;
  const core::LegacyCrsFindings& l = f.legacy;
  const std::optional<core::OxygenSupport>& oxygen = f.oxygen;
  const std::optional<core::IceItems>& items = n.ice_items;
  switch (field) {
    case Field::kInfusion:
    case Field::kInfusionTime:
    case Field::kFluidBolus:
      return;
    case Field::kAge:
      return AppendNumberCell(out, f.age_years);
    case Field::kTemperature:
      return AppendNumberCell(out, f.temperature_celsius);
    case Field::kSystolicBp:
      return AppendNumberCell(out, entry.blood_pressure.systolic_mmhg);
    case Field::kMeanBp:
      return AppendNumberCell(out, entry.blood_pressure.mean_mmhg);
    case Field::kHypotension:
      return AppendBoolCell(out, f.hypotension);
    case Field::kFeverOtherCause:
      return AppendBoolCell(out, f.fever_other_cause);
    case Field::kFeverMasked:
      return AppendBoolCell(out, f.fever_masked);
    case Field::kNorepinephrine:
    case Field::kEpinephrine:
    case Field::kPhenylephrine:
    case Field::kDopamine:
    case Field::kVasopressin: {
      if (AllStopped(running)) return;  // written as vasopressors none
      const auto a = static_cast<std::size_t>(csv::VasopressorOf(field));
      if (!running[a]) return;
      if (!*running[a]) {
        out += '0';
      } else if (l.vasopressor_doses[a].dose) {
        out += core::ShortestText(*l.vasopressor_doses[a].dose);
      } else {
        out += "running";
      }
      return;
    }
    case Field::kVasopressors:
      if (AllStopped(running)) out += "none";
      return;
    case Field::kO2Device:
      if (oxygen) out += core::TermOf(oxygen->device).code;
      return;
    case Field::kO2Flow:
      if (oxygen) AppendNumberCell(out, oxygen->flow_l_per_min);
      return;
    case Field::kFio2:
      if (oxygen) AppendNumberCell(out, oxygen->fio2_percent);
      return;
    case Field::kO2Reason:
      if (oxygen) AppendCodeCell(out, oxygen->reason);
      return;
    case Field::kIceTotal:
      return AppendIntegerCell(out, n.ice_total);
    case Field::kIceOrientation:
      if (items) AppendIntegerCell(out, items->orientation);
      return;
    case Field::kIceNaming:
      if (items) AppendIntegerCell(out, items->naming);
      return;
    case Field::kIceCommands:
      if (items) AppendIntegerCell(out, items->commands);
      return;
    case Field::kIceWriting:
      if (items) AppendIntegerCell(out, items->writing);
      return;
    case Field::kIceAttention:
      if (items) AppendIntegerCell(out, items->attention);
      return;
    case Field::kCapd:
      return AppendIntegerCell(out, n.capd_total);
    case Field::kDevelopmentalDelay:
      return AppendBoolCell(out, n.developmental_delay);
    case Field::kConsciousness:
      return AppendCodeCell(out, n.consciousness);
    case Field::kSeizure:
      return AppendCodeCell(out, n.seizure);
    case Field::kMotor:
      return AppendCodeCell(out, n.motor);
    case Field::kIcp: {
      if (!n.icp) return;
      if (n.icp->Empty()) {
        out += "none";
        return;
      }
      bool first = true;
      for (const core::Term<core::IcpFinding>& term : core::Terms(core::IcpFinding{})) {
        if (!n.icp->Contains(term.value)) continue;
        if (!first) out += ';';
        out += term.code;
        first = false;
      }
      return;
    }
    case Field::kCreatinineGrade:
      return AppendIntegerCell(out, l.organ_toxicity.creatinine);
    case Field::kTransaminasesGrade:
      return AppendIntegerCell(out, l.organ_toxicity.transaminases);
    case Field::kOtherOrganGrade:
      return AppendIntegerCell(out, l.organ_toxicity.other);
    case Field::kHospitalisedForCrs:
      return AppendBoolCell(out, l.hospitalised_for_crs);
    case Field::kIvTherapyForCrs:
      return AppendBoolCell(out, l.iv_therapy_for_crs);
    case Field::kHypotensionRefractory:
      return AppendBoolCell(out, l.hypotension_refractory);
    case Field::kCoagulopathyNeedingProducts:
      return AppendBoolCell(out, l.coagulopathy_needing_products);
    case Field::kCrsDeath:
      return AppendBoolCell(out, f.crs_death);
    case Field::kIcansDeath:
      return AppendBoolCell(out, f.icans_death);
    case Field::kTocilizumab:
    case Field::kSiltuximab:
    case Field::kAnakinra:
    case Field::kDexamethasone:
    case Field::kMethylprednisolone:
    case Field::kLevetiracetam:
    case Field::kParacetamol:
    case Field::kIbuprofen: {
      // One cell per drug and time: doses given at the same instant are added up.
      const core::Drug drug = csv::DrugOf(field);
      bool given = false;
      bool all_recorded = true;
      double total_mg = 0.0;
      for (const core::Treatment& treatment : entry.treatments) {
        if (treatment.kind != core::TreatmentKind::kDrug || treatment.drug != drug) continue;
        given = true;
        if (treatment.dose_mg) {
          total_mg += *treatment.dose_mg;
        } else {
          all_recorded = false;
        }
      }
      if (given) out += all_recorded ? core::ShortestText(total_mg) : std::string("given");
      return;
    }
    case Field::kFluidBoluses: {
      int count = 0;
      for (const core::Treatment& treatment : entry.treatments) {
        if (treatment.kind == core::TreatmentKind::kFluidBolus) ++count;
      }
      if (count > 0) out += std::to_string(count);
      return;
    }
  }
}

}  // namespace

std::string LongCsvHeader() { return "patient_id,time,kind,value,unit\n"; }

void AppendLongCsv(std::string& out, std::string_view patient_id, const core::Infusion& infusion) {
  LongRows(out, patient_id, infusion.time)
      .Row(Field::kInfusion, core::Describe(infusion.product).code);
}

void AppendLongCsv(std::string& out, std::string_view patient_id,
                   const core::TimelineEntry& entry) {
  LongRows rows(out, patient_id, entry.time);
  const core::Assessment& f = entry.findings;
  const core::NeuroAssessment& n = f.neuro;
  const core::LegacyCrsFindings& l = f.legacy;
  rows.Number(Field::kAge, f.age_years);
  rows.Number(Field::kTemperature, f.temperature_celsius);
  rows.Number(Field::kSystolicBp, entry.blood_pressure.systolic_mmhg);
  rows.Number(Field::kMeanBp, entry.blood_pressure.mean_mmhg);
  rows.Bool(Field::kHypotension, f.hypotension);
  rows.Bool(Field::kFeverOtherCause, f.fever_other_cause);
  rows.Bool(Field::kFeverMasked, f.fever_masked);

  const std::array<std::optional<bool>, 5> running = RunningOf(entry);
  if (AllStopped(running)) {
    rows.Row(Field::kVasopressors, "none");
  } else {
    for (std::size_t a = 0; a < running.size(); ++a) {
      if (!running[a]) continue;
      const Field field = csv::FieldOf(static_cast<core::Vasopressor>(a));
      const std::optional<double>& dose = l.vasopressor_doses[a].dose;
      if (!*running[a]) {
        rows.Row(field, "0", csv::LongKindOf(field).unit);
      } else if (dose) {
        rows.Number(field, dose);
      } else {
        rows.Row(field, "running");
      }
    }
  }

  if (f.oxygen) {
    rows.Row(Field::kO2Device, core::TermOf(f.oxygen->device).code);
    rows.Number(Field::kO2Flow, f.oxygen->flow_l_per_min);
    rows.Number(Field::kFio2, f.oxygen->fio2_percent);
    rows.Code(Field::kO2Reason, f.oxygen->reason);
  }

  rows.Integer(Field::kIceTotal, n.ice_total);
  if (n.ice_items) {
    rows.Integer(Field::kIceOrientation, n.ice_items->orientation);
    rows.Integer(Field::kIceNaming, n.ice_items->naming);
    rows.Integer(Field::kIceCommands, n.ice_items->commands);
    rows.Integer(Field::kIceWriting, n.ice_items->writing);
    rows.Integer(Field::kIceAttention, n.ice_items->attention);
  }
  rows.Integer(Field::kCapd, n.capd_total);
  rows.Bool(Field::kDevelopmentalDelay, n.developmental_delay);
  rows.Code(Field::kConsciousness, n.consciousness);
  rows.Code(Field::kSeizure, n.seizure);
  rows.Code(Field::kMotor, n.motor);
  if (n.icp) {
    if (n.icp->Empty()) rows.Row(Field::kIcp, "none");
    for (const core::Term<core::IcpFinding>& term : core::Terms(core::IcpFinding{})) {
      if (n.icp->Contains(term.value)) rows.Row(Field::kIcp, term.code);
    }
  }

  rows.Integer(Field::kCreatinineGrade, l.organ_toxicity.creatinine);
  rows.Integer(Field::kTransaminasesGrade, l.organ_toxicity.transaminases);
  rows.Integer(Field::kOtherOrganGrade, l.organ_toxicity.other);
  rows.Bool(Field::kHospitalisedForCrs, l.hospitalised_for_crs);
  rows.Bool(Field::kIvTherapyForCrs, l.iv_therapy_for_crs);
  rows.Bool(Field::kHypotensionRefractory, l.hypotension_refractory);
  rows.Bool(Field::kCoagulopathyNeedingProducts, l.coagulopathy_needing_products);
  rows.Bool(Field::kCrsDeath, f.crs_death);
  rows.Bool(Field::kIcansDeath, f.icans_death);

  for (const core::Treatment& treatment : entry.treatments) {
    const Field field = treatment.kind == core::TreatmentKind::kFluidBolus
                            ? Field::kFluidBolus
                            : csv::FieldOf(treatment.drug);
    if (treatment.kind == core::TreatmentKind::kDrug && treatment.dose_mg) {
      rows.Number(field, treatment.dose_mg);
    } else {
      rows.Row(field, "");
    }
  }
}

std::string WideCsvHeader() {
  std::string header = "patient_id,time";
  for (const csv::WideColumn& column : WideWritten()) {
    header += ',';
    header += column.name;
  }
  header += '\n';
  return header;
}

void AppendWideCsv(std::string& out, std::string_view patient_id, const core::Infusion& infusion) {
  const std::string time = core::FormatRfc3339Utc(infusion.time);
  AppendCell(out, patient_id);
  out += ',';
  out += time;
  for (const csv::WideColumn& column : WideWritten()) {
    out += ',';
    if (column.field == Field::kInfusion) out += core::Describe(infusion.product).code;
    if (column.field == Field::kInfusionTime) out += time;
  }
  out += '\n';
}

void AppendWideCsv(std::string& out, std::string_view patient_id,
                   const core::TimelineEntry& entry) {
  const std::array<std::optional<bool>, 5> running = RunningOf(entry);
  AppendCell(out, patient_id);
  out += ',';
  out += core::FormatRfc3339Utc(entry.time);
  for (const csv::WideColumn& column : WideWritten()) {
    out += ',';
    AppendWideCell(out, column.field, entry, running);
  }
  out += '\n';
}

}  // namespace cartwatch::adapters
