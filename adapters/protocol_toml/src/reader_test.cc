// The strict protocol reader: every kind of defect gets its own error with the key path and the
// line in the file. Whole malformed files live in testdata/ with their expected errors in
// "# expect:" lines; finer points are tested here on variants of one small sound protocol.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/adapters/protocol_toml.h"

namespace cartwatch::adapters {
namespace {

using core::ErrorCode;

// A small sound protocol; each test breaks it in one place.
constexpr std::string_view kBase = R"(schema = "cartwatch.protocol/1"
id = "test"
version = "1.0.0"
title = "Test protocol"

[weight_limits]
min_kg = 3.0
max_kg = 250.0

[[sources]]
key = "s"
citation = "unit test"

[[limits]]
drug = "tocilizumab"
rule = "t.limit.toci"
source = "s"
max_doses_per_24h = 3
max_doses_total = 4
min_interval_hours = 8.0

[[actions]]
rule = "t.crs.support"
source = "s"
syndrome = "crs"
grades = [1, 2, 3, 4]
kind = "support"
text = "Supportive care"

[[actions]]
rule = "t.icans.monitor"
source = "s"
syndrome = "icans"
grades = [1, 2, 3, 4]
kind = "monitor"
text = "ICE every 8 h"

[[actions]]
rule = "t.crs.toci"
source = "s"
syndrome = "crs"
grades = [2, 3, 4]
kind = "drug"
drug = "tocilizumab"
text = "Tocilizumab"
instead_when_limited = "t.crs.dex"
unconfirmed = true
[actions.dose]
mg_per_kg = 8.0
bands = [{ below_kg = 30.0, mg_per_kg = 12.0 }]
max_mg = 800.0
round_to_mg = 10.0
route = "IV"
frequency = "over 1 h"

[[actions]]
rule = "t.crs.dex"
source = "s"
syndrome = "crs"
min_grade = 3
max_grade = 4
other = "absent"
after = { drug = "tocilizumab", doses = 2, hours = 16.0 }
kind = "drug"
drug = "dexamethasone"
dose = { fixed_mg = 10.0, route = "IV" }
text = "Dexamethasone"
)";

// kBase with `from` (which must occur exactly once) replaced by `to`.
std::string Variant(std::string_view from, std::string_view to) {
  std::string text(kBase);
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return text;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  text.replace(at, from.size(), to);
  return text;
}

// The 1-based line of `text` holding `needle` (the last such line when `last`).
int LineOf(std::string_view text, std::string_view needle, bool last = false) {
  int line = 1;
  int found = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (text.substr(start, end - start).find(needle) != std::string_view::npos) {
      found = line;
      if (!last) return found;
    }
    start = end + 1;
    ++line;
  }
  return found;
}

std::string Describe(const std::vector<core::Error>& errors) {
  std::string out;
  for (const core::Error& error : errors) {
    out += std::string(error.name()) + " " + error.field + " [" + error.value + "] " +
           error.message + "\n";
  }
  return out;
}

// Parses `text` and expects exactly one error with this code and field, whose message holds
// every fragment.
core::Error OnlyError(const std::string& text, ErrorCode code, std::string_view field,
                      std::vector<std::string> fragments) {
  const ProtocolParse parse = ParseProtocolToml(text, "test.toml");
  EXPECT_FALSE(parse.protocol.has_value());
  EXPECT_EQ(parse.errors.size(), 1u) << Describe(parse.errors);
  if (parse.errors.empty()) return {};
  const core::Error& error = parse.errors.front();
  EXPECT_EQ(error.code, code) << Describe(parse.errors);
  EXPECT_EQ(error.field, field) << Describe(parse.errors);
  for (const std::string& fragment : fragments) {
    EXPECT_NE(error.message.find(fragment), std::string::npos)
        << "\"" << fragment << "\" not in: " << error.message;
  }
  return error;
}

std::string LineText(int line) { return "(line " + std::to_string(line) + ", column "; }

TEST(ProtocolReader, SoundProtocolReadsEveryKey) {
  const ProtocolParse parse = ParseProtocolToml(kBase, "test.toml");
  ASSERT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  ASSERT_TRUE(parse.protocol.has_value());
  const core::Protocol& p = *parse.protocol;
  EXPECT_EQ(p.id, "test");
  EXPECT_EQ(p.version, "1.0.0");
  EXPECT_EQ(p.title, "Test protocol");
  EXPECT_EQ(p.min_weight_kg, 3.0);
  EXPECT_EQ(p.max_weight_kg, 250.0);
  ASSERT_EQ(p.sources.size(), 1u);
  EXPECT_EQ(p.sources[0].key, "s");
  EXPECT_EQ(p.sources[0].citation, "unit test");

  ASSERT_EQ(p.limits.size(), 1u);
  const core::DrugLimit& limit = p.limits[0];
  EXPECT_EQ(limit.drug, core::Drug::kTocilizumab);
  EXPECT_EQ(limit.rule, "t.limit.toci");
  EXPECT_EQ(limit.source, "s");
  EXPECT_EQ(limit.max_doses_per_24h, 3);
  EXPECT_EQ(limit.max_doses_total, 4);
  EXPECT_EQ(limit.min_interval_hours, 8.0);
  EXPECT_FALSE(limit.unconfirmed);

  ASSERT_EQ(p.actions.size(), 4u);
  const core::ProtocolAction& support = p.actions[0];
  EXPECT_EQ(support.rule, "t.crs.support");
  EXPECT_EQ(support.kind, core::ActionKind::kSupport);
  EXPECT_EQ(support.trigger.syndrome, core::Syndrome::kCrs);
  EXPECT_EQ(support.trigger.min_grade, 1);
  EXPECT_EQ(support.trigger.max_grade, 4);
  EXPECT_FALSE(support.trigger.when.concurrent.has_value());
  EXPECT_FALSE(support.trigger.after_drug);
  EXPECT_FALSE(support.drug);
  EXPECT_FALSE(support.dose);
  EXPECT_FALSE(support.unconfirmed);
  EXPECT_EQ(p.actions[1].trigger.syndrome, core::Syndrome::kIcans);
  EXPECT_EQ(p.actions[1].kind, core::ActionKind::kMonitor);

  const core::ProtocolAction& toci = p.actions[2];
  EXPECT_EQ(toci.drug, core::Drug::kTocilizumab);
  ASSERT_TRUE(toci.dose);
  EXPECT_EQ(toci.dose->mg_per_kg, 8.0);
  EXPECT_FALSE(toci.dose->fixed_mg);
  ASSERT_EQ(toci.dose->bands.size(), 1u);
  EXPECT_EQ(toci.dose->bands[0].below_kg, 30.0);
  EXPECT_EQ(toci.dose->bands[0].mg_per_kg, 12.0);
  EXPECT_EQ(toci.dose->max_mg, 800.0);
  EXPECT_EQ(toci.dose->round_to_mg, 10.0);
  EXPECT_EQ(toci.dose->route, "IV");
  EXPECT_EQ(toci.dose->frequency, "over 1 h");
  EXPECT_EQ(toci.instead_when_limited, "t.crs.dex");
  EXPECT_TRUE(toci.unconfirmed);
  EXPECT_EQ(toci.trigger.min_grade, 2);

  const core::ProtocolAction& dex = p.actions[3];
  EXPECT_EQ(dex.trigger.min_grade, 3);
  EXPECT_EQ(dex.trigger.max_grade, 4);
  ASSERT_TRUE(dex.trigger.when.concurrent.has_value());
  EXPECT_EQ(dex.trigger.when.concurrent->max, 0);
  EXPECT_EQ(dex.trigger.after_drug, core::Drug::kTocilizumab);
  EXPECT_EQ(dex.trigger.after_doses, 2);
  EXPECT_EQ(dex.trigger.after_hours, 16.0);
  ASSERT_TRUE(dex.dose);
  EXPECT_EQ(dex.dose->fixed_mg, 10.0);
  EXPECT_EQ(dex.dose->round_to_mg, 1.0);  // default
  EXPECT_TRUE(dex.dose->frequency.empty());
}

TEST(ProtocolReader, DefaultsApplyWhenOptionalKeysAreAbsent) {
  const ProtocolParse parse = ParseProtocolToml(
      Variant("[weight_limits]\nmin_kg = 3.0\nmax_kg = 250.0\n", ""), "test.toml");
  ASSERT_TRUE(parse.protocol) << Describe(parse.errors);
  EXPECT_EQ(parse.protocol->min_weight_kg, 2.0);
  EXPECT_EQ(parse.protocol->max_weight_kg, 350.0);

  const ProtocolParse after =
      ParseProtocolToml(Variant("after = { drug = \"tocilizumab\", doses = 2, hours = 16.0 }",
                                "after = { drug = \"tocilizumab\" }"),
                        "test.toml");
  ASSERT_TRUE(after.protocol) << Describe(after.errors);
  EXPECT_EQ(after.protocol->actions[3].trigger.after_doses, 1);
  EXPECT_EQ(after.protocol->actions[3].trigger.after_hours, 0.0);
}

TEST(ProtocolReader, IntegersAreAcceptedWhereNumbersAreNeeded) {
  const ProtocolParse parse =
      ParseProtocolToml(Variant("min_interval_hours = 8.0", "min_interval_hours = 8"), "t.toml");
  ASSERT_TRUE(parse.protocol) << Describe(parse.errors);
  EXPECT_EQ(parse.protocol->limits[0].min_interval_hours, 8.0);
}

// ---- Not TOML -----------------------------------------------------------------------------

TEST(ProtocolReader, TextThatIsNotTomlIsOneErrorWithItsLine) {
  const std::string text = Variant("version = \"1.0.0\"", "version = [\"1.0.0\"");
  const core::Error error =
      OnlyError(text, ErrorCode::kMalformedProtocol, "", {"not valid TOML", "(line "});
  EXPECT_TRUE(error.value.empty());
}

TEST(ProtocolReader, KeyDefinedTwiceIsMalformedToml) {
  const std::string text = Variant("id = \"test\"", "id = \"test\"\nid = \"again\"");
  OnlyError(text, ErrorCode::kMalformedProtocol, "",
            {"not valid TOML", LineText(LineOf(text, "again"))});
}

TEST(ProtocolReader, EmptyTextLacksEveryRequiredKey) {
  const ProtocolParse parse = ParseProtocolToml("", "empty.toml");
  EXPECT_FALSE(parse.protocol);
  std::vector<std::string> fields;
  for (const core::Error& error : parse.errors) {
    EXPECT_EQ(error.code, ErrorCode::kMalformedProtocol);
    EXPECT_NE(error.message.find("missing required key"), std::string::npos) << error.message;
    fields.push_back(error.field);
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"schema", "id", "version", "title", "sources", "actions"}));
}

// ---- Schema -------------------------------------------------------------------------------

TEST(ProtocolReader, UnknownSchemaVersionIsRefused) {
  const std::string text =
      Variant("schema = \"cartwatch.protocol/1\"", "schema = \"cartwatch.protocol/2\"");
  const core::Error error =
      OnlyError(text, ErrorCode::kMalformedProtocol, "schema", {"unknown schema", LineText(1)});
  EXPECT_EQ(error.value, "cartwatch.protocol/2");
}

TEST(ProtocolReader, UnknownKeysAreRefusedAtEveryLevel) {
  struct Case {
    std::string_view from, to, field, needle;
  };
  const Case cases[] = {
      {"title = \"Test protocol\"", "title = \"Test protocol\"\nauthor = \"x\"", "author",
       "author ="},
      {"max_kg = 250.0", "max_kg = 250.0\nmax_lb = 550.0", "weight_limits.max_lb", "max_lb"},
      {"citation = \"unit test\"", "citation = \"unit test\"\nurl = \"x\"", "sources[0].url",
       "url ="},
      {"max_doses_total = 4", "max_doses_total = 4\nmax_doses_per_week = 5",
       "limits[tocilizumab].max_doses_per_week", "per_week"},
      {"text = \"Supportive care\"", "text = \"Supportive care\"\npriority = 1",
       "actions[t.crs.support].priority", "priority"},
      {"doses = 2, hours = 16.0 }", "doses = 2, hours = 16.0, within_hours = 4.0 }",
       "actions[t.crs.dex].after.within_hours", "within_hours"},
      {"frequency = \"over 1 h\"", "frequency = \"over 1 h\"\ninfusion = \"1 h\"",
       "actions[t.crs.toci].dose.infusion", "infusion"},
      {"{ below_kg = 30.0, mg_per_kg = 12.0 }",
       "{ below_kg = 30.0, mg_per_kg = 12.0, note = \"x\" }",
       "actions[t.crs.toci].dose.bands[0].note", "note ="},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const std::string text = Variant(c.from, c.to);
    OnlyError(text, ErrorCode::kMalformedProtocol, c.field,
              {"unknown key", "cartwatch.protocol/1 allows:", LineText(LineOf(text, c.needle))});
  }
}

TEST(ProtocolReader, UnknownKeyListsTheAllowedKeysOfThatTable) {
  const core::Error error =
      OnlyError(Variant("text = \"Supportive care\"", "text = \"Supportive care\"\npriority = 1"),
                ErrorCode::kMalformedProtocol, "actions[t.crs.support].priority", {});
  EXPECT_NE(error.message.find("allows: rule, source, syndrome, grades, min_grade, max_grade, "
                               "other, when, after, kind, drug, alternatives, dose, regimen, "
                               "text, instead_when_limited, unconfirmed)"),
            std::string::npos)
      << error.message;
  EXPECT_EQ(error.value, "1");
}

TEST(ProtocolReader, WrongTypesNameTheExpectedType) {
  struct Case {
    std::string_view from, to, field, expected;
  };
  const Case cases[] = {
      {"id = \"test\"", "id = 7", "id", "must be a string"},
      {"grades = [1, 2, 3, 4]\nkind = \"support\"", "grades = \"1-4\"\nkind = \"support\"",
       "actions[t.crs.support].grades", "must be an array of whole numbers"},
      {"text = \"Supportive care\"", "text = [\"Supportive care\"]", "actions[t.crs.support].text",
       "got an array"},
      {"unconfirmed = true", "unconfirmed = \"yes\"", "actions[t.crs.toci].unconfirmed",
       "must be true or false"},
      {"min_interval_hours = 8.0", "min_interval_hours = \"8 h\"",
       "limits[tocilizumab].min_interval_hours", "must be a number"},
      {"min_kg = 3.0", "min_kg = true", "weight_limits.min_kg", "got true/false"},
      {"after = { drug = \"tocilizumab\", doses = 2, hours = 16.0 }", "after = \"2 doses\"",
       "actions[t.crs.dex].after", "must be a table"},
      {"dose = { fixed_mg = 10.0, route = \"IV\" }", "dose = \"10 mg\"", "actions[t.crs.dex].dose",
       "must be a table such as"},
      {"route = \"IV\"\nfrequency", "route = 1\nfrequency", "actions[t.crs.toci].dose.route",
       "must be a string"},
      {"bands = [{ below_kg = 30.0, mg_per_kg = 12.0 }]", "bands = { below_kg = 30.0 }",
       "actions[t.crs.toci].dose.bands", "must be an array of tables"},
      {"bands = [{ below_kg = 30.0, mg_per_kg = 12.0 }]", "bands = [30.0]",
       "actions[t.crs.toci].dose.bands[0]", "a weight band must be a table"},
      {"grades = [1, 2, 3, 4]\nkind = \"monitor\"", "grades = [1, \"2\"]\nkind = \"monitor\"",
       "actions[t.icans.monitor].grades[1]", "must be a whole number, got a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    OnlyError(Variant(c.from, c.to), ErrorCode::kMalformedProtocol, c.field,
              {std::string(c.expected), "(line "});
  }
}

TEST(ProtocolReader, ArrayTablesMustHoldTables) {
  std::string text = Variant("[[sources]]\nkey = \"s\"\ncitation = \"unit test\"\n", "");
  text.replace(text.find("title"), 0, "sources = [\"unit test\"]\n");
  OnlyError(text, ErrorCode::kMalformedProtocol, "sources[0]",
            {"each entry of sources must be a table", "got a string",
             LineText(LineOf(text, "sources ="))});
}

TEST(ProtocolReader, FloatWhereAnIntegerIsNeeded) {
  struct Case {
    std::string_view from, to, field, fragment;
  };
  const Case cases[] = {
      {"max_doses_per_24h = 3", "max_doses_per_24h = 3.0", "limits[tocilizumab].max_doses_per_24h",
       "(3, not 3.0)"},
      {"max_doses_total = 4", "max_doses_total = 4.5", "limits[tocilizumab].max_doses_total",
       "got 4.5"},
      {"doses = 2,", "doses = 2.0,", "actions[t.crs.dex].after.doses", "(2, not 2.0)"},
      {"min_grade = 3", "min_grade = 3.0", "actions[t.crs.dex].min_grade", "(3, not 3.0)"},
      {"grades = [2, 3, 4]", "grades = [2, 3.5, 4]", "actions[t.crs.toci].grades[1]", "got 3.5"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const std::string text = Variant(c.from, c.to);
    OnlyError(text, ErrorCode::kMalformedProtocol, c.field,
              {"not an integer", std::string(c.fragment), LineText(LineOf(text, c.to))});
  }
}

TEST(ProtocolReader, HugeIntegerIsRefusedNotWrapped) {
  OnlyError(Variant("max_doses_total = 4", "max_doses_total = 4294967300"),
            ErrorCode::kMalformedProtocol, "limits[tocilizumab].max_doses_total",
            {"far too large"});
}

TEST(ProtocolReader, NumbersMustBeFinite) {
  OnlyError(Variant("max_mg = 800.0", "max_mg = inf"), ErrorCode::kMalformedProtocol,
            "actions[t.crs.toci].dose.max_mg", {"finite"});
  OnlyError(Variant("hours = 16.0", "hours = nan"), ErrorCode::kMalformedProtocol,
            "actions[t.crs.dex].after.hours", {"finite"});
}

TEST(ProtocolReader, MissingRequiredKeysPointAtTheirTable) {
  struct Case {
    std::string_view from, to, field, table_line_needle;
  };
  const Case cases[] = {
      {"rule = \"t.crs.support\"\nsource = \"s\"\n", "rule = \"t.crs.support\"\n",
       "actions[t.crs.support].source", ""},
      {"syndrome = \"icans\"\n", "", "actions[t.icans.monitor].syndrome", ""},
      {"text = \"ICE every 8 h\"\n", "", "actions[t.icans.monitor].text", ""},
      {"kind = \"monitor\"\n", "", "actions[t.icans.monitor].kind", ""},
      {"grades = [1, 2, 3, 4]\nkind = \"monitor\"", "kind = \"monitor\"",
       "actions[t.icans.monitor].grades", ""},
      {"citation = \"unit test\"\n", "", "sources[0].citation", ""},
      {"rule = \"t.limit.toci\"\n", "", "limits[tocilizumab].rule", ""},
      {"after = { drug = \"tocilizumab\", doses = 2, hours = 16.0 }", "after = { doses = 2 }",
       "actions[t.crs.dex].after.drug", "after ="},
      {"route = \"IV\" }", "frequency = \"once\" }", "actions[t.crs.dex].dose.route",
       "frequency = \"once\""},
      {"max_grade = 4\n", "", "actions[t.crs.dex].max_grade", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const std::string text = Variant(c.from, c.to);
    const core::Error error =
        OnlyError(text, ErrorCode::kMalformedProtocol, c.field, {"missing required key"});
    if (!c.table_line_needle.empty()) {
      EXPECT_NE(error.message.find(LineText(LineOf(text, c.table_line_needle))), std::string::npos)
          << error.message;
    } else {
      EXPECT_NE(error.message.find("(line "), std::string::npos) << error.message;
    }
    EXPECT_TRUE(error.value.empty());
  }
}

TEST(ProtocolReader, MissingKeyOfAnArrayTablePointsAtItsHeader) {
  const std::string text =
      Variant("rule = \"t.crs.support\"\nsource = \"s\"\n", "rule = \"t.crs.support\"\n");
  const core::Error error = OnlyError(text, ErrorCode::kMalformedProtocol,
                                      "actions[t.crs.support].source", {"missing required key"});
  const int header = LineOf(text, "rule = \"t.crs.support\"") - 1;
  EXPECT_NE(error.message.find("(line " + std::to_string(header) + ", column 1)"),
            std::string::npos)
      << error.message;
}

TEST(ProtocolReader, ActionWithoutRuleIdIsNamedByItsIndex) {
  OnlyError(Variant("rule = \"t.icans.monitor\"\n", ""), ErrorCode::kMalformedProtocol,
            "actions[1].rule", {"missing required key"});
}

TEST(ProtocolReader, DrugActionNeedsItsDrugAndMayLeaveTheDoseToTheText) {
  OnlyError(Variant("drug = \"dexamethasone\"\n", ""), ErrorCode::kMalformedProtocol,
            "actions[t.crs.dex].drug", {"missing required key", "kind = \"drug\""});
  const ProtocolParse parse =
      ParseProtocolToml(Variant("dose = { fixed_mg = 10.0, route = \"IV\" }\n", ""), "t.toml");
  ASSERT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  EXPECT_FALSE(parse.protocol->actions[1].dose.has_value());
}

TEST(ProtocolReader, AnyActionMayNameItsDrugButOnlyDrugActionsDoseIt) {
  ProtocolParse parse = ParseProtocolToml(
      Variant("kind = \"support\"\n", "kind = \"support\"\ndrug = \"paracetamol\"\n"), "t.toml");
  ASSERT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  const std::string text = Variant(
      "kind = \"support\"\n",
      "kind = \"support\"\ndrug = \"paracetamol\"\ndose = { fixed_mg = 1000.0, route = \"PO\" }\n");
  OnlyError(text, ErrorCode::kMalformedProtocol, "actions[t.crs.support].dose",
            {"belongs only to kind = \"drug\"", LineText(LineOf(text, "fixed_mg = 1000"))});
}

// ---- Units --------------------------------------------------------------------------------

TEST(ProtocolReader, DoseWithoutUnitIsItsOwnError) {
  std::string text = Variant("fixed_mg = 10.0, route", "amount = 10.0, route");
  core::Error error = OnlyError(
      text, ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.amount",
      {"dose without unit", "fixed_mg = 10", "mg_per_kg", LineText(LineOf(text, "amount"))});
  EXPECT_EQ(error.value, "10.0");

  text = Variant("dose = { fixed_mg = 10.0, route = \"IV\" }", "dose = 10");
  OnlyError(text, ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose",
            {"dose without unit", "dose = { fixed_mg = 10", LineText(LineOf(text, "dose = 10"))});

  text = Variant("max_mg = 800.0", "max = 800.0");
  OnlyError(text, ErrorCode::kMalformedProtocol, "actions[t.crs.toci].dose.max",
            {"dose without unit"});
}

TEST(ProtocolReader, DoseInAUnitCartwatchDoesNotTakeIsRefused) {
  OnlyError(Variant("fixed_mg = 10.0, route", "fixed_g = 0.01, route"),
            ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.fixed_g",
            {"dose unit not accepted", "fixed_mg"});
}

TEST(ProtocolReader, DoseKeyWithAUnitButNotASchemaKeyIsNamed) {
  OnlyError(Variant("fixed_mg = 10.0, route", "dose_mg = 10.0, route"),
            ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.dose_mg",
            {"unknown dose key: dose_mg = 10.0", "write fixed_mg = 10.0"});
  OnlyError(Variant("fixed_mg = 10.0, route", "mg_per_m2 = 10.0, route"),
            ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.mg_per_m2",
            {"dose unit not accepted"});
  OnlyError(Variant("fixed_mg = 10.0, route", "mg_per_kg_per_day = 2.0, route"),
            ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.mg_per_kg_per_day",
            {"dose unit not accepted"});
}

TEST(ProtocolReader, DoseIsFixedOrWeightBasedNotBoth) {
  OnlyError(Variant("fixed_mg = 10.0, route", "fixed_mg = 10.0, mg_per_kg = 0.2, route"),
            ErrorCode::kMalformedProtocol, "actions[t.crs.dex].dose.mg_per_kg", {"not both"});
  OnlyError(Variant("fixed_mg = 10.0, route", "route"), ErrorCode::kMalformedProtocol,
            "actions[t.crs.dex].dose", {"missing required key", "fixed_mg or mg_per_kg"});
}

TEST(ProtocolReader, DoseMayBeASubTable) {
  const ProtocolParse parse = ParseProtocolToml(
      Variant("dose = { fixed_mg = 10.0, route = \"IV\" }\ntext = \"Dexamethasone\"\n",
              "text = \"Dexamethasone\"\n[actions.dose]\nfixed_mg = 10.0\nroute = \"IV\"\n"),
      "t.toml");
  ASSERT_TRUE(parse.protocol) << Describe(parse.errors);
  ASSERT_TRUE(parse.protocol->actions[3].dose);
  EXPECT_EQ(parse.protocol->actions[3].dose->fixed_mg, 10.0);
}

// ---- Vocabulary ---------------------------------------------------------------------------

TEST(ProtocolReader, UnknownCodesListTheKnownOnes) {
  struct Case {
    std::string_view from, to, field, fragment;
  };
  const Case cases[] = {
      {"drug = \"dexamethasone\"", "drug = \"dex\"", "actions[t.crs.dex].drug",
       "unknown drug \"dex\""},
      {"drug = \"tocilizumab\"\nrule", "drug = \"actemra\"\nrule", "limits[actemra].drug",
       "unknown drug \"actemra\""},
      {"after = { drug = \"tocilizumab\"", "after = { drug = \"toci\"",
       "actions[t.crs.dex].after.drug", "unknown drug \"toci\""},
      {"syndrome = \"icans\"", "syndrome = \"neurotoxicity\"", "actions[t.icans.monitor].syndrome",
       "use one of \"crs\", \"icans\""},
      {"kind = \"monitor\"", "kind = \"observe\"", "actions[t.icans.monitor].kind",
       "use one of \"drug\", \"support\", \"monitor\", \"escalate\", \"refer\""},
      {"other = \"absent\"", "other = \"none\"", "actions[t.crs.dex].other",
       "use one of \"any\", \"absent\", \"present\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const std::string text = Variant(c.from, c.to);
    OnlyError(text, ErrorCode::kMalformedProtocol, c.field, {std::string(c.fragment), "(line "});
  }
}

// ---- Grades -------------------------------------------------------------------------------

TEST(ProtocolReader, GradesMustBeAConsecutiveRangeWithinOneToFive) {
  struct Case {
    std::string_view to, field, fragment;
  };
  const Case cases[] = {
      {"grades = [2, 4]", "actions[t.crs.toci].grades", "consecutive"},
      {"grades = [4, 3]", "actions[t.crs.toci].grades", "consecutive"},
      {"grades = [2, 2, 3]", "actions[t.crs.toci].grades", "consecutive"},
      {"grades = []", "actions[t.crs.toci].grades", "at least one grade"},
      {"grades = [0, 1]", "actions[t.crs.toci].grades[0]", "a grade is 1 to 5, got 0"},
      {"grades = [5, 6]", "actions[t.crs.toci].grades[1]", "a grade is 1 to 5, got 6"},
      {"grades = [2, 3, 4]\nmin_grade = 2", "actions[t.crs.toci].grades", "not both"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.to);
    OnlyError(Variant("grades = [2, 3, 4]", c.to), ErrorCode::kMalformedProtocol, c.field,
              {std::string(c.fragment)});
  }
}

TEST(ProtocolReader, GradeFiveIsAllowed) {
  const ProtocolParse parse =
      ParseProtocolToml(Variant("grades = [2, 3, 4]", "grades = [2, 3, 4, 5]"), "t.toml");
  ASSERT_TRUE(parse.protocol) << Describe(parse.errors);
  EXPECT_EQ(parse.protocol->actions[2].trigger.max_grade, 5);
}

// ---- Limits and sources -------------------------------------------------------------------

TEST(ProtocolReader, LimitThatLimitsNothingIsRefused) {
  const std::string text =
      Variant("max_doses_per_24h = 3\nmax_doses_total = 4\nmin_interval_hours = 8.0\n", "");
  OnlyError(text, ErrorCode::kMalformedProtocol, "limits[tocilizumab]",
            {"limits nothing", LineText(LineOf(text, "[[limits]]"))});
}

TEST(ProtocolReader, SourceKeyUsedTwiceIsRefused) {
  const std::string text = Variant("citation = \"unit test\"\n",
                                   "citation = \"unit test\"\n\n[[sources]]\nkey = \"s\"\n"
                                   "citation = \"another\"\n");
  OnlyError(text, ErrorCode::kMalformedProtocol, "sources[1].key",
            {"already used by sources[0]", LineText(LineOf(text, "key = \"s\"", true))});
}

TEST(ProtocolReader, EmptyTitleAndCitationAreRefused) {
  OnlyError(Variant("title = \"Test protocol\"", "title = \"\""), ErrorCode::kMalformedProtocol,
            "title", {"must not be empty"});
  OnlyError(Variant("citation = \"unit test\"", "citation = \"\""), ErrorCode::kMalformedProtocol,
            "sources[0].citation", {"must not be empty"});
  OnlyError(Variant("key = \"s\"", "key = \"\""), ErrorCode::kMalformedProtocol, "sources[0].key",
            {"must not be empty"});
}

// ---- Several errors -----------------------------------------------------------------------

TEST(ProtocolReader, EveryErrorIsReportedInFileOrder) {
  std::string text = Variant("id = \"test\"", "id = 1");
  const std::string late = "text = \"Dexamethasone\"\n";
  text.replace(text.find(late), late.size(), "text = \"Dexamethasone\"\nextra = 1\n");
  text.replace(text.find("kind = \"support\""), 16, "kind = \"nothing\"");
  const ProtocolParse parse = ParseProtocolToml(text, "t.toml");
  ASSERT_EQ(parse.errors.size(), 3u) << Describe(parse.errors);
  EXPECT_EQ(parse.errors[0].field, "id");
  EXPECT_EQ(parse.errors[1].field, "actions[t.crs.support].kind");
  EXPECT_EQ(parse.errors[2].field, "actions[t.crs.dex].extra");
  EXPECT_FALSE(parse.protocol);
}

TEST(ProtocolReader, SchemaErrorsStopBeforeTheProtocolCheck) {
  // An unknown key and an uncovered grade: the schema error alone is reported, because the
  // protocol check needs a protocol that was read completely.
  std::string text = Variant("grades = [1, 2, 3, 4]\nkind = \"monitor\"",
                             "grades = [2, 3, 4]\nkind = \"monitor\"\nextra = 1");
  const ProtocolParse parse = ParseProtocolToml(text, "t.toml");
  ASSERT_EQ(parse.errors.size(), 1u) << Describe(parse.errors);
  EXPECT_EQ(parse.errors[0].code, ErrorCode::kMalformedProtocol);
}

TEST(ProtocolReader, LongValuesAreCutInErrors) {
  const std::string long_text(200, 'x');
  const core::Error error =
      OnlyError(Variant("title = \"Test protocol\"",
                        "title = \"Test protocol\"\nnote = \"" + long_text + "\""),
                ErrorCode::kMalformedProtocol, "note", {"unknown key"});
  EXPECT_EQ(error.value, std::string(80, 'x') + "...");
  // Never inside a UTF-8 sequence: 79 ASCII bytes, then 2-byte characters.
  const std::string accented = std::string(79, 'a') + "\xC3\xA9\xC3\xA9";
  const core::Error cut =
      OnlyError(Variant("title = \"Test protocol\"",
                        "title = \"Test protocol\"\nnote = \"" + accented + "\""),
                ErrorCode::kMalformedProtocol, "note", {"unknown key"});
  EXPECT_EQ(cut.value, std::string(79, 'a') + "...");
}

// ---- The protocol check (core::CheckProtocol) ---------------------------------------------

TEST(ProtocolReader, UncoveredGradeIsAnInvalidProtocol) {
  const ProtocolParse parse = ParseProtocolToml(Variant("grades = [1, 2, 3, 4]\nkind = \"monitor\"",
                                                        "grades = [1, 2, 3]\nkind = \"monitor\""),
                                                "t.toml");
  EXPECT_FALSE(parse.protocol);
  ASSERT_EQ(parse.errors.size(), 1u) << Describe(parse.errors);
  for (const core::Error& error : parse.errors) {
    EXPECT_EQ(error.code, ErrorCode::kInvalidProtocol);
    EXPECT_EQ(error.field, "icans.grade4");
    EXPECT_NE(error.message.find("with or without the other syndrome"), std::string::npos);
    EXPECT_NE(error.message.find("no action for icans grade 4"), std::string::npos);
  }
}

TEST(ProtocolReader, EscalationAloneDoesNotCoverAGrade) {
  // ICANS covered only by an action that needs earlier doses: grade 1-4 are uncovered.
  const std::string text =
      Variant("grades = [1, 2, 3, 4]\nkind = \"monitor\"",
              "grades = [1, 2, 3, 4]\nafter = { drug = \"dexamethasone\" }\nkind = \"monitor\"");
  const ProtocolParse parse = ParseProtocolToml(text, "t.toml");
  EXPECT_EQ(parse.errors.size(), 4u) << Describe(parse.errors);
}

TEST(ProtocolReader, DuplicateRuleIdNamesBothLines) {
  const std::string text = Variant("rule = \"t.icans.monitor\"", "rule = \"t.crs.support\"");
  const core::Error error =
      OnlyError(text, ErrorCode::kInvalidProtocol, "actions[t.crs.support].rule", {"used twice"});
  const int first = LineOf(text, "rule = \"t.crs.support\"");
  const int second = LineOf(text, "rule = \"t.crs.support\"", true);
  EXPECT_NE(error.message.find("(line " + std::to_string(first) + ", column 8; line " +
                               std::to_string(second) + ", column 8)"),
            std::string::npos)
      << error.message;
}

TEST(ProtocolReader, UnknownSourceKeyIsAnInvalidProtocol) {
  const std::string text = Variant("rule = \"t.crs.support\"\nsource = \"s\"",
                                   "rule = \"t.crs.support\"\nsource = \"x\"");
  OnlyError(
      text, ErrorCode::kInvalidProtocol, "actions[t.crs.support].source",
      {"\"x\" is not in the protocol's [[sources]]", LineText(LineOf(text, "source = \"x\""))});
  const std::string limit = Variant("source = \"s\"\nmax_doses", "source = \"y\"\nmax_doses");
  OnlyError(limit, ErrorCode::kInvalidProtocol, "limits[tocilizumab].source",
            {"\"y\" is not in", LineText(LineOf(limit, "source = \"y\""))});
}

TEST(ProtocolReader, UnreachableRulesAreInvalid) {
  struct Case {
    std::string_view from, to, field, needle;
  };
  const Case cases[] = {
      {"min_grade = 3\nmax_grade = 4", "min_grade = 4\nmax_grade = 3", "actions[t.crs.dex].grades",
       "min_grade = 4"},
      {"doses = 2,", "doses = 0,", "actions[t.crs.dex].after.doses", "doses = 0"},
      {"instead_when_limited = \"t.crs.dex\"", "instead_when_limited = \"t.crs.nothing\"",
       "actions[t.crs.toci].instead_when_limited", "t.crs.nothing"},
      {"instead_when_limited = \"t.crs.dex\"", "instead_when_limited = \"t.crs.toci\"",
       "actions[t.crs.toci].instead_when_limited", "instead_when_limited"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.to);
    const std::string text = Variant(c.from, c.to);
    OnlyError(text, ErrorCode::kInvalidProtocol, c.field,
              {"unreachable rule", LineText(LineOf(text, c.needle))});
  }
}

TEST(ProtocolReader, TocilizumabForIsolatedIcansIsInvalid) {
  const std::string action =
      "\n[[actions]]\nrule = \"t.icans.toci\"\nsource = \"s\"\nsyndrome = \"icans\"\n"
      "grades = [3, 4]\nOTHERkind = \"drug\"\ndrug = \"tocilizumab\"\n"
      "dose = { mg_per_kg = 8.0, max_mg = 800.0, route = \"IV\" }\ntext = \"Tocilizumab\"\n";
  std::string isolated = std::string(kBase) + action;
  isolated.replace(isolated.find("OTHER"), 5, "");
  OnlyError(isolated, ErrorCode::kInvalidProtocol, "actions[t.icans.toci].drug",
            {"isolated ICANS is treated with corticosteroids",
             LineText(LineOf(isolated, "drug = \"tocilizumab\"", true))});
  for (std::string_view other : {"other = \"any\"\n", "other = \"absent\"\n"}) {
    std::string text = std::string(kBase) + action;
    text.replace(text.find("OTHER"), 5, other);
    OnlyError(text, ErrorCode::kInvalidProtocol, "actions[t.icans.toci].drug", {"isolated ICANS"});
  }
  // With CRS required at the same time it is the protocol's choice.
  std::string concurrent = std::string(kBase) + action;
  concurrent.replace(concurrent.find("OTHER"), 5, "other = \"present\"\n");
  const ProtocolParse parse = ParseProtocolToml(concurrent, "t.toml");
  EXPECT_TRUE(parse.errors.empty()) << Describe(parse.errors);
  // Siltuximab is an IL-6 blocker too.
  std::string siltuximab = std::string(kBase) + action;
  siltuximab.replace(siltuximab.find("OTHER"), 5, "");
  siltuximab.replace(siltuximab.rfind("tocilizumab"), 11, "siltuximab");
  OnlyError(siltuximab, ErrorCode::kInvalidProtocol, "actions[t.icans.toci].drug",
            {"siltuximab for ICANS without concurrent CRS"});
}

TEST(ProtocolReader, DoseContradictionsFoundByTheCheckCarryTheirLine) {
  std::string text = Variant("route = \"IV\" }", "route = \"\" }");
  OnlyError(text, ErrorCode::kInvalidProtocol, "actions[t.crs.dex].dose.route",
            {"needs a route", LineText(LineOf(text, "route = \"\""))});
  text = Variant("fixed_mg = 10.0, route",
                 "fixed_mg = 10.0, bands = [{ below_kg = 30.0, "
                 "mg_per_kg = 1.0 }], route");
  OnlyError(text, ErrorCode::kInvalidProtocol, "actions[t.crs.dex].dose.bands",
            {"only apply to an mg_per_kg dose"});
  OnlyError(Variant("max_mg = 800.0", "max_mg = -800.0"), ErrorCode::kInvalidProtocol,
            "actions[t.crs.toci].dose.max_mg", {"above 0"});
}

TEST(ProtocolReader, WeightLimitsMustBeOrdered) {
  const std::string text = Variant("min_kg = 3.0", "min_kg = 300.0");
  OnlyError(text, ErrorCode::kInvalidProtocol, "weight_limits",
            {"0 < min_kg < max_kg", LineText(LineOf(text, "[weight_limits]"))});
}

TEST(ProtocolReader, InsteadWhenLimitedNeedsALimitedDrug) {
  // The only limit is moved to another drug: tocilizumab's substitute can never be used.
  OnlyError(Variant("drug = \"tocilizumab\"\nrule", "drug = \"anakinra\"\nrule"),
            ErrorCode::kInvalidProtocol, "actions[t.crs.toci].instead_when_limited",
            {"has no effect"});
}

// ---- Malformed files in testdata/ -----------------------------------------------------------

struct Expectation {
  std::string code;
  std::string field;
  std::vector<std::string> fragments;
};

// "# expect: code | field | fragment | fragment ..." lines at the top of a file.
std::vector<Expectation> ExpectationsOf(const std::string& text) {
  std::vector<Expectation> expectations;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    constexpr std::string_view kPrefix = "# expect: ";
    if (!line.starts_with(kPrefix)) continue;
    std::vector<std::string> parts;
    std::size_t start = kPrefix.size();
    while (true) {
      const std::size_t bar = line.find(" | ", start);
      parts.push_back(line.substr(start, bar == std::string::npos ? bar : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 3;
    }
    if (parts.size() < 2) continue;
    Expectation expectation{parts[0], parts[1], {}};
    expectation.fragments.assign(parts.begin() + 2, parts.end());
    expectations.push_back(std::move(expectation));
  }
  return expectations;
}

TEST(ProtocolReader, EachMalformedFileInTestdataGivesExactlyItsExpectedErrors) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CARTWATCH_PROTOCOL_TESTDATA_DIR)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 13u);
  std::vector<std::string> codes_seen;
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::ifstream file(path, std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    const std::string text = buffer.str();
    const std::vector<Expectation> expected = ExpectationsOf(text);
    const ProtocolParse parse = ParseProtocolToml(text, path.string());
    ASSERT_EQ(parse.errors.size(), expected.size()) << Describe(parse.errors);
    EXPECT_EQ(parse.protocol.has_value(), expected.empty());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const core::Error& error = parse.errors[i];
      EXPECT_EQ(error.name(), expected[i].code) << Describe(parse.errors);
      EXPECT_EQ(error.field, expected[i].field) << Describe(parse.errors);
      for (const std::string& fragment : expected[i].fragments) {
        EXPECT_NE(error.message.find(fragment), std::string::npos)
            << "\"" << fragment << "\" not in: " << error.message;
      }
      codes_seen.push_back(expected[i].code);
    }
  }
  EXPECT_NE(std::find(codes_seen.begin(), codes_seen.end(), "malformed_protocol"),
            codes_seen.end());
  EXPECT_NE(std::find(codes_seen.begin(), codes_seen.end(), "invalid_protocol"), codes_seen.end());
}

TEST(ProtocolReader, TestdataRunnerReadsExpectations) {
  const std::vector<Expectation> expectations = ExpectationsOf(
      "# Defect: x\n# expect: invalid_protocol | a.b | one | two\nid = 1\n"
      "# expect: malformed_protocol | \n");
  ASSERT_EQ(expectations.size(), 2u);
  EXPECT_EQ(expectations[0].code, "invalid_protocol");
  EXPECT_EQ(expectations[0].field, "a.b");
  EXPECT_EQ(expectations[0].fragments, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(expectations[1].field, "");
}

}  // namespace
}  // namespace cartwatch::adapters
