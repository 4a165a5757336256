// Document and JSON views of `nimcost throughput` and `nimcost calibrate`.
#include "engine_factors_text.hpp"
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/resolve/replica.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

constexpr double k_gib = 1024.0 * 1024.0 * 1024.0;

const char* mode_name(ThroughputMode m) {
  switch (m) {
    case ThroughputMode::offline_max: return "offline-max";
    case ThroughputMode::concurrency: return "concurrency";
    case ThroughputMode::latency_target: return "latency-target";
  }
  return "offline-max";
}

std::string mode_text(const ThroughputReport& r) {
  switch (r.mode) {
    case ThroughputMode::offline_max: return "offline maximum: the largest batch the KV cache holds";
    case ThroughputMode::concurrency: return fmt::format("{:g} requests in flight (--concurrency)", *r.concurrency);
    case ThroughputMode::latency_target: {
      std::string t;
      if (r.target.ttft_ms) t += fmt::format("TTFT <= {:g} ms", *r.target.ttft_ms);
      if (r.target.tpot_ms) t += fmt::format("{}TPOT <= {:g} ms", t.empty() ? "" : ", ", *r.target.tpot_ms);
      return "the largest concurrency that meets " + t;
    }
  }
  return "";
}

double per_gpu(const ThroughputReport& r, double per_replica) { return per_replica / r.spec.gpus(); }

std::vector<Cell> point_cells(const ThroughputReport& r, const OperatingPoint& p) {
  const double total_per_gpu = per_gpu(r, p.output_tokens_per_s) * (r.shape.isl + r.shape.osl) / r.shape.osl;
  return {Cell::of_count(p.concurrency),
          Cell::of_count(p.batch),
          Cell::of_decimal(p.ttft_s * 1e3, 1),
          Cell::of_decimal(p.tpot_s * 1e3, 2),
          Cell::of_count(p.output_tokens_per_s),
          Cell::of_count(per_gpu(r, p.output_tokens_per_s)),
          Cell::of_count(total_per_gpu),
          Cell::of_decimal(p.requests_per_s, 2),
          Cell::of_text(p.decode_compute_bound ? "compute" : "memory")};
}

std::vector<Column> point_columns() {
  return {{"Concurrency", "concurrency"},   {"Batch", "batch"},
          {"TTFT ms", "ttft_ms"},           {"TPOT ms", "tpot_ms"},
          {"Out tok/s", "output_tokens_per_s_per_replica"},
          {"Out/GPU", "output_tokens_per_s_per_gpu"},
          {"All/GPU", "total_tokens_per_s_per_gpu"},
          {"Req/s", "requests_per_s"},      {"Decode", "decode_bound"}};
}

json point_json(const ThroughputReport& r, const OperatingPoint& p) {
  return {{"concurrency", round_to(p.concurrency, 6)},
          {"batch", round_to(p.batch, 6)},
          {"ttft_ms", round_to(p.ttft_s * 1e3, 4)},
          {"tpot_ms", round_to(p.tpot_s * 1e3, 4)},
          {"output_tokens_per_s_per_replica", round_to(p.output_tokens_per_s, 3)},
          {"output_tokens_per_s_per_gpu", round_to(per_gpu(r, p.output_tokens_per_s), 3)},
          {"total_tokens_per_s_per_gpu",
           round_to(per_gpu(r, p.output_tokens_per_s) * (r.shape.isl + r.shape.osl) / r.shape.osl, 3)},
          {"requests_per_s", round_to(p.requests_per_s, 6)},
          {"decode_bound", p.decode_compute_bound ? "compute" : "memory"}};
}

}  // namespace

Document throughput_document(const ThroughputReport& r) {
  Document doc;
  const ReplicaSpec& s = r.spec;
  const MemoryFit& m = r.memory;
  doc.title = fmt::format("nimcost throughput: {} on {}x {}, {}, {:g} in / {:g} out tokens", s.model.id, s.gpus(),
                          s.gpu.id, precision_name(s.precision), r.shape.isl, r.shape.osl);
  std::string model = fmt::format("{}: {:g}B parameters", s.model.name, s.model.params_b);
  if (s.model.mixture_of_experts()) model += fmt::format(" ({:g}B active, {} of {} experts)", s.model.active_params_b,
                                                          s.model.experts_per_token, s.model.experts);
  if (s.model.latent_attention()) {
    model += fmt::format(", {} layers, latent attention ({} + {} per token and layer); KV cache {:.0f} KiB/token",
                         s.model.layers, s.model.kv_lora_rank, s.model.qk_rope_head_dim,
                         kv_bytes_per_token(s.model, s.precision) / 1024.0);
  } else {
    model += fmt::format(", {} layers, {} KV heads x {}; KV cache {:.0f} KiB/token", s.model.layers, s.model.kv_heads,
                         s.model.head_dim, kv_bytes_per_token(s.model, s.precision) / 1024.0);
  }
  if (s.model.local_layers > 0) {
    model += fmt::format(" ({} of the layers hold at most {} tokens)", s.model.local_layers, s.model.attention_window);
  }
  doc.facts.push_back({"Model", model});
  doc.facts.push_back({"GPU", fmt::format("{}x {} (tensor parallel, {}): {:.1f} GiB usable, {:g} TB/s, {:g} dense {} "
                                          "TFLOPS each",
                                          s.gpus(), s.gpu.id, r.tp_source, gpu_memory_bytes(s.gpu) / k_gib,
                                          s.gpu.bandwidth_tb_per_s, peak_tflops(s.gpu, s.precision),
                                          precision_name(s.precision))});
  doc.facts.push_back({"Precision", fmt::format("{} ({})", precision_name(s.precision), r.precision_source)});
  if (const std::string serving = serving_text(s, r.shape, r.lengths_source); !serving.empty()) doc.facts.push_back({"Serving", serving});
  doc.facts.push_back({"Engine", factors_text(s.factors)});
  doc.facts.push_back(
      {"Memory/GPU", fmt::format("weights {:.1f} GiB + reserve {:.1f} GiB; KV cache {:.1f} GiB = {} tokens per replica",
                                 m.weights_bytes_per_gpu / k_gib, m.reserve_bytes_per_gpu / k_gib,
                                 m.kv_budget_bytes_per_gpu / k_gib, format_tokens(Tokens(m.kv_tokens)))});
  doc.facts.push_back({"Fits", m.fits ? fmt::format("yes: at most {} requests of {:g} tokens at once{}", m.max_batch,
                                                    r.shape.isl + r.shape.osl,
                                                    m.max_batch >= engine_batch_cap(s) ? " (the engine's cap)" : "")
                                      : "no"});
  doc.facts.push_back({"Operating point", mode_text(r)});
  if (r.point) {
    doc.facts.push_back({"Rates", fmt::format("prefill {:.0f} prompt tokens/s, decode {:.0f} output tokens/s per "
                                              "replica",
                                              r.prefill_tokens_per_s, r.decode_tokens_per_s)});
  }
  TableBlock point;
  point.title = r.sweep.empty() ? "Operating point" : "Throughput-latency curve (concurrency 1, 2, 4 ... max batch)";
  point.columns = point_columns();
  if (!r.sweep.empty()) {
    for (const auto& p : r.sweep) point.rows.push_back(point_cells(r, p));
  } else if (r.point) {
    point.rows.push_back(point_cells(r, *r.point));
  } else if (r.best_achievable) {
    point.title = "Best achievable (one request alone; misses the target)";
    point.rows.push_back(point_cells(r, *r.best_achievable));
  }
  if (!point.rows.empty()) doc.tables.push_back(std::move(point));
  if (r.point) {
    doc.verdict = fmt::format("{:.0f} output tokens/s per GPU ({:.0f} per replica of {} GPU{}) at {:.0f} ms to first "
                              "token and {:.1f} ms per output token",
                              per_gpu(r, r.point->output_tokens_per_s), r.point->output_tokens_per_s, s.gpus(),
                              s.gpus() == 1 ? "" : "s", r.point->ttft_s * 1e3, r.point->tpot_s * 1e3);
  } else if (!m.fits) {
    doc.verdict = r.gpus_needed ? fmt::format("Does not fit on {}x {}: use --tp {}", s.tp, s.gpu.id, *r.gpus_needed)
                                : fmt::format("Does not fit on any tensor-parallel group of {}", s.gpu.id);
  } else {
    doc.verdict = "No concurrency meets the latency target";
  }
  doc.notes.push_back(fmt::format("A model of {} serving calibrated on published measurements (nimcost "
                                  "calibrate); treat it as an estimate, not a benchmark.",
                                  engine_family_name(s.factors.engine)));
  doc.warnings = r.warnings;
  return doc;
}

nlohmann::ordered_json throughput_json(const ThroughputReport& r, const RenderContext& context) {
  const ReplicaSpec& s = r.spec;
  const MemoryFit& m = r.memory;
  auto num = [](double v) { return json(v); };
  json assumptions = {{"model", served_model(s.model)},
                      {"gpu", gpu(s.gpu)},
                      {"precision", precision_name(s.precision)},
                      {"precision_source", r.precision_source},
                      {"tp", s.tp},
                      {"tp_source", r.tp_source},
                      {"isl", r.shape.isl},
                      {"osl", r.shape.osl},
                      {"engine_factors", factors_json(s.factors)},
                      {"mode", mode_name(r.mode)},
                      {"concurrency", optional(r.concurrency, num)},
                      {"ttft_target_ms", optional(r.target.ttft_ms, num)},
                      {"tpot_target_ms", optional(r.target.tpot_ms, num)}};
  assumptions.update(serving_options(s.pp, s.ep, s.dp_attention, r.shape, s.speculation, r.lengths_source));
  const auto* p = r.point ? &*r.point : nullptr;
  auto from_point = [&](auto get) { return p ? get(*p) : json(nullptr); };
  json sweep = json::array();
  for (const auto& q : r.sweep) sweep.push_back(point_json(r, q));
  json results = {
      {"fits", m.fits},
      {"gpus_per_replica", s.gpus()},
      {"gpus_needed", optional(r.gpus_needed, [](int v) { return json(v); })},
      {"memory",
       {{"gpu_memory_bytes", gpu_memory_bytes(s.gpu)},
        {"weights_bytes_per_gpu", std::llround(m.weights_bytes_per_gpu)},
        {"reserve_bytes_per_gpu", std::llround(m.reserve_bytes_per_gpu)},
        {"kv_cache_bytes_per_gpu", std::llround(m.kv_budget_bytes_per_gpu)},
        {"kv_bytes_per_token", kv_bytes_per_token(s.model, s.precision)},
        {"kv_bytes_per_token_per_gpu", m.kv_bytes_per_token_per_gpu},
        {"kv_tokens", std::llround(m.kv_tokens)}}},
      {"max_batch", m.max_batch},
      {"concurrency", from_point([](const OperatingPoint& q) { return json(round_to(q.concurrency, 6)); })},
      {"batch", from_point([](const OperatingPoint& q) { return json(round_to(q.batch, 6)); })},
      {"ttft_ms", from_point([](const OperatingPoint& q) { return json(round_to(q.ttft_s * 1e3, 4)); })},
      {"tpot_ms", from_point([](const OperatingPoint& q) { return json(round_to(q.tpot_s * 1e3, 4)); })},
      {"prefill_tokens_per_s", p ? json(round_to(r.prefill_tokens_per_s, 3)) : json(nullptr)},
      {"decode_tokens_per_s", p ? json(round_to(r.decode_tokens_per_s, 3)) : json(nullptr)},
      {"output_tokens_per_s_per_replica",
       from_point([](const OperatingPoint& q) { return json(round_to(q.output_tokens_per_s, 3)); })},
      {"output_tokens_per_s_per_gpu",
       from_point([&](const OperatingPoint& q) { return json(round_to(per_gpu(r, q.output_tokens_per_s), 3)); })},
      {"total_tokens_per_s_per_gpu", from_point([&](const OperatingPoint& q) {
         return json(round_to(per_gpu(r, q.output_tokens_per_s) * (r.shape.isl + r.shape.osl) / r.shape.osl, 3));
       })},
      {"requests_per_s", from_point([](const OperatingPoint& q) { return json(round_to(q.requests_per_s, 6)); })},
      {"decode_bound", from_point([](const OperatingPoint& q) { return json(q.decode_compute_bound ? "compute" : "memory"); })},
      {"meets_slo_target", r.target.any() ? json(p != nullptr && meets(*p, r.target)) : json(nullptr)},
      {"best_achievable", r.best_achievable ? point_json(r, *r.best_achievable) : json(nullptr)},
      {"sweep", sweep}};
  return envelope("throughput", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
