// `nimcost prices`: catalog entries by kind, filtered by a case-insensitive substring.
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/evaluate/prices.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace nimcost {

namespace {

bool contains_text(const std::string& haystack, const std::string& needle_lower) {
  return lower_case(haystack).find(needle_lower) != std::string::npos;
}

}  // namespace

PricesReport evaluate_prices(const Catalog& catalog, const std::string& kind, const std::string& filter) {
  static const std::vector<std::string> kinds = {"all",   "api",   "gpu",     "rental", "purchase",
                                                 "license", "model", "profile", "quality"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    throw usage_error(fmt::format("--kind must be one of {}; got '{}'{}", fmt::join(kinds, ", "), kind,
                                  did_you_mean(kind, kinds)));
  }
  PricesReport report;
  report.kind = kind;
  report.defaults = &catalog.defaults;
  const std::string needle = lower_case(filter);
  const bool all = kind == "all";
  if (all || kind == "api") {
    for (const auto& m : catalog.api_models) {
      if (contains_text(m.id, needle) || contains_text(m.provider, needle) || contains_text(m.name, needle)) {
        report.api_models.push_back(&m);
      }
    }
  }
  if (all || kind == "gpu") {
    for (const auto& g : catalog.gpus) {
      if (contains_text(g.id, needle) || contains_text(g.name, needle)) report.gpus.push_back(&g);
    }
  }
  if (all || kind == "rental") {
    for (const auto& r : catalog.rentals) {
      if (contains_text(r.id, needle) || contains_text(r.vendor, needle) || contains_text(r.gpu, needle)) {
        report.rentals.push_back(&r);
      }
    }
  }
  if (all || kind == "purchase") {
    for (const auto& p : catalog.purchases) {
      if (contains_text(p.id, needle) || contains_text(p.vendor, needle) || contains_text(p.gpu, needle)) {
        report.purchases.push_back(&p);
      }
    }
  }
  if (all || kind == "license") {
    for (const auto& l : catalog.licenses) {
      if (contains_text(l.id, needle) || contains_text(l.name, needle)) report.licenses.push_back(&l);
    }
  }
  if (all || kind == "model") {
    for (const auto& m : catalog.served_models) {
      if (contains_text(m.id, needle) || contains_text(m.name, needle)) report.models.push_back(&m);
    }
  }
  if (all || kind == "profile") {
    for (const auto& t : catalog.traffic_profiles) {
      if (contains_text(t.id, needle) || contains_text(t.kind, needle)) report.profiles.push_back(&t);
    }
  }
  if (all || kind == "quality") {
    for (const auto& q : catalog.quality_scores) {
      if (contains_text(q.id, needle) || contains_text(q.rated_as, needle)) report.quality.push_back(&q);
    }
  }
  return report;
}

}  // namespace nimcost
