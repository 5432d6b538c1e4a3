#include "cartwatch/core/product_figures.h"

#include <array>
#include <cstddef>

#include "cartwatch/core/unreachable.h"

namespace cartwatch::core {
namespace {

constexpr FigureValue V(double value) { return {value, value, false, false}; }
constexpr FigureValue Range(double low, double high) { return {low, high, false, false}; }
constexpr FigureValue About(FigureValue value) {
  value.approximate = true;
  return value;
}
constexpr FigureValue U(FigureValue value) {
  value.unconfirmed = true;
  return value;
}

using enum Product;
using enum FigureOrigin;
constexpr SourceId kTrials = SourceId::kPivotalTrials;
constexpr SourceId kLabel2025 = SourceId::kUspi2025;
constexpr SourceId kSeedArticle = SourceId::kSeed2026;
constexpr std::optional<GradingSystem> kLee = GradingSystem::kLee2014;
constexpr std::optional<GradingSystem> kPennScale = GradingSystem::kPenn;
constexpr std::optional<GradingSystem> kAstct = GradingSystem::kAstct2019;
constexpr std::nullopt_t kNone = std::nullopt;

// Pivotal trial publications and US labels, as tabulated in docs/clinical/products.md. Where the
// table is terse:
// - "JULIET 58% / 22% (label 74% / 23%) (U)": the (U) closes the JULIET segment, so both the
//   JULIET and the label figures are marked unconfirmed (the cautious reading).
// - "ZUMA-2, ZUMA-3 (Lee 2014)": the grading applies to both trials.
// - The onset/duration column names no trial (except ZUMA-2): a "summary" row holds it.
// - Aucatzyl "all NT >= 3 12%" is not attributed to label or trial; it is on the label row with a
//   note saying so.
// Trials named in the product table without figures (ZUMA-5, TRANSFORM, KarMMa-3) have no row.
// Field order: id, product, origin, source, name, crs_grading, grading unconfirmed, grading text,
// CRS any, CRS >= 3, NT >= 3, ICANS >= 3, onset, duration, seed check, note.
constexpr std::array<PublishedFigures, 24> kFigures{{
    // axicabtagene ciloleucel (Yescarta)
    {"FIG.AXI-CEL.ZUMA-1", kAxiCel, kTrial, kTrials, "ZUMA-1", kLee, false,
     "Lee 2014; NT by CTCAE v4.03", V(93), V(13), V(28), kNone, kNone, kNone,
     SeedCheck::kNotASeedClaim, "LBCL, 3rd line and later"},
    {"FIG.AXI-CEL.ZUMA-7", kAxiCel, kTrial, kTrials, "ZUMA-7", kLee, false, "Lee 2014", V(92), V(6),
     V(21), kNone, kNone, kNone, SeedCheck::kNotASeedClaim, "LBCL, 2nd line"},
    {"FIG.AXI-CEL.LABEL", kAxiCel, kLabel, kLabel2025, "US label (Yescarta)", kNone, false,
     "as in the label", kNone, kNone, U(About(V(31))), kNone, kNone, kNone,
     SeedCheck::kNotASeedClaim, ""},
    {"FIG.AXI-CEL.SUMMARY", kAxiCel, kProductSummary, kTrials, "pivotal trials (summary)", kNone,
     false, "", kNone, kNone, kNone, kNone, V(2), Range(7, 8), SeedCheck::kNotASeedClaim,
     "median CRS onset and duration; the trial is not named"},
    {"FIG.AXI-CEL.SEED", kAxiCel, kSeed, kSeedArticle, "seed article", kNone, false, "not stated",
     kNone, V(13), kNone, kNone, kNone, kNone, SeedCheck::kMatches,
     "seed: 13% grade 3-4 CRS; matches ZUMA-1 (Lee 2014 grading); ZUMA-7 was 6%"},
    // tisagenlecleucel (Kymriah)
    {"FIG.TISA-CEL.ELIANA", kTisaCel, kTrial, kTrials, "ELIANA", kPennScale, false, "Penn", V(77),
     Range(46, 48), V(13), kNone, kNone, kNone, SeedCheck::kNotASeedClaim,
     "paediatric and young adult B-ALL"},
    {"FIG.TISA-CEL.JULIET", kTisaCel, kTrial, kTrials, "JULIET", kPennScale, false, "Penn",
     U(V(58)), U(V(22)), V(12), kNone, kNone, kNone, SeedCheck::kNotASeedClaim, "DLBCL"},
    {"FIG.TISA-CEL.LABEL", kTisaCel, kLabel, kLabel2025, "US label (Kymriah, LBCL)", kNone, false,
     "as in the label", U(V(74)), U(V(23)), kNone, kNone, kNone, kNone, SeedCheck::kNotASeedClaim,
     ""},
    {"FIG.TISA-CEL.ELARA", kTisaCel, kTrial, kTrials, "ELARA", kLee, false, "Lee 2014", V(49), V(0),
     About(V(1)), kNone, kNone, kNone, SeedCheck::kNotASeedClaim, "follicular lymphoma"},
    {"FIG.TISA-CEL.SUMMARY", kTisaCel, kProductSummary, kTrials, "pivotal trials (summary)", kNone,
     false, "", kNone, kNone, kNone, kNone, U(About(V(3))), U(Range(7, 8)),
     SeedCheck::kNotASeedClaim, "median CRS onset and duration; the trial is not named"},
    {"FIG.TISA-CEL.SEED", kTisaCel, kSeed, kSeedArticle, "seed article", kNone, false, "not stated",
     kNone, V(22), kNone, kNone, kNone, kNone, SeedCheck::kMislabelled,
     "seed attributes 22% grade 3-4 CRS to paediatric ALL; 22% is the JULIET (DLBCL, Penn "
     "grading) figure; ELIANA (paediatric ALL) had 46-48%"},
    // brexucabtagene autoleucel (Tecartus)
    {"FIG.BREXU-CEL.ZUMA-2", kBrexuCel, kTrial, kTrials, "ZUMA-2", kLee, false, "Lee 2014", V(91),
     V(15), V(31), kNone, U(V(2)), U(V(11)), SeedCheck::kNotASeedClaim, "mantle cell lymphoma"},
    {"FIG.BREXU-CEL.ZUMA-3", kBrexuCel, kTrial, kTrials, "ZUMA-3", kLee, false, "Lee 2014", V(89),
     V(24), V(25), kNone, kNone, kNone, SeedCheck::kNotASeedClaim, "adult B-ALL"},
    // lisocabtagene maraleucel (Breyanzi)
    {"FIG.LISO-CEL.TRANSCEND", kLisoCel, kTrial, kTrials, "TRANSCEND NHL 001", kLee, false,
     "Lee 2014; NT by CTCAE v4.03", V(42), V(2), V(10), kNone, kNone, kNone,
     SeedCheck::kNotASeedClaim, ""},
    {"FIG.LISO-CEL.SUMMARY", kLisoCel, kProductSummary, kTrials, "pivotal trials (summary)", kNone,
     false, "", kNone, kNone, kNone, kNone, V(5), V(5), SeedCheck::kNotASeedClaim,
     "median CRS onset and duration; the trial is not named"},
    // idecabtagene vicleucel (Abecma)
    {"FIG.IDE-CEL.KARMMA", kIdeCel, kTrial, kTrials, "KarMMa", kLee, false, "Lee 2014", V(84), V(5),
     V(3), kNone, kNone, kNone, SeedCheck::kNotASeedClaim, "multiple myeloma"},
    {"FIG.IDE-CEL.SUMMARY", kIdeCel, kProductSummary, kTrials, "pivotal trials (summary)", kNone,
     false, "", kNone, kNone, kNone, kNone, V(1), V(5), SeedCheck::kNotASeedClaim,
     "median CRS onset and duration; the trial is not named"},
    // ciltacabtagene autoleucel (Carvykti)
    {"FIG.CILTA-CEL.CARTITUDE-1", kCiltaCel, kTrial, kTrials, "CARTITUDE-1", kAstct, false,
     "ASTCT 2019", V(95), V(4), kNone, V(2), kNone, kNone, SeedCheck::kNotASeedClaim,
     "other neurotoxicity grade >= 3: 9% (includes delayed neurotoxicity that ICANS grading "
     "does not cover)"},
    {"FIG.CILTA-CEL.CARTITUDE-4", kCiltaCel, kTrial, kTrials, "CARTITUDE-4", kAstct, false,
     "ASTCT 2019", U(V(76)), U(V(1)), kNone, kNone, kNone, kNone, SeedCheck::kNotASeedClaim, ""},
    {"FIG.CILTA-CEL.SUMMARY", kCiltaCel, kProductSummary, kTrials, "pivotal trials (summary)",
     kNone, false, "", kNone, kNone, kNone, kNone, V(7), V(4), SeedCheck::kNotASeedClaim,
     "median CRS onset and duration; the trial is not named"},
    // obecabtagene autoleucel (Aucatzyl); median onset and duration unconfirmed, so none.
    {"FIG.OBE-CEL.FELIX", kObeCel, kTrial, kTrials, "FELIX (NEJM 2024)", kAstct, false,
     "ASTCT 2019", V(68.5), V(2.4), kNone, kNone, kNone, kNone, SeedCheck::kNotASeedClaim,
     "median CRS onset and duration: UNCONFIRMED"},
    {"FIG.OBE-CEL.LABEL", kObeCel, kLabel, kLabel2025, "US label (Aucatzyl)", kAstct, false,
     "ASTCT 2019 (FELIX)", V(75), V(3), V(12), V(7), kNone, kNone, SeedCheck::kNotASeedClaim,
     "all NT >= 3 12%: not attributed to the label or the trial"},
    // actalycabtagene autoleucel (NexCAR19): trial names, grading and rates UNCONFIRMED.
    {"FIG.NEXCAR19.TRIALS", kNexCar19, kTrial, kTrials, "Phase I/II Indian trials", kAstct, true,
     "presumably ASTCT 2019 (UNCONFIRMED)", kNone, kNone, kNone, kNone, kNone, kNone,
     SeedCheck::kNotASeedClaim,
     "multicentre, ~60 patients; trial names, any-grade and exact rates UNCONFIRMED; "
     "neurotoxicity reported as low (UNCONFIRMED)"},
    {"FIG.NEXCAR19.SEED", kNexCar19, kSeed, kSeedArticle, "seed article", kNone, false,
     "not stated", kNone, U(Range(5, 8)), kNone, kNone, kNone, kNone, SeedCheck::kUnverified,
     "seed: grade 3-4 CRS 5-8%, not verified; approval (CDSCO, India, Oct 2023) was based on "
     "Phase I/II data (~60 patients), not Phase II as the seed says; published rates "
     "UNCONFIRMED"},
}};

constexpr bool GroupedInEnumOrder() {
  for (std::size_t i = 1; i < kFigures.size(); ++i) {
    if (kFigures[i].product < kFigures[i - 1].product) return false;
  }
  for (int p = 0; p < kProductCount; ++p) {
    bool found = false;
    for (const PublishedFigures& row : kFigures) found |= static_cast<int>(row.product) == p;
    if (!found) return false;
  }
  return true;
}
static_assert(GroupedInEnumOrder(), "kFigures: products in enum order, each at least one row");

}  // namespace

std::string_view CodeOf(FigureOrigin origin) noexcept {
  switch (origin) {
    case FigureOrigin::kTrial:
      return "trial";
    case FigureOrigin::kLabel:
      return "label";
    case FigureOrigin::kProductSummary:
      return "summary";
    case FigureOrigin::kSeed:
      return "seed";
  }
  CARTWATCH_UNREACHABLE("unknown FigureOrigin");
}

std::string_view CodeOf(SeedCheck check) noexcept {
  switch (check) {
    case SeedCheck::kNotASeedClaim:
      return "";
    case SeedCheck::kMatches:
      return "matches";
    case SeedCheck::kMislabelled:
      return "mislabelled";
    case SeedCheck::kUnverified:
      return "unverified";
  }
  CARTWATCH_UNREACHABLE("unknown SeedCheck");
}

std::span<const PublishedFigures> AllPublishedFigures() noexcept { return kFigures; }

std::span<const PublishedFigures> PublishedFiguresOf(Product product) noexcept {
  std::size_t first = 0;
  while (first < kFigures.size() && kFigures[first].product != product) ++first;
  std::size_t last = first;
  while (last < kFigures.size() && kFigures[last].product == product) ++last;
  return std::span<const PublishedFigures>(kFigures).subspan(first, last - first);
}

}  // namespace cartwatch::core
