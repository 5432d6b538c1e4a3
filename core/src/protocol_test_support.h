// A small, complete protocol built in code for core tests (no file parsing in the core).
#ifndef CARTWATCH_CORE_SRC_PROTOCOL_TEST_SUPPORT_H_
#define CARTWATCH_CORE_SRC_PROTOCOL_TEST_SUPPORT_H_

#include "cartwatch/core/protocol.h"

namespace cartwatch::core::testing {

inline ProtocolAction SupportAction(std::string rule, Syndrome syndrome, int min_grade,
                                    int max_grade) {
  ProtocolAction action;
  action.rule = std::move(rule);
  action.source = "test";
  action.trigger.syndrome = syndrome;
  action.trigger.min_grade = min_grade;
  action.trigger.max_grade = max_grade;
  action.kind = ActionKind::kSupport;
  action.text = "supportive care";
  return action;
}

inline ProtocolAction DrugAction(std::string rule, Syndrome syndrome, int min_grade, int max_grade,
                                 Drug drug, Dose dose) {
  ProtocolAction action = SupportAction(std::move(rule), syndrome, min_grade, max_grade);
  action.kind = ActionKind::kDrug;
  action.drug = drug;
  action.dose = std::move(dose);
  action.text = std::string(Describe(drug).display);
  return action;
}

inline Range MakeRange(std::optional<double> at_least, std::optional<double> above,
                       std::optional<double> below, std::optional<double> at_most) {
  Range range;
  range.at_least = at_least;
  range.above = above;
  range.below = below;
  range.at_most = at_most;
  return range;
}

inline Dose Tocilizumab() {
  Dose dose;
  dose.mg_per_kg = 8.0;
  dose.bands = {{30.0, 12.0}};
  dose.max_mg = 800.0;
  dose.route = "IV";
  return dose;
}

inline Dose Fixed(double mg) {
  Dose dose;
  dose.fixed_mg = mg;
  dose.route = "IV";
  return dose;
}

// CRS: support at 1-4, tocilizumab at 2-4 (limited: 8 h, 3 in 24 h, 4 in total; dexamethasone
// instead when limited), dexamethasone after 2 tocilizumab doses at 2-4.
// ICANS: dexamethasone 1-4; tocilizumab for ICANS only with CRS present.
inline Protocol TestProtocol() {
  Protocol p;
  p.id = "test";
  p.version = "1.0.0";
  p.title = "test protocol";
  p.sources = {{"test", "cartwatch unit tests"}};
  p.limits = {{Drug::kTocilizumab, "test.limit.toci", "test", false, 3, 4, 8.0}};
  p.actions.push_back(SupportAction("test.crs.support", Syndrome::kCrs, 1, 4));
  ProtocolAction toci =
      DrugAction("test.crs.toci", Syndrome::kCrs, 2, 4, Drug::kTocilizumab, Tocilizumab());
  toci.instead_when_limited = "test.crs.dex-after-toci";
  p.actions.push_back(toci);
  ProtocolAction dex =
      DrugAction("test.crs.dex-after-toci", Syndrome::kCrs, 2, 4, Drug::kDexamethasone, Fixed(10));
  dex.trigger.after_drug = Drug::kTocilizumab;
  dex.trigger.after_doses = 2;
  p.actions.push_back(dex);
  ProtocolAction icans_toci = DrugAction("test.icans.toci-with-crs", Syndrome::kIcans, 1, 4,
                                         Drug::kTocilizumab, Tocilizumab());
  icans_toci.trigger.when.concurrent = GradeRange{1, 5};
  p.actions.push_back(icans_toci);
  p.actions.push_back(
      DrugAction("test.icans.dex", Syndrome::kIcans, 1, 4, Drug::kDexamethasone, Fixed(10)));
  return p;
}

}  // namespace cartwatch::core::testing

#endif  // CARTWATCH_CORE_SRC_PROTOCOL_TEST_SUPPORT_H_
