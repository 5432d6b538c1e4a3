// ReadTimelineCsv: the header tells the layout; rows are folded into one pending entry per patient
// (long layout) or read as one entry each (wide layout) and handed to the sink in each patient's
// time order. The hot path (a long row of a patient already seen) allocates nothing: fields are
// views into the scanner's buffer, numbers go through std::from_chars, the kind through a hash
// table, and a time equal to the previous row's is not parsed again.
#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/time.h"
#include "csv_fields.h"
#include "csv_scanner.h"
#include "entry_builder.h"

namespace cartwatch::adapters {

namespace {

using core::ErrorCode;
using csv::CsvScanner;
using csv::EchoText;
using csv::EntryBuilder;

constexpr std::array<std::string_view, 5> kLongHeader{"patient_id", "time", "kind", "value",
                                                      "unit"};
constexpr std::string_view kLongHeaderText = "patient_id,time,kind,value,unit";
constexpr std::uint64_t kProgressEveryRows = std::uint64_t{1} << 16;

struct PatientState {
  std::string_view id;  // the map's key
  bool has_time = false;
  core::UnixSeconds last_time = 0;  // of the patient's latest row
  std::uint64_t last_line = 0;
  bool has_entry = false;  // wide: an entry was read at last_entry_time
  core::UnixSeconds last_entry_time = 0;
  std::uint64_t last_entry_line = 0;
  EntryBuilder pending;  // long: the entry at the latest time, still open to rows
};

struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

using text::QuotedEcho;

class Reader {
 public:
  Reader(std::istream& input, TimelineSink& sink, const CsvReadOptions& options)
      : scanner_(input), sink_(sink), options_(options) {}

  CsvReadSummary Run();

 private:
  bool ReadHeader();
  bool ReadWideHeader(std::span<const std::string_view> fields, std::uint64_t line);
  // The patient and time of a row, checked; nullptr when the row cannot be placed.
  PatientState* PlaceRow(std::string_view patient_id, std::string_view time_text,
                         std::uint64_t line, core::UnixSeconds& time);
  void LongRow(std::span<const std::string_view> fields, std::uint64_t line);
  void WideRow(std::span<const std::string_view> fields, std::uint64_t line);
  void Infusion(PatientState& state, std::string_view field_name, std::string_view product,
                core::UnixSeconds time, std::uint64_t line);
  bool ParseTime(std::string_view text, core::UnixSeconds& time);
  PatientState& StateOf(std::string_view patient_id);
  void Deliver(PatientState& state, EntryBuilder& builder);
  void AddError(std::uint64_t line, core::Error error);
  void AddError(std::uint64_t line, ErrorCode code, std::string_view field, std::string_view value,
                std::string message);
  void AddRowErrors(std::uint64_t line);

  CsvScanner scanner_;
  TimelineSink& sink_;
  const CsvReadOptions& options_;
  CsvReadSummary summary_;
  bool wide_ = false;

  std::unordered_map<std::string, PatientState, IdHash, std::equal_to<>> patients_;
  std::vector<PatientState*> first_seen_;  // for a deterministic flush at the end
  PatientState* last_patient_ = nullptr;

  std::string last_time_text_;  // the last time text parsed successfully, and its value
  core::UnixSeconds last_time_value_ = 0;
  bool has_last_time_ = false;

  std::vector<core::Error> row_errors_;      // scratch, per row
  std::vector<CsvLineError> finish_errors_;  // scratch, per entry
  // Wide layout: the column of each cell (nullopt: a column refused in the header).
  std::vector<std::optional<csv::WideColumn>> columns_;
  std::optional<std::size_t> product_column_;
  std::optional<std::size_t> infusion_time_column_;
  EntryBuilder wide_builder_;
};

void Reader::AddError(std::uint64_t line, core::Error error) {
  ++summary_.errors_total;
  if (summary_.errors.size() < options_.max_errors) {
    summary_.errors.push_back(CsvLineError{line, std::move(error)});
  }
}

void Reader::AddError(std::uint64_t line, ErrorCode code, std::string_view field,
                      std::string_view value, std::string message) {
  AddError(line, core::Error{code, std::string(field), EchoText(value), std::move(message), ""});
}

void Reader::AddRowErrors(std::uint64_t line) {
  for (core::Error& error : row_errors_) AddError(line, std::move(error));
  row_errors_.clear();
}

bool Reader::ParseTime(std::string_view text, core::UnixSeconds& time) {
  // Rows of one entry, and of patients charted at the same moment, repeat the time text.
  if (has_last_time_ && text == last_time_text_) {
    time = last_time_value_;
    return true;
  }
  const std::optional<core::UnixSeconds> parsed = core::ParseRfc3339(text);
  if (!parsed) return false;
  last_time_text_.assign(text);
  last_time_value_ = *parsed;
  has_last_time_ = true;
  time = *parsed;
  return true;
}

PatientState& Reader::StateOf(std::string_view patient_id) {
  if (last_patient_ != nullptr && last_patient_->id == patient_id) return *last_patient_;
  auto found = patients_.find(patient_id);
  if (found == patients_.end()) {
    found = patients_.try_emplace(std::string(patient_id)).first;
    found->second.id = found->first;
    first_seen_.push_back(&found->second);
  }
  last_patient_ = &found->second;
  return found->second;
}

void Reader::Deliver(PatientState& state, EntryBuilder& builder) {
  finish_errors_.clear();
  if (builder.Finish(wide_, finish_errors_)) {
    ++summary_.entries;
    sink_.OnEntry(state.id, builder.TakeEntry());
  }
  for (CsvLineError& error : finish_errors_) AddError(error.line, std::move(error.error));
}

PatientState* Reader::PlaceRow(std::string_view patient_id, std::string_view time_text,
                               std::uint64_t line, core::UnixSeconds& time) {
  if (patient_id.empty()) {
    AddError(line, ErrorCode::kMissingRequired, "patient_id", "",
             "patient_id is empty: every row names its patient");
    return nullptr;
  }
  if (!ParseTime(time_text, time)) {
    AddError(line, ErrorCode::kInvalidTime, "time", time_text,
             "time " + QuotedEcho(time_text) +
                 " is not an RFC 3339 date-time with seconds and an offset, e.g. "
                 "2026-03-01T08:00:00Z or 2026-03-01T09:00:00+01:00");
    return nullptr;
  }
  PatientState& state = StateOf(patient_id);
  if (state.has_time && time < state.last_time) {
    AddError(line, ErrorCode::kOutOfOrder, "time", time_text,
             "patient " + QuotedEcho(patient_id) + ": time " + core::FormatRfc3339Utc(time) +
                 " is earlier than the patient's previous row (line " +
                 std::to_string(state.last_line) + ", " + core::FormatRfc3339Utc(state.last_time) +
                 "); a patient's rows must be in time order");
    return nullptr;
  }
  return &state;
}

void Reader::Infusion(PatientState& state, std::string_view field_name, std::string_view product,
                      core::UnixSeconds time, std::uint64_t line) {
  const std::optional<core::Product> found = core::FindProduct(product);
  if (!found) {
    std::string known;
    for (const core::ProductInfo& info : core::Products()) {
      if (!known.empty()) known += ", ";
      known += info.code;
    }
    AddError(line, ErrorCode::kUnknownCode, field_name, product,
             std::string(field_name) + " " + QuotedEcho(product) +
                 " is not a known CAR-T product; use a code (" + known +
                 "), a generic or a brand name");
    return;
  }
  sink_.OnInfusion(state.id, core::Infusion{*found, time});
}

void Reader::LongRow(std::span<const std::string_view> fields, std::uint64_t line) {
  if (fields.size() != kLongHeader.size()) {
    AddError(line, ErrorCode::kMalformedCsv, "", "",
             "the row has " + std::to_string(fields.size()) + " fields; the long layout has 5 (" +
                 std::string(kLongHeaderText) + "); quote a value that holds a comma");
    return;
  }
  core::UnixSeconds time = 0;
  PatientState* const placed = PlaceRow(fields[0], fields[1], line, time);
  if (placed == nullptr) return;
  PatientState& state = *placed;
  state.has_time = true;
  state.last_time = time;
  state.last_line = line;
  // A later time of the patient closes the entry held for it.
  if (state.pending.active() && state.pending.time() < time) Deliver(state, state.pending);

  const std::string_view kind = fields[2];
  const csv::LongKind* const found = csv::FindLongKind(kind);
  if (found != nullptr && found->role == csv::Role::kInfusion) {
    if (!fields[4].empty()) {
      AddError(line, ErrorCode::kUnknownUnit, "infusion", fields[4],
               "infusion takes no unit (leave the unit cell empty), got " + QuotedEcho(fields[4]));
      return;
    }
    Infusion(state, "infusion", fields[3], time, line);
    return;
  }
  if (!state.pending.active()) state.pending.Start(time, line);
  if (found == nullptr) {
    state.pending.Spoil();
    AddError(line, ErrorCode::kUnknownField, kind, fields[3],
             "unknown kind " + QuotedEcho(kind) + " (docs/csv-format.md lists the kinds)");
    return;
  }
  if (!state.pending.Apply(EntryBuilder::Input{found->finding, kind, fields[3], fields[4], false},
                           line, row_errors_)) {
    AddRowErrors(line);
  }
}

bool Reader::ReadWideHeader(std::span<const std::string_view> fields, std::uint64_t line) {
  columns_.assign(fields.size(), std::nullopt);
  std::vector<std::string_view> names;
  for (std::size_t i = 2; i < fields.size(); ++i) {
    const std::string_view name = fields[i];
    const std::optional<csv::WideColumn> column = csv::FindWideColumn(name);
    if (!column) {
      AddError(line, ErrorCode::kUnknownField, name, "",
               "unknown column " + QuotedEcho(name) + " (docs/csv-format.md lists the columns)");
      continue;
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      AddError(line, ErrorCode::kMalformedCsv, name, "",
               "column " + QuotedEcho(name) + " appears twice in the header");
      continue;
    }
    names.push_back(name);
    if (column->role == csv::Role::kInfusion) product_column_ = i;
    if (column->role == csv::Role::kInfusionTime) infusion_time_column_ = i;
    columns_[i] = column;
  }
  return true;
}

bool Reader::ReadHeader() {
  while (true) {
    switch (scanner_.Next()) {
      case CsvScanner::Status::kEnd:
        AddError(1, ErrorCode::kMalformedCsv, "", "",
                 "the input is empty: the first line must be the header, " +
                     std::string(kLongHeaderText) +
                     " (long layout) or patient_id,time,... "
                     "(wide layout)");
        return false;
      case CsvScanner::Status::kMalformed:
        AddError(scanner_.line(), ErrorCode::kMalformedCsv, "", "",
                 "the header is not valid CSV: " + std::string(scanner_.problem()));
        return false;
      case CsvScanner::Status::kRecord:
        break;
    }
    break;
  }
  const std::span<const std::string_view> fields = scanner_.fields();
  const std::uint64_t line = scanner_.line();
  if (fields.size() < 2 || fields[0] != "patient_id" || fields[1] != "time") {
    std::string received;
    for (std::string_view field : fields) {
      if (!received.empty()) received += ',';
      received += field;
    }
    AddError(line, ErrorCode::kMalformedCsv, "", received,
             "the header must begin with patient_id,time: " + std::string(kLongHeaderText) +
                 " (long layout) or patient_id,time and the columns of the wide layout");
    return false;
  }
  if (fields.size() >= 3 && fields[2] == "kind") {
    summary_.layout = CsvLayout::kLong;
    if (!std::equal(fields.begin(), fields.end(), kLongHeader.begin(), kLongHeader.end())) {
      AddError(line, ErrorCode::kMalformedCsv, "", "",
               "the long layout's header is exactly " + std::string(kLongHeaderText));
      return false;
    }
    return true;
  }
  summary_.layout = CsvLayout::kWide;
  wide_ = true;
  return ReadWideHeader(fields, line);
}

void Reader::WideRow(std::span<const std::string_view> fields, std::uint64_t line) {
  if (fields.size() != columns_.size()) {
    AddError(line, ErrorCode::kMalformedCsv, "", "",
             "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                 std::to_string(columns_.size()) + " (quote a value that holds a comma)");
    return;
  }
  core::UnixSeconds time = 0;
  PatientState* const placed = PlaceRow(fields[0], fields[1], line, time);
  if (placed == nullptr) return;
  PatientState& state = *placed;

  bool records_entry = false;  // a cell other than the infusion's
  for (std::size_t i = 2; i < fields.size(); ++i) {
    if (fields[i].empty() || !columns_[i]) continue;
    if (i != product_column_ && i != infusion_time_column_) {
      records_entry = true;
      break;
    }
  }
  if (records_entry && state.has_entry && state.last_entry_time == time) {
    AddError(line, ErrorCode::kOutOfOrder, "time", fields[1],
             "patient " + QuotedEcho(fields[0]) + " has a second row at " +
                 core::FormatRfc3339Utc(time) + " (the first on line " +
                 std::to_string(state.last_entry_line) +
                 "); the wide layout has one row per patient and time: merge them");
    return;
  }
  state.has_time = true;
  state.last_time = time;
  state.last_line = line;

  // The infusion: `product`, at `infusion_time` or else at the row's time.
  const std::string_view product = product_column_ ? fields[*product_column_] : "";
  const std::string_view infusion_time =
      infusion_time_column_ ? fields[*infusion_time_column_] : "";
  if (!product.empty()) {
    const std::optional<core::UnixSeconds> at =
        infusion_time.empty() ? std::optional(time) : core::ParseRfc3339(infusion_time);
    if (at) {
      Infusion(state, "product", product, *at, line);
    } else {
      AddError(line, ErrorCode::kInvalidTime, "infusion_time", infusion_time,
               "infusion_time " + QuotedEcho(infusion_time) +
                   " is not an RFC 3339 date-time with seconds and an offset");
    }
  } else if (!infusion_time.empty()) {
    AddError(line, ErrorCode::kMissingRequired, "product", "",
             "infusion_time needs the product infused in the product column of the same row");
  }
  if (!records_entry) return;

  state.has_entry = true;
  state.last_entry_time = time;
  state.last_entry_line = line;
  wide_builder_.Start(time, line);
  for (std::size_t i = 2; i < fields.size(); ++i) {
    const std::string_view cell = fields[i];
    if (cell.empty() || !columns_[i]) continue;
    const csv::WideColumn& column = *columns_[i];
    if (column.role != csv::Role::kFinding) continue;
    if (core::Describe(column.finding).shape == core::Shape::kIcpSign && cell != "none") {
      // Several signs in one cell, separated by ';'.
      std::string_view rest = cell;
      while (true) {
        const std::size_t semicolon = rest.find(';');
        const std::string_view code = rest.substr(0, semicolon);
        if (!wide_builder_.Apply(EntryBuilder::Input{column.finding, column.name, code, "", true},
                                 line, row_errors_)) {
          break;
        }
        if (semicolon == std::string_view::npos) break;
        rest.remove_prefix(semicolon + 1);
      }
    } else {
      wide_builder_.Apply(EntryBuilder::Input{column.finding, column.name, cell, column.unit, true},
                          line, row_errors_);
    }
    AddRowErrors(line);
  }
  Deliver(state, wide_builder_);
}

CsvReadSummary Reader::Run() {
  if (ReadHeader()) {
    std::uint64_t next_progress = kProgressEveryRows;
    while (true) {
      const CsvScanner::Status status = scanner_.Next();
      if (status == CsvScanner::Status::kEnd) break;
      ++summary_.rows;
      if (status == CsvScanner::Status::kMalformed) {
        AddError(scanner_.line(), ErrorCode::kMalformedCsv, "", "",
                 "not valid CSV: " + std::string(scanner_.problem()));
      } else if (wide_) {
        WideRow(scanner_.fields(), scanner_.line());
      } else {
        LongRow(scanner_.fields(), scanner_.line());
      }
      if (summary_.rows == next_progress) {
        next_progress += kProgressEveryRows;
        if (options_.on_progress) options_.on_progress(scanner_.bytes_consumed());
      }
    }
    // Each patient's last entry is complete at the end of the input.
    for (PatientState* state : first_seen_) {
      if (state->pending.active()) Deliver(*state, state->pending);
    }
  }
  if (options_.on_progress) options_.on_progress(scanner_.bytes_consumed());
  summary_.patients = patients_.size();
  // Errors found when an entry closed (oxygen) come late: report in line order.
  std::stable_sort(summary_.errors.begin(), summary_.errors.end(),
                   [](const CsvLineError& a, const CsvLineError& b) { return a.line < b.line; });
  return std::move(summary_);
}

}  // namespace

CsvReadSummary ReadTimelineCsv(std::istream& input, TimelineSink& sink,
                               const CsvReadOptions& options) {
  Reader reader(input, sink, options);
  return reader.Run();
}

}  // namespace cartwatch::adapters
