// What a bought server costs a month, by part: straight-line depreciation of the price less its
// residual value, the cost of the capital tied up (on the average book value over the depreciation
// period), power at a utilization (idle to full load, times PUE, at the energy price), colocation
// (per kW of full-load power) and support (a yearly fraction of the price). A fleet buys whole servers.
#pragma once

#include <nimcost/base/units.hpp>
#include <nimcost/catalog/catalog.hpp>

namespace nimcost {

struct OwnedServerCost {
  Usd depreciation;
  Usd capital;
  Usd power;
  Usd colocation;
  Usd support;

  Usd total() const { return depreciation + capital + power + colocation + support; }
  OwnedServerCost operator*(double n) const {
    return {depreciation * n, capital * n, power * n, colocation * n, support * n};
  }
};

// One server for a month of `hours` at `utilization` (0..1: the share of its GPUs' time busy).
OwnedServerCost owned_server_monthly(const PurchaseOffer& offer, double utilization, double hours);

// The servers a fleet of `gpus` GPUs must buy.
int servers_for(const PurchaseOffer& offer, int gpus);

// Per GPU per month, the part that does not move with utilization (everything at idle power) and the
// part power adds from idle to full load: cost(u) = fixed + u x full_load_extra.
Usd owned_fixed_per_gpu(const PurchaseOffer& offer, double hours);
Usd owned_full_load_extra_per_gpu(const PurchaseOffer& offer, double hours);

}  // namespace nimcost
