// The roles' names as the users table stores them and docs/api.md writes them.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "cartwatch/store/records.h"

namespace cartwatch::store {
namespace {

// In the enum's order; the users table's CHECK lists the same names.
constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames = {{
    {Role::kViewer, "viewer"},
    {Role::kNurse, "nurse"},
    {Role::kPhysician, "physician"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view RoleName(Role role) noexcept {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "";
}

std::optional<Role> FindRole(std::string_view name) noexcept {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) return value;
  }
  return std::nullopt;
}

}  // namespace cartwatch::store
