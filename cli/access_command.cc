#include "access_command.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "cartwatch/server/credentials.h"
#include "cartwatch/store/store.h"
#include "cli_support.h"

namespace cartwatch::cli {
namespace {

core::UnixSeconds Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The audit log names who ran the command on which machine account.
store::WriteContext CommandContext(std::string_view command) {
  const char* login = std::getenv("USER");
  return {std::string("cli:") + (login != nullptr ? login : "unknown"),
          std::string(command) + "-" + std::to_string(getpid()), "", ""};
}

std::unique_ptr<store::Store> Open(std::string_view command, const std::string& db,
                                   int& exit_code) {
  core::Result<std::unique_ptr<store::Store>> opened = store::OpenStore(db);
  if (!opened.ok()) {
    std::cerr << "cartwatch " << command << ": " << opened.error().message << " ["
              << opened.error().name() << "]\n";
    exit_code = ExitCodeOf(opened.error().code);
    return nullptr;
  }
  return std::move(opened).value();
}

int Refused(std::string_view command, const core::Error& error) {
  std::cerr << "cartwatch " << command << ": " << error.message << " [" << error.name() << "]\n";
  return ExitCodeOf(error.code);
}

// One line from standard input, not echoed when it is a terminal.
std::string ReadPassword() {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << "password (at least " << server::kMinPasswordLength << " characters): ";
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

AccessCommands AddAccessCommands(CLI::App& app, AccessOptions& options) {
  AccessCommands commands;
  CLI::App* user = app.add_subcommand("user", "Manage the users of the service");
  user->require_subcommand(1);
  commands.user_add = user->add_subcommand(
      "add",
      "Add a user. The password is read from standard input (not echoed on a terminal):\n"
      "  cartwatch user add --db cartwatch.db --name ward-nurse --role nurse\n"
      "Roles: viewer (read), nurse (record), physician (also correct, choose the protocol),\n"
      "admin (also users, tokens, audit). See docs/api.md.");
  commands.user_add->add_option("--db", options.db, "the store")->capture_default_str();
  commands.user_add->add_option("--name", options.name, "the user name")->required();
  commands.user_add->add_option("--role", options.role, "viewer, nurse, physician or admin")
      ->required()
      ->check(CLI::IsMember({"viewer", "nurse", "physician", "admin"}));

  CLI::App* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  commands.token_create = token->add_subcommand(
      "create",
      "Create an API token for a user and print it once (send it as Authorization: Bearer ...).\n"
      "The store keeps only its SHA-256.");
  commands.token_create->add_option("--db", options.db, "the store")->capture_default_str();
  commands.token_create->add_option("--user", options.user, "the user it acts as")->required();
  commands.token_create->add_option("--label", options.label, "what the token is for");
  commands.token_create->add_option("--days", options.days, "days until it expires")
      ->check(CLI::Range(1, 365))
      ->capture_default_str();
  commands.token_revoke = token->add_subcommand("revoke", "Revoke an API token by its id");
  commands.token_revoke->add_option("--db", options.db, "the store")->capture_default_str();
  commands.token_revoke->add_option("ID", options.token_id, "the token's id")->required();
  return commands;
}

int RunUserAdd(const AccessOptions& options) {
  constexpr std::string_view kCommand = "user add";
  const std::string password = ReadPassword();
  if (const std::string problem = server::PasswordProblem(password); !problem.empty()) {
    return UsageError(kCommand, problem);
  }
  int exit_code = 0;
  std::unique_ptr<store::Store> store = Open(kCommand, options.db, exit_code);
  if (!store) return exit_code;
  const store::User user{options.name, *store::FindRole(options.role),
                         server::HashPassword(password), Now(), false};
  const core::Result<store::User> created = store->CreateUser(user, CommandContext(kCommand));
  if (!created.ok()) return Refused(kCommand, created.error());
  std::cout << "added user " << options.name << " (" << options.role << ")\n";
  return 0;
}

int RunTokenCreate(const AccessOptions& options) {
  constexpr std::string_view kCommand = "token create";
  int exit_code = 0;
  std::unique_ptr<store::Store> store = Open(kCommand, options.db, exit_code);
  if (!store) return exit_code;
  const std::string secret = server::NewSecret(server::kTokenPrefix);
  store::ApiToken token;
  token.user = options.user;
  token.label = options.label;
  token.token_hash = server::SecretHash(secret);
  token.created_at = Now();
  token.expires_at = token.created_at + static_cast<core::UnixSeconds>(options.days) * 86400;
  const core::Result<store::ApiToken> created = store->CreateToken(token, CommandContext(kCommand));
  if (!created.ok()) return Refused(kCommand, created.error());
  std::cerr << "token " << created.value().id << " for " << options.user << ", expires "
            << core::FormatRfc3339Utc(token.expires_at) << "; shown only now:\n";
  std::cout << secret << "\n";
  return 0;
}

int RunTokenRevoke(const AccessOptions& options) {
  constexpr std::string_view kCommand = "token revoke";
  int exit_code = 0;
  std::unique_ptr<store::Store> store = Open(kCommand, options.db, exit_code);
  if (!store) return exit_code;
  const core::Result<store::ApiToken> revoked =
      store->RevokeToken(options.token_id, CommandContext(kCommand));
  if (!revoked.ok()) return Refused(kCommand, revoked.error());
  std::cout << "revoked token " << options.token_id << "\n";
  return 0;
}

}  // namespace cartwatch::cli
