// The message for a failure that is not bad input (exit 1), so that no bare library text
// ("std::bad_alloc", "stoi", "vector::_M_range_check: ...") ever reaches the user: what
// failed and what to do. Used by the command line's run_guarded.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace bpsim {

// `command` names what was running, e.g. "`bpsim run`". Messages:
//   std::bad_alloc, std::length_error: "out of memory while running CMD; the request
//     needs more memory than this machine has (...): ask for less ... or use a machine
//     with more memory"
//   std::system_error (not a file system error): "CMD failed: the system refused a
//     request: REASON; check the limits on threads and open files ..."
//   a library's own text (a std::bad_cast, bad_optional_access, bad_variant_access,
//     bad_function_call, a JSON or YAML library exception, or a what() with no space or
//     starting like "vector::"): "internal error while running CMD: TEXT (TYPE); this is
//     a bug in bpsim, not in your input: please report it ..."
//   anything else is bpsim's own sentence, returned as it is.
std::string failure_message(const std::exception& e, std::string_view command);

// For a throw of something that is not a std::exception.
std::string unknown_failure_message(std::string_view command);

}  // namespace bpsim
