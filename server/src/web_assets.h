// The dashboard's static files (server/web/), embedded at build time by
// server/cmake/embed_web.cmake, so the binary serves them without a file on disk.
#ifndef CARTWATCH_SERVER_SRC_WEB_ASSETS_H_
#define CARTWATCH_SERVER_SRC_WEB_ASSETS_H_

#include <string_view>
#include <vector>

namespace cartwatch::server {

struct WebAsset {
  std::string_view path;          // the file name under server/web/, e.g. "index.html"
  std::string_view content_type;  // e.g. "text/html; charset=utf-8"
  std::string_view body;          // the file, byte for byte
};

// Every file of server/web/, sorted by path.
const std::vector<WebAsset>& WebAssets();

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_WEB_ASSETS_H_
