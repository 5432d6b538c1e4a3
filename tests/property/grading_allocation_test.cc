// Grading never touches the heap (core/grading.h promises it): bulk import and the CDS service
// grade on the hot path, and an allocation there is both a latency spike and a failure mode
// (bad_alloc in a noexcept function terminates). This executable replaces the global allocation
// functions with counting ones and checks the promise on fixed and generated assessments. It is
// a correctness test, not a timing test.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "assessment_generators.h"
#include "cartwatch/core/assessment.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/validate.h"

namespace {

std::atomic<std::int64_t> g_allocations{0};

void* CountedAllocate(std::size_t size) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* CountedAllocateAligned(std::size_t size, std::align_val_t alignment) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto align = static_cast<std::size_t>(alignment);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = ((size == 0 ? 1 : size) + align - 1) / align * align;
  return std::aligned_alloc(align, rounded);
}

void* CountedAllocateOrThrow(std::size_t size) {
  if (void* p = CountedAllocate(size)) return p;
  throw std::bad_alloc();
}

void* CountedAllocateAlignedOrThrow(std::size_t size, std::align_val_t alignment) {
  if (void* p = CountedAllocateAligned(size, alignment)) return p;
  throw std::bad_alloc();
}

}  // namespace

// Replacements of every global allocation function the program may call ([new.delete]).
void* operator new(std::size_t size) { return CountedAllocateOrThrow(size); }
void* operator new[](std::size_t size) { return CountedAllocateOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAllocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAllocate(size);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return CountedAllocateAlignedOrThrow(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return CountedAllocateAlignedOrThrow(size, alignment);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return CountedAllocateAligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return CountedAllocateAligned(size, alignment);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace cartwatch::property {
namespace {

using core::Assessment;
using core::Consciousness;
using core::OxygenDevice;
using core::OxygenReason;
using core::Seizure;
using core::Vasopressor;

// Keeps results observable so the compiler cannot drop a call.
void* volatile g_sink = nullptr;
volatile int g_grade_sink = 0;

template <typename F>
std::int64_t AllocationsDuring(F&& f) {
  const std::int64_t before = g_allocations.load();
  f();
  return g_allocations.load() - before;
}

// Allocations made by each grading entry point on `a`.
struct GradingAllocations {
  std::int64_t both;
  std::int64_t crs;
  std::int64_t icans;
};

GradingAllocations CountGradingAllocations(const Assessment& a) {
  GradingAllocations counts{};
  counts.both = AllocationsDuring([&] {
    const core::Grading g = core::GradeAstct2019(a);
    g_grade_sink = g.crs.grade + g.icans.grade;
  });
  counts.crs = AllocationsDuring([&] { g_grade_sink = core::GradeCrsAstct2019(a).grade; });
  counts.icans = AllocationsDuring([&] { g_grade_sink = core::GradeIcansAstct2019(a).grade; });
  return counts;
}

// The counter must see allocations, or "zero" below would prove nothing.
TEST(AllocationCounter, SeesDirectAndLibraryAllocations) {
  EXPECT_EQ(AllocationsDuring([] { g_sink = ::operator new(32); }), 1);
  ::operator delete(g_sink);
  EXPECT_GE(AllocationsDuring([] {
              std::vector<int> values(100, 7);
              g_grade_sink = values.back();
            }),
            1);
  EXPECT_EQ(AllocationsDuring([] { g_sink = ::operator new (64, std::align_val_t{64}); }), 1);
  ::operator delete (g_sink, std::align_val_t{64});
}

struct NamedAssessment {
  std::string name;
  Assessment assessment;
};

std::vector<NamedAssessment> FixedAssessments() {
  std::vector<NamedAssessment> cases;

  cases.push_back({"empty", Assessment{}});

  // ASTCT 2019 worked examples: 39.5 degC + one vasopressor + low-flow nasal cannula (CRS 3);
  // ICE 3 + generalised seizure (ICANS 3). Everything recorded.
  Assessment typical;
  typical.patient_id = "P-with-a-name-longer-than-SSO";
  typical.time = "2025-03-01T08:00:00Z";
  typical.age_years = 54;
  typical.temperature_celsius = 39.5;
  typical.fever_other_cause = false;
  typical.fever_masked = false;
  typical.hypotension = true;
  typical.vasopressors = core::VasopressorSet{Vasopressor::kNorepinephrine};
  typical.oxygen =
      core::OxygenSupport{OxygenDevice::kNasalCannula, 4.0, OxygenReason::kCrs, std::nullopt};
  typical.neuro.ice_items = core::IceItems{1, 1, 0, 0, 1};
  typical.neuro.consciousness = Consciousness::kAlert;
  typical.neuro.seizure = Seizure::kRapidlyResolving;
  typical.neuro.motor = core::MotorFinding::kNone;
  typical.neuro.icp = core::IcpFindingSet{};
  cases.push_back({"complete_typical", typical});

  Assessment partial = typical;  // items, pressors and oxygen not charted yet
  partial.neuro.ice_items = core::IceItems{4, std::nullopt, 1, std::nullopt, 0};
  partial.vasopressors.reset();
  partial.oxygen.reset();
  partial.neuro.icp.reset();
  partial.fever_masked.reset();
  cases.push_back({"partial", partial});

  Assessment child;
  child.age_years = 6;
  child.temperature_celsius = 38.0;
  child.hypotension = true;
  child.vasopressors = core::VasopressorSet{Vasopressor::kVasopressin};
  child.oxygen =
      core::OxygenSupport{OxygenDevice::kHighFlowNasalCannula, 5.0, std::nullopt, std::nullopt};
  child.neuro.capd_total = 5;
  child.neuro.consciousness = Consciousness::kAlert;
  cases.push_back({"child_capd_vasopressin_hfnc_low_flow", child});

  Assessment unarousable;
  unarousable.age_years = 70;
  unarousable.fever_masked = true;
  unarousable.temperature_celsius = 37.0;
  unarousable.oxygen = core::OxygenSupport{OxygenDevice::kMechanicalVentilation, std::nullopt,
                                           std::nullopt, std::nullopt};
  unarousable.neuro.ice_total = 0;
  unarousable.neuro.consciousness = Consciousness::kUnarousable;
  unarousable.neuro.icp = core::IcpFindingSet{core::IcpFinding::kDiffuseEdema};
  cases.push_back({"unarousable_ventilated", unarousable});

  Assessment twelve;
  twelve.age_years = 12.5;
  twelve.neuro.ice_total = 8;
  twelve.neuro.capd_total = 12;
  cases.push_back({"age_twelve_both_tools", twelve});

  Assessment adult_capd;
  adult_capd.age_years = 40;
  adult_capd.neuro.capd_total = 10;
  adult_capd.hypotension = false;
  cases.push_back({"adult_capd_only", adult_capd});

  Assessment deaths = typical;
  deaths.crs_death = true;
  deaths.icans_death = true;
  cases.push_back({"deaths", deaths});

  Assessment afebrile;
  afebrile.temperature_celsius = 37.2;
  afebrile.hypotension = true;
  afebrile.vasopressors =
      core::VasopressorSet{Vasopressor::kNorepinephrine, Vasopressor::kPhenylephrine};
  afebrile.oxygen =
      core::OxygenSupport{OxygenDevice::kCpap, std::nullopt, std::nullopt, std::nullopt};
  cases.push_back({"afebrile_no_crs", afebrile});

  return cases;
}

TEST(GradingAllocation, FixedAssessmentsDoNotAllocate) {
  for (const NamedAssessment& c : FixedAssessments()) {
    SCOPED_TRACE(c.name);
    ASSERT_TRUE(core::Validate(c.assessment).empty()) << Describe(c.assessment);
    const GradingAllocations counts = CountGradingAllocations(c.assessment);
    EXPECT_EQ(counts.both, 0);
    EXPECT_EQ(counts.crs, 0);
    EXPECT_EQ(counts.icans, 0);
  }
}

RC_GTEST_PROP(GradingAllocation, GeneratedAssessmentsDoNotAllocate, ()) {
  const Completeness completeness =
      *rc::gen::element(Completeness::kSomeMissing, Completeness::kComplete);
  const Assessment a = *GenAssessment(completeness);
  RC_PRE(core::Validate(a).empty());
  const GradingAllocations counts = CountGradingAllocations(a);
  RC_LOG() << Describe(a) << "\n";
  RC_ASSERT(counts.both == 0);
  RC_ASSERT(counts.crs == 0);
  RC_ASSERT(counts.icans == 0);
}

}  // namespace
}  // namespace cartwatch::property
