// A fixed-size set of enum values stored in one machine word, so grading never allocates.
#ifndef CARTWATCH_CORE_ENUM_SET_H_
#define CARTWATCH_CORE_ENUM_SET_H_

#include <bit>
#include <cstdint>
#include <initializer_list>

namespace cartwatch::core {

template <typename E, int kSize>
class EnumSet {
  static_assert(kSize > 0 && kSize <= 64);

 public:
  constexpr EnumSet() = default;
  constexpr EnumSet(std::initializer_list<E> values) {
    for (E value : values) Add(value);
  }

  constexpr void Add(E value) { bits_ |= Bit(value); }
  constexpr void Remove(E value) { bits_ &= ~Bit(value); }
  constexpr bool Contains(E value) const { return (bits_ & Bit(value)) != 0; }
  constexpr int Count() const { return std::popcount(bits_); }
  constexpr bool Empty() const { return bits_ == 0; }
  constexpr std::uint64_t bits() const { return bits_; }
  static constexpr int size() { return kSize; }

  friend constexpr bool operator==(EnumSet a, EnumSet b) { return a.bits_ == b.bits_; }

 private:
  static constexpr std::uint64_t Bit(E value) {
    return std::uint64_t{1} << static_cast<unsigned>(value);
  }
  std::uint64_t bits_ = 0;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_ENUM_SET_H_
