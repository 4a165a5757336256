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

EngineFactors factors_for(const Catalog& catalog, const std::string& engine, Precision precision,
                          std::string_view architecture, std::vector<std::string>& warnings) {
  const Catalog::NearestFactors nearest = catalog.nearest_factors(engine, precision, architecture);
  if (nearest.factors != nullptr) {
    if (!nearest.borrowed.empty()) warnings.push_back(nearest.borrowed);
    return *nearest.factors;
  }
  std::vector<std::string> engines;
  for (const auto& f : catalog.engine_factors) {
    if (std::find(engines.begin(), engines.end(), f.engine) == engines.end()) engines.push_back(f.engine);
  }
  const bool known = std::any_of(engines.begin(), engines.end(), [&](const std::string& e) { return same_name(e, engine); });
  if (!known) {
    throw usage_error(fmt::format("unknown engine '{}'{}; the catalog has factors for {}", engine,
                                  did_you_mean(engine, engines), fmt::join(engines, ", ")));
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

// NIM runs an engine inside: its TensorRT-LLM profiles have their own calibration ("nim"); its vLLM
// and SGLang profiles are those engines'.
std::string engine_name(const std::string& engine) {
  const std::string e = lower_case(engine);
  if (e == "nim-trtllm") return "nim";
  if (e == "nim-vllm") return "vllm";
  if (e == "nim-sglang") return "sglang";
  return engine;
}

SequenceShape resolve_shape(const ReplicaRequest& request, const SequenceShape& fallback) {
  SequenceShape s;
  if (!request.lengths.empty()) {
    if (request.isl || request.osl) throw usage_error("--lengths gives the request lengths; drop --isl and --osl");
    s = shape_of(request.lengths);
  } else {
    s.isl = checked_length(request.isl, fallback.isl, "--isl");
    s.osl = checked_length(request.osl, fallback.osl, "--osl");
  }
  if (request.prefix_cache_hit) {
    const double h = *request.prefix_cache_hit;
    if (!(h >= 0.0 && h < 1.0)) throw usage_error(fmt::format("--prefix-cache-hit must be from 0 to below 1, got {:g}", h));
    s.cached_share = h;
  }
  return s;
}

void apply_parallelism(const ReplicaRequest& request, ReplicaSpec& spec) {
  spec.pp = request.pp.value_or(1);
  if (spec.pp < 1 || spec.pp > spec.model.layers || spec.pp > k_max_tp) {
    throw usage_error(fmt::format("--pp {} must be from 1 to {}'s {} layers (at most {})", spec.pp, spec.model.id,
                                  spec.model.layers, k_max_tp));
  }
  spec.ep = request.ep.value_or(1);
  if (spec.ep > 1 && !spec.model.mixture_of_experts()) {
    throw usage_error(fmt::format("--ep {}: {} is dense; expert parallelism splits a mixture of experts' experts",
                                  spec.ep, spec.model.id));
  }
  spec.dp_attention = request.dp_attention;
  if (spec.dp_attention && !spec.model.mixture_of_experts()) {
    throw usage_error(fmt::format("--dp-attention: {} is dense; attention data parallelism pairs with a mixture of experts",
                                  spec.model.id));
  }
  if (spec.ep < 1 || (spec.ep > 1 && spec.ep > spec.model.experts) || spec.ep > k_max_tp || (spec.ep & (spec.ep - 1)) != 0) {
    throw usage_error(fmt::format("--ep {} must be a power of two up to {}'s {} experts", spec.ep, spec.model.id,
                                  spec.model.experts));
  }
}

Speculation resolve_speculation(const ReplicaRequest& request) {
  if (!request.speculative_tokens && !request.acceptance) return {};
  if (!request.speculative_tokens || !request.acceptance) {
    throw usage_error("speculative decoding takes both --speculative-tokens N and --acceptance F");
  }
  const int k = *request.speculative_tokens;
  const double a = *request.acceptance;
  if (k < 1 || k > 16) throw usage_error(fmt::format("--speculative-tokens must be from 1 to 16, got {}", k));
  if (!(a >= 0.0 && a <= 1.0)) throw usage_error(fmt::format("--acceptance must be from 0 to 1, got {:g}", a));
  return Speculation{k, a};
}

}  // namespace

std::string serving_text(const ReplicaSpec& r, const SequenceShape& s, const std::string& lengths_source) {
  std::vector<std::string> parts;
  if (r.pp > 1) parts.push_back(fmt::format("{} pipeline stages of {} GPU{}", r.pp, r.tp, r.tp == 1 ? "" : "s"));
  if (r.ep > 1) parts.push_back(fmt::format("experts split over {} GPUs", r.ep));
  if (r.dp_attention && r.tp > 1) {
    parts.push_back(fmt::format("attention data parallel over {} GPUs (KV cache split by sequence, attention "
                                "weights on each)", r.tp));
  }
  if (s.cached_share > 0.0) {
    parts.push_back(fmt::format("{:g}% of prompt tokens from the prefix cache", s.cached_share * 100.0));
  }
  if (r.speculation.on()) {
    parts.push_back(fmt::format("speculative decoding: {} draft tokens, {:g}% accepted, {:.2f} tokens per step",
                                r.speculation.draft_tokens, r.speculation.acceptance * 100.0,
                                r.speculation.tokens_per_step()));
  }
  if (!lengths_source.empty()) parts.push_back(fmt::format("lengths from {} (means shown)", lengths_source));
  return fmt::format("{}", fmt::join(parts, "; "));
}

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
  out.shape = resolve_shape(request, shape);
  out.lengths_source = request.lengths.empty() ? std::string() : request.lengths_source;
  if (spec.model.max_context > 0 && out.shape.isl + out.shape.osl > spec.model.max_context) {
    warnings.push_back(fmt::format("{:g} + {:g} tokens exceed {}'s context of {}", out.shape.isl, out.shape.osl,
                                   spec.model.id, spec.model.max_context));
  }
  spec.factors = factors_for(catalog, engine_name(request.engine), spec.precision, spec.model.architecture(), warnings);
  apply_parallelism(request, spec);
  spec.speculation = resolve_speculation(request);
  out.gpus_needed = smallest_fitting_tp(spec, out.shape);
  if (request.tp) {
    const int tp = *request.tp;
    if (tp < 1 || tp > k_max_tp || spec.model.heads % tp != 0) {
      throw usage_error(fmt::format("--tp {} must divide {}'s {} attention heads: use one of {}", tp, spec.model.id,
                                    spec.model.heads, tp_choices(spec.model)));
    }
    if (tp % spec.ep != 0) throw usage_error(fmt::format("--ep {} must divide --tp {}", spec.ep, tp));
    spec.tp = tp;
    out.tp_source = "--tp";
  } else {
    spec.tp = out.gpus_needed.value_or(std::max(1, spec.ep));
    out.tp_source = out.gpus_needed ? "the smallest that fits" : "none fits; shown at the smallest allowed";
  }
  return out;
}

}  // namespace nimcost
