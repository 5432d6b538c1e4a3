// One patient as the store holds them, read back and graded with the same core as the CLI: every
// assessment parsed from its stored cartwatch.assessment/1 and graded by ASTCT 2019, the context
// a recommendation needs (weight, age, product, day 0, treatments given, earlier grades) built
// from the store, and the course since day 0.
#ifndef CARTWATCH_SERVER_SRC_STORED_PATIENT_H_
#define CARTWATCH_SERVER_SRC_STORED_PATIENT_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/recommend.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/store/store.h"

namespace cartwatch::server {

struct StoredAssessment {
  store::AssessmentRecord record;  // in PatientCache snapshots without assessment_json
  core::Assessment assessment;
  core::Grading grading;  // ASTCT 2019
  bool in_force() const { return !record.superseded_by.has_value(); }
};

struct StoredPatient {
  store::PatientRecord record;
  // Time order (then id), superseded ones included; shared between snapshots, never changed.
  std::vector<std::shared_ptr<const StoredAssessment>> assessments;
  std::vector<store::TreatmentRecord> treatments;  // time order, then id
  store::RecordId last_assessment_id = 0;          // the newest record read
  store::RecordId last_treatment_id = 0;
};

struct Advice {
  core::Grading grading;
  core::Recommendation recommendation;
};

// The patients' records as last read, kept between requests so that a request reads only what
// was committed since (Store::AssessmentsAfter): a stored record never changes (a correction is
// a new record), and ids grow in commit order, so what is kept never goes stale, whichever
// server wrote it. The snapshots handed out are immutable and shared.
class PatientCache {
 public:
  // At most `capacity` assessments are kept over all patients (about 2 kB each, parsed and
  // graded: some 400 MB when full, measured by the soak in bench/load/run.sh); past it the
  // cache starts again empty, so memory stays bounded however long the records grow. A ward of
  // 100 patients charted 4-hourly for 30 days holds 18,000.
  explicit PatientCache(std::size_t capacity = 200'000) : capacity_(capacity) {}

  // The patient `record` names with every record committed up to now. A stored assessment always
  // parses (it was validated before it was stored); one that does not any more is left out
  // rather than guessed at.
  std::shared_ptr<const StoredPatient> Load(store::Store& store, store::PatientRecord record);

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StoredPatient>> patients_;
  std::size_t records_ = 0;  // assessments held by patients_
};

// The context of an assessment at `at`: the patient's facts, the treatments given up to `at`,
// and the grades of the assessments in force before it.
core::PatientContext StoredContext(const StoredPatient& patient, core::UnixSeconds at);

// Grades `assessment` (validated, with a time) and advises on it under `protocol` with the
// stored context.
Advice AdviseOn(const StoredPatient& patient, const core::Assessment& assessment,
                const core::Protocol& protocol);

// The latest assessment in force, or null when none is stored.
const StoredAssessment* LatestInForce(const StoredPatient& patient);

// The entries of the patient's course (assessments in force and treatments, merged by time), for
// core::CourseFolder; the infusion when day 0 and the product are known.
std::vector<core::TimelineEntry> CourseEntries(const StoredPatient& patient);
std::optional<core::Infusion> InfusionOf(const store::Patient& patient);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_STORED_PATIENT_H_
