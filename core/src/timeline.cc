// The timeline engine's orchestration: entries in time order, validation, grading, fever
// masking, and the events handed to the summary (held apart while the infusion is not known).
// Carry-forward is in carry_forward.cc, episode and summary folding in course_summary.cc; the
// rules are described in docs/timeline.md.
#include "cartwatch/core/timeline.h"

#include <algorithm>
#include <utility>

#include "carry_forward.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/unreachable.h"
#include "cartwatch/core/validate.h"
#include "course_summary.h"

namespace cartwatch::core {
namespace {

std::string LineText(std::uint64_t line) {
  return line == 0 ? std::string() : " (line " + std::to_string(line) + ")";
}

// The first validation error of an entry's effective findings, with the entry and the groups
// carried into it.
Error RefusalOf(Error error, const std::string& patient_id, const TimelineEntry& entry,
                const CarriedSet& carried) {
  error.message += " (patient " + patient_id + ", entry at " + FormatRfc3339Utc(entry.time) +
                   LineText(entry.line);
  if (!carried.Empty()) {
    error.message += "; with findings carried from earlier entries:";
    for (int c = 0; c < kCarriedFindingCount; ++c) {
      const auto finding = static_cast<CarriedFinding>(c);
      if (carried.Contains(finding)) error.message += " " + std::string(CodeOf(finding));
    }
  }
  error.message += ")";
  return error;
}

SummaryEvent PointEvent(const AssessmentPoint& point) {
  SummaryEvent event;
  event.time = point.time;
  event.is_point = true;
  event.crs = DigestOf(point.astct.crs);
  event.icans = DigestOf(point.astct.icans);
  event.systems[static_cast<std::size_t>(GradingSystem::kAstct2019)] = event.crs;
  for (std::size_t s = 0; s < point.crs_by_system.size(); ++s) {
    if (point.crs_by_system[s]) event.systems[s] = DigestOf(*point.crs_by_system[s]);
  }
  return event;
}

void ResetSummary(PatientSummary& summary) {
  PatientSummary fresh;
  fresh.patient_id = std::move(summary.patient_id);
  fresh.infusion = summary.infusion;
  fresh.baseline_assessments = summary.baseline_assessments + summary.assessments;
  summary = std::move(fresh);
}

}  // namespace

struct PatientTimeline::State {
  std::optional<Error> error;  // a refusal spoils the timeline
  bool finished = false;
  std::optional<UnixSeconds> last_entry_time;
  std::uint64_t last_entry_line = 0;

  CarryForward carry;

  // Fever masking. A CRS episode is open: since the last CRS grade >= 1 (any point, baseline
  // included), CRS has not been at grade 0 for longer than the merge window.
  bool crs_open = false;
  std::optional<UnixSeconds> crs_resolved_at;  // first grade 0 after the last grade >= 1
  // The first fever-masking dose given while CRS was open; masking lasts while it is set.
  std::optional<TimedTreatment> masked_by;

  // Ends the open CRS episode, and its masking, once CRS has been resolved for longer than the
  // merge window.
  void ExpireCrs(UnixSeconds time, double merge_hours) {
    if (crs_open && crs_resolved_at && HoursBetween(*crs_resolved_at, time) > merge_hours) {
      crs_open = false;
      masked_by.reset();
    }
  }

  // Fever masking follows the CRS grade of every assessment: masking ends when CRS resolves, and
  // lasts the episode, merge window included (see CourseSummary).
  void FollowCrs(const SyndromeGrading& crs, UnixSeconds time, double merge_hours) {
    if (!crs.assessed) return;
    if (crs.grade >= 1) {
      crs_open = true;
      crs_resolved_at.reset();
      return;
    }
    if (crs_open && !crs_resolved_at) crs_resolved_at = time;
    ExpireCrs(time, merge_hours);
  }

  // Events waiting for the infusion.
  std::vector<SummaryEvent> held_events;
  bool folded_without_infusion = false;

  CourseSummary course;
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
  for (const FindingInfo& info : Findings()) {
    switch (info.shape) {
      case Shape::kScalar:
      case Shape::kTemperature:
        if (info.access.get(*this)) return true;
        break;
      case Shape::kVasopressorDose: {
        const auto agent = static_cast<std::size_t>(VasopressorOf(info.id));
        const VasopressorDose& dose = findings.legacy.vasopressor_doses[agent];
        if (vasopressor_running[agent] || dose.dose || dose.hours_running) return true;
        break;
      }
      case Shape::kVasopressorsNone:
        if (findings.vasopressors) return true;
        break;
      case Shape::kIcpSign:
        if (findings.neuro.icp) return true;
        break;
      case Shape::kTreatment:
        break;  // treatments alone are not graded
    }
  }
  // An explicit bolus count and an ICE record without items are findings too (from JSON).
  return findings.legacy.fluid_boluses.has_value() || findings.neuro.ice_items.has_value();
}

void PatientTimeline::Emit(const SummaryEvent& event) {
  State& state = *state_;
  if (!summary_.infusion) {
    if (!state.folded_without_infusion && state.held_events.size() < kMaxHeldBeforeInfusion) {
      state.held_events.push_back(event);
      return;
    }
    if (!state.folded_without_infusion) {
      // A long record with no infusion: fold it as a course without day 0.
      state.folded_without_infusion = true;
      for (const SummaryEvent& held : state.held_events) {
        state.course.Fold(held, options_, summary_);
      }
      state.held_events.clear();
      state.held_events.shrink_to_fit();
    }
    state.course.Fold(event, options_, summary_);
    return;
  }
  if (event.time < summary_.infusion->time) {
    if (event.is_point) ++summary_.baseline_assessments;
    return;
  }
  state.course.Fold(event, options_, summary_);
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
    const std::optional<UnixSeconds> last_folded = state.course.last_folded_time();
    if (last_folded && *last_folded >= infusion.time) {
      Spoil({ErrorCode::kOutOfOrder, "infusion", FormatRfc3339Utc(infusion.time),
             "patient " + patient_id_ + ": the infusion at " + FormatRfc3339Utc(infusion.time) +
                 " comes after more than " + std::to_string(kMaxHeldBeforeInfusion) +
                 " records, some of them later than it; record the infusion first",
             ""});
      return;
    }
    // Every record so far precedes the infusion: baseline.
    ResetSummary(summary_);
    state.course.Reset();
    state.folded_without_infusion = false;
  }
  summary_.infusion = infusion;
  std::vector<SummaryEvent> held = std::move(state.held_events);
  state.held_events = {};
  for (const SummaryEvent& event : held) Emit(event);
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
  CARTWATCH_UNREACHABLE("unknown CarriedFinding");
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
  state.carry.Record(entry, options_);

  state.ExpireCrs(entry.time, options_.episode_merge_hours);
  std::optional<AssessmentPoint> point;
  if (entry.HasFindings()) {
    point = state.carry.Effective(entry, options_, summary_.infusion, state.masked_by);
    std::vector<Error> errors = Validate(point->effective);
    if (!errors.empty()) {
      Spoil(RefusalOf(std::move(errors.front()), patient_id_, entry, point->carried));
      return *state.error;
    }
    Grade(*point);
    point->treatments = entry.treatments;
    Emit(PointEvent(*point));
    state.FollowCrs(point->astct.crs, entry.time, options_.episode_merge_hours);
  }
  for (const Treatment& treatment : entry.treatments) {
    // Therapy masks fever only when given after CRS was diagnosed, not as prophylaxis (ASTCT 2019
    // CRS grading table footnote); which drugs mask fever is a column of the drug table.
    if (treatment.kind == TreatmentKind::kDrug && Describe(treatment.drug).MasksFever() &&
        state.crs_open && !state.masked_by) {
      state.masked_by = TimedTreatment{entry.time, treatment};
    }
    SummaryEvent event;
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
  for (const SummaryEvent& event : state.held_events) {
    state.course.Fold(event, options_, summary_);  // no infusion came
  }
  state.held_events.clear();
  state.course.Close(summary_);
  return summary_;
}

}  // namespace cartwatch::core
