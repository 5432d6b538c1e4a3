#include "route_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartwatch::server {
namespace {

TEST(RouteTable, EveryMethodAndPatternIsRoutedOnce) {
  std::set<std::string> seen;
  for (const Route& route : Routes()) {
    EXPECT_TRUE(seen.insert(std::string(route.method) + " " + std::string(route.pattern)).second)
        << route.pattern;
  }
}

TEST(RouteTable, OnlySigningInNeedsNoCredentials) {
  for (const Route& route : Routes()) {
    EXPECT_EQ(route.least_role.has_value(), route.id != RouteId::kSessionCreate) << route.pattern;
  }
}

TEST(RouteTable, ParametersAreCapturedAndDecoded) {
  const RouteMatch match = MatchRoute("POST", "/api/patients/P%2F1/assessments/17/correction");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->id, RouteId::kAssessmentCorrect);
  ASSERT_EQ(match.params.size(), 2U);
  EXPECT_EQ(match.params[0], "P/1");
  EXPECT_EQ(match.params[1], "17");
}

TEST(RouteTable, LiteralSegmentsWinOverParameters) {
  const RouteMatch batch = MatchRoute("POST", "/api/patients/P1/assessments/batch");
  ASSERT_NE(batch.route, nullptr);
  EXPECT_EQ(batch.route->id, RouteId::kAssessmentBatch);
  const RouteMatch active = MatchRoute("PUT", "/api/protocols/active");
  ASSERT_NE(active.route, nullptr);
  EXPECT_EQ(active.route->id, RouteId::kProtocolChoose);
  const RouteMatch show = MatchRoute("GET", "/api/protocols/seed-2026");
  ASSERT_NE(show.route, nullptr);
  EXPECT_EQ(show.route->id, RouteId::kProtocolShow);
}

TEST(RouteTable, AnotherMethodOnAKnownPathListsWhatIsAllowed) {
  const RouteMatch match = MatchRoute("DELETE", "/api/patients");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, "GET, POST");
  const RouteMatch head = MatchRoute("HEAD", "/api/ward");
  ASSERT_NE(head.route, nullptr);  // HEAD answers where GET does
}

TEST(RouteTable, UnknownPathsAndEmptyParametersMatchNothing) {
  EXPECT_EQ(MatchRoute("GET", "/api/nothing").route, nullptr);
  EXPECT_TRUE(MatchRoute("GET", "/api/nothing").allowed.empty());
  EXPECT_EQ(MatchRoute("GET", "/api/patients//timeline").route, nullptr);
  EXPECT_EQ(MatchRoute("GET", "/api/patients/P1/timeline/extra").route, nullptr);
}

}  // namespace
}  // namespace cartwatch::server
