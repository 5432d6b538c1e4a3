#include "audit_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cartwatch/store/store.h"
#include "cli_support.h"

namespace cartwatch::cli {
namespace {

// A broken chain is neither bad input nor a fault of cartwatch: its own exit code.
constexpr int kChainBroken = 7;

}  // namespace

CLI::App* AddAuditCommand(CLI::App& app, AuditOptions& options) {
  CLI::App* audit = app.add_subcommand("audit", "Check the store's append-only audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify",
      "Recompute the hash chain of the audit log: every row's hash covers the row before it, so a\n"
      "changed, removed or inserted row is found. Exit 0 intact, 7 broken, 6 store unavailable.");
  verify
      ->add_option("--db", options.db,
                   "the store: a SQLite file or a postgresql:// URL (as given to cartwatch serve)")
      ->required();
  return audit;
}

int RunAudit(const AuditOptions& options) {
  // Opening creates a missing file; verifying one that does not exist is a mistake. (A URL is
  // never echoed: it may hold a password.)
  if (!store::IsPostgresLocation(options.db) && !std::filesystem::exists(options.db)) {
    return UsageError("audit", "no store at " + options.db);
  }
  core::Result<std::unique_ptr<store::Store>> opened = store::OpenStore(options.db);
  if (!opened.ok()) {
    std::cerr << "cartwatch audit: " << opened.error().message << " [" << opened.error().name()
              << "]\n";
    return ExitCodeOf(opened.error().code);
  }
  const store::AuditCheck check = opened.value()->VerifyAudit();
  if (!check.ok()) {
    std::cerr << "cartwatch audit: hash chain broken: " << check.problem << " (" << check.entries
              << " rows read)\n";
    return kChainBroken;
  }
  std::cout << "ok: " << check.entries << " audit rows, hash chain intact\n";
  return 0;
}

}  // namespace cartwatch::cli
