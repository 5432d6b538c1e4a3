// The timeline engine: carry-forward, derived findings, grading and the bounded summary of one
// patient's course. The rules are described in docs/timeline.md.
#include "cartwatch/core/timeline.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <utility>

#include "cartwatch/core/validate.h"

namespace cartwatch::core {
namespace {

constexpr int kVasopressorCount = 5;
constexpr int kMaxGrade = 5;

// ASTCT 2019 CRS table footnote (footnote 2): antipyretic or anti-cytokine therapy, the
// paper's examples being tocilizumab and steroids. Levetiracetam (seizure prophylaxis) is neither.
constexpr bool MasksFever(Drug drug) {
  switch (drug) {
    case Drug::kTocilizumab:
    case Drug::kSiltuximab:
    case Drug::kAnakinra:
    case Drug::kDexamethasone:
    case Drug::kMethylprednisolone:
    case Drug::kParacetamol:
    case Drug::kIbuprofen:
      return true;
    case Drug::kLevetiracetam:
      return false;
  }
  return false;
}

// The last recorded value of a finding and when it was recorded.
template <typename T>
struct Held {
  std::optional<T> value;
  UnixSeconds time = 0;

  void Record(const std::optional<T>& recorded, UnixSeconds now) {
    if (!recorded) return;
    value = recorded;
    time = now;
  }
  bool RecordedAt(UnixSeconds now) const { return value && time == now; }
  // Recorded now, or carried while now - recorded <= limit. Sets `carried` when carried.
  std::optional<T> At(UnixSeconds now, double limit_hours, bool& carried) const {
    if (!value) return std::nullopt;
    if (time == now) return value;
    if (HoursBetween(time, now) > limit_hours) return std::nullopt;
    carried = true;
    return value;
  }
};

struct IceRecord {
  std::optional<IceItems> items;
  std::optional<int> total;
};

struct AgentState {
  std::optional<bool> running;  // the last record: true running, false stopped
  UnixSeconds recorded = 0;
  UnixSeconds run_start = 0;
  Held<double> dose;  // within the current run
};

struct GradeDigest {
  bool assessed = false;
  int grade = 0;
  int max_possible = 0;
};

GradeDigest DigestOf(const SyndromeGrading& grading) {
  return {grading.assessed, grading.grade, grading.max_possible_grade};
}

// Episodes and time in grade of one syndrome.
struct SyndromeTrack {
  std::optional<std::size_t> open;  // index of the open episode
  int episode_max_possible = 0;
  std::optional<UnixSeconds> last_time;
  int last_grade = 0;
};

struct PendingDose {
  std::size_t index;  // into summary.tocilizumab
  bool assessed_in_window = false;
};

std::string LineText(std::uint64_t line) {
  return line == 0 ? std::string() : " (line " + std::to_string(line) + ")";
}

}  // namespace

// What the summary needs of a graded point or a treatment; kept apart while the infusion is not
// known.
struct PatientTimeline::Event {
  UnixSeconds time = 0;
  bool is_point = false;
  GradeDigest crs;
  GradeDigest icans;
  std::array<GradeDigest, kGradingSystemCount> systems{};  // kAstct2019 always, others requested
  Treatment treatment;                                     // when !is_point
};

struct PatientTimeline::State {
  std::optional<Error> error;  // a refusal spoils the timeline
  bool finished = false;
  std::optional<UnixSeconds> last_entry_time;
  std::uint64_t last_entry_line = 0;

  // Carry-forward.
  Held<double> age;  // the whole course
  Held<bool> developmental_delay;
  Held<double> temperature;
  Held<bool> fever_other_cause;
  Held<bool> fever_masked;
  Held<double> systolic;
  Held<double> mean;
  Held<bool> hypotension;
  std::array<AgentState, kVasopressorCount> agents{};
  Held<OxygenSupport> oxygen;
  Held<IceRecord> ice;
  Held<int> capd;
  Held<Consciousness> consciousness;
  Held<Seizure> seizure;
  Held<MotorFinding> motor;
  Held<IcpFindingSet> icp;
  Held<bool> hospitalised;
  Held<bool> iv_therapy;
  Held<bool> refractory;
  Held<bool> coagulopathy;
  Held<int> creatinine;
  Held<int> transaminases;
  Held<int> other_organ;

  // Derived findings.
  // A CRS episode is open: since the last CRS grade >= 1 (any point, baseline included), CRS has
  // not been at grade 0 for longer than the merge window.
  bool crs_open = false;
  std::optional<UnixSeconds> crs_resolved_at;  // first grade 0 after the last grade >= 1
  bool masked = false;                         // a fever-masking drug was given while CRS was open
  std::deque<UnixSeconds> boluses;             // times of boluses within the window

  // Events waiting for the infusion.
  std::vector<Event> held_events;
  bool folded_without_infusion = false;
  std::optional<UnixSeconds> last_folded_time;

  // Summary state.
  SyndromeTrack crs;
  SyndromeTrack icans;
  std::array<int, kGradingSystemCount> crs_max_possible{};
  int icans_max_possible = 0;
  std::vector<PendingDose> pending_doses;
};

PatientTimeline::PatientTimeline(std::string patient_id, TimelineOptions options)
    : patient_id_(std::move(patient_id)),
      options_(std::move(options)),
      state_(std::make_unique<State>()) {
  summary_.patient_id = patient_id_;
}

PatientTimeline::~PatientTimeline() = default;
PatientTimeline::PatientTimeline(PatientTimeline&& other) noexcept = default;
PatientTimeline& PatientTimeline::operator=(PatientTimeline&& other) noexcept = default;
PatientTimeline::PatientTimeline(const PatientTimeline& other)
    : patient_id_(other.patient_id_),
      options_(other.options_),
      summary_(other.summary_),
      state_(std::make_unique<State>(*other.state_)) {}
PatientTimeline& PatientTimeline::operator=(const PatientTimeline& other) {
  if (this != &other) *this = PatientTimeline(other);
  return *this;
}

bool TimelineEntry::HasFindings() const noexcept {
  const Assessment& f = findings;
  const NeuroAssessment& n = f.neuro;
  const LegacyCrsFindings& l = f.legacy;
  const bool vasopressor = std::any_of(vasopressor_running.begin(), vasopressor_running.end(),
                                       [](const std::optional<bool>& v) { return v.has_value(); });
  const bool dose = std::any_of(l.vasopressor_doses.begin(), l.vasopressor_doses.end(),
                                [](const VasopressorDose& d) { return d.dose || d.hours_running; });
  return f.age_years || f.temperature_celsius || f.fever_other_cause || f.fever_masked ||
         f.hypotension || f.vasopressors || f.oxygen || n.ice_items || n.ice_total ||
         n.capd_total || n.developmental_delay || n.consciousness || n.seizure || n.motor ||
         n.icp || dose || l.fluid_boluses || l.hospitalised_for_crs || l.iv_therapy_for_crs ||
         l.hypotension_refractory || l.coagulopathy_needing_products ||
         l.organ_toxicity.creatinine || l.organ_toxicity.transaminases || l.organ_toxicity.other ||
         f.crs_death || f.icans_death || blood_pressure.systolic_mmhg || blood_pressure.mean_mmhg ||
         vasopressor;
}

// ---- Summary folding -------------------------------------------------------------------------

namespace {

struct SyndromeOut {
  Syndrome syndrome;
  std::vector<Episode>& episodes;
  std::array<double, 6>& hours_in_grade;
  double& hours_unobserved;
  std::array<std::int8_t, kDaysTracked>& by_day;
};

void FoldSyndrome(SyndromeTrack& track, SyndromeOut out, const GradeDigest& digest,
                  UnixSeconds time, std::optional<int> day, double max_gap_hours,
                  double merge_hours) {
  if (!digest.assessed) return;
  const int grade = std::clamp(digest.grade, 0, kMaxGrade);
  std::optional<double> gap;
  if (track.last_time) {
    gap = HoursBetween(*track.last_time, time);
    const double held = std::min(*gap, max_gap_hours);
    out.hours_in_grade[static_cast<std::size_t>(track.last_grade)] += held;
    out.hours_unobserved += *gap - held;
  }
  if (day && *day >= 0 && *day < kDaysTracked) {
    std::int8_t& cell = out.by_day[static_cast<std::size_t>(*day)];
    cell = std::max(cell, static_cast<std::int8_t>(grade));
  }
  if (track.open) {
    Episode& episode = out.episodes[*track.open];
    if (gap && *gap > max_gap_hours) {
      episode.longest_gap_hours = std::max(episode.longest_gap_hours.value_or(0.0), *gap);
    }
    const bool merge_window_over =
        episode.resolution && HoursBetween(*episode.resolution, time) > merge_hours;
    if (merge_window_over) track.open.reset();  // the resolution stands
  }
  if (track.open) {
    Episode& episode = out.episodes[*track.open];
    if (grade == 0) {
      // Resolved unless the syndrome returns within the merge window.
      if (!episode.resolution) {
        episode.resolution = time;
        episode.duration_hours = HoursBetween(episode.onset, time);
      }
    } else {
      episode.resolution.reset();
      episode.duration_hours.reset();
      if (grade > episode.peak_grade) {
        episode.peak_grade = grade;
        episode.peak_time = time;
        episode.time_to_peak_hours = HoursBetween(episode.onset, time);
      }
      track.episode_max_possible = std::max(track.episode_max_possible, digest.max_possible);
      episode.peak_lower_bound = track.episode_max_possible > episode.peak_grade;
    }
  } else if (grade >= 1) {
    Episode episode;
    episode.syndrome = out.syndrome;
    episode.onset = time;
    episode.peak_grade = grade;
    episode.peak_time = time;
    episode.peak_lower_bound = digest.max_possible > grade;
    track.episode_max_possible = digest.max_possible;
    out.episodes.push_back(episode);
    track.open = out.episodes.size() - 1;
  }
  track.last_time = time;
  track.last_grade = grade;
}

}  // namespace

// ---- State: folding events into the summary ----------------------------------------------------

namespace {

void ResetSummary(PatientSummary& summary) {
  PatientSummary fresh;
  fresh.patient_id = std::move(summary.patient_id);
  fresh.infusion = summary.infusion;
  fresh.baseline_assessments = summary.baseline_assessments + summary.assessments;
  summary = std::move(fresh);
}

}  // namespace

void PatientTimeline::Fold(const Event& event) {
  State& state = *state_;
  PatientSummary& summary = summary_;
  state.last_folded_time = event.time;
  if (!event.is_point) {
    const Treatment& treatment = event.treatment;
    if (treatment.kind == TreatmentKind::kFluidBolus) {
      ++summary.fluid_boluses;
      return;
    }
    DrugUse& use = summary.drugs[static_cast<std::size_t>(treatment.drug)];
    ++use.doses;
    if (!use.first) use.first = event.time;
    if (treatment.drug != Drug::kTocilizumab) return;
    TocilizumabDose dose;
    dose.time = event.time;
    dose.dose_mg = treatment.dose_mg;
    // The latest CRS grade at or before the dose: a point at the same instant was folded first.
    dose.crs_grade_at_dose = state.crs.last_time ? state.crs.last_grade : 0;
    summary.tocilizumab.push_back(dose);
    if (dose.crs_grade_at_dose > 0) {
      state.pending_doses.push_back({summary.tocilizumab.size() - 1, false});
    }
    return;
  }

  ++summary.assessments;
  if (event.crs.assessed) ++summary.crs_assessments;
  if (event.icans.assessed) ++summary.icans_assessments;
  if (!summary.first_time) summary.first_time = event.time;
  summary.last_time = event.time;
  std::optional<int> day;
  if (summary.infusion) {
    day = DayAfterInfusion(HoursBetween(summary.infusion->time, event.time));
  }
  FoldSyndrome(state.crs,
               {Syndrome::kCrs, summary.crs_episodes, summary.hours_in_crs_grade,
                summary.hours_unobserved, summary.crs_grade_by_day},
               event.crs, event.time, day, options_.max_gap_hours, options_.episode_merge_hours);
  FoldSyndrome(state.icans,
               {Syndrome::kIcans, summary.icans_episodes, summary.hours_in_icans_grade,
                summary.icans_hours_unobserved, summary.icans_grade_by_day},
               event.icans, event.time, day, options_.max_gap_hours, options_.episode_merge_hours);

  if (event.crs.assessed) {
    // Tocilizumab response: a lower grade within (dose, dose + window].
    auto& pending = state.pending_doses;
    for (auto it = pending.begin(); it != pending.end();) {
      TocilizumabDose& dose = summary.tocilizumab[it->index];
      const double after = HoursBetween(dose.time, event.time);
      if (after > options_.tocilizumab_response_window_hours) {
        dose.response = it->assessed_in_window ? TocilizumabResponse::kNoResponse
                                               : TocilizumabResponse::kUnknown;
        it = pending.erase(it);
      } else if (event.crs.grade < dose.crs_grade_at_dose) {
        dose.response = TocilizumabResponse::kResponded;
        dose.response_time = event.time;
        it = pending.erase(it);
      } else {
        it->assessed_in_window = true;
        ++it;
      }
    }
  }

  for (int s = 0; s < kGradingSystemCount; ++s) {
    const GradeDigest& digest = event.systems[static_cast<std::size_t>(s)];
    if (!digest.assessed) continue;
    const auto index = static_cast<std::size_t>(s);
    summary.max_crs_grade[index] = std::max(summary.max_crs_grade[index].value_or(0), digest.grade);
    state.crs_max_possible[index] = std::max(state.crs_max_possible[index], digest.max_possible);
    summary.max_crs_lower_bound[index] =
        state.crs_max_possible[index] > *summary.max_crs_grade[index];
  }
  if (event.icans.assessed) {
    summary.max_icans_grade = std::max(summary.max_icans_grade, event.icans.grade);
    state.icans_max_possible = std::max(state.icans_max_possible, event.icans.max_possible);
    summary.max_icans_lower_bound = state.icans_max_possible > summary.max_icans_grade;
  }
}

void PatientTimeline::Emit(const Event& event) {
  State& state = *state_;
  if (!summary_.infusion) {
    if (!state.folded_without_infusion && state.held_events.size() < kMaxHeldBeforeInfusion) {
      state.held_events.push_back(event);
      return;
    }
    if (!state.folded_without_infusion) {
      // A long record with no infusion: fold it as a course without day 0.
      state.folded_without_infusion = true;
      for (const Event& held : state.held_events) Fold(held);
      state.held_events.clear();
      state.held_events.shrink_to_fit();
    }
    Fold(event);
    return;
  }
  if (event.time < summary_.infusion->time) {
    if (event.is_point) ++summary_.baseline_assessments;
    return;
  }
  Fold(event);
}

void PatientTimeline::Spoil(Error error) {
  if (!state_->error) state_->error = std::move(error);
}

void PatientTimeline::SetInfusion(const Infusion& infusion) {
  State& state = *state_;
  if (summary_.infusion) {
    if (summary_.infusion->time == infusion.time &&
        summary_.infusion->product == infusion.product) {
      return;
    }
    Spoil({ErrorCode::kContradictory, "infusion", FormatRfc3339Utc(infusion.time),
           "patient " + patient_id_ + " has two different infusions (" +
               FormatRfc3339Utc(summary_.infusion->time) + " and " +
               FormatRfc3339Utc(infusion.time) + "); a timeline follows one infusion",
           ""});
    return;
  }
  if (state.folded_without_infusion) {
    if (state.last_folded_time && *state.last_folded_time >= infusion.time) {
      Spoil({ErrorCode::kOutOfOrder, "infusion", FormatRfc3339Utc(infusion.time),
             "patient " + patient_id_ + ": the infusion at " + FormatRfc3339Utc(infusion.time) +
                 " comes after more than " + std::to_string(kMaxHeldBeforeInfusion) +
                 " records, some of them later than it; record the infusion first",
             ""});
      return;
    }
    // Every record so far precedes the infusion: baseline.
    ResetSummary(summary_);
    state.crs = {};
    state.icans = {};
    state.crs_max_possible = {};
    state.icans_max_possible = 0;
    state.pending_doses.clear();
    state.folded_without_infusion = false;
  }
  summary_.infusion = infusion;
  std::vector<Event> held = std::move(state.held_events);
  state.held_events = {};
  for (const Event& event : held) Emit(event);
}

// ---- Carry-forward and derived findings --------------------------------------------------------

void PatientTimeline::Record(const TimelineEntry& entry) {
  State& state = *state_;
  const UnixSeconds now = entry.time;
  const Assessment& f = entry.findings;
  state.age.Record(f.age_years, now);
  state.developmental_delay.Record(f.neuro.developmental_delay, now);
  state.temperature.Record(f.temperature_celsius, now);
  state.fever_other_cause.Record(f.fever_other_cause, now);
  state.fever_masked.Record(f.fever_masked, now);
  state.systolic.Record(entry.blood_pressure.systolic_mmhg, now);
  state.mean.Record(entry.blood_pressure.mean_mmhg, now);
  state.hypotension.Record(f.hypotension, now);
  state.oxygen.Record(f.oxygen, now);
  if (f.neuro.ice_items || f.neuro.ice_total) {
    state.ice.Record(IceRecord{f.neuro.ice_items, f.neuro.ice_total}, now);
  }
  state.capd.Record(f.neuro.capd_total, now);
  state.consciousness.Record(f.neuro.consciousness, now);
  state.seizure.Record(f.neuro.seizure, now);
  state.motor.Record(f.neuro.motor, now);
  state.icp.Record(f.neuro.icp, now);
  const LegacyCrsFindings& legacy = f.legacy;
  state.hospitalised.Record(legacy.hospitalised_for_crs, now);
  state.iv_therapy.Record(legacy.iv_therapy_for_crs, now);
  state.refractory.Record(legacy.hypotension_refractory, now);
  state.coagulopathy.Record(legacy.coagulopathy_needing_products, now);
  state.creatinine.Record(legacy.organ_toxicity.creatinine, now);
  state.transaminases.Record(legacy.organ_toxicity.transaminases, now);
  state.other_organ.Record(legacy.organ_toxicity.other, now);

  const double limit = options_.carry.For(CarriedFinding::kVasopressors);
  for (int a = 0; a < kVasopressorCount; ++a) {
    const auto index = static_cast<std::size_t>(a);
    std::optional<bool> running = entry.vasopressor_running[index];
    if (!running && f.vasopressors) running = f.vasopressors->Contains(static_cast<Vasopressor>(a));
    if (!running) continue;
    AgentState& agent = state.agents[index];
    if (!*running) {
      agent = AgentState{false, now, now, {}};
      continue;
    }
    // A run goes on while it is recorded running within the carry limit; otherwise a new run
    // starts now (the agent may have started earlier: hours_running is then a lower bound).
    const bool continuing = agent.running == true && HoursBetween(agent.recorded, now) <= limit;
    if (!continuing) agent = AgentState{true, now, now, {}};
    agent.running = true;
    agent.recorded = now;
    const VasopressorDose& dose = legacy.vasopressor_doses[index];
    agent.dose.Record(dose.dose, now);
    if (dose.hours_running) {
      agent.run_start =
          now - static_cast<UnixSeconds>(std::llround(*dose.hours_running * kSecondsPerHour));
    }
  }

  for (const Treatment& treatment : entry.treatments) {
    if (treatment.kind == TreatmentKind::kFluidBolus) state.boluses.push_back(now);
  }
  while (!state.boluses.empty() &&
         HoursBetween(state.boluses.front(), now) > options_.fluid_bolus_window_hours) {
    state.boluses.pop_front();
  }
}

// NOLINTNEXTLINE(readability-function-size): 138 lines, to be split
AssessmentPoint PatientTimeline::Effective(const TimelineEntry& entry) const {
  const State& state = *state_;
  const CarryLimits& limits = options_.carry;
  const UnixSeconds now = entry.time;
  AssessmentPoint point;
  point.time = now;
  point.line = entry.line;
  if (summary_.infusion) {
    point.hours_post_infusion = HoursBetween(summary_.infusion->time, now);
    point.before_infusion = now < summary_.infusion->time;
  }
  Assessment& e = point.effective;

  // Age and developmental delay hold for the whole course.
  e.age_years = state.age.value;
  e.neuro.developmental_delay = state.developmental_delay.value;

  bool carried = false;
  double limit = limits.For(CarriedFinding::kTemperature);
  e.temperature_celsius = state.temperature.At(now, limit, carried);
  e.fever_other_cause = state.fever_other_cause.At(now, limit, carried);
  e.fever_masked = state.fever_masked.At(now, limit, carried);
  if (carried) point.carried.Add(CarriedFinding::kTemperature);

  carried = false;
  limit = limits.For(CarriedFinding::kBloodPressure);
  point.blood_pressure.systolic_mmhg = state.systolic.At(now, limit, carried);
  point.blood_pressure.mean_mmhg = state.mean.At(now, limit, carried);
  e.hypotension = state.hypotension.At(now, limit, carried);
  if (carried) point.carried.Add(CarriedFinding::kBloodPressure);

  // Vasopressors: the agents whose last record is within the limit; running ones are in the set.
  carried = false;
  limit = limits.For(CarriedFinding::kVasopressors);
  for (int a = 0; a < kVasopressorCount; ++a) {
    const auto index = static_cast<std::size_t>(a);
    const AgentState& agent = state.agents[index];
    if (!agent.running || HoursBetween(agent.recorded, now) > limit) continue;
    if (agent.recorded != now) carried = true;
    if (!e.vasopressors) e.vasopressors = VasopressorSet{};
    if (!*agent.running) continue;
    e.vasopressors->Add(static_cast<Vasopressor>(a));
    VasopressorDose& dose = e.legacy.vasopressor_doses[index];
    dose.dose = agent.dose.At(now, limit, carried);
    dose.hours_running = HoursBetween(agent.run_start, now);
  }
  if (carried) point.carried.Add(CarriedFinding::kVasopressors);

  carried = false;
  e.oxygen = state.oxygen.At(now, limits.For(CarriedFinding::kOxygen), carried);
  if (carried) point.carried.Add(CarriedFinding::kOxygen);

  // Neuro scores. A value recorded now overrides a carried one it contradicts: an unarousable
  // patient cannot perform ICE or CAPD, and one who performs them is arousable.
  limit = limits.For(CarriedFinding::kNeuroScore);
  bool unused = false;
  std::optional<IceRecord> ice = state.ice.At(now, limit, unused);
  std::optional<int> capd = state.capd.At(now, limit, unused);
  std::optional<Consciousness> consciousness = state.consciousness.At(now, limit, unused);
  if (consciousness == Consciousness::kUnarousable) {
    // The later record wins, whether recorded now or carried: a score older than the finding
    // "unarousable" is stale, and a patient scored since then has woken. Records of the same
    // instant stay together (and are refused by validation as contradictory).
    const UnixSeconds unarousable_since = state.consciousness.time;
    if (ice && state.ice.time < unarousable_since) ice.reset();
    if (capd && state.capd.time < unarousable_since) capd.reset();
    const bool scored_later = (ice && state.ice.time > unarousable_since) ||
                              (capd && state.capd.time > unarousable_since);
    if (scored_later) consciousness.reset();
  }
  if (ice) {
    e.neuro.ice_items = ice->items;
    e.neuro.ice_total = ice->total;
  }
  e.neuro.capd_total = capd;
  e.neuro.consciousness = consciousness;
  carried = false;
  e.neuro.seizure = state.seizure.At(now, limit, carried);
  carried = carried || (ice && !state.ice.RecordedAt(now)) ||
            (capd && !state.capd.RecordedAt(now)) ||
            (consciousness && !state.consciousness.RecordedAt(now));
  if (carried) point.carried.Add(CarriedFinding::kNeuroScore);

  carried = false;
  limit = limits.For(CarriedFinding::kNeuroFindings);
  e.neuro.motor = state.motor.At(now, limit, carried);
  e.neuro.icp = state.icp.At(now, limit, carried);
  if (carried) point.carried.Add(CarriedFinding::kNeuroFindings);

  carried = false;
  limit = limits.For(CarriedFinding::kLegacy);
  LegacyCrsFindings& legacy = e.legacy;
  legacy.hospitalised_for_crs = state.hospitalised.At(now, limit, carried);
  legacy.iv_therapy_for_crs = state.iv_therapy.At(now, limit, carried);
  legacy.hypotension_refractory = state.refractory.At(now, limit, carried);
  legacy.coagulopathy_needing_products = state.coagulopathy.At(now, limit, carried);
  legacy.organ_toxicity.creatinine = state.creatinine.At(now, limit, carried);
  legacy.organ_toxicity.transaminases = state.transaminases.At(now, limit, carried);
  legacy.organ_toxicity.other = state.other_organ.At(now, limit, carried);
  if (carried) point.carried.Add(CarriedFinding::kLegacy);

  // Events: only what was recorded now.
  e.crs_death = entry.findings.crs_death;
  e.icans_death = entry.findings.icans_death;

  const bool any_vasopressor = e.vasopressors && !e.vasopressors->Empty();
  // A vasopressor recorded running now overrides a carried "no hypotension".
  if (e.hypotension == false && any_vasopressor && !state.hypotension.RecordedAt(now)) {
    e.hypotension.reset();
  }
  // Hypotension from blood pressure when no flag holds. With a vasopressor running a normal
  // pressure proves nothing (the drug holds it up): the flag stays absent, and the running
  // vasopressor already counts as hypotension (ASTCT 2019).
  if (!e.hypotension) {
    const std::optional<VitalsHypotension> vitals =
        HypotensionFromVitals(point.blood_pressure, e.age_years, options_.hypotension);
    if (vitals && (vitals->hypotension || !any_vasopressor)) {
      e.hypotension = vitals->hypotension;
      point.hypotension_from_vitals = true;
      point.hypotension_rule = vitals->rule;
    }
  }

  // Derived from treatments, only when the point has CRS findings of its own (a derived flag alone
  // would make a neuro-only point look like a CRS assessment).
  const bool crs_findings =
      e.temperature_celsius || e.hypotension || e.vasopressors || e.oxygen || e.crs_death;
  if (crs_findings && !e.fever_masked) {
    e.fever_masked = state.masked;
    point.fever_masked_derived = true;
  }
  if (entry.findings.legacy.fluid_boluses) {
    legacy.fluid_boluses = entry.findings.legacy.fluid_boluses;  // a count, never carried
  } else if (crs_findings) {
    legacy.fluid_boluses = static_cast<int>(state.boluses.size());
    point.fluid_boluses_derived = true;
  }
  return point;
}

// ---- Grading and the public calls --------------------------------------------------------------

std::string_view CodeOf(CarriedFinding finding) noexcept {
  switch (finding) {
    case CarriedFinding::kTemperature:
      return "temperature";
    case CarriedFinding::kBloodPressure:
      return "blood_pressure";
    case CarriedFinding::kVasopressors:
      return "vasopressors";
    case CarriedFinding::kOxygen:
      return "oxygen";
    case CarriedFinding::kNeuroScore:
      return "neuro_score";
    case CarriedFinding::kNeuroFindings:
      return "neuro_findings";
    case CarriedFinding::kLegacy:
      return "legacy";
  }
  return "";
}

void PatientTimeline::Grade(AssessmentPoint& point) const {
  point.astct = GradeAstct2019(point.effective);
  for (const GradingSystemInfo& info : GradingSystems()) {
    if (!options_.systems.Contains(info.id)) continue;
    const auto index = static_cast<std::size_t>(info.id);
    point.crs_by_system[index] = info.id == GradingSystem::kAstct2019
                                     ? static_cast<const SyndromeGrading&>(point.astct.crs)
                                     : GradeCrs(info.id, point.effective);
  }
}

Result<std::optional<AssessmentPoint>> PatientTimeline::Add(const TimelineEntry& entry) {
  State& state = *state_;
  if (state.error) return *state.error;
  if (state.finished) {
    return Error{ErrorCode::kInternal, "time", FormatRfc3339Utc(entry.time),
                 "patient " + patient_id_ + ": entry added after the timeline was finished", ""};
  }
  if (state.last_entry_time && entry.time <= *state.last_entry_time) {
    Spoil({ErrorCode::kOutOfOrder, "time", FormatRfc3339Utc(entry.time),
           "patient " + patient_id_ + ": the entry at " + FormatRfc3339Utc(entry.time) +
               LineText(entry.line) + " is not after the previous entry at " +
               FormatRfc3339Utc(*state.last_entry_time) + LineText(state.last_entry_line) +
               "; a patient's records must come in increasing time",
           ""});
    return *state.error;
  }
  state.last_entry_time = entry.time;
  state.last_entry_line = entry.line;
  Record(entry);

  if (state.crs_open && state.crs_resolved_at &&
      HoursBetween(*state.crs_resolved_at, entry.time) > options_.episode_merge_hours) {
    state.crs_open = false;  // resolved for longer than the merge window: masking has ended
    state.masked = false;
  }
  std::optional<AssessmentPoint> point;
  if (entry.HasFindings()) {
    point = Effective(entry);
    std::vector<Error> errors = Validate(point->effective);
    if (!errors.empty()) {
      Error error = std::move(errors.front());
      error.message += " (patient " + patient_id_ + ", entry at " + FormatRfc3339Utc(entry.time) +
                       LineText(entry.line);
      if (!point->carried.Empty()) {
        error.message += "; with findings carried from earlier entries:";
        for (int c = 0; c < kCarriedFindingCount; ++c) {
          const auto finding = static_cast<CarriedFinding>(c);
          if (point->carried.Contains(finding)) error.message += " " + std::string(CodeOf(finding));
        }
      }
      error.message += ")";
      Spoil(std::move(error));
      return *state.error;
    }
    Grade(*point);
    point->treatments = entry.treatments;

    Event event;
    event.time = entry.time;
    event.is_point = true;
    event.crs = DigestOf(point->astct.crs);
    event.icans = DigestOf(point->astct.icans);
    event.systems[static_cast<std::size_t>(GradingSystem::kAstct2019)] = event.crs;
    for (std::size_t s = 0; s < point->crs_by_system.size(); ++s) {
      if (point->crs_by_system[s]) event.systems[s] = DigestOf(*point->crs_by_system[s]);
    }
    Emit(event);

    // Fever masking follows the CRS grade of every assessment: masking ends when CRS resolves.
    if (point->astct.crs.assessed) {
      // Masking lasts the episode, merge window included (see FoldSyndrome).
      if (point->astct.crs.grade >= 1) {
        state.crs_open = true;
        state.crs_resolved_at.reset();
      } else if (state.crs_open) {
        if (!state.crs_resolved_at) state.crs_resolved_at = entry.time;
        if (HoursBetween(*state.crs_resolved_at, entry.time) > options_.episode_merge_hours) {
          state.crs_open = false;
        }
      }
      if (!state.crs_open) state.masked = false;
    }
  }
  for (const Treatment& treatment : entry.treatments) {
    // Footnote 2: therapy masks fever only when given after CRS was diagnosed, not as prophylaxis.
    if (treatment.kind == TreatmentKind::kDrug && MasksFever(treatment.drug) && state.crs_open) {
      state.masked = true;
    }
    Event event;
    event.time = entry.time;
    event.treatment = treatment;
    Emit(event);
  }
  return point;
}

PatientSummary PatientTimeline::Finish() {
  State& state = *state_;
  if (state.finished) return summary_;
  state.finished = true;
  for (const Event& event : state.held_events) Fold(event);  // no infusion came
  state.held_events.clear();
  // An episode still open is ongoing unless it resolved and only its merge window is open.
  if (state.crs.open) {
    Episode& episode = summary_.crs_episodes[*state.crs.open];
    episode.ongoing = !episode.resolution;
  }
  if (state.icans.open) {
    Episode& episode = summary_.icans_episodes[*state.icans.open];
    episode.ongoing = !episode.resolution;
  }
  for (const PendingDose& pending : state.pending_doses) {
    summary_.tocilizumab[pending.index].response = pending.assessed_in_window
                                                       ? TocilizumabResponse::kNoResponse
                                                       : TocilizumabResponse::kUnknown;
  }
  state.pending_doses.clear();
  if (summary_.infusion) {
    for (std::vector<Episode>* episodes : {&summary_.crs_episodes, &summary_.icans_episodes}) {
      for (Episode& episode : *episodes) {
        episode.onset_hours = HoursBetween(summary_.infusion->time, episode.onset);
        episode.onset_day = DayAfterInfusion(*episode.onset_hours);
      }
    }
  }
  return summary_;
}

}  // namespace cartwatch::core
