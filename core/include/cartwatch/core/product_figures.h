// Published CRS and neurotoxicity figures of each CAR-T product (pivotal trials,
// US labels and the seed article; docs/clinical/products.md), so a cohort's own figures can be
// shown beside them.
//
// One row per source: a pivotal trial, the US label, a product summary (median onset
// and duration without a named trial), or a claim of the seed article. Every value is optional
// (absent = none published) and carries its own `unconfirmed` mark where the figure
// could not be rechecked (UNCONFIRMED). A range such as "46-48%" is kept as low and high; a single
// figure has low == high.
//
// These figures are NOT comparable with each other or with a cohort graded by another system:
// Penn and CTCAE v4.03 grade higher than ASTCT 2019, and "NT" in older trials is broader than
// ICANS. Output must say so (kFiguresNotComparableNote).
#ifndef CARTWATCH_CORE_PRODUCT_FIGURES_H_
#define CARTWATCH_CORE_PRODUCT_FIGURES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::core {

// A published number: a percentage, or a median in days.
struct FigureValue {
  double low = 0.0;
  double high = 0.0;         // == low for a single figure; "46-48%" is {46, 48}
  bool approximate = false;  // written "~" in the source, e.g. "~1%"
  bool unconfirmed = false;  // could not be rechecked

  constexpr bool IsRange() const noexcept { return high != low; }
};

enum class FigureOrigin : std::uint8_t {
  kTrial,           // a pivotal trial publication (SourceId::kPivotalTrials)
  kLabel,           // the US prescribing information (SourceId::kUspi2025)
  kProductSummary,  // per-product median onset/duration, trial not named
  kSeed,            // a claim of the seed article (SourceId::kSeed2026), checked against trials
};
std::string_view CodeOf(FigureOrigin origin) noexcept;  // "trial", "label", "summary", "seed"

// How a seed claim compares with the trial and label figures
// (docs/clinical/products.md#seed-claims).
enum class SeedCheck : std::uint8_t {
  kNotASeedClaim,
  kMatches,      // the figure is right and rightly attributed
  kMislabelled,  // the figure exists but belongs to another trial or population
  kUnverified,   // the figure could not be verified
};
std::string_view CodeOf(SeedCheck check) noexcept;  // "", "matches", "mislabelled", "unverified"

struct PublishedFigures {
  std::string_view id;  // stable key, e.g. "FIG.AXI-CEL.ZUMA-1"
  Product product;
  FigureOrigin origin;
  SourceId source;        // kPivotalTrials, kUspi2025 or kSeed2026
  std::string_view name;  // the trial ("ZUMA-1"), "US label", "seed article", ...
  // CRS grading used, when the publication names one of the systems cartwatch grades by.
  std::optional<GradingSystem> crs_grading;
  bool crs_grading_unconfirmed = false;
  std::string_view grading_text;  // as published, e.g. "Lee 2014; NT by CTCAE v4.03"
  std::optional<FigureValue> crs_any_percent;
  std::optional<FigureValue> crs_grade3_plus_percent;  // grade >= 3 (seed: "grade 3-4")
  std::optional<FigureValue> nt_grade3_plus_percent;   // neurologic toxicity as the trial defined
  std::optional<FigureValue> icans_grade3_plus_percent;
  std::optional<FigureValue> crs_onset_median_days;
  std::optional<FigureValue> crs_duration_median_days;
  SeedCheck seed_check = SeedCheck::kNotASeedClaim;
  std::string_view note;  // what a reader must know beside the numbers; may be empty
};

// All rows, grouped by product in enum order, trials before label, summary and seed.
std::span<const PublishedFigures> AllPublishedFigures() noexcept;
// The rows of one product (never empty: every product has at least one row).
std::span<const PublishedFigures> PublishedFiguresOf(Product product) noexcept;

inline constexpr std::string_view kFiguresNotComparableNote =
    "Rates from different grading systems are not comparable: Penn and CTCAE v4.03 give higher "
    "grades than ASTCT 2019, and neurologic toxicity (NT) in older trials is broader than ICANS. "
    "Trial populations differ from a local cohort.";

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_PRODUCT_FIGURES_H_
