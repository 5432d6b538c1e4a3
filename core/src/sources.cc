#include "cartwatch/core/sources.h"

#include <array>

namespace cartwatch::core {
namespace {

constexpr std::array<Source, 6> kSources{{
    {SourceId::kAstct2019, "ASTCT-2019",
     "Lee DW, Santomasso BD, Locke FL, et al. ASTCT consensus grading for cytokine release "
     "syndrome and neurologic toxicity associated with immune effector cells. Biol Blood Marrow "
     "Transplant. 2019;25(4):625-638."},
    {SourceId::kTraube2014, "Traube-2014",
     "Traube C, Silver G, Kearney J, et al. Cornell Assessment of Pediatric Delirium: a valid, "
     "rapid, observational tool for screening delirium in the PICU. Crit Care Med. "
     "2014;42(3):656-663."},
    {SourceId::kNciThesaurus, "NCIt",
     "NCI Thesaurus, definitions of ICANS grades 1-4 (ICE for patients over 12, CAPD for 12 and "
     "under)."},
    {SourceId::kGilbert2000, "Gilbert-2000",
     "Gilbert M, Busund R, Skagseth A, Nilsen PA, Solbo JP. Resuscitation from accidental "
     "hypothermia of 13.7 degC with circulatory arrest. Lancet. 2000;355(9201):375-376."},
    {SourceId::kHeatStroke1980, "HeatStroke-1980",
     "Highest survived core temperature on record, 46.5 degC (heat stroke, Atlanta, 1980)."},
    {SourceId::kCartwatchPolicy, "cartwatch-policy",
     "cartwatch project policy: an institutional choice where the sources are silent or "
     "ambiguous; documented in docs/clinical/astct-2019.md and open to review."},
}};

}  // namespace

std::span<const Source> Sources() noexcept { return kSources; }

const Source& Describe(SourceId id) noexcept { return kSources[static_cast<std::size_t>(id)]; }

}  // namespace cartwatch::core
