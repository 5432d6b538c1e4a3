// The --systems option: which CRS grading systems to grade by, e.g. "astct,lee2014,penn".
#ifndef CARTWATCH_CLI_SYSTEMS_OPTION_H_
#define CARTWATCH_CLI_SYSTEMS_OPTION_H_

#include <string>

#include "cartwatch/core/grading_systems.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cartwatch::cli {

// Adds --systems to `command`. ASTCT 2019 is always graded; the option adds the others. An
// unknown key is a usage error naming the valid keys.
CLI::Option* AddSystemsOption(CLI::App& command, core::GradingSystemSet& systems);

// "astct, lee2014, penn, mskcc, ctcae5, cartox".
std::string GradingSystemKeys();

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_SYSTEMS_OPTION_H_
