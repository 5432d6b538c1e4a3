#include "cohort_writer.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

namespace cartwatch::bench {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

// One patient's rows in time order: the baseline entries, the infusion, then the rest.
class PatientRows {
 public:
  explicit PatientRows(SyntheticPatient patient) : patient_(std::move(patient)) {
    const auto& entries = patient_.entries;
    baseline_ = static_cast<std::size_t>(std::find_if(entries.begin(), entries.end(),
                                                      [&](const core::TimelineEntry& entry) {
                                                        return entry.time >= patient_.infusion.time;
                                                      }) -
                                         entries.begin());
  }

  bool done() const noexcept { return next_ > patient_.entries.size(); }
  core::UnixSeconds time() const noexcept {
    if (next_ == baseline_) return patient_.infusion.time;
    return patient_.entries[EntryIndex()].time;
  }
  // Appends the next item's rows and moves on. Precondition: !done().
  void AppendNext(std::string& out, adapters::CsvLayout layout) {
    const bool long_layout = layout == adapters::CsvLayout::kLong;
    if (next_ == baseline_) {
      if (long_layout) {
        adapters::AppendLongCsv(out, patient_.patient_id, patient_.infusion);
      } else {
        adapters::AppendWideCsv(out, patient_.patient_id, patient_.infusion);
      }
    } else if (long_layout) {
      adapters::AppendLongCsv(out, patient_.patient_id, patient_.entries[EntryIndex()]);
    } else {
      adapters::AppendWideCsv(out, patient_.patient_id, patient_.entries[EntryIndex()]);
    }
    ++next_;
  }

 private:
  std::size_t EntryIndex() const noexcept { return next_ < baseline_ ? next_ : next_ - 1; }

  SyntheticPatient patient_;
  std::size_t baseline_ = 0;  // entries before the infusion
  std::size_t next_ = 0;      // item index; item `baseline_` is the infusion
};

class ChunkedOutput {
 public:
  explicit ChunkedOutput(const std::function<bool(std::string_view)>& write) : write_(write) {
    buffer_.reserve(kChunkBytes + 64 * 1024);
  }
  std::string& buffer() { return buffer_; }
  // Hands the buffer on when it is full (or always, when `force`).
  bool Flush(bool force) {
    if (buffer_.empty() || (!force && buffer_.size() < kChunkBytes)) return true;
    rows_ += static_cast<std::uint64_t>(std::count(buffer_.begin(), buffer_.end(), '\n'));
    const bool ok = write_(buffer_);
    buffer_.clear();
    return ok;
  }
  std::uint64_t lines() const noexcept { return rows_; }

 private:
  const std::function<bool(std::string_view)>& write_;
  std::string buffer_;
  std::uint64_t rows_ = 0;
};

}  // namespace

bool WriteCohortCsv(const CohortSampler& sampler, std::uint64_t patients,
                    adapters::CsvLayout layout, bool interleave,
                    const std::function<bool(std::string_view chunk)>& write,
                    CohortCsvStats* stats) {
  ChunkedOutput output(write);
  std::string& out = output.buffer();
  out +=
      layout == adapters::CsvLayout::kLong ? adapters::LongCsvHeader() : adapters::WideCsvHeader();
  if (out.empty() || out.back() != '\n') out += '\n';

  if (!interleave) {
    for (std::uint64_t index = 0; index < patients; ++index) {
      PatientRows rows(sampler.Patient(index));
      while (!rows.done()) rows.AppendNext(out, layout);
      if (!output.Flush(false)) return false;
    }
  } else {
    // Min-heap of (time of the patient's next item, patient index).
    using Due = std::pair<core::UnixSeconds, std::uint64_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    std::deque<std::optional<PatientRows>> open;  // open[i] is patient first_open + i
    std::uint64_t first_open = 0;
    std::uint64_t next_index = 0;
    std::optional<PatientRows> upcoming;
    auto draw = [&] {
      upcoming.reset();
      if (next_index < patients) upcoming.emplace(sampler.Patient(next_index));
    };
    draw();
    while (upcoming || !due.empty()) {
      // Open every patient whose first row is due no later than the earliest open row; ties go
      // to the lower index, which the heap sees as well.
      while (upcoming && (due.empty() || upcoming->time() <= due.top().first)) {
        due.emplace(upcoming->time(), next_index);
        open.push_back(std::move(upcoming));
        ++next_index;
        draw();
      }
      const auto [time, index] = due.top();
      due.pop();
      std::optional<PatientRows>& rows = open[static_cast<std::size_t>(index - first_open)];
      rows->AppendNext(out, layout);
      if (rows->done()) {
        rows.reset();
        while (!open.empty() && !open.front()) {
          open.pop_front();
          ++first_open;
        }
      } else {
        due.emplace(rows->time(), index);
      }
      if (!output.Flush(false)) return false;
    }
  }
  if (!output.Flush(true)) return false;
  if (stats != nullptr) {
    stats->rows = output.lines() - 1;
    stats->patients = patients;
  }
  return true;
}

}  // namespace cartwatch::bench
