// Properties of the older CRS grading systems (Lee 2014, Penn, MSKCC, CTCAE v5.0, CARTOX), one
// worsening property per system: making any single input worse never lowers the grade nor the
// highest grade the missing inputs allow. Also: recording a missing input keeps the grade inside
// the range announced before, and the grade is the maximum of the rows that fired. And cut-offs are
// exact: moving dose between agents that share a norepinephrine-equivalent factor never changes
// a grade.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "assessment_generators.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/core/validate.h"

namespace cartwatch::property {
namespace {

using core::Assessment;
using core::GradingSystem;
using core::OxygenDevice;
using core::SyndromeGrading;
using core::Vasopressor;

constexpr std::array<Vasopressor, 5> kAgents{Vasopressor::kNorepinephrine,
                                             Vasopressor::kEpinephrine, Vasopressor::kPhenylephrine,
                                             Vasopressor::kDopamine, Vasopressor::kVasopressin};
constexpr std::array<GradingSystem, 5> kOlderSystems{GradingSystem::kLee2014, GradingSystem::kPenn,
                                                     GradingSystem::kMskcc, GradingSystem::kCtcae5,
                                                     GradingSystem::kCartox};

std::size_t Index(Vasopressor agent) { return static_cast<std::size_t>(agent); }

bool IsValid(const Assessment& a) { return core::Validate(a).empty(); }

// A dose on a 0.1 grid up to about twice the agent's high-dose threshold (Lee 2014), so the
// thresholds themselves are drawn often.
double GenDose(Vasopressor agent) {
  switch (agent) {
    case Vasopressor::kNorepinephrine:
      return 0.1 * *IntBetween(1, 400);
    case Vasopressor::kEpinephrine:
      return 0.1 * *IntBetween(1, 200);
    case Vasopressor::kPhenylephrine:
      return *IntBetween(1, 400);
    case Vasopressor::kDopamine:
      return 0.1 * *IntBetween(1, 200);
    case Vasopressor::kVasopressin:
      break;
  }
  return 0.01 * *IntBetween(1, 6);
}

double GenHours() { return 0.1 * *IntBetween(0, 480); }  // 0 to 48 h: crosses 3 h and 24 h

template <typename T>
std::optional<T> Maybe(const T& value) {
  return *rc::gen::element(0, 1, 2) == 0 ? std::nullopt : std::optional<T>(value);
}

// The older systems' own inputs, added to a valid generated assessment without breaking Validate.
Assessment WithLegacyFindings(Assessment a) {
  core::LegacyCrsFindings& legacy = a.legacy;
  if (a.vasopressors) {
    for (Vasopressor agent : kAgents) {
      if (!a.vasopressors->Contains(agent)) continue;
      legacy.vasopressor_doses[Index(agent)] = {Maybe(GenDose(agent)), Maybe(GenHours())};
    }
  }
  if (a.oxygen && a.oxygen->device != OxygenDevice::kRoomAir) {
    a.oxygen->fio2_percent = Maybe(static_cast<double>(*IntBetween(21, 100)));
  }
  legacy.fluid_boluses = Maybe(*IntBetween(0, 4));
  legacy.hospitalised_for_crs = Maybe(*rc::gen::arbitrary<bool>());
  legacy.iv_therapy_for_crs = Maybe(*rc::gen::arbitrary<bool>());
  legacy.coagulopathy_needing_products = Maybe(*rc::gen::arbitrary<bool>());
  const bool may_be_refractory =
      a.hypotension != false && (!a.vasopressors || !a.vasopressors->Empty());
  legacy.hypotension_refractory = Maybe(may_be_refractory && *rc::gen::arbitrary<bool>());
  legacy.organ_toxicity = {Maybe(*IntBetween(0, 4)), Maybe(*IntBetween(0, 4)),
                           Maybe(*IntBetween(0, 4))};
  return a;
}

Assessment AnyAssessment() {
  return WithLegacyFindings(*GenAssessment(Completeness::kSomeMissing));
}

std::string Summary(const SyndromeGrading& g) {
  std::ostringstream os;
  os << "grade=" << g.grade << " max=" << g.max_possible_grade << " missing=0x" << std::hex
     << g.missing.bits() << std::dec << " drivers=[";
  for (const core::RuleInfo* rule : g.drivers()) os << rule->id << " ";
  os << "]";
  return os.str();
}

// Oxygen intensity as the older systems read it: room air, supplemental, CPAP/BiPAP, ventilation.
int LegacyTier(OxygenDevice device) {
  switch (device) {
    case OxygenDevice::kRoomAir:
      return 0;
    case OxygenDevice::kCpap:
    case OxygenDevice::kBipap:
      return 2;
    case OxygenDevice::kMechanicalVentilation:
      return 3;
    default:
      return 1;
  }
}

// Makes one recorded input of `a` worse (never records a missing one). Returns false when the
// drawn input has nothing worse to become.
bool Worsen(Assessment& a) {
  core::LegacyCrsFindings& legacy = a.legacy;
  switch (*IntBetween(0, 15)) {
    case 0:
      if (!a.temperature_celsius || *a.temperature_celsius >= 46.0) return false;
      *a.temperature_celsius += 0.1 * *IntBetween(1, 20);
      return true;
    case 1:
      if (a.fever_other_cause != true) return false;
      a.fever_other_cause = false;
      return true;
    case 2:
      if (a.hypotension != false) return false;
      a.hypotension = true;
      return true;
    case 3: {  // another agent starts
      if (!a.vasopressors || a.hypotension == false) return false;
      const Vasopressor agent = *rc::gen::elementOf(kAgents);
      if (a.vasopressors->Contains(agent)) return false;
      a.vasopressors->Add(agent);
      legacy.vasopressor_doses[Index(agent)] = {GenDose(agent), GenHours()};
      return true;
    }
    case 4: {  // a higher dose
      const Vasopressor agent = *rc::gen::elementOf(kAgents);
      std::optional<double>& dose = legacy.vasopressor_doses[Index(agent)].dose;
      if (!dose) return false;
      dose = std::max(*dose, GenDose(agent));
      return true;
    }
    case 5: {  // longer running
      const Vasopressor agent = *rc::gen::elementOf(kAgents);
      std::optional<double>& hours = legacy.vasopressor_doses[Index(agent)].hours_running;
      if (!hours) return false;
      *hours += GenHours();
      return true;
    }
    case 6:  // a higher FiO2
      if (!a.oxygen || !a.oxygen->fio2_percent || *a.oxygen->fio2_percent >= 100.0) return false;
      a.oxygen->fio2_percent =
          static_cast<double>(*IntBetween(static_cast<int>(*a.oxygen->fio2_percent) + 1, 100));
      return true;
    case 7: {  // a more intensive device, same FiO2 and reason
      if (!a.oxygen) return false;
      const OxygenDevice device = *rc::gen::element(
          OxygenDevice::kNasalCannula, OxygenDevice::kFacemask, OxygenDevice::kNonRebreather,
          OxygenDevice::kCpap, OxygenDevice::kBipap, OxygenDevice::kMechanicalVentilation);
      if (LegacyTier(device) <= LegacyTier(a.oxygen->device)) return false;
      if (a.oxygen->device == OxygenDevice::kRoomAir) a.oxygen->fio2_percent.reset();
      a.oxygen->device = device;
      a.oxygen->flow_l_per_min = device == OxygenDevice::kNasalCannula
                                     ? std::optional<double>(*IntBetween(1, 6))
                                     : std::nullopt;
      if (LegacyTier(device) == 1 && !a.oxygen->fio2_percent) a.oxygen->fio2_percent = 30.0;
      return true;
    }
    case 8:
      if (!a.oxygen || !a.oxygen->reason || *a.oxygen->reason == core::OxygenReason::kCrs) {
        return false;
      }
      a.oxygen->reason = core::OxygenReason::kCrs;
      return true;
    case 9: {
      std::optional<int>& grade =
          **rc::gen::element(&legacy.organ_toxicity.creatinine,
                             &legacy.organ_toxicity.transaminases, &legacy.organ_toxicity.other);
      if (grade.value_or(0) >= 4) return false;
      grade = *IntBetween(grade.value_or(0) + 1, 4);  // absent organ grades are 0
      return true;
    }
    case 10:
      if (!legacy.fluid_boluses) return false;
      *legacy.fluid_boluses += *IntBetween(1, 3);
      return true;
    case 11:
      if (legacy.hospitalised_for_crs != false) return false;
      legacy.hospitalised_for_crs = true;
      return true;
    case 12:
      if (legacy.iv_therapy_for_crs != false) return false;
      legacy.iv_therapy_for_crs = true;
      return true;
    case 13:
      if (legacy.coagulopathy_needing_products != false) return false;
      legacy.coagulopathy_needing_products = true;
      return true;
    case 14:
      if (legacy.hypotension_refractory != false) return false;
      legacy.hypotension_refractory = true;
      return true;
    default:
      if (a.crs_death == true) return false;
      a.crs_death = true;
      return true;
  }
}

void CheckWorseningNeverLowers(GradingSystem system) {
  const Assessment base = AnyAssessment();
  RC_PRE(IsValid(base));
  Assessment worse = base;
  RC_PRE(Worsen(worse));
  RC_PRE(IsValid(worse));
  const SyndromeGrading before = core::GradeCrs(system, base);
  const SyndromeGrading after = core::GradeCrs(system, worse);
  RC_LOG() << core::Describe(system).key << "\nbase:  " << Describe(base) << "\n       "
           << Summary(before) << "\nworse: " << Describe(worse) << "\n       " << Summary(after)
           << "\n";
  RC_ASSERT(after.grade >= before.grade);
  RC_ASSERT(after.max_possible_grade >= before.max_possible_grade);
}

RC_GTEST_PROP(SystemWorsening, Lee2014, ()) { CheckWorseningNeverLowers(GradingSystem::kLee2014); }
RC_GTEST_PROP(SystemWorsening, Penn, ()) { CheckWorseningNeverLowers(GradingSystem::kPenn); }
RC_GTEST_PROP(SystemWorsening, Mskcc, ()) { CheckWorseningNeverLowers(GradingSystem::kMskcc); }
RC_GTEST_PROP(SystemWorsening, Ctcae5, ()) { CheckWorseningNeverLowers(GradingSystem::kCtcae5); }
RC_GTEST_PROP(SystemWorsening, Cartox, ()) { CheckWorseningNeverLowers(GradingSystem::kCartox); }

RC_GTEST_PROP(SystemGenerators, LegacyFindingsPassValidate, ()) {
  const Assessment a = AnyAssessment();
  std::string errors;
  for (const core::Error& error : core::Validate(a)) errors += error.message + "\n";
  if (!errors.empty()) RC_FAIL("Validate refused " + Describe(a) + ":\n" + errors);
}

// Recording a missing value (here: every missing input of the complete chart) lands inside the
// range the incomplete chart announced.
RC_GTEST_PROP(SystemMissing, CompletingTheChartStaysWithinTheAnnouncedRange, ()) {
  const Assessment complete = WithLegacyFindings(*GenAssessment(Completeness::kComplete));
  RC_PRE(IsValid(complete));
  Assessment partial = complete;
  core::LegacyCrsFindings& legacy = partial.legacy;
  switch (*IntBetween(0, 6)) {
    case 0:
      if (partial.oxygen) partial.oxygen->fio2_percent.reset();
      break;
    case 1:
      for (core::VasopressorDose& dose : legacy.vasopressor_doses) dose.dose.reset();
      break;
    case 2:
      for (core::VasopressorDose& dose : legacy.vasopressor_doses) dose.hours_running.reset();
      break;
    case 3:
      legacy.fluid_boluses.reset();
      legacy.hospitalised_for_crs.reset();
      break;
    case 4:
      legacy.iv_therapy_for_crs.reset();
      legacy.coagulopathy_needing_products.reset();
      break;
    case 5:
      legacy.hypotension_refractory.reset();
      break;
    default:
      partial.oxygen.reset();
      break;
  }
  RC_PRE(IsValid(partial));
  for (GradingSystem system : kOlderSystems) {
    const SyndromeGrading range = core::GradeCrs(system, partial);
    const SyndromeGrading exact = core::GradeCrs(system, complete);
    RC_LOG() << core::Describe(system).key << " partial " << Summary(range) << " complete "
             << Summary(exact) << "\n";
    RC_ASSERT(exact.grade >= range.grade);
    RC_ASSERT(exact.grade <= range.max_possible_grade);
    RC_ASSERT(range.lower_bound() == !range.missing.Empty());
  }
}

RC_GTEST_PROP(SystemDrivers, GradeIsMaximumOfDriverGrades, ()) {
  const Assessment a = AnyAssessment();
  RC_PRE(IsValid(a));
  for (GradingSystem system : kOlderSystems) {
    const SyndromeGrading g = core::GradeCrs(system, a);
    int highest = 0;
    for (const core::RuleInfo* rule : g.drivers()) highest = std::max(highest, rule->grade);
    RC_ASSERT(g.grade == highest);
    RC_ASSERT(g.max_possible_grade >= g.grade);
    RC_ASSERT(g.max_possible_grade <= 5);
  }
}

// Norepinephrine and epinephrine count 1:1 in the norepinephrine-equivalent (Lee 2014 high-dose
// table): any split of the same total between them, below both single-agent rows (10 ug/min, the
// epinephrine row), is the same finding for every system. The totals are drawn at and around the
// combination cut-offs (20, or 10 with vasopressin), where binary floating point gave 8.1 + 8.2
// and 8.2 + 8.1 sums on either side; the sums are exact now (core/cutoff.h).
RC_GTEST_PROP(SystemCutoffs, SplittingEquallyWeightedDosesNeverChangesAGrade, ()) {
  Assessment base = AnyAssessment();
  RC_PRE(base.hypotension != false);
  base.hypotension = true;
  const bool vasopressin = *rc::gen::arbitrary<bool>();
  const double hours = *rc::gen::element(3.0, 2.9, 24.0, GenHours());
  core::VasopressorSet agents;
  agents.Add(Vasopressor::kNorepinephrine);
  agents.Add(Vasopressor::kEpinephrine);
  agents.Add(Vasopressor::kPhenylephrine);
  if (vasopressin) agents.Add(Vasopressor::kVasopressin);
  base.vasopressors = agents;
  base.legacy.vasopressor_doses = {};
  // Phenylephrine below its own row (200 ug/min) counts its dose in tenths of NE-equivalent.
  const int phenylephrine = *IntBetween(1, 199);
  base.legacy.vasopressor_doses[Index(Vasopressor::kPhenylephrine)] = {
      static_cast<double>(phenylephrine), hours};
  if (vasopressin) base.legacy.vasopressor_doses[Index(Vasopressor::kVasopressin)] = {0.04, hours};
  const int cutoff_tenths = vasopressin ? 100 : 200;
  const int total_tenths =
      std::clamp(cutoff_tenths - phenylephrine + *IntBetween(-1, 1), 0, 198);  // NE + epinephrine
  const int low = std::max(0, total_tenths - 99);
  const int high = std::min(99, total_tenths);
  const auto split = [&](int ne_tenths) {
    Assessment a = base;
    a.legacy.vasopressor_doses[Index(Vasopressor::kNorepinephrine)] = {ne_tenths / 10.0, hours};
    a.legacy.vasopressor_doses[Index(Vasopressor::kEpinephrine)] = {
        (total_tenths - ne_tenths) / 10.0, hours};
    return a;
  };
  const int first = *IntBetween(low, high);
  const std::vector<Assessment> variants = {split(first), split(total_tenths - first),
                                            split(*IntBetween(low, high))};
  for (const Assessment& a : variants) RC_PRE(IsValid(a));
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    const SyndromeGrading reference = core::GradeCrs(system.id, variants.front());
    for (const Assessment& a : variants) {
      const SyndromeGrading g = core::GradeCrs(system.id, a);
      RC_LOG() << system.key << " " << Describe(a) << "\n  " << Summary(g) << " vs "
               << Summary(reference) << "\n";
      RC_ASSERT(g.grade == reference.grade);
      RC_ASSERT(g.max_possible_grade == reference.max_possible_grade);
    }
  }
}

}  // namespace
}  // namespace cartwatch::property
