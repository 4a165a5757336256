// TOML → Catalog. toml++ parses; this file walks the tables with a small Fields helper that knows
// which keys a table may have, converts values with range checks, and prefixes every message with
// "file:line:column:". Entries are merged by ID across sources, then checked as a whole (every
// rental names a known GPU, the defaults name known entries, aliases do not shadow IDs).
#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/base/suggest.hpp>

#include "nesting.hpp"
#include "toml_pack.hpp"

#include "catalog_entries.hpp"
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
using namespace catalog_entries;

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

// Quality scores and same-weights links name models the catalog has; the default served model too.
void check_model_references(const Catalog& c, const std::string& at) {
  std::vector<std::string> models = ids_of(c.api_models);
  for (const auto& m : c.served_models) models.push_back(m.id);
  for (const auto& q : c.quality_scores) {
    if (std::find(models.begin(), models.end(), q.id) == models.end()) {
      throw input_error(fmt::format("{}: quality_score '{}': no API or served model has this ID{}", q.provenance.origin,
                                    q.id, did_you_mean(q.id, models)));
    }
  }
  for (const auto& m : c.api_models) {
    if (!m.serves.empty() && !has_id(c.served_models, m.serves)) {
      throw input_error(fmt::format("{}: api_model '{}': serves '{}', which is not a served model{}", m.provenance.origin,
                                    m.id, m.serves, did_you_mean(m.serves, ids_of(c.served_models))));
    }
  }
  if (!c.served_models.empty() && !has_id(c.served_models, c.defaults.served_model)) {
    throw input_error(fmt::format("{}: served_model '{}' is not in the catalog{}", at, c.defaults.served_model,
                                  did_you_mean(c.defaults.served_model, ids_of(c.served_models))));
  }
}

void check_whole(const Catalog& c, const std::string& defaults_origin) {
  for (const auto& r : c.rentals) {
    if (!has_id(c.gpus, r.gpu)) {
      throw input_error(fmt::format("{}: rental '{}': unknown gpu '{}'{}", r.provenance.origin, r.id, r.gpu,
                                    did_you_mean(r.gpu, ids_of(c.gpus))));
    }
    // Interruptions are what spot capacity is priced for; on other terms they would be ignored.
    if (!r.spot() && (r.interruptions_per_day || r.mean_interruption_minutes)) {
      throw input_error(fmt::format("{}: rental '{}': interruptions_per_day and mean_interruption_minutes are for "
                                    "term = \"spot\" (this offer is {})", r.provenance.origin, r.id, r.term));
    }
  }
  for (const auto& p : c.purchases) {
    if (!has_id(c.gpus, p.gpu)) {
      throw input_error(fmt::format("{}: purchase '{}': unknown gpu '{}'{}", p.provenance.origin, p.id, p.gpu,
                                    did_you_mean(p.gpu, ids_of(c.gpus))));
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
    for (const auto& [key, value] : {std::pair{"moe_layers", m.moe_layers}, {"local_layers", m.local_layers}}) {
      if (value > m.layers) {
        throw input_error(fmt::format("{}: served_model '{}': {} ({}) exceeds layers ({})", m.provenance.origin, m.id,
                                      key, value, m.layers));
      }
    }
    if ((m.local_layers > 0) != (m.attention_window > 0)) {
      throw input_error(fmt::format("{}: served_model '{}': local_layers and attention_window go together",
                                    m.provenance.origin, m.id));
    }
  }
  for (const auto& e : c.engine_factors) {
    if (!(e.compute_efficiency > 0.0) || !(e.bandwidth_efficiency > 0.0) || !(e.kv_memory_fraction > 0.0) ||
        !(e.link_efficiency > 0.0)) {
      throw input_error(fmt::format("{}: engine_factors '{}': efficiencies and kv_memory_fraction must be above 0",
                                    e.provenance.origin, e.id));
    }
  }
  check_factor_sets(c.engine_factors);
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
  check_model_references(c, at);
}

// Every kind's entries merged across the sources read so far, and the defaults.
struct Merging {
  Merged<ApiModel> apis;
  Merged<GpuSku> gpus;
  Merged<RentalOffer> rentals;
  Merged<PurchaseOffer> purchases;
  Merged<LicensePlan> licenses;
  Merged<ServedModel> served;
  Merged<EngineFactors> factors;
  Merged<MigProfile> migs;
  Merged<TrafficProfile> traffic;
  Merged<QualityScore> quality;
  Defaults defaults;
  std::string defaults_origin;
  bool have_defaults = false;
};

void merge_source(const CatalogSource& source, Merging& m) {
  toml::table doc;
  try {
    if (!source.packed.empty()) {
      doc = unpack_toml(source.packed);
    } else {
      if (!source.built_in) check_nesting(source.text, source.name, Syntax::toml);
      doc = toml::parse(source.text, source.name);
    }
  } catch (const toml::parse_error& e) {
    throw input_error(fmt::format("{}: {}", where(source.name, e.source()), e.description()));
  }
  for (auto&& [key, node] : doc) {
    const std::string k(key.str());
    if (k == "api_model") merge_array(node, source.name, "api_model", m.apis, read_api);
    else if (k == "gpu") merge_array(node, source.name, "gpu", m.gpus, read_gpu);
    else if (k == "rental") merge_array(node, source.name, "rental", m.rentals, read_rental);
    else if (k == "purchase") merge_array(node, source.name, "purchase", m.purchases, read_purchase);
    else if (k == "license") merge_array(node, source.name, "license", m.licenses, read_license);
    else if (k == "served_model") merge_array(node, source.name, "served_model", m.served, read_served);
    else if (k == "engine_factors") merge_array(node, source.name, "engine_factors", m.factors, read_factors);
    else if (k == "mig_profile") merge_array(node, source.name, "mig_profile", m.migs, read_mig);
    else if (k == "traffic_profile") merge_array(node, source.name, "traffic_profile", m.traffic, read_traffic);
    else if (k == "quality_score") merge_array(node, source.name, "quality_score", m.quality, read_quality);
    else if (std::find(source.other_keys.begin(), source.other_keys.end(), k) != source.other_keys.end()) continue;
    else if (k == "defaults") {
      const toml::table* table = node.as_table();
      if (table == nullptr) throw input_error(fmt::format("{}: 'defaults' must be a table", where(source.name, node.source())));
      Fields fields(*table, source.name, "defaults");
      read_defaults(fields, m.defaults);
      m.defaults_origin = fields.location();
      m.have_defaults = true;
    } else {
      throw input_error(fmt::format("{}: unknown table '{}'{}; a catalog holds [[api_model]], [[gpu]], [[rental]], "
                                    "[[purchase]], [[license]], [[served_model]], [[engine_factors]], [[mig_profile]], [[traffic_profile]], [[quality_score]] and [defaults]",
                                    where(source.name, node.source()), k, did_you_mean(k, k_top_keys)));
    }
  }
}

// The merged entries as a catalog: required keys checked, defaults filled in.
Catalog assemble(Merging& m) {
  require(m.apis, "api_model", {"input_per_mtok_usd", "output_per_mtok_usd"});
  require(m.gpus, "gpu", {"memory_gb", "bandwidth_tb_per_s", "bf16_tflops"});
  require(m.rentals, "rental", {"gpu", "usd_per_gpu_hour"});
  // Every running cost is required (0 where it truly is nothing): a missing one would price it at $0.
  require(m.purchases, "purchase", {"gpu", "gpus_per_server", "server_usd", "depreciation_years", "server_power_w",
                                    "residual_fraction", "annual_cost_of_capital_fraction", "pue", "usd_per_kwh",
                                    "colocation_usd_per_kw_month", "support_fraction_per_year"});
  require(m.licenses, "license", {"pricing", "price_usd"});
  require(m.served, "served_model", {"layers", "hidden", "heads", "kv_heads", "head_dim", "vocab", "params_b"});
  require(m.factors, "engine_factors", {"engine", "precision", "compute_efficiency", "bandwidth_efficiency",
                                        "step_overhead_ms", "allreduce_latency_us"});
  if (!m.have_defaults) throw input_error("the catalog has no [defaults] table");

  Catalog catalog;
  catalog.api_models = std::move(m.apis.items);
  catalog.gpus = std::move(m.gpus.items);
  catalog.rentals = std::move(m.rentals.items);
  catalog.purchases = std::move(m.purchases.items);
  catalog.licenses = std::move(m.licenses.items);
  catalog.served_models = std::move(m.served.items);
  catalog.engine_factors = std::move(m.factors.items);
  require(m.migs, "mig_profile", {"compute_slices"});
  catalog.mig_profiles = std::move(m.migs.items);
  for (std::size_t i = 0; i < m.traffic.items.size(); ++i) {
    TrafficProfile& t = m.traffic.items[i];
    if (m.traffic.given[i].count("kind") == 0) {
      throw input_error(fmt::format("{}: traffic_profile '{}': missing required key 'kind'", m.traffic.first_seen[i], t.id));
    }
    if (t.kind == "realtime" && t.hourly.empty()) t.hourly.assign(24, 1.0);  // flat unless given
  }
  catalog.traffic_profiles = std::move(m.traffic.items);
  require(m.quality, "quality_score", {"score"});
  catalog.quality_scores = std::move(m.quality.items);
  for (std::size_t i = 0; i < catalog.served_models.size(); ++i) {
    auto& model = catalog.served_models[i];
    if (m.served.given[i].count("active_params_b") == 0) model.active_params_b = model.params_b;
    if (model.name.empty()) model.name = model.id;
  }
  catalog.defaults = std::move(m.defaults);
  for (auto& model : catalog.api_models) {
    if (model.provider.empty()) model.provider = "unknown";
    if (model.name.empty()) model.name = model.id;
  }
  return catalog;
}

}  // namespace

Catalog load_catalog(const std::vector<CatalogSource>& sources) {
  Merging merging;
  for (const auto& source : sources) merge_source(source, merging);
  Catalog catalog = assemble(merging);
  check_whole(catalog, merging.defaults_origin);
  return catalog;
}

CatalogSource read_catalog_file(const std::filesystem::path& path) {
  return {input_name(path), read_text_file(path, "the catalog file")};
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
