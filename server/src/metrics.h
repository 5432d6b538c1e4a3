// Request counters and a latency histogram, rendered in the Prometheus text format (0.0.4).
#ifndef CARTWATCH_SERVER_SRC_METRICS_H_
#define CARTWATCH_SERVER_SRC_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace cartwatch::server {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.5};

  void Observe(int status, double seconds);
  std::string Render() const;

 private:
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};  // index status / 100 (1xx..5xx), 0 other
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_METRICS_H_
