#include "metrics.h"

#include <cmath>

namespace cartwatch::server {

void Metrics::Observe(int status, double seconds) {
  const int status_class = status / 100;
  by_class_[status_class >= 1 && status_class <= 5 ? static_cast<std::size_t>(status_class) : 0]
      .fetch_add(1);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1);
  count_.fetch_add(1);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e6)));
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP cartwatch_http_requests_total HTTP requests answered, by status class.\n";
  out += "# TYPE cartwatch_http_requests_total counter\n";
  for (std::size_t i = 1; i <= 5; ++i) {
    out += "cartwatch_http_requests_total{code=\"" + std::to_string(i) + "xx\"} " +
           std::to_string(by_class_[i].load()) + "\n";
  }
  out += "# HELP cartwatch_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE cartwatch_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i].load();
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g", kBuckets[i]);
    out += "cartwatch_http_request_duration_seconds_bucket{le=\"" + std::string(bound) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_.back().load();
  out += "cartwatch_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(cumulative) + "\n";
  char sum[32];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(sum_micros_.load()) / 1e6);
  out += "cartwatch_http_request_duration_seconds_sum " + std::string(sum) + "\n";
  out += "cartwatch_http_request_duration_seconds_count " + std::to_string(count_.load()) + "\n";
  return out;
}

}  // namespace cartwatch::server
