// Resolution of the findings the older CRS systems read. Computed and converted
// quantities meet their cut-offs through cutoff.h, exactly.
#include "legacy_crs_facts.h"

#include <cstddef>
#include <limits>

namespace cartwatch::core::internal {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

constexpr std::array<Vasopressor, 5> kAgents{Vasopressor::kNorepinephrine,
                                             Vasopressor::kEpinephrine, Vasopressor::kPhenylephrine,
                                             Vasopressor::kDopamine, Vasopressor::kVasopressin};

double At(const std::array<double, 5>& doses, Vasopressor agent) {
  return doses[static_cast<std::size_t>(agent)];
}

LegacyOxygen ClassifyDevice(OxygenDevice device) {
  switch (device) {
    case OxygenDevice::kRoomAir:
      return LegacyOxygen::kNone;
    case OxygenDevice::kCpap:
    case OxygenDevice::kBipap:
      return LegacyOxygen::kNonInvasive;
    case OxygenDevice::kMechanicalVentilation:
      return LegacyOxygen::kMechanicalVentilation;
    case OxygenDevice::kNasalCannula:
    case OxygenDevice::kBlowBy:
    case OxygenDevice::kHighFlowNasalCannula:
    case OxygenDevice::kFacemask:
    case OxygenDevice::kNonRebreather:
    case OxygenDevice::kVenturi:
      break;
  }
  return LegacyOxygen::kSupplemental;
}

// Oxygen given for another reason is not CRS hypoxia (as ASTCT 2019 fn 3).
bool ForCrs(const OxygenSupport& oxygen) {
  return !oxygen.reason || *oxygen.reason == OxygenReason::kCrs;
}

bool FeverByTemperature(const Assessment& a) {
  return a.temperature_celsius && AtLeast(*a.temperature_celsius, kFeverThresholdCelsius);
}

}  // namespace

MicroUnits ScaledNeEquivalent(const std::array<double, 5>& doses, VasopressorSet held) noexcept {
  MicroUnits sum = 0;
  for (const NeEquivalentFactor& factor : kNeEquivalentFactors) {
    if (!held.Contains(factor.agent)) continue;
    sum += ToMicroUnits(At(doses, factor.agent)) * factor.numerator *
           (kNeEquivalentScale / factor.denominator);
  }
  return sum;
}

bool HighDose(const std::array<double, 5>& doses, VasopressorSet held) noexcept {
  const HighDoseTable& t = kLee2014HighDose;
  // "Alone" is read as "on its own dose": an agent at its single-agent threshold stays high-dose
  // when another agent is added (kCartwatchPolicy; keeps the grade monotone).
  const auto at_least = [&](Vasopressor agent, double cutoff) {
    return held.Contains(agent) && AtLeast(At(doses, agent), cutoff);
  };
  if (at_least(Vasopressor::kNorepinephrine, t.norepinephrine_ug_min) ||
      at_least(Vasopressor::kDopamine, t.dopamine_ug_kg_min) ||
      at_least(Vasopressor::kPhenylephrine, t.phenylephrine_ug_min) ||
      at_least(Vasopressor::kEpinephrine, t.epinephrine_ug_min)) {
    return true;
  }
  const double cutoff =
      held.Contains(Vasopressor::kVasopressin) ? t.with_vasopressin_ne_eq : t.combination_ne_eq;
  return ScaledNeEquivalent(doses, held) >= ToMicroUnits(cutoff) * kNeEquivalentScale;
}

InputSet AbsentLegacyInputs(const Assessment& a) noexcept {
  InputSet absent;
  if (!a.temperature_celsius && a.fever_other_cause != true) absent.Add(InputId::kTemperature);
  if (!a.hypotension) absent.Add(InputId::kHypotension);
  if (!a.vasopressors && a.hypotension != false) absent.Add(InputId::kVasopressors);
  if (a.vasopressors) {
    for (Vasopressor agent : kAgents) {
      if (!a.vasopressors->Contains(agent)) continue;
      const VasopressorDose& dose = a.legacy.vasopressor_doses[static_cast<std::size_t>(agent)];
      if (!dose.dose) absent.Add(InputId::kVasopressorDose);
      if (!dose.hours_running) absent.Add(InputId::kVasopressorHours);
    }
  }
  if (!a.oxygen) {
    absent.Add(InputId::kOxygen);
  } else if (!a.oxygen->fio2_percent && ForCrs(*a.oxygen) &&
             ClassifyDevice(a.oxygen->device) == LegacyOxygen::kSupplemental) {
    absent.Add(InputId::kFio2);
  }
  const LegacyCrsFindings& legacy = a.legacy;
  if (!legacy.fluid_boluses) absent.Add(InputId::kFluidBoluses);
  if (!legacy.hospitalised_for_crs) absent.Add(InputId::kHospitalisedForCrs);
  if (!legacy.iv_therapy_for_crs) absent.Add(InputId::kIvTherapyForCrs);
  if (!legacy.hypotension_refractory) absent.Add(InputId::kHypotensionRefractory);
  if (!legacy.coagulopathy_needing_products) absent.Add(InputId::kCoagulopathyNeedingProducts);
  return absent;
}

LegacyFacts ResolveLegacy(const Assessment& a, InputSet worst, FlagSet* flags) noexcept {
  FlagSet ignored;
  FlagSet& notes = flags != nullptr ? *flags : ignored;
  LegacyFacts facts;

  const bool hot =
      a.temperature_celsius ? FeverByTemperature(a) : worst.Contains(InputId::kTemperature);
  facts.fever = hot && a.fever_other_cause != true;
  if (FeverByTemperature(a) && a.fever_other_cause == true) notes.Add(FlagId::kFeverOtherCause);

  // Running agents with their doses and hours; an unknown value at its least or most severe.
  VasopressorSet running;
  std::array<double, 5> doses{};
  std::array<double, 5> hours{};
  if (a.vasopressors) {
    running = *a.vasopressors;
    for (Vasopressor agent : kAgents) {
      if (!running.Contains(agent)) continue;
      const auto i = static_cast<std::size_t>(agent);
      const VasopressorDose& recorded = a.legacy.vasopressor_doses[i];
      doses[i] =
          recorded.dose.value_or(worst.Contains(InputId::kVasopressorDose) ? kUnbounded : 0.0);
      hours[i] = recorded.hours_running.value_or(
          worst.Contains(InputId::kVasopressorHours) ? kUnbounded : 0.0);
    }
  } else if (a.hypotension != false && worst.Contains(InputId::kVasopressors)) {
    for (Vasopressor agent : kAgents) running.Add(agent);
    doses.fill(kUnbounded);
    hours.fill(kUnbounded);
  }
  VasopressorSet held;
  for (Vasopressor agent : kAgents) {
    if (!running.Contains(agent)) continue;
    const auto i = static_cast<std::size_t>(agent);
    facts.longest_hours = std::max(facts.longest_hours, hours[i]);
    if (AtLeast(hours[i], kLee2014HighDose.held_hours)) held.Add(agent);
  }
  facts.vasopressors = running.Count();
  facts.vasopressors_excluding_vasopressin =
      facts.vasopressors - (running.Contains(Vasopressor::kVasopressin) ? 1 : 0);
  facts.high_dose = HighDose(doses, held);
  // A vasopressor running for CRS implies CRS hypotension.
  facts.hypotension =
      a.hypotension.value_or(worst.Contains(InputId::kHypotension)) || facts.vasopressors > 0;

  const LegacyCrsFindings& legacy = a.legacy;
  facts.refractory = facts.vasopressors > 0 && legacy.hypotension_refractory.value_or(
                                                   worst.Contains(InputId::kHypotensionRefractory));
  facts.fluid_boluses = legacy.fluid_boluses.value_or(
      worst.Contains(InputId::kFluidBoluses) ? kPennMultipleBoluses : 0);
  facts.hospitalised =
      legacy.hospitalised_for_crs.value_or(worst.Contains(InputId::kHospitalisedForCrs));
  facts.iv_therapy = legacy.iv_therapy_for_crs.value_or(worst.Contains(InputId::kIvTherapyForCrs));
  facts.coagulopathy = legacy.coagulopathy_needing_products.value_or(
      worst.Contains(InputId::kCoagulopathyNeedingProducts));

  if (a.oxygen) {
    const LegacyOxygen support = ClassifyDevice(a.oxygen->device);
    if (support != LegacyOxygen::kNone && !ForCrs(*a.oxygen)) {
      notes.Add(FlagId::kOxygenNotForCrs);
    } else {
      facts.oxygen = support;
      if (support != LegacyOxygen::kSupplemental && support != LegacyOxygen::kNone &&
          !a.oxygen->reason) {
        notes.Add(FlagId::kVentilationReasonMissing);
      }
      if (support == LegacyOxygen::kSupplemental) {
        facts.fio2_high = a.oxygen->fio2_percent
                              ? AtLeast(*a.oxygen->fio2_percent, kFio2HighPercent)
                              : worst.Contains(InputId::kFio2);
      }
    }
  } else if (worst.Contains(InputId::kOxygen)) {
    facts.oxygen = LegacyOxygen::kMechanicalVentilation;
  }

  const OrganToxicity& organs = legacy.organ_toxicity;
  facts.creatinine = organs.creatinine.value_or(0);
  facts.transaminases = organs.transaminases.value_or(0);
  facts.other_organ = organs.other.value_or(0);
  facts.death = a.crs_death.value_or(false);
  return facts;
}

bool LegacyCrsAssessed(const Assessment& a) noexcept {
  const LegacyCrsFindings& legacy = a.legacy;
  const OrganToxicity& organs = legacy.organ_toxicity;
  return a.temperature_celsius || a.hypotension || a.vasopressors || a.oxygen || a.crs_death ||
         legacy.fluid_boluses || legacy.hospitalised_for_crs || legacy.iv_therapy_for_crs ||
         legacy.hypotension_refractory || legacy.coagulopathy_needing_products ||
         organs.creatinine || organs.transaminases || organs.other;
}

}  // namespace cartwatch::core::internal
