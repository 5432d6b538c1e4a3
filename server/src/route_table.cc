#include "route_table.h"

#include <array>

namespace cartwatch::server {
namespace {

using store::Role;
constexpr std::optional<Role> kAnyone = std::nullopt;

constexpr std::array kRoutes = {
    Route{RouteId::kSessionShow, "GET", "/api/session", Role::kViewer},
    Route{RouteId::kSessionCreate, "POST", "/api/session", kAnyone},
    Route{RouteId::kSessionEnd, "DELETE", "/api/session", Role::kViewer},
    Route{RouteId::kPatientList, "GET", "/api/patients", Role::kViewer},
    Route{RouteId::kPatientCreate, "POST", "/api/patients", Role::kNurse},
    Route{RouteId::kPatientShow, "GET", "/api/patients/{id}", Role::kViewer},
    Route{RouteId::kPatientInfusion, "PUT", "/api/patients/{id}/infusion", Role::kNurse},
    Route{RouteId::kPatientWeight, "PUT", "/api/patients/{id}/weight", Role::kNurse},
    Route{RouteId::kAssessmentRecord, "POST", "/api/patients/{id}/assessments", Role::kNurse},
    Route{RouteId::kAssessmentBatch, "POST", "/api/patients/{id}/assessments/batch", Role::kNurse},
    Route{RouteId::kAssessmentCorrect, "POST", "/api/patients/{id}/assessments/{record}/correction",
          Role::kPhysician},
    Route{RouteId::kTreatmentRecord, "POST", "/api/patients/{id}/treatments", Role::kNurse},
    Route{RouteId::kTimeline, "GET", "/api/patients/{id}/timeline", Role::kViewer},
    Route{RouteId::kFamily, "GET", "/api/patients/{id}/family", Role::kViewer},
    Route{RouteId::kWard, "GET", "/api/ward", Role::kViewer},
    Route{RouteId::kCohort, "GET", "/api/cohort", Role::kViewer},
    Route{RouteId::kPreview, "POST", "/api/preview", Role::kViewer},
    Route{RouteId::kLimits, "GET", "/api/limits", Role::kViewer},
    Route{RouteId::kProtocolList, "GET", "/api/protocols", Role::kViewer},
    Route{RouteId::kProtocolChoose, "PUT", "/api/protocols/active", Role::kPhysician},
    Route{RouteId::kProtocolShow, "GET", "/api/protocols/{id}", Role::kViewer},
    Route{RouteId::kUserList, "GET", "/api/users", Role::kAdmin},
    Route{RouteId::kUserCreate, "POST", "/api/users", Role::kAdmin},
    Route{RouteId::kTokenList, "GET", "/api/tokens", Role::kAdmin},
    Route{RouteId::kTokenCreate, "POST", "/api/tokens", Role::kAdmin},
    Route{RouteId::kTokenRevoke, "DELETE", "/api/tokens/{id}", Role::kAdmin},
    Route{RouteId::kAuditRead, "GET", "/api/audit", Role::kAdmin},
};

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A path segment with %XX decoded; an ill-formed escape stays as it is (and matches no id).
std::string Decode(std::string_view segment) {
  std::string out;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '%' && i + 2 < segment.size()) {
      const int high = HexValue(segment[i + 1]);
      const int low = HexValue(segment[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += segment[i];
  }
  return out;
}

// The parameters of `path` under `pattern`, or nullopt when it does not fit.
std::optional<std::vector<std::string>> Fit(std::string_view pattern, std::string_view path) {
  const std::vector<std::string_view> want = Segments(pattern);
  const std::vector<std::string_view> have = Segments(path);
  if (want.size() != have.size()) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{')) {
      if (have[i].empty()) return std::nullopt;
      params.push_back(Decode(have[i]));
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

std::span<const Route> Routes() noexcept { return kRoutes; }

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  RouteMatch match;
  // The first pattern that fits the path decides (literal routes come before braced ones);
  // another method on that pattern is 405, not a different route.
  std::string_view pattern;
  for (const Route& route : kRoutes) {
    if (!pattern.empty() && route.pattern != pattern) continue;
    std::optional<std::vector<std::string>> params = Fit(route.pattern, path);
    if (!params) continue;
    pattern = route.pattern;
    if (!match.allowed.empty()) match.allowed += ", ";
    match.allowed += route.method;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      match.route = &route;
      match.params = std::move(*params);
    }
  }
  return match;
}

}  // namespace cartwatch::server
