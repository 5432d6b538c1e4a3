// Carry-forward and derived findings of one patient (carry_forward.h; docs/timeline.md).
#include "carry_forward.h"

#include <cmath>
#include <cstddef>

#include "cartwatch/core/hypotension.h"

namespace cartwatch::core {
namespace {

constexpr int kVasopressorCount = 5;

// A plain finding: one scalar value, carried on its own or for the whole course.
bool IsPlain(const FindingInfo& info) {
  const bool scalar = info.shape == Shape::kScalar || info.shape == Shape::kTemperature;
  return scalar && (info.hold == Hold::kCarried || info.hold == Hold::kWholeCourse);
}

std::size_t IndexOf(Finding finding) { return static_cast<std::size_t>(finding); }

}  // namespace

void CarryForward::Record(const TimelineEntry& entry, const TimelineOptions& options) {
  const UnixSeconds now = entry.time;
  for (const FindingInfo& info : Findings()) {
    if (IsPlain(info)) held_[IndexOf(info.id)].Record(info.access.get(entry), now);
  }
  const Assessment& f = entry.findings;
  oxygen_.Record(f.oxygen, now);
  if (f.neuro.ice_items || f.neuro.ice_total) {
    ice_.Record(IceRecord{f.neuro.ice_items, f.neuro.ice_total}, now);
  }
  capd_.Record(f.neuro.capd_total, now);
  consciousness_.Record(f.neuro.consciousness, now);
  icp_.Record(f.neuro.icp, now);
  RecordVasopressors(entry, options);

  for (const Treatment& treatment : entry.treatments) {
    if (treatment.kind == TreatmentKind::kFluidBolus) boluses_.push_back(now);
  }
  while (!boluses_.empty() &&
         HoursBetween(boluses_.front(), now) > options.fluid_bolus_window_hours) {
    boluses_.pop_front();
  }
}

void CarryForward::RecordVasopressors(const TimelineEntry& entry, const TimelineOptions& options) {
  const UnixSeconds now = entry.time;
  const Assessment& f = entry.findings;
  const double limit = options.carry.For(CarriedFinding::kVasopressors);
  for (int a = 0; a < kVasopressorCount; ++a) {
    const auto index = static_cast<std::size_t>(a);
    std::optional<bool> running = entry.vasopressor_running[index];
    if (!running && f.vasopressors) running = f.vasopressors->Contains(static_cast<Vasopressor>(a));
    if (!running) continue;
    AgentState& agent = agents_[index];
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
    const VasopressorDose& dose = f.legacy.vasopressor_doses[index];
    agent.dose.Record(dose.dose, now);
    if (dose.hours_running) {
      agent.run_start =
          now - static_cast<UnixSeconds>(std::llround(*dose.hours_running * kSecondsPerHour));
    }
  }
}

AssessmentPoint CarryForward::Effective(
    const TimelineEntry& entry, const TimelineOptions& options,
    const std::optional<Infusion>& infusion,
    const std::optional<TimedTreatment>& fever_masked_by) const {
  const CarryLimits& limits = options.carry;
  const UnixSeconds now = entry.time;
  AssessmentPoint point;
  point.time = now;
  point.line = entry.line;
  if (infusion) {
    point.hours_post_infusion = HoursBetween(infusion->time, now);
    point.before_infusion = now < infusion->time;
  }

  // The plain findings, through their descriptors: recorded now or carried within the limit of
  // their group; age and developmental delay for the whole course; events only when recorded now.
  TimelineEntry effective;
  for (const FindingInfo& info : Findings()) {
    if (info.shape != Shape::kScalar && info.shape != Shape::kTemperature) continue;
    const Held<ScalarValue>& held = held_[IndexOf(info.id)];
    std::optional<ScalarValue> value;
    switch (info.hold) {
      case Hold::kWholeCourse:
        value = held.value;
        break;
      case Hold::kCarried: {
        bool carried = false;
        value = held.At(now, limits.For(info.group), carried);
        if (carried) point.carried.Add(info.group);
        break;
      }
      case Hold::kNever:
        value = info.access.get(entry);
        break;
      case Hold::kWithRecord:
        break;  // below, with their records
    }
    if (value) info.access.set(effective, *value);
  }
  point.effective = std::move(effective.findings);
  point.blood_pressure = effective.blood_pressure;

  EffectiveVasopressors(now, limits.For(CarriedFinding::kVasopressors), point);

  bool carried = false;
  point.effective.oxygen = oxygen_.At(now, limits.For(CarriedFinding::kOxygen), carried);
  if (carried) point.carried.Add(CarriedFinding::kOxygen);

  EffectiveNeuroScore(now, limits.For(CarriedFinding::kNeuroScore), point);

  carried = false;
  point.effective.neuro.icp = icp_.At(now, limits.For(CarriedFinding::kNeuroFindings), carried);
  if (carried) point.carried.Add(CarriedFinding::kNeuroFindings);

  Derive(entry, options, fever_masked_by, point);
  return point;
}

// The agents whose last record is within the limit; running ones are in the set.
void CarryForward::EffectiveVasopressors(UnixSeconds now, double limit,
                                         AssessmentPoint& point) const {
  Assessment& e = point.effective;
  bool carried = false;
  for (int a = 0; a < kVasopressorCount; ++a) {
    const auto index = static_cast<std::size_t>(a);
    const AgentState& agent = agents_[index];
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
}

// Neuro scores. A value recorded now overrides a carried one it contradicts: an unarousable
// patient cannot perform ICE or CAPD, and one who performs them is arousable.
void CarryForward::EffectiveNeuroScore(UnixSeconds now, double limit,
                                       AssessmentPoint& point) const {
  bool unused = false;
  std::optional<IceRecord> ice = ice_.At(now, limit, unused);
  std::optional<int> capd = capd_.At(now, limit, unused);
  std::optional<Consciousness> consciousness = consciousness_.At(now, limit, unused);
  if (consciousness == Consciousness::kUnarousable) {
    // The later record wins, whether recorded now or carried: a score older than the finding
    // "unarousable" is stale, and a patient scored since then has woken. Records of the same
    // instant stay together (and are refused by validation as contradictory).
    const UnixSeconds unarousable_since = consciousness_.time;
    if (ice && ice_.time < unarousable_since) ice.reset();
    if (capd && capd_.time < unarousable_since) capd.reset();
    const bool scored_later =
        (ice && ice_.time > unarousable_since) || (capd && capd_.time > unarousable_since);
    if (scored_later) consciousness.reset();
  }
  NeuroAssessment& neuro = point.effective.neuro;
  if (ice) {
    neuro.ice_items = ice->items;
    neuro.ice_total = ice->total;
  }
  neuro.capd_total = capd;
  neuro.consciousness = consciousness;
  const bool carried = (ice && !ice_.RecordedAt(now)) || (capd && !capd_.RecordedAt(now)) ||
                       (consciousness && !consciousness_.RecordedAt(now));
  if (carried) point.carried.Add(CarriedFinding::kNeuroScore);
}

void CarryForward::Derive(const TimelineEntry& entry, const TimelineOptions& options,
                          const std::optional<TimedTreatment>& fever_masked_by,
                          AssessmentPoint& point) const {
  const UnixSeconds now = entry.time;
  Assessment& e = point.effective;
  const bool any_vasopressor = e.vasopressors && !e.vasopressors->Empty();
  // A vasopressor recorded running now overrides a carried "no hypotension".
  if (e.hypotension == false && any_vasopressor &&
      !held_[IndexOf(Finding::kHypotension)].RecordedAt(now)) {
    e.hypotension.reset();
  }
  // Hypotension from blood pressure when no flag holds. With a vasopressor running a normal
  // pressure proves nothing (the drug holds it up): the flag stays absent, and the running
  // vasopressor already counts as hypotension (ASTCT 2019).
  if (!e.hypotension) {
    const std::optional<VitalsHypotension> vitals =
        HypotensionFromVitals(point.blood_pressure, e.age_years, options.hypotension);
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
    e.fever_masked = fever_masked_by.has_value();
    point.fever_masked_derived = true;
    point.fever_masked_by = fever_masked_by;
  }
  LegacyCrsFindings& legacy = e.legacy;
  if (entry.findings.legacy.fluid_boluses) {
    legacy.fluid_boluses = entry.findings.legacy.fluid_boluses;  // a count, never carried
  } else if (crs_findings) {
    legacy.fluid_boluses = static_cast<int>(boluses_.size());
    point.fluid_boluses_derived = true;
  }
}

}  // namespace cartwatch::core
