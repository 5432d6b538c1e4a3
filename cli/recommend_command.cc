#include "recommend_command.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/recommend.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/validate.h"
#include "cli_support.h"
#include "protocol_loading.h"

namespace cartwatch::cli {
namespace {

constexpr std::string_view kCommand = "cartwatch recommend";

int Usage(const std::string& message) { return UsageError(kCommand, message); }

// A weight typed on the command line: the whole text a number within core::kBodyWeightKgLimits,
// the limit of contexts. nullopt otherwise.
std::optional<double> ParseWeight(const std::string& text) {
  double weight = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, weight);
  if (error != std::errc() || stop != end || !std::isfinite(weight)) return std::nullopt;
  if (core::CheckPlausible("--weight", weight, core::kBodyWeightKgLimits, text))
    return std::nullopt;
  return weight;
}

// The line before each text recommendation: which assessment it answers.
std::string TextHeader(std::size_t line, const core::Assessment& assessment) {
  std::string header = "Assessment at line " + std::to_string(line) + ": ";
  header += assessment.patient_id.empty() ? "(no patient id)" : "patient " + assessment.patient_id;
  header += assessment.time.empty() ? ", no time recorded" : ", " + assessment.time;
  for (char& c : header) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';  // keep it one line
  }
  header += '\n';
  return header;
}

}  // namespace

CLI::App* AddRecommendCommand(CLI::App& app, RecommendOptions& options) {
  CLI::App* recommend = app.add_subcommand(
      "recommend",
      "What to do now, under a treatment protocol, for each assessment in ASSESSMENT: grades\n"
      "CRS and ICANS (ASTCT 2019), then lists the protocol's actions with doses computed for the\n"
      "patient, what a safety rule withholds and why, and what is missing to complete the "
      "advice.\n"
      "Input: cartwatch.assessment/1 (one object, an array, or NDJSON); see "
      "docs/recommendation-output.md.\n"
      "Decision support only: a clinician decides.\n"
      "Exit codes: 0 done, 2 usage error, 3 invalid protocol, context or assessment (valid\n"
      "assessments are still answered).");
  recommend->add_option("ASSESSMENT", options.input, "Assessment file, or - for standard input")
      ->capture_default_str();
  const std::string bundled_names = BundledProtocolNames();
  recommend
      ->add_option(
          "-p,--protocol", options.protocol,
          "Protocol file (cartwatch.protocol/1 TOML), or the name of a bundled protocol (" +
              bundled_names + "); default " + std::string(kDefaultProtocol))
      ->type_name("FILE|NAME");
  recommend
      ->add_option("-w,--weight", options.weight_kg,
                   "Body weight in kg for weight-based doses; overrides weight_kg of the context")
      ->type_name("KG");
  recommend
      ->add_option("-c,--context", options.context,
                   "Patient context (cartwatch.context/1 JSON): weight, age, product, treatments "
                   "already given with their times; - for standard input")
      ->type_name("FILE");
  recommend
      ->add_option_function<std::string>(
          "-f,--format",
          [&options](const std::string& format) {
            options.format = format == "text" ? OutputFormat::kText : OutputFormat::kJson;
          },
          "json (default): one JSON object per line, schema cartwatch.recommendation/1; text: a "
          "short list for the bedside")
      ->check(CLI::IsMember({"json", "text"}));
  return recommend;
}

int RunRecommend(const RecommendOptions& options) {
  const bool json = options.format == OutputFormat::kJson;

  std::optional<double> weight_kg;
  if (!options.weight_kg.empty()) {
    weight_kg = ParseWeight(options.weight_kg);
    if (!weight_kg) {
      return Usage("--weight must be a body weight in kg, a number " +
                   core::PlausibleRangeText(core::kBodyWeightKgLimits) + ", got \"" +
                   options.weight_kg + "\"");
    }
  }
  if (options.context == "-" && options.input == "-") {
    return Usage("the assessments and --context cannot both be read from standard input");
  }

  LoadedProtocol loaded = LoadProtocol(kCommand, options.protocol, json);
  if (!loaded.protocol) return loaded.exit_code;
  const core::Protocol& protocol = *loaded.protocol;

  core::PatientContext base_context;
  if (!options.context.empty()) {
    std::optional<std::string> text = ReadAll(options.context);
    if (!text) return Usage("cannot open context file " + options.context);
    adapters::ContextParse parse = adapters::ParseContextJson(*text);
    if (!parse.errors.empty()) return ReportFileErrors(options.context, parse.errors, json);
    base_context = std::move(*parse.context);
  }
  if (weight_kg) base_context.weight_kg = weight_kg;

  std::ifstream file;
  std::istream* input = &std::cin;
  if (options.input != "-") {
    file.open(options.input, std::ios::binary);
    if (!file) return Usage("cannot open " + options.input);
    input = &file;
  }

  std::map<std::string, std::vector<core::CourseGrade>> courses;  // by patient_id
  std::size_t answered = 0;
  std::size_t refused = 0;
  int exit_code = 0;
  adapters::ReadAssessments(*input, [&](std::size_t line, adapters::ParseOutcome&& outcome) {
    if (!outcome.errors.empty()) {
      ++refused;
      exit_code = ExitCodeOf(outcome.errors.front().code);
      for (const core::Error& error : outcome.errors) {
        std::cerr << (json ? adapters::ErrorToJson(line, error)
                           : adapters::ErrorToText(line, error))
                  << '\n';
      }
      return;
    }
    const core::Assessment& assessment = *outcome.assessment;
    core::PatientContext context = core::ContextAt(assessment, base_context);
    const core::Grading grading = core::GradeAstct2019(assessment);
    // Earlier assessments of the same patient in this input are its course: improvement and
    // fever duration are judged from them.
    // Without a patient_id an assessment stands alone: it is nobody's course.
    std::vector<core::CourseGrade>* course =
        assessment.patient_id.empty() ? nullptr : &courses[assessment.patient_id];
    if (course != nullptr) {
      context.course.insert(context.course.end(), course->begin(), course->end());
    }
    const core::Recommendation recommendation =
        core::Recommend(assessment, grading, context, protocol);
    if (course != nullptr && context.now) {
      course->push_back(core::CourseGradeOf(grading, *context.now));
    }
    if (json) {
      std::cout << adapters::RecommendationToJson(recommendation, protocol, assessment.patient_id,
                                                  assessment.time)
                << '\n';
    } else {
      if (answered > 0) std::cout << '\n';
      std::cout << TextHeader(line, assessment)
                << adapters::RecommendationToText(recommendation, protocol);
    }
    ++answered;
  });
  std::cout.flush();
  if (input->bad()) return Usage("read error on " + options.input);
  if (refused > 0) {
    if (json) {
      std::cerr << "{\"summary\":{\"recommended\":" << answered << ",\"refused\":" << refused
                << "}}\n";
    } else {
      std::cerr << kCommand << ": " << refused << " assessment(s) refused, " << answered
                << " answered\n";
    }
  }
  return exit_code;
}

}  // namespace cartwatch::cli
