#include "cartwatch/core/products.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartwatch::core {
namespace {

TEST(Products, TableHoldsTheEightProductsOfSpecFInEnumOrder) {
  ASSERT_EQ(Products().size(), static_cast<std::size_t>(kProductCount));
  std::set<std::string_view> codes;
  for (std::size_t i = 0; i < Products().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(Products()[i].id), i);
    codes.insert(Products()[i].code);
  }
  EXPECT_EQ(codes, (std::set<std::string_view>{"axi-cel", "tisa-cel", "brexu-cel", "liso-cel",
                                               "ide-cel", "cilta-cel", "obe-cel", "nexcar19"}));
}

TEST(Products, DescribeMatchesSpecF) {
  const ProductInfo& axi = Describe(Product::kAxiCel);
  EXPECT_EQ(axi.generic, "axicabtagene ciloleucel");
  EXPECT_EQ(axi.brand, "Yescarta");
  EXPECT_EQ(axi.target, "CD19");
  EXPECT_EQ(axi.costimulation, Costimulation::kCd28);
  EXPECT_EQ(Describe(Product::kBrexuCel).costimulation, Costimulation::kCd28);
  EXPECT_EQ(Describe(Product::kTisaCel).costimulation, Costimulation::k41bb);
  EXPECT_EQ(Describe(Product::kIdeCel).target, "BCMA");
  EXPECT_EQ(Describe(Product::kCiltaCel).brand, "Carvykti");
  EXPECT_EQ(Describe(Product::kObeCel).brand, "Aucatzyl");
  EXPECT_EQ(Describe(Product::kNexCar19).generic, "actalycabtagene autoleucel");
  EXPECT_EQ(Describe(Product::kLisoCel).generic, "lisocabtagene maraleucel");
}

TEST(Products, FindProductAcceptsCodeGenericAndBrandInAnyCase) {
  EXPECT_EQ(FindProduct("axi-cel"), Product::kAxiCel);
  EXPECT_EQ(FindProduct("AXI-CEL"), Product::kAxiCel);
  EXPECT_EQ(FindProduct("Yescarta"), Product::kAxiCel);
  EXPECT_EQ(FindProduct("yescarta"), Product::kAxiCel);
  EXPECT_EQ(FindProduct("Tisagenlecleucel"), Product::kTisaCel);
  EXPECT_EQ(FindProduct("kymriah"), Product::kTisaCel);
  EXPECT_EQ(FindProduct("NexCAR19"), Product::kNexCar19);
  EXPECT_EQ(FindProduct("ACTALYCABTAGENE AUTOLEUCEL"), Product::kNexCar19);
  for (const ProductInfo& info : Products()) {
    EXPECT_EQ(FindProduct(info.code), info.id);
    EXPECT_EQ(FindProduct(info.generic), info.id);
    EXPECT_EQ(FindProduct(info.brand), info.id);
  }
}

TEST(Products, FindProductRefusesOtherNames) {
  EXPECT_FALSE(FindProduct(""));
  EXPECT_FALSE(FindProduct("axicel"));
  EXPECT_FALSE(FindProduct(" axi-cel"));
  EXPECT_FALSE(FindProduct("Tecelra"));  // a TCR-T product, not a CAR-T
  EXPECT_FALSE(FindProduct("axi-cel "));
}

}  // namespace
}  // namespace cartwatch::core
