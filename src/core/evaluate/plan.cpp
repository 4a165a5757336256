// `nimcost plan`: what is searched (models of the quality, GPUs with an on-demand offer, the
// precisions each runs, TP 1/2/4/8), the analytic stage, the shortlisted simulations, and the
// winner again with every seed. Candidates from one simulated configuration are in plan_candidates.cpp.
#include "plan_candidates.hpp"
#include "plan_configs.hpp"
#include "plan_offers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <set>
#include <thread>

namespace nimcost {

namespace {

// The quality bar and the served models that reach it (or the one asked for).
void choose_models(const Catalog& catalog, const PlanRequest& request, PlanReport& report) {
  const std::string yardstick = request.model ? catalog.served_model(*request.model).id : catalog.defaults.served_model;
  if (request.min_quality) {
    report.min_quality = *request.min_quality;
    report.quality_from = "--min-quality";
  } else if (const QualityScore* q = catalog.quality_of(yardstick)) {
    report.min_quality = q->score;
    report.quality_from = yardstick;
  } else {
    throw usage_error(fmt::format("{} has no quality score in the catalog; give --min-quality", yardstick));
  }
  if (request.model) {
    report.models = {yardstick};
    return;
  }
  for (const auto& m : catalog.served_models) {
    const QualityScore* q = catalog.quality_of(m.id);
    if (q == nullptr) continue;
    if (q->score >= report.min_quality) {
      report.models.push_back(m.id);
    } else if (!report.best_served_score || q->score > *report.best_served_score) {
      report.best_served_model = m.id;
      report.best_served_score = q->score;
    }
  }
  if (!report.models.empty()) {
    report.best_served_model.clear();
    report.best_served_score.reset();
  }
}

// Every GPU with an on-demand offer (the simulated fleets rent on demand around their committed,
// spot or bought base), or those --gpu names.
std::vector<std::string> choose_gpus(const Catalog& catalog, const PlanRequest& request, std::vector<std::string>& warnings) {
  std::vector<std::string> out, missing;
  if (!request.gpus.empty()) {
    for (const auto& id : request.gpus) {
      const std::string gpu = catalog.gpu(id).id;
      if (gpu_offers(catalog, gpu).on_demand == nullptr) {
        throw usage_error(fmt::format("--gpu {}: the catalog has no on-demand offer for it to simulate", gpu));
      }
      if (std::find(out.begin(), out.end(), gpu) == out.end()) out.push_back(gpu);
    }
    return out;
  }
  std::vector<std::string> unpriced;
  for (const auto& g : catalog.gpus) {
    const bool priced = std::any_of(catalog.rentals.begin(), catalog.rentals.end(), [&](const RentalOffer& o) { return o.gpu == g.id; }) ||
                        std::any_of(catalog.purchases.begin(), catalog.purchases.end(), [&](const PurchaseOffer& o) { return o.gpu == g.id; });
    (gpu_offers(catalog, g.id).on_demand ? out : priced ? missing : unpriced).push_back(g.id);
  }
  if (!unpriced.empty()) {
    warnings.push_back(fmt::format("not searched, for want of any offer to price them in the catalog (add a [[rental]] "
                                   "with --catalog): {}",
                                   fmt::join(unpriced, ", ")));
  }
  if (!missing.empty()) {
    warnings.push_back(fmt::format("not searched, for want of an on-demand offer (simulated fleets rent on demand "
                                   "around any committed, spot or bought base): {}",
                                   fmt::join(missing, ", ")));
  }
  return out;
}

std::vector<std::string> choose_precisions(const PlanRequest& request) {
  if (request.precisions.empty()) return {"bf16", "fp8", "int4", "fp4"};
  std::vector<std::string> out;
  for (const auto& p : request.precisions) {
    const std::string name(precision_name(parse_precision(p)));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// The realtime target: the flags', else the first realtime profile's, else the catalog's.
LatencyTarget resolve_target(const Catalog& catalog, const PlanRequest& request, const std::vector<TrafficProfile>& profiles) {
  LatencyTarget t = request.spec.request.selfhost.target;
  for (const auto& p : profiles) {
    if (p.kind != "realtime") continue;
    if (!t.ttft_ms) t.ttft_ms = p.ttft_ms.value_or(catalog.defaults.realtime_ttft_ms);
    if (!t.tpot_ms) t.tpot_ms = p.tpot_ms.value_or(catalog.defaults.realtime_tpot_ms);
    break;
  }
  return t;
}

// The configuration's simulation: --optimize's search of policies on its GPU's offers.
SimulateRequest simulation_of(const PlanRequest& request, const PlanReport& report, const PlanConfig& c) {
  SimulateRequest sim;
  sim.spec = request.spec;
  SelfHostRequest& s = sim.spec.request.selfhost;
  s = configured(s, c.model, c.gpu, c.precision, c.tp, c.on_demand);
  if (!c.committed.empty()) sim.committed_rental = c.committed;
  if (!c.spot.empty()) sim.spot_rental = c.spot;
  s.target = report.target;
  sim.spec.request.min_quality = report.min_quality;
  sim.spec.request.compare_to = CompareTo::comparable;
  sim.optimize = true;
  sim.seed = request.seed;
  sim.seeds = request.search_seeds;
  sim.step_s = request.search_step_s;
  sim.max_slo_violation = request.max_slo_violation;
  sim.threads = request.threads;
  return sim;
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& w : from) {
    if (std::find(to.begin(), to.end(), w) == to.end()) to.push_back(w);
  }
}

// A simulation's warnings, but those the plan says once in its own words: --optimize's advice to give
// spot flags, and the spill API of another quality when there is none of it (hybrids are then left out).
void add_simulation_warnings(const Catalog& catalog, const SimulateReport& sim, bool no_api, std::vector<std::string>& to,
                             std::vector<std::string>& spot_left_out) {
  for (const auto& w : sim.warnings) {
    if (w.rfind("--optimize leaves spot capacity out", 0) == 0) continue;
    if (no_api && w.rfind("no API compared is of", 0) == 0) continue;
    if (std::find(to.begin(), to.end(), w) == to.end()) to.push_back(w);
  }
  const RentalOffer* left_out = gpu_offers(catalog, sim.plan.gpu.id).spot_without_rates;
  if (left_out && std::find(spot_left_out.begin(), spot_left_out.end(), left_out->id) == spot_left_out.end()) {
    spot_left_out.push_back(left_out->id);
  }
}

// Runs work(k) for k in [0, n) on up to `threads` threads, the calling one among them; an exception
// is rethrown once every thread has stopped.
void run_parallel(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t k = next++; k < n; k = next++) work(k);
  };
  std::vector<std::future<void>> others;
  for (std::size_t t = 1; t < std::min<std::size_t>(threads, n); ++t) others.push_back(std::async(std::launch::async, worker));
  try {
    worker();
  } catch (...) {
    for (auto& f : others) f.wait();
    throw;
  }
  for (auto& f : others) f.get();
}

// Branch and bound over the configurations, cheapest estimate first: one whose lower bound is at
// or above the best self-hosted fleet found so far cannot be the best self-hosted one (nor the
// winner) and is skipped. At most `request.shortlist` are simulated; those left with a lower bound
// under the best are counted as not ruled out. Configurations are simulated k_batch at a time, on
// as many threads as --threads allows; the batches do not depend on the cores, so neither do the results.
constexpr std::size_t k_batch = 4;

std::vector<SimulateReport> simulate_configs(const Catalog& catalog, const PlanRequest& request, const PlanSpace& space,
                                             bool no_api, PlanReport& report, std::vector<PlanEntry>& entries,
                                             std::vector<std::string>& warnings,
                                             const std::function<void(int, int)>& progress) {
  std::vector<SimulateReport> sims;
  const std::size_t most = std::min<std::size_t>(static_cast<std::size_t>(request.shortlist), space.configs.size());
  const unsigned cores = request.threads > 0 ? static_cast<unsigned>(request.threads) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<bool> simulated(space.configs.size(), false);
  std::vector<std::string> spot_left_out;
  std::size_t next = 0;
  while (sims.size() < most && next < space.configs.size()) {
    std::vector<std::size_t> batch;
    const double best = best_selfhost_usd(entries);
    for (; next < space.configs.size() && batch.size() < k_batch && sims.size() + batch.size() < most; ++next) {
      if (space.configs[next].lower_bound_usd < best) batch.push_back(next);
    }
    std::vector<SimulateReport> done(batch.size());
    run_parallel(batch.size(), cores, [&](std::size_t k) {
      SimulateRequest sim = simulation_of(request, report, space.configs[batch[k]]);
      sim.threads = 1;  // the batch is what runs in parallel
      done[k] = evaluate_simulation(catalog, sim);
    });
    for (std::size_t k = 0; k < batch.size(); ++k) {
      simulated[batch[k]] = true;
      sims.push_back(std::move(done[k]));
      add_simulation_warnings(catalog, sims.back(), no_api, warnings, spot_left_out);
      report.search.simulations += static_cast<int>(sims.back().search ? sims.back().search->candidates.size() : 1);
      add_config_entries(catalog, request, sims.back(), static_cast<int>(sims.size()) - 1, no_api, entries);
    }
    if (progress && !batch.empty()) progress(static_cast<int>(sims.size()), static_cast<int>(most));
  }
  report.search.simulated_configurations = static_cast<int>(sims.size());
  const double best = best_selfhost_usd(entries);
  for (std::size_t i = 0; i < space.configs.size(); ++i) {
    if (!simulated[i] && space.configs[i].lower_bound_usd < best) ++report.search.not_ruled_out;
  }
  if (!spot_left_out.empty()) {
    warnings.push_back(fmt::format("spot offers cheaper than any with published interruption rates are left out (the "
                                   "simulation needs the rates): {}",
                                   fmt::join(spot_left_out, ", ")));
  }
  return sims;
}

// A [plan] table's names are checked where they are written: an unknown one is the file's error.
void check_settings(const Catalog& catalog, const PlanSettings& p) {
  try {
    if (p.model) catalog.served_model(*p.model);
    for (const auto& g : p.gpus) catalog.gpu(g);
    for (const auto& x : p.precisions) parse_precision(x);
  } catch (const Error& e) {
    throw input_error(fmt::format("{}: [plan]: {}", p.origin, e.what()));
  }
}

void check_request(const PlanRequest& request) {
  if (request.spec.parts.empty()) throw usage_error("nothing to plan: give --tokens or a scenario file");
  if (!(request.max_slo_violation >= 0.0) || request.max_slo_violation > 1.0) {
    throw usage_error("--max-slo-violation must be a fraction from 0 to 1");
  }
  if (request.model && request.min_quality) throw usage_error("give --model or --min-quality, not both");
  for (int tp : request.tps) {
    if (tp < 1 || tp > k_max_tp) throw usage_error(fmt::format("--tp must be from 1 to {}, got {}", k_max_tp, tp));
  }
}

}  // namespace

PlanRequest plan_request_for(const ScenarioSpec& spec) {
  PlanRequest r;
  r.spec = spec;
  if (!r.spec.request.selfhost.replica) r.spec.request.selfhost.replica = ReplicaRequest{};
  if (!spec.plan) return r;
  const PlanSettings& p = *spec.plan;
  r.model = p.model;
  r.min_quality = p.min_quality;
  r.gpus = p.gpus;
  r.precisions = p.precisions;
  r.tps = p.tps;
  LatencyTarget& target = r.spec.request.selfhost.target;
  if (p.target.ttft_ms) target.ttft_ms = p.target.ttft_ms;
  if (p.target.tpot_ms) target.tpot_ms = p.target.tpot_ms;
  if (p.max_slo_violation) r.max_slo_violation = *p.max_slo_violation;
  if (p.shortlist) r.shortlist = *p.shortlist;
  if (p.seeds) r.seeds = *p.seeds;
  return r;
}

PlanReport evaluate_plan(const Catalog& catalog, const PlanRequest& request, const std::function<void(int, int)>& progress) {
  check_request(request);
  if (request.spec.plan) check_settings(catalog, *request.spec.plan);
  PlanReport report;
  report.spec = request.spec;
  report.max_slo_violation = request.max_slo_violation;
  report.engine = request.spec.request.selfhost.replica ? request.spec.request.selfhost.replica->engine : "trtllm";
  choose_models(catalog, request, report);
  report.gpus = choose_gpus(catalog, request, report.warnings);
  report.precisions = choose_precisions(request);
  report.tps = request.tps.empty() ? std::vector<int>{1, 2, 4, 8} : request.tps;

  PlanWorkload work;
  work.parts = scenario_part_workloads(catalog, request.spec);
  for (const auto& part : request.spec.parts) work.profiles.push_back(catalog.traffic_profile(part.profile.value_or(catalog.defaults.profile)));
  work.hours = request.spec.request.selfhost.hours_per_month.value_or(catalog.defaults.hours_per_month);
  report.workloads = work.parts;
  report.profiles = work.profiles;
  report.total = total_workload(catalog, work.parts, request.spec.request.workload.batch_api);
  if (!(report.total.tokens.value > 0.0)) throw usage_error("nothing to plan at 0 tokens a month: give a volume above 0");
  report.target = resolve_target(catalog, request, work.profiles);

  std::vector<PlanEntry> entries = api_entries(catalog, request, report);
  const std::optional<ApiModel> spill = cheapest_api_of(entries, catalog);
  for (const auto& part : work.parts) work.api_usd_per_token.push_back(spill ? api_cost(*spill, part).blended.value / 1e6 : 0.0);
  if (report.models.empty() && entries.empty()) {
    throw usage_error(fmt::format("no served model or API reaches quality {:g}; the best served model is {} at {:g}",
                                  report.min_quality, report.best_served_model, report.best_served_score.value_or(0.0)));
  }

  PlanRequest sized = request;
  sized.spec.request.selfhost.target = report.target;
  report.search.models = static_cast<int>(report.models.size());
  report.search.gpus = static_cast<int>(report.gpus.size());
  std::vector<std::string> sizing_warnings;
  const PlanSpace space =
      plan_space(catalog, sized, report.models, report.gpus, report.precisions, report.tps, work, report.search, sizing_warnings);
  report.closest = space.closest;

  const std::vector<SimulateReport> sims =
      simulate_configs(catalog, request, space, !spill.has_value(), report, entries, sizing_warnings, progress);
  report.search.search_seeds = request.search_seeds;
  report.search.search_step_s = request.search_step_s;
  report.search.seeds = request.seeds;
  report.search.step_s = request.step_s;

  settle_winners(catalog, request, sims, entries);
  for (auto& e : entries) report.candidates.push_back(std::move(e.candidate));
  mark_pareto(report.candidates);
  index_winners(report);
  add_unique(report.warnings, sizing_warnings);
  return report;
}

void mark_pareto(std::vector<PlanCandidate>& candidates) {
  const auto in_front = [](const PlanCandidate& c) { return c.kind == "selfhost" && c.meets_slo_target && c.tpot_ms; };
  for (auto& c : candidates) {
    c.pareto = false;
    if (!in_front(c)) continue;
    const bool dominated = std::any_of(candidates.begin(), candidates.end(), [&](const PlanCandidate& o) {
      if (&o == &c || !in_front(o)) return false;
      const double oc = o.monthly_usd.mean, cc = c.monthly_usd.mean;
      return oc <= cc && *o.tpot_ms <= *c.tpot_ms && (oc < cc || *o.tpot_ms < *c.tpot_ms);
    });
    c.pareto = !dominated;
  }
}

}  // namespace nimcost
