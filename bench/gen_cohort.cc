// cartwatch_gen_cohort: writes a synthetic CAR-T cohort as long or wide CSV (docs/csv-format.md),
// for tests, demonstrations and the `cartwatch cohort` benchmark (bench/cohort_throughput.sh).
//
//   cartwatch_gen_cohort --patients 20000 --seed 42 --layout long --interleave --output c.csv
//
// SYNTHETIC, NOT CLINICAL DATA: the model is in docs/synthetic-cohort.md. The same options and seed
// always give the same bytes. Exit codes follow the CLI: 0 done, 2 usage, 1 write error.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "cartwatch/synthetic/cohort_sampler.h"
#include "cohort_writer.h"

namespace {

constexpr const char* kProgram = "cartwatch_gen_cohort";

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr && file != stdout) std::fclose(file);
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Writes a synthetic CAR-T cohort as CSV: per patient the infusion and a course of vital\n"
      "signs, oxygen, vasopressors, ICE/CAPD, laboratory grades and treatments, drawn from\n"
      "per-product trial figures (docs/synthetic-cohort.md). Synthetic, not clinical data.\n"
      "The same options and seed give the same bytes.",
      kProgram);
  std::uint64_t patients = 100;
  std::uint64_t seed = 1;
  std::string layout = "long";
  std::string products;
  int days = 28;
  std::string output = "-";
  bool interleave = false;
  bool quiet = false;
  app.add_option("--patients", patients, "Number of patients")->capture_default_str();
  app.add_option("--seed", seed, "Seed of the generator")->capture_default_str();
  app.add_option("--layout", layout, "long (one row per observation) or wide (one per entry)")
      ->check(CLI::IsMember({"long", "wide"}))
      ->capture_default_str();
  app.add_option("--products", products,
                 "Product mix: codes or names, comma-separated, each optionally with a share, "
                 "e.g. axi-cel:3,liso-cel:1 (default: every product, in a fixed mix)")
      ->type_name("LIST");
  app.add_option("--days", days, "Days followed after the infusion")
      ->check(CLI::Range(1, 30))
      ->capture_default_str();
  app.add_option("-o,--output", output, "Output file; - for standard output")
      ->capture_default_str()
      ->type_name("FILE");
  app.add_flag("--interleave", interleave,
               "Interleave the patients' rows by time, as an EHR export (default: grouped by "
               "patient)");
  app.add_flag("-q,--quiet", quiet, "No summary line on standard error");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  cartwatch::synthetic::CohortOptions options;
  options.days = days;
  if (!products.empty()) {
    auto mix = cartwatch::synthetic::ParseProductMix(products);
    if (!mix) {
      std::fprintf(stderr, "%s: --products: %s\n", kProgram, mix.error().message.c_str());
      return 2;
    }
    options.mix = std::move(mix).value();
  }

  std::unique_ptr<std::FILE, FileCloser> file(output == "-" ? stdout
                                                            : std::fopen(output.c_str(), "wb"));
  if (!file) {
    std::fprintf(stderr, "%s: cannot open %s for writing\n", kProgram, output.c_str());
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  const cartwatch::synthetic::CohortSampler sampler(seed, options);
  cartwatch::bench::CohortCsvStats stats;
  const bool written = cartwatch::bench::WriteCohortCsv(
      sampler, patients,
      layout == "long" ? cartwatch::adapters::CsvLayout::kLong
                       : cartwatch::adapters::CsvLayout::kWide,
      interleave,
      [&](std::string_view chunk) {
        return std::fwrite(chunk.data(), 1, chunk.size(), file.get()) == chunk.size();
      },
      &stats);
  const bool flushed = std::fflush(file.get()) == 0;
  const bool closed = file.get() == stdout || std::fclose(file.release()) == 0;
  if (!written || !flushed || !closed) {
    std::fprintf(stderr, "%s: cannot write %s\n", kProgram,
                 output == "-" ? "to standard output" : output.c_str());
    return 1;
  }
  if (!quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "%s: %llu patients, %llu rows in %.2f s (%.0f rows/s)\n", kProgram,
                 static_cast<unsigned long long>(stats.patients),
                 static_cast<unsigned long long>(stats.rows), seconds,
                 seconds > 0.0 ? static_cast<double>(stats.rows) / seconds : 0.0);
  }
  return 0;
}
