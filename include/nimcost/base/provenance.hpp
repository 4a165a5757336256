// Where a figure came from: every catalog entry carries one.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace nimcost {

// Whether `text` is a real calendar date written YYYY-MM-DD (2026-02-29 and 2026-13-45 are not).
inline bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  int index = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++index;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return false;
    parts[index] = parts[index] * 10 + (text[i] - '0');
  }
  const std::chrono::year_month_day date{std::chrono::year(parts[0]), std::chrono::month(static_cast<unsigned>(parts[1])),
                                         std::chrono::day(static_cast<unsigned>(parts[2]))};
  return date.ok() && parts[0] >= 1900;
}

struct Provenance {
  std::string source;  // a URL, document or dataset name a reviewer can open
  std::string as_of;   // YYYY-MM-DD the figure was read
  std::string origin;  // the catalog file (and line) the entry was loaded from
};

}  // namespace nimcost
