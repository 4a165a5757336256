// attribute --tokens-from-metrics (internal to evaluate/attribute.cpp): the measured tokens per group
// and per model, the realized $/M, and the like-for-like APIs' bills for the same tokens.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/report/attribute_report.hpp>

namespace nimcost {

void price_measured_tokens(const Catalog& catalog, const AttributeRequest& request, AttributionReport& report);

}  // namespace nimcost
