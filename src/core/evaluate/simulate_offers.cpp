// The offers a simulated fleet is priced at: the policy's replicas on the --rental (on-demand), a
// committed base and spot replicas on offers of those terms for the same GPU.
#include "simulate_offers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <numeric>

namespace nimcost {

namespace {

// The GPU's cheapest offer of the term among those rented in instances of `instance_gpus` (so that a
// default never changes the fleet's unit: an 8-GPU commitment under 1-GPU rentals would).
const RentalOffer* cheapest_of_term(const Catalog& catalog, const std::string& gpu, bool committed, int instance_gpus) {
  const RentalOffer* best = nullptr;
  for (const auto& offer : catalog.rentals) {
    if (!same_name(offer.gpu, gpu) || (committed ? !offer.committed() : !offer.spot())) continue;
    if (offer.gpus_per_instance != instance_gpus) continue;
    if (best == nullptr || offer.usd_per_gpu_hour < best->usd_per_gpu_hour) best = &offer;
  }
  return best;
}

const char* term_wanted(bool committed) { return committed ? "a 1-year or 3-year commitment" : "spot"; }

// The offer named by --committed-rental or --spot-rental, else the GPU's cheapest of that term.
const RentalOffer* offer_of_term(const Catalog& catalog, const std::optional<std::string>& named, const char* flag,
                                 const std::string& gpu, bool committed, int instance_gpus) {
  if (!named) return cheapest_of_term(catalog, gpu, committed, instance_gpus);
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
    if (!request.billing) {  // on-demand sessions are billed as that offer bills them
      report.billing = on_demand->billing.empty() ? "per-hour" : on_demand->billing;
      report.setup.billing_granularity_s = billing_unit_s(report.billing, report.setup.hours * 3600.0);
    }
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
    if (request.optimize) report.warnings.push_back("--optimize leaves spot capacity out: " + missing);
    report.offers.spot.reset();
    return;
  }
  report.offers.interruptions_from =
      request.interruptions_per_day || request.mean_interruption_s ? "flags" : "catalog";
  report.setup.spot_usd_per_gpu_hour = spot.usd_per_gpu_hour;
  report.setup.spot_interruptions_per_day = *per_day;
  report.setup.spot_mean_interruption_s = *mean_s;
  report.setup.spot_billing_granularity_s =
      billing_unit_s(spot.billing.empty() ? "per-hour" : spot.billing, report.setup.hours * 3600.0);
}

// Offers rented in instances of several GPUs: the simulated replica becomes whole replicas in whole
// instances (its rate and the counts scale with it), so every instance billed is a whole one.
void set_instance_unit(SimulateReport& report, bool optimize) {
  SimSetup& setup = report.setup;
  const PolicySpec& p = setup.policy;
  const int replica = setup.gpus_per_replica;
  int unit = replica;
  std::string widest;
  // Only offers that hold replicas (or that --optimize may give some) set the unit.
  const bool on_demand_used = optimize || p.replicas > 0 || p.policy == FleetPolicy::autoscale;
  const std::pair<const std::optional<RentalOffer>*, bool> offers[] = {
      {&report.offers.on_demand, on_demand_used},
      {&report.offers.committed, optimize || p.committed_replicas > 0},
      {&report.offers.spot, optimize || p.spot_replicas > 0}};
  for (const auto& [offer, used] : offers) {
    if (!used || !*offer || (*offer)->gpus_per_instance <= 1) continue;
    unit = std::lcm(unit, (*offer)->gpus_per_instance);
    widest = (*offer)->id;
  }
  if (unit == replica) return;
  const int k = unit / replica;
  for (auto& part : setup.parts) part.replica_tokens_per_s *= k;
  for (auto& part : report.parts) part.replica_tokens_per_s *= k;
  PolicySpec& counts = setup.policy;
  for (int* n : {&counts.replicas, &counts.committed_replicas, &counts.spot_replicas, &counts.min_replicas,
                 &counts.max_replicas}) {
    *n = (*n + k - 1) / k;
  }
  setup.gpus_per_replica = unit;
  report.warnings.push_back(fmt::format("{} rents whole instances of GPUs: the fleet grows by {} GPUs at a time ({} "
                                        "replicas of {} GPU{}), and counts are in those units",
                                        widest, unit, k, replica, replica == 1 ? "" : "s"));
}

}  // namespace

double billing_unit_s(const std::string& billing, double month_s) {
  if (billing == "per-second") return 1.0;
  if (billing == "per-minute") return 60.0;
  if (billing == "per-hour" || billing == "hourly") return 3600.0;
  if (billing == "monthly") return month_s;  // held at all: the whole month
  throw usage_error(fmt::format("--billing must be one of {}, got '{}'", fmt::join(k_billing_names, ", "), billing));
}

void set_fleet_offers(const Catalog& catalog, const SimulateRequest& request, SimulateReport& report) {
  SimSetup& setup = report.setup;
  const std::string& gpu = report.plan.gpu.id;
  const bool own_term = report.plan.rental && (report.plan.rental->committed() || report.plan.rental->spot());
  if (own_term) move_replicas_to_term(catalog, request, report);
  else report.offers.on_demand = report.plan.rental;

  const int instance_gpus = report.offers.on_demand ? report.offers.on_demand->gpus_per_instance : 1;
  if (!report.offers.committed && (request.committed_replicas || request.committed_rental || request.optimize)) {
    if (const RentalOffer* o =
            offer_of_term(catalog, request.committed_rental, "--committed-rental", gpu, true, instance_gpus)) {
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
    if (const RentalOffer* o = offer_of_term(catalog, request.spot_rental, "--spot-rental", gpu, false, instance_gpus)) {
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
  if ((request.committed_rental && !request.committed_replicas && !request.optimize) ||
      (request.spot_rental && !request.spot_replicas && !request.optimize)) {
    report.warnings.push_back("--committed-rental and --spot-rental name the offers for --committed N, --spot N or "
                              "--optimize; alone they change nothing");
  }
  set_instance_unit(report, request.optimize);
}

}  // namespace nimcost
