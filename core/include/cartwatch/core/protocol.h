// A treatment protocol as data: what to do for CRS and ICANS by grade and situation, with doses,
// caps and limits. Protocols are written by centres (protocols/*.toml, docs/protocol-format.md)
// and loaded by an adapter; the core only reads this model. Every action and limit carries the
// rule id and source it implements, and every recommendation names the protocol and its version.
#ifndef CARTWATCH_CORE_PROTOCOL_H_
#define CARTWATCH_CORE_PROTOCOL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/sources.h"

namespace cartwatch::core {

enum class Drug : std::uint8_t {
  kTocilizumab,
  kSiltuximab,
  kAnakinra,
  kDexamethasone,
  kMethylprednisolone,
  kLevetiracetam,
  kParacetamol,
  kIbuprofen,
};
inline constexpr int kDrugCount = 8;

// Whether a drug given for CRS masks fever, and as what: ASTCT 2019 CRS grading table footnote,
// fever is no longer required once antipyretic or anti-cytokine therapy (e.g. tocilizumab or
// steroids) was given (kFeverMaskingSource, kFeverMaskingLocator). Corticosteroids count as
// anti-cytokine therapy, as in the footnote's examples.
enum class FeverMasking : std::uint8_t { kNone, kAntipyretic, kAntiCytokine };

// Codes ("none", "antipyretic", "anti_cytokine"): core::TermOf in vocabulary.h.

inline constexpr SourceId kFeverMaskingSource = SourceId::kAstct2019;
inline constexpr std::string_view kFeverMaskingLocator =
    "CRS grading table footnote: fever no longer required after antipyretic or anti-cytokine "
    "therapy";

struct DrugInfo {
  Drug drug;
  std::string_view code;     // protocol and context files, e.g. "tocilizumab"
  std::string_view display;  // plain words
  bool anti_il6;             // blocks IL-6 signalling (never for isolated ICANS)
  bool corticosteroid;
  FeverMasking fever_masking;  // levetiracetam (seizure prophylaxis) masks nothing

  constexpr bool MasksFever() const noexcept { return fever_masking != FeverMasking::kNone; }
};
std::span<const DrugInfo> Drugs() noexcept;
const DrugInfo& Describe(Drug drug) noexcept;
std::optional<Drug> FindDrug(std::string_view code) noexcept;

enum class ActionKind : std::uint8_t { kDrug, kSupport, kMonitor, kEscalate, kRefer };
std::string_view CodeOf(ActionKind kind) noexcept;  // "drug", "support", ...

enum class Syndrome : std::uint8_t { kCrs, kIcans };
std::string_view CodeOf(Syndrome syndrome) noexcept;  // "crs", "icans"

// Whether the other syndrome must be present (grade >= 1) for an action to apply.
enum class OtherSyndrome : std::uint8_t { kAny, kAbsent, kPresent };

// Weight bands override the per-kg dose below a weight (e.g. tocilizumab 12 mg/kg under 30 kg).
struct WeightBand {
  double below_kg;
  double mg_per_kg;
};

struct Dose {
  std::optional<double> fixed_mg;   // a fixed dose, e.g. dexamethasone 10 mg
  std::optional<double> mg_per_kg;  // a weight-based dose, e.g. tocilizumab 8 mg/kg
  std::vector<WeightBand> bands;    // ascending below_kg; the first band that holds wins
  std::optional<double> max_mg;     // cap per dose
  double round_to_mg = 1.0;         // computed doses are rounded to the nearest multiple
  std::string route;                // "IV", "PO"
  std::string frequency;            // e.g. "every 6 h"; text for the clinician
};

// When an action applies. All stated conditions must hold.
struct Trigger {
  Syndrome syndrome = Syndrome::kCrs;
  int min_grade = 1;  // inclusive, 1..5
  int max_grade = 4;  // inclusive
  OtherSyndrome other = OtherSyndrome::kAny;
  // Escalation: applies only after `after_doses` doses of `after_drug` given in this episode,
  // the first at least `after_hours` ago, while the grade still meets this trigger (no response).
  std::optional<Drug> after_drug;
  int after_doses = 1;
  double after_hours = 0.0;
};

struct ProtocolAction {
  std::string rule;    // stable id, unique within the protocol
  std::string source;  // key of the protocol's source list
  bool unconfirmed = false;
  Trigger trigger;
  ActionKind kind = ActionKind::kSupport;
  std::optional<Drug> drug;  // set exactly when kind == kDrug
  std::optional<Dose> dose;  // set exactly when kind == kDrug
  std::string text;
  // A rule to recommend in this one's place when a limit of its drug blocks it.
  std::string instead_when_limited;
};

// Limits on one drug across an episode.
struct DrugLimit {
  Drug drug;
  std::string rule;
  std::string source;
  bool unconfirmed = false;
  std::optional<int> max_doses_per_24h;  // within any rolling 24 h
  std::optional<int> max_doses_total;    // in the episode
  std::optional<double> min_interval_hours;
};

struct ProtocolSource {
  std::string key;
  std::string citation;
};

struct Protocol {
  std::string id;       // e.g. "seed-2026"
  std::string version;  // e.g. "1.0.0"
  std::string title;
  std::vector<ProtocolSource> sources;
  double min_weight_kg = 2.0;  // plausibility limits for weight-based doses
  double max_weight_kg = kBodyWeightKgLimits.max;
  std::vector<DrugLimit> limits;
  std::vector<ProtocolAction> actions;  // in order of priority as written
};

// Checks a protocol for gaps and contradictions a loader cannot see in one field: a syndrome
// grade 1-4 with no action, a rule id used twice, an unknown source key, a drug action without
// dose, an action whose trigger can never apply, an `instead_when_limited` naming no rule, an
// anti-IL-6 drug for isolated ICANS (ASTCT/ASCO/EBMT: steroids, not tocilizumab). Empty when
// the protocol is sound. `field` names the rule id and key, e.g. "actions[crs-g2-toci].dose".
std::vector<Error> CheckProtocol(const Protocol& protocol);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_PROTOCOL_H_
