#include "patient_status.h"

#include <algorithm>

#include "cartwatch/core/reassessment.h"

namespace cartwatch::server {
namespace {

core::UnixSeconds HoursAfter(core::UnixSeconds start, double hours) {
  return start + static_cast<core::UnixSeconds>(hours * 3600.0);
}

}  // namespace

bool PatientStatus::overdue() const {
  return std::any_of(due.begin(), due.end(), [](const DueItem& item) { return item.overdue; });
}

PatientStatus StatusOf(const StoredPatient& patient, const ProtocolShelf::Entry& protocol,
                       core::UnixSeconds now) {
  PatientStatus status;
  status.latest = LatestInForce(patient);
  if (status.latest == nullptr) {
    status.due.push_back(
        {"first assessment", "cartwatch.monitor.vitals", patient.record.created_at, false});
    return status;
  }
  status.advice = AdviseOn(patient, status.latest->assessment, protocol.protocol);
  const core::UnixSeconds assessed = status.latest->record.assessment.time;
  for (const core::ReassessmentDue& check :
       core::ReassessmentsDue(status.advice->grading, assessed)) {
    status.due.push_back({std::string(check.what), std::string(check.rule), check.due, false});
  }
  // A tocilizumab dose is judged at the end of its response window (the protocol's re-dose
  // interval): is CRS better than at the dose?
  std::optional<core::UnixSeconds> last_tocilizumab;
  for (const store::TreatmentRecord& treatment : patient.treatments) {
    if (treatment.treatment.drug == core::Drug::kTocilizumab) {
      last_tocilizumab = std::max(last_tocilizumab.value_or(0), treatment.treatment.time);
    }
  }
  if (last_tocilizumab && status.advice->grading.crs.grade >= 1) {
    const core::UnixSeconds window_end =
        HoursAfter(*last_tocilizumab, protocol.timeline.tocilizumab_response_window_hours);
    if (assessed < window_end) {
      status.due.push_back(
          {"tocilizumab response check", "cartwatch.tocilizumab.response", window_end, false});
    }
  }
  for (const core::RecommendedAction& action : status.advice->recommendation.actions) {
    if (!action.not_before || !action.drug) continue;
    status.due.push_back({"earliest next dose of " + std::string(core::Describe(*action.drug).code),
                          action.rule, *action.not_before, false});
  }
  for (DueItem& item : status.due) item.overdue = item.at < now;
  std::stable_sort(status.due.begin(), status.due.end(),
                   [](const DueItem& a, const DueItem& b) { return a.at < b.at; });
  return status;
}

Json DueJson(const std::vector<DueItem>& due) {
  Json list = Json::array();
  for (const DueItem& item : due) {
    list.push_back({{"what", item.what},
                    {"rule", item.rule},
                    {"at", core::FormatRfc3339Utc(item.at)},
                    {"overdue", item.overdue}});
  }
  return list;
}

Json GradeCellJson(const PatientStatus& status, bool crs) {
  if (!status.advice) return {{"grade", nullptr}, {"lower_bound", false}};
  const core::SyndromeGrading& grading =
      crs ? static_cast<const core::SyndromeGrading&>(status.advice->grading.crs)
          : static_cast<const core::SyndromeGrading&>(status.advice->grading.icans);
  return {{"grade", grading.assessed ? Json(grading.grade) : Json(nullptr)},
          {"lower_bound", grading.assessed && grading.lower_bound()}};
}

Json NextActionJson(const PatientStatus& status) {
  if (!status.advice || status.advice->recommendation.actions.empty()) return nullptr;
  const core::RecommendedAction& action = status.advice->recommendation.actions.front();
  return {{"text", action.text}, {"rule", action.rule}, {"when", action.when}};
}

}  // namespace cartwatch::server
