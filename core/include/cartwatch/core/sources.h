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
  kLee2014,          // Lee DW et al., Blood 2014: CRS grading (Lee 2014)
  kPorter2018,       // Porter D et al., J Hematol Oncol 2018 (and Sci Transl Med 2015): Penn scale
  kPark2018,         // Park JH et al., NEJM 2018, supplementary appendix: MSKCC scale
  kCtcae5,           // NCI CTCAE v5.0 (2017), term "Cytokine release syndrome"
  kNeelapu2018,      // Neelapu SS et al., Nat Rev Clin Oncol 2018: CARTOX
  kPennisi2020,      // Pennisi M et al., Blood Adv 2020: comparison of grading systems
  kPals2020,         // AHA PALS: age-based systolic hypotension thresholds
  kSurvivingSepsis2021,  // Evans L et al., Crit Care Med 2021: MAP target 65 mmHg
  kUspi2025,             // US prescribing information of the CAR-T products (2025 versions)
  kPivotalTrials,        // pivotal trial publications of the CAR-T products
  kSeed2026,             // the founding patient-education article (CancerFax 2026)
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
