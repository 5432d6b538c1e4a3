// The citation registry. Every clinical rule, limit and flag names one of these sources; the
// registry is the only place a citation is written out in full.
#ifndef CARTWATCH_CORE_SOURCES_H_
#define CARTWATCH_CORE_SOURCES_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace cartwatch::core {

enum class SourceId : std::uint8_t {
  kAstct2019,        // Lee DW et al., BBMT 2019: ASTCT consensus grading of CRS and ICANS
  kTraube2014,       // Traube C et al., Crit Care Med 2014: CAPD validation
  kNciThesaurus,     // NCI Thesaurus ICANS grade definitions (age-12 conflict)
  kGilbert2000,      // Gilbert M et al., Lancet 2000: survival from 13.7 degC hypothermia
  kHeatStroke1980,   // highest survived core temperature, 46.5 degC (1980 case)
  kCartwatchPolicy,  // an institutional choice made by this project, not a published rule
};

struct Source {
  SourceId id;
  std::string_view key;       // stable short key used in output, e.g. "ASTCT-2019"
  std::string_view citation;  // full reference
};

std::span<const Source> Sources() noexcept;
const Source& Describe(SourceId id) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_SOURCES_H_
