// The service's routes over a real SQLite store: health, readiness, metrics, unknown routes.
#include "cartwatch/server/service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace cartwatch::server {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("cartwatch-service-" + std::to_string(getpid()) + ".db"))
                .string();
    auto opened = store::OpenStore(path_);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    service_ = std::make_unique<Service>(*store_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  HttpResponse Get(const std::string& path, const std::string& method = "GET") {
    HttpRequest request;
    request.method = method;
    request.path = path;
    return service_->Handle(request);
  }

  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
};

TEST_F(ServiceTest, HealthAndReadinessAnswer) {
  EXPECT_EQ(Get("/healthz").status, 200);
  const HttpResponse ready = Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_NE(ready.body.find("\"schema_version\":2"), std::string::npos) << ready.body;
}

TEST_F(ServiceTest, MetricsCountRequestsInThePrometheusFormat) {
  Get("/healthz");
  Get("/nowhere");
  const HttpResponse metrics = Get("/metrics");
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4");
  EXPECT_NE(metrics.body.find("cartwatch_http_requests_total{code=\"2xx\"} 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("cartwatch_http_requests_total{code=\"4xx\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("cartwatch_http_request_duration_seconds_count 2\n"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("cartwatch_store_commits_total 0\n"), std::string::npos)
      << metrics.body;
}

TEST_F(ServiceTest, MetricsCountTheStoresCommitsAndWrites) {
  store::Patient patient;
  patient.id = "P-1";
  ASSERT_TRUE(store_->CreatePatient(patient, {"nurse", "r", "", ""}).ok());
  const HttpResponse metrics = Get("/metrics");
  EXPECT_NE(metrics.body.find("cartwatch_store_commits_total 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("cartwatch_store_writes_total 1\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("cartwatch_store_largest_batch 1\n"), std::string::npos);
}

TEST_F(ServiceTest, UnknownRoutesAre404AndWritesToProbesAre405) {
  const HttpResponse missing = Get("/no-such-page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("\"error\":\"not_found\""), std::string::npos);
  const HttpResponse post = Get("/healthz", "POST");
  EXPECT_EQ(post.status, 405);
  bool allow = false;
  for (const auto& [name, value] : post.headers)
    allow = allow || (name == "Allow" && value == "GET, HEAD");
  EXPECT_TRUE(allow);
}

}  // namespace
}  // namespace cartwatch::server
