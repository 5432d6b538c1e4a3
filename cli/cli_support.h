// Small pieces every subcommand needs: reading a whole input and reporting usage errors with the
// exit codes of the error catalogue.
#ifndef CARTWATCH_CLI_CLI_SUPPORT_H_
#define CARTWATCH_CLI_CLI_SUPPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/error.h"

namespace cartwatch::cli {

inline int ExitCodeOf(core::ErrorCode code) { return core::Describe(code).exit_code; }

// Prints "<command>: <message> [usage]" on stderr; returns the usage exit code.
int UsageError(std::string_view command, const std::string& message);

// The whole of a file, or of standard input for "-"; nullopt when it cannot be read (a directory
// included: it opens as a stream on Linux and would read as empty text).
std::optional<std::string> ReadAll(const std::string& path);

// Writes `text` to the file at `path` (replacing it), or to standard output for "-"; false when
// the file cannot be written completely.
bool WriteAll(const std::string& path, std::string_view text);

// The total size of the files (standard input counts 0), for progress reports.
std::uint64_t TotalSize(const std::vector<std::string>& paths);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_CLI_SUPPORT_H_
