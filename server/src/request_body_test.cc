#include "request_body.h"

#include <gtest/gtest.h>

#include <string>

namespace cartwatch::server {
namespace {

core::Error RefusalOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const BodyError& refused) {
    return refused.errors.front();
  }
  ADD_FAILURE() << "nothing was refused";
  return {};
}

TEST(RequestBody, ReadsTypedFields) {
  const RequestBody body(R"({"id": "P1", "weight_kg": 70.5, "infusion": "2026-03-01T10:00:00Z"})",
                         {"id", "weight_kg", "infusion"});
  EXPECT_EQ(body.Text("id", true), "P1");
  EXPECT_EQ(body.Number("weight_kg", true, &core::kBodyWeightKgLimits), 70.5);
  EXPECT_TRUE(body.Time("infusion", true).has_value());
  EXPECT_FALSE(body.Text("absent", false).has_value());
}

TEST(RequestBody, RefusesWhatItCannotRead) {
  EXPECT_EQ(RefusalOf([] { RequestBody("{\"id\": 1, ", {"id"}); }).code,
            core::ErrorCode::kMalformedJson);
  EXPECT_EQ(RefusalOf([] { RequestBody("[1]", {"id"}); }).code, core::ErrorCode::kMalformedJson);
  const core::Error unknown = RefusalOf([] { RequestBody(R"({"id": "a", "x": 1})", {"id"}); });
  EXPECT_EQ(unknown.code, core::ErrorCode::kUnknownField);
  EXPECT_EQ(unknown.field, "x");
  EXPECT_EQ(RefusalOf([] { RequestBody(R"({"id": "a", "id": "b"})", {"id"}); }).code,
            core::ErrorCode::kDuplicateKey);
}

TEST(RequestBody, NamesTheFieldOfEachRefusal) {
  const RequestBody body(R"({"id": 7, "weight_kg": 900, "infusion": "yesterday", "n": 2.5})",
                         {"id", "weight_kg", "infusion", "n"});
  const core::Error wrong = RefusalOf([&] { (void)body.Text("id", true); });
  EXPECT_EQ(wrong.code, core::ErrorCode::kWrongType);
  EXPECT_EQ(wrong.field, "id");
  const core::Error implausible =
      RefusalOf([&] { (void)body.Number("weight_kg", true, &core::kBodyWeightKgLimits); });
  EXPECT_EQ(implausible.code, core::ErrorCode::kImplausibleValue);
  EXPECT_EQ(implausible.field, "weight_kg");
  EXPECT_EQ(RefusalOf([&] { (void)body.Time("infusion", true); }).code,
            core::ErrorCode::kInvalidTime);
  EXPECT_EQ(RefusalOf([&] { (void)body.Integer("n", true, 1, 3); }).code,
            core::ErrorCode::kNotInteger);
  const core::Error missing = RefusalOf([&] { (void)body.Text("absent", true); });
  EXPECT_EQ(missing.code, core::ErrorCode::kMissingRequired);
  EXPECT_EQ(missing.field, "absent");
}

}  // namespace
}  // namespace cartwatch::server
