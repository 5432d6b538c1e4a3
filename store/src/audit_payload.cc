#include "audit_payload.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "audit_hash.h"

namespace cartwatch::store {
namespace {

using Json = nlohmann::ordered_json;

Json AssessmentJson(RecordId id, const NewAssessment& a) {
  return {{"id", id},
          {"patient_id", a.patient_id},
          {"time", a.time},
          {"assessment", Json::parse(a.assessment_json, nullptr, false)}};
}

}  // namespace

core::UnixSeconds StoreNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string PatientPayload(const Patient& p) {
  Json json = {{"id", p.id}};
  json["age_years"] = p.age_years ? Json(*p.age_years) : Json(nullptr);
  json["weight_kg"] = p.weight_kg ? Json(*p.weight_kg) : Json(nullptr);
  json["product"] = p.product ? Json(core::Describe(*p.product).code) : Json(nullptr);
  json["infusion"] = p.infusion ? Json(*p.infusion) : Json(nullptr);
  return json.dump();
}

std::string AssessmentPayload(RecordId id, const NewAssessment& assessment) {
  return AssessmentJson(id, assessment).dump();
}

std::string CorrectionPayload(RecordId id, const NewAssessment& replacement, RecordId supersedes,
                              const std::string& reason) {
  Json after = AssessmentJson(id, replacement);
  after["supersedes"] = supersedes;
  after["reason"] = reason;
  return after.dump();
}

std::string TreatmentPayload(RecordId id, const NewTreatment& treatment) {
  Json after = {{"id", id},
                {"patient_id", treatment.patient_id},
                {"time", treatment.time},
                {"drug", core::Describe(treatment.drug).code}};
  after["dose_mg"] = treatment.dose_mg ? Json(*treatment.dose_mg) : Json(nullptr);
  return after.dump();
}

std::string UserPayload(const User& user) {
  return Json({{"name", user.name}, {"role", RoleName(user.role)}, {"disabled", user.disabled}})
      .dump();
}

std::string TokenPayload(const ApiToken& token) {
  Json json = {{"id", token.id},
               {"user", token.user},
               {"label", token.label},
               {"expires_at", token.expires_at}};
  json["revoked_at"] = token.revoked_at ? Json(*token.revoked_at) : Json(nullptr);
  return json.dump();
}

std::string SettingPayload(const std::string& value) { return Json({{"value", value}}).dump(); }

bool AuditChainCheck::Add(const AuditEntry& entry) {
  if (expected_prev_.empty()) expected_prev_ = std::string(kAuditGenesisHash);
  ++check_.entries;
  std::string problem;
  if (entry.seq != expected_seq_) {
    problem = "row " + std::to_string(expected_seq_) + " is missing";
  } else if (entry.prev_hash != expected_prev_) {
    problem = "its previous hash does not match the row before it";
  } else if (AuditHash(entry) != entry.hash) {
    problem = "its hash does not match its contents";
  }
  if (!problem.empty()) {
    check_.first_bad_seq = entry.seq;
    check_.problem = "audit row " + std::to_string(entry.seq) + ": " + problem;
    return false;
  }
  expected_prev_ = entry.hash;
  ++expected_seq_;
  return true;
}

}  // namespace cartwatch::store
