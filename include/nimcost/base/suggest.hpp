// Matching names as users type them: case-insensitive equality, and "did you mean …?" for unknown
// names (the closest known names by edit distance).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nimcost {

// Whether two names are the same ignoring ASCII case: users type "GPT-4.1" too.
bool same_name(std::string_view a, std::string_view b);

// `s` in ASCII lower case.
std::string lower_case(std::string_view s);

// Levenshtein distance between two strings, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` known names closest to `wanted`, nearest first; names sharing a prefix or substring
// with `wanted` rank ahead of merely close spellings. Empty when nothing is reasonably close.
std::vector<std::string> closest_names(std::string_view wanted, const std::vector<std::string>& known,
                                       std::size_t limit = 3);

// " (did you mean a, b?)" or "" when there is no close name; for appending to an error message.
std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& known);

}  // namespace nimcost
