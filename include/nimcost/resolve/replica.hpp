// From what a user asked for (model, GPU, precision, TP, sequence lengths, as typed) to a resolved
// replica. Defaults: the catalog's GPU; FP8 where the GPU
// has FP8 tensor cores, else BF16; the smallest tensor-parallel degree that fits; the trtllm engine.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/length_mix.hpp>
#include <nimcost/model/throughput.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

constexpr int k_max_tp = 64;  // the widest tensor-parallel degree tried

struct ReplicaRequest {
  std::string model;
  std::optional<std::string> gpu;
  std::optional<std::string> precision;
  std::optional<int> tp;
  std::optional<double> isl;
  std::optional<double> osl;
  std::optional<int> pp;
  std::optional<int> ep;
  bool dp_attention = false;  // attention data parallel (a mixture of experts only)
  std::vector<LengthBin> lengths;  // a histogram (--lengths) instead of isl and osl
  std::string lengths_source;      // where it came from, for the report
  std::optional<double> prefix_cache_hit;
  std::optional<int> speculative_tokens;
  std::optional<double> acceptance;
  std::string engine = "trtllm";
};

struct ResolvedReplica {
  ReplicaSpec spec;
  SequenceShape shape;
  std::string tp_source;
  std::string precision_source;
  std::string lengths_source;
  std::optional<int> gpus_needed;  // the smallest tensor-parallel degree that fits, at the asked pp
};

// Looks everything up and checks it; `shape` fills the lengths not asked for. A usage error names
// the bad value (an unknown model, a TP that does not divide the heads, FP8 on a GPU without it,
// expert parallelism on a dense model). Engine names: a catalog family, or NIM by its backend
// (nim-trtllm is nim; nim-vllm and nim-sglang are vllm and sglang).
// How a replica serves beyond model, GPU and TP, in words ("2 pipeline stages of 8 GPUs; 60% of
// prompt tokens from the prefix cache"); empty when it uses none of the options.
std::string serving_text(const ReplicaSpec& r, const SequenceShape& s, const std::string& lengths_source);

ResolvedReplica resolve_replica(const Catalog& catalog, const ReplicaRequest& request, SequenceShape shape,
                                std::vector<std::string>& warnings);

}  // namespace nimcost
