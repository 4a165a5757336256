// The plan's candidates: APIs priced exactly, simulated policies grouped by kind and way of
// paying, bought servers for a configuration's fixed fleet, and the final ranking.
#include "plan_candidates.hpp"
#include "plan_offers.hpp"

#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/quality_tier.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace nimcost {

namespace {

Band flat(double usd) { return Band{usd, usd, usd, usd}; }

std::optional<double> score_of(const Catalog& catalog, const std::string& id) {
  if (const QualityScore* q = catalog.quality_of(id)) return q->score;
  return std::nullopt;
}

// The offers a policy holds replicas on and their terms, "+"-joined, and the first one's provenance.
struct HeldOffers {
  std::string ids, terms;
  Provenance provenance;
};

HeldOffers offers_of(const SimulateReport& sim, const PolicySpec& p) {
  std::vector<std::string> ids, terms;
  Provenance first;
  const auto add = [&](const std::optional<RentalOffer>& o, const std::string& term) {
    ids.push_back(o ? o->id : std::string("--gpu-hourly-usd"));
    terms.push_back(term);
    if (ids.size() == 1 && o) first = o->provenance;
  };
  if (p.policy == FleetPolicy::autoscale || p.replicas > 0) add(sim.offers.on_demand, "on-demand");
  if (p.committed_replicas > 0) add(sim.offers.committed, sim.offers.committed ? sim.offers.committed->term : "committed");
  if (p.spot_replicas > 0) add(sim.offers.spot, "spot");
  return {fmt::format("{}", fmt::join(ids, "+")), fmt::format("{}", fmt::join(terms, "+")), first};
}

// The self-hosted fields every candidate of a configuration shares.
PlanCandidate config_candidate(const Catalog& catalog, const SimulateReport& sim) {
  PlanCandidate c;
  c.kind = "selfhost";
  const ReplicaSizing& s = *sim.plan.sizing;
  c.model = s.model;
  c.gpu = sim.plan.gpu.id;
  c.precision = s.precision;
  c.tp = s.tp * s.pp;
  c.ttft_ms = s.point.ttft_s * 1e3;
  c.tpot_ms = s.point.tpot_s * 1e3;
  c.spill_api = sim.parts.empty() ? "" : sim.parts.front().api;
  c.quality_score = score_of(catalog, c.model);
  return c;
}

PlanCandidate simulated(const Catalog& catalog, const SimulateReport& sim, const Candidate& found) {
  PlanCandidate c = config_candidate(catalog, sim);
  HeldOffers held = offers_of(sim, found.policy);
  c.offer = std::move(held.ids);
  c.term = std::move(held.terms);
  c.as_of = held.provenance.as_of;
  c.source = held.provenance.source;
  c.policy = policy_name(found.policy.policy);
  c.policy_spec = found.policy;
  const SimResult& r = found.result;
  c.monthly_usd = r.total_usd;
  c.per_mtok_usd = r.effective_per_mtok_usd.value_or(0.0);
  c.replicas = static_cast<int>(std::ceil(r.peak_replicas - 1e-9));
  c.gpus = c.replicas * sim.setup.gpus_per_replica;
  c.utilization = r.utilization.mean;
  c.slo_violation = r.slo_violation_fraction.mean;
  c.api_spill_usd = r.api_spill_usd;
  c.seeds = r.seeds;
  c.meets_slo_target = found.meets_slo;
  return c;
}

// Bought servers for the smallest fixed on-demand fleet that met the SLO: the same replicas, in
// whole servers, at the owned cost (power at the fleet's utilization).
void add_purchases(const Catalog& catalog, const PlanRequest& request, const SimulateReport& sim, int fixed_replicas,
                   std::vector<PlanEntry>& entries) {
  for (const auto& offer : catalog.purchases) {
    if (offer.gpu != sim.plan.gpu.id) continue;
    SelfHostRequest asked = configured(request.spec.request.selfhost, sim.plan.served_model, offer.gpu, "bf16", 1, "");
    asked.rental.reset();
    asked.purchase = offer.id;
    asked.replica.reset();  // capacity comes from the simulated configuration
    std::vector<std::string> ignored;
    SelfHostPlan plan = resolve_selfhost(catalog, asked, ignored);
    plan.capacity_tokens_per_s_per_gpu = sim.plan.capacity_tokens_per_s_per_gpu;
    plan.gpus_per_replica = sim.setup.gpus_per_replica;
    plan.pinned_gpus = fixed_replicas * sim.setup.gpus_per_replica;
    round_pinned_gpus(plan, ignored);
    double tokens = 0.0;
    for (const auto& p : sim.parts) tokens += p.workload.tokens.value;
    const SelfHostCost cost = selfhost_cost(plan, Tokens(tokens));
    PlanCandidate c = config_candidate(catalog, sim);
    c.offer = offer.id;
    c.term = "purchase";
    c.as_of = offer.provenance.as_of;
    c.source = offer.provenance.source;
    c.policy = "fixed";
    c.policy_spec.policy = FleetPolicy::fixed;
    c.policy_spec.replicas = *plan.pinned_gpus / plan.gpus_per_replica;
    c.replicas = c.policy_spec.replicas;
    c.gpus = cost.gpus;
    c.monthly_usd = flat(cost.total.value);
    c.per_mtok_usd = tokens > 0.0 ? cost.total.value / tokens * 1e6 : 0.0;
    c.utilization = cost.utilization;
    c.spill_api.clear();
    c.meets_slo_target = true;
    entries.push_back({std::move(c), -1});
  }
}

// SLO-meeting first, then cheaper; of equal cost the faster (TPOT), then the better rated.
bool ranks_before(const PlanCandidate& a, const PlanCandidate& b) {
  if (a.meets_slo_target != b.meets_slo_target) return a.meets_slo_target;
  if (!a.meets_slo_target) return a.slo_violation < b.slo_violation;
  if (a.monthly_usd.mean != b.monthly_usd.mean) return a.monthly_usd.mean < b.monthly_usd.mean;
  const double at = a.tpot_ms.value_or(1e18), bt = b.tpot_ms.value_or(1e18);
  if (at != bt) return at < bt;
  return a.quality_score.value_or(0.0) > b.quality_score.value_or(0.0);
}

void rank(std::vector<PlanEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const PlanEntry& a, const PlanEntry& b) { return ranks_before(a.candidate, b.candidate); });
}

// Simulates an entry again with every seed at the full step; false when it needs none.
bool settle(const Catalog& catalog, const PlanRequest& request, const std::vector<SimulateReport>& sims, PlanEntry& e) {
  if (e.sim < 0 || (e.candidate.seeds >= request.seeds && request.step_s >= request.search_step_s)) return false;
  SimSetup setup = sims[static_cast<std::size_t>(e.sim)].setup;
  setup.policy = e.candidate.policy_spec;
  setup.step_s = request.step_s;
  Candidate again{e.candidate.policy_spec, simulate(setup, request.seed, request.seeds, request.threads), false};
  again.meets_slo = again.result.slo_violation_fraction.mean <= request.max_slo_violation + 1e-12;
  const SimulateReport& sim = sims[static_cast<std::size_t>(e.sim)];
  e.candidate = simulated(catalog, sim, again);
  e.sim = -1;  // settled
  return true;
}

}  // namespace

std::vector<PlanEntry> api_entries(const Catalog& catalog, const PlanRequest& request, const PlanReport& report) {
  std::vector<std::string> ignored;
  const std::string yardstick = request.model ? catalog.served_model(*request.model).id : catalog.defaults.served_model;
  std::vector<PlanEntry> out;
  for (const ApiModel& m : resolve_api_models(catalog, request.spec.request.providers, ignored)) {
    // --min-quality is a score to reach; otherwise like for like with the yardstick model, whose
    // own weights sold per token count whatever their score.
    const std::optional<double> score = score_of(catalog, m.id);
    const bool reaches = request.min_quality
                             ? score && *score >= report.min_quality
                             : in_comparison(quality_tier(catalog, m, yardstick, report.min_quality), CompareTo::comparable);
    if (!reaches) continue;
    const ApiCost cost = api_cost(m, report.total);
    PlanCandidate c;
    c.kind = "api";
    c.model = m.id;
    c.provider = m.provider;
    c.offer = m.provider;
    c.term = "api";
    c.policy = "api";
    c.monthly_usd = flat(cost.total.value);
    c.per_mtok_usd = cost.blended.value;
    c.quality_score = score_of(catalog, m.id);
    c.as_of = m.provenance.as_of;
    c.source = m.provenance.source;
    c.meets_slo_target = true;  // the provider's latency is not modelled
    out.push_back({std::move(c), -1});
  }
  return out;
}

std::optional<ApiModel> cheapest_api_of(const std::vector<PlanEntry>& entries, const Catalog& catalog) {
  const PlanEntry* best = nullptr;
  for (const auto& e : entries) {
    if (e.candidate.kind == "api" && (best == nullptr || e.candidate.monthly_usd.mean < best->candidate.monthly_usd.mean)) best = &e;
  }
  if (best == nullptr) return std::nullopt;
  return catalog.api_model(best->candidate.model);
}

double best_selfhost_usd(const std::vector<PlanEntry>& entries) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& e : entries) {
    if (e.candidate.kind == "selfhost" && e.candidate.meets_slo_target) best = std::min(best, e.candidate.monthly_usd.mean);
  }
  return best;
}

void add_config_entries(const Catalog& catalog, const PlanRequest& request, const SimulateReport& sim, int sim_index,
                        bool no_api, std::vector<PlanEntry>& entries) {
  if (!sim.search) return;
  std::map<std::string, const Candidate*> best;  // by policy and terms
  const Candidate* closest = nullptr;
  int fixed_replicas = 0;
  for (const Candidate& found : sim.search->candidates) {
    if (api_only(found.policy)) continue;
    if (no_api && found.policy.policy == FleetPolicy::hybrid) continue;
    if (!found.meets_slo) {
      if (closest == nullptr || found.result.slo_violation_fraction.mean < closest->result.slo_violation_fraction.mean) closest = &found;
      continue;
    }
    const PolicySpec& p = found.policy;
    // A hybrid base that never spills is the fixed fleet of its size: listed once, as fixed.
    if (p.policy == FleetPolicy::hybrid && found.result.api_spill_usd < 0.005 * found.result.total_usd.mean) continue;
    if (p.policy == FleetPolicy::fixed && p.committed_replicas == 0 && p.spot_replicas == 0 &&
        (fixed_replicas == 0 || p.replicas < fixed_replicas)) {
      fixed_replicas = p.replicas;
    }
    const std::string key = std::string(policy_name(p.policy)) + "|" + offers_of(sim, p).terms;
    auto [it, added] = best.emplace(key, &found);
    if (!added && found.result.total_usd.mean < it->second->result.total_usd.mean) it->second = &found;
  }
  for (const auto& [key, found] : best) entries.push_back({simulated(catalog, sim, *found), sim_index});
  if (best.empty() && closest != nullptr) entries.push_back({simulated(catalog, sim, *closest), sim_index});
  if (fixed_replicas > 0) add_purchases(catalog, request, sim, fixed_replicas, entries);
}

void settle_winners(const Catalog& catalog, const PlanRequest& request, const std::vector<SimulateReport>& sims,
                    std::vector<PlanEntry>& entries) {
  // A winner may lose its place with every seed: settle until the first of each kind is settled.
  for (int round = 0; round < 8; ++round) {
    rank(entries);
    if (entries.empty()) return;
    bool changed = settle(catalog, request, sims, entries.front());
    const std::string first_kind = entries.front().candidate.kind;
    for (auto& e : entries) {
      if (e.candidate.kind != first_kind && e.candidate.meets_slo_target) {
        changed = settle(catalog, request, sims, e) || changed;
        break;
      }
    }
    if (!changed) return;
  }
  rank(entries);
}

void index_winners(PlanReport& report) {
  const auto& c = report.candidates;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c[i].meets_slo_target) continue;
    if (!report.best) report.best = i;
    if (c[i].kind == "selfhost" && !report.best_selfhost) report.best_selfhost = i;
    if (c[i].kind == "api" && !report.best_api) report.best_api = i;
  }
}

}  // namespace nimcost
