// Who may use the service: `cartwatch user add` (the password is read from standard input, never
// from the command line where `ps` would show it), `cartwatch token create` (the token is printed
// once; the store keeps its SHA-256) and `cartwatch token revoke`.
#ifndef CARTWATCH_CLI_ACCESS_COMMAND_H_
#define CARTWATCH_CLI_ACCESS_COMMAND_H_

#include <string>

namespace CLI {
class App;
}

namespace cartwatch::cli {

struct AccessOptions {
  std::string db = "cartwatch.db";
  std::string name;        // user add
  std::string role;        // user add
  std::string user;        // token create
  std::string label;       // token create
  int days = 90;           // token create
  long long token_id = 0;  // token revoke
};

struct AccessCommands {
  CLI::App* user_add = nullptr;
  CLI::App* token_create = nullptr;
  CLI::App* token_revoke = nullptr;
};

AccessCommands AddAccessCommands(CLI::App& app, AccessOptions& options);

// 0 done; 2 usage (a short password, an unknown role); 4 unknown user or token; 5 a user that
// exists; 6 the store cannot be opened.
int RunUserAdd(const AccessOptions& options);
int RunTokenCreate(const AccessOptions& options);
int RunTokenRevoke(const AccessOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_ACCESS_COMMAND_H_
