#include "error_body.h"

#include <nlohmann/json.hpp>

namespace cartwatch::server {

HttpResponse ErrorResponse(const core::Error& error) {
  const nlohmann::ordered_json body = {{"error", error.name()},
                                       {"field", error.field},
                                       {"value", error.value},
                                       {"message", error.message}};
  HttpResponse response;
  response.status = core::Describe(error.code).http_status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace cartwatch::server
