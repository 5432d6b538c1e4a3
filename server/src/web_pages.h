// The dashboard's pages and their static files (server/web/, embedded in the binary): the page
// for a path, with a strict Content-Security-Policy. The pages carry no patient data; their
// script reads it from the API with the user's session.
#ifndef CARTWATCH_SERVER_SRC_WEB_PAGES_H_
#define CARTWATCH_SERVER_SRC_WEB_PAGES_H_

#include <optional>
#include <string_view>

#include "cartwatch/server/http.h"

namespace cartwatch::server {

// "/" the ward board, "/login", "/patients/{id}", "/patients/{id}/assess",
// "/patients/{id}/family", "/static/<file>"; nullopt for any other path.
std::optional<HttpResponse> WebPage(std::string_view path);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_WEB_PAGES_H_
