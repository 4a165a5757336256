// Where a figure came from: every catalog entry carries one.
#pragma once

#include <string>

namespace nimcost {

struct Provenance {
  std::string source;  // a URL, document or dataset name a reviewer can open
  std::string as_of;   // YYYY-MM-DD the figure was read
  std::string origin;  // the catalog file (and line) the entry was loaded from
};

}  // namespace nimcost
