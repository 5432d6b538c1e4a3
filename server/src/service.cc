#include "cartwatch/server/service.h"

#include <chrono>

#include "error_body.h"
#include "metrics.h"

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

}  // namespace

Service::Service(store::Store& store) : store_(store), metrics_(std::make_unique<Metrics>()) {}

Service::~Service() = default;

HttpResponse Service::Handle(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response = Route(request);
  metrics_->Observe(
      response.status,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return response;
}

HttpResponse Service::Route(const HttpRequest& request) {
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics") {
    if (!read) {
      HttpResponse response =
          ErrorResponse({core::ErrorCode::kMethodNotAllowed, "", request.method,
                         request.method + " is not allowed on " + request.path, ""});
      response.headers.emplace_back("Allow", "GET, HEAD");
      return response;
    }
    if (request.path == "/healthz") return {200, "application/json", R"({"status":"ok"})", {}};
    if (request.path == "/readyz") return Ready();
    return {
        200, "text/plain; version=0.0.4", metrics_->Render() + StoreMetrics(store_.Stats()), {}};
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
