// The HTTP/1.1 listener (Boost.Beast): a bounded pool of threads, keep-alive, a body limit and
// header and read timeouts so that a slow or idle client cannot hold a connection for ever, and a
// graceful stop that lets every request in flight finish before the process exits.
#ifndef CARTWATCH_SERVER_HTTP_SERVER_H_
#define CARTWATCH_SERVER_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "cartwatch/server/http.h"

namespace cartwatch::server {

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // loopback unless told otherwise
  unsigned short port = 8080;         // 0: any free port (tests)
  int threads = 4;
  std::size_t body_limit = 1 << 20;                  // larger bodies get 413
  std::chrono::milliseconds header_timeout{10'000};  // to receive a request's headers
  std::chrono::milliseconds read_timeout{30'000};    // to receive its body
  std::chrono::milliseconds idle_timeout{60'000};    // between requests on one connection
  std::chrono::milliseconds drain_timeout{10'000};   // Stop() waits this long for requests
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the port (the chosen one when options.port is 0).
  // Throws std::runtime_error when the address cannot be bound.
  unsigned short Start();

  // Stops accepting, lets the requests in flight finish (up to drain_timeout), closes idle
  // connections and joins the threads. Safe to call twice.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_HTTP_SERVER_H_
