// Runs the real `cartwatch` binary for end-to-end tests: standard input from a string, both
// output streams and the exit code captured. Every run uses files of its own, because ctest runs
// tests in parallel processes.
#ifndef CARTWATCH_TESTS_CLI_CLI_HARNESS_H_
#define CARTWATCH_TESTS_CLI_CLI_HARNESS_H_

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

namespace cartwatch::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A path of its own for this process and call.
inline std::string TempPath(std::string_view suffix) {
  static int count = 0;
  return ::testing::TempDir() + "/cartwatch_cli_" + std::to_string(getpid()) + "_" +
         std::to_string(++count) + std::string(suffix);
}

// Writes `text` to a new temporary file, removed when the object goes.
class TempFile {
 public:
  TempFile(std::string_view text, std::string_view suffix) : path_(TempPath(suffix)) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string arg() const { return "'" + path_ + "'"; }  // quoted for the shell
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs cartwatch with `args` (shell words), feeding `stdin_text` on standard input.
inline CommandResult Cartwatch(const std::string& args, const std::string& stdin_text = "") {
  const std::string stem = TempPath("");
  const std::string in = stem + ".in", out = stem + ".out", err = stem + ".err";
  std::ofstream(in) << stdin_text;
  const std::string command = std::string("'") + CARTWATCH_BINARY + "' " + args + " <'" + in +
                              "' >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  CommandResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  for (const std::string& path : {in, out, err}) std::remove(path.c_str());
  return run;
}

// One JSON value per non-empty line.
inline std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

}  // namespace cartwatch::testing

#endif  // CARTWATCH_TESTS_CLI_CLI_HARNESS_H_
