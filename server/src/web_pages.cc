#include "web_pages.h"

#include "web_assets.h"

namespace cartwatch::server {
namespace {

// Scripts and styles only from our own files: an injected inline script or a foreign resource
// does not run, and no other site may frame the pages.
constexpr std::string_view kPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::optional<HttpResponse> Asset(std::string_view file) {
  for (const WebAsset& asset : WebAssets()) {
    if (asset.path != file) continue;
    HttpResponse response;
    response.content_type = std::string(asset.content_type);
    response.body = std::string(asset.body);
    response.headers.emplace_back("Content-Security-Policy", std::string(kPolicy));
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
  }
  return std::nullopt;
}

}  // namespace

std::optional<HttpResponse> WebPage(std::string_view path) {
  if (path == "/") return Asset("index.html");
  if (path == "/login") return Asset("login.html");
  if (path.starts_with("/static/")) {
    const std::string_view file = path.substr(8);
    if (file.find('/') != std::string_view::npos || file.ends_with(".html")) return std::nullopt;
    return Asset(file);
  }
  constexpr std::string_view kPatients = "/patients/";
  if (!path.starts_with(kPatients)) return std::nullopt;
  const std::string_view rest = path.substr(kPatients.size());
  const std::size_t slash = rest.find('/');
  if (rest.empty() || slash == 0) return std::nullopt;
  if (slash == std::string_view::npos) return Asset("patient.html");
  const std::string_view page = rest.substr(slash + 1);
  if (page == "assess") return Asset("assess.html");
  if (page == "family") return Asset("family.html");
  return std::nullopt;
}

}  // namespace cartwatch::server
