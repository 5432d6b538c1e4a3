#include "cartwatch/core/rule.h"

#include <array>

namespace cartwatch::core {
namespace {

struct DocFamily {
  std::string_view id_prefix;
  std::string_view section;
};

// One row per family of ids; the pages are docs/clinical/*.md.
constexpr std::array<DocFamily, 11> kFamilies{{
    {"ASTCT2019.CRS.", "astct-2019.md#12-the-rule-table"},
    {"ASTCT2019.ICANS.", "astct-2019.md#23-the-rule-table"},
    {"LEE2014.CRS.", "older-systems.md#lee-2014"},
    {"PENN.CRS.", "older-systems.md#penn"},
    {"MSKCC.CRS.", "older-systems.md#mskcc"},
    {"CTCAE5.CRS.", "older-systems.md#ctcae-v50"},
    {"CARTOX.CRS.", "older-systems.md#cartox"},
    {"CARTWATCH.HYPOTENSION.", "hypotension.md#thresholds"},
    {"SSC2021.HYPOTENSION.", "hypotension.md#thresholds"},
    {"PALS.HYPOTENSION.", "hypotension.md#thresholds"},
    {"FIG.", "products.md#published-figures"},
}};

}  // namespace

std::string_view DocSection(std::string_view id) noexcept {
  for (const DocFamily& family : kFamilies) {
    if (id.starts_with(family.id_prefix)) return family.section;
  }
  return {};
}

}  // namespace cartwatch::core
