// What a plan configuration is priced and simulated on (internal to evaluate/plan*.cpp): the GPU's
// offers of each term and its servers to buy, and the self-hosting request of one configuration.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/resolve/request.hpp>

#include <string>
#include <vector>

namespace nimcost {

// The GPU's cheapest on-demand offer (the newest of equal price), and the cheapest committed and spot
// offers rented in the same instance size (as simulate picks them, so the fleet's unit stays one);
// spot only with published interruption rates, which the simulation needs. Null where there is none.
struct GpuOffers {
  const RentalOffer* on_demand = nullptr;
  const RentalOffer* committed = nullptr;
  const RentalOffer* spot = nullptr;
  const RentalOffer* spot_without_rates = nullptr;  // a cheaper spot offer left out for want of rates
  std::vector<const PurchaseOffer*> purchases;
  int priced() const;  // the hosting options these are: offers and servers
};
GpuOffers gpu_offers(const Catalog& catalog, const std::string& gpu);

// One configuration in the self-hosting template: its GPU on its on-demand offer, its served model at
// its precision and TP. What the plan searches is never kept from the template (a --gpus, a typed
// rate, a purchase); what it does not (license, hours, operations, the engine, lengths, prefix cache,
// speculation) is.
SelfHostRequest configured(const SelfHostRequest& base, const std::string& model, const std::string& gpu,
                           const std::string& precision, int tp, const std::string& on_demand);

}  // namespace nimcost
