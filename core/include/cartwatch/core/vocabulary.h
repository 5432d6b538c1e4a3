// Codes and display names of every enumerated finding, as used by cartwatch.assessment/1, and of
// the enumerated results adapters print (the encephalopathy tool, the tocilizumab response, the
// parts of a protocol trigger, the kinds of cohort group). Adapters parse with FindTerm and print
// with TermOf; both are table lookups, and no adapter spells a code of its own. Each table is in
// enum order, checked at compile time.
#ifndef CARTWATCH_CORE_VOCABULARY_H_
#define CARTWATCH_CORE_VOCABULARY_H_

#include <cassert>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/cohort.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/timeline.h"

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
std::span<const Term<EncephalopathyTool>> Terms(EncephalopathyTool) noexcept;
std::span<const Term<TocilizumabResponse>> Terms(TocilizumabResponse) noexcept;
std::span<const Term<Syndrome>> Terms(Syndrome) noexcept;
std::span<const Term<OtherSyndrome>> Terms(OtherSyndrome) noexcept;
std::span<const Term<ActionKind>> Terms(ActionKind) noexcept;
std::span<const Term<CohortGroupKind>> Terms(CohortGroupKind) noexcept;
std::span<const Term<OxygenTier>> Terms(OxygenTier) noexcept;
std::span<const Term<FeverReading>> Terms(FeverReading) noexcept;
std::span<const Term<FeverMasking>> Terms(FeverMasking) noexcept;

// The term whose code equals `code`, or nullopt when the code is not in the vocabulary.
template <typename E>
std::optional<E> FindTerm(std::string_view code) noexcept {
  for (const Term<E>& term : Terms(E{})) {
    if (term.code == code) return term.value;
  }
  return std::nullopt;
}

// The term of `value`, by index: every table is in enum order (static_assert in vocabulary.cc)
// and has one term per enumerator (tested). A value that is no enumerator is a programming error:
// it fails the assertion in debug builds and reads the first term otherwise.
template <typename E>
const Term<E>& TermOf(E value) noexcept {
  const auto terms = Terms(E{});
  const auto index = static_cast<std::size_t>(value);
  assert(index < terms.size());
  return terms[index < terms.size() ? index : 0];
}

// Every code of E in table order, "a, b, c": what an unknown-code message offers instead.
template <typename E>
std::string CodeList() {
  std::string list;
  for (const Term<E>& term : Terms(E{})) {
    if (!list.empty()) list += ", ";
    list += term.code;
  }
  return list;
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_VOCABULARY_H_
