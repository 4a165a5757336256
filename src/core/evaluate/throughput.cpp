// `nimcost throughput`: one replica's memory fit and its operating point: offline maximum, a given
// concurrency, or the largest concurrency that meets a latency target; optionally the curve.
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/throughput.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

ThroughputReport evaluate_throughput(const Catalog& catalog, const ThroughputRequest& request) {
  ThroughputReport report;
  const ResolvedReplica replica = resolve_replica(catalog, request.replica, SequenceShape{}, report.warnings);
  report.spec = replica.spec;
  report.shape = replica.shape;
  report.tp_source = replica.tp_source;
  report.precision_source = replica.precision_source;
  report.lengths_source = replica.lengths_source;
  report.gpus_needed = replica.gpus_needed;
  report.concurrency = request.concurrency;
  report.target = request.target;
  const ReplicaSpec& r = report.spec;
  const SequenceShape& s = report.shape;
  report.memory = memory_fit(r, s);
  if (request.concurrency && !(*request.concurrency >= 1.0 && *request.concurrency <= 1e6)) {
    throw usage_error(fmt::format("--concurrency must be from 1 to 1,000,000, got {:g}", *request.concurrency));
  }
  for (const auto& [value, flag] : {std::pair{request.target.ttft_ms, "--ttft-ms"}, {request.target.tpot_ms, "--tpot-ms"}}) {
    if (value && !(*value > 0.0 && *value < 1e9)) throw usage_error(fmt::format("{} must be above 0, got {:g}", flag, *value));
  }
  report.mode = request.concurrency ? ThroughputMode::concurrency
                : request.target.any() ? ThroughputMode::latency_target
                                       : ThroughputMode::offline_max;
  if (!report.memory.fits) {
    const double weights_gb = report.memory.weights_bytes_per_gpu * r.gpus() / 1e9;  // with any copied attention
    const double memory_gb = gpu_memory_bytes(r.gpu) * r.gpus() / 1e9;
    std::string why = report.memory.weights_fit
                          ? fmt::format("the weights fit but leave no room for one {}-token request's KV cache",
                                        s.isl + s.osl)
                          : fmt::format("its {} weights are {:.1f} GB against {:.1f} GB on {}x {}",
                                        precision_name(r.precision), weights_gb, memory_gb, r.gpus(), r.gpu.id);
    if (report.gpus_needed) {
      why += fmt::format("; it needs at least {} GPUs (--tp {}{})", *report.gpus_needed * std::max(1, r.pp),
                         *report.gpus_needed, r.pp > 1 ? fmt::format(" --pp {}", r.pp) : "");
    } else {
      why += fmt::format("; no tensor-parallel degree up to {} fits", k_max_tp);
    }
    report.warnings.push_back(fmt::format("{} does not fit: {}", r.model.id, why));
    return report;
  }
  switch (report.mode) {
    case ThroughputMode::offline_max: report.point = offline_max(r, s); break;
    case ThroughputMode::concurrency:
      report.point = at_concurrency(r, s, *request.concurrency);
      if (*request.concurrency > report.memory.max_batch) {
        report.warnings.push_back(fmt::format("a concurrency of {:g} exceeds the {} requests the KV cache holds: the "
                                              "rest queue, which adds to the time to first token",
                                              *request.concurrency, report.memory.max_batch));
      }
      if (request.target.any() && !meets(*report.point, request.target)) {
        report.warnings.push_back("this concurrency misses the latency target");
      }
      break;
    case ThroughputMode::latency_target:
      report.point = best_under_target(r, s, request.target);
      if (!report.point) {
        report.best_achievable = at_concurrency(r, s, 1.0);
        report.warnings.push_back(fmt::format(
            "no concurrency meets the target: one request alone takes {:.1f} ms to the first token and {:.2f} ms per "
            "output token",
            report.best_achievable->ttft_s * 1e3, report.best_achievable->tpot_s * 1e3));
      }
      break;
  }
  const double chunk = std::min(engine_tokens_per_iteration(r),
                                s.isl * std::max(1, report.memory.max_batch));
  const double prefill_s = prefill_time(r, chunk, s.attention_prompt(), s.cached_share).total_s();
  report.prefill_tokens_per_s = prefill_s > 0.0 ? chunk / prefill_s : 0.0;
  if (report.point) {
    const double decode_s = decode_time_per_token(r, report.point->batch, s.decode_context());
    report.decode_tokens_per_s = decode_s > 0.0 ? report.point->batch / decode_s : 0.0;
  }
  if (request.sweep) report.sweep = concurrency_sweep(r, s);
  return report;
}

}  // namespace nimcost
