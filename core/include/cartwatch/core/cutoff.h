// Comparing a computed or converted quantity with a clinical cut-off, exactly at the cut-off.
//
// Binary floating point cannot hold most decimal doses: 8.1 + 8.2 + 37 / 10 is 19.999999999999996,
// not 20, so a `>= 20` row would miss a dose that is exactly at it, and the order of the terms
// would decide the grade. Every comparison of a computed or converted quantity with a cut-off
// therefore goes through whole micro-units (1e-6 of the unit, as ToCelsius rounds temperatures):
// the quantity is rounded to the nearest micro-unit, sums are integer sums (exact and independent
// of order), and the comparison is between integers. Inputs and cut-offs carry at most six
// decimals, so rounding to 1e-6 never moves a value across a cut-off it did not reach.
#ifndef CARTWATCH_CORE_CUTOFF_H_
#define CARTWATCH_CORE_CUTOFF_H_

#include <cstdint>

namespace cartwatch::core {

// A quantity in whole millionths of its unit.
using MicroUnits = std::int64_t;

inline constexpr MicroUnits kMicroUnitsPerUnit = 1'000'000;

// Magnitudes at or beyond this (1e9 units, far above any plausible dose, time or rate) saturate,
// so that infinity (a missing input at its most severe) compares above every cut-off and a few
// saturated terms can be scaled and summed without overflow.
inline constexpr MicroUnits kMicroUnitsSaturated = 1'000'000'000'000'000;

// `value` rounded to the nearest micro-unit (halves away from zero); +/-infinity and magnitudes of
// 1e9 units or more give +/-kMicroUnitsSaturated; NaN gives 0 (callers never pass NaN: every
// input was validated as a finite number).
MicroUnits ToMicroUnits(double value) noexcept;

// `value` rounded to 1e-6 of its unit, as a double (for display and for further arithmetic whose
// result is compared again through ToMicroUnits).
double RoundToMicroUnits(double value) noexcept;

// value >= cutoff, both rounded to micro-units first.
bool AtLeast(double value, double cutoff) noexcept;

// value > cutoff, both rounded to micro-units first.
bool Above(double value, double cutoff) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_CUTOFF_H_
