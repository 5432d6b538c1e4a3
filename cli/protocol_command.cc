#include "protocol_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/error.h"
#include "cartwatch/core/protocol.h"
#include "cli_support.h"

namespace cartwatch::cli {
namespace {

constexpr std::string_view kCommand = "cartwatch protocol";

int Usage(const std::string& message) { return UsageError(kCommand, message); }

std::string BundledNames() {
  std::string names;
  for (const adapters::BundledProtocol& bundled : adapters::BundledProtocols()) {
    names += (names.empty() ? "" : ", ") + std::string(bundled.name);
  }
  return names;
}

void AddFileAndFormat(CLI::App& command, ProtocolOptions& options, const std::string& formats) {
  command
      .add_option("FILE", options.file,
                  "Protocol file (cartwatch.protocol/1 TOML), - for standard input, or the name "
                  "of a bundled protocol (" +
                      BundledNames() + ")")
      ->required();
  command
      .add_option_function<std::string>(
          "-f,--format",
          [&options](const std::string& format) {
            options.format = format == "json" ? OutputFormat::kJson : OutputFormat::kText;
          },
          formats)
      ->check(CLI::IsMember({"text", "json"}));
}

}  // namespace

CLI::App* AddProtocolCommand(CLI::App& app, ProtocolOptions& options) {
  CLI::App* protocol = app.add_subcommand(
      "protocol",
      "Check or show a treatment protocol (cartwatch.protocol/1 TOML; see "
      "docs/protocol-format.md).\n"
      "A protocol is data a centre writes: what to do for CRS and ICANS by grade, with doses,\n"
      "caps and limits. Decision support only: a clinician decides.\n"
      "Exit codes: 0 sound, 2 usage error or unreadable file, 3 malformed or invalid protocol.");
  protocol->require_subcommand(1);

  CLI::App* check = protocol->add_subcommand(
      "check",
      "Validate a protocol: TOML syntax, every key and type, units of doses, known drugs, and\n"
      "the whole-protocol checks (every CRS and ICANS grade 1-4 covered, rule ids unique,\n"
      "sources cited, no unreachable rule, no IL-6 blockade for isolated ICANS). Prints\n"
      "\"ok: <id> <version>, N actions\", or every error with its key and line:column.");
  AddFileAndFormat(*check, options,
                   "text (default): one line per error; json: one JSON object per line");
  check->callback([&options] { options.action = ProtocolAction::kCheck; });

  CLI::App* show = protocol->add_subcommand(
      "show",
      "Show a protocol after validating it: its sources and drug limits, then for CRS and ICANS,\n"
      "grade by grade, every action with its dose, conditions, rule id, source and UNCONFIRMED\n"
      "marks (text), or the whole protocol with every default filled in (json).");
  AddFileAndFormat(*show, options,
                   "text (default): a table by syndrome and grade; json: one JSON document, "
                   "keys as in the TOML file");
  show->callback([&options] { options.action = ProtocolAction::kShow; });
  return protocol;
}

int RunProtocol(const ProtocolOptions& options) {
  const bool json = options.format == OutputFormat::kJson;
  const std::string& name = options.file;

  // A file when one exists (or "-"), else a bundled protocol of that name.
  std::optional<std::string> text;
  std::error_code file_error;
  const bool is_file = name == "-" || std::filesystem::exists(name, file_error);
  if (is_file) {
    if (name != "-" && std::filesystem::is_directory(name, file_error)) {
      return Usage(name + " is a directory, not a protocol file");
    }
    text = ReadAll(name);
    if (!text) return Usage("cannot read protocol file " + name);
  } else {
    for (const adapters::BundledProtocol& bundled : adapters::BundledProtocols()) {
      if (bundled.name == name) text = std::string(bundled.toml_text);
    }
    if (!text) {
      return Usage("cannot open protocol file " + name +
                   " (and no bundled protocol has that name; bundled: " + BundledNames() + ")");
    }
  }
  const std::string shown_name = name == "-" ? "<stdin>" : name;

  adapters::ProtocolParse parse = adapters::ParseProtocolToml(*text, shown_name);
  if (!parse.errors.empty() || !parse.protocol) {
    for (const core::Error& error : parse.errors) {
      std::cerr << (json ? adapters::FileErrorToJson(shown_name, error)
                         : adapters::FileErrorToText(shown_name, error))
                << '\n';
    }
    // A bundled protocol that does not load is a bug of this build, not bad input.
    if (!is_file || parse.errors.empty()) {
      if (parse.errors.empty()) {
        std::cerr << kCommand << ": " << shown_name << " gave neither a protocol nor an error"
                  << " [internal]\n";
      }
      return ExitCodeOf(core::ErrorCode::kInternal);
    }
    return ExitCodeOf(parse.errors.front().code);
  }
  const core::Protocol& protocol = *parse.protocol;

  if (options.action == ProtocolAction::kShow) {
    if (json) {
      std::cout << adapters::ProtocolToJson(protocol) << '\n';
    } else {
      std::cout << adapters::ProtocolToText(protocol);
    }
    std::cout.flush();
    return 0;
  }

  std::size_t unconfirmed = 0;
  for (const core::ProtocolAction& action : protocol.actions) unconfirmed += action.unconfirmed;
  for (const core::DrugLimit& limit : protocol.limits) unconfirmed += limit.unconfirmed;
  for (const core::Escalation& escalation : protocol.escalations) {
    unconfirmed += escalation.unconfirmed;
  }
  if (json) {
    std::cout << adapters::ProtocolCheckToJson(shown_name, protocol) << '\n';
  } else {
    std::cout << "ok: " << protocol.id << ' ' << protocol.version << ", " << protocol.actions.size()
              << " actions";
    if (!protocol.escalations.empty()) {
      std::cout << ", " << protocol.escalations.size() << " escalation"
                << (protocol.escalations.size() == 1 ? "" : "s");
    }
    std::cout << '\n';
    if (unconfirmed > 0) {
      std::cout << unconfirmed << " rule" << (unconfirmed == 1 ? " is" : "s are")
                << " marked UNCONFIRMED: check them against the source before clinical use\n";
    }
  }
  std::cout.flush();
  return 0;
}

}  // namespace cartwatch::cli
