#include "demo_cohort.h"

#include <stdexcept>
#include <string>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/course_options.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/server/credentials.h"
#include "cartwatch/synthetic/cohort_sampler.h"

namespace cartwatch::cli {
namespace {

constexpr std::uint64_t kDemoSeed = 20261203;
constexpr core::UnixSeconds kSpreadSeconds = 26 * 86400;

template <typename T>
T Stored(core::Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.error().message);
  return std::move(result).value();
}

// One synthetic course into the store: each graded point as the complete assessment it was
// graded from (recorded, carried and derived findings), and the drugs given.
void LoadPatient(store::Store& store, const synthetic::SyntheticPatient& synthetic,
                 core::UnixSeconds shift, core::UnixSeconds now,
                 const store::WriteContext& context) {
  store::Patient patient;
  patient.id = synthetic.patient_id;
  patient.age_years = synthetic.truth.age_years;
  patient.weight_kg = synthetic.truth.weight_kg;
  patient.product = synthetic.infusion.product;
  patient.infusion = synthetic.infusion.time + shift;
  Stored(store.CreatePatient(patient, context));

  core::TimelineOptions options;
  core::PatientTimeline timeline(patient.id, options);
  timeline.SetInfusion(synthetic.infusion);
  for (const core::TimelineEntry& entry : synthetic.entries) {
    const core::UnixSeconds at = entry.time + shift;
    if (at > now) break;
    for (const core::Treatment& treatment : entry.treatments) {
      if (treatment.kind != core::TreatmentKind::kDrug) continue;
      Stored(store.RecordTreatment({patient.id, at, treatment.drug, treatment.dose_mg}, context));
    }
    core::Result<std::optional<core::AssessmentPoint>> point = timeline.Add(entry);
    if (!point.ok() || !point.value()) continue;
    core::Assessment assessment = point.value()->effective;
    assessment.patient_id = patient.id;
    assessment.time = core::FormatRfc3339Utc(at);
    Stored(
        store.RecordAssessment({patient.id, at, adapters::AssessmentToJson(assessment)}, context));
  }
}

}  // namespace

bool LoadDemo(store::Store& store, core::UnixSeconds now, std::ostream& out) {
  if (!store.Patients().empty() || !store.Users().empty()) {
    out << "cartwatch serve: --demo left the store as it is: it already holds patients or "
           "users\n";
    return false;
  }
  const store::WriteContext context{"demo-loader", "demo", "", ""};
  const synthetic::CohortSampler sampler(kDemoSeed, synthetic::CohortOptions{});
  for (int index = 0; index < kDemoPatients; ++index) {
    const synthetic::SyntheticPatient synthetic =
        sampler.Patient(static_cast<std::uint64_t>(index));
    // Infusions spread over the last 26 days, so the ward holds every stage of the course.
    const core::UnixSeconds infused =
        now - 3600 - kSpreadSeconds * (kDemoPatients - 1 - index) / (kDemoPatients - 1);
    LoadPatient(store, synthetic, infused - synthetic.infusion.time, now, context);
  }
  out << "cartwatch serve: --demo loaded " << kDemoPatients
      << " SYNTHETIC patients (not clinical data)\n";
  for (const auto& [name, role] : {std::pair{"demo-nurse", store::Role::kNurse},
                                   std::pair{"demo-physician", store::Role::kPhysician},
                                   std::pair{"demo-admin", store::Role::kAdmin}}) {
    const std::string password = server::NewSecret("").substr(0, 16);
    store::User user{name, role, server::HashPassword(password), now, false};
    Stored(store.CreateUser(user, context));
    out << "demo login: user " << name << " password " << password << " (role "
        << store::RoleName(role) << "; shown once)\n";
  }
  return true;
}

}  // namespace cartwatch::cli
