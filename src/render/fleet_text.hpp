// A simulated fleet in words (internal to the renderers): short labels for tables ("hybrid 2
// committed + API") and phrases for verdicts ("autoscaling 0 to 6 replicas on demand above 2
// committed GPUs"). Replicas of the policy are on demand; committed and spot ones sit under them.
#pragma once

#include <nimcost/model/fleet_sim.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

namespace nimcost {

// "3", "3 committed", "1 + 2 committed + 2 spot": the replicas held whatever the load.
inline std::string held_label(const PolicySpec& p, int on_demand) {
  std::vector<std::string> parts;
  if (on_demand > 0 || (p.committed_replicas == 0 && p.spot_replicas == 0)) parts.push_back(fmt::format("{}", on_demand));
  if (p.committed_replicas > 0) parts.push_back(fmt::format("{} committed", p.committed_replicas));
  if (p.spot_replicas > 0) parts.push_back(fmt::format("{} spot", p.spot_replicas));
  return fmt::format("{}", fmt::join(parts, " + "));
}

inline std::string policy_label(const PolicySpec& p) {
  const bool base = p.committed_replicas > 0 || p.spot_replicas > 0;
  switch (p.policy) {
    case FleetPolicy::fixed: return "fixed " + held_label(p, p.replicas);
    case FleetPolicy::hybrid:
      if (api_only(p)) return "API only";
      return p.realtime_to_api ? fmt::format("batch on {}, realtime API", held_label(p, p.replicas))
                               : fmt::format("hybrid {} + API", held_label(p, p.replicas));
    case FleetPolicy::autoscale: {
      std::string label = fmt::format("autoscale {}-{}", p.min_replicas, p.max_replicas);
      if (base) label += " over " + held_label(p, 0);
      return label;
    }
  }
  return "";
}

// "3 GPUs", "2 committed replicas of 8 GPUs".
inline std::string replicas_text(int replicas, int gpus_per_replica, const char* kind) {
  const std::string adjective = *kind != '\0' ? std::string(kind) + " " : "";
  return gpus_per_replica == 1 ? fmt::format("{} {}GPU{}", replicas, adjective, replicas == 1 ? "" : "s")
                               : fmt::format("{} {}replica{} of {} GPUs", replicas, adjective, replicas == 1 ? "" : "s",
                                             gpus_per_replica);
}

// The replicas held whatever the load, as a phrase: "1 on-demand GPU and 2 committed GPUs".
inline std::string held_text(const PolicySpec& p, int on_demand, int gpus_per_replica) {
  const bool base = p.committed_replicas > 0 || p.spot_replicas > 0;
  std::vector<std::string> parts;
  if (on_demand > 0 || !base) parts.push_back(replicas_text(on_demand, gpus_per_replica, base ? "on-demand" : ""));
  if (p.committed_replicas > 0) parts.push_back(replicas_text(p.committed_replicas, gpus_per_replica, "committed"));
  if (p.spot_replicas > 0) parts.push_back(replicas_text(p.spot_replicas, gpus_per_replica, "spot"));
  return fmt::format("{}", fmt::join(parts, " and "));
}

inline std::string policy_text(const PolicySpec& p, int gpus_per_replica) {
  const bool base = p.committed_replicas > 0 || p.spot_replicas > 0;
  switch (p.policy) {
    case FleetPolicy::fixed: return "a fixed fleet of " + held_text(p, p.replicas, gpus_per_replica);
    case FleetPolicy::hybrid:
      if (api_only(p)) return "the API alone (no GPUs)";
      return p.realtime_to_api
                 ? fmt::format("hybrid: realtime on the API, batch on {}", held_text(p, p.replicas, gpus_per_replica))
                 : fmt::format("hybrid: {} {}, the overflow to the API", held_text(p, p.replicas, gpus_per_replica),
                               p.spot_replicas > 0 ? "held (spot ones while the vendor lets them run)" : "always on");
    case FleetPolicy::autoscale: {
      std::string text = fmt::format("autoscaling {} to {} replicas", p.min_replicas, p.max_replicas);
      if (base) text += " on demand above " + held_text(p, 0, gpus_per_replica);
      return text;
    }
  }
  return "";
}

// The kind of fleet, for "the best of each kind": "fixed", "hybrid on spot", "autoscale on committed".
inline std::string fleet_kind(const PolicySpec& p) {
  std::string kind = policy_name(p.policy);
  if (p.committed_replicas > 0) kind += " on committed";
  if (p.spot_replicas > 0) kind += " on spot";
  return kind;
}

}  // namespace nimcost
