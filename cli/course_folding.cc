#include "course_folding.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <utility>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/course_options.h"
#include "cli_support.h"
#include "progress.h"
#include "protocol_loading.h"
#include "systems_option.h"

namespace cartwatch::cli {

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
  return core::TimelineOptionsFor(*loaded.protocol, options.systems);
}

int ReadInputs(std::string_view command, const std::vector<std::string>& paths,
               core::CourseFolder& folder, bool json) {
  {
    ByteProgress progress(command, TotalSize(paths));
    std::uint64_t done_before = 0;
    for (const std::string& path : paths) {
      const bool read = ReadCsvFile(
          path, folder, [&](std::uint64_t bytes) { progress.Update(done_before + bytes); });
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

namespace {

// Hands what the CSV reader reads on to the folder.
class FolderSink : public adapters::TimelineSink {
 public:
  explicit FolderSink(core::CourseFolder& folder) : folder_(folder) {}
  void OnInfusion(std::string_view patient_id, const core::Infusion& infusion) override {
    folder_.SetInfusion(patient_id, infusion);
  }
  void OnEntry(std::string_view patient_id, core::TimelineEntry&& entry) override {
    folder_.Add(patient_id, std::move(entry));
  }

 private:
  core::CourseFolder& folder_;
};

}  // namespace

bool ReadCsvFile(const std::string& path, core::CourseFolder& folder,
                 const std::function<void(std::uint64_t)>& on_bytes) {
  std::ifstream file;
  std::istream* input = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return false;
    input = &file;
  }
  folder.SetFile(path == "-" ? "(stdin)" : path);
  adapters::CsvReadOptions read_options;
  read_options.max_errors = core::CourseFolder::kMaxKeptErrors;
  read_options.on_progress = on_bytes;
  FolderSink sink(folder);
  const adapters::CsvReadSummary summary = adapters::ReadTimelineCsv(*input, sink, read_options);
  folder.CountRows(summary.rows);
  for (const adapters::CsvLineError& error : summary.errors) {
    folder.AddError(error.line, error.error);
  }
  // Errors the reader counted but did not keep still count.
  folder.CountUnkeptErrors(summary.errors_total - summary.errors.size());
  return !input->bad();
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
