// Strict reader of cartwatch.protocol/1 TOML files (docs/protocol-format.md).
//
// toml++ parses the text (and refuses invalid TOML and keys defined twice); this file walks the
// tree against the schema. Every table is read through a TableReader that remembers which keys
// the schema asked for, so every other key is reported as unknown, and every problem is reported
// with the key path and the line and column where it is. A protocol that passes is handed to
// core::CheckProtocol for the checks that need the whole protocol.
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters {
namespace {

using core::ErrorCode;

// The received value as text: strings without their quotes, everything else as TOML.
std::string ValueText(const toml::node& node) {
  if (const auto* string = node.as_string()) return text::EchoText(string->get());
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return text::EchoText(std::move(out).str());
}

// "a string", "an integer", ... for messages.
std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number with a decimal point";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string At(const toml::source_region& region) {
  if (!region.begin) return "";
  return "line " + std::to_string(region.begin.line) + ", column " +
         std::to_string(region.begin.column);
}

std::string Join(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

// Collects errors with the position they were found at, so they can be put in file order.
class Reporter {
 public:
  void Fail(std::string field, std::string value, std::string message,
            const toml::source_region& where) {
    const std::string at = At(where);
    if (!at.empty()) message += " (" + at + ")";
    errors_.push_back({{ErrorCode::kMalformedProtocol, std::move(field), std::move(value),
                        std::move(message), ""},
                       where.begin});
  }

  bool empty() const { return errors_.empty(); }

  // The errors in file order (position of the key or table), stable for equal positions.
  std::vector<core::Error> Take() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Located& a, const Located& b) { return a.where < b.where; });
    std::vector<core::Error> errors;
    errors.reserve(errors_.size());
    for (Located& located : errors_) errors.push_back(std::move(located.error));
    return errors;
  }

 private:
  struct Located {
    core::Error error;
    toml::source_position where;
  };
  std::vector<Located> errors_;
};

enum class Need { kOptional, kRequired };

// Reads the keys of one table by name; Finish() reports every key that was not read.
class TableReader {
 public:
  // `path` names the table in errors ("" for the whole file, "actions[x].dose"); `what` names
  // it in messages ("an action", "a dose").
  TableReader(Reporter& reporter, const toml::table& table, std::string path, std::string what)
      : reporter_(reporter), table_(table), path_(std::move(path)), what_(std::move(what)) {}

  const std::string& path() const { return path_; }
  const toml::table& table() const { return table_; }

  // The node of `key`, or nullptr; marks the key as known either way.
  const toml::node* Get(std::string_view key) {
    known_.emplace_back(key);
    return table_.get(key);
  }

  void Fail(std::string_view key, const toml::node* node, std::string message) {
    reporter_.Fail(Join(path_, key), node != nullptr ? ValueText(*node) : "", std::move(message),
                   node != nullptr ? node->source() : table_.source());
  }

  void Missing(std::string_view key, std::string_view hint = "") {
    std::string message = what_ + " needs " + std::string(key);
    if (!hint.empty()) message += ", " + std::string(hint);
    reporter_.Fail(Join(path_, key), "", "missing required key: " + message, table_.source());
  }

  void WrongType(std::string_view key, const toml::node& node, std::string_view expected) {
    Fail(key, &node,
         "wrong type: " + std::string(key) + " must be " + std::string(expected) + ", got " +
             std::string(TypeName(node)));
  }

  std::optional<std::string> String(std::string_view key, Need need) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) Missing(key);
      return std::nullopt;
    }
    if (const auto* text = node->as_string()) return text->get();
    WrongType(key, *node, "a string in quotes");
    return std::nullopt;
  }

  // An integer or a number with a decimal point, finite.
  std::optional<double> Number(std::string_view key, Need need) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) Missing(key);
      return std::nullopt;
    }
    if (const auto* integer = node->as_integer()) return static_cast<double>(integer->get());
    if (const auto* number = node->as_floating_point()) {
      if (std::isfinite(number->get())) return number->get();
      Fail(key, node, std::string(key) + " must be a finite number");
      return std::nullopt;
    }
    WrongType(key, *node, "a number");
    return std::nullopt;
  }

  // An integer written as one: 2, never 2.0 (a count or a grade is never fractional).
  std::optional<int> Integer(std::string_view key, Need need) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) Missing(key);
      return std::nullopt;
    }
    return IntegerValue(key, *node);
  }

  std::optional<int> IntegerValue(std::string_view key, const toml::node& node) {
    if (const auto* integer = node.as_integer()) {
      const std::int64_t value = integer->get();
      if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        Fail(key, &node, std::string(key) + " is far too large");
        return std::nullopt;
      }
      return static_cast<int>(value);
    }
    if (const auto* number = node.as_floating_point()) {
      const double value = number->get();
      const bool whole = std::isfinite(value) && value == std::floor(value);
      Fail(key, &node,
           "not an integer: " + std::string(key) + " must be a whole number" +
               (whole ? " written without a decimal point (" +
                            std::to_string(static_cast<long long>(value)) + ", not " +
                            ValueText(node) + ")"
                      : ", got " + ValueText(node)));
      return std::nullopt;
    }
    WrongType(key, node, "a whole number");
    return std::nullopt;
  }

  std::optional<bool> Bool(std::string_view key) {
    const toml::node* node = Get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* flag = node->as_boolean()) return flag->get();
    WrongType(key, *node, "true or false");
    return std::nullopt;
  }

  const toml::table* Table(std::string_view key, Need need, std::string_view hint = "") {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) Missing(key, hint);
      return nullptr;
    }
    if (const auto* table = node->as_table()) return table;
    WrongType(key, *node, "a table");
    return nullptr;
  }

  const toml::array* Array(std::string_view key, Need need, std::string_view hint = "") {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (need == Need::kRequired) Missing(key, hint);
      return nullptr;
    }
    if (const auto* array = node->as_array()) return array;
    WrongType(key, *node, hint.empty() ? "an array" : hint);
    return nullptr;
  }

  // Calls `handle(key, node)` for each key not read so far; `handle` returns true when it has
  // reported the key itself, and Finish() then leaves it alone.
  template <typename Handler>
  void ForEachUnread(Handler handle) {
    for (const auto& [key, node] : table_) {
      if (IsKnown(key.str())) continue;
      if (handle(key, node)) known_.emplace_back(key.str());
    }
  }

  // Reports each key that the schema does not define, listing the keys it does.
  void Finish() {
    std::string allowed;
    for (const std::string& key : known_) {
      if (allowed.find(" " + key + ",") != std::string::npos) continue;
      allowed += " " + key + ",";
    }
    if (!allowed.empty()) allowed.pop_back();
    for (const auto& [key, node] : table_) {
      if (IsKnown(key.str())) continue;
      reporter_.Fail(Join(path_, key.str()), ValueText(node),
                     "unknown key " + text::QuotedEcho(key.str()) + " in " + what_ +
                         " (cartwatch.protocol/1 allows:" + allowed + ")",
                     key.source());
    }
  }

 private:
  bool IsKnown(std::string_view key) const {
    return std::find(known_.begin(), known_.end(), key) != known_.end();
  }

  Reporter& reporter_;
  const toml::table& table_;
  std::string path_;
  std::string what_;
  std::vector<std::string> known_;
};

// One of the codes of T in the core vocabulary ("crs", "icans"); reports an unknown code listing
// them.
template <typename T>
std::optional<T> ReadCode(TableReader& reader, std::string_view key, Need need) {
  const std::optional<std::string> text = reader.String(key, need);
  if (!text) return std::nullopt;
  std::string known;
  for (const core::Term<T>& term : core::Terms(T{})) {
    if (term.code == *text) return term.value;
    known += (known.empty() ? "" : ", ") + text::QuotedEcho(term.code);
  }
  reader.Fail(
      key, reader.table().get(key),
      "unknown " + std::string(key) + " " + text::QuotedEcho(*text) + "; use one of " + known);
  return std::nullopt;
}

std::optional<core::Drug> ReadDrug(TableReader& reader, std::string_view key, Need need) {
  const std::optional<std::string> code = reader.String(key, need);
  if (!code) return std::nullopt;
  if (const std::optional<core::Drug> drug = core::FindDrug(*code)) return drug;
  std::string known;
  for (const core::DrugInfo& info : core::Drugs()) {
    known += (known.empty() ? "" : ", ") + std::string(info.code);
  }
  reader.Fail(key, reader.table().get(key),
              "unknown drug " + text::QuotedEcho(*code) + "; cartwatch.protocol/1 knows " + known);
  return std::nullopt;
}

// How an unknown numeric key of a dose went wrong, judged from the '_'-separated words of its
// name: a unit cartwatch does not dose in (fixed_g, mg_per_m2, mg_per_kg_per_day), a unit in the
// wrong key (dose_mg), or no unit at all (amount, max).
enum class DoseKeyProblem { kNoUnit, kOtherUnit, kUnknownKey };

DoseKeyProblem ClassifyDoseKey(std::string_view key) {
  bool mentions_mg = false;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('_', start);
    if (end == std::string_view::npos) end = key.size();
    const std::string_view word = key.substr(start, end - start);
    for (std::string_view unit :
         {"g", "mcg", "ug", "microgram", "m2", "day", "units", "iu", "ml"}) {
      if (word == unit) return DoseKeyProblem::kOtherUnit;
    }
    if (word == "mg" || word == "kg") mentions_mg = true;
    start = end + 1;
  }
  return mentions_mg ? DoseKeyProblem::kUnknownKey : DoseKeyProblem::kNoUnit;
}

constexpr std::string_view kDoseHint =
    "write fixed_mg = 10 for a fixed dose in mg or mg_per_kg = 8 for a weight-based dose in "
    "mg/kg";

class ProtocolReader {
 public:
  ProtocolReader(const toml::table& root, Reporter& reporter) : root_(root), reporter_(reporter) {}

  core::Protocol Read() {
    core::Protocol protocol;
    TableReader top(reporter_, root_, "", "the protocol");
    if (const std::optional<std::string> schema = top.String("schema", Need::kRequired)) {
      if (*schema != kProtocolSchema) {
        top.Fail("schema", root_.get("schema"),
                 "unknown schema " + text::QuotedEcho(*schema) + "; this reader knows " +
                     text::QuotedEcho(kProtocolSchema));
      }
    }
    protocol.id = top.String("id", Need::kRequired).value_or("");
    protocol.version = top.String("version", Need::kRequired).value_or("");
    if (const std::optional<std::string> title = top.String("title", Need::kRequired)) {
      if (title->empty()) top.Fail("title", root_.get("title"), "title must not be empty");
      protocol.title = *title;
    }
    if (const toml::table* limits = top.Table("weight_limits", Need::kOptional)) {
      TableReader reader(reporter_, *limits, "weight_limits", "weight_limits");
      protocol.min_weight_kg =
          reader.Number("min_kg", Need::kOptional).value_or(protocol.min_weight_kg);
      protocol.max_weight_kg =
          reader.Number("max_kg", Need::kOptional).value_or(protocol.max_weight_kg);
      reader.Finish();
    }
    if (const toml::array* sources =
            top.Array("sources", Need::kRequired, "an array of [[sources]] tables")) {
      ReadSources(*sources, protocol);
    }
    if (const toml::array* limits =
            top.Array("limits", Need::kOptional, "an array of [[limits]] tables")) {
      for (std::size_t i = 0; i < limits->size(); ++i) {
        if (const toml::table* table = Element(*limits, i, "limits")) {
          ReadLimit(*table, i, protocol);
        }
      }
    }
    if (const toml::array* actions =
            top.Array("actions", Need::kRequired, "an array of [[actions]] tables")) {
      for (std::size_t i = 0; i < actions->size(); ++i) {
        if (const toml::table* table = Element(*actions, i, "actions")) {
          ReadAction(*table, i, protocol);
        }
      }
    }
    if (const toml::array* escalations =
            top.Array("escalations", Need::kOptional, "an array of [[escalations]] tables")) {
      for (std::size_t i = 0; i < escalations->size(); ++i) {
        if (const toml::table* table = Element(*escalations, i, "escalations")) {
          ReadEscalation(*table, i, protocol);
        }
      }
    }
    top.Finish();
    return protocol;
  }

  // Tables of the actions and limits by rule id and drug, for placing CheckProtocol's errors.
  const std::multimap<std::string, const toml::table*>& action_tables() const {
    return action_tables_;
  }
  const std::multimap<std::string, const toml::table*>& limit_tables() const {
    return limit_tables_;
  }
  const std::multimap<std::string, const toml::table*>& escalation_tables() const {
    return escalation_tables_;
  }

 private:
  const toml::table* Element(const toml::array& array, std::size_t i, std::string_view name) {
    const toml::node& node = array[i];
    if (const auto* table = node.as_table()) return table;
    reporter_.Fail(std::string(name) + "[" + std::to_string(i) + "]", ValueText(node),
                   "wrong type: each entry of " + std::string(name) + " must be a table ([[" +
                       std::string(name) + "]]), got " + std::string(TypeName(node)),
                   node.source());
    return nullptr;
  }

  // "actions[seed.crs.g1.fluids]" when the entry has a rule id, else "actions[3]".
  static std::string EntryPath(const toml::table& table, std::string_view array,
                               std::string_view name_key, std::size_t index) {
    const auto* name = table.get_as<std::string>(name_key);
    const std::string label =
        name != nullptr && !name->get().empty() ? name->get() : std::to_string(index);
    return std::string(array) + "[" + label + "]";
  }

  void ReadSources(const toml::array& sources, core::Protocol& protocol) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const toml::table* table = Element(sources, i, "sources");
      if (table == nullptr) continue;
      TableReader reader(reporter_, *table, "sources[" + std::to_string(i) + "]", "a source");
      core::ProtocolSource source;
      if (std::optional<std::string> key = reader.String("key", Need::kRequired)) {
        if (key->empty()) reader.Fail("key", table->get("key"), "a source key must not be empty");
        const auto [it, inserted] = seen.emplace(*key, i);
        if (!inserted) {
          reader.Fail("key", table->get("key"),
                      "source key " + text::QuotedEcho(*key) + " is already used by sources[" +
                          std::to_string(it->second) + "]");
        }
        source.key = std::move(*key);
      }
      if (std::optional<std::string> citation = reader.String("citation", Need::kRequired)) {
        if (citation->empty()) {
          reader.Fail("citation", table->get("citation"), "a citation must not be empty");
        }
        source.citation = std::move(*citation);
      }
      reader.Finish();
      protocol.sources.push_back(std::move(source));
    }
  }

  void ReadLimit(const toml::table& table, std::size_t index, core::Protocol& protocol) {
    TableReader reader(reporter_, table, EntryPath(table, "limits", "drug", index), "a limit");
    core::DrugLimit limit{};
    const std::optional<core::Drug> drug = ReadDrug(reader, "drug", Need::kRequired);
    limit.rule = reader.String("rule", Need::kRequired).value_or("");
    limit.source = reader.String("source", Need::kRequired).value_or("");
    limit.max_doses_per_24h = reader.Integer("max_doses_per_24h", Need::kOptional);
    limit.max_doses_total = reader.Integer("max_doses_total", Need::kOptional);
    limit.min_interval_hours = reader.Number("min_interval_hours", Need::kOptional);
    limit.unconfirmed = reader.Bool("unconfirmed").value_or(false);
    const bool sets_a_limit = table.contains("max_doses_per_24h") ||
                              table.contains("max_doses_total") ||
                              table.contains("min_interval_hours");
    if (!sets_a_limit) {
      reporter_.Fail(reader.path(), "",
                     "a limit that limits nothing: give max_doses_per_24h, max_doses_total or "
                     "min_interval_hours",
                     table.source());
    }
    reader.Finish();
    if (!drug) return;
    limit.drug = *drug;
    limit_tables_.emplace(std::string(core::Describe(*drug).code), &table);
    protocol.limits.push_back(std::move(limit));
  }

  void ReadAction(const toml::table& table, std::size_t index, core::Protocol& protocol) {
    TableReader reader(reporter_, table, EntryPath(table, "actions", "rule", index), "an action");
    core::ProtocolAction action;
    // Read in the order docs/protocol-format.md lists the keys, which is also the order an
    // unknown-key error lists them in.
    action.rule = reader.String("rule", Need::kRequired).value_or("");
    action.source = reader.String("source", Need::kRequired).value_or("");
    ReadTrigger(reader, table, action.trigger);
    const std::optional<core::ActionKind> kind =
        ReadCode<core::ActionKind>(reader, "kind", Need::kRequired);
    action.drug = ReadDrug(reader, "drug", Need::kOptional);
    if (const toml::array* alternatives =
            reader.Array("alternatives", Need::kOptional,
                         "an array of drug codes, e.g. [\"methylprednisolone\"]")) {
      for (std::size_t i = 0; i < alternatives->size(); ++i) {
        const toml::node& node = (*alternatives)[i];
        const std::string key = "alternatives[" + std::to_string(i) + "]";
        const auto* code = node.as_string();
        const std::optional<core::Drug> drug =
            code != nullptr ? core::FindDrug(code->get()) : std::nullopt;
        if (drug) {
          action.alternatives.push_back(*drug);
        } else {
          reader.Fail(key, &node, "unknown drug " + ValueText(node) + " in alternatives");
        }
      }
    }
    if (const toml::node* dose = reader.Get("dose")) action.dose = ReadDose(reader, "dose", *dose);
    if (const toml::array* regimen = reader.Array(
            "regimen", Need::kOptional,
            "an array of steps such as [{ fixed_mg = 500.0, route = \"IV\", every_hours = 12.0, "
            "doses = 6 }]")) {
      ReadRegimen(reader, *regimen, action);
    }
    action.text = reader.String("text", Need::kRequired).value_or("");
    action.instead_when_limited =
        reader.String("instead_when_limited", Need::kOptional).value_or("");
    action.unconfirmed = reader.Bool("unconfirmed").value_or(false);
    if (kind) {
      action.kind = *kind;
      if (*kind == core::ActionKind::kDrug) {
        if (!table.contains("drug")) {
          reader.Missing("drug", "e.g. drug = \"dexamethasone\", because kind = \"drug\"");
        }
      } else {
        for (std::string_view key : {"dose", "regimen"}) {
          if (!table.contains(key)) continue;
          reader.Fail(key, table.get(key),
                      std::string(key) + " belongs only to kind = \"drug\"; this action is " +
                          "kind = " + text::QuotedEcho(core::CodeOf(*kind)));
        }
      }
    }
    if (table.contains("dose") && table.contains("regimen")) {
      reader.Fail("regimen", table.get("regimen"), "give either dose or regimen, not both");
    }
    reader.Finish();
    action_tables_.emplace(action.rule, &table);
    protocol.actions.push_back(std::move(action));
  }

  // syndrome, grades, other or when, after: what an action and an escalation share.
  void ReadTrigger(TableReader& reader, const toml::table& table, core::Trigger& trigger) {
    if (const auto syndrome = ReadCode<core::Syndrome>(reader, "syndrome", Need::kRequired)) {
      trigger.syndrome = *syndrome;
    }
    ReadGrades(reader, trigger);
    if (const auto other = ReadCode<core::OtherSyndrome>(reader, "other", Need::kOptional)) {
      if (*other == core::OtherSyndrome::kPresent) trigger.when.concurrent = core::GradeRange{1, 5};
      if (*other == core::OtherSyndrome::kAbsent) trigger.when.concurrent = core::GradeRange{0, 0};
    }
    if (const toml::table* when = reader.Table("when", Need::kOptional)) {
      if (table.contains("other") && when->contains("concurrent_grades")) {
        reader.Fail("other", table.get("other"),
                    "give either other or when.concurrent_grades, not both");
      }
      TableReader when_reader(reporter_, *when, reader.path() + ".when", "when");
      ReadConditions(when_reader, trigger.when);
      when_reader.Finish();
    }
    if (const toml::table* after = reader.Table("after", Need::kOptional)) {
      TableReader after_reader(reporter_, *after, reader.path() + ".after", "after");
      trigger.after_drug = ReadDrug(after_reader, "drug", Need::kRequired);
      trigger.after_doses = after_reader.Integer("doses", Need::kOptional).value_or(1);
      trigger.after_hours = after_reader.Number("hours", Need::kOptional).value_or(0.0);
      after_reader.Finish();
    }
  }

  void ReadConditions(TableReader& reader, core::Conditions& when) {
    if (const toml::node* node = reader.Get("concurrent_grades")) {
      core::Trigger grades;
      if (ReadGradeList(reader, "concurrent_grades", *node, 0, grades)) {
        when.concurrent = core::GradeRange{grades.min_grade, grades.max_grade};
      }
    }
    when.seizure = ReadCoded<core::Seizure>(reader, "seizure");
    when.motor = ReadCoded<core::MotorFinding>(reader, "motor");
    when.icp = ReadCoded<core::IcpFinding>(reader, "icp");
    when.hypotension = reader.Bool("hypotension");
    if (const toml::array* products = reader.Array(
            "products", Need::kOptional, "an array of product codes, e.g. [\"axi-cel\"]")) {
      for (std::size_t i = 0; i < products->size(); ++i) {
        const toml::node& node = (*products)[i];
        const std::string key = "products[" + std::to_string(i) + "]";
        const auto* name = node.as_string();
        if (name == nullptr) {
          reader.WrongType(key, node, "a product code in quotes");
          continue;
        }
        if (const std::optional<core::Product> product = core::FindProduct(name->get())) {
          when.products.push_back(*product);
          continue;
        }
        std::string known;
        for (const core::ProductInfo& info : core::Products()) {
          known += (known.empty() ? "" : ", ") + std::string(info.code);
        }
        reader.Fail(key, &node,
                    "unknown product " + text::QuotedEcho(name->get()) + "; use one of " + known);
      }
      if (products->empty()) {
        reader.Fail("products", reader.table().get("products"),
                    "products must list at least one product");
      }
    }
    when.age_years = ReadRange(reader, "age_years");
    when.weight_kg = ReadRange(reader, "weight_kg");
    when.hours_since_infusion = ReadRange(reader, "hours_since_infusion");
    when.fever_hours = ReadRange(reader, "fever_hours");
  }

  // "present", "absent", or an array of the finding's codes.
  template <typename Code>
  std::optional<core::CodedCondition<Code>> ReadCoded(TableReader& reader, std::string_view key) {
    const toml::node* node = reader.Get(key);
    if (node == nullptr) return std::nullopt;
    std::string known;
    for (const core::Term<Code>& term : core::Terms(Code{})) {
      known += (known.empty() ? "" : ", ") + text::QuotedEcho(term.code);
    }
    core::CodedCondition<Code> condition;
    if (const auto* word = node->as_string()) {
      if (word->get() == "present") return condition;
      if (word->get() == "absent") {
        condition.match = core::FindingMatch::kAbsent;
        return condition;
      }
      reader.Fail(key, node,
                  std::string(key) + " must be \"present\", \"absent\" or an array of " +
                      "codes (" + known + "), got " + text::QuotedEcho(word->get()));
      return std::nullopt;
    }
    const toml::array* codes = node->as_array();
    if (codes == nullptr || codes->empty()) {
      reader.Fail(key, node,
                  std::string(key) + " must be \"present\", \"absent\" or a non-empty array " +
                      "of codes (" + known + ")");
      return std::nullopt;
    }
    condition.match = core::FindingMatch::kAnyOf;
    for (std::size_t i = 0; i < codes->size(); ++i) {
      const auto* code = (*codes)[i].as_string();
      const std::optional<Code> value =
          code != nullptr ? core::FindTerm<Code>(code->get()) : std::nullopt;
      if (!value) {
        reader.Fail(std::string(key) + "[" + std::to_string(i) + "]", &(*codes)[i],
                    "unknown " + std::string(key) + " code " + ValueText((*codes)[i]) +
                        "; use one of " + known);
        return std::nullopt;
      }
      condition.codes.push_back(*value);
    }
    return condition;
  }

  std::optional<core::Range> ReadRange(TableReader& reader, std::string_view key) {
    const toml::table* table = reader.Table(key, Need::kOptional);
    if (table == nullptr) return std::nullopt;
    TableReader range_reader(reporter_, *table, reader.path() + "." + std::string(key), "a range");
    core::Range range;
    range.at_least = range_reader.Number("at_least", Need::kOptional);
    range.above = range_reader.Number("above", Need::kOptional);
    range.below = range_reader.Number("below", Need::kOptional);
    range.at_most = range_reader.Number("at_most", Need::kOptional);
    range_reader.Finish();
    if (!range.HasBound()) {
      reporter_.Fail(range_reader.path(), "",
                     "a range needs at_least, above, below or at_most, e.g. { above = 72 }",
                     table->source());
    }
    return range;
  }

  void ReadRegimen(TableReader& action_reader, const toml::array& steps,
                   core::ProtocolAction& action) {
    if (steps.empty()) {
      action_reader.Fail("regimen", action_reader.table().get("regimen"),
                         "a regimen needs at least one step");
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string key = "regimen[" + std::to_string(i) + "]";
      const toml::table* table = steps[i].as_table();
      if (table == nullptr) {
        action_reader.WrongType(key, steps[i],
                                "a table such as { fixed_mg = 500.0, route = \"IV\", "
                                "every_hours = 12.0, doses = 6 }");
        continue;
      }
      TableReader reader(reporter_, *table, action_reader.path() + "." + key, "a regimen step");
      core::RegimenStep step;
      step.every_hours = reader.Number("every_hours", Need::kRequired).value_or(0.0);
      step.doses = reader.Integer("doses", Need::kOptional);
      step.until_grade = reader.Integer("until_grade", Need::kOptional);
      if (std::optional<core::Dose> dose = ReadDoseTable(reader, *table)) step.dose = *dose;
      action.regimen.push_back(std::move(step));
    }
  }

  void ReadEscalation(const toml::table& table, std::size_t index, core::Protocol& protocol) {
    TableReader reader(reporter_, table, EntryPath(table, "escalations", "rule", index),
                       "an escalation");
    core::Escalation escalation;
    escalation.rule = reader.String("rule", Need::kRequired).value_or("");
    escalation.source = reader.String("source", Need::kRequired).value_or("");
    ReadTrigger(reader, table, escalation.trigger);
    escalation.manage_as = reader.Integer("manage_as", Need::kRequired).value_or(0);
    escalation.text = reader.String("text", Need::kRequired).value_or("");
    escalation.unconfirmed = reader.Bool("unconfirmed").value_or(false);
    reader.Finish();
    escalation_tables_.emplace(escalation.rule, &table);
    protocol.escalations.push_back(std::move(escalation));
  }

  // grades = [2, 3] (consecutive, lowest first), or min_grade and max_grade.
  void ReadGrades(TableReader& reader, core::Trigger& trigger) {
    const toml::node* grades = reader.Get("grades");
    const bool has_min = reader.Get("min_grade") != nullptr;
    const bool has_max = reader.Get("max_grade") != nullptr;
    if (grades != nullptr && (has_min || has_max)) {
      reader.Fail("grades", grades,
                  "give either grades = [...] or min_grade and max_grade, not both");
      return;
    }
    if (has_min || has_max) {
      const std::optional<int> min = reader.Integer("min_grade", Need::kRequired);
      const std::optional<int> max = reader.Integer("max_grade", Need::kRequired);
      if (min) trigger.min_grade = *min;
      if (max) trigger.max_grade = *max;
      return;
    }
    if (grades == nullptr) {
      reader.Missing("grades", "e.g. grades = [2, 3] (or min_grade and max_grade)");
      return;
    }
    ReadGradeList(reader, "grades", *grades, 1, trigger);
  }

  // A consecutive list of grades from `lowest` to 5 into trigger's min_grade and max_grade.
  bool ReadGradeList(TableReader& reader, std::string_view name, const toml::node& grades,
                     int lowest, core::Trigger& trigger) {
    const std::string key(name);
    const toml::array* list = grades.as_array();
    if (list == nullptr) {
      reader.WrongType(key, grades, "an array of whole numbers, e.g. [2, 3]");
      return false;
    }
    if (list->empty()) {
      reader.Fail(key, &grades, key + " must list at least one grade, e.g. [2, 3]");
      return false;
    }
    std::vector<int> values;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string item = key + "[" + std::to_string(i) + "]";
      const std::optional<int> grade = reader.IntegerValue(item, (*list)[i]);
      if (!grade) return false;
      if (*grade < lowest || *grade > 5) {
        reader.Fail(
            item, &(*list)[i],
            "a grade is " + std::to_string(lowest) + " to 5, got " + std::to_string(*grade));
        return false;
      }
      values.push_back(*grade);
    }
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (values[i] != values[i - 1] + 1) {
        reader.Fail(key, &grades,
                    key +
                        " must be consecutive and lowest first, e.g. [2, 3, 4]; write a "
                        "second action for a separate range");
        return false;
      }
    }
    trigger.min_grade = values.front();
    trigger.max_grade = values.back();
    return true;
  }

  std::optional<core::Dose> ReadDose(TableReader& action, std::string_view,
                                     const toml::node& node) {
    if (node.is_number()) {
      action.Fail("dose", &node,
                  "dose without unit: dose = " + ValueText(node) + " does not say mg or mg/kg; " +
                      "write dose = { fixed_mg = " + ValueText(node) +
                      ", route = \"IV\" } or dose = { mg_per_kg = ..., route = \"IV\" }");
      return std::nullopt;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      action.WrongType("dose", node, "a table such as { fixed_mg = 10, route = \"IV\" }");
      return std::nullopt;
    }
    TableReader reader(reporter_, *table, action.path() + ".dose", "a dose");
    return ReadDoseTable(reader, *table);
  }

  // The dose keys of `table` (a dose, or a regimen step whose other keys `reader` has read).
  std::optional<core::Dose> ReadDoseTable(TableReader& reader, const toml::table& table_ref) {
    const toml::table* table = &table_ref;
    core::Dose dose;
    dose.fixed_mg = reader.Number("fixed_mg", Need::kOptional);
    dose.mg_per_kg = reader.Number("mg_per_kg", Need::kOptional);
    dose.max_mg = reader.Number("max_mg", Need::kOptional);
    dose.round_to_mg = reader.Number("round_to_mg", Need::kOptional).value_or(1.0);
    dose.route = reader.String("route", Need::kRequired).value_or("");
    dose.frequency = reader.String("frequency", Need::kOptional).value_or("");
    if (const toml::array* bands = reader.Array("bands", Need::kOptional,
                                                "an array of tables such as [{ below_kg = 30.0, "
                                                "mg_per_kg = 12.0 }]")) {
      for (std::size_t i = 0; i < bands->size(); ++i) {
        const std::string path = reader.path() + ".bands[" + std::to_string(i) + "]";
        const toml::table* band_table = (*bands)[i].as_table();
        if (band_table == nullptr) {
          reporter_.Fail(path, ValueText((*bands)[i]),
                         "wrong type: a weight band must be a table such as { below_kg = 30.0, "
                         "mg_per_kg = 12.0 }, got " +
                             std::string(TypeName((*bands)[i])),
                         (*bands)[i].source());
          continue;
        }
        TableReader band_reader(reporter_, *band_table, path, "a weight band");
        const std::optional<double> below = band_reader.Number("below_kg", Need::kRequired);
        const std::optional<double> per_kg = band_reader.Number("mg_per_kg", Need::kRequired);
        band_reader.Finish();
        if (below && per_kg) dose.bands.push_back({*below, *per_kg});
      }
    }
    if (const toml::array* bands = reader.Array("age_bands", Need::kOptional,
                                                "an array of tables such as [{ below_years = "
                                                "18.0, mg_per_kg = 0.5, max_mg = 10.0 }]")) {
      for (std::size_t i = 0; i < bands->size(); ++i) {
        const std::string key = "age_bands[" + std::to_string(i) + "]";
        const toml::table* band_table = (*bands)[i].as_table();
        if (band_table == nullptr) {
          reader.WrongType(key, (*bands)[i],
                           "a table such as { below_years = 18.0, mg_per_kg = 0.5, max_mg = 10.0 "
                           "}");
          continue;
        }
        TableReader band_reader(reporter_, *band_table, reader.path() + "." + key, "an age band");
        const std::optional<double> below = band_reader.Number("below_years", Need::kRequired);
        const std::optional<double> per_kg = band_reader.Number("mg_per_kg", Need::kRequired);
        const std::optional<double> max_mg = band_reader.Number("max_mg", Need::kOptional);
        const bool unconfirmed = band_reader.Bool("unconfirmed").value_or(false);
        band_reader.Finish();
        if (below && per_kg) dose.age_bands.push_back({*below, *per_kg, max_mg, unconfirmed});
      }
    }
    bool unitless = false;
    reader.ForEachUnread([&](const toml::key& key, const toml::node& value) {
      if (!value.is_number()) return false;
      const std::string name(key.str());
      const std::string number = ValueText(value);
      const std::string hint = "write fixed_mg = " + number + " for a fixed dose in mg or " +
                               "mg_per_kg = " + number + " for a weight-based dose in mg/kg " +
                               "(a cap per dose is max_mg)";
      std::string message = name + " = " + number;
      switch (ClassifyDoseKey(name)) {
        case DoseKeyProblem::kNoUnit:
          message = "dose without unit: " + message + " does not say mg or mg/kg; " + hint;
          break;
        case DoseKeyProblem::kOtherUnit:
          message = "dose unit not accepted: " + message + " is not in mg or mg/kg; " + hint;
          break;
        case DoseKeyProblem::kUnknownKey:
          message = "unknown dose key: " + message + "; " + hint;
          break;
      }
      reporter_.Fail(reader.path() + "." + name, number, std::move(message), key.source());
      unitless = true;
      return true;
    });
    if (!dose.fixed_mg && !dose.mg_per_kg && !unitless) {
      reporter_.Fail(
          reader.path(), "",
          "missing required key: a dose needs fixed_mg or mg_per_kg; " + std::string(kDoseHint),
          table->source());
    }
    if (dose.fixed_mg && dose.mg_per_kg) {
      reader.Fail("mg_per_kg", table->get("mg_per_kg"),
                  "a dose is either fixed (fixed_mg) or weight-based (mg_per_kg), not both");
    }
    reader.Finish();
    return dose;
  }

  const toml::table& root_;
  Reporter& reporter_;
  std::multimap<std::string, const toml::table*> action_tables_;
  std::multimap<std::string, const toml::table*> limit_tables_;
  std::multimap<std::string, const toml::table*> escalation_tables_;
};

// Where in the file a CheckProtocol error points: "actions[RULE].dose.route" -> the route key of
// every action with that rule id; "limits[DRUG]" -> the limit tables of that drug; "id" -> the
// key. Empty for errors about the protocol as a whole ("crs.grade2": no action covers it).
std::vector<toml::source_region> Locate(const std::string& field, const toml::table& root,
                                        const ProtocolReader& reader) {
  std::vector<toml::source_region> regions;
  const std::multimap<std::string, const toml::table*>* tables = nullptr;
  std::size_t open = std::string::npos;
  if (field.starts_with("actions[")) {
    tables = &reader.action_tables();
    open = 7;
  } else if (field.starts_with("limits[")) {
    tables = &reader.limit_tables();
    open = 6;
  } else if (field.starts_with("escalations[")) {
    tables = &reader.escalation_tables();
    open = 11;
  }
  std::vector<std::string> rest;
  std::vector<const toml::table*> starts;
  std::string remainder;
  if (tables != nullptr) {
    // The name may itself hold '.' or ']' (rule ids are free text): it ends at the last "]"
    // that is followed by '.' or by the end of the field and names a known entry.
    for (std::size_t close = field.size(); close > open;) {
      close = field.rfind(']', close - 1);
      if (close == std::string::npos || close <= open) break;
      if (close + 1 != field.size() && field[close + 1] != '.') continue;
      const std::string name = field.substr(open + 1, close - open - 1);
      auto [first, last] = tables->equal_range(name);
      if (first == last) continue;
      for (auto it = first; it != last; ++it) starts.push_back(it->second);
      if (close + 1 < field.size()) remainder = field.substr(close + 2);
      break;
    }
  } else {
    starts.push_back(&root);
    remainder = field;
  }
  std::stringstream segments(remainder);
  for (std::string segment; std::getline(segments, segment, '.');) rest.push_back(segment);
  for (const toml::table* start : starts) {
    const toml::node* node = start;
    for (const std::string& segment : rest) {
      const toml::table* table = node->as_table();
      const toml::node* child = table != nullptr ? table->get(segment) : nullptr;
      if (child == nullptr && table != nullptr && segment == "grades") {
        child = table->get("min_grade");
      }
      if (child == nullptr) break;
      node = child;
    }
    if (node != &root) regions.push_back(node->source());
  }
  return regions;
}

}  // namespace

ProtocolParse ParseProtocolToml(std::string_view toml_text, std::string_view source_name) {
  ProtocolParse result;
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    std::string message = "not valid TOML: " + std::string(error.description());
    const std::string at = At(error.source());
    if (!at.empty()) message += " (" + at + ")";
    result.errors.push_back({ErrorCode::kMalformedProtocol, "", "", std::move(message), ""});
    return result;
  } catch (const std::exception& error) {
    result.errors.push_back({ErrorCode::kInternal, "", "",
                             std::string("could not read the protocol: ") + error.what(), ""});
    return result;
  }

  Reporter reporter;
  ProtocolReader reader(root, reporter);
  core::Protocol protocol = reader.Read();
  if (!reporter.empty()) {
    result.errors = reporter.Take();
    return result;
  }
  result.errors = core::CheckProtocol(protocol);
  for (core::Error& error : result.errors) {
    std::string where;
    for (const toml::source_region& region : Locate(error.field, root, reader)) {
      const std::string at = At(region);
      if (at.empty()) continue;
      where += (where.empty() ? "" : "; ") + at;
    }
    if (!where.empty()) error.message += " (" + where + ")";
  }
  if (result.errors.empty()) result.protocol = std::move(protocol);
  return result;
}

}  // namespace cartwatch::adapters
