// Descriptions of grading inputs and flags: the words the output uses to explain a grade.
#include <array>
#include <cstddef>

#include "cartwatch/core/grading.h"
#include "enum_order.h"

namespace cartwatch::core {
namespace {

constexpr std::array<InputInfo, kInputIdCount> kInputs{{
    {InputId::kTemperature, "temperature", "temperature"},
    {InputId::kFeverMasked, "fever_masked",
     "whether antipyretic or anti-cytokine therapy was given"},
    {InputId::kHypotension, "hypotension", "hypotension"},
    {InputId::kVasopressors, "vasopressors", "vasopressors running"},
    {InputId::kOxygen, "oxygen", "oxygen support"},
    {InputId::kAgeYears, "age_years", "age"},
    {InputId::kEncephalopathyScore, "neuro.ice_or_capd", "ICE or CAPD score"},
    {InputId::kIce, "neuro.ice", "ICE score"},
    {InputId::kIceOrientation, "neuro.ice.orientation", "ICE orientation"},
    {InputId::kIceNaming, "neuro.ice.naming", "ICE naming"},
    {InputId::kIceCommands, "neuro.ice.commands", "ICE following commands"},
    {InputId::kIceWriting, "neuro.ice.writing", "ICE writing"},
    {InputId::kIceAttention, "neuro.ice.attention", "ICE attention"},
    {InputId::kCapd, "neuro.capd", "CAPD score"},
    {InputId::kConsciousness, "neuro.consciousness", "level of consciousness"},
    {InputId::kSeizure, "neuro.seizure", "seizure"},
    {InputId::kMotor, "neuro.motor", "motor findings"},
    {InputId::kIcp, "neuro.icp", "signs of raised intracranial pressure"},
    {InputId::kFio2, "oxygen.fio2", "FiO2 of the oxygen given"},
    {InputId::kVasopressorDose, "vasopressor_doses.dose", "vasopressor dose"},
    {InputId::kVasopressorHours, "vasopressor_doses.hours_running",
     "hours the vasopressor has been running"},
    {InputId::kFluidBoluses, "fluid_boluses_24h", "fluid boluses for hypotension in 24 h"},
    {InputId::kHospitalisedForCrs, "hospitalised_for_crs", "hospitalisation for CRS"},
    {InputId::kIvTherapyForCrs, "iv_therapy_for_crs", "IV therapy or parenteral nutrition for CRS"},
    {InputId::kHypotensionRefractory, "hypotension_refractory",
     "hypotension refractory to high-dose vasopressors"},
    {InputId::kCoagulopathyNeedingProducts, "coagulopathy_needing_products",
     "coagulopathy needing FFP, cryoprecipitate or fibrinogen"},
}};

constexpr std::array<FlagInfo, kFlagIdCount> kFlags{{
    {FlagId::kNoFeverLookForOtherCause, "no_fever_look_for_other_cause",
     "hypotension or hypoxia without fever and without prior antipyretic or anti-cytokine "
     "therapy is not CRS: look for another cause",
     SourceId::kAstct2019, "CRS definition: fever must be present at onset", false,
     "astct-2019.md#14-crs-flags"},
    {FlagId::kCrsResolvingNoReportableGrade, "crs_resolving_no_reportable_grade",
     "afebrile after antipyretic or anti-cytokine therapy with no hypotension or hypoxia: no "
     "reportable CRS grade at this assessment",
     SourceId::kAstct2019, "CRS grading table footnote: fever no longer required after therapy",
     false, "astct-2019.md#14-crs-flags"},
    {FlagId::kFeverOtherCause, "fever_other_cause",
     "temperature of 38 degC or more attributed to another cause: not counted as CRS fever",
     SourceId::kAstct2019, "CRS grading table footnote: fever not attributable to any other cause",
     false, "astct-2019.md#14-crs-flags"},
    {FlagId::kVasopressinOnly, "vasopressin_only",
     "vasopressin is the only vasopressor: graded 3 because it is a vasopressor but cannot make "
     "up 'multiple'; review",
     SourceId::kAstct2019, "CRS grading table grade 4: multiple vasopressors excluding vasopressin",
     false, "astct-2019.md#14-crs-flags"},
    {FlagId::kHfncAtLowFlow, "hfnc_at_low_flow",
     "high-flow nasal cannula running at 6 L/min or less: graded by flow as low flow (grade 2)",
     SourceId::kAstct2019, "CRS grading table footnote: high flow means > 6 L/min", true,
     "astct-2019.md#14-crs-flags"},
    {FlagId::kVentilationReasonMissing, "ventilation_reason_missing",
     "positive-pressure support without a recorded reason: counted as CRS hypoxia; if it is for "
     "airway protection or sleep apnoea, record oxygen.reason and regrade",
     SourceId::kAstct2019, "CRS grading table footnote: hypoxia not attributable to another cause",
     true, "astct-2019.md#14-crs-flags"},
    {FlagId::kOxygenNotForCrs, "oxygen_not_for_crs",
     "oxygen or ventilation given for another reason: not counted as CRS hypoxia",
     SourceId::kAstct2019, "CRS grading table footnote: hypoxia not attributable to another cause",
     false, "astct-2019.md#14-crs-flags"},
    {FlagId::kCapdAlertAmbiguous, "capd_alert_ambiguous",
     "CAPD 1-8 in an alert child fits both grade 1 and grade 2 in the consensus table; graded 1",
     SourceId::kCartwatchPolicy, "ASTCT 2019 paediatric ICANS table, CAPD rows", true,
     "astct-2019.md#27-icans-flags"},
    {FlagId::kAgeTwelveIceCapdDisagree, "age_twelve_ice_capd_disagree",
     "patient aged 12: ASTCT uses ICE, the NCI Thesaurus CAPD; the two scores give different "
     "grades here",
     SourceId::kNciThesaurus, "ICANS grade definitions, age cut-off", false,
     "astct-2019.md#27-icans-flags"},
    {FlagId::kIceNotApplicable, "ice_not_applicable",
     "ICE recorded for a child under 12 (or with developmental delay): ICANS uses CAPD; ICE "
     "ignored",
     SourceId::kAstct2019, "ICANS table: CAPD for children under 12", false,
     "astct-2019.md#27-icans-flags"},
    {FlagId::kCapdNotApplicable, "capd_not_applicable",
     "CAPD recorded for a patient aged 12 or over without developmental delay: ICANS uses ICE "
     "(at age 12 the NCI Thesaurus would use CAPD); CAPD not used for the grade",
     SourceId::kAstct2019, "ICANS table: ICE for patients aged 12 and over", false,
     "astct-2019.md#27-icans-flags"},
    {FlagId::kFeverAsMildSymptom, "fever_as_mild_symptom",
     "fever graded as a grade 1 'mild symptom': this system's grade 1 names symptoms, not a "
     "temperature (interpretation)",
     SourceId::kCartwatchPolicy, "grade 1 of Lee 2014, Penn and MSKCC (symptoms, no temperature)",
     false, "older-systems.md#common-rules-all-five-systems"},
    {FlagId::kNonInvasiveAsVentilatorSupport, "cpap_bipap_as_ventilator_support",
     "CPAP or BiPAP counted as 'ventilator support' (grade 4); if the source meant invasive "
     "ventilation only, this is grade 3 at FiO2 >= 40%",
     SourceId::kCartwatchPolicy, "Lee 2014 grade 4: whether CPAP/BiPAP is ventilator support", true,
     "older-systems.md#common-rules-all-five-systems"},
    {FlagId::kCtcae5Grade4Interpretation, "ctcae5_grade4_interpretation",
     "CTCAE v5.0 grade 4 ('life-threatening consequences; urgent intervention indicated') has "
     "no concrete criterion; two or more vasopressors or positive-pressure ventilation mapped "
     "to it (interpretation)",
     SourceId::kCartwatchPolicy, "CTCAE v5.0 CRS, grade 4", false, "older-systems.md#ctcae-v50"},
    {FlagId::kPennHypotensionFewBoluses, "penn_hypotension_few_boluses",
     "hypotension with fewer than 2 fluid boluses and no vasopressor: Penn grades hypotension "
     "only from 'multiple fluid boluses' (grade 3), so it adds nothing here",
     SourceId::kCartwatchPolicy, "Penn CRS grading scale, grade 3, hypotension", false,
     "older-systems.md#penn"},
    {FlagId::kFio2NotEstimated, "fio2_not_estimated",
     "FiO2 not recorded: cartwatch does not estimate it from the device or flow (Lee 2014 "
     "suggests estimating it on a nasal cannula); record oxygen.fio2 to settle the grade",
     SourceId::kCartwatchPolicy, "Lee 2014 grades 2-3: FiO2 on a nasal cannula is estimated", false,
     "older-systems.md#common-rules-all-five-systems"},
}};

static_assert(IndexedByEnum(kInputs, &InputInfo::id), "kInputs must follow the InputId order");
static_assert(IndexedByEnum(kFlags, &FlagInfo::id), "kFlags must follow the FlagId order");

}  // namespace

const InputInfo& Describe(InputId id) noexcept { return kInputs[static_cast<std::size_t>(id)]; }
const FlagInfo& Describe(FlagId id) noexcept { return kFlags[static_cast<std::size_t>(id)]; }

}  // namespace cartwatch::core
