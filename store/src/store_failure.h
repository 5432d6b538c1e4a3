// How the store reports a refused or failed operation inside its implementation; the public
// interface turns it into core::Error.
#ifndef CARTWATCH_STORE_SRC_STORE_FAILURE_H_
#define CARTWATCH_STORE_SRC_STORE_FAILURE_H_

#include <stdexcept>
#include <string>
#include <utility>

#include "cartwatch/core/error.h"

namespace cartwatch::store {

class StoreFailure : public std::runtime_error {
 public:
  StoreFailure(core::ErrorCode code, std::string field, std::string message)
      : std::runtime_error(message), error_{code, std::move(field), "", std::move(message), ""} {}
  const core::Error& error() const noexcept { return error_; }

 private:
  core::Error error_;
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_STORE_FAILURE_H_
