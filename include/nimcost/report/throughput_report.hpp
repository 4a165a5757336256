// `nimcost throughput`: one replica's memory fit and operating point.
#pragma once

#include <nimcost/model/throughput.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// `nimcost throughput`: one replica's memory fit and operating point.
enum class ThroughputMode { offline_max, concurrency, latency_target };

struct ThroughputReport {
  ReplicaSpec spec;
  SequenceShape shape;
  std::string tp_source;         // "--tp" or "the smallest that fits"
  std::string precision_source;  // "--precision" or why the default
  std::string lengths_source;    // the --lengths file the shape came from; empty for --isl/--osl
  MemoryFit memory;
  std::optional<int> gpus_needed;  // the smallest tensor-parallel degree that fits; none up to 64
  ThroughputMode mode = ThroughputMode::offline_max;
  std::optional<double> concurrency;  // as asked
  LatencyTarget target;
  std::optional<OperatingPoint> point;           // absent when nothing fits or meets the target
  std::optional<OperatingPoint> best_achievable; // one request alone, when the target is missed
  double prefill_tokens_per_s = 0.0;             // prompt tokens/s of a full prefill iteration
  double decode_tokens_per_s = 0.0;              // output tokens/s of the point's decode iterations
  std::vector<OperatingPoint> sweep;             // --sweep-concurrency
  std::vector<std::string> warnings;
};

}  // namespace nimcost
