// TOML → Catalog. toml++ parses; this file walks the tables with a small Fields helper that knows
// which keys a table may have, converts values with range checks, and prefixes every message with
// "file:line:column:". Entries are merged by ID across sources, then checked as a whole (every
// rental names a known GPU, the defaults name known entries, aliases do not shadow IDs).
#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/base/suggest.hpp>

#include "toml_fields.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace nimcost {

namespace {

using toml_fields::Fields;
using toml_fields::where;

const std::vector<std::string> k_api_keys = {
    "id", "provider", "name", "input_per_mtok_usd", "output_per_mtok_usd", "cached_input_per_mtok_usd",
    "batch_discount_fraction", "rate_limit_rpm", "rate_limit_tpm", "production", "aliases", "notes", "source", "as_of"};
const std::vector<std::string> k_gpu_keys = {"id", "name", "aliases", "memory_gb", "memory_mib",
                                             "bandwidth_tb_per_s", "interconnect_gb_per_s", "bf16_tflops",
                                             "fp8_tflops", "fp4_tflops", "int8_tops", "tdp_watts", "notes",
                                             "source", "as_of"};
const std::vector<std::string> k_served_keys = {"id", "name", "aliases", "layers", "hidden", "ffn", "heads",
                                                "kv_heads", "head_dim", "vocab", "params_b", "active_params_b",
                                                "experts", "experts_per_token", "max_context", "notes", "source",
                                                "as_of"};
const std::vector<std::string> k_factor_keys = {"id", "engine", "precision", "compute_efficiency",
                                                "bandwidth_efficiency", "step_overhead_ms", "sequence_overhead_us",
                                                "allreduce_latency_us", "link_efficiency", "overlap_exponent", "kv_memory_fraction", "runtime_reserve_gib", "max_batch",
                                                "max_num_tokens", "fit_rows", "fit_median_abs_error",
                                                "fit_max_abs_error", "notes", "source", "as_of"};
const std::vector<std::string> k_rental_keys = {"id", "vendor", "gpu", "usd_per_gpu_hour", "billing",
                                                "notes", "source", "as_of"};
const std::vector<std::string> k_license_keys = {"id", "name", "pricing", "price_usd", "max_gpus",
                                                 "production_allowed", "term_days", "notes", "source", "as_of"};
const std::vector<std::string> k_default_keys = {"hours_per_month", "input_share", "max_utilization",
                                                 "capacity_tokens_per_s_per_gpu", "capacity_reference_gpu",
                                                 "gpu", "rental", "license", "profile", "realtime_ttft_ms",
                                                 "realtime_tpot_ms", "source", "as_of"};
const std::vector<std::string> k_mig_keys = {"id", "compute_slices", "memory_gb", "gpus", "notes", "source", "as_of"};
const std::vector<std::string> k_traffic_keys = {"id", "kind", "hourly", "weekday_factor", "weekend_factor",
                                                 "burstiness", "burst_minutes", "growth_per_month", "arrival",
                                                 "start_hour", "window_hours", "ttft_ms", "tpot_ms", "notes",
                                                 "source", "as_of"};
const std::vector<std::string> k_top_keys = {"api_model", "gpu", "rental", "license", "served_model",
                                             "engine_factors", "mig_profile", "traffic_profile", "defaults"};

// Every entry must say where its figures come from, in every file (an override changes figures).
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
  set(m.notes, f.text("notes"));
  read_provenance(f, m.provenance);
  f.reject_unknown(k_api_keys);
}

void read_gpu(Fields& f, GpuSku& g, std::set<std::string>& given) {
  set(g.name, f.text("name"));
  set(g.aliases, f.texts("aliases"));
  if (auto v = f.number("memory_gb", 1e4)) g.memory_gb = *v, given.insert("memory_gb");
  if (auto v = f.number("memory_mib", 1e8)) g.memory_mib = *v;
  if (auto v = f.number("bandwidth_tb_per_s", 1e3)) g.bandwidth_tb_per_s = *v, given.insert("bandwidth_tb_per_s");
  if (auto v = f.number("interconnect_gb_per_s", 1e5)) g.interconnect_gb_per_s = *v;
  if (auto v = f.number("bf16_tflops", 1e6)) g.bf16_tflops = *v, given.insert("bf16_tflops");
  if (auto v = f.number("fp8_tflops", 1e6)) g.fp8_tflops = *v;
  if (auto v = f.number("fp4_tflops", 1e6)) g.fp4_tflops = *v;
  if (auto v = f.number("int8_tops", 1e6)) g.int8_tops = *v;
  if (auto v = f.number("tdp_watts", 1e5)) g.tdp_watts = *v;
  set(g.notes, f.text("notes"));
  read_provenance(f, g.provenance);
  f.reject_unknown(k_gpu_keys);
}

void read_rental(Fields& f, RentalOffer& r, std::set<std::string>& given) {
  set(r.vendor, f.text("vendor"));
  if (auto v = f.text("gpu")) r.gpu = *v, given.insert("gpu");
  if (auto v = f.number("usd_per_gpu_hour", 1e4)) r.usd_per_gpu_hour = *v, given.insert("usd_per_gpu_hour");
  set(r.billing, f.text("billing"));
  set(r.notes, f.text("notes"));
  read_provenance(f, r.provenance);
  f.reject_unknown(k_rental_keys);
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
  whole("max_context", m.max_context, 1);
  if (auto v = f.number("params_b", 1e5)) m.params_b = *v, given.insert("params_b");
  if (auto v = f.number("active_params_b", 1e5)) m.active_params_b = *v, given.insert("active_params_b");
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
  const auto efficiency = [&](std::string_view key, double& target) {
    if (auto v = f.number(key, 1.0)) target = *v, given.insert(std::string(key));
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
  if (auto v = f.number("allreduce_latency_us", 1e6)) e.allreduce_latency_us = *v, given.insert("allreduce_latency_us");
  if (auto v = f.number("runtime_reserve_gib", 1e4)) e.runtime_reserve_gib = *v;
  if (auto v = f.count("max_batch", 1)) e.max_batch = *v;
  if (auto v = f.count("max_num_tokens", 1)) e.max_num_tokens = *v;
  if (auto v = f.count("fit_rows", 0)) e.fit_rows = *v;
  if (auto v = f.number("fit_median_abs_error", 1e3)) e.fit_median_abs_error = *v;
  if (auto v = f.number("fit_max_abs_error", 1e3)) e.fit_max_abs_error = *v;
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
  set(d.hours_per_month, f.number("hours_per_month", 744.0));
  set(d.input_share, f.number("input_share", 1.0));
  set(d.max_utilization, f.number("max_utilization", 1.0));
  set(d.capacity_tokens_per_s_per_gpu, f.number("capacity_tokens_per_s_per_gpu", 1e9));
  set(d.capacity_reference_gpu, f.text("capacity_reference_gpu"));
  set(d.gpu, f.text("gpu"));
  set(d.rental, f.text("rental"));
  set(d.license, f.text("license"));
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

// Entries of one kind merged across files, with the fields each has been given so far.
template <typename T>
struct Merged {
  std::vector<T> items;
  std::vector<std::set<std::string>> given;
  std::vector<std::string> first_seen;
};

template <typename T, typename Reader>
void merge_array(const toml::node& node, const std::string& file, std::string_view kind, Merged<T>& merged,
                 Reader read) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    throw input_error(fmt::format("{}: '{}' must be an array of tables ([[{}]])", where(file, node.source()), kind, kind));
  }
  std::map<std::string, std::string> seen_here;
  for (const auto& element : *array) {
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      throw input_error(fmt::format("{}: '{}' must be an array of tables ([[{}]])", where(file, element.source()),
                                    kind, kind));
    }
    Fields probe(*table, file, std::string(kind));
    const std::string id = probe.required_text("id");
    const auto position = where(file, table->source());
    if (auto it = seen_here.find(id); it != seen_here.end()) {
      throw input_error(fmt::format("{}: {} '{}' is defined twice in this file (first at {})", position, kind, id,
                                    it->second));
    }
    seen_here[id] = position;
    Fields fields(*table, file, fmt::format("{} '{}'", kind, id));
    fields.text("id");
    auto found = std::find_if(merged.items.begin(), merged.items.end(), [&](const T& t) { return t.id == id; });
    if (found == merged.items.end()) {
      merged.items.push_back(T{});
      merged.items.back().id = id;
      merged.given.emplace_back();
      merged.first_seen.push_back(position);
      found = merged.items.end() - 1;
    }
    const auto index = static_cast<std::size_t>(found - merged.items.begin());
    read(fields, *found, merged.given[index]);
  }
}

template <typename T>
void require(const Merged<T>& merged, std::string_view kind, const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < merged.items.size(); ++i) {
    for (const auto& key : keys) {
      if (merged.given[i].count(key) == 0) {
        throw input_error(fmt::format("{}: {} '{}': missing required key '{}'", merged.first_seen[i], kind,
                                      merged.items[i].id, key));
      }
    }
  }
}

template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

template <typename T>
bool has_id(const std::vector<T>& items, const std::string& id) {
  return std::any_of(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
}

// No alias may repeat an ID or another entry's alias of the same kind.
template <typename T>
void check_aliases(const std::vector<T>& items, std::string_view kind) {
  std::set<std::string> names;
  for (const auto& item : items) names.insert(lower_case(item.id));
  for (const auto& item : items) {
    for (const auto& alias : item.aliases) {
      if (!names.insert(lower_case(alias)).second) {
        throw input_error(fmt::format("{}: {} '{}': alias '{}' is already an ID or another entry's alias",
                                      item.provenance.origin, kind, item.id, alias));
      }
    }
  }
}

void check_whole(const Catalog& c, const std::string& defaults_origin) {
  for (const auto& r : c.rentals) {
    if (!has_id(c.gpus, r.gpu)) {
      throw input_error(fmt::format("{}: rental '{}': unknown gpu '{}'{}", r.provenance.origin, r.id, r.gpu,
                                    did_you_mean(r.gpu, ids_of(c.gpus))));
    }
  }
  for (const auto& m : c.served_models) {
    if (m.heads % m.kv_heads != 0) {
      throw input_error(fmt::format("{}: served_model '{}': heads ({}) must be a multiple of kv_heads ({})",
                                    m.provenance.origin, m.id, m.heads, m.kv_heads));
    }
    if (m.active_params_b > m.params_b) {
      throw input_error(fmt::format("{}: served_model '{}': active_params_b ({}) exceeds params_b ({})",
                                    m.provenance.origin, m.id, m.active_params_b, m.params_b));
    }
    if (m.experts_per_token > m.experts) {
      throw input_error(fmt::format("{}: served_model '{}': experts_per_token ({}) exceeds experts ({})",
                                    m.provenance.origin, m.id, m.experts_per_token, m.experts));
    }
  }
  for (const auto& e : c.engine_factors) {
    if (!(e.compute_efficiency > 0.0) || !(e.bandwidth_efficiency > 0.0) || !(e.kv_memory_fraction > 0.0) ||
        !(e.link_efficiency > 0.0)) {
      throw input_error(fmt::format("{}: engine_factors '{}': efficiencies and kv_memory_fraction must be above 0",
                                    e.provenance.origin, e.id));
    }
  }
  check_aliases(c.gpus, "gpu");
  check_aliases(c.served_models, "served_model");
  std::set<std::string> names;
  for (const auto& m : c.api_models) names.insert(m.id);
  for (const auto& m : c.api_models) {
    for (const auto& alias : m.aliases) {
      if (names.count(alias) != 0) {
        throw input_error(fmt::format("{}: api_model '{}': alias '{}' is already an ID or another model's alias",
                                      m.provenance.origin, m.id, alias));
      }
      names.insert(alias);
    }
    if (m.id.empty()) throw input_error(fmt::format("{}: api_model with an empty id", m.provenance.origin));
  }
  if (c.api_models.empty() && c.gpus.empty()) {
    throw input_error("the catalog is empty: no [[api_model]] or [[gpu]] tables were found");
  }
  const Defaults& d = c.defaults;
  const std::string at = defaults_origin.empty() ? std::string("defaults") : defaults_origin + ": defaults";
  if (!has_id(c.gpus, d.gpu)) {
    throw input_error(fmt::format("{}: gpu '{}' is not in the catalog{}", at, d.gpu, did_you_mean(d.gpu, ids_of(c.gpus))));
  }
  if (!has_id(c.gpus, d.capacity_reference_gpu)) {
    throw input_error(fmt::format("{}: capacity_reference_gpu '{}' is not in the catalog{}", at,
                                  d.capacity_reference_gpu, did_you_mean(d.capacity_reference_gpu, ids_of(c.gpus))));
  }
  if (!has_id(c.rentals, d.rental)) {
    throw input_error(fmt::format("{}: rental '{}' is not in the catalog{}", at, d.rental,
                                  did_you_mean(d.rental, ids_of(c.rentals))));
  }
  if (!has_id(c.licenses, d.license)) {
    throw input_error(fmt::format("{}: license '{}' is not in the catalog{}", at, d.license,
                                  did_you_mean(d.license, ids_of(c.licenses))));
  }
  if (!(d.hours_per_month > 0.0) || !(d.max_utilization > 0.0) || !(d.capacity_tokens_per_s_per_gpu > 0.0)) {
    throw input_error(fmt::format("{}: hours_per_month, max_utilization and capacity_tokens_per_s_per_gpu must be "
                                  "above 0", at));
  }
}

}  // namespace

Catalog load_catalog(const std::vector<CatalogSource>& sources) {
  Merged<ApiModel> apis;
  Merged<GpuSku> gpus;
  Merged<RentalOffer> rentals;
  Merged<LicensePlan> licenses;
  Merged<ServedModel> served;
  Merged<EngineFactors> factors;
  Merged<MigProfile> migs;
  Merged<TrafficProfile> traffic;
  Defaults defaults;
  std::string defaults_origin;
  bool have_defaults = false;

  for (const auto& source : sources) {
    toml::table doc;
    try {
      doc = toml::parse(source.text, source.name);
    } catch (const toml::parse_error& e) {
      throw input_error(fmt::format("{}: {}", where(source.name, e.source()), e.description()));
    }
    for (auto&& [key, node] : doc) {
      const std::string k(key.str());
      if (k == "api_model") merge_array(node, source.name, "api_model", apis, read_api);
      else if (k == "gpu") merge_array(node, source.name, "gpu", gpus, read_gpu);
      else if (k == "rental") merge_array(node, source.name, "rental", rentals, read_rental);
      else if (k == "license") merge_array(node, source.name, "license", licenses, read_license);
      else if (k == "served_model") merge_array(node, source.name, "served_model", served, read_served);
      else if (k == "engine_factors") merge_array(node, source.name, "engine_factors", factors, read_factors);
      else if (k == "mig_profile") merge_array(node, source.name, "mig_profile", migs, read_mig);
      else if (k == "traffic_profile") merge_array(node, source.name, "traffic_profile", traffic, read_traffic);
      else if (std::find(source.other_keys.begin(), source.other_keys.end(), k) != source.other_keys.end()) continue;
      else if (k == "defaults") {
        const toml::table* table = node.as_table();
        if (table == nullptr) throw input_error(fmt::format("{}: 'defaults' must be a table", where(source.name, node.source())));
        Fields fields(*table, source.name, "defaults");
        read_defaults(fields, defaults);
        defaults_origin = fields.location();
        have_defaults = true;
      } else {
        throw input_error(fmt::format("{}: unknown table '{}'{}; a catalog holds [[api_model]], [[gpu]], [[rental]], "
                                      "[[license]], [[served_model]], [[engine_factors]], [[mig_profile]], [[traffic_profile]] and [defaults]",
                                      where(source.name, node.source()), k, did_you_mean(k, k_top_keys)));
      }
    }
  }
  require(apis, "api_model", {"input_per_mtok_usd", "output_per_mtok_usd"});
  require(gpus, "gpu", {"memory_gb", "bandwidth_tb_per_s", "bf16_tflops"});
  require(rentals, "rental", {"gpu", "usd_per_gpu_hour"});
  require(licenses, "license", {"pricing", "price_usd"});
  require(served, "served_model", {"layers", "hidden", "heads", "kv_heads", "head_dim", "vocab", "params_b"});
  require(factors, "engine_factors", {"engine", "precision", "compute_efficiency", "bandwidth_efficiency",
                                      "step_overhead_ms", "allreduce_latency_us"});
  if (!have_defaults) throw input_error("the catalog has no [defaults] table");

  Catalog catalog;
  catalog.api_models = std::move(apis.items);
  catalog.gpus = std::move(gpus.items);
  catalog.rentals = std::move(rentals.items);
  catalog.licenses = std::move(licenses.items);
  catalog.served_models = std::move(served.items);
  catalog.engine_factors = std::move(factors.items);
  require(migs, "mig_profile", {"compute_slices"});
  catalog.mig_profiles = std::move(migs.items);
  for (std::size_t i = 0; i < traffic.items.size(); ++i) {
    TrafficProfile& t = traffic.items[i];
    if (traffic.given[i].count("kind") == 0) {
      throw input_error(fmt::format("{}: traffic_profile '{}': missing required key 'kind'", traffic.first_seen[i], t.id));
    }
    if (t.kind == "realtime" && t.hourly.empty()) t.hourly.assign(24, 1.0);  // flat unless given
  }
  catalog.traffic_profiles = std::move(traffic.items);
  for (std::size_t i = 0; i < catalog.served_models.size(); ++i) {
    auto& m = catalog.served_models[i];
    if (served.given[i].count("active_params_b") == 0) m.active_params_b = m.params_b;
    if (m.name.empty()) m.name = m.id;
  }
  catalog.defaults = std::move(defaults);
  for (auto& m : catalog.api_models) {
    if (m.provider.empty()) m.provider = "unknown";
    if (m.name.empty()) m.name = m.id;
  }
  check_whole(catalog, defaults_origin);
  return catalog;
}

CatalogSource read_catalog_file(const std::filesystem::path& path) {
  return {path.string(), read_text_file(path, "the catalog file")};
}

std::vector<CatalogSource> read_catalog_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw input_error(fmt::format("{}: --data must name a directory of *.toml catalog files", dir.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (files.empty()) throw input_error(fmt::format("{}: no *.toml catalog files in this directory", dir.string()));
  std::sort(files.begin(), files.end());
  std::vector<CatalogSource> out;
  for (const auto& file : files) out.push_back(read_catalog_file(file));
  return out;
}

}  // namespace nimcost
