#include "cartwatch/core/products.h"

#include <array>
#include <cstddef>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

// docs/clinical/products.md, product table: generic (brand), target / costimulation. In enum order.
constexpr std::array<ProductInfo, kProductCount> kProducts{{
    {Product::kAxiCel, "axi-cel", "axicabtagene ciloleucel", "Yescarta", "CD19",
     Costimulation::kCd28},
    {Product::kTisaCel, "tisa-cel", "tisagenlecleucel", "Kymriah", "CD19", Costimulation::k41bb},
    {Product::kBrexuCel, "brexu-cel", "brexucabtagene autoleucel", "Tecartus", "CD19",
     Costimulation::kCd28},
    {Product::kLisoCel, "liso-cel", "lisocabtagene maraleucel", "Breyanzi", "CD19",
     Costimulation::k41bb},
    {Product::kIdeCel, "ide-cel", "idecabtagene vicleucel", "Abecma", "BCMA", Costimulation::k41bb},
    {Product::kCiltaCel, "cilta-cel", "ciltacabtagene autoleucel", "Carvykti", "BCMA",
     Costimulation::k41bb},
    {Product::kObeCel, "obe-cel", "obecabtagene autoleucel", "Aucatzyl", "CD19",
     Costimulation::k41bb},
    {Product::kNexCar19, "nexcar19", "actalycabtagene autoleucel", "NexCAR19", "CD19",
     Costimulation::k41bb},
}};

static_assert(IndexedByEnum(kProducts, &ProductInfo::id),
              "kProducts must follow the Product order");

constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr bool EqualIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::span<const ProductInfo> Products() noexcept { return kProducts; }

const ProductInfo& Describe(Product product) noexcept {
  return kProducts[static_cast<std::size_t>(product)];
}

std::optional<Product> FindProduct(std::string_view name) noexcept {
  for (const ProductInfo& info : kProducts) {
    if (EqualIgnoringCase(name, info.code) || EqualIgnoringCase(name, info.generic) ||
        EqualIgnoringCase(name, info.brand)) {
      return info.id;
    }
  }
  return std::nullopt;
}

}  // namespace cartwatch::core
