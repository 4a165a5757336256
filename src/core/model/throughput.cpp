// The throughput model's operating points: continuous batching in steady state, static batches,
// open-loop arrivals and latency targets; see throughput.hpp for the cycle they rest on.
#include "throughput_parts.hpp"

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// One cycle of `batch` requests: their prefills and osl - 1 decode steps at the mean context.
struct Cycle {
  double prefill_s = 0.0;
  double decode_s = 0.0;       // decode time per output token (one iteration without speculation)
  double total_s = 0.0;
  bool decode_compute_bound = false;
};

// Prompt tokens a request's prefill computes: those the prefix cache did not hold.
double computed_prompt(const SequenceShape& s) { return s.isl * (1.0 - std::clamp(s.cached_share, 0.0, 0.999)); }

Cycle cycle(const ReplicaSpec& r, const SequenceShape& s, double batch) {
  Cycle c;
  c.prefill_s = prefill_time(r, batch * computed_prompt(s), s.attention_prompt(), s.cached_share).total_s();
  const double context = s.decode_context();
  const IterationTime d = decode_iteration(r, batch, context);
  c.decode_s = r.speculation.on() ? decode_time_per_token(r, batch, context) : d.total_s();
  c.decode_compute_bound = d.compute_bound();
  c.total_s = c.prefill_s + std::max(0.0, s.osl - 1.0) * c.decode_s;
  return c;
}

}  // namespace

OperatingPoint at_concurrency(const ReplicaSpec& r, const SequenceShape& s, double concurrency) {
  OperatingPoint p;
  const MemoryFit fit = memory_fit(r, s);
  p.concurrency = std::max(1.0, concurrency);
  p.batch = std::min(p.concurrency, static_cast<double>(std::max(1, fit.max_batch)));
  const Cycle c = cycle(r, s, p.batch);
  p.decode_compute_bound = c.decode_compute_bound;
  p.output_tokens_per_s = c.total_s > 0.0 ? p.batch * s.osl / c.total_s : 0.0;
  p.requests_per_s = c.total_s > 0.0 ? p.batch / c.total_s : 0.0;
  // Each sequence's decode iterations are stretched by the prefills of the batch's other requests.
  const double decode_steps = std::max(1.0, s.osl - 1.0);
  const double others = (p.batch - 1.0) / p.batch;
  p.tpot_s = c.decode_s + c.prefill_s * others / decode_steps;
  // Time to first token: the request's own prefill, plus waiting behind other prefills (the prefill
  // stage is busy a fraction rho of the time: an M/D/1 wait), plus half a decode iteration to join.
  const double own = prefill_time(r, computed_prompt(s), s.attention_prompt(), s.cached_share).total_s();
  const double rho = c.total_s > 0.0 ? std::min(0.95, c.prefill_s * others / c.total_s) : 0.0;
  p.ttft_s = own + rho / (2.0 * (1.0 - rho)) * own + 0.5 * c.decode_s;
  // Requests beyond the max batch wait for a slot (Little's law).
  if (p.concurrency > p.batch && p.requests_per_s > 0.0) p.ttft_s += (p.concurrency - p.batch) / p.requests_per_s;
  return p;
}

OperatingPoint static_batch(const ReplicaSpec& r, const SequenceShape& s, double batch) {
  OperatingPoint p;
  // The batch as given: a static batch's cache holds exactly its requests, so memory_fit's engine
  // reserve does not apply (memory_fit says whether it fits).
  p.concurrency = std::max(1.0, batch);
  p.batch = p.concurrency;
  const Cycle c = cycle(r, s, p.batch);
  p.decode_compute_bound = c.decode_compute_bound;
  p.output_tokens_per_s = c.total_s > 0.0 ? p.batch * s.osl / c.total_s : 0.0;
  p.requests_per_s = c.total_s > 0.0 ? p.batch / c.total_s : 0.0;
  p.ttft_s = c.prefill_s;
  p.tpot_s = c.decode_s;
  return p;
}

OperatingPoint offline_max(const ReplicaSpec& r, const SequenceShape& s) {
  return at_concurrency(r, s, std::max(1, memory_fit(r, s).max_batch));
}

double open_loop_output_rate(const ReplicaSpec& r, const SequenceShape& s, double requests_per_s,
                             std::optional<double> run_requests) {
  const double capacity = offline_max(r, s).requests_per_s;
  const double rate = std::min(requests_per_s, capacity);
  if (!run_requests || !(rate > 0.0)) return rate * s.osl;
  // A run of N requests ends one request's service time after the last admission. The service time
  // depends on the batch the load builds (Little's law: c = rate x latency, at most the max batch),
  // found by fixed-point iteration; waiting for a slot is already in N / rate.
  const double n = std::max(1.0, *run_requests);
  const double max_batch = std::max(1, memory_fit(r, s).max_batch);
  double latency = 0.0;
  for (int i = 0; i < 30; ++i) {
    const double c = std::clamp(rate * latency, 1.0, std::min(n, max_batch));
    const OperatingPoint p = at_concurrency(r, s, c);
    latency = p.ttft_s + std::max(0.0, s.osl - 1.0) * p.tpot_s;
  }
  return n * s.osl / (n / rate + latency);
}

namespace {

// Squared coefficient of variation of output lengths: 0 without a spread, 1 for exponential.
double osl_cv2(const SequenceShape& s) {
  if (!s.spread || !(s.osl > 0.0)) return 0.0;
  return std::max(0.0, s.spread->osl_sq / (s.osl * s.osl) - 1.0);
}

// Below this spread lengths count as fixed (waves); above it, as exponential (a draining batch).
constexpr double k_spread_cv2 = 0.25;

}  // namespace

double finite_run_output_rate(const ReplicaSpec& r, const SequenceShape& s, double requests, double concurrency) {
  const double n = std::max(1.0, std::floor(requests));
  const double slots =
      std::floor(std::min({n, std::max(1.0, concurrency), static_cast<double>(std::max(1, memory_fit(r, s).max_batch))}));
  if (osl_cv2(s) < k_spread_cv2) {
    const double waves = std::floor(n / slots);
    const double rest = n - waves * slots;
    double t = waves * cycle(r, s, slots).total_s;
    if (rest >= 1.0) t += cycle(r, s, rest).total_s;
    return t > 0.0 ? n * s.osl / t : 0.0;
  }
  // Memoryless lengths: while requests queue each finish admits the next, (n - B) x osl / B steps at
  // a full batch; then, with b requests left, the next finishes after osl / b steps on average, so the
  // drain is osl x the sum over b = 1..B of step(b) / b: summed up to k_exact, integrated over ln b
  // (midpoints) above.
  const double context = s.decode_context();
  const auto step = [&](double b) { return decode_time_per_token(r, b, context); };
  double t = prefill_time(r, n * computed_prompt(s), s.attention_prompt(), s.cached_share).total_s();
  t += (n - slots) * s.osl / slots * step(slots);
  constexpr double k_exact = 16.0;
  for (double b = 1.0; b <= std::min(slots, k_exact); b += 1.0) t += s.osl / b * step(b);
  if (slots > k_exact) {
    constexpr int k_points = 8;
    const double from = std::log(k_exact + 0.5);
    const double span = std::log(slots + 0.5) - from;
    for (int j = 0; j < k_points; ++j) t += s.osl * span / k_points * step(std::exp(from + (j + 0.5) / k_points * span));
  }
  return t > 0.0 ? n * s.osl / t : 0.0;
}

OperatingPoint open_loop_point(const ReplicaSpec& r, const SequenceShape& s, double requests_per_s) {
  const OperatingPoint full = offline_max(r, s);
  if (!(requests_per_s < full.requests_per_s)) return full;
  const double max_batch = std::max(1, memory_fit(r, s).max_batch);
  // Fixed point of c = rate x latency(c): latency grows with c, so the iteration settles from below.
  double c = 1.0;
  OperatingPoint p = at_concurrency(r, s, c);
  for (int i = 0; i < 40; ++i) {
    const double latency = p.ttft_s + std::max(0.0, s.osl - 1.0) * p.tpot_s;
    const double next = std::clamp(requests_per_s * latency, 1.0, max_batch);
    if (std::abs(next - c) < 1e-3) break;
    c = next;
    p = at_concurrency(r, s, c);
  }
  p.requests_per_s = requests_per_s;
  p.output_tokens_per_s = requests_per_s * s.osl;
  return p;
}

bool meets(const OperatingPoint& p, const LatencyTarget& t) {
  if (t.ttft_ms && p.ttft_s * 1e3 > *t.ttft_ms) return false;
  if (t.tpot_ms && p.tpot_s * 1e3 > *t.tpot_ms) return false;
  return true;
}

std::optional<OperatingPoint> best_under_target(const ReplicaSpec& r, const SequenceShape& s,
                                                const LatencyTarget& t) {
  const int max_batch = std::max(1, memory_fit(r, s).max_batch);
  if (!meets(at_concurrency(r, s, 1.0), t)) return std::nullopt;
  // Latencies grow with concurrency: bisect for the last concurrency that meets the target.
  int good = 1;
  int bad = max_batch + 1;
  if (meets(at_concurrency(r, s, max_batch), t)) good = max_batch;
  while (bad - good > 1) {
    const int mid = good + (bad - good) / 2;
    if (meets(at_concurrency(r, s, mid), t)) good = mid;
    else bad = mid;
  }
  return at_concurrency(r, s, good);
}

std::vector<OperatingPoint> concurrency_sweep(const ReplicaSpec& r, const SequenceShape& s) {
  const int max_batch = std::max(1, memory_fit(r, s).max_batch);
  std::vector<OperatingPoint> out;
  for (int c = 1; c < max_batch; c *= 2) out.push_back(at_concurrency(r, s, c));
  out.push_back(at_concurrency(r, s, max_batch));
  return out;
}

}  // namespace nimcost
