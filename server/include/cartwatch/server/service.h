// The bedside service: the routes of `cartwatch serve` over one store. Probes (/healthz,
// /readyz, /metrics) answer without credentials; every /api/ route but signing in needs a token
// or a session (docs/api.md); the dashboard's pages hold no patient data themselves.
#ifndef CARTWATCH_SERVER_SERVICE_H_
#define CARTWATCH_SERVER_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "cartwatch/server/http.h"
#include "cartwatch/store/store.h"

namespace cartwatch::server {

class Metrics;
class Api;

struct ServiceOptions {
  bool secure_cookies = false;  // add Secure to the session cookie (behind a TLS proxy)
};

class Service {
 public:
  explicit Service(store::Store& store, ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // The Handler of the HttpServer: routes, times, counts and logs every request.
  HttpResponse Handle(const HttpRequest& request);

 private:
  HttpResponse Route(const HttpRequest& request, const std::string& request_id);
  HttpResponse Ready();
  std::string NextRequestId();

  store::Store& store_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Api> api_;
  std::string id_prefix_;  // random per process, so ids of several servers never collide
  std::atomic<std::uint64_t> requests_{0};
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SERVICE_H_
