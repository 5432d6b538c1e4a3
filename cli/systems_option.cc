#include "systems_option.h"

#include <CLI/CLI.hpp>
#include <string_view>

namespace cartwatch::cli {

std::string GradingSystemKeys() {
  std::string keys;
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    keys += (keys.empty() ? "" : ", ") + std::string(info.key);
  }
  return keys;
}

CLI::Option* AddSystemsOption(CLI::App& command, core::GradingSystemSet& systems) {
  systems = core::GradingSystemSet{core::GradingSystem::kAstct2019};
  return command
      .add_option_function<std::string>(
          "--systems",
          [&systems](const std::string& list) {
            systems = core::GradingSystemSet{core::GradingSystem::kAstct2019};
            std::string_view rest = list;
            while (true) {
              const std::size_t comma = rest.find(',');
              const std::string_view key = rest.substr(0, comma);
              const auto system = core::FindGradingSystem(key);
              if (!system) {
                throw CLI::ValidationError("--systems", "unknown grading system \"" +
                                                            std::string(key) +
                                                            "\"; known: " + GradingSystemKeys());
              }
              systems.Add(*system);
              if (comma == std::string_view::npos) break;
              rest.remove_prefix(comma + 1);
            }
          },
          "CRS grading systems, comma-separated: " + GradingSystemKeys() +
              ". ASTCT 2019 is always graded; the older systems are for regrading old data "
              "(docs/clinical/older-systems.md)")
      ->type_name("LIST");
}

}  // namespace cartwatch::cli
