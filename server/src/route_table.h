// Every route of the API with the least role that may use it: the one table the service
// dispatches on, docs/api.md prints and the role tests walk cell by cell.
#ifndef CARTWATCH_SERVER_SRC_ROUTE_TABLE_H_
#define CARTWATCH_SERVER_SRC_ROUTE_TABLE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/store/records.h"

namespace cartwatch::server {

enum class RouteId : std::uint8_t {
  kSessionShow,
  kSessionCreate,
  kSessionEnd,
  kPatientList,
  kPatientCreate,
  kPatientShow,
  kPatientInfusion,
  kPatientWeight,
  kAssessmentRecord,
  kAssessmentBatch,
  kAssessmentCorrect,
  kTreatmentRecord,
  kTimeline,
  kFamily,
  kWard,
  kCohort,
  kPreview,
  kLimits,
  kProtocolList,
  kProtocolShow,
  kProtocolChoose,
  kUserList,
  kUserCreate,
  kTokenList,
  kTokenCreate,
  kTokenRevoke,
  kAuditRead,
};

struct Route {
  RouteId id;
  std::string_view method;
  std::string_view pattern;  // segments in braces are parameters: /api/patients/{id}
  // The least role that may call it; empty: no credentials needed (signing in).
  std::optional<store::Role> least_role;
};

std::span<const Route> Routes() noexcept;

struct RouteMatch {
  const Route* route = nullptr;     // null: no route has this path
  std::vector<std::string> params;  // the braced segments, in order, percent-decoded
  std::string allowed;              // the methods the path answers, "GET, POST", when
                                    // route is null but the path is known
};

RouteMatch MatchRoute(std::string_view method, std::string_view path);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_ROUTE_TABLE_H_
