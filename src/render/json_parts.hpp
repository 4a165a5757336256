// Pieces every JSON report shares (internal to the renderers): money rounded to 1e-6 USD, fractions
// to 1e-9, whole token counts, catalog entries with their provenance, and the v1 envelope.
#pragma once

#include <nimcost/render/render.hpp>

#include <optional>

namespace nimcost::json_parts {

using json = nlohmann::ordered_json;

json usd(Usd v);
json rate(PerMtok v);
json fraction(double v);
json tokens(Tokens v);
// Break-even volumes round up: at the printed volume self-hosting already costs no more.
json break_even_volume(Tokens v);
template <typename T, typename F>
json optional(const std::optional<T>& v, F convert) {
  return v ? convert(*v) : json(nullptr);
}
json provenance(const Provenance& p);
json api_model(const ApiModel& m);
json gpu(const GpuSku& g);
json rental(const RentalOffer& o);
json purchase(const PurchaseOffer& o);
// A month of owned servers by part (the fleet's, or one server's).
json owned_cost(const OwnedServerCost& c);
json license(const LicensePlan& l);
json workload(const Workload& w);
json served_model(const ServedModel& m);
json traffic_profile(const TrafficProfile& p);
json replica_sizing(const ReplicaSizing& z);
// How a replica serves beyond model, GPU and TP: pipeline and expert parallelism, the prefix cache,
// speculation, and the length histogram the shape came from.
json serving_options(int pp, int ep, bool dp_attention, const SequenceShape& shape, const Speculation& speculation,
                     const std::string& lengths_source);
json selfhost_plan(const SelfHostPlan& p);
// Monte Carlo bands: {p5, p50, p95, mean}, the schema's one band shape.
json band_usd(const Band& b);
json band_fraction(const Band& b);
json band_tokens(const Band& b);
// A simulated fleet policy, with the GPUs each replica takes.
json policy_json(const PolicySpec& p, int gpus_per_replica);
json defaults_json(const Defaults& d);
// A planned scenario's [plan] in a run report: the winner (and the best of each kind), the search's
// size, the verdict, and the choice the gates compare (plan_report.cpp).
json plan_summary(const PlanReport& r);
json envelope(const char* command, json assumptions, json results, const std::vector<std::string>& warnings,
              const RenderContext& context);

}  // namespace nimcost::json_parts
