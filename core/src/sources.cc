#include "cartwatch/core/sources.h"

#include <array>
#include <cstddef>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

constexpr std::array<Source, 17> kSources{{
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
    {SourceId::kLee2014, "Lee-2014",
     "Lee DW, Gardner R, Porter DL, et al. Current concepts in the diagnosis and management of "
     "cytokine release syndrome. Blood. 2014;124(2):188-195."},
    {SourceId::kPorter2018, "Penn",
     "Porter D, Frey N, Wood PA, Weng Y, Grupp SA. Grading of cytokine release syndrome "
     "associated with the CAR T cell therapy tisagenlecleucel. J Hematol Oncol. 2018;11:35 "
     "(first described in Porter DL et al., Sci Transl Med. 2015;7(303):303ra139)."},
    {SourceId::kPark2018, "MSKCC",
     "Park JH, Riviere I, Gonen M, et al. Long-term follow-up of CD19 CAR therapy in acute "
     "lymphoblastic leukemia. N Engl J Med. 2018;378:449-459, supplementary appendix."},
    {SourceId::kCtcae5, "CTCAE-5.0",
     "National Cancer Institute. Common Terminology Criteria for Adverse Events (CTCAE) v5.0, "
     "2017; term \"Cytokine release syndrome\"."},
    {SourceId::kNeelapu2018, "CARTOX",
     "Neelapu SS, Tummala S, Kebriaei P, et al. Chimeric antigen receptor T-cell therapy - "
     "assessment and management of toxicities. Nat Rev Clin Oncol. 2018;15(1):47-62."},
    {SourceId::kPennisi2020, "Pennisi-2020",
     "Pennisi M, Jain T, Santomasso BD, et al. Comparing CAR T-cell toxicity grading systems: "
     "application of the ASTCT grading system and implications for management. Blood Adv. "
     "2020;4(4):676-686."},
    {SourceId::kPals2020, "PALS",
     "American Heart Association. Pediatric Advanced Life Support: hypotension defined as "
     "systolic BP < 60 mmHg (term neonates, 0-28 days), < 70 mmHg (infants 1-12 months), "
     "< 70 + 2 x age in years mmHg (1-10 years), < 90 mmHg (10 years and older)."},
    {SourceId::kSurvivingSepsis2021, "SSC-2021",
     "Evans L, Rhodes A, Alhazzani W, et al. Surviving Sepsis Campaign: international "
     "guidelines for management of sepsis and septic shock 2021. Crit Care Med. "
     "2021;49(11):e1063-e1143 (initial mean arterial pressure target 65 mmHg)."},
    {SourceId::kUspi2025, "USPI-2025",
     "US prescribing information of Yescarta, Kymriah, Breyanzi, Tecartus, Abecma, Carvykti and "
     "Aucatzyl, versions current in 2025."},
    {SourceId::kPivotalTrials, "pivotal-trials",
     "Pivotal trial publications of the CAR-T products (ZUMA-1/2/3/7, JULIET, ELIANA, ELARA, "
     "TRANSCEND, KarMMa, CARTITUDE-1/4, FELIX), as tabulated in the clinical reference."},
    {SourceId::kSeed2026, "seed-2026",
     "CancerFax. CRS after CAR-T: symptoms, grading and treatment (patient education, reviewed "
     "2026). Figures not verified against primary sources."},
}};
static_assert(IndexedByEnum(kSources, &Source::id), "kSources must follow the SourceId order");

}  // namespace

std::span<const Source> Sources() noexcept { return kSources; }

const Source& Describe(SourceId id) noexcept { return kSources[static_cast<std::size_t>(id)]; }

}  // namespace cartwatch::core
