// cartwatch_httplib_probe: the smallest cpp-httplib (Debian 12, 0.11.4) server that answers like
// the bedside server's probe, for the load comparison in bench/http_compare/run.sh. It is not a
// product: it exists only to measure the library we did not choose.
//
//   cartwatch_httplib_probe [--port N] [--threads N] [--keep-alive-max N] [--tcp-nodelay 0|1]
//
// Listens on 127.0.0.1 only, prints "listening on http://127.0.0.1:PORT/" like `cartwatch serve`,
// and serves until SIGTERM or SIGINT.
//   GET  /healthz  -> 200 {"status":"ok"} (application/json), the same body as ours
//   POST /echo     -> 200 with the request body and its content type
// Configured as close to ours as the library allows: 4 worker threads, a 10 s read timeout, a
// 30 s write timeout, keep-alive on with a 60 s idle timeout, a 1 MiB body limit. The library
// has no deadline for a whole request's headers: its read timeout applies to each read.
// TCP_NODELAY is on by default here (the library's default is off): 0.11.4 sends a response's
// headers and body in two writes, and without it each answer waits ~40 ms for a delayed ACK.
#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

httplib::Server* g_server = nullptr;

extern "C" void OnSignal(int) {
  if (g_server != nullptr) g_server->stop();  // closes the listening socket; listen() returns
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::size_t threads = 4;
  // Ours keeps a connection for as many requests as the client sends; the library's default is 5.
  std::size_t keep_alive_max = 1'000'000;
  bool tcp_nodelay = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--port") {
      port = std::atoi(value);
    } else if (flag == "--threads") {
      threads = static_cast<std::size_t>(std::atoi(value));
    } else if (flag == "--keep-alive-max") {
      keep_alive_max = static_cast<std::size_t>(std::atoll(value));
    } else if (flag == "--tcp-nodelay") {
      tcp_nodelay = std::strcmp(value, "0") != 0;
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(tcp_nodelay);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_timeout(60);
  server.set_keep_alive_max_count(keep_alive_max);
  server.set_payload_max_length(std::size_t{1} << 20);

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    response.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Post("/echo", [](const httplib::Request& request, httplib::Response& response) {
    const std::string type = request.get_header_value("Content-Type");
    response.set_content(request.body, type.empty() ? "application/octet-stream" : type.c_str());
  });

  int bound = 0;
  if (port == 0) {
    bound = server.bind_to_any_port("127.0.0.1");
  } else {
    bound = server.bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (bound <= 0) {
    std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  g_server = &server;
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::printf("listening on http://127.0.0.1:%d/\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
