// JSON reports, version 1 (DESIGN.md section 5). Keys are snake_case with unit suffixes; money is
// rounded to 1e-6 USD and fractions to 1e-9 so that printed figures are exact decimals; token
// counts are whole numbers. No timestamps: the same inputs give byte-identical output.
#include <nimcost/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <cmath>

namespace nimcost {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* k_schema = "nimcost.report/v1";

json usd(Usd v) { return round_to(v.value, 6); }
json rate(PerMtok v) { return round_to(v.value, 6); }
json fraction(double v) { return round_to(v, 9); }
json tokens(Tokens v) { return std::llround(v.value); }
// Break-even volumes round up: at the printed volume self-hosting already costs no more.
json break_even_volume(Tokens v) { return whole_tokens(v); }
template <typename T, typename F>
json optional(const std::optional<T>& v, F convert) {
  return v ? convert(*v) : json(nullptr);
}

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
  j.update(provenance(m.provenance));
  return j;
}

json gpu(const GpuSku& g) {
  auto num = [](double v) { return json(v); };
  json j = {{"id", g.id},
            {"name", g.name},
            {"memory_gb", g.memory_gb},
            {"bandwidth_tb_per_s", g.bandwidth_tb_per_s},
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
  json j = {{"id", o.id},           {"vendor", o.vendor},   {"gpu", o.gpu}, {"usd_per_gpu_hour", o.usd_per_gpu_hour},
            {"billing", o.billing}, {"notes", o.notes}};
  j.update(provenance(o.provenance));
  return j;
}

const char* pricing_name(LicensePricing p) {
  switch (p) {
    case LicensePricing::free: return "free";
    case LicensePricing::per_gpu_year: return "per-gpu-year";
    case LicensePricing::per_gpu_hour: return "per-gpu-hour";
  }
  return "free";
}

json license(const LicensePlan& l) {
  auto num = [](int v) { return json(v); };
  json j = {{"id", l.id},
            {"name", l.name},
            {"pricing", pricing_name(l.pricing)},
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

json selfhost_plan(const SelfHostPlan& p) {
  return {{"gpu", gpu(p.gpu)},
          {"rental", p.rental ? rental(*p.rental) : json(nullptr)},
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
          {"production", p.production}};
}

json envelope(const char* command, json assumptions, json results, const std::vector<std::string>& warnings,
              const RenderContext& context) {
  assumptions["nimcost_version"] = context.version;
  assumptions["catalog_sources"] = context.catalog_sources;
  return {{"schema", k_schema},
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

}  // namespace

nlohmann::ordered_json crossover_json(const CrossoverReport& r, const RenderContext& context) {
  json apis_in = json::array();
  json apis_out = json::array();
  for (const auto& a : r.apis) {
    apis_in.push_back(api_model(a.model));
    apis_out.push_back({{"id", a.model.id},
                        {"provider", a.model.provider},
                        {"blended_per_mtok_usd", rate(a.cost.blended)},
                        {"monthly_usd", usd(a.cost.total)},
                        {"input_usd", usd(a.cost.input)},
                        {"cached_input_usd", usd(a.cost.cached_input)},
                        {"output_usd", usd(a.cost.output)},
                        {"batch_discount_usd", usd(a.cost.batch_discount)},
                        {"break_even_tokens", optional(a.break_even.sustained, break_even_volume)},
                        {"first_break_even_tokens", optional(a.break_even.first, break_even_volume)},
                        {"break_even_gpus", a.break_even.sustained ? json(a.break_even.gpus_at_sustained) : json(nullptr)},
                        {"required_utilization_fraction", optional(a.required_utilization, fraction)},
                        {"cheaper", a.cheaper == Cheaper::selfhost ? "selfhost" : "api"},
                        {"savings_usd", usd(a.savings)},
                        {"as_of", a.model.provenance.as_of}});
  }
  const SelfHostCost& s = r.selfhost;
  json selfhost = {{"gpu", r.plan.gpu.id},
                   {"rental", r.plan.rental ? json(r.plan.rental->id) : json(nullptr)},
                   {"license", r.plan.license.id},
                   {"gpus", s.gpus},
                   {"hours_per_month", r.plan.hours_per_month.value},
                   {"gpu_monthly_usd", usd(s.gpu)},
                   {"license_monthly_usd", usd(s.license)},
                   {"ops_monthly_usd", usd(s.ops)},
                   {"monthly_usd", usd(s.total)},
                   {"per_mtok_usd", optional(s.per_mtok, rate)},
                   {"utilization_fraction", fraction(s.utilization)},
                   {"capacity_tokens", tokens(full_capacity_per_gpu(r.plan) * s.gpus)},
                   {"over_capacity", s.over_capacity}};
  json verdict = {{"cheapest", r.verdict.cheapest_id},
                  {"cheapest_monthly_usd", usd(r.verdict.cheapest_monthly)},
                  {"runner_up", r.verdict.runner_up_id.empty() ? json(nullptr) : json(r.verdict.runner_up_id)},
                  {"runner_up_monthly_usd",
                   r.verdict.runner_up_id.empty() ? json(nullptr) : usd(r.verdict.runner_up_monthly)},
                  {"margin_usd", r.verdict.runner_up_id.empty()
                                     ? json(nullptr)
                                     : usd(r.verdict.runner_up_monthly - r.verdict.cheapest_monthly)},
                  {"selfhost_beats_apis", r.verdict.apis_beaten_by_selfhost},
                  {"apis_compared", r.verdict.apis_compared},
                  {"text", r.verdict.text}};
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}, {"apis", apis_in}};
  json results = {{"volume_tokens", tokens(r.workload.tokens)},
                  {"selfhost", selfhost},
                  {"apis", apis_out},
                  {"verdict", verdict}};
  return envelope("crossover", std::move(assumptions), std::move(results), r.warnings, context);
}

nlohmann::ordered_json compare_json(const CompareReport& r, const RenderContext& context) {
  json rows = json::array();
  for (const auto& row : r.rows) {
    const bool idle = row.kind == "selfhost" && r.workload.tokens.value == 0.0;
    rows.push_back({{"kind", row.kind},
                    {"id", row.id},
                    {"detail", row.detail},
                    {"per_mtok_usd", idle ? json(nullptr) : rate(row.per_mtok)},
                    {"monthly_usd", usd(row.monthly)},
                    {"gpus", row.gpus ? json(*row.gpus) : json(nullptr)},
                    {"utilization_fraction", optional(row.utilization, fraction)},
                    {"as_of", row.as_of},
                    {"source", row.source}});
  }
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}};
  json results = {{"volume_tokens", tokens(r.workload.tokens)},
                  {"options", rows},
                  {"cheapest", r.rows.empty() ? json(nullptr) : json(r.rows.front().id)}};
  return envelope("compare", std::move(assumptions), std::move(results), r.warnings, context);
}

nlohmann::ordered_json prices_json(const PricesReport& r, const RenderContext& context) {
  json apis = json::array();
  for (const auto* m : r.api_models) apis.push_back(api_model(*m));
  json gpus = json::array();
  for (const auto* g : r.gpus) gpus.push_back(gpu(*g));
  json rentals = json::array();
  for (const auto* o : r.rentals) rentals.push_back(rental(*o));
  json licenses = json::array();
  for (const auto* l : r.licenses) licenses.push_back(license(*l));
  json assumptions = {{"kind", r.kind}};
  if (r.defaults) assumptions["defaults"] = defaults_json(*r.defaults);
  json results = {{"api_models", apis}, {"gpus", gpus}, {"rentals", rentals}, {"licenses", licenses}};
  return envelope("prices", std::move(assumptions), std::move(results), {}, context);
}

std::string render_json(const nlohmann::ordered_json& report) { return report.dump(2) + "\n"; }

}  // namespace nimcost
