// The family view: where the patient stands, in plain words for the people at the bedside who
// are not clinicians (the founding article's audience). Information, never advice: it says what
// the grades mean and what the team is doing, and when to call the team.
#ifndef CARTWATCH_SERVER_SRC_FAMILY_VIEW_H_
#define CARTWATCH_SERVER_SRC_FAMILY_VIEW_H_

#include "cartwatch/core/time.h"
#include "patient_status.h"
#include "request_body.h"
#include "stored_patient.h"

namespace cartwatch::server {

// {"patient_id", "day", "headline", "paragraphs": [...], "when_to_worry": [...], "notice"}.
Json FamilyViewJson(const StoredPatient& patient, const PatientStatus& status,
                    core::UnixSeconds now);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_FAMILY_VIEW_H_
