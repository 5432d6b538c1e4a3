#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace cartwatch::cli {

ByteProgress::ByteProgress(std::string_view command, std::uint64_t total_bytes)
    : command_(command),
      total_bytes_(total_bytes),
      enabled_(total_bytes > 0 && isatty(STDERR_FILENO) == 1) {}

ByteProgress::~ByteProgress() { Interrupt(); }

void ByteProgress::Update(std::uint64_t done_bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double fraction = static_cast<double>(done_bytes) / static_cast<double>(total_bytes_);
  const int percent = fraction >= 1.0 ? 100 : static_cast<int>(fraction * 100.0);
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r%s: [%s] %3d%% of %.1f MB", command_.c_str(), bar.c_str(), percent,
               static_cast<double>(total_bytes_) / 1e6);
  std::fflush(stderr);
  shown_ = true;
}

void ByteProgress::Interrupt() {
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace cartwatch::cli
