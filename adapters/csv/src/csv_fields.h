// The vocabulary of the CSV layouts: the `kind` codes of the long layout and the columns of the
// wide one. Both come from the findings' descriptor table (core/findings.h), plus the layouts'
// own fields for the infusion. docs/csv-format.md lists the same for people (a test checks that
// every kind and column is documented).
#ifndef CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_
#define CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cartwatch/adapters/text_support.h"
#include "cartwatch/core/findings.h"

namespace cartwatch::adapters::csv {

// What a kind or a column records: a finding, or the infusion (product and time), which the
// reader hands on apart from the entries.
enum class Role : std::uint8_t { kFinding, kInfusion, kInfusionTime };

// A long-layout kind: its code and the one unit it accepts (empty: the unit cell must be empty;
// temperature also accepts "[degF]").
struct LongKind {
  Role role = Role::kFinding;
  core::Finding finding = core::Finding::kAge;  // when role == kFinding
  std::string_view kind;
  std::string_view unit;
};
std::span<const LongKind> LongKinds() noexcept;
// Constant time: a hash lookup, the hot path of the long reader. nullptr: unknown kind.
const LongKind* FindLongKind(std::string_view kind) noexcept;

// A wide-layout column: the unit is part of its name, `unit` is what the cell is read in.
struct WideColumn {
  Role role = Role::kFinding;
  core::Finding finding = core::Finding::kAge;  // when role == kFinding
  std::string_view name;
  std::string_view unit;
  bool written = true;  // false for the alternative columns (temperature_f): read, never written
};
std::span<const WideColumn> WideColumns() noexcept;
std::optional<WideColumn> FindWideColumn(std::string_view name) noexcept;

using text::EchoText;  // the received value as every adapter echoes it

// Strict number syntax: what std::from_chars reads (no sign '+', no spaces), finite.
std::optional<double> ParseNumber(std::string_view text) noexcept;

}  // namespace cartwatch::adapters::csv

#endif  // CARTWATCH_ADAPTERS_CSV_SRC_CSV_FIELDS_H_
