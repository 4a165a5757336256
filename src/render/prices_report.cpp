// `nimcost prices`: the catalog as tables, one per kind, with each source cited once by number.
#include <nimcost/base/quantity.hpp>
#include "json_parts.hpp"

#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost {

namespace {

// Sources are long; tables show a number and the notes spell each out once (CSV has the source itself).
class Citations {
public:
  Cell cite(const Provenance& p) {
    for (std::size_t i = 0; i < m_sources.size(); ++i) {
      if (m_sources[i] == p.source) return Cell::of_text(p.source).shown_as(fmt::format("[{}]", i + 1));
    }
    m_sources.push_back(p.source);
    return Cell::of_text(p.source).shown_as(fmt::format("[{}]", m_sources.size()));
  }
  const std::vector<std::string>& sources() const { return m_sources; }

private:
  std::vector<std::string> m_sources;
};

Cell optional_rate(const std::optional<PerMtok>& v) { return v ? Cell::of_rate(*v) : Cell::none("-"); }

TableBlock api_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "API models (USD per million tokens)";
  t.columns = {{"ID", "id"},          {"Provider", "provider"}, {"Input", "input_per_mtok_usd"},
               {"Output", "output_per_mtok_usd"}, {"Cached", "cached_input_per_mtok_usd"},
               {"Batch", "batch_discount_fraction"}, {"As of", "as_of"}, {"Src", "source"}};
  for (const ApiModel* m : r.api_models) {
    t.rows.push_back({Cell::of_text(m->id + (m->production ? "" : " (dev)")), Cell::of_text(m->provider),
                      Cell::of_rate(m->input), Cell::of_rate(m->output), optional_rate(m->cached_input),
                      m->batch_discount_fraction > 0 ? Cell::of_fraction(m->batch_discount_fraction) : Cell::none("-"),
                      Cell::of_text(m->provenance.as_of), citations.cite(m->provenance)});
  }
  return t;
}

TableBlock gpu_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "GPUs (dense figures)";
  t.columns = {{"ID", "id"},          {"Memory GB", "memory_gb"}, {"TB/s", "bandwidth_tb_per_s"},
               {"BF16 TFLOPS", "bf16_tflops"}, {"FP8 TFLOPS", "fp8_tflops"}, {"FP4 TFLOPS", "fp4_tflops"},
               {"TDP W", "tdp_watts"},
               {"As of", "as_of"},   {"Src", "source"}};
  for (const GpuSku* g : r.gpus) {
    t.rows.push_back({Cell::of_text(g->id), Cell::of_count(g->memory_gb),
                      Cell::of_decimal(g->bandwidth_tb_per_s, 2), Cell::of_count(g->bf16_tflops),
                      g->fp8_tflops ? Cell::of_count(*g->fp8_tflops) : Cell::none("-"),
                      g->fp4_tflops ? Cell::of_count(*g->fp4_tflops) : Cell::none("-"), Cell::of_count(g->tdp_watts),
                      Cell::of_text(g->provenance.as_of), citations.cite(g->provenance)});
  }
  return t;
}

TableBlock model_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "Served models (self-hosted; for --model)";
  t.columns = {{"ID", "id"},         {"Params B", "params_b"}, {"Active B", "active_params_b"},
               {"Layers", "layers"}, {"KV heads", "kv_heads"}, {"Context", "max_context"},
               {"As of", "as_of"},   {"Src", "source"}};
  for (const ServedModel* m : r.models) {
    t.rows.push_back({Cell::of_text(m->id), Cell::of_decimal(m->params_b, 2), Cell::of_decimal(m->active_params_b, 2),
                      Cell::of_count(m->layers), Cell::of_count(m->kv_heads), Cell::of_count(m->max_context),
                      Cell::of_text(m->provenance.as_of), citations.cite(m->provenance)});
  }
  return t;
}

TableBlock profile_table(const PricesReport& r, Citations& citations) {
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
                      Cell::of_text(p->provenance.as_of), citations.cite(p->provenance)});
  }
  return t;
}

TableBlock rental_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "GPU rental offers";
  t.columns = {{"ID", "id"},     {"Vendor", "vendor"}, {"GPU", "gpu"},     {"Term", "term"}, {"$/GPU-h", "usd_per_gpu_hour"},
               {"$/GPU-month", "usd_per_gpu_month"}, {"As of", "as_of"}, {"Src", "source"}};
  const double hours = r.defaults ? r.defaults->hours_per_month : 730.0;
  for (const RentalOffer* o : r.rentals) {
    t.rows.push_back({Cell::of_text(o->id), Cell::of_text(o->vendor), Cell::of_text(o->gpu), Cell::of_text(o->term),
                      Cell::of_usd(Usd(o->usd_per_gpu_hour)), Cell::of_usd(Usd(o->usd_per_gpu_hour * hours)),
                      Cell::of_text(o->provenance.as_of), citations.cite(o->provenance)});
  }
  return t;
}

// Bought servers, and what one GPU of them costs a month at full load (every part; owned_server.hpp).
TableBlock purchase_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "Servers to buy (monthly: one GPU's share at full load, every part of owning it)";
  t.columns = {{"ID", "id"},          {"GPU", "gpu"},           {"GPUs", "gpus_per_server"}, {"Server", "server_usd"},
               {"Years", "depreciation_years"}, {"kW", "server_kw"}, {"$/GPU-month", "usd_per_gpu_month"},
               {"As of", "as_of"},    {"Src", "source"}};
  const double hours = r.defaults ? r.defaults->hours_per_month : 730.0;
  for (const PurchaseOffer* o : r.purchases) {
    const Usd per_gpu = owned_server_monthly(*o, 1.0, hours).total() * (1.0 / o->gpus_per_server);
    t.rows.push_back({Cell::of_text(o->id), Cell::of_text(o->gpu), Cell::of_count(o->gpus_per_server),
                      Cell::of_usd(Usd(o->server_usd)), Cell::of_decimal(o->depreciation_years, 1),
                      Cell::of_decimal(o->server_power_w / 1000.0, 1), Cell::of_usd(per_gpu),
                      Cell::of_text(o->provenance.as_of), citations.cite(o->provenance)});
  }
  return t;
}

TableBlock license_table(const PricesReport& r, Citations& citations) {
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
                      citations.cite(l->provenance)});
  }
  return t;
}

TableBlock quality_table(const PricesReport& r, Citations& citations) {
  TableBlock t;
  t.title = "Quality scores (one public scale for open and closed models; the verdict's yardstick)";
  t.columns = {{"ID", "id"}, {"Score", "score"}, {"Rated as", "rated_as"}, {"As of", "as_of"}, {"Src", "source"}};
  for (const QualityScore* q : r.quality) {
    t.rows.push_back({Cell::of_text(q->id), Cell::of_decimal(q->score, 1), Cell::of_text(q->rated_as),
                      Cell::of_text(q->provenance.as_of), citations.cite(q->provenance)});
  }
  return t;
}

std::string defaults_text(const Defaults& d) {
  return fmt::format("gpu {}, rental {}, license {}, {:g} h/month, input share {}, {:g} tokens/s per {} GPU, max "
                     "utilization {}",
                     d.gpu, d.rental, d.license, d.hours_per_month, format_percent(d.input_share),
                     d.capacity_tokens_per_s_per_gpu, d.capacity_reference_gpu, format_percent(d.max_utilization));
}

}  // namespace

Document prices_document(const PricesReport& r) {
  Document doc;
  doc.title = "nimcost prices: the catalog";
  Citations citations;
  if (!r.api_models.empty()) doc.tables.push_back(api_table(r, citations));
  if (!r.gpus.empty()) doc.tables.push_back(gpu_table(r, citations));
  if (!r.models.empty()) doc.tables.push_back(model_table(r, citations));
  if (!r.profiles.empty()) doc.tables.push_back(profile_table(r, citations));
  if (!r.rentals.empty()) doc.tables.push_back(rental_table(r, citations));
  if (!r.purchases.empty()) doc.tables.push_back(purchase_table(r, citations));
  if (!r.licenses.empty()) doc.tables.push_back(license_table(r, citations));
  if (!r.quality.empty()) doc.tables.push_back(quality_table(r, citations));
  if (doc.tables.empty()) doc.notes.push_back("No catalog entry matches.");
  const auto& sources = citations.sources();
  for (std::size_t i = 0; i < sources.size(); ++i) doc.notes.push_back(fmt::format("[{}] {}", i + 1, sources[i]));
  if (r.defaults) doc.facts.push_back({"Defaults", defaults_text(*r.defaults)});
  return doc;
}

nlohmann::ordered_json prices_json(const PricesReport& r, const RenderContext& context) {
  using namespace json_parts;
  json apis = json::array();
  for (const auto* m : r.api_models) apis.push_back(api_model(*m));
  json gpus = json::array();
  for (const auto* g : r.gpus) gpus.push_back(gpu(*g));
  json rentals = json::array();
  for (const auto* o : r.rentals) rentals.push_back(rental(*o));
  json purchases = json::array();
  for (const auto* o : r.purchases) purchases.push_back(purchase(*o));
  json licenses = json::array();
  for (const auto* l : r.licenses) licenses.push_back(license(*l));
  json assumptions = {{"kind", r.kind}};
  if (r.defaults) assumptions["defaults"] = defaults_json(*r.defaults);
  json models = json::array();
  for (const auto* m : r.models) models.push_back(served_model(*m));
  json profiles = json::array();
  for (const auto* t : r.profiles) profiles.push_back(traffic_profile(*t));
  json quality = json::array();
  for (const auto* q : r.quality) {
    json entry = {{"id", q->id}, {"score", q->score}, {"rated_as", q->rated_as}};
    if (!q->notes.empty()) entry["notes"] = q->notes;
    entry.update(provenance(q->provenance));
    quality.push_back(std::move(entry));
  }
  json results = {{"api_models", apis}, {"gpus", gpus},         {"rentals", rentals},          {"purchases", purchases},
                  {"licenses", licenses}, {"models", models}, {"profiles", profiles}, {"quality_scores", quality}};
  return envelope("prices", std::move(assumptions), std::move(results), {}, context);
}

}  // namespace nimcost
