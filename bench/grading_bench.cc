// Cost of ASTCT 2019 grading per assessment, with heap allocations per grading reported as the
// counter "allocs/iter" (the global allocation functions are replaced with counting ones below;
// core/grading.h promises 0, tests/property/grading_allocation_test.cc enforces it).
//
//   cartwatch_grading_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "assessment_sampler.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/validate.h"

namespace {

std::atomic<std::int64_t> g_allocations{0};

void* CountedAllocate(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* CountedAllocateAligned(std::size_t size, std::align_val_t alignment) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto align = static_cast<std::size_t>(alignment);
  const std::size_t rounded = ((size == 0 ? 1 : size) + align - 1) / align * align;
  if (void* p = std::aligned_alloc(align, rounded)) return p;
  throw std::bad_alloc();
}

}  // namespace

// Counting replacements of the throwing allocation functions. libstdc++'s nothrow forms call
// these, and every delete form ends in free(), which matches malloc and aligned_alloc.
void* operator new(std::size_t size) { return CountedAllocate(size); }
void* operator new[](std::size_t size) { return CountedAllocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return CountedAllocateAligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return CountedAllocateAligned(size, alignment);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace cartwatch::bench {
namespace {

using core::Assessment;
using core::Consciousness;
using core::OxygenDevice;
using core::OxygenReason;
using core::Vasopressor;

// ASTCT 2019 worked examples in one record, everything charted: 39.5 degC, one vasopressor,
// low-flow nasal cannula (CRS 3); ICE 3 with a generalised seizure that resolved (ICANS 3).
Assessment CompleteTypical() {
  Assessment a;
  a.patient_id = "P0001";
  a.time = "2025-03-01T08:00:00Z";
  a.age_years = 54;
  a.temperature_celsius = 39.5;
  a.fever_other_cause = false;
  a.fever_masked = false;
  a.hypotension = true;
  a.vasopressors = core::VasopressorSet{Vasopressor::kNorepinephrine};
  a.oxygen =
      core::OxygenSupport{OxygenDevice::kNasalCannula, 4.0, OxygenReason::kCrs, std::nullopt};
  a.neuro.ice_items = core::IceItems{1, 1, 0, 0, 1};
  a.neuro.consciousness = Consciousness::kAlert;
  a.neuro.seizure = core::Seizure::kRapidlyResolving;
  a.neuro.motor = core::MotorFinding::kNone;
  a.neuro.icp = core::IcpFindingSet{};
  return a;
}

// The same patient charted in a hurry: pressors, oxygen, part of ICE and ICP not recorded, so
// both grades are lower bounds with a list of missing findings.
Assessment WithMissingData() {
  Assessment a = CompleteTypical();
  a.vasopressors.reset();
  a.oxygen.reset();
  a.fever_masked.reset();
  a.neuro.ice_items = core::IceItems{4, std::nullopt, 1, std::nullopt, 0};
  a.neuro.icp.reset();
  a.neuro.motor.reset();
  return a;
}

template <typename Grade>
void RunGrading(benchmark::State& state, const Assessment& a, Grade grade) {
  if (!core::Validate(a).empty()) {
    state.SkipWithError("benchmark assessment does not pass Validate");
    return;
  }
  const std::int64_t before = g_allocations.load();
  for (auto _ : state) {
    auto result = grade(a);
    benchmark::DoNotOptimize(result);
  }
  state.counters["allocs/iter"] = benchmark::Counter(
      static_cast<double>(g_allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
}

void BM_GradeCompleteTypical(benchmark::State& state) {
  RunGrading(state, CompleteTypical(), [](const Assessment& a) { return core::GradeAstct2019(a); });
}
BENCHMARK(BM_GradeCompleteTypical);

void BM_GradeWithMissingData(benchmark::State& state) {
  RunGrading(state, WithMissingData(), [](const Assessment& a) { return core::GradeAstct2019(a); });
}
BENCHMARK(BM_GradeWithMissingData);

void BM_GradeCrsOnly(benchmark::State& state) {
  RunGrading(state, CompleteTypical(),
             [](const Assessment& a) { return core::GradeCrsAstct2019(a); });
}
BENCHMARK(BM_GradeCrsOnly);

void BM_GradeIcansOnly(benchmark::State& state) {
  RunGrading(state, CompleteTypical(),
             [](const Assessment& a) { return core::GradeIcansAstct2019(a); });
}
BENCHMARK(BM_GradeIcansOnly);

// A realistic mix (AssessmentSampler), so branch prediction cannot learn one record by heart.
void BM_GradeSampledMix(benchmark::State& state) {
  AssessmentSampler sampler(42);
  std::vector<Assessment> mix;
  constexpr std::size_t kMixSize = 4096;  // a power of two: the index wraps with a mask
  mix.reserve(kMixSize);
  while (mix.size() < kMixSize) mix.push_back(sampler.Next().assessment);
  std::size_t i = 0;
  const std::int64_t before = g_allocations.load();
  for (auto _ : state) {
    core::Grading result = core::GradeAstct2019(mix[i]);
    benchmark::DoNotOptimize(result);
    i = (i + 1) & (kMixSize - 1);
  }
  state.counters["allocs/iter"] = benchmark::Counter(
      static_cast<double>(g_allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GradeSampledMix);

// Validate + grade, what every adapter does per record (Validate returns a vector, empty and
// so allocation-free for a valid record).
void BM_ValidateAndGradeCompleteTypical(benchmark::State& state) {
  RunGrading(state, CompleteTypical(), [](const Assessment& a) {
    const bool valid = core::Validate(a).empty();
    core::Grading result = core::GradeAstct2019(a);
    result.crs.grade += valid ? 0 : 1;
    return result;
  });
}
BENCHMARK(BM_ValidateAndGradeCompleteTypical);

}  // namespace
}  // namespace cartwatch::bench

BENCHMARK_MAIN();
