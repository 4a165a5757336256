// Engine factors in words and as JSON (internal to the renderers): throughput and calibrate both
// show the factors a prediction used.
#pragma once

#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/catalog/catalog.hpp>

#include <fmt/format.h>

#include <string>

namespace nimcost {

// The engine family as people name it: "vllm" -> "vLLM".
inline std::string engine_family_name(const std::string& engine) {
  if (engine == "trtllm") return "TensorRT-LLM";
  if (engine == "trtllm-pytorch") return "TensorRT-LLM 1.x (PyTorch backend)";
  if (engine == "trtllm-legacy") return "TensorRT-LLM before 0.9";
  if (engine == "vllm") return "vLLM";
  if (engine == "vllm-legacy") return "vLLM before 0.6";
  if (engine == "sglang") return "SGLang";
  if (engine == "nim") return "NIM (TensorRT-LLM profile)";
  return engine.empty() ? std::string("LLM") : engine;
}

// The models a set was fitted on, for tables: "dense", "moe" or "all".
inline std::string architecture_text(const EngineFactors& f) {
  return f.architecture.empty() ? std::string("all") : f.architecture;
}

inline std::string factors_text(const EngineFactors& f) {
  std::string text = fmt::format("{} {}{}: compute {}, bandwidth {}, {:.2f} ms/iteration + {:.1f} us/sequence, ",
                                 f.engine, f.precision,
                                 f.architecture == "moe"     ? " (mixtures of experts)"
                                 : f.architecture == "dense" ? " (dense models)"
                                                             : "",
                                 format_percent(f.compute_efficiency),
                                 format_percent(f.bandwidth_efficiency), f.step_overhead_ms, f.sequence_overhead_us);
  if (f.prefill_overhead_ms > 0.0) text += fmt::format("{:.1f} ms/prefill, ", f.prefill_overhead_ms);
  text += fmt::format("all-reduce {:.0f} us, link {}", f.allreduce_latency_us, format_percent(f.link_efficiency));
  if (f.fit_rows) {
    text += fmt::format(" (fitted on {} rows: median error {}, worst {})", *f.fit_rows,
                        format_percent(f.fit_median_abs_error.value_or(0.0)),
                        format_percent(f.fit_max_abs_error.value_or(0.0)));
  }
  if (f.holdout_rows) {
    text += fmt::format("; {} held-out rows: median {}, worst {}", *f.holdout_rows,
                        format_percent(f.holdout_median_abs_error.value_or(0.0)),
                        format_percent(f.holdout_max_abs_error.value_or(0.0)));
  }
  return text;
}

}  // namespace nimcost

namespace nimcost::json_parts {

inline json factors_json(const EngineFactors& f) {
  auto num = [](double v) { return json(round_to(v, 6)); };
  json j = {{"id", f.id},
            {"engine", f.engine},
            {"precision", f.precision},
            {"architecture", architecture_text(f)},
            {"compute_efficiency", round_to(f.compute_efficiency, 6)},
            {"bandwidth_efficiency", round_to(f.bandwidth_efficiency, 6)},
            {"step_overhead_ms", round_to(f.step_overhead_ms, 6)},
            {"prefill_overhead_ms", round_to(f.prefill_overhead_ms, 6)},
            {"sequence_overhead_us", round_to(f.sequence_overhead_us, 6)},
            {"allreduce_latency_us", round_to(f.allreduce_latency_us, 6)},
            {"link_efficiency", round_to(f.link_efficiency, 6)},
            {"overlap_exponent", round_to(f.overlap_exponent, 6)},
            {"kv_memory_fraction", f.kv_memory_fraction},
            {"runtime_reserve_gib", f.runtime_reserve_gib},
            {"max_batch", f.max_batch},
            {"max_num_tokens", f.max_num_tokens},
            {"fit_rows", optional(f.fit_rows, [](int v) { return json(v); })},
            {"fit_median_abs_error", optional(f.fit_median_abs_error, num)},
            {"fit_max_abs_error", optional(f.fit_max_abs_error, num)},
            {"holdout_rows", optional(f.holdout_rows, [](int v) { return json(v); })},
            {"holdout_median_abs_error", optional(f.holdout_median_abs_error, num)},
            {"holdout_max_abs_error", optional(f.holdout_max_abs_error, num)}};
  j.update(provenance(f.provenance));
  return j;
}

}  // namespace nimcost::json_parts
