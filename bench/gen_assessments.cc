// cartwatch_gen_assessments: writes N realistic, valid cartwatch.assessment/1 records as NDJSON
// to standard output, for load tests of `cartwatch grade`.
//
//   cartwatch_gen_assessments --count 1000000 --seed 42 > assessments.ndjson
//
// The same seed always gives the same file. Exit codes follow the CLI: 0 done, 2 usage,
// 1 write error.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

#include "assessment_sampler.h"

namespace {

constexpr std::string_view kUsage =
    "usage: cartwatch_gen_assessments --count N [--seed S] > file.ndjson\n"
    "  --count N  number of records to write (required)\n"
    "  --seed S   seed of the generator (default 1); the same seed gives the same file\n";

int UsageError(std::string_view problem) {
  std::fprintf(stderr, "cartwatch_gen_assessments: %.*s\n%.*s", static_cast<int>(problem.size()),
               problem.data(), static_cast<int>(kUsage.size()), kUsage.data());
  return 2;
}

bool ParseUnsigned(std::string_view text, std::uint64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

bool Write(const std::string& buffer) {
  return std::fwrite(buffer.data(), 1, buffer.size(), stdout) == buffer.size();
}

int WriteError() {
  std::fprintf(stderr, "cartwatch_gen_assessments: cannot write to standard output\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
      return 0;
    }
    if (arg != "--count" && arg != "--seed")
      return UsageError("unknown argument " + std::string(arg));
    if (i + 1 >= argc) return UsageError(std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    std::uint64_t parsed = 0;
    if (!ParseUnsigned(value, parsed)) {
      return UsageError(std::string(arg) + " takes a non-negative integer, not '" +
                        std::string(value) + "'");
    }
    if (arg == "--count") {
      count = parsed;
      have_count = true;
    } else {
      seed = parsed;
    }
  }
  if (!have_count) return UsageError("--count is required");

  cartwatch::bench::AssessmentSampler sampler(seed);
  std::string buffer;
  constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  buffer.reserve(kFlushBytes + 4096);
  for (std::uint64_t i = 0; i < count; ++i) {
    cartwatch::bench::AppendAssessmentJson(sampler.Next(), buffer);
    buffer += '\n';
    if (buffer.size() >= kFlushBytes) {
      if (!Write(buffer)) return WriteError();
      buffer.clear();
    }
  }
  if (!Write(buffer) || std::fflush(stdout) != 0) return WriteError();
  return 0;
}
