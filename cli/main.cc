// cartwatch: clinical decision support for CAR-T toxicities (CRS and ICANS).
// The command line is the outer layer: it parses flags, calls the adapters and the core, and maps
// errors to exit codes through the error catalogue.
#include <CLI/CLI.hpp>
#include <iostream>

#include "access_command.h"
#include "audit_command.h"
#include "cartwatch/core/error.h"
#include "cohort_command.h"
#include "grade_command.h"
#include "protocol_command.h"
#include "recommend_command.h"
#include "serve_command.h"
#include "timeline_command.h"

int main(int argc, char** argv) {
  using cartwatch::core::Describe;
  using cartwatch::core::ErrorCode;

  CLI::App app{
      "cartwatch " CARTWATCH_VERSION
      ": grading of CAR-T cytokine release syndrome (CRS) and immune effector cell-associated "
      "neurotoxicity syndrome (ICANS) by the ASTCT 2019 consensus, and what to do now under a "
      "versioned treatment protocol; patient timelines and cohort figures, with regrading by\n"
      "older systems (Lee 2014, Penn, MSKCC, CTCAE v5.0, CARTOX).\n"
      "Decision support only: a clinician decides.",
      "cartwatch"};
  app.set_version_flag("--version", "cartwatch " CARTWATCH_VERSION);
  app.require_subcommand(1);

  cartwatch::cli::GradeOptions grade_options;
  CLI::App* grade = cartwatch::cli::AddGradeCommand(app, grade_options);
  cartwatch::cli::RecommendOptions recommend_options;
  CLI::App* recommend = cartwatch::cli::AddRecommendCommand(app, recommend_options);
  cartwatch::cli::ProtocolOptions protocol_options;
  CLI::App* protocol = cartwatch::cli::AddProtocolCommand(app, protocol_options);
  cartwatch::cli::TimelineOptions timeline_options;
  CLI::App* timeline = cartwatch::cli::AddTimelineCommand(app, timeline_options);
  cartwatch::cli::CohortOptions cohort_options;
  CLI::App* cohort = cartwatch::cli::AddCohortCommand(app, cohort_options);
  cartwatch::cli::ServeOptions serve_options;
  CLI::App* serve = cartwatch::cli::AddServeCommand(app, serve_options);
  cartwatch::cli::AuditOptions audit_options;
  CLI::App* audit = cartwatch::cli::AddAuditCommand(app, audit_options);
  cartwatch::cli::AccessOptions access_options;
  const cartwatch::cli::AccessCommands access =
      cartwatch::cli::AddAccessCommands(app, access_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : Describe(ErrorCode::kUsage).exit_code;
  }

  try {
    if (grade->parsed()) return cartwatch::cli::RunGrade(grade_options);
    if (recommend->parsed()) return cartwatch::cli::RunRecommend(recommend_options);
    if (protocol->parsed()) return cartwatch::cli::RunProtocol(protocol_options);
    if (timeline->parsed()) return cartwatch::cli::RunTimeline(timeline_options);
    if (cohort->parsed()) return cartwatch::cli::RunCohort(cohort_options);
    if (audit->parsed()) return cartwatch::cli::RunAudit(audit_options);
    if (serve->parsed()) return cartwatch::cli::RunServe(serve_options);
    if (access.user_add->parsed()) return cartwatch::cli::RunUserAdd(access_options);
    if (access.token_create->parsed()) return cartwatch::cli::RunTokenCreate(access_options);
    if (access.token_revoke->parsed()) return cartwatch::cli::RunTokenRevoke(access_options);
  } catch (const std::exception& error) {
    std::cerr << "cartwatch: internal error: " << error.what() << " [internal]\n";
    return Describe(ErrorCode::kInternal).exit_code;
  }
  return Describe(ErrorCode::kUsage).exit_code;
}
