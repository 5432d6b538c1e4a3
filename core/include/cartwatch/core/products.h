// The CAR-T products cartwatch knows (docs/clinical/products.md). A course names its product at the
// infusion; cohort figures are grouped by product.
#ifndef CARTWATCH_CORE_PRODUCTS_H_
#define CARTWATCH_CORE_PRODUCTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace cartwatch::core {

enum class Product : std::uint8_t {
  kAxiCel,    // axicabtagene ciloleucel (Yescarta)
  kTisaCel,   // tisagenlecleucel (Kymriah)
  kBrexuCel,  // brexucabtagene autoleucel (Tecartus)
  kLisoCel,   // lisocabtagene maraleucel (Breyanzi)
  kIdeCel,    // idecabtagene vicleucel (Abecma)
  kCiltaCel,  // ciltacabtagene autoleucel (Carvykti)
  kObeCel,    // obecabtagene autoleucel (Aucatzyl)
  kNexCar19,  // actalycabtagene autoleucel (NexCAR19)
};
inline constexpr int kProductCount = 8;

enum class Costimulation : std::uint8_t { kCd28, k41bb };

struct ProductInfo {
  Product id;
  std::string_view code;     // stable key in files and output, e.g. "axi-cel"
  std::string_view generic;  // e.g. "axicabtagene ciloleucel"
  std::string_view brand;    // e.g. "Yescarta"
  std::string_view target;   // e.g. "CD19"
  Costimulation costimulation;
};
std::span<const ProductInfo> Products() noexcept;
const ProductInfo& Describe(Product product) noexcept;

// Accepts the code, the generic name or the brand name, in any letter case.
std::optional<Product> FindProduct(std::string_view name) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_PRODUCTS_H_
