// JSON report → ReportSnapshot. Reads only the keys diff needs, each checked for type, so a report
// edited by hand or cut short fails with the path of the first bad key.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/load/oldest_figure.hpp>
#include <nimcost/load/report_json.hpp>

#include "json_document.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace nimcost {

namespace {

using json = nlohmann::json;

// The ranges of the figures diff and the gates read: anything nimcost can write (a month of 1e15
// tokens on a sized fleet stays under 1e18 USD), nothing whose arithmetic overflows or goes negative.
constexpr double k_max_monthly_usd = 1e18;
constexpr double k_max_per_mtok_usd = 1e24;  // 1e18 a month over a volume of one token
constexpr double k_max_break_even_tokens = 1e300;  // an API priced near zero breaks even far out

class Reader {
public:
  explicit Reader(std::string name) : m_name(std::move(name)) {}

  const json& member(const json& object, const char* key, const std::string& path) const {
    if (!object.is_object()) throw bad(path, "an object");
    const auto it = object.find(key);
    if (it == object.end()) throw input_error(fmt::format("{}: {}: missing key '{}'", m_name, path, key));
    return *it;
  }

  // A figure a gate may read, in its plausible range: a negative or 1e308 cost in an edited base report
  // would otherwise pass a cost gate ("pass -39100%").
  double number(const json& object, const char* key, const std::string& path, double max) const {
    const json& v = member(object, key, path);
    if (!v.is_number() || !std::isfinite(v.get<double>())) throw bad(path + "." + key, "a number");
    const double x = v.get<double>();
    if (x < 0.0 || x > max) {
      throw input_error(fmt::format("{}: {}.{}: {:g} is outside 0 to {:g}; not a figure nimcost writes", m_name, path,
                                    key, x, max));
    }
    return x;
  }

  std::optional<double> optional_number(const json& object, const char* key, const std::string& path,
                                        double max) const {
    if (!object.is_object() || !object.contains(key) || object.at(key).is_null()) return std::nullopt;
    return number(object, key, path, max);
  }

  std::string text(const json& object, const char* key, const std::string& path) const {
    const json& v = member(object, key, path);
    if (!v.is_string()) throw bad(path + "." + key, "a string");
    return v.get<std::string>();
  }

  const json& array(const json& object, const char* key, const std::string& path) const {
    const json& v = member(object, key, path);
    if (!v.is_array()) throw bad(path + "." + key, "an array");
    return v;
  }

  Error bad(const std::string& path, const char* expected) const {
    return input_error(fmt::format("{}: {}: expected {}", m_name, path, expected));
  }

  const std::string& name() const { return m_name; }

private:
  std::string m_name;
};

// The key names that changed between the schema versions diff reads.
struct SchemaKeys {
  const char* volume_tokens;
};
constexpr SchemaKeys k_keys_v1{"volume_tokens"};
constexpr SchemaKeys k_keys_v2{"monthly_tokens"};

// A crossover's `results` object as one scenario.
ScenarioSnapshot read_crossover_results(const Reader& r, const SchemaKeys& keys, const json& results,
                                        const std::string& path, std::string name) {
  ScenarioSnapshot s;
  s.name = std::move(name);
  s.volume_tokens = r.number(results, keys.volume_tokens, path, k_max_tokens);

  const std::string sh = path + ".selfhost";
  const json& selfhost = r.member(results, "selfhost", path);
  OptionSnapshot host;
  host.id = "selfhost";
  host.kind = "selfhost";
  host.monthly_usd = r.number(selfhost, "monthly_usd", sh, k_max_monthly_usd);
  host.per_mtok_usd = r.optional_number(selfhost, "per_mtok_usd", sh, k_max_per_mtok_usd);
  const double gpus = r.number(selfhost, "gpus", sh, 1e9);
  if (gpus != std::floor(gpus)) throw r.bad(sh + ".gpus", "a whole number of GPUs");
  host.gpus = static_cast<int>(gpus);
  s.options.push_back(host);

  const json& apis = r.array(results, "apis", path);
  for (std::size_t i = 0; i < apis.size(); ++i) {
    const std::string ap = fmt::format("{}.apis[{}]", path, i);
    OptionSnapshot o;
    o.id = r.text(apis[i], "id", ap);
    o.kind = "api";
    o.monthly_usd = r.number(apis[i], "monthly_usd", ap, k_max_monthly_usd);
    o.per_mtok_usd = r.optional_number(apis[i], "blended_per_mtok_usd", ap, k_max_per_mtok_usd);
    o.break_even_tokens = r.optional_number(apis[i], "break_even_tokens", ap, k_max_break_even_tokens);
    if (o.id.empty() || o.id == "selfhost") throw r.bad(ap + ".id", "an API model ID");
    s.options.push_back(std::move(o));
  }

  const std::string vp = path + ".verdict";
  const json& verdict = r.member(results, "verdict", path);
  s.cheapest = r.text(verdict, "cheapest", vp);
  s.cheapest_monthly_usd = r.number(verdict, "cheapest_monthly_usd", vp, k_max_monthly_usd);
  s.verdict = r.text(verdict, "text", vp);
  return s;
}

// A planned scenario's "plan" (absent or null when it has no [plan] table, or none met its target).
void read_plan_summary(const Reader& r, const json& scenario, const std::string& path, ScenarioSnapshot& s) {
  const auto plan = scenario.find("plan");
  if (plan == scenario.end() || plan->is_null()) return;
  const std::string pp = path + ".plan";
  if (!plan->is_object()) throw r.bad(pp, "an object or null");
  const auto choice = plan->find("choice");
  if (choice == plan->end() || choice->is_null()) return;
  add_planned(s, r.text(*plan, "choice", pp), r.number(*plan, "monthly_usd", pp, k_max_monthly_usd),
              r.optional_number(*plan, "per_mtok_usd", pp, k_max_per_mtok_usd));
  s.verdict = r.text(*plan, "verdict", pp);
}

}  // namespace

bool looks_like_json(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return false;
  if (text[first] == '{') return true;
  // A JSON array ("[]", "[{...}]", "[1, 2]") is not a TOML table header ("[workload]", "[[workload]]").
  const auto next = text.find_first_not_of(" \t\r\n", first + 1);
  return text[first] == '[' && next != std::string::npos && std::string_view("]{-0123456789").find(text[next]) != std::string_view::npos;
}

ReportSnapshot read_report_json(const std::string& text, const std::string& name) {
  const json doc = parse_json_document(text, name);
  const Reader r(name);
  if (!doc.is_object() || !doc.contains("schema")) {
    throw input_error(fmt::format("{}: not a nimcost report (no \"schema\" key)", name));
  }
  const std::string schema = r.text(doc, "schema", "$");
  if (schema != k_report_schema && schema != k_report_schema_v1) {
    throw input_error(fmt::format("{}: report schema is '{}' but this nimcost reads '{}' and '{}'; regenerate the "
                                  "report with this version (nimcost run ... --format json) before diffing",
                                  name, schema, k_report_schema, k_report_schema_v1));
  }
  const SchemaKeys& keys = schema == k_report_schema_v1 ? k_keys_v1 : k_keys_v2;
  ReportSnapshot out;
  out.origin = name;
  out.oldest_price = oldest_figure(doc);
  out.command = r.text(doc, "command", "$");
  const json& results = r.member(doc, "results", "$");
  if (out.command == "crossover") {
    out.scenarios.push_back(read_crossover_results(r, keys, results, "$.results", "crossover"));
  } else if (out.command == "run") {
    const json& scenarios = r.array(results, "scenarios", "$.results");
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      const std::string path = fmt::format("$.results.scenarios[{}]", i);
      const std::string scenario_name = r.text(scenarios[i], "name", path);
      out.scenarios.push_back(
          read_crossover_results(r, keys, r.member(scenarios[i], "results", path), path + ".results", scenario_name));
      read_plan_summary(r, scenarios[i], path, out.scenarios.back());
    }
  } else {
    throw input_error(fmt::format("{}: a '{}' report; diff compares 'run' and 'crossover' reports", name, out.command));
  }
  return out;
}

}  // namespace nimcost
