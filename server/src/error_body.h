// The JSON body of a refused request: the same fields as the CLI's error lines
// (docs/error-codes.md), never a stack trace or a database's words.
#ifndef CARTWATCH_SERVER_SRC_ERROR_BODY_H_
#define CARTWATCH_SERVER_SRC_ERROR_BODY_H_

#include <string>

#include "cartwatch/core/error.h"
#include "cartwatch/server/http.h"

namespace cartwatch::server {

// The status comes from the error catalogue.
HttpResponse ErrorResponse(const core::Error& error);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_ERROR_BODY_H_
