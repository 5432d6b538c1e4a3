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

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/products.h"
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
  kLorazepam,  // the benzodiazepine of status-epilepticus rows
};
inline constexpr int kDrugCount = 9;

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
  // RxNorm ingredient RXCUI, empty when none was confirmed against a public code list
  // (docs/clinical/management.md, "Drug codes" says where each was checked).
  std::string_view rxnorm;

  constexpr bool MasksFever() const noexcept { return fever_masking != FeverMasking::kNone; }
};
std::span<const DrugInfo> Drugs() noexcept;
const DrugInfo& Describe(Drug drug) noexcept;
std::optional<Drug> FindDrug(std::string_view code) noexcept;

enum class ActionKind : std::uint8_t { kDrug, kSupport, kMonitor, kEscalate, kRefer };
std::string_view CodeOf(ActionKind kind) noexcept;  // "drug", "support", ...

enum class Syndrome : std::uint8_t { kCrs, kIcans };
std::string_view CodeOf(Syndrome syndrome) noexcept;  // "crs", "icans"

// The old shorthand for the other syndrome's grade ("present": 1-5, "absent": 0). Protocols
// may still write it; the reader turns it into Conditions::concurrent.
enum class OtherSyndrome : std::uint8_t { kAny, kAbsent, kPresent };

// Bounds on a quantity; each bound is optional. Compared exactly to a micro-unit (cutoff.h).
struct Range {
  std::optional<double> at_least;
  std::optional<double> above;
  std::optional<double> below;
  std::optional<double> at_most;

  bool Contains(double value) const noexcept;
  bool HasBound() const noexcept { return at_least || above || below || at_most; }
};
std::string DescribeRange(const Range& range, std::string_view unit);  // "above 72 h"

// Which values of a coded finding match a condition.
enum class FindingMatch : std::uint8_t {
  kPresent,  // any value but "none" (for raised ICP: at least one sign)
  kAbsent,   // "none" (for raised ICP: assessed, no sign)
  kAnyOf,    // one of `codes` (for raised ICP: one of the listed signs)
};

template <typename Code>
struct CodedCondition {
  FindingMatch match = FindingMatch::kPresent;
  std::vector<Code> codes;  // for kAnyOf, not empty
};

// The other syndrome's grade, inclusive, 0..5 (0: not present).
struct GradeRange {
  int min = 0;
  int max = 5;
};

// Conditions beyond the grade (docs/protocol-format.md, `when`). All given must hold. A condition
// whose input is not recorded is unknown, never false: the engine lists the input under `needs`.
struct Conditions {
  std::optional<GradeRange> concurrent;  // the other syndrome at the same assessment
  std::optional<CodedCondition<Seizure>> seizure;
  std::optional<CodedCondition<MotorFinding>> motor;
  std::optional<CodedCondition<IcpFinding>> icp;
  // Hypotension at the assessment (recorded, or implied by a running vasopressor), e.g. ASCO 2021
  // Table 1, grade 2: dexamethasone when hypotension persists after tocilizumab.
  std::optional<bool> hypotension;
  std::vector<Product> products;  // empty: any product
  std::optional<Range> age_years;
  std::optional<Range> weight_kg;
  std::optional<Range> hours_since_infusion;
  std::optional<Range> fever_hours;  // first fever of the CRS episode to the assessment

  // Beyond the concurrent grade: a condition that makes an action apply only in some cases.
  bool Narrows() const noexcept {
    return seizure || motor || icp || hypotension || !products.empty() || age_years || weight_kg ||
           hours_since_infusion || fever_hours;
  }
};

// Weight bands override the per-kg dose below a weight (e.g. tocilizumab 12 mg/kg under 30 kg).
struct WeightBand {
  double below_kg;
  double mg_per_kg;
};

// Children's doses: under `below_years`, mg/kg of body weight with a cap, whatever the adult dose.
struct AgeBand {
  double below_years;
  double mg_per_kg;
  std::optional<double> max_mg;
  bool unconfirmed = false;
};

struct Dose {
  std::optional<double> fixed_mg;   // a fixed dose, e.g. dexamethasone 10 mg
  std::optional<double> mg_per_kg;  // a weight-based dose, e.g. tocilizumab 8 mg/kg
  std::vector<WeightBand> bands;    // ascending below_kg; the first band that holds wins
  std::optional<double> max_mg;     // cap per dose
  double round_to_mg = 1.0;         // computed doses are rounded to the nearest multiple
  std::string route;                // "IV", "PO"
  std::string frequency;            // e.g. "every 6 h"; text for the clinician
  std::vector<AgeBand> age_bands;   // ascending below_years; the first that holds wins
};

// One step of a regimen: a dose repeated every `every_hours`, for `doses` doses or, on the last
// step only, until the action's syndrome is at or below `until_grade`.
struct RegimenStep {
  Dose dose;
  double every_hours = 0;
  std::optional<int> doses;
  std::optional<int> until_grade;
};

// When an action applies. All stated conditions must hold.
struct Trigger {
  Syndrome syndrome = Syndrome::kCrs;
  int min_grade = 1;  // inclusive, 1..5
  int max_grade = 4;  // inclusive
  Conditions when;
  // No response: applies only after `after_doses` doses of `after_drug` given in this episode,
  // the first at least `after_hours` ago, and the grade has not improved since that first dose
  // (judged from the course, never guessed).
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
  // The drug the action names, of any kind ("consider anakinra" is an escalate action with
  // anakinra); required for kDrug. A kDrug action gives a dose, a regimen or neither (the
  // dose is in the text), never both.
  std::optional<Drug> drug;
  // Other drugs the text offers instead ("or methylprednisolone 1 mg/kg"), coded but not dosed.
  std::vector<Drug> alternatives;
  std::optional<Dose> dose;
  std::vector<RegimenStep> regimen;
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

// "Refractory grade 3: manage as grade 4": while the trigger holds, the syndrome's actions are
// chosen as if it had grade `manage_as`.
struct Escalation {
  std::string rule;
  std::string source;
  bool unconfirmed = false;
  Trigger trigger;
  int manage_as = 0;
  std::string text;
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
  std::vector<Escalation> escalations;
};

// Checks a protocol for gaps and contradictions a loader cannot see in one field: a syndrome
// grade 1-4 with no action, a rule id used twice, an unknown source key, a drug action without
// its drug, an action whose trigger can never apply, an `instead_when_limited` naming no rule,
// an anti-IL-6 drug for isolated ICANS (ASTCT/ASCO/EBMT: steroids, not tocilizumab), a regimen
// without an end, an escalation that does not go up (which could loop). Empty when the protocol
// is sound. `field` names the rule id and key, e.g. "actions[crs-g2-toci].dose".
std::vector<Error> CheckProtocol(const Protocol& protocol);

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_PROTOCOL_H_
