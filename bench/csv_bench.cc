// Reading throughput of the CSV adapter: parse and fold rows into entries (no grading), from an
// in-memory file built once with the adapter's own writers. Rows per second are the counter
// "items_per_second"; bytes per second are reported too.
//
//   cartwatch_csv_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The course is deterministic and shaped like a charted CAR-T course: an entry every 4 hours for
// 30 days with vitals, oxygen and ICE, vasopressors and treatments on some days. Two orders: each
// patient's rows together (an export sorted by patient) and all patients interleaved by time (a
// feed in time order; the hash lookup of the patient runs on every row).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/timeline_csv.h"

namespace cartwatch::bench {
namespace {

constexpr core::UnixSeconds kStart = 1772352000;  // 2026-03-01T08:00:00Z

core::TimelineEntry EntryAt(int patient, int step) {
  core::TimelineEntry entry;
  entry.time = kStart + step * 4 * core::kSecondsPerHour;
  const int day = step / 6;
  const bool crs = day >= 2 && day <= 6 && patient % 3 != 0;
  entry.findings.temperature_celsius = crs ? 38.1 + 0.1 * (step % 9) : 36.6 + 0.1 * (step % 5);
  entry.blood_pressure.systolic_mmhg = crs && day >= 3 ? 86.0 + step % 7 : 118.0 + step % 11;
  entry.blood_pressure.mean_mmhg = crs && day >= 3 ? 60.0 + step % 5 : 84.0 + step % 6;
  if (crs && day >= 3 && day <= 4) {
    entry.findings.oxygen = core::OxygenSupport{
        core::OxygenDevice::kNasalCannula, 2.0 + step % 3, core::OxygenReason::kCrs, {}};
    entry.vasopressor_running[0] = true;
    entry.findings.legacy.vasopressor_doses[0].dose = 4.0 + step % 6;
  } else {
    entry.findings.oxygen = core::OxygenSupport{core::OxygenDevice::kRoomAir, {}, {}, {}};
  }
  if (step % 2 == 0) entry.findings.neuro.ice_total = crs && day == 5 ? 7 : 10;
  if (crs && step == 3 * 6) {
    entry.treatments.push_back(
        core::Treatment{core::TreatmentKind::kDrug, core::Drug::kTocilizumab, 640.0});
  }
  if (step == 0) entry.findings.age_years = 40.0 + patient % 40;
  return entry;
}

struct Cohort {
  std::string text;
  std::int64_t rows = 0;
};

std::int64_t CountRows(const std::string& text) {
  std::int64_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines - 1;  // the header
}

Cohort MakeCohort(int patients, bool interleaved, bool wide) {
  constexpr int kSteps = 30 * 6;
  std::string text = wide ? adapters::WideCsvHeader() : adapters::LongCsvHeader();
  const auto append_infusion = [&](const std::string& id) {
    const core::Infusion infusion{core::Product::kAxiCel, kStart};
    wide ? adapters::AppendWideCsv(text, id, infusion)
         : adapters::AppendLongCsv(text, id, infusion);
  };
  const auto append_entry = [&](const std::string& id, int patient, int step) {
    const core::TimelineEntry entry = EntryAt(patient, step);
    wide ? adapters::AppendWideCsv(text, id, entry) : adapters::AppendLongCsv(text, id, entry);
  };
  std::vector<std::string> ids;
  for (int p = 0; p < patients; ++p) ids.push_back("PT-" + std::to_string(100000 + p));
  if (interleaved) {
    for (int p = 0; p < patients; ++p) append_infusion(ids[p]);
    for (int step = 0; step < kSteps; ++step) {
      for (int p = 0; p < patients; ++p) append_entry(ids[p], p, step);
    }
  } else {
    for (int p = 0; p < patients; ++p) {
      append_infusion(ids[p]);
      for (int step = 0; step < kSteps; ++step) append_entry(ids[p], p, step);
    }
  }
  Cohort cohort{std::move(text), 0};
  cohort.rows = CountRows(cohort.text);
  return cohort;
}

// Counts what arrives, as cheaply as a sink can.
class CountingSink : public adapters::TimelineSink {
 public:
  void OnInfusion(std::string_view, const core::Infusion&) override { ++infusions; }
  void OnEntry(std::string_view, core::TimelineEntry&& entry) override {
    ++entries;
    treatments += entry.treatments.size();
  }
  std::uint64_t infusions = 0;
  std::uint64_t entries = 0;
  std::uint64_t treatments = 0;
};

void ReadCohort(benchmark::State& state, const Cohort& cohort) {
  for (auto _ : state) {
    std::istringstream input(cohort.text);
    CountingSink sink;
    const adapters::CsvReadSummary summary = adapters::ReadTimelineCsv(input, sink);
    if (!summary.ok()) state.SkipWithError("the benchmark input was refused");
    benchmark::DoNotOptimize(sink.entries);
  }
  state.SetItemsProcessed(state.iterations() * cohort.rows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(cohort.text.size()));
  state.counters["rows"] = static_cast<double>(cohort.rows);
}

void BM_ReadLongByPatient(benchmark::State& state) {
  static const Cohort cohort = MakeCohort(static_cast<int>(state.range(0)), false, false);
  ReadCohort(state, cohort);
}
BENCHMARK(BM_ReadLongByPatient)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_ReadLongInterleaved(benchmark::State& state) {
  static const Cohort cohort = MakeCohort(static_cast<int>(state.range(0)), true, false);
  ReadCohort(state, cohort);
}
BENCHMARK(BM_ReadLongInterleaved)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_ReadWideByPatient(benchmark::State& state) {
  static const Cohort cohort = MakeCohort(static_cast<int>(state.range(0)), false, true);
  ReadCohort(state, cohort);
}
BENCHMARK(BM_ReadWideByPatient)->Arg(500)->Unit(benchmark::kMillisecond);

// The writer feeds the cohort generator: its speed bounds how fast test inputs are made.
void BM_WriteLong(benchmark::State& state) {
  std::int64_t bytes = 0;
  for (auto _ : state) {
    std::string text;
    for (int step = 0; step < 180; ++step) adapters::AppendLongCsv(text, "PT-1", EntryAt(1, step));
    bytes += static_cast<std::int64_t>(text.size());
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_WriteLong);

}  // namespace
}  // namespace cartwatch::bench

BENCHMARK_MAIN();
