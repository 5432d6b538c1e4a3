// Small helpers shared by the views of one course (timeline_json.cc, timeline_text.cc,
// timeline_csv.cc, timeline_svg.cc): units and labels. Clinical readings (the oxygen tier, the
// vasopressors counted, fever masking) come from the grading result (core::CrsReading) and the
// timeline point, never from a classification of their own here.
#ifndef CARTWATCH_ADAPTERS_REPORT_COURSE_VIEW_H_
#define CARTWATCH_ADAPTERS_REPORT_COURSE_VIEW_H_

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/findings.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/number_text.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::adapters::course_view {

inline constexpr std::string_view kDecisionSupport = "Decision support: a clinician decides.";

// A value with a fixed number of decimals ("41.5"); for display, never for thresholds.
inline std::string Fixed(double value, int decimals) {
  char buffer[48];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  return error == std::errc{} ? std::string(buffer, end) : core::ShortestText(value);
}

// The oxygen tier the grader read (room air, low flow, high flow, positive pressure) as the CSV
// `oxygen_level` number 0-3; nullopt when no oxygen support was recorded.
inline std::optional<int> OxygenLevelNumber(const core::CrsReading& reading) {
  if (reading.oxygen == core::OxygenTier::kNotRecorded) return std::nullopt;
  return static_cast<int>(reading.oxygen) - static_cast<int>(core::OxygenTier::kRoomAir);
}

// The tier the grader read, in words: "low flow"; "not for CRS" when the hypoxia rows do not read
// the support (another cause recorded); empty when no oxygen support was recorded.
inline std::string_view OxygenTierText(const core::CrsReading& reading) {
  if (reading.oxygen == core::OxygenTier::kNotRecorded) return {};
  if (reading.oxygen_not_for_crs) return "not for CRS";
  return core::TermOf(reading.oxygen).display;
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
      text +=
          " " + core::ShortestText(*dose.dose) + " " + std::string(core::DoseUnitOf(term.value));
    }
  }
  return text.empty() ? std::string("none") : text;
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

// Treatments as the chart sorts them into lanes: what a clinician looks for first.
enum class TreatmentClass {
  kTocilizumab,
  kCorticosteroid,     // DrugInfo::corticosteroid: dexamethasone, methylprednisolone
  kOtherAntiCytokine,  // other anti-cytokine therapy (fever_masking): anakinra, siltuximab
  kAntipyretic,        // fever_masking kAntipyretic: paracetamol, ibuprofen (ASTCT 2019 footnote)
  kOtherDrug,          // masks nothing: levetiracetam
  kFluidBolus,
};

// The lane of a treatment, from the columns of the drug table (protocol.h), so that a new drug
// takes its lane from its row.
inline TreatmentClass ClassOf(const core::Treatment& treatment) {
  if (treatment.kind == core::TreatmentKind::kFluidBolus) return TreatmentClass::kFluidBolus;
  if (treatment.drug == core::Drug::kTocilizumab) return TreatmentClass::kTocilizumab;
  const core::DrugInfo& info = core::Describe(treatment.drug);
  if (info.corticosteroid) return TreatmentClass::kCorticosteroid;
  switch (info.fever_masking) {
    case core::FeverMasking::kAntiCytokine:
      return TreatmentClass::kOtherAntiCytokine;
    case core::FeverMasking::kAntipyretic:
      return TreatmentClass::kAntipyretic;
    case core::FeverMasking::kNone:
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
  return core::HoursBetween(summary.infusion->time, time);
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
