// The listener over real sockets on 127.0.0.1: keep-alive, the body limit, malformed requests,
// timeouts, a handler's exception, and a stop that lets requests in flight finish.
#include "cartwatch/server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

namespace cartwatch::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpResponse Echo(const HttpRequest& request) {
  if (request.path == "/throw") throw std::runtime_error("SELECT * FROM secrets");
  if (request.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return {200, "text/plain", request.method + " " + request.path + " " + request.body, {}};
}

class Client {
 public:
  explicit Client(unsigned short port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  http::response<http::string_body> Send(http::verb verb, const std::string& target,
                                         const std::string& body = "") {
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.body() = body;
    request.prepare_payload();
    http::write(socket_, request);
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response);
    return response;
  }
  void WriteRaw(const std::string& text) { net::write(socket_, net::buffer(text)); }
  // Reads until the server closes the connection; what it sent before.
  std::string ReadToEnd() {
    std::string out;
    beast::error_code error;
    char chunk[4096];
    for (;;) {
      const std::size_t n = socket_.read_some(net::buffer(chunk), error);
      out.append(chunk, n);
      if (error) return out;
    }
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

HttpServerOptions TestOptions() {
  HttpServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.body_limit = 1024;
  options.header_timeout = std::chrono::milliseconds(300);
  options.idle_timeout = std::chrono::milliseconds(300);
  options.drain_timeout = std::chrono::milliseconds(5000);
  return options;
}

TEST(HttpServer, AnswersSeveralRequestsOnOneKeptAliveConnection) {
  HttpServer server(TestOptions(), Echo);
  Client client(server.Start());
  for (int i = 0; i < 3; ++i) {
    const auto response = client.Send(http::verb::post, "/echo?x=1", "body" + std::to_string(i));
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "POST /echo body" + std::to_string(i));
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST(HttpServer, ABodyOverTheLimitIs413AndTheConnectionCloses) {
  HttpServer server(TestOptions(), Echo);
  Client client(server.Start());
  const auto response = client.Send(http::verb::post, "/echo", std::string(2048, 'x'));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_NE(response.body().find("\"error\":\"request_too_large\""), std::string::npos);
  EXPECT_FALSE(response.keep_alive());
}

TEST(HttpServer, NotHttpIs400) {
  HttpServer server(TestOptions(), Echo);
  Client client(server.Start());
  client.WriteRaw("THIS IS NOT HTTP\r\n\r\n");
  const std::string answer = client.ReadToEnd();
  EXPECT_NE(answer.find("400 Bad Request"), std::string::npos) << answer;
  EXPECT_NE(answer.find("malformed_request"), std::string::npos) << answer;
}

// A client that connects and sends nothing, or stops half-way, is disconnected.
TEST(HttpServer, ASilentOrSlowClientIsDisconnected) {
  HttpServer server(TestOptions(), Echo);
  const unsigned short port = server.Start();
  Client silent(port);
  EXPECT_EQ(silent.ReadToEnd(), "");  // returns: the server closed it
  Client slow(port);
  slow.WriteRaw("GET /echo HTTP/1.1\r\nHost: x\r\n");  // headers never finished
  EXPECT_EQ(slow.ReadToEnd(), "");
}

TEST(HttpServer, AHandlersExceptionIs500WithoutItsText) {
  HttpServer server(TestOptions(), Echo);
  Client client(server.Start());
  const auto response = client.Send(http::verb::get, "/throw");
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_EQ(response.body().find("SELECT"), std::string::npos) << response.body();
  EXPECT_NE(response.body().find("\"error\":\"internal\""), std::string::npos);
}

TEST(HttpServer, StopLetsARequestInFlightFinishAndThenRefusesConnections) {
  HttpServer server(TestOptions(), Echo);
  const unsigned short port = server.Start();
  Client client(port);
  std::future<unsigned> status = std::async(
      std::launch::async, [&] { return client.Send(http::verb::get, "/slow").result_int(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the request is being handled
  server.Stop();
  EXPECT_EQ(status.get(), 200u);
  net::io_context ioc;
  tcp::socket late(ioc);
  beast::error_code error;
  late.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), error);
  EXPECT_TRUE(error) << "a stopped server still accepts";
}

TEST(HttpServer, AnAddressInUseIsAClearError) {
  HttpServer first(TestOptions(), Echo);
  HttpServerOptions options = TestOptions();
  options.port = first.Start();
  HttpServer second(options, Echo);
  EXPECT_THROW(second.Start(), std::runtime_error);
}

}  // namespace
}  // namespace cartwatch::server
