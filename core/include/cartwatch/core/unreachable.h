// Marks a point the code cannot reach: after a switch that handles every enumerator, or past a loop
// that always returns. Reaching it is a bug in cartwatch, never bad input (bad input is an Error),
// so the program stops loudly instead of returning a plausible default such as "" or grade 0. The
// core does no I/O: the message is kept where a debugger or a core dump shows it.
#ifndef CARTWATCH_CORE_UNREACHABLE_H_
#define CARTWATCH_CORE_UNREACHABLE_H_

#include <cstdlib>

namespace cartwatch::core {

// The message of the unreachable point that stopped the program, for a debugger or core dump.
inline const char* volatile unreachable_message = nullptr;

// Records `what` and aborts. Use through CARTWATCH_UNREACHABLE, which adds the file name.
[[noreturn]] inline void Unreachable(const char* what) noexcept {
  unreachable_message = what;
  std::abort();
}

}  // namespace cartwatch::core

// `what` must be a string literal, e.g. CARTWATCH_UNREACHABLE("unknown Product").
#define CARTWATCH_UNREACHABLE(what) ::cartwatch::core::Unreachable(what " (" __FILE__ ")")

#endif  // CARTWATCH_CORE_UNREACHABLE_H_
