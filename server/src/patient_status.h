// Where a patient stands now: the latest assessment in force, graded and advised on with the
// stored context, and what falls due next (the next checks, the end of a tocilizumab response
// window, the earliest next dose), each marked overdue once its time has passed. The ward board
// and the patient page both show this.
#ifndef CARTWATCH_SERVER_SRC_PATIENT_STATUS_H_
#define CARTWATCH_SERVER_SRC_PATIENT_STATUS_H_

#include <optional>
#include <string>
#include <vector>

#include "cartwatch/core/time.h"
#include "protocol_shelf.h"
#include "request_body.h"
#include "stored_patient.h"

namespace cartwatch::server {

struct DueItem {
  std::string what;
  std::string rule;
  core::UnixSeconds at = 0;
  bool overdue = false;
};

struct PatientStatus {
  const StoredAssessment* latest = nullptr;
  std::optional<Advice> advice;
  std::vector<DueItem> due;  // earliest first
  bool overdue() const;
};

PatientStatus StatusOf(const StoredPatient& patient, const ProtocolShelf::Entry& protocol,
                       core::UnixSeconds now);

Json DueJson(const std::vector<DueItem>& due);
// {"grade": N or null, "lower_bound": bool} of one syndrome of the latest assessment.
Json GradeCellJson(const PatientStatus& status, bool crs);
// The first action of the recommendation: {"text", "rule", "when"}, or null.
Json NextActionJson(const PatientStatus& status);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_PATIENT_STATUS_H_
