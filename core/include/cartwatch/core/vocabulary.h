// Codes and display names of every enumerated finding, as used by cartwatch.assessment/1.
// Adapters parse with FindTerm and print with TermOf; both are table lookups.
#ifndef CARTWATCH_CORE_VOCABULARY_H_
#define CARTWATCH_CORE_VOCABULARY_H_

#include <optional>
#include <span>
#include <string_view>

#include "cartwatch/core/assessment.h"

namespace cartwatch::core {

template <typename E>
struct Term {
  E value;
  std::string_view code;     // schema code, e.g. "nasal_cannula"
  std::string_view display;  // plain words for a nurse, e.g. "nasal cannula"
};

std::span<const Term<Vasopressor>> Terms(Vasopressor) noexcept;
std::span<const Term<OxygenDevice>> Terms(OxygenDevice) noexcept;
std::span<const Term<OxygenReason>> Terms(OxygenReason) noexcept;
std::span<const Term<Consciousness>> Terms(Consciousness) noexcept;
std::span<const Term<Seizure>> Terms(Seizure) noexcept;
std::span<const Term<MotorFinding>> Terms(MotorFinding) noexcept;
std::span<const Term<IcpFinding>> Terms(IcpFinding) noexcept;

// The term whose code equals `code`, or nullopt when the code is not in the vocabulary.
template <typename E>
std::optional<E> FindTerm(std::string_view code) noexcept {
  for (const Term<E>& term : Terms(E{})) {
    if (term.code == code) return term.value;
  }
  return std::nullopt;
}

// The term of `value`. Every enumerator has exactly one term (tested).
template <typename E>
const Term<E>& TermOf(E value) noexcept {
  auto terms = Terms(E{});
  for (const Term<E>& term : terms) {
    if (term.value == value) return term;
  }
  return terms.front();  // unreachable for valid enumerators
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_VOCABULARY_H_
