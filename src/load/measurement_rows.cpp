// A measurement table's cells interpreted against the catalog: model and GPU names as benchmarks write
// them ("Llama 3.1 70B Instruct", "H100 SXM5 80GB"), engine descriptions to families, the mode column
// ("offline", "concurrency=64", "QPS=2") and request counts from the notes. A row that cannot be
// placed is skipped with its reason, never guessed.
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/base/text.hpp>
#include <nimcost/load/measurement_rows.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

namespace nimcost {

namespace {

std::string trimmed(std::string_view s) { return std::string(trim(s)); }


// "Llama-2-7B (LLaMA 7B)" -> "llama-2-7b"; "Llama-3.3-70B-Instruct" -> "llama-3.3-70b".
std::string model_key(const std::string& text) {
  std::string s = lower_case(trimmed(text.substr(0, text.find('('))));
  std::replace(s.begin(), s.end(), ' ', '-');
  for (const char* suffix : {"-fp8", "-instruct", "-chat", "-hf"}) {
    const std::string tail(suffix);
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) s.resize(s.size() - tail.size());
  }
  return s;
}

// "H100 SXM 80GB (HBM3)" -> "h100-sxm"; "A100 SXM4 80GB" -> "a100-sxm4"; "L40S 48GB" -> "l40s".
std::string gpu_key(const std::string& text) {
  const std::string s = lower_case(text.substr(0, text.find('(')));
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '-')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '-') ++j;
    const std::string word = s.substr(i, j - i);
    const bool size = word.size() > 2 && word.compare(word.size() - 2, 2, "gb") == 0 &&
                      std::all_of(word.begin(), word.end() - 2, [](char c) { return c >= '0' && c <= '9'; });
    if (!word.empty() && !size) out += (out.empty() ? "" : "-") + word;
    i = j;
  }
  return out;
}

std::optional<double> number(const std::string& text) {
  const std::string t = trimmed(text);
  if (t.empty()) return std::nullopt;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The number after "key=" in a mode description ("online QPS=8" -> 8); +inf for INF.
std::optional<double> value_after(const std::string& mode, const std::string& key) {
  const auto at = mode.find(key);
  if (at == std::string::npos) return std::nullopt;
  std::size_t i = at + key.size();
  std::size_t j = i;
  while (j < mode.size() && mode[j] != ' ' && mode[j] != ')' && mode[j] != ',') ++j;
  const std::string word = mode.substr(i, j - i);
  if (word == "inf") return HUGE_VAL;
  return number(word);
}

// The whole number just before s[at] ("1000" in "1000 requests"), if there is one.
std::optional<double> number_before(const std::string& s, std::size_t at) {
  std::size_t begin = at;
  while (begin > 0 && s[begin - 1] >= '0' && s[begin - 1] <= '9') --begin;
  if (begin == at) return std::nullopt;
  const auto v = number(s.substr(begin, at - begin));
  if (!v || *v < 1.0) return std::nullopt;
  return v;
}

// The whole number right after the first of `keys` found in s ("num-prompts 5000" -> 5000).
std::optional<double> number_after(const std::string& s, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto at = s.find(key);
    if (at == std::string::npos) continue;
    std::size_t end = at + std::strlen(key);
    while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    if (const auto v = number_before(s, end)) return v;
  }
  return std::nullopt;
}

// How many requests a benchmark run sent: "500 requests", "1000 prompts", "num-prompts 5000".
std::optional<double> run_requests(const std::string& notes) {
  const std::string s = lower_case(notes);
  for (const char* word : {" requests", " prompts"}) {
    for (auto at = s.find(word); at != std::string::npos; at = s.find(word, at + 1)) {
      if (const auto v = number_before(s, at)) return v;
    }
  }
  return number_after(s, {"num-prompts ", "num_prompts ", "num-prompts=", "num_prompts="});
}

// vLLM 0.6's multi-step scheduling as the notes give it ("num-scheduler-steps 10"); 1 when absent.
int scheduler_steps(const std::string& notes) {
  const auto v = number_after(lower_case(notes), {"num-scheduler-steps ", "num-scheduler-steps=",
                                                  "num_scheduler_steps ", "num_scheduler_steps="});
  return v ? static_cast<int>(std::clamp(*v, 1.0, 64.0)) : 1;
}

// Lengths drawn from ShareGPT conversations vary widely about their means: taken as exponential
// (E[x^2] = 2 mean^2), input and output independent.
std::optional<LengthMoments> dataset_spread(const std::string& notes, double isl, double osl) {
  if (lower_case(notes).find("sharegpt") == std::string::npos) return std::nullopt;
  return LengthMoments{2.0 * isl * isl, isl * osl, 2.0 * osl * osl};
}

// Attention DP is an engine setting the notes name (trtllm-bench's enable_attention_dp, SGLang's
// --enable-dp-attention), with or without a published EP degree; notes that deny it or leave it
// unstated do not count.
bool names_attention_dp(const std::string& text) {
  const std::string notes = lower_case(text);
  const auto has = [&notes](const char* phrase) { return notes.find(phrase) != std::string::npos; };
  if (has("no dp attention") || has("dp attention/ep) not stated") || has("enable_attention_dp: false")) return false;
  return has("attention data-parallel") || has("enable_attention_dp: true") || has("attention_dp_config") ||
         has("dp attention") || has("enable-dp-attention") || has("attention dp");
}

// A positive figure, or nothing (blank or not a number: an optional column left empty).
std::optional<double> positive(const std::string& text) {
  const auto v = number(text);
  if (!v || !(*v > 0.0)) return std::nullopt;
  return v;
}

// Whether the row ran attention data parallel, from its notes (a mixture of experts only); SGLang
// splits attention by sequence over its --dp ranks only (attention TP = tp / dp), and
// --enable-dp-attention alone leaves dp at 1. The reason it cannot be modelled, if so.
std::optional<std::string> apply_attention_dp(const MeasurementRow& row, ReplicaSpec& spec) {
  spec.dp_attention = spec.model.mixture_of_experts() && names_attention_dp(row.notes);
  if (!spec.dp_attention || engine_family(row.engine) != "sglang") return std::nullopt;
  const auto dp = number_after(lower_case(row.notes), {"--dp-size ", "--dp-size=", "--dp ", "--dp="});
  spec.dp_attention = dp && *dp > 1.0;
  if (spec.dp_attention && *dp != spec.tp) {
    return fmt::format("attention data parallel over {:g} of the {} tensor-parallel GPUs is not modelled", *dp, spec.tp);
  }
  return std::nullopt;
}

// The tp, pp and ep columns where given (num_gpus = tp x pp), else tensor parallelism over all
// num_gpus; the reason a row cannot be placed otherwise.
std::optional<std::string> apply_parallelism(const MeasurementRow& row, int gpus, ReplicaSpec& spec) {
  const auto degree = [](const std::string& text) -> std::optional<int> {
    const auto v = number(text);
    if (!v || *v < 1.0 || *v > 1024.0 || std::floor(*v) != *v) return std::nullopt;
    return static_cast<int>(*v);
  };
  for (const auto& [text, name] : {std::pair{&row.tp, "tp"}, {&row.pp, "pp"}, {&row.ep, "ep"}}) {
    if (!trim(*text).empty() && !degree(*text)) return fmt::format("{} '{}' is not a whole number from 1 to 1024", name, *text);
  }
  spec.pp = degree(row.pp).value_or(1);
  spec.tp = degree(row.tp).value_or(gpus / spec.pp);
  spec.ep = degree(row.ep).value_or(1);
  if (spec.tp * spec.pp != gpus) {
    return fmt::format("tp {} x pp {} is not num_gpus {}", spec.tp, spec.pp, gpus);
  }
  if (spec.ep > 1 && (!spec.model.mixture_of_experts() || spec.tp % spec.ep != 0)) {
    return fmt::format("ep {} needs a mixture of experts and must divide tp {}", spec.ep, spec.tp);
  }
  if (auto why = apply_attention_dp(row, spec)) return why;
  spec.scheduler_steps = scheduler_steps(row.notes);
  return std::nullopt;
}

struct Mode {
  MeasureMode mode;
  double value;
};

std::optional<Mode> parse_mode(const std::string& text) {
  const std::string s = lower_case(text);
  if (s.find("offline") != std::string::npos) return Mode{MeasureMode::offline, 0.0};
  if (auto v = value_after(s, "qps=")) {
    // QPS=INF sends every request at once: the capacity, less the run's tail.
    if (*v > 0.0) return Mode{MeasureMode::request_rate, *v};
  }
  if (auto v = value_after(s, "batch=")) {
    if (*v >= 1.0) return Mode{MeasureMode::static_batch, *v};
  }
  if (auto v = value_after(s, "concurrency=")) {
    if (*v >= 1.0) return Mode{MeasureMode::concurrency, *v};
  }
  return std::nullopt;
}

const char* mode_word(MeasureMode m) {
  switch (m) {
    case MeasureMode::offline: return "offline";
    case MeasureMode::concurrency: return "concurrency";
    case MeasureMode::static_batch: return "static batch";
    case MeasureMode::request_rate: return "rate";
  }
  return "offline";
}

// "major.minor" right after `at` (spaces skipped), if the text has one there.
std::optional<std::pair<int, int>> version_at(const std::string& s, std::size_t at) {
  const char* p = s.data() + at;
  const char* end = s.data() + s.size();
  while (p < end && *p == ' ') ++p;
  int major = 0;
  int minor = 0;
  auto [after_major, ec] = std::from_chars(p, end, major);
  if (ec != std::errc() || after_major >= end || *after_major != '.') return std::nullopt;
  if (std::from_chars(after_major + 1, end, minor).ec != std::errc()) return std::nullopt;
  return std::make_pair(major, minor);
}

// Rows whose notes put them outside the model, and why.
std::optional<std::string> excluded_by_notes(const MeasurementRow& row, double gpus, bool per_gpu_given) {
  const std::string notes = lower_case(row.notes);
  // A table that could not tell per-GPU from per-replica figures says so in its notes and leaves
  // the per-GPU column blank; such a row cannot be trusted either way.
  if (!per_gpu_given && gpus > 1.0 && notes.find("ambiguous") != std::string::npos) {
    return "the notes call the unit ambiguous (per GPU or per replica) and the per-GPU column is blank";
  }
  // Prefill and decode on separate GPU pools is a different machine from one replica: the model
  // has no term for it, and a fit would bend the replica's factors to match. A decode pool measured
  // alone (its prompts prefilled elsewhere) is the same case.
  const std::string where = notes + " " + lower_case(row.engine);
  const bool decode_pool = where.find("decode node") != std::string::npos ||
                           where.find("decode-only") != std::string::npos ||
                           where.find("decode instance") != std::string::npos;
  if (decode_pool || where.find("disaggregat") != std::string::npos) {
    return "disaggregated prefill/decode serving is not modelled";
  }
  // The model speculates only with a draft length and an acceptance rate; a run that speculated
  // without publishing its acceptance would be fitted as if it had not.
  const bool speculated = where.find("--speculative-algorithm") != std::string::npos ||
                          where.find("speculative decoding on") != std::string::npos ||
                          where.find("speculative decoding with") != std::string::npos;
  if (speculated) return "speculative decoding on, its acceptance rate not published";
  return std::nullopt;
}

// Why the replica a row describes cannot run as the row says, if it cannot.
std::optional<std::string> unservable(const ReplicaSpec& spec, const SequenceShape& shape) {
  if (!(peak_tflops(spec.gpu, spec.precision) > 0.0)) {
    return fmt::format("{} has no {} tensor cores", spec.gpu.id, precision_name(spec.precision));
  }
  if (spec.model.heads % spec.tp != 0) {
    return fmt::format("tensor parallel {} does not divide {}'s {} attention heads", spec.tp, spec.model.id,
                       spec.model.heads);
  }
  // Weights (and one request's cache) larger than the GPUs' memory: the run offloaded or used
  // another precision than the row says; either way not this replica.
  if (!memory_fit(spec, shape).fits) {
    return fmt::format("{}'s {} weights and one request do not fit on {} {}", spec.model.id,
                       precision_name(spec.precision), spec.gpus(), spec.gpu.id);
  }
  return std::nullopt;
}

// The model, GPU and precision the row names, from the catalog; the error's text where one is unknown.
std::optional<std::string> resolve_replica(const Catalog& catalog, const MeasurementRow& row, ReplicaSpec& spec) {
  try {
    spec.model = catalog.served_model(model_key(row.model));
    spec.gpu = catalog.gpu(gpu_key(row.gpu));
    spec.precision = parse_precision(trim(row.precision.substr(0, row.precision.find('('))));
  } catch (const Error& e) {
    return std::string(e.what());
  }
  // MXFP4 weights on a GPU without FP4 tensor cores (Hopper, Ampere) are dequantized for 16-bit
  // matmuls: weight-only 4-bit, as INT4.
  if (spec.precision == Precision::fp4 && !(peak_tflops(spec.gpu, Precision::fp4) > 0.0) &&
      lower_case(row.precision).find("mxfp4") != std::string::npos) {
    spec.precision = Precision::int4;
  }
  return std::nullopt;
}

// "llama-3.1-70b fp8 h100-sxm x2 pp2 ep2 dp-attn steps10 1000/1000 concurrency=8"
std::string row_label(const Measurement& m) {
  const ReplicaSpec& r = m.spec;
  std::string label = fmt::format("{} {} {} x{}{}{}{}{} {}/{} {}", r.model.id, precision_name(r.precision), r.gpu.id, r.tp,
                                  r.pp > 1 ? fmt::format(" pp{}", r.pp) : "", r.ep > 1 ? fmt::format(" ep{}", r.ep) : "",
                                  r.dp_attention ? " dp-attn" : "",
                                  r.scheduler_steps > 1 ? fmt::format(" steps{}", r.scheduler_steps) : "", m.shape.isl,
                                  m.shape.osl, mode_word(m.mode));
  if (m.mode != MeasureMode::offline) label += fmt::format("={}", m.mode_value);
  return label;
}

}  // namespace

std::string engine_family(const std::string& engine_text) {
  const std::string s = lower_case(trimmed(engine_text));
  // "NIM llama-3.3-70b-instruct 1.8.0 (TRT-LLM profile)": NIM's own runs, fitted on their own,
  // unless the profile names a vLLM or SGLang backend: then they are that engine's runs.
  if (s.rfind("nim ", 0) == 0 || s == "nim" || s.find("nvidia nim") != std::string::npos) {
    if (s.find("vllm") != std::string::npos) return "vllm";
    if (s.find("sglang") != std::string::npos) return "sglang";
    return "nim";
  }
  for (const std::string name : {"tensorrt-llm", "trt-llm"}) {
    const auto at = s.find(name);
    if (at == std::string::npos) continue;
    // Releases before 0.9 batched statically (no in-flight batching, no paged KV cache by default):
    // a different engine generation, fitted on its own.
    const auto version = version_at(s, at + name.size());
    if (version && version->first == 0 && version->second < 9) return "trtllm-legacy";
    // 1.x serves from its PyTorch backend (new kernels, attention data parallelism): fitted apart.
    if ((version && version->first >= 1) || s.find("pytorch") != std::string::npos) return "trtllm-pytorch";
    return "trtllm";
  }
  // vLLM before 0.6 spent much of each step on the CPU (0.6.0's release measured 2.7x 0.5's
  // throughput on the same GPU): another generation, fitted on its own.
  if (s.rfind("vllm", 0) == 0) {
    const auto version = version_at(s, 4);
    if (version && version->first == 0 && version->second < 6) return "vllm-legacy";
    return "vllm";
  }
  return s.substr(0, s.find(' '));
}

ResolvedTable resolve_measurements(const Catalog& catalog, const std::vector<MeasurementRow>& rows) {
  ResolvedTable out;
  for (const auto& row : rows) {
    const auto skip = [&](const std::string& why) { out.skipped.push_back(fmt::format("{}: {}", row.origin, why)); };
    Measurement m;
    m.origin = row.origin;
    m.engine = engine_family(row.engine);
    if (const auto why = resolve_replica(catalog, row, m.spec)) {
      skip(*why);
      continue;
    }
    const auto gpus = number(row.num_gpus);
    const auto isl = number(row.isl);
    const auto osl = number(row.osl);
    if (!gpus || *gpus < 1.0 || *gpus > 1024.0 || std::floor(*gpus) != *gpus) {
      skip(fmt::format("num_gpus '{}' is not a whole number from 1 to 1024", row.num_gpus));
      continue;
    }
    if (!isl || !osl || *isl < 1.0 || *osl < 1.0 || *isl > 1e7 || *osl > 1e7) {
      skip(fmt::format("isl '{}' and osl '{}' must be token counts from 1 to 10,000,000", row.isl, row.osl));
      continue;
    }
    if (const auto why = apply_parallelism(row, static_cast<int>(*gpus), m.spec)) {
      skip(*why);
      continue;
    }
    m.shape.isl = *isl;
    m.shape.osl = *osl;
    m.shape.spread = dataset_spread(row.notes, *isl, *osl);
    const std::string split = lower_case(trimmed(row.split));
    if (split != "" && split != "fit" && split != "holdout") {
      skip(fmt::format("split '{}' is neither fit nor holdout", row.split));
      continue;
    }
    m.holdout = split == "holdout";
    m.ttft_ms = positive(row.ttft_ms);
    m.tpot_ms = positive(row.tpot_ms);
    const auto mode = parse_mode(row.mode);
    if (!mode) {
      skip(fmt::format("mode '{}' is none of offline, QPS=N, batch=N, concurrency=N", row.mode));
      continue;
    }
    m.mode = mode->mode;
    m.mode_value = mode->value;
    m.run_requests = run_requests(row.notes);
    const auto total = number(row.output_total);
    const auto per_gpu = number(row.output_per_gpu);
    if (const auto why = excluded_by_notes(row, *gpus, per_gpu.has_value())) {
      skip(*why);
      continue;
    }
    if (total && *total > 0.0) m.output_tokens_per_s = *total;
    else if (per_gpu && *per_gpu > 0.0) m.output_tokens_per_s = *per_gpu * *gpus;
    else {
      skip("no output tokens/s figure");
      continue;
    }
    if (const auto why = unservable(m.spec, m.shape)) {
      skip(*why);
      continue;
    }
    m.label = row_label(m);
    out.rows.push_back(std::move(m));
  }
  return out;
}

}  // namespace nimcost
