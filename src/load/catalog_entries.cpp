// One catalog table of each kind read into an entry: keys checked against the kind's list (an
// unknown key is an error with a suggestion), values range-checked, provenance required.
#include "catalog_entries.hpp"

#include <nimcost/base/limits.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost::catalog_entries {

using toml_fields::Fields;
using toml_fields::where;

namespace {

const std::vector<std::string> k_api_keys = {
    "id", "provider", "name", "input_per_mtok_usd", "output_per_mtok_usd", "cached_input_per_mtok_usd",
    "batch_discount_fraction", "rate_limit_rpm", "rate_limit_tpm", "production", "aliases", "serves", "notes", "source", "as_of"};
const std::vector<std::string> k_quality_keys = {"id", "score", "rated_as", "notes", "source", "as_of"};
const std::vector<std::string> k_gpu_keys = {"id", "name", "aliases", "memory_gb", "memory_mib",
                                             "bandwidth_tb_per_s", "interconnect_gb_per_s", "bf16_tflops",
                                             "fp8_tflops", "fp4_tflops", "int8_tops", "tdp_watts", "notes",
                                             "source", "as_of"};
const std::vector<std::string> k_served_keys = {"id", "name", "aliases", "layers", "hidden", "ffn", "heads",
                                                "kv_heads", "head_dim", "vocab", "params_b", "active_params_b",
                                                "experts", "experts_per_token", "moe_layers", "kv_lora_rank",
                                                "qk_rope_head_dim", "q_lora_rank", "attention_window", "local_layers",
                                                "max_context", "notes", "source", "as_of"};
const std::vector<std::string> k_factor_keys = {"id", "engine", "precision", "architecture", "compute_efficiency",
                                                "bandwidth_efficiency", "step_overhead_ms", "prefill_overhead_ms", "sequence_overhead_us",
                                                "allreduce_latency_us", "link_efficiency", "overlap_exponent", "kv_memory_fraction", "runtime_reserve_gib", "max_batch",
                                                "max_num_tokens", "fit_rows", "fit_median_abs_error",
                                                "fit_max_abs_error", "holdout_rows", "holdout_median_abs_error",
                                                "holdout_max_abs_error", "notes", "source", "as_of"};
const std::vector<std::string> k_rental_keys = {"id", "vendor", "gpu", "usd_per_gpu_hour", "billing", "term", "gpus_per_instance",
                                                "interruptions_per_day", "mean_interruption_minutes", "notes",
                                                "source", "as_of"};
const std::vector<std::string> k_purchase_keys = {
    "id", "vendor", "gpu", "gpus_per_server", "server_usd", "depreciation_years", "residual_fraction",
    "annual_cost_of_capital_fraction", "server_power_w", "server_idle_power_w", "pue", "usd_per_kwh",
    "colocation_usd_per_kw_month", "support_fraction_per_year", "notes", "source", "as_of"};
const std::vector<std::string> k_license_keys = {"id", "name", "pricing", "price_usd", "max_gpus",
                                                 "production_allowed", "term_days", "notes", "source", "as_of"};
const std::vector<std::string> k_default_keys = {"hours_per_month", "input_share", "max_utilization",
                                                 "capacity_tokens_per_s_per_gpu", "capacity_reference_gpu",
                                                 "gpu", "rental", "license", "served_model", "profile", "realtime_ttft_ms",
                                                 "realtime_tpot_ms", "source", "as_of"};
const std::vector<std::string> k_mig_keys = {"id", "compute_slices", "memory_gb", "gpus", "notes", "source", "as_of"};
const std::vector<std::string> k_traffic_keys = {"id", "kind", "hourly", "weekday_factor", "weekend_factor",
                                                 "burstiness", "burst_minutes", "growth_per_month", "arrival",
                                                 "start_hour", "window_hours", "ttft_ms", "tpot_ms", "notes",
                                                 "source", "as_of"};
}  // namespace

const std::vector<std::string> k_top_keys = {"api_model", "gpu", "rental", "purchase", "license", "served_model",
                                             "engine_factors", "mig_profile", "traffic_profile", "quality_score",
                                             "defaults"};

namespace {

void read_provenance(Fields& f, Provenance& p) {
  auto source = f.text("source");
  auto as_of = f.date("as_of");
  if (!source || source->empty()) throw f.missing("source");
  if (!as_of) throw f.missing("as_of");
  p.source = *source;
  p.as_of = *as_of;
  p.origin = f.location();
}

template <typename T>
void set(T& target, const std::optional<T>& value) {
  if (value) target = *value;
}

}  // namespace


// Every entry must say where its figures come from, in every file (an override changes figures).
void read_api(Fields& f, ApiModel& m, std::set<std::string>& given) {
  set(m.provider, f.text("provider"));
  set(m.name, f.text("name"));
  if (auto v = f.number("input_per_mtok_usd", 1e6)) m.input = PerMtok(*v), given.insert("input_per_mtok_usd");
  if (auto v = f.number("output_per_mtok_usd", 1e6)) m.output = PerMtok(*v), given.insert("output_per_mtok_usd");
  if (auto v = f.number("cached_input_per_mtok_usd", 1e6)) m.cached_input = PerMtok(*v);
  if (auto v = f.number("batch_discount_fraction", 1.0)) m.batch_discount_fraction = *v;
  if (auto v = f.number("rate_limit_rpm")) m.rate_limit_rpm = *v;
  if (auto v = f.number("rate_limit_tpm")) m.rate_limit_tpm = *v;
  set(m.production, f.flag("production"));
  set(m.aliases, f.texts("aliases"));
  set(m.serves, f.text("serves"));
  set(m.notes, f.text("notes"));
  read_provenance(f, m.provenance);
  f.reject_unknown(k_api_keys);
}

void read_quality(Fields& f, QualityScore& q, std::set<std::string>& given) {
  if (auto v = f.number("score", 1e6)) q.score = *v, given.insert("score");
  set(q.rated_as, f.text("rated_as"));
  set(q.notes, f.text("notes"));
  read_provenance(f, q.provenance);
  f.reject_unknown(k_quality_keys);
}

void read_gpu(Fields& f, GpuSku& g, std::set<std::string>& given) {
  set(g.name, f.text("name"));
  set(g.aliases, f.texts("aliases"));
  if (auto v = f.positive("memory_gb", 1e4)) g.memory_gb = *v, given.insert("memory_gb");
  if (auto v = f.positive("memory_mib", 1e8)) g.memory_mib = *v;
  if (auto v = f.positive("bandwidth_tb_per_s", 1e3)) g.bandwidth_tb_per_s = *v, given.insert("bandwidth_tb_per_s");
  if (auto v = f.number("interconnect_gb_per_s", 1e5)) g.interconnect_gb_per_s = *v;
  if (auto v = f.positive("bf16_tflops", 1e6)) g.bf16_tflops = *v, given.insert("bf16_tflops");
  if (auto v = f.positive("fp8_tflops", 1e6)) g.fp8_tflops = *v;
  if (auto v = f.positive("fp4_tflops", 1e6)) g.fp4_tflops = *v;
  if (auto v = f.positive("int8_tops", 1e6)) g.int8_tops = *v;
  if (auto v = f.number("tdp_watts", 1e5)) g.tdp_watts = *v;
  set(g.notes, f.text("notes"));
  read_provenance(f, g.provenance);
  f.reject_unknown(k_gpu_keys);
}

void read_rental(Fields& f, RentalOffer& r, std::set<std::string>& given) {
  set(r.vendor, f.text("vendor"));
  if (auto v = f.text("gpu")) r.gpu = *v, given.insert("gpu");
  if (auto v = f.number("usd_per_gpu_hour", 1e4)) r.usd_per_gpu_hour = *v, given.insert("usd_per_gpu_hour");
  set(r.billing, f.choice("billing", k_billing_names));
  set(r.term, f.choice("term", k_term_names));
  if (auto v = f.count("gpus_per_instance", 1)) r.gpus_per_instance = *v;
  if (r.gpus_per_instance > 64) throw input_error(fmt::format("{}: rental '{}': gpus_per_instance must be 1 to 64", f.location(), r.id));
  if (auto v = f.number("interruptions_per_day", 1440.0)) r.interruptions_per_day = *v;
  if (auto v = f.number("mean_interruption_minutes", 1440.0)) r.mean_interruption_minutes = *v;
  set(r.notes, f.text("notes"));
  read_provenance(f, r.provenance);
  f.reject_unknown(k_rental_keys);
}

void read_purchase(Fields& f, PurchaseOffer& p, std::set<std::string>& given) {
  set(p.vendor, f.text("vendor"));
  if (auto v = f.text("gpu")) p.gpu = *v, given.insert("gpu");
  if (auto v = f.count("gpus_per_server", 1)) p.gpus_per_server = *v, given.insert("gpus_per_server");
  if (auto v = f.positive("server_usd", 1e9)) p.server_usd = *v, given.insert("server_usd");
  if (auto v = f.positive("depreciation_years", 30.0)) p.depreciation_years = *v, given.insert("depreciation_years");
  if (auto v = f.number("residual_fraction", 1.0)) p.residual_fraction = *v, given.insert("residual_fraction");
  if (auto v = f.number("annual_cost_of_capital_fraction", 1.0)) {
    p.annual_cost_of_capital_fraction = *v, given.insert("annual_cost_of_capital_fraction");
  }
  if (auto v = f.positive("server_power_w", 1e6)) p.server_power_w = *v, given.insert("server_power_w");
  if (auto v = f.number("server_idle_power_w", 1e6)) p.server_idle_power_w = *v;
  if (auto v = f.number("pue", 5.0)) p.pue = *v, given.insert("pue");
  if (auto v = f.number("usd_per_kwh", 10.0)) p.usd_per_kwh = *v, given.insert("usd_per_kwh");
  if (auto v = f.number("colocation_usd_per_kw_month", 1e5)) {
    p.colocation_usd_per_kw_month = *v, given.insert("colocation_usd_per_kw_month");
  }
  if (auto v = f.number("support_fraction_per_year", 1.0)) p.support_fraction_per_year = *v, given.insert("support_fraction_per_year");
  set(p.notes, f.text("notes"));
  read_provenance(f, p.provenance);
  f.reject_unknown(k_purchase_keys);
  if (p.gpus_per_server > 64) throw input_error(fmt::format("{}: purchase '{}': gpus_per_server must be 1 to 64", f.location(), p.id));
  if (p.pue < 1.0) throw input_error(fmt::format("{}: purchase '{}': pue must be at least 1", f.location(), p.id));
  if (p.server_idle_power_w && *p.server_idle_power_w > p.server_power_w) {
    throw input_error(fmt::format("{}: purchase '{}': server_idle_power_w is above server_power_w", f.location(), p.id));
  }
}

void read_license(Fields& f, LicensePlan& l, std::set<std::string>& given) {
  set(l.name, f.text("name"));
  if (auto v = f.text("pricing")) {
    if (const auto pricing = parse_license_pricing(*v)) {
      l.pricing = *pricing;
    } else {
      throw input_error(fmt::format("{}: license '{}': pricing must be free, per-gpu-year or per-gpu-hour, got '{}'",
                                    f.location(), l.id, *v));
    }
    given.insert("pricing");
  }
  if (auto v = f.number("price_usd", 1e7)) l.price_usd = *v, given.insert("price_usd");
  if (auto v = f.count("max_gpus", 1)) l.max_gpus = *v;
  set(l.production_allowed, f.flag("production_allowed"));
  if (auto v = f.count("term_days", 1)) l.term_days = *v;
  set(l.notes, f.text("notes"));
  read_provenance(f, l.provenance);
  f.reject_unknown(k_license_keys);
}

void read_served(Fields& f, ServedModel& m, std::set<std::string>& given) {
  set(m.name, f.text("name"));
  set(m.aliases, f.texts("aliases"));
  const auto whole = [&](std::string_view key, int& target, int minimum) {
    if (auto v = f.count(key, minimum)) target = *v, given.insert(std::string(key));
  };
  whole("layers", m.layers, 1);
  whole("hidden", m.hidden, 1);
  whole("ffn", m.ffn, 1);
  whole("heads", m.heads, 1);
  whole("kv_heads", m.kv_heads, 1);
  whole("head_dim", m.head_dim, 1);
  whole("vocab", m.vocab, 1);
  whole("experts", m.experts, 0);
  whole("experts_per_token", m.experts_per_token, 0);
  whole("moe_layers", m.moe_layers, 0);
  whole("kv_lora_rank", m.kv_lora_rank, 0);
  whole("qk_rope_head_dim", m.qk_rope_head_dim, 0);
  whole("q_lora_rank", m.q_lora_rank, 0);
  whole("attention_window", m.attention_window, 0);
  whole("local_layers", m.local_layers, 0);
  whole("max_context", m.max_context, 1);
  // Above 0: a model of no weights would stream in no time and print NaN rates.
  if (auto v = f.positive("params_b", 1e5)) m.params_b = *v, given.insert("params_b");
  if (auto v = f.positive("active_params_b", 1e5)) m.active_params_b = *v, given.insert("active_params_b");
  set(m.notes, f.text("notes"));
  read_provenance(f, m.provenance);
  f.reject_unknown(k_served_keys);
}

void read_factors(Fields& f, EngineFactors& e, std::set<std::string>& given) {
  if (auto v = f.text("engine")) e.engine = *v, given.insert("engine");
  if (auto v = f.text("precision")) {
    e.precision = std::string(precision_name(parse_precision(*v)));
    given.insert("precision");
  }
  // "all" (what calibrate writes for a set fitted on both) is the empty default: an override can
  // widen a built-in dense or moe set back to both.
  if (auto v = f.choice("architecture", {"dense", "moe", "all"})) e.architecture = *v == "all" ? "" : *v;
  // Fractions above 0: a zero efficiency or KV share divides a time or a memory by zero.
  const auto efficiency = [&](std::string_view key, double& target) {
    if (auto v = f.positive(key, 1.0)) target = *v, given.insert(std::string(key));
  };
  efficiency("compute_efficiency", e.compute_efficiency);
  efficiency("bandwidth_efficiency", e.bandwidth_efficiency);
  efficiency("kv_memory_fraction", e.kv_memory_fraction);
  efficiency("link_efficiency", e.link_efficiency);
  if (auto v = f.number("overlap_exponent", 1e3)) {
    if (*v < 1.0) throw input_error(fmt::format("{}: engine_factors '{}': overlap_exponent must be at least 1", f.location(), e.id));
    e.overlap_exponent = *v;
  }
  if (auto v = f.number("sequence_overhead_us", 1e6)) e.sequence_overhead_us = *v, given.insert("sequence_overhead_us");
  if (auto v = f.number("step_overhead_ms", 1e4)) e.step_overhead_ms = *v, given.insert("step_overhead_ms");
  if (auto v = f.number("prefill_overhead_ms", 1e4)) e.prefill_overhead_ms = *v;
  if (auto v = f.number("allreduce_latency_us", 1e6)) e.allreduce_latency_us = *v, given.insert("allreduce_latency_us");
  if (auto v = f.number("runtime_reserve_gib", 1e4)) e.runtime_reserve_gib = *v;
  if (auto v = f.count("max_batch", 1)) e.max_batch = *v;
  if (auto v = f.count("max_num_tokens", 1)) e.max_num_tokens = *v;
  if (auto v = f.count("fit_rows", 0)) e.fit_rows = *v;
  if (auto v = f.number("fit_median_abs_error", 1e3)) e.fit_median_abs_error = *v;
  if (auto v = f.number("fit_max_abs_error", 1e3)) e.fit_max_abs_error = *v;
  if (auto v = f.count("holdout_rows", 0)) e.holdout_rows = *v;
  if (auto v = f.number("holdout_median_abs_error", 1e3)) e.holdout_median_abs_error = *v;
  if (auto v = f.number("holdout_max_abs_error", 1e3)) e.holdout_max_abs_error = *v;
  set(e.notes, f.text("notes"));
  read_provenance(f, e.provenance);
  f.reject_unknown(k_factor_keys);
}

void read_mig(Fields& f, MigProfile& m, std::set<std::string>& given) {
  if (auto v = f.count("compute_slices", 1)) {
    if (*v > 7) throw input_error(fmt::format("{}: mig_profile '{}': compute_slices must be 1 to 7", f.location(), m.id));
    m.compute_slices = *v;
    given.insert("compute_slices");
  }
  set(m.memory_gb, f.number("memory_gb", 1e4));
  set(m.gpus, f.texts("gpus"));
  set(m.notes, f.text("notes"));
  read_provenance(f, m.provenance);
  f.reject_unknown(k_mig_keys);
}

void read_traffic(Fields& f, TrafficProfile& t, std::set<std::string>& given) {
  if (auto v = f.text("kind")) {
    if (*v != "realtime" && *v != "batch") {
      throw input_error(fmt::format("{}: traffic_profile '{}': kind must be \"realtime\" or \"batch\", got \"{}\"",
                                    f.location(), t.id, *v));
    }
    t.kind = *v;
    given.insert("kind");
  }
  if (const toml::node* node = f.node("hourly")) {
    const toml::array* array = node->as_array();
    std::vector<double> hourly;
    if (array != nullptr) {
      for (const auto& item : *array) {
        if (!item.is_number()) break;
        hourly.push_back(*item.value<double>());
      }
    }
    const bool valid = array != nullptr && hourly.size() == 24 && array->size() == 24 &&
                       std::all_of(hourly.begin(), hourly.end(), [](double v) { return std::isfinite(v) && v >= 0.0 && v <= 1e6; }) &&
                       std::any_of(hourly.begin(), hourly.end(), [](double v) { return v > 0.0; });
    if (!valid) {
      throw input_error(fmt::format("{}: traffic_profile '{}': hourly must be 24 numbers >= 0 (hour 0 first), not "
                                    "all zero",
                                    where(f.file(), node->source()), t.id));
    }
    double mean = 0.0;
    for (double v : hourly) mean += v / 24.0;
    for (double& v : hourly) v /= mean;  // relative levels: only the shape matters
    t.hourly = hourly;
  }
  set(t.weekday_factor, f.number("weekday_factor", 1e3));
  set(t.weekend_factor, f.number("weekend_factor", 1e3));
  set(t.burstiness, f.number("burstiness", 10.0));
  if (auto v = f.number("burst_minutes", 1440.0)) t.burst_minutes = std::max(*v, 1.0 / 60.0);
  set(t.growth_per_month, f.number("growth_per_month", 100.0));
  if (auto v = f.text("arrival")) {
    if (*v != "nightly" && *v != "hourly" && *v != "continuous") {
      throw input_error(fmt::format("{}: traffic_profile '{}': arrival must be nightly, hourly or continuous, got "
                                    "\"{}\"",
                                    f.location(), t.id, *v));
    }
    t.arrival = *v;
  }
  if (auto v = f.number("start_hour", 23.999)) t.start_hour = *v;
  if (auto v = f.number("window_hours", 168.0)) {
    if (!(*v >= 1.0 / 60.0)) {
      throw input_error(fmt::format("{}: traffic_profile '{}': window_hours must be at least 1 minute", f.location(), t.id));
    }
    t.window_hours = *v;
  }
  if (auto v = f.number("ttft_ms", 1e7)) t.ttft_ms = *v;
  if (auto v = f.number("tpot_ms", 1e7)) t.tpot_ms = *v;
  set(t.notes, f.text("notes"));
  read_provenance(f, t.provenance);
  f.reject_unknown(k_traffic_keys);
}

void read_defaults(Fields& f, Defaults& d) {
  set(d.hours_per_month, f.number("hours_per_month", k_max_hours_per_month, k_min_hours_per_month));
  set(d.input_share, f.number("input_share", 1.0));
  set(d.max_utilization, f.number("max_utilization", 1.0));
  set(d.capacity_tokens_per_s_per_gpu, f.number("capacity_tokens_per_s_per_gpu", 1e9));
  set(d.capacity_reference_gpu, f.text("capacity_reference_gpu"));
  set(d.gpu, f.text("gpu"));
  set(d.rental, f.text("rental"));
  set(d.license, f.text("license"));
  set(d.served_model, f.text("served_model"));
  if (auto v = f.text("profile")) {
    if (*v != "realtime" && *v != "batch") {
      throw input_error(fmt::format("{}: defaults: profile must be realtime or batch, got '{}'", f.location(), *v));
    }
    d.profile = *v;
  }
  set(d.realtime_ttft_ms, f.number("realtime_ttft_ms", 1e7));
  set(d.realtime_tpot_ms, f.number("realtime_tpot_ms", 1e7));
  read_provenance(f, d.provenance);
  f.reject_unknown(k_default_keys);
}

}  // namespace nimcost::catalog_entries
