// Scenario TOML → ScenarioSpec. Each file is applied over what its includes set: [api] and
// [selfhost] key by key, a single [workload] table key by key over a single one, anything else
// (a [[workload]] list) replaces the workload whole. Catalog tables pass through to the catalog
// loader as sources, in the order the files were read.
#include <nimcost/resolve/replica.hpp>
#include <nimcost/base/limits.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/base/quantity.hpp>

#include "nesting.hpp"

#include "toml_fields.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace nimcost {

namespace {

using toml_fields::Fields;
using toml_fields::where;

const std::vector<std::string> k_scenario_keys = {"name", "description", "include", "workload", "api", "selfhost", "plan"};
const std::vector<std::string> k_catalog_tables = {"api_model",      "gpu",         "rental",  "purchase", "license",
                                                   "served_model",   "engine_factors", "mig_profile", "traffic_profile",
                                                   "quality_score",  "defaults"};
const std::vector<std::string> k_workload_keys = {"name", "tokens", "tokens_per_day", "input_share",
                                                  "cached_input_share", "profile", "mig_profile", "notes"};
const std::vector<std::string> k_api_keys = {"providers", "batch_api", "compare_to", "min_quality"};
const std::vector<std::string> k_selfhost_keys = {
    "gpu", "rental", "gpu_hourly_usd", "gpu_monthly_usd", "purchase", "usd_per_kwh", "pue", "depreciation_years",
    "gpus", "hours_per_month", "license", "ops_monthly_usd",
    "capacity_tokens_per_s", "max_utilization", "production", "model", "precision", "tp", "isl", "osl", "engine",
    "ttft_ms", "tpot_ms", "pp", "ep", "dp_attention", "prefix_cache_hit", "speculative_tokens", "acceptance"};
const std::vector<std::string> k_plan_keys = {"model",   "min_quality",       "gpus",      "precisions", "tp",
                                              "ttft_ms", "tpot_ms",           "max_slo_violation", "shortlist", "seeds"};
constexpr int k_max_include_depth = 16;

// [plan]: what `nimcost plan` searches for this scenario (flags override it) and `run` plans.
void read_plan(Fields& f, PlanSettings& p) {
  if (auto v = f.text("model")) p.model = *v;
  if (auto v = f.number("min_quality", 1e6)) p.min_quality = *v;
  if (auto v = f.texts("gpus")) p.gpus = *v;
  if (auto v = f.texts("precisions")) p.precisions = *v;
  if (auto v = f.counts("tp", 1, k_max_tp)) p.tps = *v;
  if (auto v = f.positive("ttft_ms", 1e9)) p.target.ttft_ms = *v;
  if (auto v = f.positive("tpot_ms", 1e9)) p.target.tpot_ms = *v;
  if (auto v = f.number("max_slo_violation", 1.0)) p.max_slo_violation = *v;
  if (auto v = f.count("shortlist", 1, 100000)) p.shortlist = *v;
  if (auto v = f.count("seeds", 1, k_max_seeds)) p.seeds = *v;
  p.origin = f.location();
  f.reject_unknown(k_plan_keys);
  if (p.model && p.min_quality) {
    throw input_error(fmt::format("{}: [plan]: give model or min_quality, not both", f.location()));
  }
}

// A token count written as a number (500000000) or as text with a suffix ("500M").
std::optional<Tokens> tokens_field(Fields& f, std::string_view key) {
  const toml::node* node = f.node(key);
  if (node == nullptr) return std::nullopt;
  try {
    if (auto s = node->value<std::string>()) return parse_tokens(*s);
    if (node->is_number()) {
      const double v = *node->value<double>();
      return parse_tokens(fmt::format("{}", v));
    }
  } catch (const Error& e) {
    throw input_error(fmt::format("{}: {}: {}: {}", where(f.file(), node->source()), f.what(), key, e.what()));
  }
  throw input_error(fmt::format("{}: {}: {} must be a token count such as \"500M\" or 500000000, got {}",
                                where(f.file(), node->source()), f.what(), key, toml_fields::type_name(*node)));
}

std::optional<double> fraction_field(Fields& f, std::string_view key) { return f.number(key, 1.0); }

void read_workload(Fields& f, WorkloadPart& part) {
  if (auto v = f.text("name")) part.name = *v;
  const auto tokens = tokens_field(f, "tokens");
  const auto per_day = tokens_field(f, "tokens_per_day");
  if (tokens && per_day) {
    throw input_error(fmt::format("{}: {}: give tokens (per month) or tokens_per_day, not both", f.location(), f.what()));
  }
  if (tokens) {
    part.tokens = tokens;
    part.tokens_per_day.reset();
  }
  if (per_day) {
    part.tokens_per_day = per_day;
    part.tokens.reset();
  }
  if (auto v = fraction_field(f, "input_share")) part.input_share = *v;
  if (auto v = fraction_field(f, "cached_input_share")) part.cached_input_share = *v;
  if (auto v = f.text("profile")) part.profile = *v;  // a traffic profile ID, checked against the catalog
  if (auto v = f.text("mig_profile")) part.mig_profile = *v;
  f.text("notes");
  part.origin = f.location();
  f.reject_unknown(k_workload_keys);
}

void read_api(Fields& f, CrossoverRequest& r) {
  if (auto v = f.texts("providers")) r.providers = *v;
  if (auto v = f.flag("batch_api")) r.workload.batch_api = *v;
  if (auto v = f.text("compare_to")) {
    if (*v != "comparable" && *v != "same-model" && *v != "all") {
      throw input_error(fmt::format("{}: [api]: compare_to must be comparable, same-model or all, got '{}'", f.location(), *v));
    }
    r.compare_to = parse_compare_to(*v);
  }
  if (auto v = f.number("min_quality", 1e6)) r.min_quality = *v;
  f.reject_unknown(k_api_keys);
}

void read_selfhost(Fields& f, SelfHostRequest& s) {
  auto text = [&](std::string_view key, std::optional<std::string>& target) {
    if (auto v = f.text(key)) target = *v;
  };
  text("gpu", s.gpu);
  text("rental", s.rental);
  text("license", s.license);
  if (auto v = f.number("gpu_hourly_usd", 1e6)) s.gpu_hourly_usd = *v;
  if (auto v = f.number("gpu_monthly_usd", 1e9)) s.gpu_monthly_usd = *v;
  text("purchase", s.purchase);
  if (auto v = f.number("usd_per_kwh", 10.0)) s.usd_per_kwh = *v;
  if (auto v = f.number("pue", 5.0, 1.0)) s.pue = *v;
  if (auto v = f.positive("depreciation_years", 30.0)) s.depreciation_years = *v;
  if (auto v = f.count("gpus", 1, k_max_gpus)) s.gpus = *v;
  if (auto v = f.number("hours_per_month", k_max_hours_per_month, k_min_hours_per_month)) s.hours_per_month = *v;
  if (auto v = f.number("ops_monthly_usd", 1e12)) s.ops_monthly_usd = *v;
  if (auto v = f.number("capacity_tokens_per_s", 1e9)) s.capacity_tokens_per_s = *v;
  if (auto v = fraction_field(f, "max_utilization")) s.max_utilization = *v;
  if (auto v = f.flag("production")) s.production = *v;

  // The served model: any of its keys starts (or edits) the replica request.
  auto replica = [&]() -> ReplicaRequest& {
    if (!s.replica) s.replica = ReplicaRequest{};
    return *s.replica;
  };
  if (auto v = f.text("model")) replica().model = *v;
  if (auto v = f.text("precision")) replica().precision = *v;
  if (auto v = f.count("tp", 1, k_max_tp)) replica().tp = *v;
  if (auto v = f.count("isl", 1, k_max_request_tokens)) replica().isl = *v;
  if (auto v = f.count("osl", 1, k_max_request_tokens)) replica().osl = *v;
  if (auto v = f.text("engine")) replica().engine = *v;
  if (auto v = f.count("pp", 1, k_max_tp)) replica().pp = *v;
  if (auto v = f.count("ep", 1, k_max_tp)) replica().ep = *v;
  if (auto v = f.flag("dp_attention")) replica().dp_attention = *v;
  if (auto v = fraction_field(f, "prefix_cache_hit")) replica().prefix_cache_hit = *v;
  if (auto v = f.count("speculative_tokens", 1, 16)) replica().speculative_tokens = *v;
  if (auto v = fraction_field(f, "acceptance")) replica().acceptance = *v;
  if (auto v = f.number("ttft_ms", 1e9)) s.target.ttft_ms = *v;
  if (auto v = f.number("tpot_ms", 1e9)) s.target.tpot_ms = *v;
  f.reject_unknown(k_selfhost_keys);
}

const toml::table& table_of(const toml::node& node, const std::string& file, std::string_view key) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    throw input_error(fmt::format("{}: '{}' must be a table ([{}])", where(file, node.source()), key, key));
  }
  return *table;
}

struct Loader {
  const ReadText& read;
  LoadedScenario out;
  bool workload_is_table = false;  // the current workload came from a single [workload] table
  std::vector<std::string> stack;  // files being read, for cycles
  bool name_set = false;

  void load(const std::filesystem::path& path, int depth) {
    const std::string name = path == "-" ? "stdin" : path.lexically_normal().string();
    std::error_code ec;
    const std::string key = std::filesystem::weakly_canonical(path, ec).string();
    const std::string id = ec ? name : key;
    if (std::find(stack.begin(), stack.end(), id) != stack.end()) {
      throw input_error(fmt::format("{}: include cycle: {} includes itself through {}", name, name,
                                    fmt::join(stack, " -> ")));
    }
    if (depth > k_max_include_depth) {
      throw input_error(fmt::format("{}: includes nest deeper than {} files", name, k_max_include_depth));
    }
    const std::string text = read(path);
    toml::table doc;
    try {
      check_nesting(text, name, Syntax::toml);
      doc = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
      throw input_error(fmt::format("{}: {}", where(name, e.source()), e.description()));
    }
    stack.push_back(id);
    apply(doc, name, path, text, depth);
    stack.pop_back();
    out.spec.files.push_back(path == "-" ? "-" : name);  // "-": the outputs' check compares stdin's file
  }

  void apply(const toml::table& doc, const std::string& name, const std::filesystem::path& path,
             const std::string& text, int depth) {
    // Includes first, so this file's keys override theirs.
    if (const toml::node* inc = doc.get("include")) {
      std::vector<std::string> includes;
      if (auto s = inc->value<std::string>()) {
        includes.push_back(*s);
      } else if (const toml::array* array = inc->as_array()) {
        for (const auto& item : *array) {
          auto file = item.value<std::string>();
          if (!file) throw input_error(fmt::format("{}: include must be a file name or an array of them", where(name, item.source())));
          includes.push_back(*file);
        }
      } else {
        throw input_error(fmt::format("{}: include must be a file name or an array of them", where(name, inc->source())));
      }
      for (const auto& file : includes) {
        if (file.empty()) throw input_error(fmt::format("{}: include is an empty file name", where(name, inc->source())));
        load(path.parent_path() / file, depth + 1);
      }
    }

    bool has_catalog = false;
    for (auto&& [k, node] : doc) {
      const std::string key(k.str());
      if (key == "include") continue;
      if (key == "name" || key == "description") {
        auto s = node.value<std::string>();
        if (!s) throw input_error(fmt::format("{}: {} must be a string", where(name, node.source()), key));
        (key == "name" ? out.spec.name : out.spec.description) = *s;
        if (key == "name") name_set = true;
      } else if (key == "workload") {
        read_workloads(node, name);
      } else if (key == "api") {
        Fields f(table_of(node, name, key), name, "[api]");
        read_api(f, out.spec.request);
      } else if (key == "selfhost") {
        Fields f(table_of(node, name, key), name, "[selfhost]");
        read_selfhost(f, out.spec.request.selfhost);
      } else if (key == "plan") {
        Fields f(table_of(node, name, key), name, "[plan]");
        if (!out.spec.plan) out.spec.plan = PlanSettings{};
        read_plan(f, *out.spec.plan);
      } else if (std::find(k_catalog_tables.begin(), k_catalog_tables.end(), key) != k_catalog_tables.end()) {
        has_catalog = true;
      } else {
        std::vector<std::string> known = k_scenario_keys;
        known.insert(known.end(), k_catalog_tables.begin(), k_catalog_tables.end());
        throw input_error(fmt::format("{}: unknown key '{}'{}; a scenario holds name, description, include, "
                                      "[workload] or [[workload]], [api], [selfhost], [plan] and catalog tables",
                                      where(name, node.source()), key, did_you_mean(key, known)));
      }
    }
    if (has_catalog) out.catalog_sources.push_back({name, text, k_scenario_keys});
  }

  void read_workloads(const toml::node& node, const std::string& file) {
    if (const toml::table* table = node.as_table()) {
      WorkloadPart part;
      if (workload_is_table && out.spec.parts.size() == 1) part = out.spec.parts.front();
      Fields f(*table, file, "[workload]");
      read_workload(f, part);
      if (part.name.empty()) part.name = "workload";
      out.spec.parts = {part};
      workload_is_table = true;
      return;
    }
    const toml::array* array = node.as_array();
    if (array == nullptr || array->empty()) {
      throw input_error(fmt::format("{}: workload must be a [workload] table or [[workload]] tables",
                                    where(file, node.source())));
    }
    std::vector<WorkloadPart> parts;
    std::set<std::string> names;
    for (const auto& item : *array) {
      const toml::table* table = item.as_table();
      if (table == nullptr) {
        throw input_error(fmt::format("{}: each [[workload]] must be a table", where(file, item.source())));
      }
      WorkloadPart part;
      Fields f(*table, file, fmt::format("[[workload]] #{}", parts.size() + 1));
      read_workload(f, part);
      if (part.name.empty()) throw f.missing("name");
      if (!names.insert(part.name).second) {
        throw input_error(fmt::format("{}: two workloads are named '{}'", f.location(), part.name));
      }
      parts.push_back(std::move(part));
    }
    out.spec.parts = std::move(parts);
    workload_is_table = false;
  }
};

}  // namespace

LoadedScenario load_scenario(const std::filesystem::path& path, const ReadText& read) {
  Loader loader{read, {}, false, {}, false};
  loader.load(path, 0);
  LoadedScenario out = std::move(loader.out);
  out.spec.file = path == "-" ? "stdin" : path.string();
  if (!loader.name_set || out.spec.name.empty()) out.spec.name = path == "-" ? "stdin" : path.stem().string();
  if (out.spec.parts.empty()) {
    const bool catalog_only = !out.catalog_sources.empty() && out.spec.files.size() == 1;
    throw input_error(fmt::format("{}: the scenario has no workload; add [workload] with tokens = \"500M\" (or "
                                  "tokens_per_day){}",
                                  out.spec.file,
                                  catalog_only ? "; a file of catalog entries alone is for --catalog" : ""));
  }
  for (const auto& part : out.spec.parts) {
    if (!part.tokens && !part.tokens_per_day) {
      throw input_error(fmt::format("{}: workload '{}' needs tokens (per month) or tokens_per_day", part.origin,
                                    part.name));
    }
  }
  const auto& replica = out.spec.request.selfhost.replica;
  if (replica && replica->model.empty()) {
    throw input_error(fmt::format("{}: [selfhost] precision, tp, isl, osl and engine describe the served model; "
                                  "give model too",
                                  out.spec.file));
  }
  return out;
}

LoadedScenario read_scenario_file(const std::filesystem::path& path) {
  return load_scenario(path, [](const std::filesystem::path& p) { return read_text_file(p, "the scenario file"); });
}

}  // namespace nimcost
