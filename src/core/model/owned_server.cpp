// Owned servers by part. The capital charge uses the average book value, (price + residual) / 2,
// the usual approximation of an annuity for a straight-line asset; depreciation spreads the price
// less its residual evenly over the years. A month is a twelfth of a year for everything billed by
// the year, and `hours` of power.
#include <nimcost/model/owned_server.hpp>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr double k_months_per_year = 12.0;

double power_w(const PurchaseOffer& offer, double utilization) {
  const double full = offer.server_power_w;
  const double idle = offer.server_idle_power_w.value_or(full);
  return idle + (full - idle) * std::clamp(utilization, 0.0, 1.0);
}

}  // namespace

OwnedServerCost owned_server_monthly(const PurchaseOffer& offer, double utilization, double hours) {
  const double price = offer.server_usd;
  const double residual = price * offer.residual_fraction;
  OwnedServerCost c;
  c.depreciation = Usd((price - residual) / (k_months_per_year * offer.depreciation_years));
  c.capital = Usd((price + residual) / 2.0 * offer.annual_cost_of_capital_fraction / k_months_per_year);
  c.power = Usd(power_w(offer, utilization) / 1000.0 * offer.pue * hours * offer.usd_per_kwh);
  c.colocation = Usd(offer.server_power_w / 1000.0 * offer.colocation_usd_per_kw_month);
  c.support = Usd(price * offer.support_fraction_per_year / k_months_per_year);
  return c;
}

int servers_for(const PurchaseOffer& offer, int gpus) {
  const int per = std::max(1, offer.gpus_per_server);
  return (std::max(0, gpus) + per - 1) / per;
}

Usd owned_fixed_per_gpu(const PurchaseOffer& offer, double hours) {
  return owned_server_monthly(offer, 0.0, hours).total() * (1.0 / std::max(1, offer.gpus_per_server));
}

Usd owned_full_load_extra_per_gpu(const PurchaseOffer& offer, double hours) {
  const double extra = owned_server_monthly(offer, 1.0, hours).power.value - owned_server_monthly(offer, 0.0, hours).power.value;
  return Usd(extra / std::max(1, offer.gpus_per_server));
}

}  // namespace nimcost
