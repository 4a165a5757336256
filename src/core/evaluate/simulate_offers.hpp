// The committed and spot offers a simulated fleet is priced at (internal to evaluate/simulate.cpp).
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/report/simulate_report.hpp>

namespace nimcost {

// Resolves the offers (--committed-rental, --spot-rental, else the GPU's cheapest of each term when
// --committed, --spot or --optimize asks for them) and sets the setup's prices, spot terms and base
// counts. A committed or spot --rental makes the policy's replicas committed or spot; the burst
// then rents the GPU's on-demand offer.
// A billing unit in seconds ("per-minute": 60; "monthly": the month); a usage error otherwise.
double billing_unit_s(const std::string& billing, double month_s);

void set_fleet_offers(const Catalog& catalog, const SimulateRequest& request, SimulateReport& report);

}  // namespace nimcost
