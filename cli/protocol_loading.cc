#include "protocol_loading.h"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cli_support.h"

namespace cartwatch::cli {

std::string BundledProtocolNames() {
  std::string names;
  for (const auto& bundled : adapters::BundledProtocols()) {
    names += (names.empty() ? "" : ", ") + std::string(bundled.name);
  }
  return names;
}

int ReportFileErrors(const std::string& file, const std::vector<core::Error>& errors, bool json) {
  for (const core::Error& error : errors) {
    std::cerr << (json ? adapters::FileErrorToJson(file, error)
                       : adapters::FileErrorToText(file, error))
              << '\n';
  }
  return ExitCodeOf(errors.front().code);
}

LoadedProtocol LoadProtocol(std::string_view command, const std::string& option, bool json) {
  LoadedProtocol loaded;
  const std::string name = option.empty() ? std::string(kDefaultProtocol) : option;
  std::optional<std::string> text;
  std::error_code file_error;
  const bool is_file = !option.empty() && std::filesystem::exists(name, file_error);
  if (is_file) {
    text = ReadAll(name);
    if (!text) {
      loaded.exit_code = UsageError(command, "cannot read protocol file " + name);
      return loaded;
    }
  } else {
    for (const auto& bundled : adapters::BundledProtocols()) {
      if (bundled.name == name) text = std::string(bundled.toml_text);
    }
    if (!text) {
      loaded.exit_code = UsageError(
          command,
          "cannot open protocol file " + name +
              " (and no bundled protocol has that name; bundled: " + BundledProtocolNames() + ")");
      return loaded;
    }
  }
  // The parser runs core::CheckProtocol on every protocol that parses.
  adapters::ProtocolParse parse = adapters::ParseProtocolToml(*text, name);
  if (!parse.errors.empty()) {
    loaded.exit_code = ReportFileErrors(name, parse.errors, json);
    // A bundled protocol that does not load is a bug of this build, not bad input.
    if (!is_file) loaded.exit_code = ExitCodeOf(core::ErrorCode::kInternal);
    return loaded;
  }
  if (!parse.protocol) {
    loaded.exit_code = ExitCodeOf(core::ErrorCode::kInternal);
    std::cerr << command << ": protocol " << name << " gave neither a protocol nor an error"
              << " [internal]\n";
    return loaded;
  }
  loaded.protocol = std::move(parse.protocol);
  return loaded;
}

}  // namespace cartwatch::cli
