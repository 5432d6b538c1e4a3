#include "cli_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace cartwatch::cli {

int UsageError(std::string_view command, const std::string& message) {
  std::cerr << command << ": " << message << " [usage]\n";
  return ExitCodeOf(core::ErrorCode::kUsage);
}

std::optional<std::string> ReadAll(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return std::nullopt;
    return text;
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return std::nullopt;
  return std::move(text).str();
}

}  // namespace cartwatch::cli
