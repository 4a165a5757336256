// The catalog's engine factor sets taken together: one per engine, precision and architecture.
#include "catalog_entries.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

namespace nimcost::catalog_entries {

namespace {

// Two sets for one engine, precision and architecture: the error is the user's file's (a built-in
// set is not the user's to change), naming the set already there.
[[noreturn]] void duplicate_set(const EngineFactors& first, const EngineFactors& second) {
  const auto built_in = [](const EngineFactors& f) { return f.provenance.origin.find("(built in)") != std::string::npos; };
  const bool swap = built_in(second) && !built_in(first);
  const EngineFactors& culprit = swap ? first : second;
  const EngineFactors& other = swap ? second : first;
  throw input_error(fmt::format(
      "{}: engine_factors '{}': {} {}{} already has the set '{}' from {}; give '{}' another engine, precision or "
      "architecture, or change '{}' instead",
      culprit.provenance.origin, culprit.id, other.engine, other.precision,
      other.architecture.empty() ? "" : fmt::format(" for architecture {}", other.architecture), other.id,
      other.provenance.origin, culprit.id, other.id));
}

}  // namespace

// Each engine, precision and architecture has one set: a second would never be looked up (the
// first wins), nor would a set for both architectures where each has its own.
void check_factor_sets(const std::vector<EngineFactors>& sets) {
  const auto same_models = [](const EngineFactors& a, const EngineFactors& b) {
    return same_name(a.engine, b.engine) && same_name(a.precision, b.precision);
  };
  for (auto a = sets.begin(); a != sets.end(); ++a) {
    bool dense = false;
    bool moe = false;
    for (auto b = sets.begin(); b != sets.end(); ++b) {
      if (b == a || !same_models(*a, *b)) continue;
      if (b > a && same_name(a->architecture, b->architecture)) duplicate_set(*a, *b);
      dense = dense || b->architecture == "dense";
      moe = moe || b->architecture == "moe";
    }
    if (a->architecture.empty() && dense && moe) {
      throw input_error(fmt::format("{}: engine_factors '{}': {} {} has a dense and a moe set, so a set for both "
                                    "architectures is never used; give it architecture = \"dense\" or \"moe\", or "
                                    "override those sets by their ids",
                                    a->provenance.origin, a->id, a->engine, a->precision));
    }
  }
}

}  // namespace nimcost::catalog_entries
