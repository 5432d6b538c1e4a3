// `cartwatch audit verify --db FILE`: recompute the hash chain of the store's append-only audit
// log and say whether any row was changed, removed or inserted since it was written.
#ifndef CARTWATCH_CLI_AUDIT_COMMAND_H_
#define CARTWATCH_CLI_AUDIT_COMMAND_H_

#include <string>

namespace CLI {
class App;
}

namespace cartwatch::cli {

struct AuditOptions {
  std::string db;  // the store: a SQLite file
};

// Registers `audit` with its subcommand `verify`; returns the `audit` subcommand.
CLI::App* AddAuditCommand(CLI::App& app, AuditOptions& options);

// 0: the chain is intact ("ok: N audit rows, hash chain intact"). 7: the chain is broken; the
// first bad row and why on standard error. 6: the store cannot be opened (store_unavailable,
// store_too_new). 2: usage.
int RunAudit(const AuditOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_AUDIT_COMMAND_H_
