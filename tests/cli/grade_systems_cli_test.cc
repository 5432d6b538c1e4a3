// `cartwatch grade --systems`: CRS regraded by the older systems next to ASTCT 2019.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_harness.h"

namespace cartwatch {
namespace {

using testing::Cartwatch;
using testing::CommandResult;
using testing::JsonLines;

// Fever, norepinephrine 25 ug/min for 4 h, nasal cannula at FiO2 32%, creatinine grade 2.
const std::string kRecord =
    R"({"patient_id":"P1","temperature":{"value":38.9,"unit":"Cel"},"fever_masked":false,)"
    R"("hypotension":true,"vasopressors":["norepinephrine"],)"
    R"("vasopressor_doses":{"norepinephrine":{"dose":{"value":25,"unit":"ug/min"},)"
    R"("hours_running":4}},"oxygen":{"device":"nasal_cannula","flow_l_min":3,)"
    R"("fio2":{"value":32,"unit":"%"},"reason":"crs"},"fluid_boluses_24h":2,)"
    R"("hospitalised_for_crs":true,"iv_therapy_for_crs":true,"hypotension_refractory":false,)"
    R"("coagulopathy_needing_products":false,"organ_toxicity":{"creatinine":2}})"
    "\n";

TEST(GradeSystems, EverySystemGradesTheSameRecord) {
  CommandResult run =
      Cartwatch("grade --systems astct,lee2014,penn,mskcc,ctcae5,cartox -", kRecord);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto lines = JsonLines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  const nlohmann::json& line = lines[0];
  EXPECT_EQ(line["crs"]["grade"], 3);  // unchanged: ASTCT 2019
  const nlohmann::json& by = line["crs_by_system"];
  ASSERT_EQ(by.size(), 6u);
  EXPECT_EQ(by["astct"]["grade"], 3);
  EXPECT_EQ(by["lee2014"]["grade"], 3);  // high dose
  EXPECT_EQ(by["lee2014"]["system"], "Lee-2014");
  EXPECT_EQ(by["penn"]["grade"], 4);    // high dose (UNCONFIRMED thresholds)
  EXPECT_EQ(by["mskcc"]["grade"], 2);   // vasopressor < 24 h
  EXPECT_EQ(by["ctcae5"]["grade"], 3);  // one vasopressor
  EXPECT_EQ(by["cartox"]["grade"], 3);
  for (const auto& [key, system] : by.items()) {
    EXPECT_FALSE(system["lower_bound"].get<bool>()) << key;
    EXPECT_TRUE(system["missing"].empty()) << key;
  }
  bool unconfirmed = false;
  for (const auto& driver : by["penn"]["drivers"]) unconfirmed |= driver["unconfirmed"].get<bool>();
  EXPECT_TRUE(unconfirmed);
}

TEST(GradeSystems, DefaultOutputHasNoPerSystemSection) {
  CommandResult plain = Cartwatch("grade -", kRecord);
  CommandResult astct = Cartwatch("grade --systems astct -", kRecord);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, astct.out);
  EXPECT_FALSE(JsonLines(plain.out)[0].contains("crs_by_system"));
}

TEST(GradeSystems, TextHasOneLinePerSystem) {
  CommandResult run = Cartwatch("grade --format text --systems mskcc,lee2014 -", kRecord);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  CRS by system:\n    ASTCT 2019: grade 3"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\n    Lee 2014: grade 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\n    MSKCC: grade 2"), std::string::npos) << run.out;
}

TEST(GradeSystems, UnknownSystemIsAUsageErrorNamingTheValidKeys) {
  CommandResult run = Cartwatch("grade --systems astct,ctcae4 -", kRecord);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("ctcae4"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("lee2014"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

}  // namespace
}  // namespace cartwatch
