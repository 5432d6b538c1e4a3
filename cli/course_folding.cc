#include "course_folding.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <utility>

#include "cartwatch/adapters/assessment_json.h"
#include "cli_support.h"
#include "progress.h"
#include "protocol_loading.h"
#include "systems_option.h"

namespace cartwatch::cli {

namespace {
constexpr std::size_t kMaxKeptErrors = 100;
constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
}  // namespace

void AddCourseOptions(CLI::App& command, CourseOptions& options) {
  command.add_option("-o,--output", options.output, "Output file; - for standard output")
      ->capture_default_str()
      ->type_name("FILE");
  command
      .add_option("-p,--protocol", options.protocol,
                  "Protocol whose tocilizumab re-dose interval is the response window (file or "
                  "bundled name: " +
                      BundledProtocolNames() + "); default " + std::string(kDefaultProtocol))
      ->type_name("FILE|NAME");
  AddSystemsOption(command, options.systems);
}

std::optional<core::TimelineOptions> TimelineOptionsFor(std::string_view command,
                                                        const CourseOptions& options, bool json,
                                                        int& exit_code) {
  LoadedProtocol loaded = LoadProtocol(command, options.protocol, json);
  if (!loaded.protocol) {
    exit_code = loaded.exit_code;
    return std::nullopt;
  }
  core::TimelineOptions timeline_options;
  timeline_options.systems = options.systems;
  if (auto window = TocilizumabResponseWindowHours(*loaded.protocol)) {
    timeline_options.tocilizumab_response_window_hours = *window;
  }
  return timeline_options;
}

int ReadInputs(std::string_view command, const std::vector<std::string>& paths,
               CourseFolder& folder, bool json) {
  {
    ByteProgress progress(command, TotalSize(paths));
    std::uint64_t done_before = 0;
    for (const std::string& path : paths) {
      const bool read =
          folder.ReadFile(path, [&](std::uint64_t bytes) { progress.Update(done_before + bytes); });
      if (!read) {
        progress.Interrupt();
        return UsageError(command, "cannot read " + path);
      }
      done_before += TotalSize({path});
    }
  }
  if (folder.errors_total() > 0) {
    return ReportInputErrors(command, folder.errors(), folder.errors_total(), json);
  }
  return 0;
}

CourseFolder::CourseFolder(core::TimelineOptions options, bool keep_points,
                           std::string keep_points_of)
    : options_(std::move(options)),
      keep_points_(keep_points),
      keep_points_of_(std::move(keep_points_of)) {}

bool CourseFolder::ReadFile(const std::string& path,
                            const std::function<void(std::uint64_t)>& on_bytes) {
  std::ifstream file;
  std::istream* input = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return false;
    input = &file;
  }
  current_file_ = path == "-" ? "(stdin)" : path;
  adapters::CsvReadOptions read_options;
  read_options.max_errors = kMaxKeptErrors;
  read_options.on_progress = on_bytes;
  const adapters::CsvReadSummary summary = adapters::ReadTimelineCsv(*input, *this, read_options);
  rows_ += summary.rows;
  for (const adapters::CsvLineError& error : summary.errors) {
    AddError(error.line, error.error);
  }
  // Errors the reader counted but did not keep still count.
  errors_total_ += summary.errors_total - summary.errors.size();
  return !input->bad();
}

CourseFolder::Slot& CourseFolder::SlotOf(std::string_view patient_id) {
  // Rows of one patient usually come together: skip the hash lookup then.
  if (last_slot_ != kNoSlot && patient_ids_[last_slot_] == patient_id) return slots_[last_slot_];
  auto found = index_.find(patient_id);
  if (found == index_.end()) {
    const bool keep =
        keep_points_ && (keep_points_of_.empty() ? slots_.empty() : patient_id == keep_points_of_);
    slots_.push_back(Slot{core::PatientTimeline(std::string(patient_id), options_), keep});
    patient_ids_.emplace_back(patient_id);
    found = index_.emplace(std::string(patient_id), slots_.size() - 1).first;
  }
  last_slot_ = found->second;
  return slots_[last_slot_];
}

void CourseFolder::OnInfusion(std::string_view patient_id, const core::Infusion& infusion) {
  SlotOf(patient_id).timeline.SetInfusion(infusion);
}

void CourseFolder::OnEntry(std::string_view patient_id, core::TimelineEntry&& entry) {
  Slot& slot = SlotOf(patient_id);
  if (slot.failed) return;
  auto point = slot.timeline.Add(entry);
  if (!point.ok()) {
    slot.failed = true;
    AddError(entry.line, point.error());
    return;
  }
  if (!slot.keep_points) return;
  for (const core::Treatment& treatment : entry.treatments) {
    kept_treatments_.push_back({entry.time, treatment});
  }
  if (point.value()) kept_points_.push_back(std::move(*point.value()));
}

void CourseFolder::AddError(std::uint64_t line, core::Error error) {
  ++errors_total_;
  if (errors_.size() < kMaxKeptErrors) {
    errors_.push_back(InputError{current_file_, line, std::move(error)});
  }
}

std::vector<core::PatientSummary> CourseFolder::FinishAll() {
  std::vector<core::PatientSummary> summaries;
  summaries.reserve(slots_.size());
  for (Slot& slot : slots_) summaries.push_back(slot.timeline.Finish());
  return summaries;
}

std::optional<core::PatientCourse> CourseFolder::FinishKept() {
  for (Slot& slot : slots_) {
    if (!slot.keep_points) continue;
    core::PatientCourse course;
    course.systems = options_.systems;
    course.summary = slot.timeline.Finish();
    course.points = std::move(kept_points_);
    course.treatments = std::move(kept_treatments_);
    return course;
  }
  return std::nullopt;
}

int ReportInputErrors(std::string_view command, const std::vector<InputError>& errors,
                      std::uint64_t errors_total, bool json) {
  for (const InputError& error : errors) {
    if (json) {
      // {"line":...} from the shared writer, with the file put in front.
      std::string object = adapters::ErrorToJson(error.line, error.error);
      std::cerr << "{\"file\":" << nlohmann::json(error.file).dump() << ',' << object.substr(1)
                << '\n';
    } else {
      std::cerr << error.file << ": " << adapters::ErrorToText(error.line, error.error) << '\n';
    }
  }
  if (errors_total > errors.size()) {
    std::cerr << command << ": " << errors_total << " errors in all; the first " << errors.size()
              << " are shown\n";
  }
  std::cerr << command << ": input refused, nothing was reported [" << errors.front().error.name()
            << "]\n";
  return ExitCodeOf(errors.front().error.code);
}

}  // namespace cartwatch::cli
