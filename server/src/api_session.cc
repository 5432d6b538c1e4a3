// Signing in and out of the dashboard: a session cookie plus the CSRF token the pages echo.
#include <string>

#include "api.h"
#include "api_json.h"
#include "cartwatch/server/credentials.h"
#include "error_body.h"

namespace cartwatch::server {
namespace {

constexpr core::UnixSeconds kSessionSeconds =
    core::UnixSeconds{12} * 3600;  // one ward shift and a handover
constexpr core::UnixSeconds kLoginWindowSeconds = core::UnixSeconds{15} * 60;
constexpr int kLoginFailuresAllowed = 5;

std::string CookieHeader(const std::string& value, core::UnixSeconds max_age, bool secure) {
  return "cartwatch_session=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age) +
         (secure ? "; Secure" : "");
}

Json SessionJson(const std::string& user, store::Role role, const std::string& csrf,
                 core::UnixSeconds expires_at) {
  Json json = Json::object();
  json["user"] = user;
  json["role"] = std::string(store::RoleName(role));
  json["csrf_token"] = csrf;
  json["expires_at"] = expires_at == 0 ? Json(nullptr) : Json(core::FormatRfc3339Utc(expires_at));
  return json;
}

// Verifying against a fixed hash when the user is unknown costs the same time as a real check,
// so the answer time does not tell which user names exist.
const std::string& DecoyHash() {
  static const std::string hash = HashPassword("cartwatch decoy password");
  return hash;
}

}  // namespace

HttpResponse Api::SessionCreate(const Call& call) {
  const RequestBody body(call.request.body, {"user", "password"});
  const std::string name = *body.Text("user", true);
  const std::string password = *body.Text("password", true);
  const core::UnixSeconds now = Now();
  if (store_.LoginFailuresSince(name, now - kLoginWindowSeconds) >= kLoginFailuresAllowed) {
    HttpResponse response =
        ErrorResponse({core::ErrorCode::kRateLimited, "user", name,
                       "too many failed sign-ins for this user name: try again in 15 minutes", ""});
    response.headers.emplace_back("Retry-After", std::to_string(kLoginWindowSeconds));
    return response;
  }
  const std::optional<store::User> user = store_.FindUser(name);
  const bool verified = VerifyPassword(user ? user->password_hash : DecoyHash(), password);
  if (!user || user->disabled || !verified) {
    store_.RecordLoginFailure(name, now);
    return ErrorResponse(
        {core::ErrorCode::kUnauthenticated, "password", "", "wrong user name or password", ""});
  }
  const std::string cookie = NewSecret("cws_");
  store::Session session{SecretHash(cookie), user->name, NewSecret(""), now, now + kSessionSeconds};
  core::Result<store::Session> created = store_.CreateSession(session);
  if (!created.ok()) return ErrorResponse(created.error());
  HttpResponse response = JsonResponse(
      200, SessionJson(user->name, user->role, session.csrf_token, session.expires_at));
  response.headers.emplace_back("Set-Cookie",
                                CookieHeader(cookie, kSessionSeconds, options_.secure_cookies));
  return response;
}

HttpResponse Api::SessionShow(const Call& call) {
  return JsonResponse(200, SessionJson(call.who.user, call.who.role, call.who.csrf_token, 0));
}

HttpResponse Api::SessionEnd(const Call& call) {
  if (call.who.by_session) {
    const std::string& cookies = call.request.Header("cookie");
    const std::size_t at = cookies.find("cartwatch_session=");
    if (at != std::string::npos) {
      const std::size_t start = at + std::string("cartwatch_session=").size();
      store_.EndSession(SecretHash(cookies.substr(start, cookies.find(';', start) - start)));
    }
  }
  HttpResponse response = JsonResponse(200, Json{{"signed_out", true}});
  response.headers.emplace_back("Set-Cookie", CookieHeader("", 0, options_.secure_cookies));
  return response;
}

}  // namespace cartwatch::server
