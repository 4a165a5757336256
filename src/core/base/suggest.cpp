// Edit distance for "did you mean": a two-row Levenshtein over lower-cased characters, as ninja
// does for its subcommands. The catalogs are small (dozens of names), so no index is needed.
#include <nimcost/base/suggest.hpp>

#include <algorithm>
#include <cctype>
#include <numeric>

namespace nimcost {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string lower_case(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string> closest_names(std::string_view wanted, const std::vector<std::string>& known,
                                       std::size_t limit) {
  const std::string want = lower_case(wanted);
  struct Scored {
    int tier;  // 0: contains what was typed; 1: a near spelling
    std::size_t score;
    std::string name;
  };
  std::vector<Scored> scored;
  for (const auto& name : known) {
    const std::string candidate = lower_case(name);
    std::size_t distance = edit_distance(want, candidate);
    // A name that contains what was typed ("gpt4" in "gpt-4.1" after dropping punctuation does not
    // count, but "sonnet" in "claude-sonnet-4.6" does) is a better hint than a near spelling.
    const bool contains = !want.empty() && want.size() >= 3 &&
                          (candidate.find(want) != std::string::npos || want.find(candidate) != std::string::npos);
    // A long shared start ("input_price" and "input_per_mtok_usd") is a likely mix-up too.
    std::size_t shared = 0;
    while (shared < want.size() && shared < candidate.size() && want[shared] == candidate[shared]) ++shared;
    const bool same_start = shared >= 5;
    const std::size_t allowed = std::max<std::size_t>(2, want.size() / 3);
    if (!contains && !same_start && distance > allowed) continue;
    scored.push_back({contains ? 0 : 1, distance <= allowed || contains ? distance : allowed + 1 + distance, name});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    return a.score != b.score ? a.score < b.score : a.name < b.name;
  });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (std::find(out.begin(), out.end(), s.name) != out.end()) continue;
    out.push_back(s.name);
    if (out.size() == limit) break;
  }
  return out;
}

std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& known) {
  const auto names = closest_names(wanted, known);
  if (names.empty()) return "";
  std::string out = " (did you mean ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out + "?)";
}

}  // namespace nimcost
