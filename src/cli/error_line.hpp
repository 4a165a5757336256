// The one line an error prints: control characters (C0, DEL, C1) and bytes that are not UTF-8 escaped
// (a value from a file or a flag must not drive the terminal), line ends as spaces, and any echoed word longer than 120 bytes (a 100 KB flag
// value) cut with its length said.
#pragma once

#include <string>
#include <string_view>

namespace nimcost::cli {

std::string error_line(std::string_view message);

}  // namespace nimcost::cli
