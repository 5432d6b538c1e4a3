// `cartwatch recommend`: what to do now for each assessment, under a treatment protocol.
#ifndef CARTWATCH_CLI_RECOMMEND_COMMAND_H_
#define CARTWATCH_CLI_RECOMMEND_COMMAND_H_

#include <string>
#include <string_view>

#include "grade_command.h"  // OutputFormat

namespace CLI {
class App;
}

namespace cartwatch::cli {

struct RecommendOptions {
  std::string input = "-";  // assessments: a path, or "-" for standard input
  // A protocol file (cartwatch.protocol/1 TOML), or the name of a bundled protocol when no file
  // of that name exists; empty: kDefaultProtocol.
  std::string protocol;
  std::string weight_kg;  // as typed; checked by RunRecommend (a number above 0, at most 350)
  std::string context;    // a cartwatch.context/1 file, "-" for standard input, or empty
  OutputFormat format = OutputFormat::kJson;
};

// Registers the subcommand on `app`; `options` must outlive parsing.
CLI::App* AddRecommendCommand(CLI::App& app, RecommendOptions& options);

// Runs the command; returns the process exit code from the error catalogue: 0 when every
// assessment got a recommendation; 2 (usage) for a bad --weight, an unreadable file, or two
// inputs on standard input; 3 when the protocol or the context is invalid (nothing is
// recommended then) or when some assessments were refused (the others still get theirs).
int RunRecommend(const RecommendOptions& options);

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_RECOMMEND_COMMAND_H_
