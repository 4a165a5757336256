// Pieces every JSON report shares: number conventions, catalog entries, the envelope.
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>

#include <cmath>

namespace nimcost::json_parts {

json usd(Usd v) { return round_to(v.value, k_usd_decimals); }
json rate(PerMtok v) { return round_to(v.value, k_usd_decimals); }
json fraction(double v) { return round_to(v, k_fraction_decimals); }
json tokens(Tokens v) { return std::llround(v.value); }
// Break-even volumes round up: at the printed volume self-hosting already costs no more.
json break_even_volume(Tokens v) { return whole_tokens(v); }

json provenance(const Provenance& p) { return {{"source", p.source}, {"as_of", p.as_of}}; }

json api_model(const ApiModel& m) {
  json j = {{"id", m.id},
            {"provider", m.provider},
            {"name", m.name},
            {"input_per_mtok_usd", rate(m.input)},
            {"output_per_mtok_usd", rate(m.output)},
            {"cached_input_per_mtok_usd", optional(m.cached_input, rate)},
            {"batch_discount_fraction", fraction(m.batch_discount_fraction)},
            {"rate_limit_rpm", optional(m.rate_limit_rpm, [](double v) { return json(v); })},
            {"rate_limit_tpm", optional(m.rate_limit_tpm, [](double v) { return json(v); })},
            {"production", m.production},
            {"aliases", m.aliases},
            {"notes", m.notes}};
  if (!m.serves.empty()) j["serves"] = m.serves;
  j.update(provenance(m.provenance));
  return j;
}

json gpu(const GpuSku& g) {
  auto num = [](double v) { return json(v); };
  json j = {{"id", g.id},
            {"name", g.name},
            {"aliases", g.aliases},
            {"memory_gb", g.memory_gb},
            {"memory_mib", optional(g.memory_mib, num)},
            {"bandwidth_tb_per_s", g.bandwidth_tb_per_s},
            {"interconnect_gb_per_s", optional(g.interconnect_gb_per_s, num)},
            {"bf16_tflops", g.bf16_tflops},
            {"fp8_tflops", optional(g.fp8_tflops, num)},
            {"fp4_tflops", optional(g.fp4_tflops, num)},
            {"int8_tops", optional(g.int8_tops, num)},
            {"tdp_watts", g.tdp_watts},
            {"notes", g.notes}};
  j.update(provenance(g.provenance));
  return j;
}

json rental(const RentalOffer& o) {
  auto num = [](double v) { return json(v); };
  json j = {{"id", o.id},
            {"vendor", o.vendor},
            {"gpu", o.gpu},
            {"usd_per_gpu_hour", o.usd_per_gpu_hour},
            {"billing", o.billing},
            {"term", o.term},
            {"gpus_per_instance", o.gpus_per_instance},
            {"interruptions_per_day", optional(o.interruptions_per_day, num)},
            {"mean_interruption_minutes", optional(o.mean_interruption_minutes, num)},
            {"notes", o.notes}};
  j.update(provenance(o.provenance));
  return j;
}

json purchase(const PurchaseOffer& o) {
  auto num = [](double v) { return json(v); };
  json j = {{"id", o.id},
            {"vendor", o.vendor},
            {"gpu", o.gpu},
            {"gpus_per_server", o.gpus_per_server},
            {"server_usd", o.server_usd},
            {"depreciation_years", o.depreciation_years},
            {"residual_fraction", o.residual_fraction},
            {"annual_cost_of_capital_fraction", o.annual_cost_of_capital_fraction},
            {"server_power_w", o.server_power_w},
            {"server_idle_power_w", optional(o.server_idle_power_w, num)},
            {"pue", o.pue},
            {"usd_per_kwh", o.usd_per_kwh},
            {"colocation_usd_per_kw_month", o.colocation_usd_per_kw_month},
            {"support_fraction_per_year", o.support_fraction_per_year},
            {"notes", o.notes}};
  j.update(provenance(o.provenance));
  return j;
}

json owned_cost(const OwnedServerCost& c) {
  return {{"depreciation_usd", usd(c.depreciation)}, {"capital_usd", usd(c.capital)}, {"power_usd", usd(c.power)},
          {"colocation_usd", usd(c.colocation)},     {"support_usd", usd(c.support)}};
}

json license(const LicensePlan& l) {
  auto num = [](int v) { return json(v); };
  json j = {{"id", l.id},
            {"name", l.name},
            {"pricing", license_pricing_name(l.pricing)},
            {"price_usd", l.price_usd},
            {"max_gpus", optional(l.max_gpus, num)},
            {"production_allowed", l.production_allowed},
            {"term_days", optional(l.term_days, num)},
            {"notes", l.notes}};
  j.update(provenance(l.provenance));
  return j;
}

json workload(const Workload& w) {
  return {{"monthly_tokens", tokens(w.tokens)},
          {"input_tokens", tokens(w.input_tokens())},
          {"output_tokens", tokens(w.output_tokens())},
          {"input_share_fraction", fraction(w.input_share)},
          {"cached_input_share_fraction", fraction(w.cached_input_share)},
          {"batch_api", w.batch_api}};
}

json served_model(const ServedModel& m) {
  json j = {{"id", m.id},
            {"name", m.name},
            {"aliases", m.aliases},
            {"params_b", m.params_b},
            {"active_params_b", m.active_params_b},
            {"layers", m.layers},
            {"hidden", m.hidden},
            {"ffn", m.ffn},
            {"heads", m.heads},
            {"kv_heads", m.kv_heads},
            {"head_dim", m.head_dim},
            {"vocab", m.vocab},
            {"experts", m.experts},
            {"experts_per_token", m.experts_per_token},
            {"moe_layers", m.moe_layers},
            {"kv_lora_rank", m.kv_lora_rank},
            {"qk_rope_head_dim", m.qk_rope_head_dim},
            {"q_lora_rank", m.q_lora_rank},
            {"attention_window", m.attention_window},
            {"local_layers", m.local_layers},
            {"max_context", m.max_context},
            {"notes", m.notes}};
  j.update(provenance(m.provenance));
  return j;
}

json serving_options(int pp, int ep, bool dp_attention, const SequenceShape& shape, const Speculation& speculation,
                     const std::string& lengths_source) {
  return {{"pp", pp},
          {"ep", ep},
          {"dp_attention", dp_attention},
          {"prefix_cache_hit_fraction", shape.cached_share},
          {"speculative_tokens", speculation.on() ? json(speculation.draft_tokens) : json(nullptr)},
          {"acceptance_fraction", speculation.on() ? json(speculation.acceptance) : json(nullptr)},
          {"lengths_source", lengths_source.empty() ? json(nullptr) : json(lengths_source)}};
}

json replica_sizing(const ReplicaSizing& z) {
  auto num = [](double v) { return json(v); };
  json j = {{"model", z.model},
          {"precision", z.precision},
          {"tp", z.tp},
          {"tp_source", z.tp_source},
          {"isl", z.shape.isl},
          {"osl", z.shape.osl},
          {"profile", z.profile},
          {"ttft_target_ms", optional(z.target.ttft_ms, num)},
          {"tpot_target_ms", optional(z.target.tpot_ms, num)},
          {"engine_factors", z.engine_factors},
          {"max_batch", z.max_batch},
          {"concurrency", round_to(z.point.batch, 6)},
          {"ttft_ms", round_to(z.point.ttft_s * 1e3, 4)},
          {"tpot_ms", round_to(z.point.tpot_s * 1e3, 4)},
          {"output_tokens_per_s_per_replica", round_to(z.point.output_tokens_per_s, 3)}};
  j.update(serving_options(z.pp, z.ep, z.dp_attention, z.shape, z.speculation, z.lengths_source));
  return j;
}

json selfhost_plan(const SelfHostPlan& p) {
  return {{"gpu", gpu(p.gpu)},
          {"rental", p.rental ? rental(*p.rental) : json(nullptr)},
          {"purchase", p.purchase ? purchase(*p.purchase) : json(nullptr)},
          {"gpu_hourly_usd", round_to(p.usd_per_gpu_hour, 6)},
          {"gpu_monthly_usd_per_gpu", usd(gpu_monthly_cost_per_gpu(p))},
          {"rate_source", p.rate_source},
          {"hours_per_month", p.hours_per_month.value},
          {"license", license(p.license)},
          {"license_monthly_usd_per_gpu", usd(license_monthly_cost_per_gpu(p))},
          {"ops_monthly_usd", usd(p.ops_monthly)},
          {"capacity_tokens_per_s_per_gpu", p.capacity_tokens_per_s_per_gpu},
          {"capacity_source", p.capacity_source},
          {"max_utilization_fraction", fraction(p.max_utilization)},
          {"pinned_gpus", p.pinned_gpus ? json(*p.pinned_gpus) : json(nullptr)},
          {"gpus_per_replica", p.gpus_per_replica},
          {"replica", p.sizing ? replica_sizing(*p.sizing) : json(nullptr)},
          {"production", p.production}};
}

json traffic_profile(const TrafficProfile& p) {
  json j = {{"id", p.id}, {"kind", p.kind}};
  if (p.kind == "realtime") {
    json hourly = json::array();
    for (double v : p.hourly) hourly.push_back(std::round(v * 1e6) / 1e6);
    j["hourly"] = hourly;
    j["weekday_factor"] = p.weekday_factor;
    j["weekend_factor"] = p.weekend_factor;
    j["burstiness"] = p.burstiness;
    j["burst_minutes"] = p.burst_minutes;
    j["growth_per_month_fraction"] = p.growth_per_month;
  } else {
    j["arrival"] = p.arrival;
    j["start_hour"] = p.start_hour;
    j["window_hours"] = p.window_hours;
    j["burstiness"] = p.burstiness;
  }
  j["notes"] = p.notes;
  j["source"] = p.provenance.source;
  j["as_of"] = p.provenance.as_of;
  return j;
}

json envelope(const char* command, json assumptions, json results, const std::vector<std::string>& warnings,
              const RenderContext& context) {
  assumptions["nimcost_version"] = context.version;
  assumptions["catalog_sources"] = context.catalog_sources;
  return {{"schema", k_report_schema},
          {"command", command},
          {"assumptions", std::move(assumptions)},
          {"results", std::move(results)},
          {"warnings", warnings}};
}

json defaults_json(const Defaults& d) {
  json j = {{"hours_per_month", d.hours_per_month},
            {"input_share_fraction", fraction(d.input_share)},
            {"max_utilization_fraction", fraction(d.max_utilization)},
            {"capacity_tokens_per_s_per_gpu", d.capacity_tokens_per_s_per_gpu},
            {"capacity_reference_gpu", d.capacity_reference_gpu},
            {"gpu", d.gpu},
            {"rental", d.rental},
            {"license", d.license}};
  j.update(provenance(d.provenance));
  return j;
}


json band_usd(const Band& b) {
  return {{"p5", usd(Usd(b.p5))}, {"p50", usd(Usd(b.p50))}, {"p95", usd(Usd(b.p95))}, {"mean", usd(Usd(b.mean))}};
}

json band_fraction(const Band& b) {
  return {{"p5", fraction(b.p5)}, {"p50", fraction(b.p50)}, {"p95", fraction(b.p95)}, {"mean", fraction(b.mean)}};
}

json band_tokens(const Band& b) {
  return {{"p5", tokens(Tokens(b.p5))}, {"p50", tokens(Tokens(b.p50))}, {"p95", tokens(Tokens(b.p95))},
          {"mean", tokens(Tokens(b.mean))}};
}

json policy_json(const PolicySpec& p, int gpus_per_replica) {
  return {{"policy", policy_name(p.policy)},
          {"replicas", p.replicas},
          {"min_replicas", p.min_replicas},
          {"max_replicas", p.max_replicas},
          {"gpus_per_replica", gpus_per_replica},
          {"scale_up_delay_s", p.scale_up_delay_s},
          {"scale_down_after_s", p.scale_down_after_s},
          {"target_utilization_fraction", fraction(p.target_utilization)},
          {"realtime_to_api", p.realtime_to_api},
          {"committed_replicas", p.committed_replicas},
          {"spot_replicas", p.spot_replicas}};
}

}  // namespace nimcost::json_parts
