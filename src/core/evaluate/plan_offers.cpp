// The offers a plan configuration runs on, and its self-hosting request.
#include "plan_offers.hpp"

namespace nimcost {

namespace {

// Cheaper first; of equal price the newer figure, then the ID, so the choice does not hang on the
// catalog's order.
bool better(const RentalOffer& a, const RentalOffer* b) {
  if (b == nullptr) return true;
  if (a.usd_per_gpu_hour != b->usd_per_gpu_hour) return a.usd_per_gpu_hour < b->usd_per_gpu_hour;
  if (a.provenance.as_of != b->provenance.as_of) return a.provenance.as_of > b->provenance.as_of;
  return a.id < b->id;
}

bool has_rates(const RentalOffer& o) { return o.interruptions_per_day && o.mean_interruption_minutes; }

}  // namespace

int GpuOffers::priced() const {
  return (on_demand ? 1 : 0) + (committed ? 1 : 0) + (spot ? 1 : 0) + static_cast<int>(purchases.size());
}

GpuOffers gpu_offers(const Catalog& catalog, const std::string& gpu) {
  GpuOffers out;
  for (const auto& o : catalog.rentals) {
    if (o.gpu == gpu && o.term == "on-demand" && better(o, out.on_demand)) out.on_demand = &o;
  }
  if (out.on_demand == nullptr) return out;
  const int unit = out.on_demand->gpus_per_instance;
  for (const auto& o : catalog.rentals) {
    if (o.gpu != gpu || o.gpus_per_instance != unit) continue;
    if (o.committed() && better(o, out.committed)) out.committed = &o;
    if (o.spot() && has_rates(o) && better(o, out.spot)) out.spot = &o;
    if (o.spot() && !has_rates(o) && better(o, out.spot_without_rates)) out.spot_without_rates = &o;
  }
  if (out.spot && out.spot_without_rates && !better(*out.spot_without_rates, out.spot)) out.spot_without_rates = nullptr;
  for (const auto& p : catalog.purchases) {
    if (p.gpu == gpu) out.purchases.push_back(&p);
  }
  return out;
}

SelfHostRequest configured(const SelfHostRequest& base, const std::string& model, const std::string& gpu,
                           const std::string& precision, int tp, const std::string& on_demand) {
  SelfHostRequest r = base;
  r.gpu = gpu;
  r.rental = on_demand;
  r.purchase.reset();
  r.gpus.reset();
  r.gpu_hourly_usd.reset();
  r.gpu_monthly_usd.reset();
  r.capacity_tokens_per_s.reset();
  ReplicaRequest replica = r.replica.value_or(ReplicaRequest{});
  replica.model = model;
  replica.gpu = gpu;
  replica.precision = precision;
  replica.tp = tp;
  r.replica = replica;
  return r;
}

}  // namespace nimcost
