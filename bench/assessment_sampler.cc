#include "assessment_sampler.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "cartwatch/core/ice_score.h"
#include "cartwatch/core/units.h"
#include "cartwatch/core/vocabulary.h"

namespace cartwatch::bench {
namespace {

using core::Consciousness;
using core::IcpFinding;
using core::OxygenDevice;
using core::OxygenReason;
using core::Seizure;
using core::Vasopressor;

// Writes one JSON object member by member, adding the commas.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  // Starts a member; the caller writes the value.
  std::string& Key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += key;
    out_ += "\":";
    return out_;
  }
  void String(std::string_view key, std::string_view value) { AppendString(Key(key), value); }
  void Number(std::string_view key, double value) { AppendNumber(Key(key), value); }
  void Int(std::string_view key, int value) { AppendNumber(Key(key), value); }
  void Bool(std::string_view key, bool value) { Key(key) += value ? "true" : "false"; }
  template <typename T>
  void Optional(std::string_view key, const std::optional<T>& value) {
    if (!value) return;
    if constexpr (std::is_same_v<T, bool>) {
      Bool(key, *value);
    } else if constexpr (std::is_same_v<T, int>) {
      Int(key, *value);
    } else if constexpr (std::is_same_v<T, double>) {
      Number(key, *value);
    } else {
      String(key, core::TermOf(*value).code);
    }
  }

  static void AppendString(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
      } else {
        out += c;
      }
    }
    out += '"';
  }

  template <typename T>
  static void AppendNumber(std::string& out, T value) {
    char buffer[32];
    // Shortest text that reads back as the same double: 39.5 stays "39.5", 54.0 becomes "54".
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (error == std::errc{}) out.append(buffer, end);
  }

 private:
  std::string& out_;
  bool first_ = true;
};

template <typename E, int kSize>
void AppendCodeArray(std::string& out, const core::EnumSet<E, kSize>& set) {
  out += '[';
  bool first = true;
  for (int i = 0; i < kSize; ++i) {
    const auto value = static_cast<E>(i);
    if (!set.Contains(value)) continue;
    if (!first) out += ',';
    first = false;
    ObjectWriter::AppendString(out, core::TermOf(value).code);
  }
  out += ']';
}

bool HasNeuro(const core::NeuroAssessment& n) {
  return n.ice_items || n.ice_total || n.capd_total || n.developmental_delay || n.consciousness ||
         n.seizure || n.motor || n.icp;
}

// Index into `weights`, chosen with probability proportional to its weight.
int Pick(std::mt19937_64& rng, std::initializer_list<int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  int roll = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
  int index = 0;
  for (int w : weights) {
    if (roll < w) return index;
    roll -= w;
    ++index;
  }
  return index - 1;
}

}  // namespace

int AssessmentSampler::Uniform(int low, int high) {
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<int>(rng_() % span);
}

double AssessmentSampler::Tenths(int low_tenths, int high_tenths) {
  return Uniform(low_tenths, high_tenths) / 10.0;
}

bool AssessmentSampler::Chance(double probability) {
  return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < probability;
}

SampledAssessment AssessmentSampler::Next() {
  ++index_;
  SampledAssessment record;
  core::Assessment& a = record.assessment;

  char text[40];
  std::snprintf(text, sizeof text, "P%04d", Uniform(1, 2000));
  a.patient_id = text;
  // Charting times spread over four weeks, a few with a local offset.
  const auto minutes = static_cast<int>((index_ * 37) % (28 * 24 * 60));
  std::snprintf(text, sizeof text, "2025-03-%02dT%02d:%02d:%02d%s", 1 + minutes / 1440,
                minutes / 60 % 24, minutes % 60, static_cast<int>(index_ % 60),
                index_ % 7 == 0 ? "+01:00" : "Z");
  a.time = text;

  // Mostly adults; CAR-T for B-ALL also treats children and young adults.
  switch (Pick(rng_, {88, 7, 3, 2})) {
    case 0:
      a.age_years = Uniform(19, 84);
      break;
    case 1:
      a.age_years = Uniform(1, 11);
      break;
    case 2:
      a.age_years = Tenths(120, 189);
      break;
    default:
      break;  // age not charted
  }

  SampleCrs(record);
  if (Chance(0.95)) SampleIcans(a);  // some charts carry only vital signs
  return record;
}

void AssessmentSampler::SampleCrs(SampledAssessment& record) {
  core::Assessment& a = record.assessment;
  const bool death = Chance(0.002);
  const int level = death ? 4 : Pick(rng_, {45, 25, 15, 10, 4});

  // Which of hypotension and hypoxia carries a grade >= 2 (sub-grade 1 does not exist).
  int hypotension_level = 0;
  int hypoxia_level = 0;
  if (level >= 2) {
    const auto lower = [&] {
      const int l = Uniform(0, level);
      return l == 1 ? 0 : l;
    };
    switch (Pick(rng_, {2, 2, 1})) {
      case 0:
        hypotension_level = level;
        hypoxia_level = lower();
        break;
      case 1:
        hypoxia_level = level;
        hypotension_level = lower();
        break;
      default:
        hypotension_level = hypoxia_level = level;
        break;
    }
  }

  // Temperature; after tocilizumab or steroids the fever may be gone (ASTCT 2019 fn 2).
  const bool masked = level >= 2 && Chance(0.25);
  const bool fever = level >= 1 && !masked;
  if (Chance(0.96)) {
    if (Chance(0.2)) {
      record.temperature_in_fahrenheit = true;
      record.temperature_charted =
          fever ? (Chance(0.1) ? 100.4 : Tenths(1004, 1049)) : Tenths(968, 1003);
      a.temperature_celsius =
          core::ToCelsius(record.temperature_charted, core::TemperatureUnit::kFahrenheit);
    } else {
      record.temperature_charted =
          fever ? (Chance(0.1) ? 38.0 : Tenths(380, 405)) : Tenths(360, 379);
      a.temperature_celsius = record.temperature_charted;
    }
  }
  if (Chance(0.35)) a.fever_other_cause = fever && Chance(0.05);
  if (masked ? Chance(0.95) : Chance(0.8)) a.fever_masked = masked || (level >= 2 && Chance(0.3));

  // Hypotension and vasopressors.
  if (Chance(0.95)) a.hypotension = hypotension_level >= 2;
  if (hypotension_level >= 3) {
    core::VasopressorSet pressors;
    if (hypotension_level == 3) {
      switch (Pick(rng_, {60, 10, 15, 10, 5})) {
        case 0:
          pressors = {Vasopressor::kNorepinephrine};
          break;
        case 1:
          pressors = {Vasopressor::kVasopressin};
          break;
        case 2:
          pressors = {Vasopressor::kNorepinephrine, Vasopressor::kVasopressin};
          break;
        case 3:
          pressors = {Vasopressor::kPhenylephrine};
          break;
        default:
          pressors = {Chance(0.5) ? Vasopressor::kDopamine : Vasopressor::kEpinephrine};
          break;
      }
    } else {
      pressors = {Vasopressor::kNorepinephrine};
      pressors.Add(static_cast<Vasopressor>(Uniform(1, 3)));  // epinephrine..dopamine
      if (Chance(0.3)) pressors.Add(Vasopressor::kVasopressin);
    }
    if (Chance(0.95)) a.vasopressors = pressors;
  } else if (hypotension_level == 2 ? Chance(0.9) : Chance(0.5)) {
    a.vasopressors = core::VasopressorSet{};
  }

  // Oxygen.
  core::OxygenSupport oxygen;
  switch (hypoxia_level) {
    case 0:
      oxygen.device = OxygenDevice::kRoomAir;
      break;
    case 2:
      if (Chance(0.1)) {
        oxygen.device = OxygenDevice::kBlowBy;
      } else {
        oxygen.device = OxygenDevice::kNasalCannula;
        oxygen.flow_l_per_min = Uniform(1, 12) / 2.0;  // 0.5 .. 6 L/min
      }
      break;
    case 3:
      switch (Pick(rng_, {4, 4, 2, 2, 1})) {
        case 0:
          oxygen.device = OxygenDevice::kNasalCannula;
          oxygen.flow_l_per_min = Uniform(13, 30) / 2.0;  // 6.5 .. 15 L/min
          break;
        case 1:
          oxygen.device = OxygenDevice::kHighFlowNasalCannula;
          if (Chance(0.9)) oxygen.flow_l_per_min = Uniform(20, 60);
          break;
        case 2:
          oxygen.device = OxygenDevice::kFacemask;
          if (Chance(0.7)) oxygen.flow_l_per_min = Uniform(5, 10);
          break;
        case 3:
          oxygen.device = OxygenDevice::kNonRebreather;
          if (Chance(0.7)) oxygen.flow_l_per_min = Uniform(10, 15);
          break;
        default:
          oxygen.device = OxygenDevice::kVenturi;
          if (Chance(0.7)) oxygen.flow_l_per_min = Uniform(4, 12);
          break;
      }
      break;
    default:
      oxygen.device = static_cast<OxygenDevice>(
          Uniform(static_cast<int>(OxygenDevice::kCpap),
                  static_cast<int>(OxygenDevice::kMechanicalVentilation)));
      break;
  }
  if (oxygen.device == OxygenDevice::kMechanicalVentilation && Chance(0.7)) {
    oxygen.reason = Chance(0.3) ? OxygenReason::kAirwayProtection : OxygenReason::kCrs;
  } else if (oxygen.device != OxygenDevice::kRoomAir && Chance(0.4)) {
    oxygen.reason = Chance(0.93) ? OxygenReason::kCrs : OxygenReason::kOther;
  }
  if (hypoxia_level > 0 ? Chance(0.97) : Chance(0.85)) a.oxygen = oxygen;

  if (death) {
    a.crs_death = true;
  } else if (Chance(0.1)) {
    a.crs_death = false;
  }
}

core::IceItems AssessmentSampler::IceItemsWithTotal(int total) {
  core::IceItems items{4, 3, 1, 1, 1};
  // Take the lost points from random items that still have some.
  for (int lost = 10 - total; lost > 0;) {
    std::optional<int>& item = core::IceItemAt(items, Uniform(0, 4));
    if (*item > 0) {
      --*item;
      --lost;
    }
  }
  return items;
}

void AssessmentSampler::SampleIcans(core::Assessment& a) {
  core::NeuroAssessment& n = a.neuro;
  const bool death = Chance(0.001);
  const int level = death ? 4 : Pick(rng_, {70, 12, 9, 6, 3});

  if (Chance(0.15)) n.developmental_delay = Chance(0.05);
  const bool uses_capd = a.age_years && (*a.age_years < 12.0 || n.developmental_delay == true);

  Consciousness consciousness = Consciousness::kAlert;
  Seizure seizure = Seizure::kNone;
  core::MotorFinding motor = core::MotorFinding::kNone;
  core::IcpFindingSet icp;
  int ice = 10;
  int capd = 0;
  switch (level) {
    case 0:
      break;
    case 1:
      ice = Uniform(7, 9);
      capd = Uniform(1, 8);
      consciousness = Chance(uses_capd ? 0.6 : 0.3) ? Consciousness::kAwakensSpontaneously
                                                    : Consciousness::kAlert;
      break;
    case 2:
      ice = Uniform(3, 6);
      capd = Uniform(1, 8);
      consciousness =
          uses_capd ? Consciousness::kAwakensToVoice : static_cast<Consciousness>(Uniform(0, 2));
      break;
    case 3:
      ice = Uniform(0, 2);
      capd = Uniform(9, 32);
      switch (Pick(rng_, {4, 2, 2, 1})) {
        case 0:
          break;  // the encephalopathy score carries grade 3
        case 1:
          consciousness = Consciousness::kAwakensToTouch;
          ice = Uniform(0, 6);
          break;
        case 2:
          seizure = Chance(0.7) ? Seizure::kRapidlyResolving : Seizure::kNonconvulsiveEegResolving;
          ice = Uniform(0, 9);
          break;
        default:
          icp.Add(IcpFinding::kFocalEdema);
          ice = Uniform(0, 9);
          break;
      }
      break;
    default:
      ice = Uniform(0, 6);
      capd = Uniform(9, 32);
      switch (Pick(rng_, {5, 2, 2, 2})) {
        case 0:
          consciousness = Consciousness::kUnarousable;
          ice = 0;  // ASTCT 2019: ICE 0 because unarousable
          break;
        case 1:
          seizure = Chance(0.5) ? Seizure::kProlongedOver5Min : Seizure::kRepetitiveWithoutReturn;
          break;
        case 2:
          motor = core::MotorFinding::kDeepFocalWeakness;
          break;
        default:
          icp.Add(static_cast<IcpFinding>(Uniform(1, 5)));  // diffuse edema .. Cushing's triad
          break;
      }
      break;
  }

  // Each finding is occasionally not charted; ICP signs need imaging or fundoscopy.
  if (Chance(0.97)) n.consciousness = consciousness;
  if (Chance(0.96)) n.seizure = seizure;
  if (Chance(0.96)) n.motor = motor;
  if (!icp.Empty() || Chance(0.92)) n.icp = icp;

  if (!a.age_years) return;  // without an age neither tool can be chosen
  const bool unarousable = n.consciousness == Consciousness::kUnarousable;
  const bool near_twelve = *a.age_years >= 12.0 && *a.age_years < 13.0;
  const bool charted = unarousable ? Chance(0.5) : Chance(0.96);
  const bool with_ice = uses_capd ? near_twelve && Chance(0.5) : charted;
  const bool with_capd = uses_capd ? charted : near_twelve && Chance(0.5);
  if (with_ice) {
    switch (Pick(rng_, {6, 3, 1})) {
      case 0: {
        n.ice_items = IceItemsWithTotal(ice);
        if (!unarousable && Chance(0.1)) core::IceItemAt(*n.ice_items, Uniform(0, 4)).reset();
        break;
      }
      case 1:
        n.ice_total = ice;
        break;
      default:
        n.ice_items = IceItemsWithTotal(ice);
        n.ice_total = ice;
        break;
    }
  }
  if (with_capd && !unarousable) n.capd_total = capd;  // no CAPD when unarousable

  if (death) {
    a.icans_death = true;
  } else if (Chance(0.1)) {
    a.icans_death = false;
  }
}

void AppendAssessmentJson(const SampledAssessment& record, std::string& out) {
  const core::Assessment& a = record.assessment;
  ObjectWriter object(out);
  object.String("schema", "cartwatch.assessment/1");
  if (!a.patient_id.empty()) object.String("patient_id", a.patient_id);
  if (!a.time.empty()) object.String("time", a.time);
  object.Optional("age_years", a.age_years);
  if (a.temperature_celsius) {
    std::string& o = object.Key("temperature");
    ObjectWriter temperature(o);
    temperature.Number("value", record.temperature_in_fahrenheit ? record.temperature_charted
                                                                 : *a.temperature_celsius);
    temperature.String("unit", record.temperature_in_fahrenheit ? "[degF]" : "Cel");
  }
  object.Optional("fever_other_cause", a.fever_other_cause);
  object.Optional("fever_masked", a.fever_masked);
  object.Optional("hypotension", a.hypotension);
  if (a.vasopressors) AppendCodeArray(object.Key("vasopressors"), *a.vasopressors);
  if (a.oxygen) {
    ObjectWriter oxygen(object.Key("oxygen"));
    oxygen.String("device", core::TermOf(a.oxygen->device).code);
    oxygen.Optional("flow_l_min", a.oxygen->flow_l_per_min);
    oxygen.Optional("reason", a.oxygen->reason);
  }
  const core::NeuroAssessment& n = a.neuro;
  if (HasNeuro(n)) {
    ObjectWriter neuro(object.Key("neuro"));
    if (n.ice_items) {
      static constexpr std::array<std::string_view, 5> kItemKeys = {
          "orientation", "naming", "commands", "writing", "attention"};
      ObjectWriter ice(neuro.Key("ice"));
      for (int i = 0; i < 5; ++i) {
        ice.Optional(kItemKeys[static_cast<std::size_t>(i)], core::IceItemAt(*n.ice_items, i));
      }
    }
    neuro.Optional("ice_total", n.ice_total);
    neuro.Optional("capd", n.capd_total);
    neuro.Optional("developmental_delay", n.developmental_delay);
    neuro.Optional("consciousness", n.consciousness);
    neuro.Optional("seizure", n.seizure);
    neuro.Optional("motor", n.motor);
    if (n.icp) AppendCodeArray(neuro.Key("icp"), *n.icp);
  }
  object.Optional("crs_death", a.crs_death);
  object.Optional("icans_death", a.icans_death);
}

}  // namespace cartwatch::bench
