// Resolving a replica and evaluating `nimcost throughput`. Engine factors come from the catalog by
// engine and precision; a precision without its own calibration borrows the nearest one's, and says
// so, because an uncalibrated guess would be worse than a labelled approximation.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr int k_max_tp = 64;
constexpr double k_max_sequence = 10'000'000.0;

// The precisions whose calibration stands in for one that has none, nearest first.
std::vector<Precision> stand_ins(Precision p) {
  switch (p) {
    case Precision::fp16: return {Precision::bf16, Precision::fp8};
    case Precision::bf16: return {Precision::fp16, Precision::fp8};
    case Precision::fp8: return {Precision::bf16, Precision::fp16};
    case Precision::int8: return {Precision::fp8, Precision::bf16};
    case Precision::int4: return {Precision::fp16, Precision::bf16, Precision::fp8};
    case Precision::fp4: return {Precision::fp8, Precision::bf16};
  }
  return {};
}

EngineFactors factors_for(const Catalog& catalog, const std::string& engine, Precision precision,
                          std::vector<std::string>& warnings) {
  if (const EngineFactors* f = catalog.factors_for(engine, precision)) return *f;
  bool engine_known = false;
  for (const auto& f : catalog.engine_factors) engine_known = engine_known || same_name(f.engine, engine);
  if (!engine_known) {
    std::vector<std::string> engines;
    for (const auto& f : catalog.engine_factors) {
      if (std::find(engines.begin(), engines.end(), f.engine) == engines.end()) engines.push_back(f.engine);
    }
    throw usage_error(fmt::format("unknown engine '{}'{}; the catalog has factors for {}", engine,
                                  did_you_mean(engine, engines), fmt::join(engines, ", ")));
  }
  for (Precision other : stand_ins(precision)) {
    if (const EngineFactors* f = catalog.factors_for(engine, other)) {
      warnings.push_back(fmt::format("no {} calibration for {}: using its {} factors", precision_name(precision),
                                     engine, precision_name(other)));
      return *f;
    }
  }
  throw usage_error(fmt::format("the catalog has no factors for engine {} at any precision near {}", engine,
                                precision_name(precision)));
}

double checked_length(std::optional<double> value, double fallback, const char* flag) {
  const double v = value.value_or(fallback);
  if (!(v >= 1.0) || v > k_max_sequence || std::floor(v) != v) {
    throw usage_error(fmt::format("{} must be a whole number of tokens from 1 to 10,000,000, got {:g}", flag, v));
  }
  return v;
}

std::string tp_choices(const ServedModel& m) {
  std::vector<std::string> out;
  for (int tp = 1; tp <= k_max_tp; tp *= 2) {
    if (m.heads % tp == 0) out.push_back(std::to_string(tp));
  }
  return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

ResolvedReplica resolve_replica(const Catalog& catalog, const ReplicaRequest& request, SequenceShape shape,
                                std::vector<std::string>& warnings) {
  ResolvedReplica out;
  ReplicaSpec& spec = out.spec;
  spec.model = catalog.served_model(request.model);
  spec.gpu = catalog.gpu(request.gpu.value_or(catalog.defaults.gpu));
  if (request.precision) {
    spec.precision = parse_precision(*request.precision);
    out.precision_source = "--precision";
  } else {
    const bool fp8 = peak_tflops(spec.gpu, Precision::fp8) > 0.0;
    spec.precision = fp8 ? Precision::fp8 : Precision::bf16;
    out.precision_source = fp8 ? fmt::format("default: {} has FP8 tensor cores", spec.gpu.id)
                               : fmt::format("default: {} has no FP8 tensor cores", spec.gpu.id);
  }
  if (!(peak_tflops(spec.gpu, spec.precision) > 0.0)) {
    throw usage_error(fmt::format("{} has no {} tensor cores; use --precision bf16 or fp16", spec.gpu.id,
                                  precision_name(spec.precision)));
  }
  out.shape.isl = checked_length(request.isl, shape.isl, "--isl");
  out.shape.osl = checked_length(request.osl, shape.osl, "--osl");
  if (spec.model.max_context > 0 && out.shape.isl + out.shape.osl > spec.model.max_context) {
    warnings.push_back(fmt::format("{} + {} tokens exceed {}'s context of {}", out.shape.isl, out.shape.osl,
                                   spec.model.id, spec.model.max_context));
  }
  spec.factors = factors_for(catalog, request.engine, spec.precision, warnings);
  out.gpus_needed = smallest_fitting_tp(spec, out.shape);
  if (request.tp) {
    const int tp = *request.tp;
    if (tp < 1 || tp > k_max_tp || spec.model.heads % tp != 0) {
      throw usage_error(fmt::format("--tp {} must divide {}'s {} attention heads: use one of {}", tp, spec.model.id,
                                    spec.model.heads, tp_choices(spec.model)));
    }
    spec.tp = tp;
    out.tp_source = "--tp";
  } else {
    spec.tp = out.gpus_needed.value_or(1);
    out.tp_source = out.gpus_needed ? "the smallest that fits" : "none fits; shown at 1";
  }
  return out;
}

ThroughputReport evaluate_throughput(const Catalog& catalog, const ThroughputRequest& request) {
  ThroughputReport report;
  const ResolvedReplica replica = resolve_replica(catalog, request.replica, SequenceShape{}, report.warnings);
  report.spec = replica.spec;
  report.shape = replica.shape;
  report.tp_source = replica.tp_source;
  report.precision_source = replica.precision_source;
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
    const double weights_gb = weight_bytes(r.model, r.precision) / 1e9;
    const double memory_gb = gpu_memory_bytes(r.gpu) * r.tp / 1e9;
    std::string why = report.memory.weights_fit
                          ? fmt::format("the weights fit but leave no room for one {}-token request's KV cache",
                                        s.isl + s.osl)
                          : fmt::format("its {} weights are {:.1f} GB against {:.1f} GB on {}x {}",
                                        precision_name(r.precision), weights_gb, memory_gb, r.tp, r.gpu.id);
    if (report.gpus_needed) {
      why += fmt::format("; it needs at least {} GPUs (--tp {})", *report.gpus_needed, *report.gpus_needed);
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
  const double chunk = std::min(static_cast<double>(r.factors.max_num_tokens),
                                s.isl * std::max(1, report.memory.max_batch));
  const double prefill_s = prefill_time(r, chunk, s.isl).total_s();
  report.prefill_tokens_per_s = prefill_s > 0.0 ? chunk / prefill_s : 0.0;
  if (report.point) {
    const double decode_s = decode_iteration(r, report.point->batch, s.isl + s.osl / 2.0).total_s();
    report.decode_tokens_per_s = decode_s > 0.0 ? report.point->batch / decode_s : 0.0;
  }
  if (request.sweep) report.sweep = concurrency_sweep(r, s);
  return report;
}

}  // namespace nimcost
