// Document views of the reports: which facts, which columns, in what order. The human formats all
// draw from these, so the crossover screen is laid out here and nowhere else.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <map>

namespace nimcost {

namespace {

std::string mix_text(const Workload& w) {
  std::string text = fmt::format("input share {}", format_percent(w.input_share));
  if (std::fabs(w.input_share - 1.0 / 3.0) < 1e-6) text += " (1:2 in:out, the article's mix)";
  if (std::fabs(w.input_share - 0.75) < 1e-6) text += " (3:1 in:out)";
  if (w.cached_input_share > 0.0) text += fmt::format(", {} of input cached", format_percent(w.cached_input_share));
  text += w.batch_api ? ", batch API prices" : ", list prices";
  return text;
}

std::string license_text(const SelfHostPlan& plan) {
  const Usd per_gpu = license_monthly_cost_per_gpu(plan);
  switch (plan.license.pricing) {
    case LicensePricing::free: return fmt::format("{} (free)", plan.license.id);
    case LicensePricing::per_gpu_year:
      return fmt::format("{}: {}/GPU-year = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
    case LicensePricing::per_gpu_hour:
      return fmt::format("{}: {}/GPU-hour = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
  }
  return plan.license.id;
}

std::string rate_text(const SelfHostPlan& plan) {
  if (plan.gpu_monthly_override) return fmt::format("{}/GPU-month (--gpu-monthly-usd)", format_usd(*plan.gpu_monthly_override));
  std::string text = fmt::format("{}/GPU-hour x {:g} h/month", format_usd(Usd(plan.usd_per_gpu_hour)),
                                 plan.hours_per_month.value);
  if (plan.rental) text += fmt::format(" ({}, as of {})", plan.rental->id, plan.rental->provenance.as_of);
  else text += " (" + plan.rate_source + ")";
  return text;
}

}  // namespace

Document crossover_document(const CrossoverReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost crossover: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  doc.facts.push_back({"Self-host", fmt::format("{}x {} at {}", r.selfhost.gpus, r.plan.gpu.id, rate_text(r.plan))});
  doc.facts.push_back({"License", license_text(r.plan)});
  doc.facts.push_back(
      {"Capacity", fmt::format("{:.0f} tokens/s per GPU ({}); fleet {} at or under {} utilization",
                               r.plan.capacity_tokens_per_s_per_gpu, r.plan.capacity_source,
                               r.plan.pinned_gpus ? "pinned by --gpus, target" : "sized to stay",
                               format_percent(r.plan.max_utilization))});
  std::string cost = fmt::format("{}/month = GPU {} + license {} + ops {}", format_usd(r.selfhost.total),
                                 format_usd(r.selfhost.gpu), format_usd(r.selfhost.license), format_usd(r.selfhost.ops));
  if (r.selfhost.per_mtok) cost += fmt::format("; {}/M", cell_text(Cell::of_rate(*r.selfhost.per_mtok)));
  cost += fmt::format(" at {} utilization", format_percent(r.selfhost.utilization));
  doc.facts.push_back({"Self-host cost", cost});

  TableBlock table;
  table.title = fmt::format("APIs against self-hosting at {} tokens/month", volume);
  table.columns = {{"API model", "id"},
                   {"$/M", "blended_per_mtok_usd"},
                   {"Monthly", "monthly_usd"},
                   {"Break-even", "break_even_tokens"},
                   {"Req. util", "required_utilization_fraction"},
                   {"Cheaper", "cheaper"},
                   {"Prices as of", "as_of"}};
  for (std::size_t i = 0; i < r.apis.size(); ++i) {
    const ApiComparison& a = r.apis[i];
    Cell be = Cell::none("never");
    if (a.break_even.sustained) {
      be = Cell::of_tokens(*a.break_even.sustained);
    }
    Cell util = a.required_utilization ? Cell::of_fraction(*a.required_utilization) : Cell::none("-");
    table.rows.push_back({Cell::of_text(a.model.id), Cell::of_rate(a.cost.blended), Cell::of_usd(a.cost.total), be,
                          util, Cell::of_text(a.cheaper == Cheaper::selfhost ? "selfhost" : "api"),
                          Cell::of_text(a.model.provenance.as_of)});
    if (a.cheaper == Cheaper::selfhost) table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  doc.verdict = crossover_verdict_text(r);
  doc.notes.push_back("Break-even: the monthly volume from which self-hosting stays cheaper (\"never\": each added "
                      "GPU costs more than the API bill it replaces). Req. util: the utilization the fleet must "
                      "sustain at this volume for self-hosting to cost no more than that API.");
  for (const auto& a : r.apis) {
    if (a.break_even.wins_early()) {
      doc.notes.push_back(fmt::format("{}: self-hosting already wins from {} until the fleet steps up a GPU; it "
                                      "wins for good from {}.",
                                      a.model.id, format_tokens(*a.break_even.first),
                                      format_tokens(*a.break_even.sustained)));
    }
  }
  doc.notes.push_back("Sources and dates of every price: nimcost prices; all figures: --format json.");
  doc.warnings = r.warnings;
  return doc;
}

Document compare_document(const CompareReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost compare: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  doc.facts.push_back({"Self-host", fmt::format("{:g} h/month, {}, ops {}/month, fleet at or under {} utilization",
                                                r.plan.hours_per_month.value, license_text(r.plan),
                                                format_usd(r.plan.ops_monthly), format_percent(r.plan.max_utilization))});
  doc.facts.push_back({"Capacity", fmt::format("{:.0f} tokens/s per {} GPU ({}); other GPUs {}",
                                               r.plan.capacity_tokens_per_s_per_gpu, r.plan.gpu.id,
                                               r.plan.capacity_source,
                                               r.plan.sizing ? "sized by the same throughput model"
                                                             : "scaled by memory bandwidth")});
  TableBlock table;
  table.title = "Every option, cheapest first";
  table.columns = {{"Option", "id"},      {"Kind", "kind"},        {"Detail", "detail"}, {"$/M", "per_mtok_usd"},
                   {"Monthly", "monthly_usd"}, {"Util", "utilization_fraction"}, {"As of", "as_of"}};
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const CompareRow& row = r.rows[i];
    const bool idle = row.kind == "selfhost" && r.workload.tokens.value == 0.0;
    table.rows.push_back({Cell::of_text(row.id), Cell::of_text(row.kind), Cell::of_text(row.detail),
                          idle ? Cell::none("-") : Cell::of_rate(row.per_mtok), Cell::of_usd(row.monthly),
                          row.utilization ? Cell::of_fraction(*row.utilization) : Cell::none("-"),
                          Cell::of_text(row.as_of.empty() ? "-" : row.as_of)});
    if (row.kind == "selfhost") table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  if (!r.rows.empty()) {
    doc.verdict = fmt::format("Cheapest at {} tokens/month: {} ({}) at {}/month.", volume, r.rows.front().id,
                              r.rows.front().kind, format_usd(r.rows.front().monthly));
  }
  doc.warnings = r.warnings;
  return doc;
}

Document prices_document(const PricesReport& r) {
  Document doc;
  doc.title = "nimcost prices: the catalog";
  // Sources are long; tables show a number and the list below spells each out once.
  std::vector<std::string> sources;
  auto cite = [&](const Provenance& p) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (sources[i] == p.source) return Cell::of_text(fmt::format("[{}]", i + 1));
    }
    sources.push_back(p.source);
    return Cell::of_text(fmt::format("[{}]", sources.size()));
  };
  auto optional_rate = [](const std::optional<PerMtok>& v) { return v ? Cell::of_rate(*v) : Cell::none("-"); };
  if (!r.api_models.empty()) {
    TableBlock t;
    t.title = "API models (USD per million tokens)";
    t.columns = {{"ID", "id"},          {"Provider", "provider"}, {"Input", "input_per_mtok_usd"},
                 {"Output", "output_per_mtok_usd"}, {"Cached", "cached_input_per_mtok_usd"},
                 {"Batch", "batch_discount_fraction"}, {"As of", "as_of"}, {"Src", "source"}};
    for (const ApiModel* m : r.api_models) {
      t.rows.push_back({Cell::of_text(m->id + (m->production ? "" : " (dev)")), Cell::of_text(m->provider),
                        Cell::of_rate(m->input), Cell::of_rate(m->output), optional_rate(m->cached_input),
                        m->batch_discount_fraction > 0 ? Cell::of_fraction(m->batch_discount_fraction) : Cell::none("-"),
                        Cell::of_text(m->provenance.as_of), cite(m->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (!r.gpus.empty()) {
    TableBlock t;
    t.title = "GPUs (dense figures)";
    t.columns = {{"ID", "id"},          {"Memory GB", "memory_gb"}, {"TB/s", "bandwidth_tb_per_s"},
                 {"BF16 TFLOPS", "bf16_tflops"}, {"FP8 TFLOPS", "fp8_tflops"}, {"TDP W", "tdp_watts"},
                 {"As of", "as_of"},   {"Src", "source"}};
    for (const GpuSku* g : r.gpus) {
      t.rows.push_back({Cell::of_text(g->id), Cell::of_count(g->memory_gb),
                        Cell::of_decimal(g->bandwidth_tb_per_s, 2), Cell::of_count(g->bf16_tflops),
                        g->fp8_tflops ? Cell::of_count(*g->fp8_tflops) : Cell::none("-"), Cell::of_count(g->tdp_watts),
                        Cell::of_text(g->provenance.as_of), cite(g->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (!r.models.empty()) {
    TableBlock t;
    t.title = "Served models (self-hosted; for --model)";
    t.columns = {{"ID", "id"},         {"Params B", "params_b"}, {"Active B", "active_params_b"},
                 {"Layers", "layers"}, {"KV heads", "kv_heads"}, {"Context", "max_context"},
                 {"As of", "as_of"},   {"Src", "source"}};
    for (const ServedModel* m : r.models) {
      t.rows.push_back({Cell::of_text(m->id), Cell::of_decimal(m->params_b, 2), Cell::of_decimal(m->active_params_b, 2),
                        Cell::of_count(m->layers), Cell::of_count(m->kv_heads), Cell::of_count(m->max_context),
                        Cell::of_text(m->provenance.as_of), cite(m->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (!r.profiles.empty()) {
    TableBlock t;
    t.title = "Traffic profiles (for simulate and scenario workloads)";
    t.columns = {{"ID", "id"}, {"Kind", "kind"}, {"Shape", "shape"}, {"As of", "as_of"}, {"Src", "source"}};
    for (const TrafficProfile* p : r.profiles) {
      double peak = 0.0;
      for (double v : p->hourly) peak = std::max(peak, v);
      const std::string shape =
          p->kind == "realtime"
              ? fmt::format("peak {:.2f}x mean, weekend x{:.2f}, bursts {:.2f}", peak, p->weekend_factor, p->burstiness)
              : fmt::format("{} jobs, due in {:g} h", p->arrival, p->window_hours);
      t.rows.push_back({Cell::of_text(p->id), Cell::of_text(p->kind), Cell::of_text(shape),
                        Cell::of_text(p->provenance.as_of), cite(p->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (!r.rentals.empty()) {
    TableBlock t;
    t.title = "GPU rental offers";
    t.columns = {{"ID", "id"},         {"Vendor", "vendor"},   {"GPU", "gpu"}, {"$/GPU-h", "usd_per_gpu_hour"},
                 {"$/GPU-month", "usd_per_gpu_month"}, {"As of", "as_of"}, {"Src", "source"}};
    const double hours = r.defaults ? r.defaults->hours_per_month : 730.0;
    for (const RentalOffer* o : r.rentals) {
      t.rows.push_back({Cell::of_text(o->id), Cell::of_text(o->vendor), Cell::of_text(o->gpu),
                        Cell::of_usd(Usd(o->usd_per_gpu_hour)), Cell::of_usd(Usd(o->usd_per_gpu_hour * hours)),
                        Cell::of_text(o->provenance.as_of), cite(o->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (!r.licenses.empty()) {
    TableBlock t;
    t.title = "License plans";
    t.columns = {{"ID", "id"}, {"Pricing", "pricing"}, {"Price", "price_usd"}, {"Limits", "limits"},
                 {"As of", "as_of"}, {"Src", "source"}};
    for (const LicensePlan* l : r.licenses) {
      std::string pricing = l->pricing == LicensePricing::free ? "free"
                            : l->pricing == LicensePricing::per_gpu_year ? "per GPU-year"
                                                                         : "per GPU-hour";
      std::string limits;
      if (l->max_gpus) limits += fmt::format("<= {} GPUs", *l->max_gpus);
      if (!l->production_allowed) limits += std::string(limits.empty() ? "" : ", ") + "no production";
      if (l->term_days) limits += std::string(limits.empty() ? "" : ", ") + fmt::format("{} days", *l->term_days);
      t.rows.push_back({Cell::of_text(l->id), Cell::of_text(pricing), Cell::of_usd(Usd(l->price_usd)),
                        Cell::of_text(limits.empty() ? "-" : limits), Cell::of_text(l->provenance.as_of),
                        cite(l->provenance)});
    }
    doc.tables.push_back(std::move(t));
  }
  if (doc.tables.empty()) doc.notes.push_back("No catalog entry matches.");
  for (std::size_t i = 0; i < sources.size(); ++i) doc.notes.push_back(fmt::format("[{}] {}", i + 1, sources[i]));
  if (r.defaults) {
    const Defaults& d = *r.defaults;
    doc.facts.push_back({"Defaults", fmt::format("gpu {}, rental {}, license {}, {:g} h/month, input share {}, "
                                                 "{:g} tokens/s per {} GPU, max utilization {}",
                                                 d.gpu, d.rental, d.license, d.hours_per_month,
                                                 format_percent(d.input_share), d.capacity_tokens_per_s_per_gpu,
                                                 d.capacity_reference_gpu, format_percent(d.max_utilization))});
  }
  return doc;
}

}  // namespace nimcost
