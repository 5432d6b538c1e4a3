// The safety rules of the recommendation engine, as data. The limits themselves (how many doses,
// how far apart, the cap) are the protocol's; these rows say that the engine enforces them and
// why. Explained in docs/recommendation-output.md, "Safety rules".
#include "cartwatch/core/safety_rules.h"

#include <array>
#include <cstddef>

#include "enum_order.h"

namespace cartwatch::core {
namespace {

constexpr SourceId kLabels = SourceId::kUspi2025;
constexpr SourceId kPolicy = SourceId::kCartwatchPolicy;

// Product labels of the CAR-T cells (e.g. axicabtagene ciloleucel, section 2.3 "Management of
// severe adverse reactions", Tables 1 and 2) give the tocilizumab limits and treat ICANS without
// CRS with corticosteroids; the ASCO 2021 and EBMT 2022 guidelines agree. Not yet checked word
// for word against every label: UNCONFIRMED.
constexpr std::array<SafetyRule, kSafetyRuleCount> kRules{{
    {SafetyRuleId::kNoIl6BlockadeWithoutCrs,
     {"CARTWATCH.SAFETY.NO_IL6_BLOCKADE_WITHOUT_CRS", 0, kLabels,
      "CAR-T product labels, section 2.3, neurologic toxicity table: tocilizumab only with "
      "concurrent CRS (also ASCO 2021, EBMT 2022); docs/recommendation-output.md, Safety rules",
      "no IL-6 blockade without CRS: isolated ICANS is treated with corticosteroids; IL-6 "
      "blockade does not treat ICANS",
      true}},
    {SafetyRuleId::kOneCorticosteroidAtATime,
     {"CARTWATCH.SAFETY.ONE_CORTICOSTEROID_AT_A_TIME", 0, kPolicy,
      "cartwatch policy: protocols list the most intensive corticosteroid first; "
      "docs/recommendation-output.md, Safety rules",
      "one corticosteroid at a time: two at once (e.g. dexamethasone for ICANS beside "
      "methylprednisolone for CRS) is never intended"}},
    {SafetyRuleId::kLimitsNeedTime,
     {"CARTWATCH.SAFETY.LIMITS_NEED_TIME", 0, kPolicy,
      "cartwatch policy: never guess (CONTRIBUTING, rule 2); docs/recommendation-output.md, "
      "Safety rules",
      "a drug already given with a dose limit is withheld when the assessment has no time: its "
      "limits and interval cannot be checked"}},
    {SafetyRuleId::kMaxDosesTotal,
     {"CARTWATCH.SAFETY.MAX_DOSES_TOTAL", 0, kLabels,
      "CAR-T product labels, section 2.3, CRS table: tocilizumab at most 4 doses in total; "
      "docs/recommendation-output.md, Safety rules",
      "the protocol's total number of doses of a drug is never exceeded", true}},
    {SafetyRuleId::kMaxDosesPer24h,
     {"CARTWATCH.SAFETY.MAX_DOSES_PER_24H", 0, kLabels,
      "CAR-T product labels, section 2.3, CRS table: tocilizumab at most 3 doses in 24 h; "
      "docs/recommendation-output.md, Safety rules",
      "the protocol's number of doses of a drug in any 24 h is never exceeded", true}},
    {SafetyRuleId::kMinRedoseInterval,
     {"CARTWATCH.SAFETY.MIN_REDOSE_INTERVAL", 0, kLabels,
      "CAR-T product labels, section 2.3, CRS table: repeat tocilizumab every 8 h as needed; "
      "docs/recommendation-output.md, Safety rules",
      "a repeat dose is advised only from the protocol's minimum interval after the last one",
      true}},
    {SafetyRuleId::kPlausibleWeight,
     {"CARTWATCH.SAFETY.PLAUSIBLE_WEIGHT", 0, kPolicy,
      "cartwatch policy: never guess (CONTRIBUTING, rule 2), within the protocol's weight "
      "range; docs/recommendation-output.md, Safety rules",
      "no weight-based dose without a weight inside the protocol's plausible range"}},
    {SafetyRuleId::kDoseCap,
     {"CARTWATCH.SAFETY.DOSE_CAP", 0, kLabels,
      "CAR-T product labels, section 2.3, CRS table: tocilizumab not to exceed 800 mg per dose; "
      "docs/recommendation-output.md, Safety rules",
      "a computed dose above the protocol's maximum is capped at the maximum", true}},
    {SafetyRuleId::kEscalationAfterNoResponse,
     {"CARTWATCH.SAFETY.ESCALATION_AFTER_NO_RESPONSE", 0, kPolicy,
      "cartwatch policy: the protocol's escalation trigger (doses given, hours waited); "
      "docs/recommendation-output.md, Safety rules",
      "escalation only after the protocol's doses were given, its window has passed since the "
      "first and the grade still qualifies (no response); the window needs the assessment "
      "time"}},
    {SafetyRuleId::kDosesUpToTheAssessment,
     {"CARTWATCH.SAFETY.DOSES_UP_TO_THE_ASSESSMENT", 0, kPolicy,
      "cartwatch policy: advice is given at the assessment's time; "
      "docs/recommendation-output.md, Safety rules",
      "doses recorded after the assessment did not exist when it was made: they are not "
      "counted"}},
}};

static_assert(IndexedByEnum(kRules, &SafetyRule::id),
              "kRules must list the safety rules in enum order");

}  // namespace

std::span<const SafetyRule> SafetyRules() noexcept { return kRules; }

const SafetyRule& Describe(SafetyRuleId id) noexcept {
  return kRules[static_cast<std::size_t>(id)];
}

}  // namespace cartwatch::core
