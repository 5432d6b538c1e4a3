// A compile-time check for tables indexed by an enum: row i must describe enumerator i, so that
// `table[static_cast<std::size_t>(value)]` finds the row of `value`. Use as
//   static_assert(IndexedByEnum(kRows, &Row::id), "kRows must follow the enum order");
#ifndef CARTWATCH_CORE_SRC_ENUM_ORDER_H_
#define CARTWATCH_CORE_SRC_ENUM_ORDER_H_

#include <array>
#include <cstddef>

namespace cartwatch::core {

template <typename Row, std::size_t N, typename Enum>
constexpr bool IndexedByEnum(const std::array<Row, N>& rows, Enum Row::*key) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(rows[i].*key) != i) return false;
  }
  return true;
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_SRC_ENUM_ORDER_H_
