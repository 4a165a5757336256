// Small text helpers every layer shares.
#pragma once

#include <string_view>

namespace nimcost {

// `s` without the leading and trailing characters in `blanks` (spaces, tabs and line ends unless
// told otherwise: flag values keep a newline, so that "500M\n" stays an error).
inline std::string_view trim(std::string_view s, std::string_view blanks = " \t\r\n") {
  const auto first = s.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

}  // namespace nimcost
