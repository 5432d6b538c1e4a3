// RapidCheck generators of valid core::Assessment values, shared by the property and allocation
// tests.
//
// Every generated assessment is meant to pass core::Validate: the generators respect its
// contradiction rules (vasopressors only when hypotension is not false, nasal cannula always with
// a flow, room air never with a flow, no ICE above 0 in an unarousable patient, age present
// whenever ICE or CAPD is given, ICE items consistent with the ICE total) and draw numbers only
// from the plausible ranges in core/limits.h. A property test checks that promise, so a drift
// between these generators and Validate shows up as one clear failure.
#ifndef CARTWATCH_TESTS_PROPERTY_ASSESSMENT_GENERATORS_H_
#define CARTWATCH_TESTS_PROPERTY_ASSESSMENT_GENERATORS_H_

#include <rapidcheck.h>

#include <optional>
#include <ostream>
#include <string>

#include "cartwatch/core/assessment.h"

namespace cartwatch::property {

// How many findings a generated assessment leaves out.
enum class Completeness {
  kSomeMissing,  // each finding may be absent, as in real charts
  kComplete,     // every finding that can make a grade a lower bound is present
};

// Uniform integer in [low, high] (RapidCheck's inRange narrows with the test size; these
// generators want the whole range from the first run).
rc::Gen<int> IntBetween(int low, int high);

// Numbers on a 0.1 grid inside the plausibility limits, weighted toward clinical boundaries
// (38.0 degC, 6 L/min, age 12).
rc::Gen<double> GenTemperatureCelsius();
rc::Gen<double> GenAgeYears();
rc::Gen<double> GenFlowLitresPerMinute(core::OxygenDevice device);

rc::Gen<core::VasopressorSet> GenVasopressors();  // may be empty
rc::Gen<core::OxygenSupport> GenOxygen();
rc::Gen<core::Consciousness> GenConsciousness();
rc::Gen<core::Seizure> GenSeizure();
rc::Gen<core::MotorFinding> GenMotor();
rc::Gen<core::IcpFindingSet> GenIcp();  // may be empty

// ICE evidence (items and/or total). When `unarousable`, every part given is 0.
struct IceEvidence {
  std::optional<core::IceItems> items;
  std::optional<int> total;
};
rc::Gen<IceEvidence> GenIce(bool unarousable, Completeness completeness);

rc::Gen<core::Assessment> GenAssessment(Completeness completeness);

// Intensity of oxygen support, in the order ASTCT 2019 ranks it: 0 room air; 1 blow-by, nasal
// cannula <= 6 L/min; 2 nasal cannula > 6 L/min, HFNC, facemask, non-rebreather, Venturi; 3 CPAP,
// BiPAP, mechanical ventilation. An HFNC run at <= 6 L/min is a more intensive device than a
// low-flow cannula although the design grades it as low flow (UNCONFIRMED reading): moving to it
// must keep the grade, not raise it.
int OxygenTier(const core::OxygenSupport& oxygen);

// ICE facts used to keep generated changes consistent with Validate.
int IceItemMax(int item_index);  // 0 orientation .. 4 attention
std::optional<int>& IceItem(core::IceItems& items, int item_index);
const std::optional<int>& IceItem(const core::IceItems& items, int item_index);
int SumPresentIceItems(const core::IceItems& items);
int MaxOfAbsentIceItems(const core::IceItems& items);  // points the absent items could add
// True when the recorded ICE evidence is exactly 0 (or absent), so "unarousable" stays valid.
bool IceCompatibleWithUnarousable(const core::NeuroAssessment& neuro);

// A compact one-line rendering for counterexamples.
std::string Describe(const core::Assessment& assessment);

}  // namespace cartwatch::property

namespace cartwatch::core {
// Found by argument-dependent lookup, so RapidCheck prints generated assessments in
// counterexamples instead of "<???>".
inline void showValue(const Assessment& assessment, std::ostream& os) {
  os << property::Describe(assessment);
}
}  // namespace cartwatch::core

#endif  // CARTWATCH_TESTS_PROPERTY_ASSESSMENT_GENERATORS_H_
