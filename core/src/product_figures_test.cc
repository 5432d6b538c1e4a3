#include "cartwatch/core/product_figures.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartwatch::core {
namespace {

const PublishedFigures& Row(std::string_view id) {
  for (const PublishedFigures& row : AllPublishedFigures()) {
    if (row.id == id) return row;
  }
  ADD_FAILURE() << "no row " << id;
  return AllPublishedFigures().front();
}

TEST(ProductFigures, EveryProductHasRowsAndIdsAreUnique) {
  std::set<std::string_view> ids;
  std::size_t total = 0;
  for (const ProductInfo& product : Products()) {
    const auto rows = PublishedFiguresOf(product.id);
    EXPECT_FALSE(rows.empty()) << product.code;
    for (const PublishedFigures& row : rows) EXPECT_EQ(row.product, product.id);
    total += rows.size();
  }
  EXPECT_EQ(total, AllPublishedFigures().size());
  for (const PublishedFigures& row : AllPublishedFigures()) {
    EXPECT_TRUE(ids.insert(row.id).second) << row.id;
    EXPECT_FALSE(row.name.empty()) << row.id;
  }
}

TEST(ProductFigures, SourcesMatchOrigins) {
  for (const PublishedFigures& row : AllPublishedFigures()) {
    switch (row.origin) {
      case FigureOrigin::kTrial:
      case FigureOrigin::kProductSummary:
        EXPECT_EQ(row.source, SourceId::kPivotalTrials) << row.id;
        EXPECT_EQ(row.seed_check, SeedCheck::kNotASeedClaim) << row.id;
        break;
      case FigureOrigin::kLabel:
        EXPECT_EQ(row.source, SourceId::kUspi2025) << row.id;
        break;
      case FigureOrigin::kSeed:
        EXPECT_EQ(row.source, SourceId::kSeed2026) << row.id;
        EXPECT_NE(row.seed_check, SeedCheck::kNotASeedClaim) << row.id;
        break;
    }
  }
}

// Expected values typed from docs/clinical/products.md (published figures).
TEST(ProductFigures, Zuma1IsLee2014With93And13Percent) {
  const PublishedFigures& zuma1 = Row("FIG.AXI-CEL.ZUMA-1");
  EXPECT_EQ(zuma1.name, "ZUMA-1");
  EXPECT_EQ(zuma1.crs_grading, GradingSystem::kLee2014);
  ASSERT_TRUE(zuma1.crs_any_percent && zuma1.crs_grade3_plus_percent &&
              zuma1.nt_grade3_plus_percent);
  EXPECT_EQ(zuma1.crs_any_percent->low, 93);
  EXPECT_EQ(zuma1.crs_grade3_plus_percent->low, 13);
  EXPECT_EQ(zuma1.nt_grade3_plus_percent->low, 28);
  EXPECT_FALSE(zuma1.crs_grade3_plus_percent->unconfirmed);
}

TEST(ProductFigures, ElianaKeepsTheRange46To48) {
  const PublishedFigures& eliana = Row("FIG.TISA-CEL.ELIANA");
  EXPECT_EQ(eliana.crs_grading, GradingSystem::kPenn);
  ASSERT_TRUE(eliana.crs_grade3_plus_percent);
  EXPECT_EQ(eliana.crs_grade3_plus_percent->low, 46);
  EXPECT_EQ(eliana.crs_grade3_plus_percent->high, 48);
  EXPECT_TRUE(eliana.crs_grade3_plus_percent->IsRange());
}

TEST(ProductFigures, UnconfirmedFiguresAreMarked) {
  EXPECT_TRUE(Row("FIG.TISA-CEL.LABEL").crs_any_percent->unconfirmed);
  EXPECT_TRUE(Row("FIG.CILTA-CEL.CARTITUDE-4").crs_grade3_plus_percent->unconfirmed);
  EXPECT_TRUE(Row("FIG.AXI-CEL.LABEL").nt_grade3_plus_percent->unconfirmed);
  EXPECT_TRUE(Row("FIG.AXI-CEL.LABEL").nt_grade3_plus_percent->approximate);
  const PublishedFigures& zuma2 = Row("FIG.BREXU-CEL.ZUMA-2");
  EXPECT_FALSE(zuma2.crs_any_percent->unconfirmed);
  EXPECT_TRUE(zuma2.crs_onset_median_days->unconfirmed);
  EXPECT_EQ(zuma2.crs_duration_median_days->low, 11);
  EXPECT_TRUE(Row("FIG.NEXCAR19.TRIALS").crs_grading_unconfirmed);
  EXPECT_FALSE(Row("FIG.NEXCAR19.TRIALS").crs_any_percent);
}

TEST(ProductFigures, SeedClaimsAreCheckedAgainstTheTrials) {
  const PublishedFigures& axi = Row("FIG.AXI-CEL.SEED");
  EXPECT_EQ(axi.seed_check, SeedCheck::kMatches);
  EXPECT_EQ(axi.crs_grade3_plus_percent->low, 13);

  const PublishedFigures& tisa = Row("FIG.TISA-CEL.SEED");
  EXPECT_EQ(tisa.seed_check, SeedCheck::kMislabelled);
  EXPECT_EQ(tisa.crs_grade3_plus_percent->low, 22);
  EXPECT_NE(tisa.note.find("JULIET"), std::string_view::npos);
  EXPECT_EQ(Row("FIG.TISA-CEL.JULIET").crs_grade3_plus_percent->low, 22);

  const PublishedFigures& nexcar = Row("FIG.NEXCAR19.SEED");
  EXPECT_EQ(nexcar.seed_check, SeedCheck::kUnverified);
  EXPECT_EQ(nexcar.crs_grade3_plus_percent->low, 5);
  EXPECT_EQ(nexcar.crs_grade3_plus_percent->high, 8);
  EXPECT_TRUE(nexcar.crs_grade3_plus_percent->unconfirmed);
}

TEST(ProductFigures, ObeCelHasNoTimingBecauseItIsUnconfirmed) {
  for (const PublishedFigures& row : PublishedFiguresOf(Product::kObeCel)) {
    EXPECT_FALSE(row.crs_onset_median_days) << row.id;
    EXPECT_FALSE(row.crs_duration_median_days) << row.id;
  }
  EXPECT_EQ(Row("FIG.OBE-CEL.FELIX").crs_any_percent->low, 68.5);
}

TEST(ProductFigures, Codes) {
  EXPECT_EQ(CodeOf(FigureOrigin::kTrial), "trial");
  EXPECT_EQ(CodeOf(FigureOrigin::kProductSummary), "summary");
  EXPECT_EQ(CodeOf(SeedCheck::kMislabelled), "mislabelled");
  EXPECT_FALSE(kFiguresNotComparableNote.empty());
}

}  // namespace
}  // namespace cartwatch::core
