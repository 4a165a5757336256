// Buying servers against renting the same GPUs: the monthly volume from which the bought fleet costs
// no more than the rented one (for good), and how many months the servers take to pay back in cash.
// Both plans serve the same model on the same GPU at the same operating point; they differ in price
// and in how the fleet grows (a replica at a time, or whole servers).
#pragma once

#include <nimcost/model/selfhost.hpp>

#include <optional>
#include <string>

namespace nimcost {

struct BuyVsRent {
  std::string purchase;  // the purchase offer's ID
  std::string rental;    // the rental offer's ID, or the typed rate's flag
  PurchaseOffer purchase_offer;              // both sides' figures, for the report's assumptions
  std::optional<RentalOffer> rental_offer;   // absent for a typed rate
  Usd purchase_monthly;  // both at the report's volume
  Usd rental_monthly;
  std::optional<Tokens> break_even;              // buying costs no more from here on; absent: never
  std::optional<double> break_even_utilization;  // the bought fleet's utilization there
  // The servers' price over the cash saved each month against renting (rent less power, colocation,
  // support and licenses); absent when owning costs more in cash than renting.
  std::optional<double> payback_months;
  double depreciation_years = 0.0;  // the servers'
  bool searched_out = false;  // no break-even within k_max_gpus: not "never", just not in a fleet modelled
};

// `bought` has a purchase, `rented` a rental; both unpinned plans of one GPU and model.
BuyVsRent buy_vs_rent(const SelfHostPlan& bought, const SelfHostPlan& rented, Tokens volume);

}  // namespace nimcost
