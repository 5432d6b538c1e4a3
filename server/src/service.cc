#include "cartwatch/server/service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "api.h"
#include "cartwatch/server/credentials.h"
#include "error_body.h"
#include "metrics.h"
#include "route_table.h"
#include "web_pages.h"

namespace cartwatch::server {

namespace {

std::string StoreMetrics(const store::CommitStats& stats) {
  return "# HELP cartwatch_store_commits_total Transactions committed by the group commit.\n"
         "# TYPE cartwatch_store_commits_total counter\n"
         "cartwatch_store_commits_total " +
         std::to_string(stats.commits) +
         "\n"
         "# HELP cartwatch_store_writes_total Writes committed (several share a commit).\n"
         "# TYPE cartwatch_store_writes_total counter\n"
         "cartwatch_store_writes_total " +
         std::to_string(stats.writes) +
         "\n"
         "# HELP cartwatch_store_largest_batch Most writes committed in one transaction.\n"
         "# TYPE cartwatch_store_largest_batch gauge\n"
         "cartwatch_store_largest_batch " +
         std::to_string(stats.largest_batch) + "\n";
}

HttpResponse MethodNotAllowed(const HttpRequest& request, std::string allow) {
  HttpResponse response =
      ErrorResponse({core::ErrorCode::kMethodNotAllowed, "", request.method,
                     request.method + " is not allowed on " + request.path, ""});
  response.headers.emplace_back("Allow", std::move(allow));
  return response;
}

// What the log may say about a path: the route's pattern, never the patient id in it.
std::string_view LoggedPath(const HttpRequest& request) {
  if (!request.path.starts_with("/api/")) {
    if (request.path.starts_with("/patients/")) return "/patients/{id}";
    return request.path;
  }
  const RouteMatch match = MatchRoute(request.method, request.path);
  return match.route != nullptr ? match.route->pattern : "/api/(unrouted)";
}

}  // namespace

Service::Service(store::Store& store, ServiceOptions options)
    : store_(store),
      metrics_(std::make_unique<Metrics>()),
      api_(std::make_unique<Api>(store, options)),
      id_prefix_(NewSecret("").substr(0, 8)) {}

Service::~Service() = default;

std::string Service::NextRequestId() {
  return id_prefix_ + "-" + std::to_string(requests_.fetch_add(1) + 1);
}

HttpResponse Service::Handle(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const std::string request_id = NextRequestId();
  HttpResponse response = Route(request, request_id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_->Observe(response.status, seconds);
  response.headers.emplace_back("X-Request-Id", request_id);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", "no-store");
  // Structured, and free of patient data: the route pattern, not the path; no bodies.
  spdlog::info("request_id={} method={} route={} status={} ms={:.2f}", request_id, request.method,
               LoggedPath(request), response.status, seconds * 1000.0);
  return response;
}

HttpResponse Service::Route(const HttpRequest& request, const std::string& request_id) {
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (request.path.starts_with("/api/")) return api_->Serve(request, request_id);
  if (request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics") {
    if (!read) return MethodNotAllowed(request, "GET, HEAD");
    if (request.path == "/healthz") return {200, "application/json", R"({"status":"ok"})", {}};
    if (request.path == "/readyz") return Ready();
    return {
        200, "text/plain; version=0.0.4", metrics_->Render() + StoreMetrics(store_.Stats()), {}};
  }
  if (std::optional<HttpResponse> page = WebPage(request.path)) {
    if (!read) return MethodNotAllowed(request, "GET, HEAD");
    return *page;
  }
  return ErrorResponse({core::ErrorCode::kNotFound, "", "", "no route " + request.path, ""});
}

// Ready when the store answers: a server whose database is gone must leave the load balancer.
HttpResponse Service::Ready() {
  try {
    const int version = store_.SchemaVersion();
    return {200,
            "application/json",
            R"({"status":"ready","schema_version":)" + std::to_string(version) + "}",
            {}};
  } catch (...) {
    return ErrorResponse(
        {core::ErrorCode::kStoreUnavailable, "", "", "the store does not answer", ""});
  }
}

}  // namespace cartwatch::server
