// What a capability dimension stands for: rules act through roles, never names. The
// role names as the scenario file writes them (dimensions.capability[].role) are
// kRoleKeys, in enum order; the loader, the scenario JSON and the schema read them here.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace bpsim {

enum class Role { none, economy, military, technology, energy };

inline constexpr std::array<std::string_view, 5> kRoleKeys{"none", "economy", "military", "technology", "energy"};
inline constexpr std::size_t kRoles = kRoleKeys.size();

constexpr std::size_t role_index(Role r) { return static_cast<std::size_t>(r); }
constexpr std::string_view role_key(Role r) { return kRoleKeys[role_index(r)]; }
constexpr Role role_at(std::size_t i) { return static_cast<Role>(i); }

}  // namespace bpsim
