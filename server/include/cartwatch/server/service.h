// The bedside service: the routes of `cartwatch serve` over one store. Today: health, readiness
// and metrics; the patient routes join as they are built (docs/server.md lists what answers).
#ifndef CARTWATCH_SERVER_SERVICE_H_
#define CARTWATCH_SERVER_SERVICE_H_

#include <memory>
#include <string>

#include "cartwatch/server/http.h"
#include "cartwatch/store/store.h"

namespace cartwatch::server {

class Metrics;

class Service {
 public:
  explicit Service(store::Store& store);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // The Handler of the HttpServer: routes, times and counts every request.
  HttpResponse Handle(const HttpRequest& request);

 private:
  HttpResponse Route(const HttpRequest& request);
  HttpResponse Ready();

  store::Store& store_;
  std::unique_ptr<Metrics> metrics_;
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SERVICE_H_
