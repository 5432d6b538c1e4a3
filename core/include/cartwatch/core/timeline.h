// The course of one patient from infusion (day 0): the findings and treatments recorded over time,
// graded assessment by assessment, with CRS and ICANS episodes, time in each grade and the
// response to each tocilizumab dose.
//
// Entries arrive in time order and are folded in one at a time, so a patient's state is bounded
// however long the record: a cohort of a million rows holds one state per patient, not the rows.
// Findings are carried forward from earlier entries only within stated limits (CarryLimits).
#ifndef CARTWATCH_CORE_TIMELINE_H_
#define CARTWATCH_CORE_TIMELINE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/enum_set.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/result.h"
#include "cartwatch/core/time.h"

namespace cartwatch::core {

struct Infusion {
  Product product = Product::kAxiCel;
  UnixSeconds time = 0;  // day 0, hour 0
};

// Raw blood pressure; hypotension is derived from it when no explicit flag is recorded.
struct BloodPressure {
  std::optional<double> systolic_mmhg;
  std::optional<double> mean_mmhg;
};

enum class TreatmentKind : std::uint8_t { kDrug, kFluidBolus };

struct Treatment {
  TreatmentKind kind = TreatmentKind::kDrug;
  Drug drug = Drug::kTocilizumab;  // read only when kind == kDrug
  std::optional<double> dose_mg;
};

// Everything recorded for one patient at one instant. `findings` holds only what was recorded at
// `time`; absent fields are "not recorded now" and may be carried from earlier entries.
struct TimelineEntry {
  UnixSeconds time = 0;
  std::uint64_t line = 0;  // first input line of the entry, for messages; 0 when unknown
  Assessment findings;
  BloodPressure blood_pressure;
  std::vector<Treatment> treatments;

  // True when the entry records any finding (not only treatments).
  bool HasFindings() const noexcept;
};

// Hypotension thresholds used when only blood pressure is recorded. Adults (age >= 18, or age
// unknown): systolic < 90 mmHg (SPEC A.2, a common convention, not ASTCT text) or MAP < 65 mmHg
// (SSC 2021). Children: the PALS systolic bands by age (not in the SPEC; UNCONFIRMED here).
struct HypotensionThresholds {
  double adult_systolic_below_mmhg = 90.0;
  double adult_mean_below_mmhg = 65.0;
  bool pediatric_bands = true;
};

// Findings that may be carried forward, each with its own limit.
enum class CarriedFinding : std::uint8_t {
  kTemperature,
  kBloodPressure,  // systolic, MAP and the explicit hypotension flag
  kVasopressors,   // agents, doses
  kOxygen,         // device, flow, FiO2, reason
  kNeuroScore,     // ICE (items or total), CAPD, level of consciousness
  kNeuroFindings,  // motor findings, signs of raised ICP
  kLegacy,         // organ toxicity grades, hospitalisation, IV therapy, coagulopathy
};
inline constexpr int kCarriedFindingCount = 7;
using CarriedSet = EnumSet<CarriedFinding, kCarriedFindingCount>;

// Hours a finding still holds after it was recorded. Seizures, death and treatments are events
// and are never carried; age and developmental delay hold for the whole course.
struct CarryLimits {
  std::array<double, kCarriedFindingCount> hours{
      8.0,   // temperature: vitals are charted every 4-8 h (SPEC H)
      8.0,   // blood pressure
      12.0,  // vasopressors
      12.0,  // oxygen support
      12.0,  // neuro scores: ICE/CAPD every 8-12 h (SPEC H)
      24.0,  // neuro findings
      24.0,  // legacy findings
  };
};

struct TimelineOptions {
  GradingSystemSet systems{GradingSystem::kAstct2019};  // CRS systems graded at each point
  CarryLimits carry;
  HypotensionThresholds hypotension;
  double tocilizumab_response_window_hours = 8.0;  // from the protocol's re-dose interval
  double max_gap_hours = 24.0;  // a longer silence inside an episode is reported as a gap
};

// One graded assessment on the course.
struct AssessmentPoint {
  UnixSeconds time = 0;
  std::optional<double> hours_post_infusion;
  std::uint64_t line = 0;
  Assessment effective;  // recorded plus carried plus derived findings, as graded
  BloodPressure blood_pressure;
  CarriedSet carried;    // findings taken from an earlier entry
  bool hypotension_from_vitals = false;  // `effective.hypotension` derived from blood pressure
  bool fever_masked_derived = false;     // `effective.fever_masked` derived from treatments
  Grading astct;                         // ASTCT 2019 CRS and ICANS
  std::array<std::optional<SyndromeGrading>, kGradingSystemCount> crs_by_system;  // requested
  std::vector<Treatment> treatments;  // given at this instant
};

enum class TocilizumabResponse : std::uint8_t {
  kResponded,   // the CRS grade fell below its value at the dose within the window
  kNoResponse,  // assessed within the window, the grade did not fall
  kUnknown,     // no assessment within the window
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
  UnixSeconds peak_time = 0;          // first time the peak grade was reached
  double time_to_peak_hours = 0.0;
  std::optional<UnixSeconds> resolution;  // first assessment back at grade 0
  std::optional<double> duration_hours;   // resolution - onset
  bool ongoing = false;                   // not resolved by the last assessment (censored)
  std::optional<double> longest_gap_hours;  // silence longer than max_gap_hours inside it
};

struct DrugUse {
  int doses = 0;
  std::optional<UnixSeconds> first;
};

// What the cohort needs of one patient: bounded size whatever the number of entries.
struct PatientSummary {
  std::string patient_id;
  std::optional<Infusion> infusion;
  std::uint64_t assessments = 0;
  std::optional<UnixSeconds> first_time;
  std::optional<UnixSeconds> last_time;
  std::vector<Episode> crs_episodes;
  std::vector<Episode> icans_episodes;
  std::array<double, 6> hours_in_crs_grade{};  // grade 0..5, each point held until the next
  std::array<double, 6> hours_in_icans_grade{};
  double hours_unobserved = 0.0;  // time beyond max_gap_hours between assessments
  // Highest CRS grade by each requested system (ASTCT at kAstct2019), and whether it is a lower
  // bound because a finding that system reads was missing.
  std::array<std::optional<int>, kGradingSystemCount> max_crs_grade;
  std::array<bool, kGradingSystemCount> max_crs_lower_bound{};
  int max_icans_grade = 0;
  bool max_icans_lower_bound = false;
  std::array<DrugUse, kDrugCount> drugs{};
  int fluid_boluses = 0;
  std::vector<TocilizumabDose> tocilizumab;
};

// The whole course of one patient, for the timeline views (text, JSON, CSV, SVG).
struct PatientCourse {
  GradingSystemSet systems;
  std::vector<AssessmentPoint> points;
  PatientSummary summary;
};

// Folds one patient's entries into graded points and a summary.
class PatientTimeline {
 public:
  PatientTimeline(std::string patient_id, TimelineOptions options);

  void SetInfusion(const Infusion& infusion);

  // Entries must come in strictly increasing time; an earlier or equal time is refused with
  // kOutOfOrder. Returns the graded point, or nullopt for an entry with treatments only.
  Result<std::optional<AssessmentPoint>> Add(const TimelineEntry& entry);

  const PatientSummary& summary() const noexcept { return summary_; }
  // Closes open episodes (marked ongoing) and returns the summary.
  PatientSummary Finish();

 private:
  struct State;
  std::string patient_id_;
  TimelineOptions options_;
  PatientSummary summary_;
  std::shared_ptr<State> state_;  // shared_ptr keeps the class copyable for tests
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_TIMELINE_H_
