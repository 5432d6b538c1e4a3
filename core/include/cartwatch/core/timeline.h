// The course of one patient from infusion (day 0): the findings and treatments recorded over time,
// graded assessment by assessment, with CRS and ICANS episodes, time in each grade and the
// response to each tocilizumab dose. The rules are written out in docs/timeline.md.
//
// Entries arrive in time order and are folded in one at a time, so a patient's state is bounded
// however long the record: a cohort of a million rows holds one state per patient, not the rows.
// Findings are carried forward from earlier entries only within stated limits (CarryLimits).
// Treatments are events: the record of treatments is taken as complete, so "no tocilizumab
// recorded" means none was given (fever_masked and fluid boluses are derived from it).
#ifndef CARTWATCH_CORE_TIMELINE_H_
#define CARTWATCH_CORE_TIMELINE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/enum_set.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/hypotension.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/result.h"
#include "cartwatch/core/time.h"

namespace cartwatch::core {

struct Infusion {
  Product product = Product::kAxiCel;
  UnixSeconds time = 0;  // day 0, hour 0
};

enum class TreatmentKind : std::uint8_t { kDrug, kFluidBolus };

struct Treatment {
  TreatmentKind kind = TreatmentKind::kDrug;
  Drug drug = Drug::kTocilizumab;  // read only when kind == kDrug
  std::optional<double> dose_mg;
};

// A treatment and when it was given.
struct TimedTreatment {
  UnixSeconds time = 0;
  Treatment treatment;
};

// Everything recorded for one patient at one instant. `findings` holds only what was recorded at
// `time`; absent fields are "not recorded now" and may be carried from earlier entries.
struct TimelineEntry {
  UnixSeconds time = 0;
  std::uint64_t line = 0;  // first input line of the entry, for messages; 0 when unknown
  // Vasopressors change one agent at a time: true = running now (dose, if recorded, in
  // findings.legacy.vasopressor_doses, which is read only for running agents), false = stopped.
  // `findings.vasopressors`, when present, is read as a full list (agents in it running, the others
  // stopped) for the agents this array leaves unset.
  std::array<std::optional<bool>, 5> vasopressor_running{};  // indexed by Vasopressor
  Assessment findings;
  BloodPressure blood_pressure;
  std::vector<Treatment> treatments;

  // True when the entry records any finding (not only treatments): such an entry is graded.
  bool HasFindings() const noexcept;
};

// Findings that may be carried forward, each with its own limit.
enum class CarriedFinding : std::uint8_t {
  kTemperature,    // temperature and the explicit fever_other_cause and fever_masked flags
  kBloodPressure,  // systolic, MAP and the explicit hypotension flag
  kVasopressors,   // running agents, doses
  kOxygen,         // device, flow, FiO2, reason: one record, carried whole
  kNeuroScore,     // ICE (items or total, one record), CAPD, level of consciousness, seizure
  kNeuroFindings,  // motor findings, signs of raised ICP
  kLegacy,         // organ toxicity grades, hospitalisation, IV therapy, refractory hypotension,
                   // coagulopathy (each on its own)
};
inline constexpr int kCarriedFindingCount = 7;
using CarriedSet = EnumSet<CarriedFinding, kCarriedFindingCount>;
std::string_view CodeOf(CarriedFinding finding) noexcept;  // "temperature", "blood_pressure", ...

// Hours a finding still holds after it was recorded: it holds while now - recorded <= limit
// (exactly at the limit it still holds). Death and treatments are events and are never carried;
// age and developmental delay hold for the whole course. Seizures go with the neuro scores.
struct CarryLimits {
  double For(CarriedFinding finding) const noexcept {
    return hours[static_cast<std::size_t>(finding)];
  }
  std::array<double, kCarriedFindingCount> hours{
      8.0,   // temperature: vitals are charted every 4-8 h (docs/clinical/monitoring.md)
      8.0,   // blood pressure
      12.0,  // vasopressors (cartwatch policy: charted at least every shift)
      12.0,  // oxygen support (cartwatch policy)
      12.0,  // neuro scores: ICE/CAPD every 8-12 h (docs/clinical/monitoring.md)
      24.0,  // neuro findings (cartwatch policy: examined daily)
      24.0,  // legacy findings (cartwatch policy: daily laboratory values)
  };
};

struct TimelineOptions {
  GradingSystemSet systems{GradingSystem::kAstct2019};  // CRS systems graded at each point
  CarryLimits carry;
  HypotensionThresholds hypotension;
  double tocilizumab_response_window_hours = 8.0;  // from the protocol's re-dose interval
  double max_gap_hours = 24.0;  // a longer silence inside an episode is reported as a gap
  double fluid_bolus_window_hours = 24.0;  // boluses counted for legacy.fluid_boluses
  // A return of the syndrome within this many hours of its resolution continues the same
  // episode (cartwatch policy): after an antipyretic, fever no longer counts (ASTCT 2019), so a
  // mild CRS dips to "no reportable grade" between doses without having resolved.
  double episode_merge_hours = 24.0;
};

// One graded assessment on the course.
struct AssessmentPoint {
  UnixSeconds time = 0;
  // Known when the infusion was set before the entry was added; negative before the infusion.
  std::optional<double> hours_post_infusion;
  bool before_infusion = false;  // a baseline point: graded, left out of the summary
  std::uint64_t line = 0;
  Assessment effective;                  // recorded plus carried plus derived findings, as graded
  BloodPressure blood_pressure;          // recorded or carried
  CarriedSet carried;                    // findings taken from an earlier entry
  bool hypotension_from_vitals = false;  // `effective.hypotension` derived from blood pressure
  const RuleInfo* hypotension_rule = nullptr;  // the threshold that decided, when derived
  bool fever_masked_derived = false;           // `effective.fever_masked` derived from treatments
  // When fever_masked was derived true: the dose that masked it, the first fever-masking drug
  // (DrugInfo::fever_masking) given after CRS was diagnosed in the current episode.
  std::optional<TimedTreatment> fever_masked_by;
  bool fluid_boluses_derived = false;  // `effective.legacy.fluid_boluses` counted from treatments
  Grading astct;                       // ASTCT 2019 CRS and ICANS
  std::array<std::optional<SyndromeGrading>, kGradingSystemCount> crs_by_system;  // requested
  std::vector<Treatment> treatments;  // given at this instant
};

enum class TocilizumabResponse : std::uint8_t {
  kResponded,   // the CRS grade fell below its value at the dose within the window
  kNoResponse,  // assessed within the window, the grade did not fall
  kUnknown,     // no assessment within the window, or grade 0 at the dose
};

struct TocilizumabDose {
  UnixSeconds time = 0;
  std::optional<double> dose_mg;
  int crs_grade_at_dose = 0;  // the latest CRS grade at or before the dose
  TocilizumabResponse response = TocilizumabResponse::kUnknown;
  std::optional<UnixSeconds> response_time;  // first assessment with the lower grade
};

struct Episode {
  Syndrome syndrome = Syndrome::kCrs;
  UnixSeconds onset = 0;
  std::optional<double> onset_hours;  // after infusion
  std::optional<int> onset_day;       // whole days after infusion; the infusion day is day 0
  int peak_grade = 0;
  bool peak_lower_bound = false;
  UnixSeconds peak_time = 0;  // first time the peak grade was reached
  double time_to_peak_hours = 0.0;
  std::optional<UnixSeconds> resolution;    // first assessment back at grade 0
  std::optional<double> duration_hours;     // resolution - onset
  bool ongoing = false;                     // not resolved by the last assessment (censored)
  std::optional<double> longest_gap_hours;  // silence longer than max_gap_hours inside it
};

inline constexpr int kDaysTracked = 31;  // days 0..30 after infusion

// By-day grades start at -1: no assessment that day.
constexpr std::array<std::int8_t, kDaysTracked> NoGradeByDay() noexcept {
  std::array<std::int8_t, kDaysTracked> days{};
  for (std::int8_t& day : days) day = -1;
  return days;
}

struct DrugUse {
  int doses = 0;
  std::optional<UnixSeconds> first;
};

// What the cohort needs of one patient: bounded size whatever the number of entries.
struct PatientSummary {
  std::string patient_id;
  std::optional<Infusion> infusion;
  // Graded points at or after the infusion (all points when no infusion is known), and their span.
  // Points before the infusion (baseline) are counted apart and left out of everything below.
  std::uint64_t assessments = 0;
  std::uint64_t baseline_assessments = 0;
  // Of `assessments`, those where the syndrome was assessed (ASTCT 2019 grading.assessed): the
  // denominators of the cohort's incidences. A point may assess one syndrome and not the other.
  std::uint64_t crs_assessments = 0;
  std::uint64_t icans_assessments = 0;
  std::optional<UnixSeconds> first_time;
  std::optional<UnixSeconds> last_time;
  std::vector<Episode> crs_episodes;
  std::vector<Episode> icans_episodes;
  // Grade 0..5: each assessment's grade holds until the next assessment of the same syndrome, at
  // most max_gap_hours; the rest of a longer silence is unobserved time of that syndrome. The
  // last assessment's grade is not extended.
  std::array<double, 6> hours_in_crs_grade{};
  std::array<double, 6> hours_in_icans_grade{};
  double hours_unobserved = 0.0;        // CRS
  double icans_hours_unobserved = 0.0;  // ICANS
  // Highest CRS grade by each requested system (ASTCT at kAstct2019), and whether it is a lower
  // bound because a finding that system reads was missing.
  std::array<std::optional<int>, kGradingSystemCount> max_crs_grade;
  std::array<bool, kGradingSystemCount> max_crs_lower_bound{};
  int max_icans_grade = 0;
  bool max_icans_lower_bound = false;
  // Highest grade on each day after infusion (day 0 = first 24 h); -1 = no assessment that day.
  // All -1 when the infusion is not known.
  std::array<std::int8_t, kDaysTracked> crs_grade_by_day = NoGradeByDay();
  std::array<std::int8_t, kDaysTracked> icans_grade_by_day = NoGradeByDay();
  std::array<DrugUse, kDrugCount> drugs{};  // indexed by Drug; treatments at or after infusion
  int fluid_boluses = 0;
  std::vector<TocilizumabDose> tocilizumab;
};

// The whole course of one patient, for the timeline views (text, JSON, CSV, SVG).
struct PatientCourse {
  GradingSystemSet systems;
  std::vector<AssessmentPoint> points;
  std::vector<TimedTreatment> treatments;  // every treatment, also those between assessments
  PatientSummary summary;
};

// Folds one patient's entries into graded points and a summary.
//
// Errors: Add refuses an entry out of time order (kOutOfOrder) and an entry whose effective
// assessment (recorded plus carried plus derived) fails Validate() (its first error, the entry's
// line and time in the message). After a refusal the timeline is spoiled: every later Add returns
// the same error, so a course is refused whole, never half-loaded.
struct SummaryEvent;  // internal: what the summary needs of a point or a treatment

class PatientTimeline {
 public:
  PatientTimeline(std::string patient_id, TimelineOptions options);
  ~PatientTimeline();
  PatientTimeline(const PatientTimeline& other);
  PatientTimeline& operator=(const PatientTimeline& other);
  PatientTimeline(PatientTimeline&& other) noexcept;
  PatientTimeline& operator=(PatientTimeline&& other) noexcept;

  // May come before or after entries. Entries added before it are kept apart (at most
  // kMaxHeldBeforeInfusion graded points and treatments) until it comes, then those before the
  // infusion time are dropped from the summary as baseline. Setting the same infusion again is
  // harmless; a different one, or an infusion earlier than entries already folded into the summary,
  // spoils the timeline (the next Add returns kContradictory or kOutOfOrder).
  void SetInfusion(const Infusion& infusion);

  // Entries must come in strictly increasing time; an earlier or equal time is refused with
  // kOutOfOrder. Returns the graded point, or nullopt for an entry with treatments only.
  Result<std::optional<AssessmentPoint>> Add(const TimelineEntry& entry);

  // The summary so far: open episodes are not yet marked ongoing, and entries waiting for the
  // infusion are not in it.
  const PatientSummary& summary() const noexcept { return summary_; }
  // Closes open episodes (marked ongoing), settles pending tocilizumab responses and returns the
  // summary. Later calls return the same summary; Add after Finish is refused (kInternal).
  PatientSummary Finish();

  // Graded points and treatments kept apart while the infusion is not known; beyond this they are
  // folded as a course without infusion.
  static constexpr std::size_t kMaxHeldBeforeInfusion = 256;

 private:
  struct State;
  void Emit(const SummaryEvent& event);
  void Spoil(Error error);
  void Grade(AssessmentPoint& point) const;

  std::string patient_id_;
  TimelineOptions options_;
  PatientSummary summary_;
  std::unique_ptr<State> state_;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_TIMELINE_H_
