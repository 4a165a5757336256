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

}  // namespace nimcost
