// The measured workload from an attribute report: tokens from results.token_counters
// (--tokens-from-metrics) or assumptions.workload (--tokens), the period from results.period, the
// fleet from results.fleet (GPU-hours by modelName, utilization) and the GPU price the report used.
#include <nimcost/base/error.hpp>
#include <nimcost/load/attribute_input.hpp>
#include <nimcost/load/text_file.hpp>

#include "json_document.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace nimcost {

namespace {

using json = nlohmann::json;

const json& at(const json& node, const char* key, const std::string& where, const std::string& name) {
  if (!node.is_object() || !node.contains(key)) throw input_error(fmt::format("{}: no {}.{}", name, where, key));
  return node[key];
}

double number(const json& node, const char* key, const std::string& where, const std::string& name) {
  const json& v = at(node, key, where, name);
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0.0) {
    throw input_error(fmt::format("{}: {}.{} must be a number >= 0", name, where, key));
  }
  return v.get<double>();
}

// A string member, or "" when it is absent or not a string (json::value would throw on a number).
std::string text_or_empty(const json& node, const char* key) {
  return node.is_object() && node.contains(key) && node[key].is_string() ? node[key].get<std::string>() : std::string();
}

}  // namespace

MeasuredFleet read_attribute_report(const std::string& path, double hours_per_month) {
  return parse_attribute_report(read_text_file(path, "the attribute report"), input_name(path), hours_per_month);
}

MeasuredFleet parse_attribute_report(const std::string& text, const std::string& name, double hours_per_month) {
  const json doc = parse_json_document(text, name);
  if (!doc.is_object() || text_or_empty(doc, "command") != "attribute") {
    throw input_error(fmt::format("{}: not an `nimcost attribute` JSON report (its \"command\" is not \"attribute\")", name));
  }
  const json& results = at(doc, "results", "(top)", name);
  const json& assumptions = at(doc, "assumptions", "(top)", name);
  MeasuredFleet m;
  m.report = name;
  m.period_hours = number(at(results, "period", "results", name), "hours", "results.period", name);
  if (!(m.period_hours > 0.0)) throw input_error(fmt::format("{}: results.period.hours is 0: no period to scale", name));
  const json& counters = at(results, "token_counters", "results", name);
  if (counters.is_object()) {
    const double in = number(counters, "input_tokens", "results.token_counters", name);
    const double out = number(counters, "output_tokens", "results.token_counters", name);
    m.period_tokens = in + out;
    m.input_share = m.period_tokens > 0.0 ? in / m.period_tokens : 0.0;
    m.tokens_from = "token counters";
  } else if (assumptions.contains("workload")) {
    const json& w = assumptions["workload"];
    m.period_tokens = number(w, "monthly_tokens", "assumptions.workload", name);  // attribute: the period's
    m.input_share = number(w, "input_share_fraction", "assumptions.workload", name);
    m.tokens_from = "--tokens";
  } else {
    throw input_error(fmt::format("{}: the report counts no tokens; run attribute with --tokens-from-metrics (or "
                                  "--tokens)",
                                  name));
  }
  if (!(m.period_tokens > 0.0)) throw input_error(fmt::format("{}: the report's tokens are 0", name));
  if (m.input_share > 1.0) throw input_error(fmt::format("{}: the input share is above 1", name));
  m.monthly_tokens = m.period_tokens * hours_per_month / m.period_hours;
  if (!std::isfinite(m.monthly_tokens) || m.monthly_tokens > 1e18) {
    throw input_error(fmt::format("{}: {} tokens in {:g} h is not a plausible volume", name, m.period_tokens, m.period_hours));
  }
  const json& fleet = at(results, "fleet", "results", name);
  m.utilization = number(fleet, "utilization_fraction", "results.fleet", name);
  if (m.utilization > 1.0) throw input_error(fmt::format("{}: results.fleet.utilization_fraction is above 1", name));
  const double gpu_hours = number(fleet, "gpu_hours", "results.fleet", name);
  const double gpus = std::ceil(gpu_hours / m.period_hours - 1e-6);
  if (!(gpus <= 100000.0)) throw input_error(fmt::format("{}: {:g} GPU-hours in {:g} h is over 100,000 GPUs", name, gpu_hours, m.period_hours));
  m.gpus = std::max(1, static_cast<int>(gpus));
  double most = -1.0;
  for (const auto& [model, hours] : at(fleet, "gpu_hours_by_model", "results.fleet", name).items()) {
    if (hours.is_number() && hours.get<double>() > most) most = hours.get<double>(), m.gpu_model = model;
  }
  const json& prices = at(assumptions, "gpu_prices", "assumptions", name);
  if (prices.is_array() && prices.size() == 1 && prices[0].is_object()) {
    const std::string source = text_or_empty(prices[0], "source");
    if (source.rfind("rental ", 0) == 0) {
      m.rental = source.substr(7, source.find(' ', 7) == std::string::npos ? std::string::npos : source.find(' ', 7) - 7);
    } else if (prices[0].contains("usd_per_gpu_hour") && prices[0]["usd_per_gpu_hour"].is_number()) {
      m.usd_per_gpu_hour = prices[0]["usd_per_gpu_hour"].get<double>();
    }
  }
  return m;
}

}  // namespace nimcost
