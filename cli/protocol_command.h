// `cartwatch protocol check FILE` and `cartwatch protocol show FILE`: validate a treatment
// protocol (cartwatch.protocol/1 TOML, docs/protocol-format.md) and show what it recommends,
// grade by grade, before anyone relies on it.
#ifndef CARTWATCH_CLI_PROTOCOL_COMMAND_H_
#define CARTWATCH_CLI_PROTOCOL_COMMAND_H_

#include <string>

#include "grade_command.h"  // OutputFormat

namespace CLI {
class App;
}

namespace cartwatch::cli {

enum class ProtocolAction { kCheck, kShow };

struct ProtocolOptions {
  ProtocolAction action = ProtocolAction::kCheck;  // set by the subcommand given
  // A protocol file, "-" for standard input, or the name of a bundled protocol ("seed-2026")
  // when no file of that name exists.
  std::string file;
  OutputFormat format = OutputFormat::kText;
};

// Registers `protocol` with its subcommands `check` and `show` on `app`; `options` must outlive
// parsing. Returns the `protocol` subcommand (check its parsed()).
CLI::App* AddProtocolCommand(CLI::App& app, ProtocolOptions& options);

// Runs the command; returns the process exit code from the error catalogue:
//  0  the protocol is sound. check prints "ok: <id> <version>, N actions" (and how many rules are
//     marked UNCONFIRMED) on standard output; show prints the protocol as a table by syndrome and
//     grade (text) or as one JSON document (json).
//  2  usage: the file cannot be read and no bundled protocol has that name.
//  3  the protocol is malformed (malformed_protocol) or has gaps or contradictions
//     (invalid_protocol): every error is printed on standard error, one a line, with its key
//     path and its line and column in the file (text), or as JSON lines (json). Nothing is shown.
//  1  a bundled protocol fails to load: a bug of this build.
int RunProtocol(const ProtocolOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_PROTOCOL_COMMAND_H_
