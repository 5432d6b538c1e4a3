// Episode and summary folding of one patient's course (course_summary.h; docs/timeline.md).
#include "course_summary.h"

#include <algorithm>
#include <cstdint>

namespace cartwatch::core {
namespace {

constexpr int kMaxGrade = 5;

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

GradeDigest DigestOf(const SyndromeGrading& grading) {
  return {grading.assessed, grading.grade, grading.max_possible_grade};
}

void CourseSummary::Fold(const SummaryEvent& event, const TimelineOptions& options,
                         PatientSummary& summary) {
  last_folded_time_ = event.time;
  if (!event.is_point) {
    FoldTreatment(event, summary);
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
  FoldSyndrome(crs_,
               {Syndrome::kCrs, summary.crs_episodes, summary.hours_in_crs_grade,
                summary.hours_unobserved, summary.crs_grade_by_day},
               event.crs, event.time, day, options.max_gap_hours, options.episode_merge_hours);
  FoldSyndrome(icans_,
               {Syndrome::kIcans, summary.icans_episodes, summary.hours_in_icans_grade,
                summary.icans_hours_unobserved, summary.icans_grade_by_day},
               event.icans, event.time, day, options.max_gap_hours, options.episode_merge_hours);
  if (event.crs.assessed) {
    FoldTocilizumabResponses(event, options.tocilizumab_response_window_hours, summary);
  }
  FoldHighestGrades(event, summary);
}

void CourseSummary::FoldTreatment(const SummaryEvent& event, PatientSummary& summary) {
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
  dose.crs_grade_at_dose = crs_.last_time ? crs_.last_grade : 0;
  summary.tocilizumab.push_back(dose);
  if (dose.crs_grade_at_dose > 0) {
    pending_doses_.push_back({summary.tocilizumab.size() - 1, false});
  }
}

// Tocilizumab response: a lower grade within (dose, dose + window].
void CourseSummary::FoldTocilizumabResponses(const SummaryEvent& event, double window_hours,
                                             PatientSummary& summary) {
  for (auto it = pending_doses_.begin(); it != pending_doses_.end();) {
    TocilizumabDose& dose = summary.tocilizumab[it->index];
    const double after = HoursBetween(dose.time, event.time);
    if (after > window_hours) {
      dose.response =
          it->assessed_in_window ? TocilizumabResponse::kNoResponse : TocilizumabResponse::kUnknown;
      it = pending_doses_.erase(it);
    } else if (event.crs.grade < dose.crs_grade_at_dose) {
      dose.response = TocilizumabResponse::kResponded;
      dose.response_time = event.time;
      it = pending_doses_.erase(it);
    } else {
      it->assessed_in_window = true;
      ++it;
    }
  }
}

void CourseSummary::FoldHighestGrades(const SummaryEvent& event, PatientSummary& summary) {
  for (int s = 0; s < kGradingSystemCount; ++s) {
    const GradeDigest& digest = event.systems[static_cast<std::size_t>(s)];
    if (!digest.assessed) continue;
    const auto index = static_cast<std::size_t>(s);
    summary.max_crs_grade[index] = std::max(summary.max_crs_grade[index].value_or(0), digest.grade);
    crs_max_possible_[index] = std::max(crs_max_possible_[index], digest.max_possible);
    summary.max_crs_lower_bound[index] = crs_max_possible_[index] > *summary.max_crs_grade[index];
  }
  if (event.icans.assessed) {
    summary.max_icans_grade = std::max(summary.max_icans_grade, event.icans.grade);
    icans_max_possible_ = std::max(icans_max_possible_, event.icans.max_possible);
    summary.max_icans_lower_bound = icans_max_possible_ > summary.max_icans_grade;
  }
}

void CourseSummary::Close(PatientSummary& summary) {
  // An episode still open is ongoing unless it resolved and only its merge window is open.
  if (crs_.open) {
    Episode& episode = summary.crs_episodes[*crs_.open];
    episode.ongoing = !episode.resolution;
  }
  if (icans_.open) {
    Episode& episode = summary.icans_episodes[*icans_.open];
    episode.ongoing = !episode.resolution;
  }
  for (const PendingDose& pending : pending_doses_) {
    summary.tocilizumab[pending.index].response = pending.assessed_in_window
                                                      ? TocilizumabResponse::kNoResponse
                                                      : TocilizumabResponse::kUnknown;
  }
  pending_doses_.clear();
  if (summary.infusion) {
    for (std::vector<Episode>* episodes : {&summary.crs_episodes, &summary.icans_episodes}) {
      for (Episode& episode : *episodes) {
        episode.onset_hours = HoursBetween(summary.infusion->time, episode.onset);
        episode.onset_day = DayAfterInfusion(*episode.onset_hours);
      }
    }
  }
}

}  // namespace cartwatch::core
