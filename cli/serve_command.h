// `cartwatch serve`: the bedside service on a store, until SIGTERM or SIGINT, which drain the
// requests in flight before the process exits.
#ifndef CARTWATCH_CLI_SERVE_COMMAND_H_
#define CARTWATCH_CLI_SERVE_COMMAND_H_

#include <cstddef>
#include <string>

namespace CLI {
class App;
}

namespace cartwatch::cli {

struct ServeOptions {
  std::string db = "cartwatch.db";        // a SQLite file
  std::string listen = "127.0.0.1:8080";  // ADDRESS:PORT; port 0 picks a free one
  int threads = 16;
  std::size_t body_limit = 1 << 20;
  bool demo = false;            // load a synthetic ward and demo users into an empty store
  bool secure_cookies = false;  // behind a TLS proxy: the session cookie gets Secure
  std::string log_level = "info";
};

CLI::App* AddServeCommand(CLI::App& app, ServeOptions& options);

// 0 after a clean stop; 2 usage (a bad --listen, an address in use); 6 the store cannot be
// opened (store_unavailable, store_too_new).
int RunServe(const ServeOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_SERVE_COMMAND_H_
