// Small helpers shared by the views of one course (timeline_json.cc, timeline_text.cc,
// timeline_csv.cc, timeline_svg.cc): units, oxygen support levels, labels.
#ifndef CARTWATCH_ADAPTERS_REPORT_COURSE_VIEW_H_
#define CARTWATCH_ADAPTERS_REPORT_COURSE_VIEW_H_

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/grading.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters::course_view {

inline constexpr std::string_view kDecisionSupport = "Decision support: a clinician decides.";

// Whole days after infusion; the infusion day is day 0, the day before it day -1.
inline int DayOf(double hours_post_infusion) { return core::DayAfterInfusion(hours_post_infusion); }

// A value with a fixed number of decimals ("41.5"); for display, never for thresholds.
inline std::string Fixed(double value, int decimals) {
  char buffer[48];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return error == std::errc{} ? std::string(buffer, end) : core::ShortestText(value);
}

// Oxygen support as the ASTCT hypoxia tiers read it (the grading itself is in the core; this is
// for charts and tables): room air, low flow (nasal cannula <= 6 L/min, blow-by), high flow
// (any other mask or cannula), positive pressure (CPAP, BiPAP, ventilation).
enum class OxygenLevel { kRoomAir = 0, kLowFlow = 1, kHighFlow = 2, kPositivePressure = 3 };

inline std::optional<OxygenLevel> OxygenLevelOf(const core::Assessment& assessment) {
  if (!assessment.oxygen) return std::nullopt;
  const core::OxygenSupport& oxygen = *assessment.oxygen;
  switch (oxygen.device) {
    case core::OxygenDevice::kRoomAir:
      return OxygenLevel::kRoomAir;
    case core::OxygenDevice::kBlowBy:
      return OxygenLevel::kLowFlow;
    case core::OxygenDevice::kNasalCannula:
      return oxygen.flow_l_per_min && *oxygen.flow_l_per_min > core::kLowFlowMaxLitresPerMinute
                 ? OxygenLevel::kHighFlow
                 : OxygenLevel::kLowFlow;
    case core::OxygenDevice::kCpap:
    case core::OxygenDevice::kBipap:
    case core::OxygenDevice::kMechanicalVentilation:
      return OxygenLevel::kPositivePressure;
    default:
      return OxygenLevel::kHighFlow;
  }
}

inline std::string_view OxygenLevelName(OxygenLevel level) {
  switch (level) {
    case OxygenLevel::kRoomAir:
      return "room air";
    case OxygenLevel::kLowFlow:
      return "low flow";
    case OxygenLevel::kHighFlow:
      return "high flow";
    case OxygenLevel::kPositivePressure:
      return "positive pressure";
  }
  return "";
}

// "nasal cannula 4 L/min FiO2 40%", "room air"; empty when not recorded.
inline std::string OxygenText(const core::Assessment& assessment) {
  if (!assessment.oxygen) return {};
  const core::OxygenSupport& oxygen = *assessment.oxygen;
  std::string text(core::TermOf(oxygen.device).display);
  if (oxygen.flow_l_per_min) text += " " + core::ShortestText(*oxygen.flow_l_per_min) + " L/min";
  if (oxygen.fio2_percent) text += " FiO2 " + core::ShortestText(*oxygen.fio2_percent) + "%";
  if (oxygen.reason && *oxygen.reason != core::OxygenReason::kCrs) {
    text += " (" + std::string(core::TermOf(*oxygen.reason).display) + ")";
  }
  return text;
}

inline std::string_view VasopressorUnit(core::Vasopressor agent) {
  switch (agent) {
    case core::Vasopressor::kDopamine:
      return "ug/kg/min";
    case core::Vasopressor::kVasopressin:
      return "U/min";
    default:
      return "ug/min";
  }
}

// "norepinephrine 12 ug/min + vasopressin"; "none" when recorded as none; empty when unknown.
inline std::string VasopressorText(const core::Assessment& assessment) {
  if (!assessment.vasopressors) return {};
  std::string text;
  for (const auto& term : core::Terms(core::Vasopressor{})) {
    if (!assessment.vasopressors->Contains(term.value)) continue;
    if (!text.empty()) text += " + ";
    text += term.display;
    const auto& dose = assessment.legacy.vasopressor_doses[static_cast<std::size_t>(term.value)];
    if (dose.dose) {
      text += " " + core::ShortestText(*dose.dose) + " " + std::string(VasopressorUnit(term.value));
    }
  }
  return text.empty() ? std::string("none") : text;
}

// Vasopressors other than vasopressin (ASTCT counts only these toward "multiple").
inline int CountedVasopressors(const core::Assessment& assessment) {
  if (!assessment.vasopressors) return 0;
  int count = assessment.vasopressors->Count();
  if (assessment.vasopressors->Contains(core::Vasopressor::kVasopressin)) --count;
  return count;
}

inline std::string TreatmentText(const core::Treatment& treatment) {
  if (treatment.kind == core::TreatmentKind::kFluidBolus) return "fluid bolus";
  std::string text(core::Describe(treatment.drug).code);
  if (treatment.dose_mg) text += " " + core::ShortestText(*treatment.dose_mg) + " mg";
  return text;
}

// "2", ">=2" when a lower bound, "-" when the syndrome was not assessed.
inline std::string GradeText(const core::SyndromeGrading& grading) {
  if (!grading.assessed) return "-";
  return (grading.lower_bound() ? ">=" : "") + std::to_string(grading.grade);
}

// ICE total as graded ("7/10", "5-8/10" when partly charted) or CAPD ("CAPD 12").
inline std::string NeuroScoreText(const core::IcansGrading& icans) {
  if (icans.ice_score) return "ICE " + std::to_string(*icans.ice_score);
  if (icans.ice_min && icans.ice_max) {
    return "ICE " + std::to_string(*icans.ice_min) + "-" + std::to_string(*icans.ice_max);
  }
  if (icans.capd_score) return "CAPD " + std::to_string(*icans.capd_score);
  return {};
}

inline bool IsSteroid(const core::Treatment& treatment) {
  return treatment.kind == core::TreatmentKind::kDrug &&
         core::Describe(treatment.drug).corticosteroid;
}

// Treatments as the chart sorts them into lanes: what a clinician looks for first.
enum class TreatmentClass {
  kTocilizumab,
  kCorticosteroid,     // dexamethasone, methylprednisolone
  kOtherAntiCytokine,  // anakinra (IL-1), siltuximab (IL-6)
  kAntipyretic,        // paracetamol, ibuprofen: they mask fever (ASTCT 2019)
  kOtherDrug,          // levetiracetam
  kFluidBolus,
};

inline TreatmentClass ClassOf(const core::Treatment& treatment) {
  if (treatment.kind == core::TreatmentKind::kFluidBolus) return TreatmentClass::kFluidBolus;
  switch (treatment.drug) {  // every drug named: a new one must be placed here
    case core::Drug::kTocilizumab:
      return TreatmentClass::kTocilizumab;
    case core::Drug::kDexamethasone:
    case core::Drug::kMethylprednisolone:
      return TreatmentClass::kCorticosteroid;
    case core::Drug::kAnakinra:
    case core::Drug::kSiltuximab:
      return TreatmentClass::kOtherAntiCytokine;
    case core::Drug::kParacetamol:
    case core::Drug::kIbuprofen:
      return TreatmentClass::kAntipyretic;
    case core::Drug::kLevetiracetam:
      break;
  }
  return TreatmentClass::kOtherDrug;
}

// Every treatment of the course in time order: PatientCourse::treatments, which also holds those
// given between assessments. A course assembled from points alone (treatments left empty) falls
// back to the treatments of its points, so no dose is dropped from the views.
inline std::vector<core::TimedTreatment> CourseTreatments(const core::PatientCourse& course) {
  std::vector<core::TimedTreatment> all = course.treatments;
  if (all.empty()) {
    for (const core::AssessmentPoint& point : course.points) {
      for (const core::Treatment& treatment : point.treatments)
        all.push_back({point.time, treatment});
    }
  }
  std::stable_sort(
      all.begin(), all.end(),
      [](const core::TimedTreatment& a, const core::TimedTreatment& b) { return a.time < b.time; });
  return all;
}

// Hours after infusion (negative before it); nullopt when the infusion is not known.
inline std::optional<double> HoursAfterInfusion(const core::PatientSummary& summary,
                                                core::UnixSeconds time) {
  if (!summary.infusion) return std::nullopt;
  return static_cast<double>(time - summary.infusion->time) / 3600.0;
}

// `text` with control characters (newlines, escapes) shown as '?': safe on a terminal line.
inline std::string PrintableText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = '?';
  }
  return out;
}

inline std::string ProductText(const core::PatientSummary& summary) {
  if (!summary.infusion) return "unknown";
  const core::ProductInfo& info = core::Describe(summary.infusion->product);
  return std::string(info.code) + " (" + std::string(info.brand) + ")";
}

}  // namespace cartwatch::adapters::course_view

#endif  // CARTWATCH_ADAPTERS_REPORT_COURSE_VIEW_H_
