// Result<T>: a value or an Error. GCC 12 ships no std::expected, and core functions never throw.
#ifndef CARTWATCH_CORE_RESULT_H_
#define CARTWATCH_CORE_RESULT_H_

#include <utility>
#include <variant>

#include "cartwatch/core/error.h"

namespace cartwatch::core {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return std::holds_alternative<T>(state_); }
  explicit operator bool() const noexcept { return ok(); }

  // Preconditions: ok() for value(), !ok() for error().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const& { return std::get<Error>(state_); }
  Error&& error() && { return std::get<Error>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_RESULT_H_
