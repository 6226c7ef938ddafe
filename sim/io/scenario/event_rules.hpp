// The rule part of one event, one reader for every kind of sim/model/rule_kinds.hpp. Internal.
#pragma once

#include "sim/io/scenario/sections.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bpsim::io {

const std::vector<std::string>& rule_keys();  // kRuleKeys (rule_kinds.hpp), in EventRule order

// `rule` is the value under key `kind` (one of rule_keys()).
std::optional<EventRule> read_rule(Build& b, const std::string& kind, const At& rule);

}  // namespace bpsim::io
