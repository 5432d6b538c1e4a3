#include "api.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "api_json.h"
#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/server/credentials.h"
#include "error_body.h"

namespace cartwatch::server {
namespace {

using core::ErrorCode;

constexpr std::string_view kSessionCookie = "cartwatch_session";

core::Error Problem(ErrorCode code, std::string field, std::string message) {
  return {code, std::move(field), "", std::move(message), ""};
}

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, std::string_view name) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    start = end + 1;
  }
  return "";
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsJson(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "DELETE";
}

// 1 to 200 visible ASCII characters.
bool ValidIdempotencyKey(const std::string& key) {
  if (key.empty() || key.size() > 200) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string DecodeQuery(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

store::WriteContext Call::Write() const {
  store::WriteContext context;
  context.user = who.user;
  context.request_id = request_id;
  context.idempotency_key = request.Header("idempotency-key");
  if (!context.idempotency_key.empty()) {
    context.request_hash = SecretHash(request.method + " " + request.path + "\n" + request.body);
  }
  return context;
}

std::string Call::Query(std::string_view name) const {
  std::string_view query = request.query;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t equals = pair.find('=');
    if (DecodeQuery(pair.substr(0, equals)) == name) {
      return equals == std::string_view::npos ? "" : DecodeQuery(pair.substr(equals + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

Api::Api(store::Store& store, ServiceOptions options) : store_(store), options_(options) {}

core::Result<Principal> Api::Authenticate(const HttpRequest& request) {
  const core::UnixSeconds now = Now();
  Principal principal;
  const std::string& authorization = request.Header("authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (!authorization.starts_with(kBearer)) {
      return Problem(ErrorCode::kUnauthenticated, "Authorization",
                     "Authorization must be \"Bearer <token>\"");
    }
    const std::optional<store::ApiToken> token =
        store_.FindToken(SecretHash(authorization.substr(kBearer.size())));
    if (!token) return Problem(ErrorCode::kUnauthenticated, "Authorization", "unknown token");
    if (token->revoked_at) {
      return Problem(ErrorCode::kUnauthenticated, "Authorization", "the token was revoked");
    }
    if (token->expires_at <= now) {
      return Problem(ErrorCode::kUnauthenticated, "Authorization", "the token has expired");
    }
    principal.user = token->user;
  } else {
    const std::string cookie = CookieValue(request.Header("cookie"), kSessionCookie);
    if (cookie.empty()) {
      return Problem(ErrorCode::kUnauthenticated, "",
                     "sign in (POST /api/session) or send \"Authorization: Bearer <token>\"");
    }
    const std::optional<store::Session> session = store_.FindSession(SecretHash(cookie), now);
    if (!session) {
      return Problem(ErrorCode::kUnauthenticated, "Cookie",
                     "the session has ended or expired: sign in again");
    }
    principal.user = session->user;
    principal.by_session = true;
    principal.csrf_token = session->csrf_token;
  }
  const std::optional<store::User> user = store_.FindUser(principal.user);
  if (!user || user->disabled) {
    return Problem(ErrorCode::kUnauthenticated, "", "the user is unknown or disabled");
  }
  principal.role = user->role;
  return principal;
}

HttpResponse Api::Serve(const HttpRequest& request, const std::string& request_id) {
  const RouteMatch match = MatchRoute(request.method, request.path);
  const bool signing_in = match.route != nullptr && !match.route->least_role.has_value();
  Call call{request, match.params, {}, request_id};
  if (!signing_in) {
    // Credentials first: without them not even the existence of a route is told.
    core::Result<Principal> who = Authenticate(request);
    if (!who.ok()) {
      HttpResponse response = ErrorResponse(who.error());
      response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"cartwatch\"");
      return response;
    }
    call.who = std::move(who).value();
  }
  if (match.route == nullptr) {
    if (match.allowed.empty()) {
      return ErrorResponse(Problem(ErrorCode::kNotFound, "", "no route " + request.path));
    }
    HttpResponse response = ErrorResponse(Problem(
        ErrorCode::kMethodNotAllowed, "", request.method + " is not allowed on " + request.path));
    response.headers.emplace_back("Allow", match.allowed);
    return response;
  }
  if (!signing_in && call.who.role < *match.route->least_role) {
    return ErrorResponse(Problem(
        ErrorCode::kForbidden, "",
        "this needs the " + std::string(store::RoleName(*match.route->least_role)) + " role; " +
            call.who.user + " is " + std::string(store::RoleName(call.who.role))));
  }
  if (IsWrite(request.method)) {
    // A cookie rides along on any cross-site form post; the CSRF token only with our own pages.
    if (call.who.by_session && !SameSecret(request.Header("x-csrf-token"), call.who.csrf_token)) {
      return ErrorResponse(Problem(ErrorCode::kForbidden, "X-CSRF-Token",
                                   "a write from the browser needs the session's X-CSRF-Token"));
    }
    if (request.method != "DELETE" && !IsJson(request.Header("content-type"))) {
      return ErrorResponse(Problem(ErrorCode::kUnsupportedMediaType, "Content-Type",
                                   "the body must be sent as Content-Type: application/json"));
    }
    const std::string& key = request.Header("idempotency-key");
    if (!key.empty() && !ValidIdempotencyKey(key)) {
      return ErrorResponse(Problem(ErrorCode::kMalformedRequest, "Idempotency-Key",
                                   "an Idempotency-Key is 1 to 200 visible ASCII characters"));
    }
  }
  try {
    return Dispatch(match.route->id, call);
  } catch (const BodyError& refused) {
    HttpResponse response = ErrorResponse(refused.errors.front());
    if (refused.errors.size() > 1) {
      Json body = Json::parse(response.body);
      Json all = Json::array();
      for (const core::Error& error : refused.errors) {
        all.push_back({{"error", error.name()},
                       {"field", error.field},
                       {"value", error.value},
                       {"message", error.message}});
      }
      body["errors"] = all;
      response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return response;
  } catch (const std::exception& failure) {
    spdlog::error("request {} failed: {}", request_id, failure.what());
    return ErrorResponse(
        Problem(ErrorCode::kStoreUnavailable, "", "the service could not complete the request"));
  }
}

HttpResponse Api::Dispatch(RouteId route, Call& call) {
  switch (route) {
    case RouteId::kSessionShow:
      return SessionShow(call);
    case RouteId::kSessionCreate:
      return SessionCreate(call);
    case RouteId::kSessionEnd:
      return SessionEnd(call);
    case RouteId::kPatientList:
      return PatientList(call);
    case RouteId::kPatientCreate:
      return PatientCreate(call);
    case RouteId::kPatientShow:
      return PatientShow(call);
    case RouteId::kPatientInfusion:
      return PatientUpdate(call, true);
    case RouteId::kPatientWeight:
      return PatientUpdate(call, false);
    case RouteId::kAssessmentRecord:
      return AssessmentRecord(call);
    case RouteId::kAssessmentBatch:
      return AssessmentBatch(call);
    case RouteId::kAssessmentCorrect:
      return AssessmentCorrect(call);
    case RouteId::kTreatmentRecord:
      return TreatmentRecord(call);
    case RouteId::kTimeline:
      return Timeline(call);
    case RouteId::kFamily:
      return Family(call);
    case RouteId::kWard:
      return Ward(call);
    case RouteId::kCohort:
      return Cohort(call);
    case RouteId::kPreview:
      return Preview(call);
    case RouteId::kLimits:
      return Limits(call);
    case RouteId::kProtocolList:
      return ProtocolList(call);
    case RouteId::kProtocolShow:
      return ProtocolShow(call);
    case RouteId::kProtocolChoose:
      return ProtocolChoose(call);
    case RouteId::kUserList:
      return UserList(call);
    case RouteId::kUserCreate:
      return UserCreate(call);
    case RouteId::kTokenList:
      return TokenList(call);
    case RouteId::kTokenCreate:
      return TokenCreate(call);
    case RouteId::kTokenRevoke:
      return TokenRevoke(call);
    case RouteId::kAuditRead:
      return AuditRead(call);
  }
  return ErrorResponse(Problem(ErrorCode::kInternal, "", "unrouted request"));
}

const ProtocolShelf::Entry& Api::ActiveProtocol() {
  const std::optional<std::string> chosen = store_.Setting(kActiveProtocolSetting);
  if (chosen) {
    if (const ProtocolShelf::Entry* entry = protocols_.Find(*chosen)) return *entry;
  }
  return *protocols_.Find(kDefaultProtocol);
}

std::shared_ptr<const StoredPatient> Api::RequirePatient(const std::string& id) {
  std::optional<store::PatientRecord> record = store_.FindPatient(id);
  if (!record) Refuse(ErrorCode::kNotFound, "id", id, "no patient with id " + id);
  return patients_.Load(store_, std::move(*record));
}

void Api::RequireKnownPatient(const std::string& id) {
  if (!store_.FindPatient(id)) Refuse(ErrorCode::kNotFound, "id", id, "no patient with id " + id);
}

core::Assessment Api::ReadAssessment(const std::string& text, const std::string& patient_id) {
  adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(text);
  if (!parsed.assessment) throw BodyError{std::move(parsed.errors)};
  core::Assessment& assessment = *parsed.assessment;
  if (!patient_id.empty()) {
    if (!assessment.patient_id.empty() && assessment.patient_id != patient_id) {
      Refuse(ErrorCode::kContradictory, "patient_id", assessment.patient_id,
             "the assessment names patient " + assessment.patient_id + " but is posted for " +
                 patient_id);
    }
    assessment.patient_id = patient_id;
  }
  if (assessment.time.empty()) {
    Refuse(ErrorCode::kMissingRequired, "time", "",
           "time is required: when the findings were observed (RFC 3339)");
  }
  return std::move(assessment);
}

}  // namespace cartwatch::server
