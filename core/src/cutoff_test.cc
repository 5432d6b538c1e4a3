// Unit tests of the exact cut-off comparison.
#include "cartwatch/core/cutoff.h"

#include <gtest/gtest.h>

#include <limits>

namespace cartwatch::core {
namespace {

TEST(Cutoff, DecimalSumsReachTheirCutoffExactly) {
  const double sum = 8.1 + 8.2 + 37.0 / 10.0;  // 19.999999999999996 in binary floating point
  EXPECT_LT(sum, 20.0);
  EXPECT_TRUE(AtLeast(sum, 20.0));
  EXPECT_FALSE(Above(sum, 20.0));
  EXPECT_EQ(ToMicroUnits(sum), 20 * kMicroUnitsPerUnit);
  EXPECT_EQ(ToMicroUnits(0.1 + 0.2), ToMicroUnits(0.3));
  EXPECT_EQ(RoundToMicroUnits(0.1 + 0.2), 0.3);
}

TEST(Cutoff, OneMicroUnitBelowIsBelow) {
  EXPECT_FALSE(AtLeast(19.999999, 20.0));
  EXPECT_TRUE(AtLeast(20.000001, 20.0));
  EXPECT_TRUE(Above(20.000001, 20.0));
  EXPECT_FALSE(AtLeast(9.99, 10.0));
}

TEST(Cutoff, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(ToMicroUnits(2.5e-6), 3);
  EXPECT_EQ(ToMicroUnits(-2.5e-6), -3);
  EXPECT_EQ(ToMicroUnits(0.0), 0);
}

TEST(Cutoff, InfinitySaturatesAboveEveryCutoff) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(ToMicroUnits(inf), kMicroUnitsSaturated);
  EXPECT_EQ(ToMicroUnits(-inf), -kMicroUnitsSaturated);
  EXPECT_EQ(ToMicroUnits(1e300), kMicroUnitsSaturated);
  EXPECT_TRUE(AtLeast(inf, 200.0));
  EXPECT_EQ(ToMicroUnits(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(RoundToMicroUnits(inf), inf);
  // Ten saturated terms scaled by ten still fit.
  EXPECT_LT(kMicroUnitsSaturated, std::numeric_limits<MicroUnits>::max() / 100);
}

}  // namespace
}  // namespace cartwatch::core
