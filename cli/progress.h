// A one-line progress report on stderr for long inputs, shown only when a person is watching
// (stderr is a terminal) and the size of the input is known.
#ifndef CARTWATCH_CLI_PROGRESS_H_
#define CARTWATCH_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cartwatch::cli {

class ByteProgress {
 public:
  // `total_bytes` 0: size unknown (standard input), nothing is shown.
  ByteProgress(std::string_view command, std::uint64_t total_bytes);
  ~ByteProgress();
  ByteProgress(const ByteProgress&) = delete;
  ByteProgress& operator=(const ByteProgress&) = delete;

  // `done_bytes` of all inputs read so far; redraws at most a few times a second.
  void Update(std::uint64_t done_bytes);
  // Clears the line so that a message can take its place.
  void Interrupt();

 private:
  std::string command_;
  std::uint64_t total_bytes_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace cartwatch::cli

#endif  // CARTWATCH_CLI_PROGRESS_H_
