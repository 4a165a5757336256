// A nesting check run on TOML and JSON text before it is parsed: the parsers (and the code that walks
// or frees what they build) recurse once per level, so a 100 KB header of 50,000 dotted segments or
// brackets would overflow the stack. Internal to the loaders.
#pragma once

#include <string>
#include <string_view>

namespace nimcost {

// Deeper than any real catalog, scenario, report or metrics response (they nest under 10 levels).
constexpr int k_max_nesting = 64;

enum class Syntax { toml, json };

// An input error "NAME:LINE:COLUMN: nested deeper than 64 levels ..." where the text first goes deeper
// than k_max_nesting: brackets and braces outside strings and comments, plus in TOML the segments of a
// dotted key or table header. In TOML, also an input error at a non-ASCII byte outside strings and
// comments (a UTF-8 byte order mark at the start aside).
void check_nesting(std::string_view text, const std::string& name, Syntax syntax);

}  // namespace nimcost
