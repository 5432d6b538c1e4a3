// Runs `cartwatch protocol check` and `cartwatch protocol show` as a user would: shipped and
// broken protocol files, bundled names, exit codes and both output formats.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_harness.h"

namespace cartwatch {
namespace {

using nlohmann::json;

using testing::Cartwatch;
using testing::CommandResult;
using testing::JsonLines;
using testing::ReadFile;
using testing::TempFile;
using testing::TempPath;

const std::string kSource = CARTWATCH_SOURCE_DIR;
const std::vector<std::string> kShipped = {"seed-2026", "asco-2021", "ebmt-2022"};

std::string Shipped(const std::string& name) {
  return "'" + kSource + "/protocols/" + name + ".toml'";
}
std::string Testdata(const std::string& name) {
  return "'" + kSource + "/adapters/protocol_toml/testdata/" + name + "'";
}

// The text between the first line starting with `open` after `heading` and the next "```".
std::string FencedBlockAfter(const std::string& page, std::string_view heading,
                             std::string_view open) {
  std::size_t at = page.find(heading);
  if (at == std::string::npos) return "";
  at = page.find(std::string(open) + "\n", at);
  if (at == std::string::npos) return "";
  at += open.size() + 1;
  return page.substr(at, page.find("```", at) - at);
}

// The complete example of docs/protocol-format.md loads and checks as the page says it does.
TEST(ProtocolCli, TheDocumentedExampleProtocolChecksAsShown) {
  const std::string page = ReadFile(kSource + "/docs/protocol-format.md");
  const std::string example = FencedBlockAfter(page, "## A complete example", "```toml");
  ASSERT_FALSE(example.empty());
  const std::string console = FencedBlockAfter(page, "## A complete example", "```console");
  const std::string expected = console.substr(console.find('\n') + 1);
  TempFile file(example, ".toml");
  const CommandResult run = Cartwatch("protocol check " + file.path());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, expected);
}

TEST(ProtocolCli, CheckAcceptsEveryShippedProtocolByFileAndByName) {
  for (const std::string& name : kShipped) {
    SCOPED_TRACE(name);
    for (const std::string& arg : {Shipped(name), name}) {
      const CommandResult run = Cartwatch("protocol check " + arg);
      EXPECT_EQ(run.exit_code, 0) << run.err;
      EXPECT_TRUE(run.out.starts_with("ok: " + name + " ")) << run.out;
      const std::size_t line_end = run.out.find('\n');
      ASSERT_NE(line_end, std::string::npos) << run.out;
      const std::string first_line = run.out.substr(0, line_end);
      EXPECT_TRUE(first_line.ends_with(" actions") || first_line.ends_with(" escalations") ||
                  first_line.ends_with(" escalation"))
          << run.out;
      EXPECT_TRUE(run.err.empty()) << run.err;
    }
  }
}

TEST(ProtocolCli, CheckJsonSummarisesTheProtocol) {
  const CommandResult run = Cartwatch("protocol check --format json ebmt-2022");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<json> lines = JsonLines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["ok"], true);
  EXPECT_EQ(lines[0]["id"], "ebmt-2022");
  EXPECT_GT(lines[0]["actions"].get<int>(), 0);
}

TEST(ProtocolCli, CheckReadsStandardInput) {
  const CommandResult run =
      Cartwatch("protocol check -", ReadFile(kSource + "/protocols/seed-2026.toml"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("ok: seed-2026 ")) << run.out;
}

TEST(ProtocolCli, BrokenProtocolExitsThreeWithEveryErrorAndItsLine) {
  CommandResult run = Cartwatch("protocol check " + Testdata("dose-without-unit.toml"));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("actions[example.icans.dexamethasone].dose.amount: dose without unit"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("(line 56, column 10) [malformed_protocol]"), std::string::npos)
      << run.err;

  run = Cartwatch("protocol check --format json " + Testdata("uncovered-grade.toml"));
  EXPECT_EQ(run.exit_code, 3);
  const std::vector<json> errors = JsonLines(run.err);
  ASSERT_EQ(errors.size(), 1u) << run.err;
  for (const json& error : errors) {
    EXPECT_EQ(error["error"], "invalid_protocol");
    EXPECT_EQ(error["field"], "icans.grade1");
  }

  run = Cartwatch("protocol show " + Testdata("malformed-toml.toml"));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("not valid TOML"), std::string::npos) << run.err;
}

TEST(ProtocolCli, ShowTextListsGradesRulesAndTheClinicianLine) {
  const CommandResult run = Cartwatch("protocol show asco-2021");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* part :
       {"Protocol asco-2021 version 2.0.0: ", "\nCRS grade 1\n", "\nCRS grade 4\n",
        "\nICANS grade 4\n", "[asco2021.crs.g2.tocilizumab; asco-2021]", "UNCONFIRMED",
        "     step 1: 500 mg; IV; every 12 h, 6 doses\n", "  escalation: manage as grade 4: ",
        "[asco2021.crs.g3.refractory; asco-2021]", "Decision support: a clinician decides.\n"}) {
    EXPECT_NE(run.out.find(part), std::string::npos) << part;
  }
}

TEST(ProtocolCli, ShowJsonIsTheWholeProtocol) {
  const CommandResult run = Cartwatch("protocol show --format json " + Shipped("seed-2026"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json protocol = json::parse(run.out);
  EXPECT_EQ(protocol["schema"], "cartwatch.protocol/1");
  EXPECT_EQ(protocol["id"], "seed-2026");
  bool tocilizumab = false;
  for (const json& action : protocol["actions"]) {
    if (action["rule"] == "seed.crs.g2.tocilizumab") {
      tocilizumab = true;
      EXPECT_EQ(action["dose"]["mg_per_kg"], 8.0);
      EXPECT_EQ(action["dose"]["max_mg"], 800.0);
    }
  }
  EXPECT_TRUE(tocilizumab);
}

TEST(ProtocolCli, UsageErrors) {
  EXPECT_EQ(Cartwatch("protocol check /nonexistent/p.toml").exit_code, 2);
  EXPECT_EQ(Cartwatch("protocol check no-such-bundled-name").exit_code, 2);
  EXPECT_EQ(Cartwatch("protocol check '" + kSource + "/protocols'").exit_code, 2);  // a directory
  EXPECT_EQ(Cartwatch("protocol").exit_code, 2);
  EXPECT_EQ(Cartwatch("protocol check").exit_code, 2);
  EXPECT_EQ(Cartwatch("protocol show seed-2026 --format xml").exit_code, 2);
  const CommandResult unknown = Cartwatch("protocol check no-such-bundled-name");
  EXPECT_NE(unknown.err.find("bundled: asco-2021, ebmt-2022, seed-2026"), std::string::npos)
      << unknown.err;
}

TEST(ProtocolCli, HelpNamesTheSubcommands) {
  const CommandResult run = Cartwatch("protocol --help");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* part : {"check", "show", "clinician decides"}) {
    EXPECT_NE(run.out.find(part), std::string::npos) << part;
  }
}

}  // namespace
}  // namespace cartwatch
