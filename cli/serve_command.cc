#include "serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <chrono>
#include <iostream>
#include <stdexcept>

#include "cartwatch/server/http_server.h"
#include "cartwatch/server/service.h"
#include "cartwatch/store/store.h"
#include "cli_support.h"
#include "demo_cohort.h"

namespace cartwatch::cli {

CLI::App* AddServeCommand(CLI::App& app, ServeOptions& options) {
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the bedside service: the ward dashboard and the REST API (docs/api.md) over a durable\n"
      "store, with /healthz, /readyz and /metrics. Stops cleanly on SIGTERM or SIGINT, finishing\n"
      "the requests in flight. Decision support: a clinician decides.");
  serve
      ->add_option("--db", options.db,
                   "the store: a SQLite file (created if missing) or a postgresql:// URL")
      ->capture_default_str();
  serve->add_flag("--demo", options.demo,
                  "into an empty store: load a SYNTHETIC ward of 24 patients and create the users "
                  "demo-nurse, demo-physician and demo-admin, printing their passwords once");
  serve->add_flag("--secure-cookies", options.secure_cookies,
                  "mark the session cookie Secure (when a TLS reverse proxy is in front)");
  serve->add_option("--log-level", options.log_level, "error, warn, info or debug")
      ->check(CLI::IsMember({"error", "warn", "info", "debug"}))
      ->capture_default_str();
  serve
      ->add_option("--listen", options.listen,
                   "ADDRESS:PORT to listen on; loopback by default (put a reverse proxy with TLS "
                   "in front for other hosts); port 0 picks a free port")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--body-limit", options.body_limit, "largest request body in bytes (413 above)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20))
      ->capture_default_str();
  return serve;
}

int RunServe(const ServeOptions& options) {
  const std::size_t colon = options.listen.rfind(':');
  unsigned short port = 0;
  const char* port_begin = options.listen.data() + colon + 1;
  const char* port_end = options.listen.data() + options.listen.size();
  if (colon == std::string::npos || colon == 0 ||
      std::from_chars(port_begin, port_end, port).ptr != port_end) {
    return UsageError("serve", "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080, got \"" +
                                   options.listen + "\"");
  }
  core::Result<std::unique_ptr<store::Store>> opened = store::OpenStore(options.db);
  if (!opened.ok()) {
    std::cerr << "cartwatch serve: " << opened.error().message << " [" << opened.error().name()
              << "]\n";
    return ExitCodeOf(opened.error().code);
  }
  store::Store& store = *opened.value();
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  if (options.demo) {
    try {
      LoadDemo(store,
               std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count(),
               std::cout);
    } catch (const std::exception& error) {
      std::cerr << "cartwatch serve: --demo could not load the demo ward: " << error.what()
                << " [store_unavailable]\n";
      return ExitCodeOf(core::ErrorCode::kStoreUnavailable);
    }
  }
  server::Service service(store, {options.secure_cookies});

  // The server's threads inherit a mask without SIGTERM and SIGINT: this thread takes them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::HttpServerOptions server_options;
  server_options.address = options.listen.substr(0, colon);
  server_options.port = port;
  server_options.threads = options.threads;
  server_options.body_limit = options.body_limit;
  server::HttpServer http_server(server_options, [&service](const server::HttpRequest& request) {
    return service.Handle(request);
  });
  unsigned short bound = 0;
  try {
    bound = http_server.Start();
  } catch (const std::exception& error) {
    return UsageError("serve", error.what());
  }
  std::cout << "cartwatch serve: listening on http://" << server_options.address << ':' << bound
            << "/ (store " << store::PrintableLocation(options.db) << ", schema version "
            << store.SchemaVersion() << "). Decision support: a clinician decides." << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::cout << "cartwatch serve: stopping (signal " << signal
            << "), finishing the requests in flight" << std::endl;
  http_server.Stop();
  std::cout << "cartwatch serve: stopped" << std::endl;
  return 0;
}

}  // namespace cartwatch::cli
