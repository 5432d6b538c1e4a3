// The /api/ routes: who is calling (token or session), whether their role may, and the handler.
// The handlers are spread over api_*.cc by area; this class holds what they share.
#ifndef CARTWATCH_SERVER_SRC_API_H_
#define CARTWATCH_SERVER_SRC_API_H_

#include <memory>
#include <string>
#include <vector>

#include "cartwatch/server/http.h"
#include "cartwatch/server/service.h"
#include "cartwatch/store/store.h"
#include "protocol_shelf.h"
#include "route_table.h"
#include "stored_patient.h"

namespace cartwatch::server {

// Infused within the ward window (30 days), or admitted and not yet infused.
bool OnWard(const store::Patient& patient, core::UnixSeconds now);

struct Principal {
  std::string user;
  store::Role role = store::Role::kViewer;
  bool by_session = false;
  std::string csrf_token;  // of the session
};

// One request on its way through a handler.
struct Call {
  const HttpRequest& request;
  std::vector<std::string> params;
  Principal who;
  std::string request_id;

  const std::string& Param(std::size_t index) const { return params.at(index); }
  // The write context of the audit row and the idempotency check (key and body digest).
  store::WriteContext Write() const;
  // The value of `name` in the query string, percent-decoded; "" when absent.
  std::string Query(std::string_view name) const;
};

class Api {
 public:
  Api(store::Store& store, ServiceOptions options);

  // Answers a request whose path starts with /api/.
  HttpResponse Serve(const HttpRequest& request, const std::string& request_id);

 private:
  HttpResponse Dispatch(RouteId route, Call& call);
  core::Result<Principal> Authenticate(const HttpRequest& request);
  const ProtocolShelf::Entry& ActiveProtocol();
  std::shared_ptr<const StoredPatient> RequirePatient(const std::string& id);
  void RequireKnownPatient(const std::string& id);  // not_found unless stored
  core::Assessment ReadAssessment(const std::string& text, const std::string& patient_id);

  // api_session.cc
  HttpResponse SessionCreate(const Call& call);
  HttpResponse SessionShow(const Call& call);
  HttpResponse SessionEnd(const Call& call);
  // api_patients.cc
  HttpResponse PatientList(const Call& call);
  HttpResponse PatientCreate(const Call& call);
  HttpResponse PatientShow(const Call& call);
  HttpResponse PatientUpdate(const Call& call, bool infusion);
  // api_records.cc
  HttpResponse AssessmentRecord(const Call& call);
  HttpResponse AssessmentBatch(const Call& call);
  HttpResponse AssessmentCorrect(const Call& call);
  HttpResponse TreatmentRecord(const Call& call);
  HttpResponse Preview(const Call& call);
  HttpResponse Limits(const Call& call);
  // api_views.cc
  HttpResponse Timeline(const Call& call);
  HttpResponse Family(const Call& call);
  HttpResponse Ward(const Call& call);
  HttpResponse Cohort(const Call& call);
  // api_admin.cc
  HttpResponse ProtocolList(const Call& call);
  HttpResponse ProtocolShow(const Call& call);
  HttpResponse ProtocolChoose(const Call& call);
  HttpResponse UserList(const Call& call);
  HttpResponse UserCreate(const Call& call);
  HttpResponse TokenList(const Call& call);
  HttpResponse TokenCreate(const Call& call);
  HttpResponse TokenRevoke(const Call& call);
  HttpResponse AuditRead(const Call& call);

  store::Store& store_;
  ServiceOptions options_;
  ProtocolShelf protocols_;
  PatientCache patients_;
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_API_H_
