#include "family_view.h"

#include <string>

#include "api_json.h"

namespace cartwatch::server {
namespace {

// Long sentences are split over lines, not missing commas.
// NOLINTBEGIN(bugprone-suspicious-missing-comma)
// What each CRS grade means, said without jargon (the ASTCT 2019 CRS grading, Lee et al. 2019).
constexpr std::string_view kCrsWords[] = {
    "At the last check there were no signs of this reaction.",
    "At the last check the reaction was mild: a fever, with blood pressure and breathing normal.",
    "At the last check the reaction was moderate: a fever with low blood pressure that got better "
    "with fluids, or a need for a little extra oxygen.",
    "At the last check the reaction was serious: blood pressure needed medicine to hold it up, or "
    "more oxygen was needed. The team is watching very closely, sometimes in intensive care.",
    "At the last check the reaction was life-threatening and needed intensive care to support "
    "blood pressure or breathing.",
    "The care team will talk with you in person.",
};

// What each ICANS grade means (the ASTCT 2019 ICANS grading, Lee et al. 2019).
constexpr std::string_view kIcansWords[] = {
    "At the last check there were no signs of effects on the brain.",
    "At the last check there were mild effects: for example some trouble finding words or "
    "writing, while awake and alert.",
    "At the last check there were moderate effects: more confusion or trouble speaking, or "
    "sleepiness but waking to a voice.",
    "At the last check there were serious effects: for example waking only to touch, severe "
    "confusion, or a seizure that was stopped quickly. The team is watching very closely.",
    "At the last check there were life-threatening effects needing intensive care.",
    "The care team will talk with you in person.",
};

// NOLINTEND(bugprone-suspicious-missing-comma)

std::string Doing(const PatientStatus& status) {
  bool calming_medicine = false;
  bool steroid = false;
  for (const core::RecommendedAction& action : status.advice->recommendation.actions) {
    if (!action.drug) continue;
    const core::DrugInfo& drug = core::Describe(*action.drug);
    calming_medicine = calming_medicine || drug.anti_il6;
    steroid = steroid || drug.corticosteroid;
  }
  std::string text =
      "The team checks temperature, blood pressure, breathing and a short set of "
      "questions several times a day.";
  if (calming_medicine) {
    text +=
        " The treatment plan includes a medicine that calms this reaction (it blocks a "
        "signal called IL-6).";
  }
  if (steroid) text += " The plan includes a steroid medicine that calms inflammation.";
  text += " The doctors and nurses decide each step.";
  return text;
}

}  // namespace

Json FamilyViewJson(const StoredPatient& patient, const PatientStatus& status,
                    core::UnixSeconds now) {
  const Json day = DayJson(patient.record.patient, now);
  Json paragraphs = Json::array();
  paragraphs.push_back(
      "CAR-T cells are the patient's own immune cells, changed to fight the cancer. As they "
      "work they can cause a strong reaction called cytokine release syndrome (CRS), which "
      "often starts with a fever in the first days after the infusion. They can also affect "
      "the brain for a while (called ICANS): confusion, trouble with words or writing, or "
      "sleepiness. Both are expected risks, the team looks for them every day, and both can "
      "be treated.");
  std::string headline;
  if (!status.advice) {
    headline = "No checks have been recorded here yet.";
  } else {
    const core::Grading& grading = status.advice->grading;
    const int crs = grading.crs.assessed ? grading.crs.grade : -1;
    const int icans = grading.icans.assessed ? grading.icans.grade : -1;
    const int worst = std::max(crs, icans);
    headline = worst <= 0   ? "No signs of a reaction at the last check."
               : worst <= 2 ? "A reaction the team is treating."
                            : "A serious reaction: the team is giving close care.";
    paragraphs.push_back(crs >= 0 ? std::string(kCrsWords[crs])
                                  : std::string("The reaction (CRS) was not checked at the last "
                                                "visit."));
    paragraphs.push_back(icans >= 0 ? std::string(kIcansWords[icans])
                                    : std::string("The brain effects (ICANS) were not checked at "
                                                  "the last visit."));
    if ((grading.crs.assessed && grading.crs.lower_bound()) ||
        (grading.icans.assessed && grading.icans.lower_bound())) {
      paragraphs.push_back(
          "Some checks were not written down at that time, so the reaction may have been "
          "stronger than this. The team can tell you more.");
    }
    paragraphs.push_back(Doing(status));
  }
  if (!day.is_null()) {
    headline = "Day " + std::to_string(day.get<int>()) + " after the CAR-T infusion. " + headline;
  }
  // Warning signs as the product labels' patient counselling lists them (e.g. YESCARTA US
  // prescribing information, section 17): fever, dizziness, breathing, confusion, seizures.
  const Json worry = Json::array(
      {"A fever of 38 °C (100.4 °F) or higher, chills or shaking",
       "Feeling dizzy or faint, or a fast heartbeat", "Breathing that feels hard or fast",
       "New confusion, unusual sleepiness, trouble speaking, reading or writing",
       "Shaking or twitching, a seizure, or new weakness",
       "Anything that worries you: tell the nurse at once, day or night"});
  return {{"patient_id", patient.record.patient.id},
          {"day", day},
          {"headline", headline},
          {"paragraphs", paragraphs},
          {"when_to_worry", worry},
          {"notice",
           "Information for families, not medical advice. The care team decides on treatment: "
           "ask them about anything here."}};
}

}  // namespace cartwatch::server
