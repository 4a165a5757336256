// The offers a simulated fleet is priced at: the policy's replicas on the --rental (on-demand), a
// committed base and spot replicas on offers of those terms for the same GPU.
#include "simulate_offers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <numeric>

namespace nimcost {

namespace {

const RentalOffer* cheapest_of_term(const Catalog& catalog, const std::string& gpu, bool committed) {
  const RentalOffer* best = nullptr;
  for (const auto& offer : catalog.rentals) {
    if (!same_name(offer.gpu, gpu) || (committed ? !offer.committed() : !offer.spot())) continue;
    if (best == nullptr || offer.usd_per_gpu_hour < best->usd_per_gpu_hour) best = &offer;
  }
  return best;
}

const char* term_wanted(bool committed) { return committed ? "a 1-year or 3-year commitment" : "spot"; }

// The offer named by --committed-rental or --spot-rental, else the GPU's cheapest of that term.
const RentalOffer* offer_of_term(const Catalog& catalog, const std::optional<std::string>& named, const char* flag,
                                 const std::string& gpu, bool committed) {
  if (!named) return cheapest_of_term(catalog, gpu, committed);
  const RentalOffer& offer = catalog.rental(*named);
  if (!same_name(offer.gpu, gpu)) {
    throw usage_error(fmt::format("{} {} rents {}, but the fleet runs on {}", flag, *named, offer.gpu, gpu));
  }
  if (committed ? !offer.committed() : !offer.spot()) {
    throw usage_error(fmt::format("{} {} is {} {} offer, not {}", flag, *named, offer.term == "on-demand" ? "an" : "a",
                                  offer.term, term_wanted(committed)));
  }
  return &offer;
}

// A committed or spot --rental: the policy's replicas are of that term, and on-demand capacity (the
// autoscaler's, --optimize's) rents the GPU's on-demand offer.
void move_replicas_to_term(const Catalog& catalog, const SimulateRequest& request, SimulateReport& report) {
  const RentalOffer& own = *report.plan.rental;
  PolicySpec& policy = report.setup.policy;
  if (policy.policy == FleetPolicy::autoscale) {
    throw usage_error(fmt::format("--rental {} is {}: an autoscaled fleet rents on demand; give an on-demand --rental "
                                  "and --{} N for the base",
                                  own.id, term_wanted(own.committed()), own.committed() ? "committed" : "spot"));
  }
  if (own.committed() ? request.committed_replicas.has_value() : request.spot_replicas.has_value()) {
    throw usage_error(fmt::format("--{} adds {} replicas under an on-demand --rental; --rental {} is already {}",
                                  own.committed() ? "committed" : "spot", own.term, own.id, own.term));
  }
  if (own.committed()) {
    report.offers.committed = own;
    policy.committed_replicas = policy.replicas;
  } else {
    report.offers.spot = own;
    policy.spot_replicas = policy.replicas;
  }
  policy.replicas = 0;
  const RentalOffer* on_demand = catalog.first_rental_for(report.plan.gpu.id);
  if (on_demand != nullptr && on_demand->term == "on-demand") {
    report.offers.on_demand = *on_demand;
    report.setup.usd_per_gpu_hour = on_demand->usd_per_gpu_hour;
  } else if (request.optimize) {
    throw usage_error(fmt::format("--optimize weighs on-demand fleets too, and the catalog has no on-demand offer for "
                                  "{}: add one in a --catalog file",
                                  report.plan.gpu.id));
  }
}

// The spot offer's interruptions (flags first); without figures, spot replicas cannot be simulated.
void set_spot_terms(const SimulateRequest& request, SimulateReport& report) {
  const RentalOffer& spot = *report.offers.spot;
  std::optional<double> per_day = request.interruptions_per_day ? request.interruptions_per_day : spot.interruptions_per_day;
  std::optional<double> mean_s = request.mean_interruption_s;
  if (!mean_s && spot.mean_interruption_minutes) mean_s = *spot.mean_interruption_minutes * 60.0;
  if (!per_day || !mean_s) {
    const std::string missing = fmt::format("spot offer {} gives no interruption figures (none are published for most "
                                            "GPUs): give --interruptions-per-day and --mean-interruption",
                                            spot.id);
    if (report.setup.policy.spot_replicas > 0) throw usage_error(missing);
    report.warnings.push_back("--optimize leaves spot capacity out: " + missing);
    report.offers.spot.reset();
    return;
  }
  report.offers.interruptions_from =
      request.interruptions_per_day || request.mean_interruption_s ? "flags" : "catalog";
  report.setup.spot_usd_per_gpu_hour = spot.usd_per_gpu_hour;
  report.setup.spot_interruptions_per_day = *per_day;
  report.setup.spot_mean_interruption_s = *mean_s;
}

// Offers rented in instances of several GPUs: the simulated replica becomes whole replicas in whole
// instances (its rate and the counts scale with it), so every instance billed is a whole one.
void set_instance_unit(SimulateReport& report) {
  SimSetup& setup = report.setup;
  const int replica = setup.gpus_per_replica;
  int unit = replica;
  std::string widest;
  for (const auto* offer : {&report.offers.on_demand, &report.offers.committed, &report.offers.spot}) {
    if (!*offer || (*offer)->gpus_per_instance <= 1) continue;
    unit = std::lcm(unit, (*offer)->gpus_per_instance);
    widest = (*offer)->id;
  }
  if (unit == replica) return;
  const int k = unit / replica;
  for (auto& part : setup.parts) part.replica_tokens_per_s *= k;
  for (auto& part : report.parts) part.replica_tokens_per_s *= k;
  PolicySpec& p = setup.policy;
  for (int* n : {&p.replicas, &p.committed_replicas, &p.spot_replicas, &p.min_replicas, &p.max_replicas}) *n = (*n + k - 1) / k;
  setup.gpus_per_replica = unit;
  report.warnings.push_back(fmt::format("{} rents whole instances of GPUs: the fleet grows by {} GPUs at a time ({} "
                                        "replicas of {} GPUs), and counts are in those units",
                                        widest, unit, k, replica));
}

}  // namespace

void set_fleet_offers(const Catalog& catalog, const SimulateRequest& request, SimulateReport& report) {
  SimSetup& setup = report.setup;
  const std::string& gpu = report.plan.gpu.id;
  const bool own_term = report.plan.rental && (report.plan.rental->committed() || report.plan.rental->spot());
  if (own_term) move_replicas_to_term(catalog, request, report);
  else report.offers.on_demand = report.plan.rental;

  if (!report.offers.committed && (request.committed_replicas || request.committed_rental || request.optimize)) {
    if (const RentalOffer* o = offer_of_term(catalog, request.committed_rental, "--committed-rental", gpu, true)) {
      report.offers.committed = *o;
    } else if (request.committed_replicas.value_or(0) > 0) {
      throw usage_error(fmt::format("--committed: the catalog has no 1-year or 3-year offer for {}; name one with "
                                    "--committed-rental or add one in a --catalog file",
                                    gpu));
    }
  }
  // --committed or --spot without --gpus: the base is the fleet, no on-demand replicas held besides.
  const bool base_asked = request.committed_replicas.value_or(0) > 0 || request.spot_replicas.value_or(0) > 0;
  if (base_asked && !own_term && !request.spec.request.selfhost.gpus && setup.policy.policy != FleetPolicy::autoscale) {
    setup.policy.replicas = 0;
  }
  if (request.committed_replicas) setup.policy.committed_replicas = *request.committed_replicas;
  if (report.offers.committed) setup.committed_usd_per_gpu_hour = report.offers.committed->usd_per_gpu_hour;

  if (!report.offers.spot && (request.spot_replicas || request.spot_rental || request.optimize)) {
    if (const RentalOffer* o = offer_of_term(catalog, request.spot_rental, "--spot-rental", gpu, false)) {
      report.offers.spot = *o;
    } else if (request.spot_replicas.value_or(0) > 0) {
      throw usage_error(fmt::format("--spot: the catalog has no spot offer for {}; name one with --spot-rental or add "
                                    "one in a --catalog file",
                                    gpu));
    }
  }
  if (request.spot_replicas) setup.policy.spot_replicas = *request.spot_replicas;
  if (report.offers.spot) set_spot_terms(request, report);
  if ((request.interruptions_per_day || request.mean_interruption_s) && !report.offers.spot) {
    throw usage_error("--interruptions-per-day and --mean-interruption describe spot capacity: give --spot N, a spot "
                      "--rental, or --optimize");
  }
  set_instance_unit(report);
}

}  // namespace nimcost
