#include "csv_fields.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <vector>

namespace cartwatch::adapters::csv {

namespace {

std::vector<LongKind> BuildLongKinds() {
  std::vector<LongKind> kinds;
  kinds.push_back({Role::kInfusion, core::Finding::kAge, "infusion", ""});
  for (const core::FindingInfo& info : core::Findings()) {
    kinds.push_back({Role::kFinding, info.id, info.code, info.unit});
  }
  return kinds;
}

const std::vector<LongKind>& LongKindTable() {
  static const std::vector<LongKind> kinds = BuildLongKinds();
  return kinds;
}

std::vector<WideColumn> BuildWideColumns() {
  std::vector<WideColumn> columns;
  columns.push_back({Role::kInfusion, core::Finding::kAge, "product", "", true});
  columns.push_back({Role::kInfusionTime, core::Finding::kAge, "infusion_time", "", true});
  for (const core::FindingInfo& info : core::Findings()) {
    bool first = true;
    for (const core::WideName& wide : info.wide) {
      if (wide.name.empty()) continue;
      columns.push_back({Role::kFinding, info.id, wide.name, wide.unit, first});
      first = false;
    }
  }
  return columns;
}

const std::vector<WideColumn>& WideColumnTable() {
  static const std::vector<WideColumn> columns = BuildWideColumns();
  return columns;
}

// Open addressing over 256 slots (the kinds fill about 50): FNV-1a of the whole code, linear
// probing. Built once from the descriptor table.
constexpr std::size_t kSlots = 256;
constexpr std::uint8_t kEmpty = 0xFF;

constexpr std::uint32_t Hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

struct KindIndex {
  std::array<std::uint8_t, kSlots> slots;
  const LongKind* kinds;
};

KindIndex BuildKindIndex() {
  KindIndex index{{}, LongKindTable().data()};
  index.slots.fill(kEmpty);
  const std::vector<LongKind>& kinds = LongKindTable();
  for (std::size_t i = 0; i < kinds.size() && i < kEmpty; ++i) {
    std::size_t at = Hash(kinds[i].kind) % kSlots;
    while (index.slots[at] != kEmpty) at = (at + 1) % kSlots;
    index.slots[at] = static_cast<std::uint8_t>(i);
  }
  return index;
}

static_assert(core::kFindingCount + 1 < kEmpty, "the kind index holds fewer than 255 kinds");
static_assert(std::size_t{2} * (core::kFindingCount + 1) <= kSlots,
              "the kind index stays at most half full");

}  // namespace

std::span<const LongKind> LongKinds() noexcept { return LongKindTable(); }

const LongKind* FindLongKind(std::string_view kind) noexcept {
  static const KindIndex index = BuildKindIndex();
  std::size_t at = Hash(kind) % kSlots;
  while (index.slots[at] != kEmpty) {
    const LongKind& candidate = index.kinds[index.slots[at]];
    if (candidate.kind == kind) return &candidate;
    at = (at + 1) % kSlots;
  }
  return nullptr;
}

std::span<const WideColumn> WideColumns() noexcept { return WideColumnTable(); }

std::optional<WideColumn> FindWideColumn(std::string_view name) noexcept {
  for (const WideColumn& column : WideColumnTable()) {
    if (column.name == name) return column;
  }
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace cartwatch::adapters::csv
