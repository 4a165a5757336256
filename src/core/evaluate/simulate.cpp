// Resolution for `nimcost simulate`: catalog look-ups, replica rates per traffic kind, prices,
// billing and license terms, then the simulation (or the search) and a verdict in words.
#include "simulate_offers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>
#include <nimcost/model/api_cost.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace nimcost {

namespace {

// One replica's tokens/s for a traffic kind: the throughput model at the profile's operating point
// (realtime: the largest concurrency meeting the latency target; batch: the memory-bound maximum),
// on the tensor-parallel degree `tp` when one is already chosen.
SelfHostPlan sized_for(const Catalog& catalog, const ScenarioSpec& spec, const TrafficProfile& profile,
                       const Workload& workload, std::optional<int> tp, std::vector<std::string>& warnings) {
  SelfHostRequest request = spec.request.selfhost;
  request.gpus.reset();  // the policy sizes the fleet
  if (request.purchase) {
    // An owned fleet neither scales nor bills by the hour; its month is not what the simulator plays.
    throw usage_error("simulate plays rented fleets; price bought servers (--purchase) with crossover, compare "
                      "or sweep");
  }
  SelfHostPlan plan = resolve_selfhost(catalog, request, warnings);
  if (!request.replica) return plan;
  request.profile = profile.kind;
  if (profile.kind == "realtime") {
    if (profile.ttft_ms && !request.target.ttft_ms) request.target.ttft_ms = profile.ttft_ms;
    if (profile.tpot_ms && !request.target.tpot_ms) request.target.tpot_ms = profile.tpot_ms;
  } else {
    request.target = LatencyTarget{};
  }
  if (tp) request.replica->tp = *tp;
  apply_replica(catalog, request, workload, plan, warnings);
  return plan;
}

// Each part's traffic profile from the catalog (batch windows overridden by --batch-window).
std::vector<TrafficProfile> part_profiles(const Catalog& catalog, const SimulateRequest& request) {
  std::vector<TrafficProfile> profiles;
  for (const auto& part : request.spec.parts) {
    const std::string id = part.profile.value_or(catalog.defaults.profile);
    try {
      profiles.push_back(catalog.traffic_profile(id));
    } catch (const Error& e) {
      if (part.origin.empty()) throw;  // from flags: a usage error as it stands
      throw input_error(fmt::format("{}: workload '{}': {}", part.origin, part.name, e.what()));
    }
    if (request.batch_window_s && profiles.back().kind == "batch") profiles.back().window_hours = *request.batch_window_s / 3600.0;
  }
  return profiles;
}

// Each part's replica. Realtime parts choose the tensor-parallel degree (the latency target may
// need a wider replica); batch parts then run on the same replicas. Returns the plans and the index
// of the part that chose (the fleet's plan).
std::pair<std::vector<SelfHostPlan>, std::size_t> part_plans(const Catalog& catalog, const ScenarioSpec& spec,
                                                            const std::vector<TrafficProfile>& profiles,
                                                            const std::vector<Workload>& workloads,
                                                            std::vector<std::string>& warnings) {
  std::vector<std::size_t> order(spec.parts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return profiles[a].kind == "realtime" && profiles[b].kind != "realtime"; });
  std::optional<int> tp;
  std::vector<SelfHostPlan> plans(spec.parts.size());
  for (std::size_t i : order) {
    plans[i] = sized_for(catalog, spec, profiles[i], workloads[i], tp, warnings);
    if (spec.request.selfhost.replica && !tp) tp = plans[i].gpus_per_replica;
  }
  return {std::move(plans), order.front()};
}

// The API the fleet is compared with and spills to: the cheapest of those compared, priced on the
// whole mix as `run` prices it (cached input and the batch API included).
ApiModel cheapest_api(const Catalog& catalog, const ScenarioSpec& spec, const std::string& served_model,
                      const std::vector<Workload>& workloads, std::vector<std::string>& warnings) {
  std::vector<ApiModel> apis = resolve_api_models(catalog, spec.request.providers, warnings);
  if (apis.empty()) throw usage_error("no API model to compare with: check --provider");
  // Like for like: the APIs of the self-hosted model's quality (--compare-to, --min-quality).
  std::vector<ApiModel> compared;
  for (const auto& m : apis) {
    if (in_comparison(quality_tier(catalog, m, served_model, spec.request.min_quality), spec.request.compare_to)) {
      compared.push_back(m);
    }
  }
  if (compared.empty()) {
    warnings.push_back(fmt::format("no API compared is of {}'s quality ({}); the cheapest of all is used", served_model,
                                   compare_to_name(spec.request.compare_to)));
  } else {
    apis = std::move(compared);
  }
  const Workload total = total_workload(catalog, workloads, spec.request.workload.batch_api);
  const ApiModel* api = &apis.front();
  for (const auto& m : apis) {
    if (api_cost(m, total).blended < api_cost(*api, total).blended) api = &m;
  }
  return *api;
}

// The fleet's prices per GPU-hour, license terms and billing unit.
void set_prices(SimulateReport& report, const SimulateRequest& request) {
  const SelfHostPlan& plan = report.plan;
  SimSetup& setup = report.setup;
  setup.usd_per_gpu_hour = plan.usd_per_gpu_hour;
  setup.hours = plan.hours_per_month.value;
  setup.step_s = request.step_s;
  setup.ops_monthly_usd = plan.ops_monthly.value;
  if (plan.license.pricing == LicensePricing::per_gpu_hour) setup.license_usd_per_gpu_hour = license_usd_per_gpu_hour(plan.license);
  else setup.license_usd_per_gpu_month = license_monthly_cost_per_gpu(plan).value;
  report.billing = request.billing.value_or(plan.rental ? plan.rental->billing : std::string("per-hour"));
  if (report.billing.empty()) report.billing = "per-hour";
  setup.billing_granularity_s = billing_unit_s(report.billing, setup.hours * 3600.0);
}

// The fleet as asked for: --gpus, else what crossover would size for the month's average.
int fleet_replicas(const SimulateRequest& request, const SimSetup& setup, const SelfHostPlan& plan) {
  const auto& gpus = request.spec.request.selfhost.gpus;
  if (gpus) {
    if (*gpus % setup.gpus_per_replica != 0) {
      throw usage_error(fmt::format("--gpus {} is not a whole number of {}-GPU replicas", *gpus, setup.gpus_per_replica));
    }
    return *gpus / setup.gpus_per_replica;
  }
  double replica_seconds = 0.0;
  for (const auto& p : setup.parts) replica_seconds += p.tokens_per_month / p.replica_tokens_per_s;
  const double average = replica_seconds / (setup.hours * 3600.0);
  return std::max(1, static_cast<int>(std::ceil(average / plan.max_utilization - 1e-9)));
}

// The policy as asked for, checked.
PolicySpec policy_for(const SimulateRequest& request, const SimSetup& setup, const SelfHostPlan& plan) {
  const int replicas = fleet_replicas(request, setup, plan);
  PolicySpec policy = setup.policy;
  policy.policy = request.policy.value_or(FleetPolicy::fixed);
  policy.replicas = replicas;
  policy.min_replicas = request.min_replicas.value_or(0);
  policy.max_replicas = request.max_replicas.value_or(std::max(2, 2 * replicas));
  if (request.scale_up_delay_s) policy.scale_up_delay_s = *request.scale_up_delay_s;
  if (request.scale_down_after_s) policy.scale_down_after_s = *request.scale_down_after_s;
  policy.target_utilization = request.target_utilization.value_or(plan.max_utilization);
  policy.realtime_to_api = request.realtime_to_api;
  if (request.realtime_to_api && policy.policy != FleetPolicy::hybrid) {
    throw usage_error("--realtime-to-api routes realtime traffic under --policy hybrid; give --policy hybrid");
  }
  if (policy.policy == FleetPolicy::autoscale && policy.max_replicas < policy.min_replicas) {
    throw usage_error(fmt::format("--max-replicas ({}) is below --min-replicas ({})", policy.max_replicas,
                                  policy.min_replicas));
  }
  return policy;
}

// The Monte Carlo run, or the --optimize search (the best policy's run), then --break-even.
void simulate_month(SimulateReport& report, const SimulateRequest& request, const std::function<void(int, int)>& progress) {
  SimSetup& setup = report.setup;
  if (request.optimize) {
    report.search = optimize_policy(setup, request.seed, request.seeds, request.max_slo_violation, request.threads,
                                    progress ? [&](int done, int) { progress(done, 0); } : std::function<void(int, int)>());
    if (report.search->best) {
      const Candidate& best = report.search->candidates[*report.search->best];
      setup.policy = best.policy;
      report.result = best.result;
    } else {
      report.result = report.search->candidates.back().result;
    }
  } else {
    report.result = simulate(setup, request.seed, request.seeds, request.threads,
                             progress ? [&](int done) { progress(done, request.seeds); } : std::function<void(int)>());
  }
  report.meets_slo_target = report.result.slo_violation_fraction.mean <= request.max_slo_violation + 1e-12;
  if (!report.meets_slo_target && !request.optimize) {
    // Never cheaper by missing the target without saying what meets it: the cheapest policy that does.
    // The API alone (a hybrid base of 0) is already in the verdict; the alternative is a fleet.
    const OptimizeResult search = optimize_policy(setup, request.seed, request.seeds, request.max_slo_violation, request.threads);
    for (const Candidate& c : search.candidates) {
      if (!c.meets_slo || api_only(c.policy)) continue;
      if (!report.alternative || c.result.total_usd.mean < report.alternative->result.total_usd.mean) report.alternative = c;
    }
  }
  if (request.break_even) {
    // A fixed fleet on the --rental as given, whatever its term.
    SimSetup fixed = setup;
    fixed.policy.policy = FleetPolicy::fixed;
    fixed.policy.committed_replicas = fixed.policy.spot_replicas = 0;
    fixed.policy.replicas = 1;  // the search sizes it
    fixed.usd_per_gpu_hour = report.plan.usd_per_gpu_hour;
    if (report.plan.rental && report.plan.rental->spot()) {
      report.warnings.push_back("--break-even prices a fixed fleet at the spot rate as if never interrupted: a floor");
    }
    report.break_even = selfhost_break_even(fixed, request.seed, request.seeds, request.max_slo_violation, request.threads,
                                            progress ? [&](int done) { progress(done, 0); } : std::function<void(int)>());
  }
}

}  // namespace

SimulateReport evaluate_simulation(const Catalog& catalog, const SimulateRequest& asked,
                                   const std::function<void(int, int)>& progress) {
  SimulateRequest request = asked;
  request.spec.request.selfhost = with_served_model(catalog, request.spec.request.selfhost);
  SimulateReport report;
  report.spec = request.spec;
  report.max_slo_violation = request.max_slo_violation;
  const ScenarioSpec& spec = request.spec;
  if (spec.parts.empty()) throw usage_error("nothing to simulate: give --tokens or a scenario file");
  if (!(request.max_slo_violation >= 0.0) || request.max_slo_violation > 1.0) {
    throw usage_error("--max-slo-violation must be a fraction from 0 to 1");
  }

  const std::vector<Workload> workloads = scenario_part_workloads(catalog, spec);
  const std::vector<TrafficProfile> profiles = part_profiles(catalog, request);
  const auto [plans, chooser] = part_plans(catalog, spec, profiles, workloads, report.warnings);
  report.plan = plans[chooser];
  const int gpus_per_replica = std::max(1, report.plan.gpus_per_replica);
  const ApiModel api = cheapest_api(catalog, spec, report.plan.served_model, workloads, report.warnings);

  SimSetup& setup = report.setup;
  for (std::size_t i = 0; i < spec.parts.size(); ++i) {
    SimulatedPart part;
    part.name = spec.parts[i].name;
    part.profile = profiles[i].id;
    part.kind = profiles[i].kind;
    part.workload = workloads[i];
    part.workload.batch_api = spec.request.workload.batch_api && part.kind == "batch";
    part.replica_tokens_per_s = plans[i].capacity_tokens_per_s_per_gpu * gpus_per_replica;
    part.capacity_source = plans[i].capacity_source;
    part.api = api.id;
    part.api_per_mtok = api_cost(api, part.workload).blended;
    setup.parts.push_back({part.name, profiles[i], workloads[i].tokens.value, part.replica_tokens_per_s,
                           part.api_per_mtok.value});
    report.parts.push_back(std::move(part));
  }
  report.profiles = profiles;
  setup.gpus_per_replica = gpus_per_replica;
  set_prices(report, request);
  setup.policy = policy_for(request, setup, report.plan);
  set_fleet_offers(catalog, request, report);
  check_setup(setup);
  simulate_month(report, request, progress);
  return report;
}

}  // namespace nimcost
