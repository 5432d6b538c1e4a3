#include "cartwatch/core/findings.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartwatch::core {
namespace {

// The units of the Lee 2014 high-dose vasopressor table (docs/clinical/older-systems.md).
// Each row has what its type and shape need: a number its plausible range, an integer its maximum,
// a code its vocabulary, a scalar its way into and out of the entry.
TEST(Findings, EveryRowIsCompleteForItsType) {
  for (const FindingInfo& row : Findings()) {
    SCOPED_TRACE(std::string(row.code));
    EXPECT_FALSE(row.code.empty());
    EXPECT_FALSE(row.sample.empty());
    if (row.type == ValueType::kNumber) {
      EXPECT_NE(row.range, nullptr);
    }
    if (row.type == ValueType::kInteger) {
      EXPECT_GT(row.max, 0);
    }
    if (row.type == ValueType::kCode && row.shape != Shape::kVasopressorsNone) {
      EXPECT_NE(row.codes, nullptr);
    }
    const bool scalar = row.shape == Shape::kScalar || row.shape == Shape::kTemperature ||
                        row.shape == Shape::kVasopressorDose;
    if (scalar) {
      EXPECT_NE(row.access.get, nullptr);
      EXPECT_NE(row.access.set, nullptr);
    }
  }
}

TEST(Findings, DoseUnitOfEachVasopressor) {
  EXPECT_EQ(DoseUnitOf(Vasopressor::kNorepinephrine), "ug/min");
  EXPECT_EQ(DoseUnitOf(Vasopressor::kEpinephrine), "ug/min");
  EXPECT_EQ(DoseUnitOf(Vasopressor::kPhenylephrine), "ug/min");
  EXPECT_EQ(DoseUnitOf(Vasopressor::kDopamine), "ug/kg/min");
  EXPECT_EQ(DoseUnitOf(Vasopressor::kVasopressin), "U/min");
}

TEST(Findings, DoseLimitsOfEachVasopressorAreThoseOfLimitsH) {
  EXPECT_EQ(&DoseLimitsOf(Vasopressor::kNorepinephrine), &kCatecholamineUgPerMinLimits);
  EXPECT_EQ(&DoseLimitsOf(Vasopressor::kEpinephrine), &kCatecholamineUgPerMinLimits);
  EXPECT_EQ(&DoseLimitsOf(Vasopressor::kPhenylephrine), &kPhenylephrineUgPerMinLimits);
  EXPECT_EQ(&DoseLimitsOf(Vasopressor::kDopamine), &kDopamineUgPerKgPerMinLimits);
  EXPECT_EQ(&DoseLimitsOf(Vasopressor::kVasopressin), &kVasopressinUnitsPerMinLimits);
  for (const FindingInfo& info : Findings()) {
    if (info.shape != Shape::kVasopressorDose) continue;
    EXPECT_EQ(DoseLimitsOf(VasopressorOf(info.id)).unit, DoseUnitOf(VasopressorOf(info.id)));
  }
}

TEST(Findings, CodesColumnsAndJsonPathsAreUnique) {
  std::set<std::string> codes;
  std::set<std::string> columns;
  std::set<std::string> paths;
  for (const FindingInfo& info : Findings()) {
    EXPECT_TRUE(codes.insert(std::string(info.code)).second) << info.code;
    for (const WideName& wide : info.wide) {
      if (!wide.name.empty()) {
        EXPECT_TRUE(columns.insert(std::string(wide.name)).second) << wide.name;
      }
    }
    if (!info.json_path.empty()) {
      EXPECT_TRUE(paths.insert(std::string(info.json_path)).second) << info.json_path;
    }
  }
}

TEST(Findings, SamplesOfCodesAreKnownCodes) {
  for (const FindingInfo& info : Findings()) {
    if (info.codes == nullptr) continue;
    EXPECT_TRUE(info.codes->find(info.sample).has_value()) << info.code;
    EXPECT_FALSE(info.codes->list().empty());
  }
}

}  // namespace
}  // namespace cartwatch::core
