#include "cartwatch/synthetic/cohort_sampler.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <system_error>
#include <utility>

#include "cartwatch/core/assessment.h"
#include "cartwatch/core/protocol.h"

namespace cartwatch::synthetic {
namespace {

using core::Product;
using core::UnixSeconds;

// ---- random numbers ------------------------------------------------------------------------

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Spread of a log-normal variable with sigma 0.5 around a median of 1, at u = 0, 1/16, ..., 1
// (the ends are its 1st and 99th centiles): exp(0.5 * Phi^-1(p)). A table instead of exp/log keeps
// the draws identical on every platform.
constexpr std::array<double, 17> kLogNormalSpread = {0.3125, 0.4644, 0.5626, 0.6417, 0.7137, 0.7832,
                                                     0.8527, 0.9244, 1.0000, 1.0818, 1.1727, 1.2768,
                                                     1.4011, 1.5583, 1.7774, 2.1534, 3.2001};

// xoshiro256** (Blackman and Vigna), seeded by SplitMix64: fully specified, so the same seed gives
// the same numbers everywhere, unlike std::*_distribution.
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (std::uint64_t& word : state_) word = SplitMix64(seed);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Between(double low, double high) { return low + (high - low) * Unit(); }
  int Int(int low, int high) {  // inclusive
    return low + static_cast<int>(Next() % (static_cast<std::uint64_t>(high - low) + 1));
  }
  bool Chance(double probability) { return Unit() < probability; }
  // Right-skewed around `median`, like onset and duration times.
  double AroundMedian(double median) {
    const double position = Unit() * 16.0;
    const auto index = static_cast<std::size_t>(position);
    const double fraction = position - static_cast<double>(index);
    return median * (kLogNormalSpread[index] +
                     fraction * (kLogNormalSpread[index + 1] - kLogNormalSpread[index]));
  }
  // Triangular between low and high with its mode at `mode` (ages).
  double Triangular(double low, double mode, double high) {
    const double u = Unit();
    const double split = (mode - low) / (high - low);
    if (u < split) return low + std::sqrt(u * (high - low) * (mode - low));
    return high - std::sqrt((1.0 - u) * (high - low) * (high - mode));
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

// Rounds a non-negative value to a multiple of `step`. Steps below 1 divide by their inverse
// (48.3 = 483 / 10, whereas 483 * 0.1 = 48.300000000000004).
// Values are never negative here, so adding 0.5 and truncating rounds half up exactly as meant,
// with only the operations the determinism promise allows (std::lround would round half away
// from zero through the platform's library).
// NOLINTBEGIN(bugprone-incorrect-roundings)
double RoundTo(double value, double step) {
  if (step < 1.0) {
    const double per_unit = static_cast<double>(static_cast<std::int64_t>(1.0 / step + 0.5));
    return static_cast<double>(static_cast<std::int64_t>(value * per_unit + 0.5)) / per_unit;
  }
  return static_cast<double>(static_cast<std::int64_t>(value / step + 0.5)) * step;
}
// NOLINTEND(bugprone-incorrect-roundings)

// ---- the clinical model --------------------------------------------------------------------

// Per-product course figures. CRS rates, NT >= 3 rates, onset and duration: pivotal
// trials, as graded there (docs/clinical/products.md). Any-grade ICANS/NT rates are not there: our
// recollection of the pivotal publications, UNCONFIRMED. Ages: the trials' reported ranges and
// medians, approximately (UNCONFIRMED). docs/synthetic-cohort.md lists every figure.
struct ProductModel {
  Product product;
  std::string_view basis;
  double crs_any;
  double crs_grade3;  // grade >= 3, of all patients
  double icans_any;   // UNCONFIRMED (not published in the table)
  double icans_grade3;
  double onset_days;     // median CRS onset
  double duration_days;  // median CRS duration
  double age_low, age_mode, age_high;
};

constexpr std::array<ProductModel, 9> kModels = {{
    {Product::kAxiCel, "ZUMA-1", 0.93, 0.13, 0.64, 0.28, 2.0, 7.5, 23, 58, 76},
    {Product::kTisaCel, "JULIET (adults)", 0.58, 0.22, 0.21, 0.12, 3.0, 7.5, 22, 56, 76},
    {Product::kBrexuCel, "ZUMA-2", 0.91, 0.15, 0.63, 0.31, 2.0, 11.0, 38, 65, 79},
    {Product::kLisoCel, "TRANSCEND NHL 001", 0.42, 0.02, 0.30, 0.10, 5.0, 5.0, 18, 63, 86},
    {Product::kIdeCel, "KarMMa", 0.84, 0.05, 0.18, 0.03, 1.0, 5.0, 33, 61, 78},
    {Product::kCiltaCel, "CARTITUDE-1 (ICANS)", 0.95, 0.04, 0.17, 0.02, 7.0, 4.0, 43, 61, 78},
    // Onset and duration UNCONFIRMED ("later still" than cilta-cel).
    {Product::kObeCel, "FELIX (label)", 0.75, 0.03, 0.23, 0.07, 8.0, 5.0, 20, 47, 81},
    // Every figure UNCONFIRMED except the seed's grade 3-4 range (5-8%, midpoint).
    {Product::kNexCar19, "seed; otherwise assumed", 0.60, 0.065, 0.05, 0.01, 3.0, 5.0, 20, 52, 75},
}};
// Children and young adults with B-ALL on tisa-cel (ELIANA: 77% / 46-48%, NT >= 3 13%).
constexpr ProductModel kTisaCelPaediatric = {
    Product::kTisaCel, "ELIANA", 0.77, 0.47, 0.40, 0.13, 3.0, 7.5, 3, 11, 25};
constexpr double kTisaCelPaediatricShare = 0.30;  // assumption

// Shares no source gives (assumptions of this generator, docs/synthetic-cohort.md).
constexpr double kGrade2ShareOfMildCrs = 0.40;
constexpr double kGrade4ShareOfSevereCrs = 0.25;
constexpr double kDeathShareOfSevereCrs = 0.04;
constexpr double kIcansWithoutCrsShare = 0.10;
constexpr double kGrade2ShareOfMildIcans = 0.50;
constexpr double kGrade4ShareOfSevereIcans = 0.15;
constexpr double kIcansMedianDurationDays = 5.0;
// Seed article (claims not verified): about 70% respond to one dose, 90% to two.
constexpr double kRespondToFirstDose = 0.70;
constexpr double kRespondToSecondDose = 0.20;
constexpr double kRecordGapShare = 0.10;

const ProductModel& ModelOf(Product product) {
  for (const ProductModel& model : kModels) {
    if (model.product == product) return model;
  }
  return kModels.front();
}

// One syndrome's latent course, in hours after infusion: up a grade every rise step to the
// peak, a plateau (cut short by a treatment response), then down a grade every fall step.
class Wave {
 public:
  int peak = 0;  // 0: no episode
  bool fatal = false;
  double onset_h = 0.0;
  double rise_step_h = 0.0;
  double plateau_h = 0.0;
  double fall_step_h = 0.0;

  int level() const noexcept { return level_; }
  bool dead() const noexcept { return dead_; }
  bool at_or_past_peak() const noexcept { return phase_ >= Phase::kPlateau; }
  bool over() const noexcept { return phase_ == Phase::kOver; }
  // A treatment worked: the plateau ends at `hours` (never before it has begun).
  void Respond(double hours) {
    if (!response_h_ || hours < *response_h_) response_h_ = hours;
  }
  bool responded() const noexcept { return response_h_.has_value(); }

  // One state machine read top to bottom (onset, peak, treatment, resolution); splitting it would
  // scatter the transitions docs/synthetic-cohort.md describes in one place.
  void Advance(double now_h) {  // NOLINT(readability-function-size)
    for (bool changed = true; changed;) {
      changed = false;
      switch (phase_) {
        case Phase::kBefore:
          if (peak > 0 && now_h >= onset_h) {
            level_ = 1;
            StartRiseOrPlateau(onset_h);
            changed = true;
          }
          break;
        case Phase::kRising:
          if (now_h >= next_h_) {
            ++level_;
            StartRiseOrPlateau(next_h_);
            changed = true;
          }
          break;
        case Phase::kPlateau: {
          double end = plateau_start_h_ + plateau_h;
          if (response_h_) end = std::min(end, std::max(*response_h_, plateau_start_h_ + 2.0));
          if (now_h >= end) {
            if (fatal) {
              dead_ = true;
              phase_ = Phase::kOver;
              break;
            }
            --level_;  // the response: one grade down at once
            next_h_ = end + fall_step_h;
            phase_ = level_ == 0 ? Phase::kOver : Phase::kFalling;
            changed = true;
          }
          break;
        }
        case Phase::kFalling:
          if (now_h >= next_h_) {
            --level_;
            next_h_ += fall_step_h;
            if (level_ == 0) phase_ = Phase::kOver;
            changed = true;
          }
          break;
        case Phase::kOver:
          break;
      }
    }
  }

 private:
  enum class Phase : std::uint8_t { kBefore, kRising, kPlateau, kFalling, kOver };

  void StartRiseOrPlateau(double at_h) {
    if (level_ < std::min(peak, 4)) {
      phase_ = Phase::kRising;
      next_h_ = at_h + rise_step_h;
    } else {
      phase_ = Phase::kPlateau;
      plateau_start_h_ = at_h;
    }
  }

  Phase phase_ = Phase::kBefore;
  int level_ = 0;
  bool dead_ = false;
  double next_h_ = 0.0;
  double plateau_start_h_ = 0.0;
  std::optional<double> response_h_;
};

enum class CrsRoute : std::uint8_t { kHypotension, kHypoxia, kBoth };

// Peak grade from the chance of any episode and of grade >= 3.
int SamplePeak(Random& random, double any, double grade3, double grade2_of_mild,
               double grade4_of_severe) {
  if (!random.Chance(any)) return 0;
  if (random.Chance(grade3 / any)) return random.Chance(grade4_of_severe) ? 4 : 3;
  return random.Chance(grade2_of_mild) ? 2 : 1;
}

double WeightForAge(Random& random, double age_years) {
  // Rough weight-for-age: (age + 4) x 2 kg to age 10 (APLS), then 3 kg a year; adults 50-110 kg.
  if (age_years < 10.0) return RoundTo((age_years + 4.0) * 2.0 * random.Between(0.85, 1.2), 0.1);
  if (age_years < 18.0) return RoundTo((3.0 * age_years + 7.0) * random.Between(0.85, 1.25), 0.1);
  return RoundTo(random.Triangular(48.0, 75.0, 115.0), 0.1);
}

// Systolic pressure (mmHg) below which a child is hypotensive: PALS 70 + 2 x age (1-10 years),
// 90 from 10 years; adults 90.
double HypotensiveSystolic(double age_years) {
  if (age_years < 10.0) return 70.0 + 2.0 * std::floor(age_years);
  return 90.0;
}

// Plays one patient's course hour by hour and writes what the ward would chart.
class CourseSimulator {
 public:
  CourseSimulator(Random& random, const CohortOptions& options, UnixSeconds infusion_time,
                  SyntheticPatient& patient)
      : random_(random), options_(options), infusion_time_(infusion_time), patient_(patient) {}

  void Run(const ProductModel& model);

 private:
  struct Observation {
    bool vitals = false;
    bool neuro = false;
    bool labs = false;
  };

  void Plan(const ProductModel& model);
  Observation Schedule(int hour);
  void Observe(int hour, const Observation& what);
  void Treat(int hour, bool observed);
  void RecordTemperature(core::TimelineEntry& entry, int hour);
  void RecordCirculation(core::TimelineEntry& entry);
  void RecordOxygen(core::TimelineEntry& entry);
  void RecordNeuro(core::TimelineEntry& entry);
  void RecordLabs(core::TimelineEntry& entry);
  void Give(core::Drug drug, double dose_mg);
  UnixSeconds At(int hour, int minute) const {
    return infusion_time_ + static_cast<UnixSeconds>(hour) * core::kSecondsPerHour +
           static_cast<UnixSeconds>(minute) * 60;
  }
  int HourOfDay(int hour) const {
    return static_cast<int>(((At(hour, 0) % 86400) + 86400) % 86400 / 3600);
  }
  double MgPerKg(double mg_per_kg, double cap_mg, double step_mg) const {
    return std::min(cap_mg, RoundTo(mg_per_kg * weight_kg_, step_mg));
  }
  bool Hypotensive() const { return crs_route_ != CrsRoute::kHypoxia && crs_.level() >= 2; }
  bool Hypoxic() const { return crs_route_ != CrsRoute::kHypotension && crs_.level() >= 2; }

  Random& random_;
  const CohortOptions& options_;
  UnixSeconds infusion_time_;
  SyntheticPatient& patient_;

  // The patient.
  double age_years_ = 60.0;
  double weight_kg_ = 75.0;
  bool child_ = false;  // under 12: CAPD instead of ICE (ASTCT 2019)
  double base_temperature_ = 36.8;
  double fever_temperature_ = 38.8;
  double base_systolic_ = 125.0;
  Wave crs_;
  Wave icans_;
  CrsRoute crs_route_ = CrsRoute::kHypotension;
  int tocilizumab_doses_to_respond_ = 1;  // 0: no response to tocilizumab
  bool tocilizumab_for_long_fever_ = false;

  // The ward.
  int phase_ = 0;  // vital signs on hours = phase (mod 4)
  int visit_hour_ = 10;
  double discharge_h_ = 0.0;
  bool inpatient_ = true;
  std::optional<int> readmit_hour_;
  int last_abnormal_hour_ = -1000;
  int gap_start_ = -1;
  int gap_end_ = -1;
  int lab_day_ = -100;

  // What the ward has charted and given.
  core::TimelineEntry pending_treatments_;
  std::optional<int> crs_episode_start_;
  std::optional<int> first_fever_hour_;  // recorded fever in the current CRS episode
  std::optional<int> last_paracetamol_;
  std::vector<int> tocilizumab_hours_;
  std::vector<UnixSeconds> tocilizumab_times_;
  UnixSeconds earliest_treatment_ = 0;  // a repeat dose may not come before this instant
  int tocilizumab_level_at_last_ = 0;
  std::optional<int> last_steroid_;
  std::optional<int> steroid_start_;
  std::optional<int> last_levetiracetam_;
  std::optional<int> last_bolus_;
  int boluses_ = 0;
  std::array<double, 5> pressor_dose_{};  // by core::Vasopressor; 0 = not running
  std::array<bool, 5> pressor_charted_{};
  bool on_oxygen_ = false;
};

void CourseSimulator::Plan(const ProductModel& product_model) {
  const ProductModel* model = &product_model;
  if (model->product == Product::kTisaCel && random_.Chance(kTisaCelPaediatricShare)) {
    model = &kTisaCelPaediatric;
  }
  age_years_ = RoundTo(random_.Triangular(model->age_low, model->age_mode, model->age_high), 0.1);
  weight_kg_ = WeightForAge(random_, age_years_);
  child_ = age_years_ < core::kIceAgeThresholdYears;
  base_temperature_ = RoundTo(random_.Between(36.3, 37.2), 0.1);
  fever_temperature_ = random_.Between(38.3, 39.4);
  base_systolic_ = child_ ? HypotensiveSystolic(age_years_) + random_.Between(18.0, 35.0)
                          : random_.Between(105.0, 145.0);

  // CRS.
  int crs_peak = SamplePeak(random_, model->crs_any, model->crs_grade3, kGrade2ShareOfMildCrs,
                            kGrade4ShareOfSevereCrs);
  if (crs_peak >= 3 && random_.Chance(kDeathShareOfSevereCrs)) {
    crs_peak = 4;
    crs_.fatal = true;
  }
  crs_.peak = crs_peak;
  const double crs_duration_h = 24.0 * std::max(1.0, random_.AroundMedian(model->duration_days));
  crs_.onset_h = std::clamp(24.0 * random_.AroundMedian(model->onset_days), 3.0, 24.0 * 16.0);
  crs_.rise_step_h = random_.Between(4.0, 16.0);
  crs_.fall_step_h = random_.Between(8.0, 24.0);
  crs_.plateau_h = std::max(
      4.0, crs_duration_h - crs_.rise_step_h * (crs_peak - 1) - crs_.fall_step_h * (crs_peak - 1));
  switch (random_.Int(0, 4)) {
    case 0:
    case 1:
      crs_route_ = CrsRoute::kHypotension;
      break;
    case 2:
    case 3:
      crs_route_ = CrsRoute::kHypoxia;
      break;
    default:
      crs_route_ = CrsRoute::kBoth;
      break;
  }
  const double response = random_.Unit();
  if (crs_peak >= 3) {
    // Those who reach grade 3 did not settle on the first dose.
    tocilizumab_doses_to_respond_ = response < 0.5 ? 2 : response < 0.7 ? 3 : 0;
  } else {
    tocilizumab_doses_to_respond_ = response < kRespondToFirstDose                          ? 1
                                    : response < kRespondToFirstDose + kRespondToSecondDose ? 2
                                                                                            : 0;
  }
  tocilizumab_for_long_fever_ = random_.Chance(0.5);  // ASCO/EBMT: consider after > 72 h of fever

  // ICANS: mostly after CRS (usually 1-3 days after, per the seed article), sometimes without it.
  const double icans_with_crs =
      std::min(1.0, (1.0 - kIcansWithoutCrsShare) * model->icans_any / model->crs_any);
  const double icans_without_crs =
      model->crs_any < 1.0
          ? std::min(0.5, kIcansWithoutCrsShare * model->icans_any / (1.0 - model->crs_any))
          : 0.0;
  const double icans_chance = crs_peak > 0 ? icans_with_crs : icans_without_crs;
  if (random_.Chance(icans_chance)) {
    icans_.peak = SamplePeak(random_, 1.0, model->icans_grade3 / model->icans_any,
                             kGrade2ShareOfMildIcans, kGrade4ShareOfSevereIcans);
    icans_.onset_h = crs_peak > 0 ? crs_.onset_h + 24.0 * random_.Between(0.3, 3.0)
                                  : 24.0 * random_.Between(3.0, 10.0);
    const double icans_duration_h =
        24.0 * std::max(1.0, random_.AroundMedian(kIcansMedianDurationDays));
    icans_.rise_step_h = random_.Between(6.0, 18.0);
    icans_.fall_step_h = random_.Between(12.0, 24.0);
    icans_.plateau_h = std::max(6.0, icans_duration_h - icans_.rise_step_h * (icans_.peak - 1) -
                                         icans_.fall_step_h * (icans_.peak - 1));
  }

  // The ward: vital signs every 4 h on a patient-specific phase, daily clinic visits once home.
  phase_ = random_.Int(0, 3);
  visit_hour_ = random_.Int(9, 11);
  discharge_h_ = 24.0 * random_.Between(7.0, 12.0);
  if (random_.Chance(kRecordGapShare)) {
    gap_start_ = random_.Int(24, 24 * 10);
    gap_end_ = gap_start_ + random_.Int(10, 20);
  }

  CourseTruth& truth = patient_.truth;
  truth.age_years = age_years_;
  truth.weight_kg = weight_kg_;
  truth.crs_peak_grade = crs_.fatal ? 5 : crs_peak;
  if (crs_peak > 0) truth.crs_onset_hours = crs_.onset_h;
  truth.icans_peak_grade = icans_.peak;
  if (icans_.peak > 0) truth.icans_onset_hours = icans_.onset_h;
  truth.record_gap = gap_start_ >= 0;
}

void CourseSimulator::Run(const ProductModel& model) {
  Plan(model);
  patient_.entries.reserve(static_cast<std::size_t>(options_.days) * 12);

  // Admission baseline before the infusion: the full set, with age and no vasopressor.
  {
    core::TimelineEntry baseline;
    baseline.time = At(-2, 0);  // fixed, so first rows come in patient order (cohort_writer.h)
    baseline.findings.age_years = age_years_;
    RecordTemperature(baseline, -2);
    RecordCirculation(baseline);
    baseline.vasopressor_running.fill(false);  // charted as "no vasopressor"
    RecordOxygen(baseline);
    RecordNeuro(baseline);
    RecordLabs(baseline);
    patient_.entries.push_back(std::move(baseline));
  }

  const int last_hour = options_.days * 24;
  for (int hour = 0; hour < last_hour; ++hour) {
    crs_.Advance(hour);
    icans_.Advance(hour);
    if (crs_.level() > 0 || icans_.level() > 0) last_abnormal_hour_ = hour;

    // Admission, readmission (the patient at home calls with a fever) and discharge.
    if (!inpatient_) {
      if (crs_.level() > 0 || icans_.level() > 0) {
        if (!readmit_hour_) readmit_hour_ = hour + random_.Int(2, 10);
        if (hour >= *readmit_hour_) {
          inpatient_ = true;
          readmit_hour_.reset();
        }
      }
    } else if (hour >= discharge_h_ && hour - last_abnormal_hour_ >= 48 && !last_steroid_) {
      inpatient_ = false;
    }

    if (crs_.dead()) {
      core::TimelineEntry death;
      death.time = At(hour, random_.Int(1, 14));
      death.findings.crs_death = true;
      patient_.entries.push_back(std::move(death));
      return;
    }

    const Observation what = Schedule(hour);
    const bool observed = what.vitals || what.neuro;
    if (observed) Observe(hour, what);
    Treat(hour, observed);
  }
}

CourseSimulator::Observation CourseSimulator::Schedule(int hour) {
  Observation what;
  if (hour >= gap_start_ && hour < gap_end_) return what;  // nothing charted in the gap
  if (inpatient_) {
    // Monitoring defaults: vital signs at least every 4-8 h, ICE every 8-12 h, more often when
    // abnormal.
    int vitals_every = 4;
    if (crs_.level() >= 2 || icans_.level() >= 3) vitals_every = 2;
    if (crs_.level() >= 3 || icans_.level() >= 4) vitals_every = 1;
    int neuro_every = 12;
    if (crs_.level() >= 2 || icans_.level() >= 1) neuro_every = 8;
    if (icans_.level() >= 3) neuro_every = 4;
    const int shifted = hour - phase_ + 24;
    what.vitals = shifted % vitals_every == 0;
    what.neuro = shifted % neuro_every == 0;
    // Morning bloods with the first vital signs between 05:00 and 08:59 (UTC).
    const int hour_of_day = HourOfDay(hour);
    const int day = hour / 24;
    if (what.vitals && hour_of_day >= 5 && hour_of_day <= 8 && day != lab_day_) {
      what.labs = true;
      lab_day_ = day;
    }
  } else {
    // At home: a clinic visit daily to day 14, then every third day (label: near the centre).
    const int day = hour / 24;
    const bool visit_day = day <= 14 || day % 3 == 0;
    if (visit_day && HourOfDay(hour) == visit_hour_) {
      what.vitals = what.neuro = what.labs = true;
    }
  }
  // About one planned charting in thirty is missed altogether.
  if ((what.vitals || what.neuro) && random_.Chance(0.03)) return Observation{};
  return what;
}

void CourseSimulator::Observe(int hour, const Observation& what) {
  core::TimelineEntry entry;
  entry.time = At(hour, random_.Int(1, 14));
  if (what.vitals) {
    RecordTemperature(entry, hour);
    RecordCirculation(entry);
    RecordOxygen(entry);
  }
  if (what.neuro) RecordNeuro(entry);
  if (what.labs) RecordLabs(entry);

  // Fever as charted starts the clock of the CRS episode for the ward.
  if (entry.findings.temperature_celsius &&
      *entry.findings.temperature_celsius >= core::kFeverThresholdCelsius && crs_.level() > 0) {
    if (!first_fever_hour_) first_fever_hour_ = hour;
  }
  if (crs_.level() == 0) first_fever_hour_.reset();
  patient_.entries.push_back(std::move(entry));
}

void CourseSimulator::RecordTemperature(core::TimelineEntry& entry, int hour) {
  if (random_.Chance(0.02)) return;  // not charted
  double celsius = base_temperature_ + random_.Between(-0.3, 0.4);
  const bool after_tocilizumab = !tocilizumab_hours_.empty() &&
                                 hour - tocilizumab_hours_.back() <= 72 &&
                                 hour - tocilizumab_hours_.back() >= 2;
  if (crs_.level() > 0 && !after_tocilizumab) {
    celsius = fever_temperature_ + 0.25 * crs_.level() + random_.Between(-0.5, 0.7);
    if (last_paracetamol_ && hour - *last_paracetamol_ <= 4) celsius -= random_.Between(0.4, 1.4);
    if (last_steroid_) celsius -= 0.4;
  }
  entry.findings.temperature_celsius = RoundTo(std::clamp(celsius, 35.5, 41.5), 0.1);
}

void CourseSimulator::RecordCirculation(core::TimelineEntry& entry) {
  double systolic = base_systolic_ + random_.Between(-10.0, 10.0);
  if (Hypotensive()) {
    const double limit =
        child_ || age_years_ < core::kAdultAgeYears ? HypotensiveSystolic(age_years_) : 90.0;
    // Grade 2: low before any vasopressor; on vasopressors the pressure is held near the limit.
    systolic = crs_.level() == 2 ? limit - random_.Between(3.0, 16.0)
                                 : limit + random_.Between(-6.0, 12.0);
  }
  systolic = RoundTo(systolic, 1.0);
  entry.blood_pressure.systolic_mmhg = systolic;
  // Some charts hold only the cuff's systolic.
  if (!random_.Chance(0.08)) {
    entry.blood_pressure.mean_mmhg = RoundTo(systolic * 0.73 + random_.Between(-3.0, 3.0), 1.0);
  }

  // Vasopressors: norepinephrine first; a second agent at grade 4; vasopressin added sometimes.
  std::array<double, 5> dose{};
  if (Hypotensive() && crs_.level() >= 3) {
    const double scale = child_ || age_years_ < 16.0 ? weight_kg_ / 70.0 : 1.0;
    const auto noradrenaline = static_cast<std::size_t>(core::Vasopressor::kNorepinephrine);
    const double base =
        crs_.level() == 3 ? random_.Between(4.0, 18.0) : random_.Between(18.0, 40.0);
    dose[noradrenaline] = std::max(0.5, RoundTo(base * scale, 0.5));
    if (crs_.level() >= 4) {
      const auto second = static_cast<std::size_t>(core::Vasopressor::kEpinephrine);
      dose[second] = std::max(0.5, RoundTo(random_.Between(2.0, 10.0) * scale, 0.5));
      if (pressor_dose_[static_cast<std::size_t>(core::Vasopressor::kVasopressin)] > 0.0 ||
          random_.Chance(0.15)) {
        dose[static_cast<std::size_t>(core::Vasopressor::kVasopressin)] = 0.03;
      }
    }
  }
  for (std::size_t agent = 0; agent < dose.size(); ++agent) {
    if (dose[agent] > 0.0) {
      entry.vasopressor_running[agent] = true;
      entry.findings.legacy.vasopressor_doses[agent].dose = dose[agent];
      pressor_charted_[agent] = true;
    } else if (pressor_charted_[agent]) {
      entry.vasopressor_running[agent] = false;  // stopped: charted once as dose 0
      pressor_charted_[agent] = false;
    }
  }
  pressor_dose_ = dose;
}

void CourseSimulator::RecordOxygen(core::TimelineEntry& entry) {
  if (random_.Chance(0.03)) return;  // not charted
  core::OxygenSupport oxygen;
  if (Hypoxic()) {
    const int level = crs_.level();
    if (level == 2) {
      oxygen.device = core::OxygenDevice::kNasalCannula;
      oxygen.flow_l_per_min = static_cast<double>(random_.Int(1, 6));
    } else if (level == 3) {
      switch (random_.Int(0, 3)) {
        case 0:
        case 1:
          oxygen.device = core::OxygenDevice::kHighFlowNasalCannula;
          oxygen.flow_l_per_min = static_cast<double>(random_.Int(3, 6) * 10);
          oxygen.fio2_percent = static_cast<double>(random_.Int(8, 12) * 5);
          break;
        case 2:
          oxygen.device = core::OxygenDevice::kFacemask;
          oxygen.flow_l_per_min = static_cast<double>(random_.Int(6, 10));
          break;
        default:
          oxygen.device = core::OxygenDevice::kNonRebreather;
          oxygen.flow_l_per_min = 15.0;
          break;
      }
    } else {
      oxygen.device = random_.Chance(0.6) ? core::OxygenDevice::kBipap
                                          : core::OxygenDevice::kMechanicalVentilation;
      oxygen.fio2_percent = static_cast<double>(random_.Int(10, 18) * 5);
      if (random_.Chance(0.5)) oxygen.reason = core::OxygenReason::kCrs;
    }
    on_oxygen_ = true;
  } else {
    on_oxygen_ = false;
  }
  entry.findings.oxygen = oxygen;
}

void CourseSimulator::RecordNeuro(core::TimelineEntry& entry) {
  core::NeuroAssessment& neuro = entry.findings.neuro;
  const int level = icans_.level();
  core::Consciousness consciousness = core::Consciousness::kAlert;
  core::Seizure seizure = core::Seizure::kNone;
  core::IcpFindingSet icp;
  int ice = 10;
  int capd = 0;
  switch (level) {
    case 0:
      break;
    case 1:
      ice = random_.Int(7, 9);
      capd = random_.Int(1, 8);
      if (random_.Chance(0.3)) consciousness = core::Consciousness::kAwakensSpontaneously;
      break;
    case 2:
      ice = random_.Int(3, 6);
      capd = random_.Int(1, 8);
      consciousness = core::Consciousness::kAwakensToVoice;
      break;
    case 3:
      ice = random_.Int(0, 2);
      capd = random_.Int(9, 20);
      consciousness = core::Consciousness::kAwakensToTouch;
      if (random_.Chance(0.1)) seizure = core::Seizure::kRapidlyResolving;
      break;
    default:
      ice = 0;
      capd = 0;
      consciousness = core::Consciousness::kUnarousable;
      if (random_.Chance(0.1)) seizure = core::Seizure::kProlongedOver5Min;
      if (random_.Chance(0.05)) icp.Add(core::IcpFinding::kDiffuseEdema);
      break;
  }
  neuro.consciousness = consciousness;
  const bool unarousable = consciousness == core::Consciousness::kUnarousable;
  if (child_) {
    if (!unarousable) neuro.capd_total = capd;  // CAPD cannot be scored when unarousable
  } else {
    neuro.ice_total = ice;
  }
  // A full neuro exam at every assessment: seizure, motor findings and ICP signs are charted as
  // none unless the model has them, so that an ICANS grade is not a lower bound merely because
  // an item was never charted.
  neuro.seizure = seizure;
  neuro.motor = core::MotorFinding::kNone;
  neuro.icp = icp;
}

void CourseSimulator::RecordLabs(core::TimelineEntry& entry) {
  // CTCAE grades of creatinine and transaminases: mostly normal, raised in severe CRS.
  const int severity = crs_.level();
  auto grade = [&](double raised_chance) {
    if (severity >= 3 && random_.Chance(raised_chance)) return random_.Int(1, severity - 1);
    return random_.Chance(0.05) ? 1 : 0;
  };
  entry.findings.legacy.organ_toxicity.creatinine = grade(0.6);
  entry.findings.legacy.organ_toxicity.transaminases = grade(0.4);
}

void CourseSimulator::Give(core::Drug drug, double dose_mg) {
  core::Treatment treatment;
  treatment.kind = core::TreatmentKind::kDrug;
  treatment.drug = drug;
  treatment.dose_mg = dose_mg;
  pending_treatments_.treatments.push_back(treatment);
}

bool HasTocilizumab(const core::TimelineEntry& entry) {
  for (const core::Treatment& treatment : entry.treatments) {
    if (treatment.kind == core::TreatmentKind::kDrug &&
        treatment.drug == core::Drug::kTocilizumab) {
      return true;
    }
  }
  return false;
}

void CourseSimulator::Treat(int hour, bool observed) {
  pending_treatments_ = core::TimelineEntry{};
  earliest_treatment_ = 0;
  const core::TimelineEntry* charted = observed ? &patient_.entries.back() : nullptr;
  const std::optional<double> temperature =
      charted ? charted->findings.temperature_celsius : std::nullopt;

  // Paracetamol for a charted fever, at most every 6 h (15 mg/kg up to 1 g).
  if (temperature && *temperature >= core::kFeverThresholdCelsius &&
      (!last_paracetamol_ || hour - *last_paracetamol_ >= 6)) {
    Give(core::Drug::kParacetamol, MgPerKg(15.0, 1000.0, 10.0));
    last_paracetamol_ = hour;
  }

  // Fluids first for hypotension (two boluses at most before a vasopressor).
  if (charted && Hypotensive() && crs_.level() == 2 && boluses_ < 2 &&
      (!last_bolus_ || hour - *last_bolus_ >= 4)) {
    core::Treatment bolus;
    bolus.kind = core::TreatmentKind::kFluidBolus;
    pending_treatments_.treatments.push_back(bolus);
    last_bolus_ = hour;
    ++boluses_;
  }
  if (crs_.level() == 0) boluses_ = 0;

  // Tocilizumab (product labels): CRS grade >= 2 after a charted fever; 8 mg/kg (12 mg/kg under 30
  // kg) capped at 800 mg; again after >= 8 h without improvement; <= 3 in 24 h, <= 4 in all.
  if (charted && first_fever_hour_) {
    const int given = static_cast<int>(tocilizumab_hours_.size());
    const int in_24h =
        static_cast<int>(std::count_if(tocilizumab_hours_.begin(), tocilizumab_hours_.end(),
                                       [&](int at) { return hour - at < 24; }));
    const bool first_dose_of_episode =
        tocilizumab_hours_.empty() ||
        (crs_episode_start_ && tocilizumab_hours_.back() < *crs_episode_start_);
    bool indicated = false;
    if (crs_.level() >= 2) {
      indicated =
          first_dose_of_episode || (hour - tocilizumab_hours_.back() >= 8 && !crs_.responded() &&
                                    crs_.level() >= tocilizumab_level_at_last_);
    } else if (crs_.level() == 1 && tocilizumab_for_long_fever_ && first_dose_of_episode &&
               hour - *first_fever_hour_ > 72) {
      indicated = true;
    }
    if (indicated && given < 4 && in_24h < 3) {
      Give(core::Drug::kTocilizumab, MgPerKg(weight_kg_ < 30.0 ? 12.0 : 8.0, 800.0, 10.0));
      // Hours were counted whole; the minutes must keep the 8 h and 24 h limits too.
      if (!tocilizumab_times_.empty()) {
        earliest_treatment_ = tocilizumab_times_.back() + 8 * core::kSecondsPerHour;
      }
      if (tocilizumab_times_.size() >= 3) {
        earliest_treatment_ =
            std::max(earliest_treatment_, tocilizumab_times_[tocilizumab_times_.size() - 3] +
                                              24 * core::kSecondsPerHour);
      }
      tocilizumab_hours_.push_back(hour);
      tocilizumab_level_at_last_ = crs_.level();
      int doses_in_episode = 0;
      for (int at : tocilizumab_hours_) {
        if (!crs_episode_start_ || at >= *crs_episode_start_) ++doses_in_episode;
      }
      if (doses_in_episode == tocilizumab_doses_to_respond_) {
        const double respond_at = hour + random_.Between(2.0, 8.0);
        crs_.Respond(crs_.at_or_past_peak() ? respond_at : std::max(respond_at, hour + 8.0));
      }
    }
  }
  if (crs_.level() > 0 && !crs_episode_start_) crs_episode_start_ = hour;
  if (crs_.level() == 0 && crs_.over()) crs_episode_start_.reset();

  // Corticosteroids: CRS grade >= 3, ICANS >= 2, or CRS >= 2 after two doses of tocilizumab
  // without response (ASCO 2021 Table 1). Dexamethasone 10 mg every 6 h (0.5 mg/kg in children), 20
  // mg for CRS grade 4; methylprednisolone 1 g a day for ICANS grade 4. Stopped, untapered, when
  // the indication has gone (a simplification).
  const bool refractory = crs_.level() >= 2 && tocilizumab_hours_.size() >= 2 && !crs_.responded();
  const bool steroids = crs_.level() >= 3 || icans_.level() >= 2 || refractory;
  if (steroids) {
    const bool methylprednisolone = icans_.level() >= 4;
    const int interval = methylprednisolone ? 24 : 6;
    if (!last_steroid_ || hour - *last_steroid_ >= interval) {
      if (methylprednisolone) {
        Give(core::Drug::kMethylprednisolone, MgPerKg(30.0, 1000.0, 10.0));
      } else {
        const double adult_mg = crs_.level() >= 4 ? 20.0 : 10.0;
        Give(core::Drug::kDexamethasone, MgPerKg(0.5, adult_mg, 0.5));
      }
      last_steroid_ = hour;
      if (!steroid_start_) {
        steroid_start_ = hour;
        const double respond_at = hour + random_.Between(12.0, 36.0);
        if (crs_.level() >= 2) crs_.Respond(respond_at);
        if (icans_.level() >= 1) icans_.Respond(respond_at);
      }
    }
  } else {
    last_steroid_.reset();
    steroid_start_.reset();
  }

  // Levetiracetam while ICANS >= 2 (seizure prophylaxis), 500 mg (10 mg/kg) every 12 h.
  if (icans_.level() >= 2 && (!last_levetiracetam_ || hour - *last_levetiracetam_ >= 12)) {
    Give(core::Drug::kLevetiracetam, MgPerKg(10.0, 500.0, 10.0));
    last_levetiracetam_ = hour;
  } else if (icans_.level() == 0) {
    last_levetiracetam_.reset();
  }

  if (!pending_treatments_.treatments.empty()) {
    pending_treatments_.time = std::max(At(hour, random_.Int(20, 55)), earliest_treatment_);
    if (HasTocilizumab(pending_treatments_)) {
      tocilizumab_times_.push_back(pending_treatments_.time);
    }
    patient_.entries.push_back(std::move(pending_treatments_));
  }
}

std::uint64_t PatientSeed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t state = seed ^ (index * 0xD1B54A32D192ED03ULL);
  return SplitMix64(state);
}

}  // namespace

std::vector<ProductShare> DefaultProductMix() {
  return {{Product::kAxiCel, 25},  {Product::kTisaCel, 12}, {Product::kBrexuCel, 8},
          {Product::kLisoCel, 15}, {Product::kIdeCel, 10},  {Product::kCiltaCel, 18},
          {Product::kObeCel, 7},   {Product::kNexCar19, 5}};
}

core::Result<std::vector<ProductShare>> ParseProductMix(std::string_view text) {
  std::vector<ProductShare> mix;
  auto fail = [](std::string_view item, const std::string& why) {
    return core::Error{core::ErrorCode::kUsage, "products", std::string(item), why, ""};
  };
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const std::size_t colon = item.find(':');
    const std::string_view name = item.substr(0, colon);
    const std::optional<Product> product = core::FindProduct(name);
    if (!product) return fail(item, "unknown product '" + std::string(name) + "'");
    double weight = 1.0;
    if (colon != std::string_view::npos) {
      const std::string_view number = item.substr(colon + 1);
      const auto [end, error] =
          std::from_chars(number.data(), number.data() + number.size(), weight);
      if (error != std::errc{} || end != number.data() + number.size() || !(weight > 0.0) ||
          weight > 1e9) {
        return fail(item, "the share after ':' must be a positive number, not '" +
                              std::string(number) + "'");
      }
    }
    mix.push_back({*product, weight});
  }
  if (mix.empty()) return fail("", "no product named");
  return mix;
}

CohortSampler::CohortSampler(std::uint64_t seed, CohortOptions options)
    : seed_(seed), options_(std::move(options)) {
  for (const ProductShare& share : options_.mix) total_weight_ += share.weight;
}

UnixSeconds CohortSampler::InfusionTime(std::uint64_t index) const noexcept {
  // kInfusionsPerDay a day, one an hour from 08:00 UTC, each up to 50 minutes late.
  std::uint64_t state = seed_ ^ (index * 0x9E3779B97F4A7C15ULL) ^ 0x5A17ULL;
  const auto minutes_late = static_cast<UnixSeconds>(SplitMix64(state) % 51);
  const auto day = static_cast<UnixSeconds>(index / kInfusionsPerDay);
  const auto slot = static_cast<UnixSeconds>(index % kInfusionsPerDay);
  return options_.first_infusion + day * 86400 + slot * core::kSecondsPerHour + minutes_late * 60;
}

SyntheticPatient CohortSampler::Patient(std::uint64_t index) const {
  Random random(PatientSeed(seed_, index));
  SyntheticPatient patient;
  char id[32];
  std::snprintf(id, sizeof id, "SYN-%06llu", static_cast<unsigned long long>(index) + 1ULL);
  patient.patient_id = id;

  double roll = random.Unit() * total_weight_;
  Product product = options_.mix.back().product;
  for (const ProductShare& share : options_.mix) {
    if (roll < share.weight) {
      product = share.product;
      break;
    }
    roll -= share.weight;
  }
  patient.infusion = core::Infusion{product, InfusionTime(index)};

  CourseSimulator simulator(random, options_, patient.infusion.time, patient);
  simulator.Run(ModelOf(product));
  return patient;
}

}  // namespace cartwatch::synthetic
