// `cartwatch serve` as a process: it prints where it listens, answers, and stops cleanly on
// SIGTERM with exit 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli_harness.h"

namespace cartwatch {
namespace {

using testing::TempPath;

// A plain HTTP/1.0 GET on 127.0.0.1:`port`; the whole answer.
std::string Get(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string answer;
  char chunk[4096];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) answer.append(chunk, n);
  close(fd);
  return answer;
}

TEST(ServeCli, ListensAnswersAndStopsCleanlyOnSigterm) {
  const std::string db = TempPath(".db");
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(CARTWATCH_BINARY, CARTWATCH_BINARY, "serve", "--db", db.c_str(), "--listen",
          "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* output = fdopen(out[0], "r");
  char line[512] = {};
  ASSERT_NE(fgets(line, sizeof line, output), nullptr);
  const std::string first(line);
  const std::size_t at = first.find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << first;
  const int port = std::stoi(first.substr(at + 17));
  EXPECT_NE(first.find("a clinician decides"), std::string::npos);
  const std::string health = Get(port, "/healthz");
  EXPECT_NE(health.find("200 OK"), std::string::npos) << health;
  EXPECT_NE(health.find("{\"status\":\"ok\"}"), std::string::npos);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string rest;
  while (fgets(line, sizeof line, output) != nullptr) rest += line;
  fclose(output);
  EXPECT_NE(rest.find("cartwatch serve: stopped"), std::string::npos) << rest;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}

TEST(ServeCli, ABadListenAddressIsAUsageError) {
  const testing::CommandResult run = testing::Cartwatch("serve --db /tmp/x.db --listen nonsense");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--listen must be ADDRESS:PORT"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace cartwatch
