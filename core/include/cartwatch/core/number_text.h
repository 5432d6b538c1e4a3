// Numbers as text in messages and output: the shortest text that reads back as the same double,
// so a boundary value is never shown rounded across its threshold (6.01 L/min does not print as 6).
#ifndef CARTWATCH_CORE_NUMBER_TEXT_H_
#define CARTWATCH_CORE_NUMBER_TEXT_H_

#include <charconv>
#include <string>

namespace cartwatch::core {

inline std::string ShortestText(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_NUMBER_TEXT_H_
