// Safety properties of the recommendation engine under every shipped protocol, for generated
// grades, weights and treatment histories: a dose never exceeds its cap, a drug is never
// recommended past its count limits, isolated ICANS never yields IL-6 blockade, and a dose is
// never computed without a plausible weight.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/core/recommend.h"

namespace cartwatch::property {
namespace {

using core::Drug;
using core::UnixSeconds;

constexpr UnixSeconds kNow = 1772352000;  // 2026-03-01T08:00:00Z

std::vector<core::Protocol> ShippedProtocols() {
  std::vector<core::Protocol> protocols;
  for (const auto& bundled : adapters::BundledProtocols()) {
    adapters::ProtocolParse parse = adapters::ParseProtocolToml(bundled.toml_text, bundled.name);
    if (parse.protocol) protocols.push_back(std::move(*parse.protocol));
  }
  return protocols;
}

const std::vector<core::Protocol>& Protocols() {
  static const std::vector<core::Protocol> protocols = ShippedProtocols();
  return protocols;
}

core::Grading GenGrading() {
  core::Grading grading;
  grading.crs.assessed = true;
  grading.crs.grade = *rc::gen::inRange(0, 6);
  grading.crs.max_possible_grade = grading.crs.grade;
  grading.icans.assessed = true;
  grading.icans.grade = *rc::gen::inRange(0, 6);
  grading.icans.max_possible_grade = grading.icans.grade;
  return grading;
}

core::PatientContext GenContext() {
  core::PatientContext context;
  if (*rc::gen::inRange(0, 10) > 0) {
    context.weight_kg = *rc::gen::oneOf(
        rc::gen::element(0.5, 2.0, 29.9, 30.0, 70.0, 100.0, 100.1, 350.0, 400.0),
        rc::gen::map(rc::gen::inRange(10, 2000), [](int tenths) { return tenths / 10.0; }));
  }
  if (*rc::gen::inRange(0, 10) > 0) context.now = kNow;
  const int doses = *rc::gen::inRange(0, 8);
  for (int i = 0; i < doses; ++i) {
    const auto drug = static_cast<Drug>(*rc::gen::inRange(0, core::kDrugCount));
    const UnixSeconds hours_ago = *rc::gen::inRange(0, 72);
    context.given.push_back({drug, kNow - hours_ago * core::kSecondsPerHour, std::nullopt});
  }
  return context;
}

const core::ProtocolAction* ActionOf(const core::Protocol& protocol, const std::string& rule) {
  for (const core::ProtocolAction& action : protocol.actions) {
    if (action.rule == rule) return &action;
  }
  return nullptr;
}

TEST(RecommendProperties, EveryShippedProtocolLoads) {
  EXPECT_GE(Protocols().size(), 3u);
  EXPECT_EQ(Protocols().size(), adapters::BundledProtocols().size());
}

RC_GTEST_PROP(RecommendProperties, DosesRespectCapsLimitsWeightAndTheIcansRule, ()) {
  const core::Grading grading = GenGrading();
  const core::PatientContext context = GenContext();
  for (const core::Protocol& protocol : Protocols()) {
    const core::Recommendation r = core::Recommend(grading, context, protocol);
    const bool weight_ok = context.weight_kg && *context.weight_kg >= protocol.min_weight_kg &&
                           *context.weight_kg <= protocol.max_weight_kg;
    for (const core::RecommendedAction& action : r.actions) {
      const core::ProtocolAction* source = ActionOf(protocol, action.rule);
      RC_ASSERT(source != nullptr);
      if (!action.drug || action.kind != core::ActionKind::kDrug) continue;
      // Isolated ICANS (no CRS): never IL-6 blockade.
      if (core::Describe(*action.drug).anti_il6) RC_ASSERT(r.crs_grade > 0);
      if (!source->dose && source->regimen.empty()) {
        RC_ASSERT(!action.dose_mg);  // the dose is in the protocol's text
        continue;
      }
      if (!source->dose) {
        // A regimen gives one of its steps' doses, never another.
        if (action.dose_mg) {
          bool a_step = false;
          for (const core::RegimenStep& step : source->regimen) {
            a_step = a_step || (step.dose.fixed_mg && *step.dose.fixed_mg == *action.dose_mg);
          }
          RC_ASSERT(a_step);
        }
        continue;
      }
      const core::Dose& dose = *source->dose;
      const bool child = !dose.age_bands.empty() &&
                         (!context.age_years || *context.age_years < dose.age_bands[0].below_years);
      if (action.dose_mg) {
        if (dose.max_mg) RC_ASSERT(*action.dose_mg <= *dose.max_mg);
        if (dose.fixed_mg && !child) RC_ASSERT(*action.dose_mg == *dose.fixed_mg);
        if (dose.mg_per_kg || child) RC_ASSERT(weight_ok);
      } else {
        RC_ASSERT((dose.mg_per_kg.has_value() || child) && (!weight_ok || !context.age_years));
      }
      // Count limits: giving this dose now stays within them.
      for (const core::DrugLimit& limit : protocol.limits) {
        if (limit.drug != *action.drug) continue;
        int total = 0, last_24h = 0;
        for (const core::TreatmentGiven& given : context.given) {
          if (given.drug != limit.drug) continue;
          ++total;
          if (given.time > kNow - 24 * core::kSecondsPerHour) ++last_24h;
        }
        if (total > 0) RC_ASSERT(context.now.has_value());
        if (limit.max_doses_total) RC_ASSERT(total + 1 <= *limit.max_doses_total);
        if (limit.max_doses_per_24h) RC_ASSERT(last_24h + 1 <= *limit.max_doses_per_24h);
      }
    }
    // A drug appears at most once, and never both recommended and withheld.
    for (std::size_t i = 0; i < r.actions.size(); ++i) {
      if (!r.actions[i].drug || r.actions[i].kind != core::ActionKind::kDrug) continue;
      for (std::size_t j = i + 1; j < r.actions.size(); ++j) {
        if (r.actions[j].kind != core::ActionKind::kDrug) continue;
        RC_ASSERT(r.actions[i].drug != r.actions[j].drug);
      }
      for (const core::WithheldAction& withheld : r.withheld) {
        RC_ASSERT(withheld.drug != *r.actions[i].drug);
      }
    }
  }
}

// Every withheld drug names the safety rule that withheld it, and every need a rule causes is
// listed in needs: the advice can always be traced to a row.
RC_GTEST_PROP(RecommendProperties, WithheldDrugsAndNeedsNameTheirSafetyRule, ()) {
  const core::Grading grading = GenGrading();
  const core::PatientContext context = GenContext();
  for (const core::Protocol& protocol : Protocols()) {
    const core::Recommendation r = core::Recommend(grading, context, protocol);
    for (const core::WithheldAction& withheld : r.withheld) {
      RC_ASSERT(withheld.safety_rule.has_value());
      if (*withheld.safety_rule == core::SafetyRuleId::kNoIl6BlockadeWithoutCrs) {
        RC_ASSERT(r.crs_grade == 0);
        RC_ASSERT(core::Describe(withheld.drug).anti_il6);
      }
      if (*withheld.safety_rule == core::SafetyRuleId::kLimitsNeedTime) {
        RC_ASSERT(!context.now.has_value());
      }
    }
    for (const core::NeedCause& cause : r.needed_by) {
      RC_ASSERT(std::find(r.needs.begin(), r.needs.end(), cause.need) != r.needs.end());
    }
  }
}

RC_GTEST_PROP(RecommendProperties, IsDeterministic, ()) {
  const core::Grading grading = GenGrading();
  const core::PatientContext context = GenContext();
  for (const core::Protocol& protocol : Protocols()) {
    const core::Recommendation a = core::Recommend(grading, context, protocol);
    const core::Recommendation b = core::Recommend(grading, context, protocol);
    RC_ASSERT(a.actions.size() == b.actions.size());
    for (std::size_t i = 0; i < a.actions.size(); ++i) {
      RC_ASSERT(a.actions[i].rule == b.actions[i].rule);
      RC_ASSERT(a.actions[i].dose_mg == b.actions[i].dose_mg);
      RC_ASSERT(a.actions[i].when == b.actions[i].when);
    }
    RC_ASSERT(a.withheld.size() == b.withheld.size());
    RC_ASSERT(a.needs == b.needs);
  }
}

}  // namespace
}  // namespace cartwatch::property
