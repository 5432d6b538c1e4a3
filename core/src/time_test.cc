#include "cartwatch/core/time.h"

#include <gtest/gtest.h>

namespace cartwatch::core {
namespace {

TEST(Time, ParsesUtcAndOffsets) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2026-03-01T08:00:00Z"), 1772352000);
  EXPECT_EQ(ParseRfc3339("2026-03-01T09:30:00+01:30"), 1772352000);
  EXPECT_EQ(ParseRfc3339("2026-03-01T03:00:00-05:00"), 1772352000);
  EXPECT_EQ(ParseRfc3339("2026-03-01T08:00:00.999Z"), 1772352000);  // fractions dropped
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z"), 1709164800);      // leap day
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59Z"), -1);
}

TEST(Time, RejectsWhatIsNotRfc3339) {
  EXPECT_FALSE(ParseRfc3339("2026-03-01"));
  EXPECT_FALSE(ParseRfc3339("2026-03-01T08:00:00"));
  EXPECT_FALSE(ParseRfc3339("2025-02-29T08:00:00Z"));
}

TEST(Time, FormatsUtcAndRoundTrips) {
  EXPECT_EQ(FormatRfc3339Utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339Utc(1772352000 + 12 * kSecondsPerHour), "2026-03-01T20:00:00Z");
  for (UnixSeconds t : {UnixSeconds{951782400}, UnixSeconds{4102444799}, UnixSeconds{1709164800}}) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339Utc(t)), t);
  }
}

// Day 0 is the first 24 h after the infusion, day -1 the 24 h before it (docs/timeline.md).
TEST(Time, DayAfterInfusionCountsWhole24HourPeriods) {
  EXPECT_EQ(DayAfterInfusion(0.0), 0);
  EXPECT_EQ(DayAfterInfusion(23.999), 0);
  EXPECT_EQ(DayAfterInfusion(24.0), 1);
  EXPECT_EQ(DayAfterInfusion(47.5), 1);
  EXPECT_EQ(DayAfterInfusion(-0.001), -1);
  EXPECT_EQ(DayAfterInfusion(-24.0), -1);
  EXPECT_EQ(DayAfterInfusion(-24.5), -2);
  static_assert(DayAfterInfusion(24.0 * 14) == 14);
}

TEST(Time, HoursBetweenIsSignedAndExactOnWholeSeconds) {
  EXPECT_EQ(HoursBetween(0, 3 * kSecondsPerHour), 3.0);
  EXPECT_EQ(HoursBetween(3 * kSecondsPerHour, 0), -3.0);
  EXPECT_EQ(HoursBetween(0, 1800), 0.5);
}

}  // namespace
}  // namespace cartwatch::core
