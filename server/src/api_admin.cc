// Protocols, users, API tokens and the audit log.
#include <string>

#include "api.h"
#include "api_json.h"
#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/server/credentials.h"
#include "error_body.h"

namespace cartwatch::server {
namespace {

using core::ErrorCode;

Json ProtocolSummary(const ProtocolShelf::Entry& entry) {
  return {{"id", entry.protocol.id},
          {"name", entry.name},
          {"version", entry.protocol.version},
          {"title", entry.protocol.title}};
}

Json UserJson(const store::User& user) {
  return {{"name", user.name},
          {"role", std::string(store::RoleName(user.role))},
          {"created_at", core::FormatRfc3339Utc(user.created_at)},
          {"disabled", user.disabled}};
}

Json TokenJson(const store::ApiToken& token) {
  return {{"id", token.id},
          {"user", token.user},
          {"label", token.label},
          {"created_at", core::FormatRfc3339Utc(token.created_at)},
          {"expires_at", core::FormatRfc3339Utc(token.expires_at)},
          {"revoked_at", TimeJson(token.revoked_at)}};
}

}  // namespace

HttpResponse Api::ProtocolList(const Call& /*call*/) {
  Json list = Json::array();
  for (const ProtocolShelf::Entry& entry : protocols_.entries()) {
    list.push_back(ProtocolSummary(entry));
  }
  return JsonResponse(200, {{"active", ProtocolSummary(ActiveProtocol())}, {"protocols", list}});
}

HttpResponse Api::ProtocolShow(const Call& call) {
  const ProtocolShelf::Entry* entry = protocols_.Find(call.Param(0));
  if (entry == nullptr) {
    Refuse(ErrorCode::kNotFound, "id", call.Param(0), "no protocol " + call.Param(0));
  }
  HttpResponse response;
  response.body = adapters::ProtocolToJson(entry->protocol);
  return response;
}

HttpResponse Api::ProtocolChoose(const Call& call) {
  const RequestBody body(call.request.body, {"id"});
  const std::string id = *body.Text("id", true);
  const ProtocolShelf::Entry* entry = protocols_.Find(id);
  if (entry == nullptr) {
    std::string known;
    for (const ProtocolShelf::Entry& candidate : protocols_.entries()) {
      known += (known.empty() ? "" : ", ") + candidate.name;
    }
    Refuse(ErrorCode::kUnknownCode, "id", id, "no bundled protocol " + id + " (" + known + ")");
  }
  Stored(store_.SetSetting(std::string(kActiveProtocolSetting), entry->name, call.Write()));
  return JsonResponse(200, {{"active", ProtocolSummary(*entry)}});
}

HttpResponse Api::UserList(const Call& /*call*/) {
  Json list = Json::array();
  for (const store::User& user : store_.Users()) list.push_back(UserJson(user));
  return JsonResponse(200, {{"users", list}});
}

HttpResponse Api::UserCreate(const Call& call) {
  const RequestBody body(call.request.body, {"name", "role", "password"});
  store::User user;
  user.name = *body.Text("name", true);
  if (user.name.empty() || user.name.size() > 64) {
    Refuse(ErrorCode::kOutOfRange, "name", user.name, "a user name has 1 to 64 characters");
  }
  const std::string role = *body.Text("role", true);
  const std::optional<store::Role> found = store::FindRole(role);
  if (!found) {
    Refuse(ErrorCode::kUnknownCode, "role", role, "role must be viewer, nurse, physician or admin");
  }
  user.role = *found;
  const std::string password = *body.Text("password", true);
  if (const std::string problem = PasswordProblem(password); !problem.empty()) {
    Refuse(ErrorCode::kOutOfRange, "password", "", problem);
  }
  user.password_hash = HashPassword(password);
  user.created_at = Now();
  return JsonResponse(201, UserJson(Stored(store_.CreateUser(user, call.Write()))));
}

HttpResponse Api::TokenList(const Call& /*call*/) {
  Json list = Json::array();
  for (const store::ApiToken& token : store_.Tokens()) list.push_back(TokenJson(token));
  return JsonResponse(200, {{"tokens", list}});
}

HttpResponse Api::TokenCreate(const Call& call) {
  const RequestBody body(call.request.body, {"user", "label", "expires_in_days"});
  store::ApiToken token;
  token.user = *body.Text("user", true);
  token.label = body.Text("label", false).value_or("");
  const long long days = body.Integer("expires_in_days", false, 1, 365).value_or(90);
  const std::string secret = NewSecret(kTokenPrefix);
  token.token_hash = SecretHash(secret);
  token.created_at = Now();
  token.expires_at = token.created_at + days * 86400;
  const store::ApiToken stored = Stored(store_.CreateToken(token, call.Write()));
  Json json = TokenJson(stored);
  // A retry with the same Idempotency-Key finds the token made the first time, whose secret
  // was shown then and is not kept: it is not shown again.
  json["token"] = stored.token_hash == token.token_hash ? Json(secret) : Json(nullptr);
  return JsonResponse(201, json);
}

HttpResponse Api::TokenRevoke(const Call& call) {
  const std::string& text = call.Param(0);
  store::RecordId id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    Refuse(ErrorCode::kNotFound, "id", text, "no token " + text);
  }
  return JsonResponse(200, TokenJson(Stored(store_.RevokeToken(id, call.Write()))));
}

HttpResponse Api::AuditRead(const Call& call) {
  long long after = 0;
  long long limit = 100;
  try {
    if (!call.Query("after").empty()) after = std::stoll(call.Query("after"));
    if (!call.Query("limit").empty()) limit = std::stoll(call.Query("limit"));
  } catch (const std::exception&) {
    Refuse(ErrorCode::kWrongType, "after", call.request.query, "after and limit are numbers");
  }
  if (limit < 1 || limit > 1000) {
    Refuse(ErrorCode::kOutOfRange, "limit", std::to_string(limit), "limit is 1 to 1000");
  }
  Json rows = Json::array();
  for (const store::AuditEntry& entry : store_.AuditLog(after, static_cast<std::size_t>(limit))) {
    rows.push_back({{"seq", entry.seq},
                    {"at", core::FormatRfc3339Utc(entry.at)},
                    {"user", entry.user},
                    {"request_id", entry.request_id},
                    {"action", entry.action},
                    {"entity", entry.entity},
                    {"entity_id", entry.entity_id},
                    {"before", entry.before.empty() ? Json(nullptr) : Json::parse(entry.before)},
                    {"after", entry.after.empty() ? Json(nullptr) : Json::parse(entry.after)},
                    {"hash", entry.hash}});
  }
  return JsonResponse(200, {{"entries", rows}});
}

}  // namespace cartwatch::server
