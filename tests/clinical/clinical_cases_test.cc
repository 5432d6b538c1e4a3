// Runs every clinical case row under tests/clinical/<folder>/cases.ndjson.
//
// Each row is one assessment with the grade (or the errors) that the source table named in its
// `locator` requires; see tests/clinical/README.md for the row format. The expected values are
// derived from the clinical reference, never from the implementation. Case files are read
// strictly: a row that is not valid JSON, has an unknown key, a duplicate key or a duplicate id,
// or names an unknown rule, flag, input or error code fails the run instead of being skipped,
// so a typo can never turn a check into one that always passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/rule.h"

#ifndef CARTWATCH_CLINICAL_CASES_DIR
#error "CARTWATCH_CLINICAL_CASES_DIR must name the tests/clinical source directory"
#endif

namespace cartwatch {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kCaseFileName = "cases.ndjson";

struct CaseRow {
  std::string folder;
  std::size_t line = 0;
  std::string id;
  std::string locator;
  std::string test_name;   // unique, sanitised folder + id
  std::string load_error;  // non-empty: the row could not be read and the test fails
  json row;
};

struct CaseLibrary {
  std::vector<CaseRow> rows;
  std::map<std::string, std::size_t> rows_per_folder;  // every folder, even an empty one
  std::vector<std::string> problems;                   // directory-level problems
};

// gtest prints the parameter of a failing test; name the case rather than dump its bytes.
void PrintTo(const CaseRow& row, std::ostream* out) { *out << row.folder << "/" << row.id; }

// Parses one line of a case file. nlohmann::json keeps the last of two equal keys silently, so a
// parser callback reports duplicates (a second "expect" would otherwise hide the first).
json ParseStrict(const std::string& text, std::string& error) {
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty()) {
      const std::string key = parsed.get<std::string>();
      if (!open_objects.back().insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  json value = json::parse(text, callback, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    error = "not valid JSON";
  } else if (!duplicate.empty()) {
    error = "duplicate key \"" + duplicate + "\"";
  }
  return value;
}

bool IsIntIn(const json& value, int low, int high) {
  return value.is_number_integer() && value.get<long long>() >= low &&
         value.get<long long>() <= high;
}

bool IsStringArray(const json& value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json& item) { return item.is_string(); });
}

// Checks the shape of one syndrome expectation; returns a problem or "".
std::string CheckSyndromeExpectShape(const json& expect, bool is_icans) {
  if (!expect.is_object()) return "expectation is not an object";
  if (!expect.contains("grade")) return "expectation has no \"grade\"";
  for (const auto& [key, value] : expect.items()) {
    bool ok = false;
    if (key == "grade") {
      ok = value.is_null() || IsIntIn(value, 0, 5);
    } else if (key == "max_possible_grade") {
      ok = IsIntIn(value, 0, 5);
    } else if (key == "lower_bound") {
      ok = value.is_boolean();
    } else if (key == "rules" || key == "rules_absent" || key == "flags" || key == "flags_absent" ||
               key == "missing" || key == "missing_includes" || key == "missing_excludes") {
      ok = IsStringArray(value);
    } else if (is_icans && key == "tool") {
      ok = value == "ice" || value == "capd" || value == "undetermined";
    } else if (is_icans && (key == "ice_score" || key == "ice_min" || key == "ice_max")) {
      ok = (key == "ice_score" && value.is_null()) || IsIntIn(value, 0, 10);
    } else if (is_icans && key == "capd_score") {
      ok = value.is_null() || IsIntIn(value, 0, 32);
    } else {
      return "unknown expectation key \"" + key + "\"";
    }
    if (!ok) return "bad value for \"" + key + "\": " + value.dump();
  }
  return "";
}

// Checks the shape of a whole row; returns a problem or "".
std::string CheckRowShape(const json& row) {
  if (!row.is_object()) return "row is not a JSON object";
  static const std::set<std::string> kKeys = {"id",    "locator",    "doc",    "note",
                                              "input", "input_text", "expect", "expect_error"};
  for (const auto& [key, value] : row.items()) {
    if (kKeys.count(key) == 0) return "unknown row key \"" + key + "\"";
  }
  if (!row.contains("id") || !row["id"].is_string() || row["id"].get<std::string>().empty()) {
    return "row has no non-empty string \"id\"";
  }
  if (!row.contains("locator") || !row["locator"].is_string() ||
      row["locator"].get<std::string>().empty()) {
    return "row has no non-empty string \"locator\"";
  }
  // The section of docs/clinical/ that explains the rule, as "page.md#anchor"; the repository
  // test (tests/repo) checks that the page and the heading exist.
  if (!row.contains("doc") || !row["doc"].is_string() ||
      row["doc"].get<std::string>().find(".md#") == std::string::npos) {
    return "row has no \"doc\" of the form \"page.md#anchor\"";
  }
  if (row.contains("note") && !row["note"].is_string()) return "\"note\" is not a string";
  if (row.contains("input") == row.contains("input_text")) {
    return "row needs exactly one of \"input\" and \"input_text\"";
  }
  if (row.contains("input_text") && !row["input_text"].is_string()) {
    return "\"input_text\" is not a string";
  }
  if (row.contains("expect") == row.contains("expect_error")) {
    return "row needs exactly one of \"expect\" and \"expect_error\"";
  }
  if (row.contains("expect")) {
    const json& expect = row["expect"];
    if (!expect.is_object() || expect.empty()) return "\"expect\" must be a non-empty object";
    for (const auto& [key, value] : expect.items()) {
      if (key == "crs_by_system") {
        if (!value.is_object() || value.empty()) {
          return "\"crs_by_system\" must be a non-empty object keyed by grading system";
        }
        for (const auto& [system, system_expect] : value.items()) {
          if (!core::FindGradingSystem(system)) {
            return "unknown grading system \"" + system + "\" in crs_by_system";
          }
          std::string problem = CheckSyndromeExpectShape(system_expect, false);
          if (!problem.empty()) return "crs_by_system." + system + ": " + problem;
        }
        continue;
      }
      if (key != "crs" && key != "icans") return "unknown \"expect\" key \"" + key + "\"";
      std::string problem = CheckSyndromeExpectShape(value, key == "icans");
      if (!problem.empty()) return key + ": " + problem;
    }
  } else {
    const json& errors = row["expect_error"];
    if (!errors.is_array() || errors.empty()) return "\"expect_error\" must be a non-empty array";
    for (const json& error : errors) {
      if (!error.is_object() || error.empty()) return "each expected error must be an object";
      for (const auto& [key, value] : error.items()) {
        if ((key != "code" && key != "field") || !value.is_string()) {
          return "expected errors take only string \"code\" and \"field\"";
        }
      }
    }
  }
  return "";
}

std::string Sanitise(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out.push_back(alnum ? c : '_');
  }
  return out;
}

void LoadFolder(const fs::path& folder_path, CaseLibrary& library,
                std::set<std::string>& used_names) {
  const std::string folder = folder_path.filename().string();
  std::size_t& count = library.rows_per_folder[folder];
  const fs::path file = folder_path / kCaseFileName;
  std::ifstream input(file);
  if (!input) {
    library.problems.push_back(folder + ": cannot read " + std::string(kCaseFileName));
    return;
  }
  std::set<std::string> ids;
  std::string text;
  std::size_t line = 0;
  while (std::getline(input, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    CaseRow row;
    row.folder = folder;
    row.line = line;
    row.row = ParseStrict(text, row.load_error);
    if (row.load_error.empty()) row.load_error = CheckRowShape(row.row);
    if (row.row.is_object() && row.row.contains("id") && row.row["id"].is_string()) {
      row.id = row.row["id"].get<std::string>();
    }
    if (row.row.is_object() && row.row.contains("locator") && row.row["locator"].is_string()) {
      row.locator = row.row["locator"].get<std::string>();
    }
    if (row.id.empty()) row.id = "line_" + std::to_string(line);
    if (!ids.insert(row.id).second && row.load_error.empty()) {
      row.load_error = "duplicate id \"" + row.id + "\" in this folder";
    }
    if (!row.load_error.empty()) {
      row.load_error = folder + "/" + std::string(kCaseFileName) + ":" + std::to_string(line) +
                       ": " + row.load_error;
    }
    std::string name = Sanitise(folder + "__" + row.id);
    for (int suffix = 2; !used_names.insert(name).second; ++suffix) {
      name = Sanitise(folder + "__" + row.id) + "_" + std::to_string(suffix);
    }
    row.test_name = name;
    library.rows.push_back(std::move(row));
    ++count;
  }
}

CaseLibrary LoadLibrary() {
  CaseLibrary library;
  const fs::path root(CARTWATCH_CLINICAL_CASES_DIR);
  std::error_code error;
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    if (it->is_directory()) folders.push_back(it->path());
  }
  if (error) library.problems.push_back(root.string() + ": " + error.message());
  std::sort(folders.begin(), folders.end());
  std::set<std::string> used_names;
  for (const fs::path& folder : folders) LoadFolder(folder, library, used_names);
  return library;
}

const CaseLibrary& Library() {
  static const CaseLibrary library = LoadLibrary();
  return library;
}

// ---- Catalogue lookups, so expectations naming unknown ids fail instead of passing.

bool IsKnownRule(std::span<const core::RuleInfo* const> rules, const std::string& id) {
  return std::any_of(rules.begin(), rules.end(),
                     [&](const core::RuleInfo* rule) { return rule->id == id; });
}

std::vector<std::string> FlagCodes(const core::FlagSet& flags) {
  std::vector<std::string> codes;
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (flags.Contains(id)) codes.emplace_back(core::Describe(id).code);
  }
  return codes;
}

bool IsKnownFlag(const std::string& code) {
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    if (core::Describe(static_cast<core::FlagId>(i)).code == code) return true;
  }
  return false;
}

std::set<std::string> MissingFields(const core::InputSet& missing) {
  std::set<std::string> fields;
  for (int i = 0; i < core::kInputIdCount; ++i) {
    const auto id = static_cast<core::InputId>(i);
    if (missing.Contains(id)) fields.emplace(core::Describe(id).field);
  }
  return fields;
}

bool IsKnownInput(const std::string& field) {
  for (int i = 0; i < core::kInputIdCount; ++i) {
    if (core::Describe(static_cast<core::InputId>(i)).field == field) return true;
  }
  return false;
}

bool IsKnownErrorCode(const std::string& code) {
  const auto catalogue = core::ErrorCatalogue();
  return std::any_of(catalogue.begin(), catalogue.end(),
                     [&](const core::ErrorCodeInfo& info) { return info.name == code; });
}

std::string_view ToolName(core::EncephalopathyTool tool) {
  switch (tool) {
    case core::EncephalopathyTool::kIce:
      return "ice";
    case core::EncephalopathyTool::kCapd:
      return "capd";
    case core::EncephalopathyTool::kUndetermined:
      break;
  }
  return "undetermined";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? ", " : "") + item;
  return out + "]";
}

// The whole result in one line, printed with any failure so the reader sees what was computed.
std::string Describe(const core::SyndromeGrading& grading) {
  std::ostringstream out;
  out << "assessed=" << grading.assessed << " grade=" << grading.grade
      << " max_possible=" << grading.max_possible_grade << " drivers=[";
  for (const core::RuleInfo* rule : grading.drivers())
    out << rule->id << "(" << rule->grade << ") ";
  const std::set<std::string> missing = MissingFields(grading.missing);
  out << "] missing=" << Join({missing.begin(), missing.end()})
      << " flags=" << Join(FlagCodes(grading.flags));
  return out.str();
}

std::string Describe(const core::IcansGrading& grading) {
  auto text = [](const std::optional<int>& value) {
    return value ? std::to_string(*value) : std::string("none");
  };
  return Describe(static_cast<const core::SyndromeGrading&>(grading)) +
         " tool=" + std::string(ToolName(grading.tool)) + " ice_score=" + text(grading.ice_score) +
         " ice_range=" + text(grading.ice_min) + ".." + text(grading.ice_max) +
         " capd_score=" + text(grading.capd_score);
}

std::vector<std::string> Strings(const json& array) {
  return array.get<std::vector<std::string>>();
}

void CheckSyndrome(const std::string& name, const json& expect, const core::SyndromeGrading& actual,
                   std::span<const core::RuleInfo* const> rule_table) {
  SCOPED_TRACE(name + " actual: " + Describe(actual));
  const json& grade = expect["grade"];
  if (grade.is_null()) {
    EXPECT_FALSE(actual.assessed) << name << " should be not assessed";
  } else {
    EXPECT_TRUE(actual.assessed) << name << " should be assessed";
    EXPECT_EQ(actual.grade, grade.get<int>()) << name << " grade";
  }
  if (actual.assessed) {
    // The brief's invariant: the grade is the maximum of the rows that applied.
    int driver_max = 0;
    for (const core::RuleInfo* rule : actual.drivers())
      driver_max = std::max(driver_max, rule->grade);
    EXPECT_EQ(actual.grade, driver_max) << name << " grade is not the maximum driver grade";
    EXPECT_GE(actual.max_possible_grade, actual.grade) << name << " max_possible below grade";
  }
  if (expect.contains("lower_bound")) {
    EXPECT_EQ(actual.lower_bound(), expect["lower_bound"].get<bool>()) << name << " lower_bound";
  }
  if (expect.contains("max_possible_grade")) {
    EXPECT_EQ(actual.max_possible_grade, expect["max_possible_grade"].get<int>())
        << name << " max_possible_grade";
  }
  auto fired = [&](const std::string& id) {
    const auto drivers = actual.drivers();
    return std::any_of(drivers.begin(), drivers.end(),
                       [&](const core::RuleInfo* rule) { return rule->id == id; });
  };
  for (const char* key : {"rules", "rules_absent"}) {
    if (!expect.contains(key)) continue;
    const bool want = std::string_view(key) == "rules";
    for (const std::string& id : Strings(expect[key])) {
      if (!IsKnownRule(rule_table, id)) {
        ADD_FAILURE() << "case file names unknown " << name << " rule id " << id;
        continue;
      }
      EXPECT_EQ(fired(id), want) << name << " rule " << id << (want ? " did not fire" : " fired");
    }
  }
  const std::vector<std::string> flags = FlagCodes(actual.flags);
  for (const char* key : {"flags", "flags_absent"}) {
    if (!expect.contains(key)) continue;
    const bool want = std::string_view(key) == "flags";
    for (const std::string& code : Strings(expect[key])) {
      if (!IsKnownFlag(code)) {
        ADD_FAILURE() << "case file names unknown flag " << code;
        continue;
      }
      const bool present = std::find(flags.begin(), flags.end(), code) != flags.end();
      EXPECT_EQ(present, want) << name << " flag " << code << (want ? " missing" : " present");
    }
  }
  const std::set<std::string> missing = MissingFields(actual.missing);
  for (const char* key : {"missing", "missing_includes", "missing_excludes"}) {
    if (!expect.contains(key)) continue;
    const std::vector<std::string> fields = Strings(expect[key]);
    for (const std::string& field : fields) {
      if (!IsKnownInput(field)) ADD_FAILURE() << "case file names unknown input " << field;
    }
    const std::string_view which(key);
    if (which == "missing") {
      EXPECT_EQ(missing, std::set<std::string>(fields.begin(), fields.end()))
          << name << " missing (exact set)";
    } else {
      const bool want = which == "missing_includes";
      for (const std::string& field : fields) {
        EXPECT_EQ(missing.count(field) == 1, want)
            << name << " missing " << (want ? "lacks " : "should not list ") << field;
      }
    }
  }
}

void CheckOptionalInt(const json& expect, const char* key, const std::optional<int>& actual) {
  if (!expect.contains(key)) return;
  if (expect[key].is_null()) {
    EXPECT_FALSE(actual.has_value()) << "icans " << key << " should be unset";
  } else {
    EXPECT_EQ(actual, std::optional<int>(expect[key].get<int>())) << "icans " << key;
  }
}

void CheckIcansExtras(const json& expect, const core::IcansGrading& actual) {
  SCOPED_TRACE("icans actual: " + Describe(actual));
  if (expect.contains("tool")) {
    EXPECT_EQ(ToolName(actual.tool), expect["tool"].get<std::string>()) << "icans tool";
  }
  CheckOptionalInt(expect, "ice_score", actual.ice_score);
  CheckOptionalInt(expect, "ice_min", actual.ice_min);
  CheckOptionalInt(expect, "ice_max", actual.ice_max);
  CheckOptionalInt(expect, "capd_score", actual.capd_score);
}

std::string ListErrors(const std::vector<core::Error>& errors) {
  std::string out;
  for (const core::Error& error : errors) {
    out += "\n  " + std::string(error.name()) + " field=\"" + error.field + "\" value=\"" +
           error.value + "\" message=\"" + error.message + "\"";
  }
  return out.empty() ? " (none)" : out;
}

class ClinicalCaseTest : public testing::TestWithParam<CaseRow> {};

TEST_P(ClinicalCaseTest, MatchesSource) {
  const CaseRow& c = GetParam();
  SCOPED_TRACE(c.folder + "/" + std::string(kCaseFileName) + ":" + std::to_string(c.line) +
               " id=" + c.id + " locator=\"" + c.locator + "\"");
  ASSERT_TRUE(c.load_error.empty()) << "malformed case row: " << c.load_error;

  const json& row = c.row;
  const std::string text =
      row.contains("input_text") ? row["input_text"].get<std::string>() : row["input"].dump();
  const adapters::ParseOutcome outcome = adapters::ParseAssessmentJson(text);

  if (row.contains("expect_error")) {
    EXPECT_FALSE(outcome.assessment.has_value()) << "a refused record must not yield an assessment";
    ASSERT_FALSE(outcome.errors.empty()) << "input was accepted but should be refused: " << text;
    for (const json& want : row["expect_error"]) {
      const std::string code = want.value("code", "");
      const std::string field = want.value("field", "");
      if (!code.empty() && !IsKnownErrorCode(code)) {
        ADD_FAILURE() << "case file names unknown error code " << code;
        continue;
      }
      const bool found =
          std::any_of(outcome.errors.begin(), outcome.errors.end(), [&](const core::Error& error) {
            return (code.empty() || error.name() == code) &&
                   (!want.contains("field") || error.field == field);
          });
      EXPECT_TRUE(found) << "expected error " << want.dump() << " for input " << text
                         << "\nactual errors:" << ListErrors(outcome.errors);
    }
    return;
  }

  ASSERT_TRUE(outcome.errors.empty())
      << "input was refused but should be graded: " << text << ListErrors(outcome.errors);
  ASSERT_TRUE(outcome.assessment.has_value()) << "no assessment and no error";
  const core::Grading grading = core::GradeAstct2019(*outcome.assessment);
  const json& expect = row["expect"];
  if (expect.contains("crs")) {
    CheckSyndrome("crs", expect["crs"], grading.crs, core::CrsAstct2019Rules());
  }
  if (expect.contains("icans")) {
    CheckSyndrome("icans", expect["icans"], grading.icans, core::IcansAstct2019Rules());
    CheckIcansExtras(expect["icans"], grading.icans);
  }
  if (expect.contains("crs_by_system")) {
    for (const auto& [key, system_expect] : expect["crs_by_system"].items()) {
      const core::GradingSystem system = *core::FindGradingSystem(key);
      CheckSyndrome("crs by " + key, system_expect, core::GradeCrs(system, *outcome.assessment),
                    core::CrsRules(system));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ClinicalCaseTest, testing::ValuesIn(Library().rows),
                         [](const testing::TestParamInfo<CaseRow>& param_info) {
                           return param_info.param.test_name;
                         });

TEST(ClinicalCaseFiles, EveryFolderHasCases) {
  const CaseLibrary& library = Library();
  EXPECT_TRUE(library.problems.empty()) << Join(library.problems);
  ASSERT_FALSE(library.rows_per_folder.empty())
      << "no case folders found under " << CARTWATCH_CLINICAL_CASES_DIR;
  for (const auto& [folder, count] : library.rows_per_folder) {
    EXPECT_GT(count, 0u) << folder << "/" << kCaseFileName << " has no cases";
  }
}

TEST(ClinicalCaseFiles, EveryRowLoads) {
  std::vector<std::string> errors;
  for (const CaseRow& row : Library().rows) {
    if (!row.load_error.empty()) errors.push_back(row.load_error);
  }
  std::string listing;
  for (const std::string& error : errors) listing += "\n  " + error;
  EXPECT_TRUE(errors.empty()) << errors.size() << " malformed rows:" << listing;
}

}  // namespace
}  // namespace cartwatch
