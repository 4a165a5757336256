// `nimcost prices`: the catalog listed by kind and filter.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/prices_report.hpp>

#include <string>

namespace nimcost {

// `nimcost prices`: the catalog, filtered by kind ("all", "api", "gpu", "rental", "license") and
// an optional case-insensitive substring of the ID, provider or vendor.
PricesReport evaluate_prices(const Catalog& catalog, const std::string& kind,
                             const std::string& filter);

}  // namespace nimcost
