#include "cartwatch/core/course_folder.h"

#include <utility>

namespace cartwatch::core {
namespace {
constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
}  // namespace

CourseFolder::CourseFolder(TimelineOptions options, bool keep_points, std::string keep_points_of)
    : options_(std::move(options)),
      keep_points_(keep_points),
      keep_points_of_(std::move(keep_points_of)) {}

void CourseFolder::SetFile(std::string file) { current_file_ = std::move(file); }

CourseFolder::Slot& CourseFolder::SlotOf(std::string_view patient_id) {
  // Records of one patient usually come together: skip the hash lookup then.
  if (last_slot_ != kNoSlot && patient_ids_[last_slot_] == patient_id) return slots_[last_slot_];
  auto found = index_.find(patient_id);
  if (found == index_.end()) {
    const bool keep =
        keep_points_ && (keep_points_of_.empty() ? slots_.empty() : patient_id == keep_points_of_);
    slots_.push_back(Slot{PatientTimeline(std::string(patient_id), options_), keep});
    patient_ids_.emplace_back(patient_id);
    found = index_.emplace(std::string(patient_id), slots_.size() - 1).first;
  }
  last_slot_ = found->second;
  return slots_[last_slot_];
}

void CourseFolder::SetInfusion(std::string_view patient_id, const Infusion& infusion) {
  SlotOf(patient_id).timeline.SetInfusion(infusion);
}

void CourseFolder::Add(std::string_view patient_id, TimelineEntry&& entry) {
  Slot& slot = SlotOf(patient_id);
  if (slot.failed) return;
  auto point = slot.timeline.Add(entry);
  if (!point.ok()) {
    slot.failed = true;
    AddError(entry.line, point.error());
    return;
  }
  if (!slot.keep_points) return;
  for (const Treatment& treatment : entry.treatments) {
    kept_treatments_.push_back({entry.time, treatment});
  }
  if (point.value()) kept_points_.push_back(std::move(*point.value()));
}

void CourseFolder::AddError(std::uint64_t line, Error error) {
  ++errors_total_;
  if (errors_.size() < kMaxKeptErrors) {
    errors_.push_back(CourseInputError{current_file_, line, std::move(error)});
  }
}

std::vector<PatientSummary> CourseFolder::FinishAll() {
  std::vector<PatientSummary> summaries;
  summaries.reserve(slots_.size());
  for (Slot& slot : slots_) summaries.push_back(slot.timeline.Finish());
  return summaries;
}

std::optional<PatientCourse> CourseFolder::FinishKept() {
  for (Slot& slot : slots_) {
    if (!slot.keep_points) continue;
    PatientCourse course;
    course.systems = options_.systems;
    course.summary = slot.timeline.Finish();
    course.points = std::move(kept_points_);
    course.treatments = std::move(kept_treatments_);
    return course;
  }
  return std::nullopt;
}

}  // namespace cartwatch::core
