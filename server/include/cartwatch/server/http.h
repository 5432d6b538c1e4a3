// The server's own request and response types: the handlers and the routes see these, never the
// HTTP library's, so the library can change without touching them (docs/architecture.md).
#ifndef CARTWATCH_SERVER_HTTP_H_
#define CARTWATCH_SERVER_HTTP_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cartwatch::server {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // the target before '?'
  std::string query;                           // after '?', undecoded
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or "" when absent. `name` in lower case.
  const std::string& Header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_HTTP_H_
