// Loading the treatment protocol a command works under: a TOML file, or a protocol bundled in the
// binary by name. Shared by `recommend`, `timeline` and `cohort`.
#ifndef CARTWATCH_CLI_PROTOCOL_LOADING_H_
#define CARTWATCH_CLI_PROTOCOL_LOADING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"
#include "cartwatch/core/protocol.h"

namespace cartwatch::cli {

// The protocol used when --protocol is not given (bundled in the binary).
inline constexpr std::string_view kDefaultProtocol = "seed-2026";

struct LoadedProtocol {
  std::optional<core::Protocol> protocol;
  int exit_code = 0;  // set when `protocol` is empty; the reason is already on stderr
};

// `option`: a file path when such a file exists, else the name of a bundled protocol; empty means
// kDefaultProtocol. A protocol is used only when it parses and core::CheckProtocol finds no gap
// or contradiction in it.
LoadedProtocol LoadProtocol(std::string_view command, const std::string& option, bool json);

// "seed-2026, asco-2021, ..." for --help texts.
std::string BundledProtocolNames();

// Prints every refusal of one whole file (protocol or context) and returns its exit code.
int ReportFileErrors(const std::string& file, const std::vector<core::Error>& errors, bool json);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_PROTOCOL_LOADING_H_
