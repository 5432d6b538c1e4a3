#include "cartwatch/server/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "error_body.h"

namespace cartwatch::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

HttpRequest FromBeast(const http::request<http::string_body>& request) {
  HttpRequest out;
  out.method = std::string(request.method_string());
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t question = target.find('?');
  out.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  for (const auto& field : request) {
    out.headers[Lower(std::string_view(field.name_string().data(), field.name_string().size()))] =
        std::string(field.value());
  }
  out.body = request.body();
  return out;
}

}  // namespace

const std::string& HttpRequest::Header(const std::string& name) const {
  static const std::string kNone;
  const auto it = headers.find(name);
  return it == headers.end() ? kNone : it->second;
}

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        ioc_(std::max(1, options_.threads)),
        acceptor_(ioc_) {}

  unsigned short Start() {
    const tcp::endpoint endpoint{net::ip::make_address(options_.address), options_.port};
    beast::error_code error;
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(net::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(net::socket_base::max_listen_connections, error);
    if (error) {
      throw std::runtime_error("cannot listen on " + options_.address + ":" +
                               std::to_string(options_.port) + ": " + error.message());
    }
    const unsigned short port = acceptor_.local_endpoint().port();
    Accept();
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
    return port;
  }

  void Stop() {
    if (stopping_.exchange(true)) return;
    net::post(ioc_, [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    // Requests being handled or written finish; then idle connections are closed.
    const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CloseAll();
    const auto closing = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (open_.load() > 0 && std::chrono::steady_clock::now() < closing) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ioc_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  const HttpServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  std::atomic<int>& in_flight() { return in_flight_; }
  std::atomic<int>& open() { return open_; }

  HttpResponse Handle(const HttpRequest& request) {
    try {
      return handler_(request);
    } catch (...) {  // a handler's fault never reaches the client as more than a 500
      return ErrorResponse(
          {core::ErrorCode::kInternal, "", "", "an internal error in cartwatch", ""});
    }
  }

  class Session;

  void Track(const std::shared_ptr<void>& session, const std::function<void()>& close) {
    const std::lock_guard lock(mutex_);
    sessions_.emplace(session.get(), close);
  }
  void Untrack(const void* session) {
    const std::lock_guard lock(mutex_);
    sessions_.erase(session);
  }

 private:
  void Accept();

  void CloseAll() {
    std::vector<std::function<void()>> closers;
    {
      const std::lock_guard lock(mutex_);
      for (auto& [session, close] : sessions_) closers.push_back(close);
    }
    for (auto& close : closers) close();
  }

  HttpServerOptions options_;
  Handler handler_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};  // requests being handled or answered
  std::atomic<int> open_{0};       // connections
  std::mutex mutex_;
  std::map<const void*, std::function<void()>> sessions_;
};

// One connection: read a request (headers within header_timeout, the body within read_timeout),
// answer it, and wait for the next one up to idle_timeout.
class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer::Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    server_.open().fetch_add(1);
  }
  ~Session() {
    server_.Untrack(this);
    server_.open().fetch_sub(1);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run() {
    std::weak_ptr<Session> weak = shared_from_this();
    server_.Track(shared_from_this(), [weak] {
      if (auto self = weak.lock()) {
        net::post(self->stream_.get_executor(), [self] { self->CloseNow(); });
      }
    });
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

 private:
  void ReadHeader() {
    if (server_.stopping()) return CloseNow();
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(server_.options().body_limit);
    stream_.expires_after(first_ ? server_.options().header_timeout
                                 : server_.options().idle_timeout);
    first_ = false;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              self->OnHeader(error);
                            });
  }

  void OnHeader(beast::error_code error) {
    if (error) return Refuse(error);
    stream_.expires_after(server_.options().read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code read_error, std::size_t) {
                       self->OnRead(read_error);
                     });
  }

  // A request that could not be read: too large or malformed gets its status; a closed or
  // timed-out connection is simply closed.
  void Refuse(beast::error_code error) {
    if (error == http::error::body_limit) {
      return Respond(ErrorResponse({core::ErrorCode::kRequestTooLarge, "", "",
                                    "the request body is larger than " +
                                        std::to_string(server_.options().body_limit) + " bytes",
                                    ""}),
                     false, 11);
    }
    const bool parse_error =
        error.category() == make_error_code(http::error::bad_target).category();
    if (parse_error && error != http::error::end_of_stream &&
        error != http::error::partial_message) {
      return Respond(ErrorResponse({core::ErrorCode::kMalformedRequest, "", "",
                                    "the request is not valid HTTP", ""}),
                     false, 11);
    }
    CloseNow();  // closed, reset or timed out: nobody to answer
  }

  void OnRead(beast::error_code error) {
    if (error) return Refuse(error);
    server_.in_flight().fetch_add(1);
    const http::request<http::string_body>& request = parser_->get();
    const bool keep_alive = request.keep_alive();
    const unsigned version = request.version();
    const HttpResponse response = server_.Handle(FromBeast(request));
    Respond(response, keep_alive, version, true);
  }

  void Respond(const HttpResponse& response, bool keep_alive, unsigned version,
               bool counted = false) {
    response_ = {static_cast<http::status>(response.status), version};
    response_.set(http::field::server, "cartwatch");
    response_.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) response_.set(name, value);
    response_.body() = response.body;
    response_.keep_alive(keep_alive && !server_.stopping());
    response_.prepare_payload();
    stream_.expires_after(server_.options().read_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), counted](beast::error_code error, std::size_t) {
                        if (counted) self->server_.in_flight().fetch_sub(1);
                        if (error || !self->response_.keep_alive()) return self->CloseNow();
                        self->ReadHeader();
                      });
  }

  void CloseNow() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool first_ = true;
};

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_),
                         [this](beast::error_code error, tcp::socket socket) {
                           if (error == net::error::operation_aborted || !acceptor_.is_open())
                             return;
                           if (!error && !stopping_.load())
                             std::make_shared<Session>(*this, std::move(socket))->Run();
                           Accept();
                         });
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

unsigned short HttpServer::Start() { return impl_->Start(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace cartwatch::server
