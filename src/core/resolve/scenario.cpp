// A scenario's parts resolved: each part's month of traffic (tokens_per_day over the month's days,
// the mix defaults applied) and profile kind, and the whole at the parts' weighted mix.
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/resolve/scenario.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

double hours_of(const Catalog& catalog, const ScenarioSpec& spec) {
  return spec.request.selfhost.hours_per_month.value_or(catalog.defaults.hours_per_month);
}

Workload part_workload(const Catalog& catalog, const ScenarioSpec& spec, const WorkloadPart& part) {
  Workload w;
  if (part.tokens) {
    w.tokens = *part.tokens;
  } else if (part.tokens_per_day) {
    w.tokens = Tokens(std::round(part.tokens_per_day->value * hours_of(catalog, spec) / 24.0));
  } else {
    throw input_error(fmt::format("{}: workload '{}' needs tokens (per month) or tokens_per_day", part.origin,
                                  part.name));
  }
  // Like crossover: with isl/osl and no input share, the APIs price the mix the GPUs serve.
  w.input_share = part.input_share.value_or(
      serving_input_share(spec.request.selfhost.replica).value_or(catalog.defaults.input_share));
  w.cached_input_share = part.cached_input_share;
  w.batch_api = spec.request.workload.batch_api;
  return w;
}

// The part's profile kind ("realtime" or "batch"): a traffic profile ID resolved in the catalog.
std::string part_profile(const Catalog& catalog, const ScenarioSpec& spec, const WorkloadPart& part) {
  const std::string profile = part.profile.value_or(spec.request.selfhost.profile.value_or(catalog.defaults.profile));
  if (profile == "realtime" || profile == "batch") return profile;
  try {
    return catalog.traffic_profile(profile).kind;
  } catch (const Error& e) {
    throw input_error(fmt::format("{}: workload '{}': {}", part.origin, part.name, e.what()));
  }
}

}  // namespace

Workload total_workload(const Catalog& catalog, const std::vector<Workload>& parts, bool batch_api) {
  double tokens = 0.0, input = 0.0, cached = 0.0;
  for (const auto& w : parts) {
    tokens += w.tokens.value;
    input += w.input_tokens().value;
    cached += w.input_tokens().value * w.cached_input_share;
  }
  // The same bound as one --tokens value: tokens_per_day over a month, or many parts, may pass it.
  if (tokens > k_max_tokens) {
    throw input_error(fmt::format("the workload's parts add up to {} tokens a month; at most {} (1e15)",
                                  format_tokens(Tokens(tokens)), format_tokens(Tokens(k_max_tokens))));
  }
  Workload total;
  total.tokens = Tokens(tokens);
  total.input_share = tokens > 0.0 ? input / tokens : catalog.defaults.input_share;
  total.cached_input_share = input > 0.0 ? cached / input : 0.0;
  total.batch_api = batch_api;
  return total;
}

ResolvedParts resolve_parts(const Catalog& catalog, const ScenarioSpec& spec) {
  if (spec.parts.empty()) throw input_error(fmt::format("{}: the scenario has no [workload]", spec.file));
  ResolvedParts out;
  for (const auto& part : spec.parts) {
    out.workloads.push_back(part_workload(catalog, spec, part));
    out.kinds.push_back(part_profile(catalog, spec, part));
  }
  out.total = total_workload(catalog, out.workloads, spec.request.workload.batch_api);
  return out;
}

std::vector<Workload> scenario_part_workloads(const Catalog& catalog, const ScenarioSpec& spec) {
  std::vector<Workload> out;
  for (const auto& part : spec.parts) out.push_back(part_workload(catalog, spec, part));
  return out;
}

CrossoverRequest scenario_request(const Catalog& catalog, const ScenarioSpec& spec, std::vector<std::string>& warnings) {
  const ResolvedParts resolved = resolve_parts(catalog, spec);
  const std::vector<std::string>& profiles = resolved.kinds;
  const Workload& total = resolved.total;
  CrossoverRequest request = spec.request;
  request.selfhost = with_served_model(catalog, request.selfhost);
  request.workload.tokens = total.tokens;
  request.workload.input_share = total.input_share;
  request.workload.cached_input_share = total.cached_input_share;
  if (request.selfhost.replica) {
    const bool mixed = std::any_of(profiles.begin(), profiles.end(), [&](const auto& p) { return p != profiles[0]; });
    request.selfhost.profile = mixed ? std::string("realtime") : profiles[0];
    if (mixed) warnings.push_back(spec.file + ": the parts run under different profiles; sized as realtime here");
  }
  return request;
}

}  // namespace nimcost
