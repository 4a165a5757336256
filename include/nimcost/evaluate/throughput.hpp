// `nimcost throughput`: one replica's memory fit, operating point and throughput-latency curve.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/throughput_report.hpp>
#include <nimcost/resolve/replica.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct ThroughputRequest {
  ReplicaRequest replica;
  std::optional<double> concurrency;
  LatencyTarget target;
  bool sweep = false;
};

// `nimcost throughput`.
ThroughputReport evaluate_throughput(const Catalog& catalog, const ThroughputRequest& request);

}  // namespace nimcost
