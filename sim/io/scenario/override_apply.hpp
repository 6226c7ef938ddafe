// Applies --set overrides to a parsed YAML tree, before validation, marking each
// written node so that later diagnostics name the --set argument. Internal.
#pragma once

#include "sim/io/scenario/overrides.hpp"
#include "sim/io/yaml/check.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bpsim::io {

// The YAML scalar node VALUE stands for ('...' and "..." are unquoted YAML-style);
// std::nullopt with `error` set if it is not a scalar.
std::optional<YAML::Node> override_value(const Override& o, std::string& error);

// Problems (unknown state id, index out of range, overriding a map...) are
// recorded in `ck`, naming the --set argument; other overrides still apply.
void apply_overrides(YAML::Node root, const std::vector<Override>& overrides, Checker& ck);

}  // namespace bpsim::io
