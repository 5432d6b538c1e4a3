// The writers of the long and wide layouts: what they write, the reader reads back into the same
// entry (tested round trip). Numbers are the shortest text that reads back as the same double.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "cartwatch/adapters/text_support.h"
#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/vocabulary.h"
#include "csv_fields.h"

namespace cartwatch::adapters {

namespace {

using core::FindingInfo;
using core::Shape;

using text::AppendCsvCell;

std::string_view BoolText(bool value) { return value ? "true" : "false"; }

// Appends the text of a plain finding's value, as the reader reads it back.
void AppendScalarText(std::string& out, const FindingInfo& info, const core::ScalarValue& value) {
  switch (info.type) {
    case core::ValueType::kNumber:
      out += core::ShortestText(std::get<double>(value));
      return;
    case core::ValueType::kInteger:
      out += std::to_string(std::get<int>(value));
      return;
    case core::ValueType::kBool:
      out += BoolText(std::get<bool>(value));
      return;
    case core::ValueType::kCode:
      out += info.codes->code_of(std::get<std::uint8_t>(value));
      return;
  }
}

class LongRows {
 public:
  LongRows(std::string& out, std::string_view patient_id, core::UnixSeconds time)
      : out_(out), patient_id_(patient_id), time_(core::FormatRfc3339Utc(time)) {}

  void Row(std::string_view kind, std::string_view value, std::string_view unit = "") {
    AppendCsvCell(out_, patient_id_);
    out_ += ',';
    out_ += time_;
    out_ += ',';
    out_ += kind;
    out_ += ',';
    AppendCsvCell(out_, value);
    out_ += ',';
    out_ += unit;
    out_ += '\n';
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

// The wide columns written, in order: the first column of each finding (temperature_c, not
// temperature_f).
std::vector<csv::WideColumn> WrittenColumns() {
  std::vector<csv::WideColumn> columns;
  for (const csv::WideColumn& column : csv::WideColumns()) {
    if (column.written) columns.push_back(column);
  }
  return columns;
}

const std::vector<csv::WideColumn>& WideWritten() {
  static const std::vector<csv::WideColumn> columns = WrittenColumns();
  return columns;
}

void AppendVasopressorCell(std::string& out, const FindingInfo& info,
                           const core::TimelineEntry& entry,
                           const std::array<std::optional<bool>, 5>& running) {
  if (AllStopped(running)) {  // written as vasopressors none
    if (info.shape == Shape::kVasopressorsNone) out += "none";
    return;
  }
  if (info.shape == Shape::kVasopressorsNone) return;
  const auto a = static_cast<std::size_t>(core::VasopressorOf(info.id));
  if (!running[a]) return;
  const std::optional<double>& dose = entry.findings.legacy.vasopressor_doses[a].dose;
  if (!*running[a]) {
    out += '0';
  } else if (dose) {
    out += core::ShortestText(*dose);
  } else {
    out += "running";
  }
}

void AppendIcpCell(std::string& out, const std::optional<core::IcpFindingSet>& icp) {
  if (!icp) return;
  if (icp->Empty()) {
    out += "none";
    return;
  }
  bool first = true;
  for (const core::Term<core::IcpFinding>& term : core::Terms(core::IcpFinding{})) {
    if (!icp->Contains(term.value)) continue;
    if (!first) out += ';';
    out += term.code;
    first = false;
  }
}

// One cell per treatment kind and time: drug doses given at the same instant are added up, and
// boluses counted.
void AppendTreatmentCell(std::string& out, const FindingInfo& info,
                         const core::TimelineEntry& entry) {
  if (info.id == core::Finding::kFluidBolus) {
    int count = 0;
    for (const core::Treatment& treatment : entry.treatments) {
      if (treatment.kind == core::TreatmentKind::kFluidBolus) ++count;
    }
    if (count > 0) out += std::to_string(count);
    return;
  }
  const core::Drug drug = core::DrugOf(info.id);
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
}

void AppendWideCell(std::string& out, const FindingInfo& info, const core::TimelineEntry& entry,
                    const std::array<std::optional<bool>, 5>& running) {
  switch (info.shape) {
    case Shape::kScalar:
    case Shape::kTemperature:
      if (const std::optional<core::ScalarValue> value = info.access.get(entry)) {
        AppendScalarText(out, info, *value);
      }
      return;
    case Shape::kVasopressorDose:
    case Shape::kVasopressorsNone:
      return AppendVasopressorCell(out, info, entry, running);
    case Shape::kIcpSign:
      return AppendIcpCell(out, entry.findings.neuro.icp);
    case Shape::kTreatment:
      return AppendTreatmentCell(out, info, entry);
  }
}

void AppendLongVasopressor(LongRows& rows, const FindingInfo& info,
                           const core::TimelineEntry& entry,
                           const std::array<std::optional<bool>, 5>& running) {
  if (AllStopped(running)) {
    if (info.shape == Shape::kVasopressorsNone) rows.Row(info.code, "none");
    return;
  }
  if (info.shape == Shape::kVasopressorsNone) return;
  const auto a = static_cast<std::size_t>(core::VasopressorOf(info.id));
  if (!running[a]) return;
  const std::optional<double>& dose = entry.findings.legacy.vasopressor_doses[a].dose;
  if (!*running[a]) {
    rows.Row(info.code, "0", info.unit);
  } else if (dose) {
    rows.Row(info.code, core::ShortestText(*dose), info.unit);
  } else {
    rows.Row(info.code, "running");
  }
}

}  // namespace

std::string LongCsvHeader() { return "patient_id,time,kind,value,unit\n"; }

void AppendLongCsv(std::string& out, std::string_view patient_id, const core::Infusion& infusion) {
  LongRows(out, patient_id, infusion.time).Row("infusion", core::Describe(infusion.product).code);
}

void AppendLongCsv(std::string& out, std::string_view patient_id,
                   const core::TimelineEntry& entry) {
  LongRows rows(out, patient_id, entry.time);
  const std::array<std::optional<bool>, 5> running = RunningOf(entry);
  std::string text;  // one buffer for every value of the entry
  for (const FindingInfo& info : core::Findings()) {
    switch (info.shape) {
      case Shape::kScalar:
      case Shape::kTemperature:
        if (const std::optional<core::ScalarValue> value = info.access.get(entry)) {
          text.clear();
          AppendScalarText(text, info, *value);
          rows.Row(info.code, text, info.type == core::ValueType::kNumber ? info.unit : "");
        }
        break;
      case Shape::kVasopressorDose:
      case Shape::kVasopressorsNone:
        AppendLongVasopressor(rows, info, entry, running);
        break;
      case Shape::kIcpSign:
        if (const std::optional<core::IcpFindingSet>& icp = entry.findings.neuro.icp) {
          if (icp->Empty()) rows.Row(info.code, "none");
          for (const core::Term<core::IcpFinding>& term : core::Terms(core::IcpFinding{})) {
            if (icp->Contains(term.value)) rows.Row(info.code, term.code);
          }
        }
        break;
      case Shape::kTreatment:
        break;  // below, in the order given
    }
  }
  for (const core::Treatment& treatment : entry.treatments) {
    const FindingInfo& info = core::Describe(treatment.kind == core::TreatmentKind::kFluidBolus
                                                 ? core::Finding::kFluidBolus
                                                 : core::FindingOf(treatment.drug));
    if (treatment.kind == core::TreatmentKind::kDrug && treatment.dose_mg) {
      rows.Row(info.code, core::ShortestText(*treatment.dose_mg), info.unit);
    } else {
      rows.Row(info.code, "");
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
  AppendCsvCell(out, patient_id);
  out += ',';
  out += time;
  for (const csv::WideColumn& column : WideWritten()) {
    out += ',';
    if (column.role == csv::Role::kInfusion) out += core::Describe(infusion.product).code;
    if (column.role == csv::Role::kInfusionTime) out += time;
  }
  out += '\n';
}

void AppendWideCsv(std::string& out, std::string_view patient_id,
                   const core::TimelineEntry& entry) {
  const std::array<std::optional<bool>, 5> running = RunningOf(entry);
  AppendCsvCell(out, patient_id);
  out += ',';
  out += core::FormatRfc3339Utc(entry.time);
  for (const csv::WideColumn& column : WideWritten()) {
    out += ',';
    if (column.role == csv::Role::kFinding) {
      AppendWideCell(out, core::Describe(column.finding), entry, running);
    }
  }
  out += '\n';
}

}  // namespace cartwatch::adapters
