// Writes a synthetic cohort (cohort_sampler.h) as long or wide CSV (docs/csv-format.md), either
// grouped by patient or interleaved by time across patients, as an EHR export would be.
//
// Interleaving streams: patients are drawn in index order as their first row comes due and are
// dropped once written out, so memory holds only the patients whose courses overlap in time (with
// kInfusionsPerDay infusions a day and 28-day courses, a few hundred), whatever the cohort size.
// Rows at the same instant are ordered by patient index, so the output is fully determined by the
// sampler.
#ifndef CARTWATCH_BENCH_COHORT_WRITER_H_
#define CARTWATCH_BENCH_COHORT_WRITER_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "cartwatch/adapters/timeline_csv.h"
#include "cartwatch/synthetic/cohort_sampler.h"

namespace cartwatch::bench {

using synthetic::CohortSampler;
using synthetic::kInfusionsPerDay;
using synthetic::SyntheticPatient;

struct CohortCsvStats {
  std::uint64_t rows = 0;  // data rows, header excluded
  std::uint64_t patients = 0;
};

// Writes the header and the rows of patients 0..patients-1, handing `write` chunks of about
// 1 MiB. Stops as soon as `write` returns false and returns false; true when all was written.
bool WriteCohortCsv(const CohortSampler& sampler, std::uint64_t patients,
                    adapters::CsvLayout layout, bool interleave,
                    const std::function<bool(std::string_view chunk)>& write,
                    CohortCsvStats* stats = nullptr);

}  // namespace cartwatch::bench

#endif  // CARTWATCH_BENCH_COHORT_WRITER_H_
