// Patient records as CSV, in two layouts (docs/csv-format.md):
//   long: one row per observation or event: patient_id,time,kind,value,unit
//   wide: one row per assessment, one column per finding, the unit in the column name.
//
// Reading streams: rows are folded into one pending entry per patient, and an entry is handed on
// as soon as a later time of that patient arrives, so memory grows with the number of patients,
// never with the number of rows. Every bad row is reported with its line number; a caller that
// receives any error must not use the entries it was given (a file is never half-loaded).
//
// The reader checks each value (syntax, unit, plausibility, code) and the oxygen record of each
// entry; checks across findings that may be carried from earlier entries (an ICE score needs the
// age, ...) are the timeline's (core/timeline.h).
#ifndef CARTWATCH_ADAPTERS_TIMELINE_CSV_H_
#define CARTWATCH_ADAPTERS_TIMELINE_CSV_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::adapters {

enum class CsvLayout { kLong, kWide };

// Receives a patient's records in time order. Entries of different patients may interleave.
// An infusion is handed on as soon as its row is read; an entry when it is complete (a later time
// of the patient, the end of its wide row, or the end of the input). Each entry has a strictly
// later time than the patient's previous one; `entry.line` is its first line, and
// `entry.findings.patient_id` and `.time` are left empty (the arguments carry them).
class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  virtual void OnInfusion(std::string_view patient_id, const core::Infusion& infusion) = 0;
  virtual void OnEntry(std::string_view patient_id, core::TimelineEntry&& entry) = 0;
};

struct CsvLineError {
  std::uint64_t line = 0;  // 1-based; the header is line 1
  core::Error error;
};

struct CsvReadOptions {
  std::size_t max_errors = 100;  // reading goes on to the end, but keeps at most this many
  // Called now and then with the number of bytes read so far (for a progress bar).
  std::function<void(std::uint64_t bytes_read)> on_progress;
};

struct CsvReadSummary {
  CsvLayout layout = CsvLayout::kLong;
  std::uint64_t rows = 0;     // data rows, header excluded
  std::uint64_t entries = 0;  // entries handed to the sink
  std::uint64_t patients = 0;
  std::uint64_t errors_total = 0;  // may exceed errors.size()
  std::vector<CsvLineError> errors;
  bool ok() const noexcept { return errors_total == 0; }
};

// Reads a whole CSV stream; the layout is told by the header. Reads `input` in 1 MiB chunks
// with istream::read; a failure of the stream is the caller's to check (input.bad()). Never
// throws for bad input: every problem is in the summary. Entries of rows with errors are not
// handed on; reading goes on to the end to report every error.
CsvReadSummary ReadTimelineCsv(std::istream& input, TimelineSink& sink,
                               const CsvReadOptions& options = {});

// Writers of the same layouts, used by the cohort generator and for round trips. Headers and rows
// end in '\n'. The long writer writes one row per recorded finding and treatment; the wide
// writer one row per call with every column of WideCsvHeader() (all but temperature_f).
// Times are written in UTC, numbers as the shortest text that reads back the same; patient ids
// are quoted when they need it. Not written: vasopressor hours_running and the 24 h bolus count
// (the timeline derives both from the rows), a bolus volume (not kept by the reader either).
std::string LongCsvHeader();
void AppendLongCsv(std::string& out, std::string_view patient_id, const core::Infusion& infusion);
void AppendLongCsv(std::string& out, std::string_view patient_id, const core::TimelineEntry& entry);
std::string WideCsvHeader();
void AppendWideCsv(std::string& out, std::string_view patient_id, const core::Infusion& infusion);
void AppendWideCsv(std::string& out, std::string_view patient_id, const core::TimelineEntry& entry);

}  // namespace cartwatch::adapters

#endif  // CARTWATCH_ADAPTERS_TIMELINE_CSV_H_
