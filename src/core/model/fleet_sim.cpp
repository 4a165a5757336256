// The month simulation. Work is counted in replica-seconds: a part's tokens take tokens /
// replica_tokens_per_s of one replica's time, so realtime and batch traffic share one fleet through
// one currency. Each step: replicas that finished starting up join, batch jobs arrive, realtime
// demand (the profile's curve times a mean-1 lognormal variation that follows an AR(1) process, so
// its statistics do not depend on the step size) is served first, batch jobs take what is left in
// deadline order, and what cannot be served either waits (an SLO violation) or, under the hybrid
// policy, goes to the API. The autoscaler then sizes the fleet for the next step.
#include <nimcost/base/error.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/base/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <thread>

namespace nimcost {

namespace {

constexpr double k_seconds_per_day = 86400.0;
constexpr double k_eps = 1e-9;
constexpr int k_histogram_bins = 101;

// xoshiro256** (Blackman and Vigna): small, fast and good enough for demand noise; seeded by
// splitmix64 so that neighbouring seeds give unrelated streams.
class Random {
public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : m_state) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }

  // A standard normal approximated by the Irwin-Hall sum of four uniforms (16 bits each from one
  // draw): mean 0, variance 1, tails cut at 3.46 sigma, which demand noise does not miss.
  double normal() {
    const std::uint64_t r = next();
    const double sum = static_cast<double>((r & 0xffff) + ((r >> 16) & 0xffff) + ((r >> 32) & 0xffff) + (r >> 48));
    return (sum / 65536.0 - 2.0) * 1.7320508075688772;
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_state{};
};

// e^x for the noise factors, a few times faster than std::exp: x = n ln 2 + r with |r| <= ln2 / 2,
// e^r by its Taylor series to r^7 (relative error below 2e-9), 2^n through the exponent bits.
double fast_exp(double x) {
  x = std::clamp(x, -700.0, 700.0);
  // Round to nearest without a libm call (baseline x86-64 has no rounding instruction): adding and
  // subtracting 1.5 x 2^52 leaves the nearest integer.
  constexpr double k_round = 6755399441055744.0;
  const double n = (x * 1.4426950408889634 + k_round) - k_round;
  const double r = x - n * 0.6931471805599453;
  const double p =
      1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720 + r * (1.0 / 5040)))))));
  const auto bits = static_cast<std::uint64_t>(static_cast<std::int64_t>(n) + 1023) << 52;
  double scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// A lognormal factor with mean 1 and the given coefficient of variation.
struct Lognormal {
  double sigma = 0.0;  // of the log
  explicit Lognormal(double cv) : sigma(std::sqrt(std::log1p(cv * cv))) {}
  double factor(double z) const { return fast_exp(sigma * z - 0.5 * sigma * sigma); }
};

// One seed's month.
struct SeedOutcome {
  double gpu_usd = 0.0;
  double license_usd = 0.0;
  double api_spill_usd = 0.0;
  double total_usd = 0.0;
  double api_only_usd = 0.0;      // the same demand on the API alone
  double demand_tokens = 0.0;
  double spilled_tokens = 0.0;
  double busy_replica_s = 0.0;
  double billed_replica_s = 0.0;
  double utilization = 0.0;       // busy / billed replica time
  double slo_violation_fraction = 0.0;  // share of time with realtime demand unmet or a batch job overdue
  int peak_replicas = 0;
};

struct Job {
  double work = 0.0;             // replica-seconds left
  double tokens_per_work = 0.0;  // tokens per replica-second (the part's replica rate)
  double usd_per_token = 0.0;    // the API's price, if it spills
  double deadline_s = 0.0;
};

struct Arrival {
  long long step = 0;
  std::size_t part = 0;
  double tokens = 0.0;  // expected
};

// Everything a seed needs that does not depend on the seed.
struct Plan {
  long long steps = 0;
  double step_s = 60.0;
  double month_s = 0.0;
  struct Realtime {
    std::size_t part = 0;
    std::array<double, 168> level{};  // expected tokens per step at each hour of the week, before growth
    double growth_log = 0.0;          // log(1 + growth) spread over the month
    double rho = 0.0;                 // AR(1) coefficient per step
    double innovation = 0.0;          // sqrt(1 - rho^2)
    Lognormal noise{0.0};
    double work_per_token = 0.0;
    double usd_per_token = 0.0;
  };
  std::vector<Realtime> realtime;
  std::vector<Arrival> arrivals;  // nightly and hourly jobs, by step
  struct Continuous {
    std::size_t part = 0;
    double tokens_per_step = 0.0;
    double window_s = 0.0;
    Lognormal noise{0.0};
  };
  std::vector<Continuous> continuous;
};

double hour_of_week_factor(const TrafficProfile& p, int hour_of_week) {
  const int day = hour_of_week / 24;  // the month starts on a Monday at midnight
  const double day_factor = day >= 5 ? p.weekend_factor : p.weekday_factor;
  const double hourly = p.hourly.size() == 24 ? p.hourly[static_cast<std::size_t>(hour_of_week % 24)] : 1.0;
  return hourly * day_factor;
}

Plan make_plan(const SimSetup& s) {
  Plan plan;
  plan.step_s = s.step_s;
  plan.month_s = s.hours * k_seconds_per_hour;
  plan.steps = static_cast<long long>(std::ceil(plan.month_s / s.step_s - k_eps));
  for (std::size_t i = 0; i < s.parts.size(); ++i) {
    const SimPart& part = s.parts[i];
    const TrafficProfile& p = part.profile;
    if (p.kind == "realtime") {
      Plan::Realtime r;
      r.part = i;
      r.growth_log = std::log1p(p.growth_per_month);
      // Normalize so that the month's expected demand is exactly tokens_per_month.
      double total = 0.0;
      for (long long t = 0; t < plan.steps; ++t) {
        const int how = static_cast<int>(std::fmod(static_cast<double>(t) * s.step_s / k_seconds_per_hour, 168.0));
        total += hour_of_week_factor(p, how) * std::exp(r.growth_log * static_cast<double>(t) / static_cast<double>(plan.steps));
      }
      for (int how = 0; how < 168; ++how) {
        r.level[static_cast<std::size_t>(how)] = total > 0.0 ? part.tokens_per_month * hour_of_week_factor(p, how) / total : 0.0;
      }
      r.rho = std::exp(-s.step_s / (p.burst_minutes * 60.0));
      r.innovation = std::sqrt(std::max(0.0, 1.0 - r.rho * r.rho));
      r.noise = Lognormal(p.burstiness);
      r.work_per_token = 1.0 / part.replica_tokens_per_s;
      r.usd_per_token = part.api_per_mtok_usd / 1e6;
      plan.realtime.push_back(r);
    } else if (p.arrival == "continuous") {
      plan.continuous.push_back({i, part.tokens_per_month / static_cast<double>(plan.steps), p.window_hours * k_seconds_per_hour,
                                 Lognormal(p.burstiness)});
    } else {
      const double period = p.arrival == "hourly" ? k_seconds_per_hour : k_seconds_per_day;
      const double offset = p.arrival == "hourly" ? 0.0 : p.start_hour * k_seconds_per_hour;
      std::vector<long long> steps;
      for (double at = offset; at < plan.month_s - k_eps; at += period) {
        steps.push_back(static_cast<long long>(std::floor(at / s.step_s + k_eps)));
      }
      if (steps.empty()) {
        throw usage_error(fmt::format("workload '{}': no {} batch job arrives within a month of {:g} hours", part.name,
                                      p.arrival, s.hours));
      }
      for (long long step : steps) {
        plan.arrivals.push_back({step, i, part.tokens_per_month / static_cast<double>(steps.size())});
      }
    }
  }
  std::stable_sort(plan.arrivals.begin(), plan.arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return a.step < b.step; });
  return plan;
}

// Jobs waiting, earliest deadline first. A handful at a time: a vector beats a deque here.
using Queue = std::vector<Job>;

void insert_by_deadline(Queue& queue, const Job& job) {
  auto it = queue.end();
  while (it != queue.begin() && std::prev(it)->deadline_s > job.deadline_s) --it;
  queue.insert(it, job);
}

// Replicas the batch queue needs to meet every deadline (earliest deadline first).
double batch_need(const Queue& queue, double now_s, double step_s) {
  double cumulative = 0.0, need = 0.0;
  for (const Job& job : queue) {
    cumulative += job.work;
    need = std::max(need, cumulative / std::max(job.deadline_s - now_s, step_s));
  }
  return need;
}

double billed_seconds(double duration, double granularity) {
  if (granularity <= 1.0) return duration;
  return std::ceil(duration / granularity - k_eps) * granularity;
}

SeedOutcome run_seed(const SimSetup& s, const Plan& plan, std::uint64_t seed, std::vector<double>* histogram) {
  Random random(seed);
  SeedOutcome out;
  const PolicySpec& policy = s.policy;
  const bool spill = policy.policy == FleetPolicy::hybrid;
  const bool autoscale = policy.policy == FleetPolicy::autoscale;
  const double step = plan.step_s;

  std::vector<double> noise(plan.realtime.size());
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = random.normal();  // the stationary start

  int active = autoscale ? policy.min_replicas : policy.replicas;
  std::vector<double> sessions(static_cast<std::size_t>(active), 0.0);  // start times of active replicas
  struct Pending {
    double ready_s, start_s;
  };
  std::deque<Pending> pending;
  Queue queue;
  std::vector<Job> continuous_jobs(plan.continuous.size());
  double backlog = 0.0;  // realtime replica-seconds waiting (no spill)
  double low_since_s = -1.0;
  long long violating_steps = 0;
  std::size_t next_arrival = 0;
  out.peak_replicas = active;

  std::array<std::uint32_t, k_histogram_bins> counts{};  // per-step utilization, this seed
  const double realtime_need_scale = 1.0 / (step * policy.target_utilization);
  // Utilization over time is binned by the hour: per-step figures at 1-second steps say more about
  // the step than about the fleet, and binning once an hour keeps the step loop lean.
  double hour_busy = 0.0, hour_held = 0.0;
  auto add_hour = [&] {
    if (hour_held > 0.0) {
      const double share = std::min(hour_busy / hour_held, 1.0);
      ++counts[static_cast<std::size_t>(share * (k_histogram_bins - 1) + 0.5)];
    }
    hour_busy = hour_held = 0.0;
  };
  int how = 0;                    // hour of the week (the month starts on a Monday at midnight)
  double next_hour_s = k_seconds_per_hour;
  for (long long t = 0; t < plan.steps; ++t) {
    const double now = static_cast<double>(t) * step;
    while (now >= next_hour_s - k_eps) {
      how = how == 167 ? 0 : how + 1;
      next_hour_s += k_seconds_per_hour;
      add_hour();
    }
    const double dt = std::min(step, plan.month_s - now);  // the last step may be short
    const double fraction_of_step = dt < step ? dt / step : 1.0;
    while (!pending.empty() && pending.front().ready_s <= now + k_eps) {
      sessions.push_back(pending.front().start_s);
      pending.pop_front();
      ++active;
    }

    // Batch arrivals: scheduled jobs, then continuous work gathered into hourly jobs.
    for (; next_arrival < plan.arrivals.size() && plan.arrivals[next_arrival].step <= t; ++next_arrival) {
      const Arrival& a = plan.arrivals[next_arrival];
      const SimPart& part = s.parts[a.part];
      const double tokens = a.tokens * Lognormal(part.profile.burstiness).factor(random.normal());
      out.demand_tokens += tokens;
      out.api_only_usd += tokens * part.api_per_mtok_usd / 1e6;
      insert_by_deadline(queue, {tokens / part.replica_tokens_per_s, part.replica_tokens_per_s,
                                 part.api_per_mtok_usd / 1e6, now + part.profile.window_hours * k_seconds_per_hour});
    }
    for (std::size_t c = 0; c < plan.continuous.size(); ++c) {
      const auto& cont = plan.continuous[c];
      const SimPart& part = s.parts[cont.part];
      const double tokens = cont.tokens_per_step * cont.noise.factor(random.normal()) * fraction_of_step;
      out.demand_tokens += tokens;
      out.api_only_usd += tokens * part.api_per_mtok_usd / 1e6;
      const double bucket = std::floor(now / k_seconds_per_hour) * k_seconds_per_hour;
      Job& job = continuous_jobs[c];
      if (job.work > 0.0 && job.deadline_s != bucket + cont.window_s) {
        insert_by_deadline(queue, job);
        job.work = 0.0;
      }
      job.tokens_per_work = part.replica_tokens_per_s;
      job.usd_per_token = part.api_per_mtok_usd / 1e6;
      job.deadline_s = bucket + cont.window_s;
      job.work += tokens / part.replica_tokens_per_s;
      const bool hour_ends = std::floor((now + step) / k_seconds_per_hour) * k_seconds_per_hour != bucket;
      if (hour_ends || t + 1 == plan.steps) {
        insert_by_deadline(queue, job);
        job.work = 0.0;
      }
    }

    // Realtime demand.
    const double progress = static_cast<double>(t) / static_cast<double>(plan.steps);
    double new_work = 0.0, new_usd = 0.0, new_tokens = 0.0;
    for (std::size_t i = 0; i < plan.realtime.size(); ++i) {
      const auto& r = plan.realtime[i];
      noise[i] = r.rho * noise[i] + r.innovation * random.normal();
      double tokens = r.level[static_cast<std::size_t>(how)] * fraction_of_step;
      if (r.noise.sigma > 0.0) tokens *= r.noise.factor(noise[i]);
      if (r.growth_log != 0.0) tokens *= std::exp(r.growth_log * progress);
      new_tokens += tokens;
      new_work += tokens * r.work_per_token;
      new_usd += tokens * r.usd_per_token;
    }
    out.demand_tokens += new_tokens;
    out.api_only_usd += new_usd;

    if (spill && policy.realtime_to_api) {  // the fleet is for batch work only
      out.spilled_tokens += new_tokens;
      out.api_spill_usd += new_usd;
      new_work = 0.0;
    }
    const double capacity = active * dt;
    const double realtime_work = backlog + new_work;
    const double served_realtime = std::min(realtime_work, capacity);
    bool violated = false;
    if (realtime_work > served_realtime + k_eps) {
      const double overflow = realtime_work - served_realtime;
      if (spill) {
        const double share = new_work > 0.0 ? overflow / new_work : 0.0;
        out.spilled_tokens += new_tokens * share;
        out.api_spill_usd += new_usd * share;
        backlog = 0.0;
      } else {
        backlog = overflow;
        violated = true;
      }
    } else {
      backlog = 0.0;
    }

    // Batch: what the fleet has left, earliest deadline first.
    double left = capacity - served_realtime;
    double served_batch = 0.0;
    while (left > k_eps && !queue.empty()) {
      Job& job = queue.front();
      const double w = std::min(job.work, left);
      job.work -= w;
      left -= w;
      served_batch += w;
      if (job.work <= k_eps) queue.erase(queue.begin());
    }
    // Overdue jobs: spill them (hybrid) or count the violation and keep working on them.
    const double end = now + dt;
    while (!queue.empty() && queue.front().deadline_s <= end + k_eps) {
      if (!spill) {
        violated = true;
        break;
      }
      const Job& job = queue.front();
      out.spilled_tokens += job.work * job.tokens_per_work;
      out.api_spill_usd += job.work * job.tokens_per_work * job.usd_per_token;
      queue.erase(queue.begin());
    }
    violating_steps += violated ? 1 : 0;

    const double busy = served_realtime + served_batch;
    out.busy_replica_s += busy;
    const int held_count = active + static_cast<int>(pending.size());
    hour_busy += busy;
    hour_held += held_count * dt;

    if (autoscale) {
      const double need = realtime_work * realtime_need_scale +
                          (queue.empty() ? 0.0 : batch_need(queue, end, step));
      // ceil by truncation (need >= 0): std::ceil is a library call on baseline x86-64.
      const double wanted = std::min(need - 1e-6, 1e9);
      int replicas = static_cast<int>(wanted);
      replicas += static_cast<double>(replicas) < wanted ? 1 : 0;
      const int desired = std::clamp(replicas, policy.min_replicas, policy.max_replicas);
      if (desired > held_count) {
        for (int k = held_count; k < desired; ++k) pending.push_back({end + policy.scale_up_delay_s, end});
        low_since_s = -1.0;
      } else if (desired < active) {
        if (low_since_s < 0.0) low_since_s = end;
        if (end - low_since_s >= policy.scale_down_after_s - k_eps) {
          for (int k = desired; k < active; ++k) {
            out.billed_replica_s += billed_seconds(end - sessions.back(), s.billing_granularity_s);
            sessions.pop_back();
          }
          active = desired;
          low_since_s = -1.0;
        }
      } else {
        low_since_s = -1.0;
      }
      out.peak_replicas = std::max(out.peak_replicas, active + static_cast<int>(pending.size()));
    }
  }
  add_hour();  // the month's last (maybe partial) hour
  if (histogram != nullptr) {
    for (std::size_t i = 0; i < counts.size(); ++i) (*histogram)[i] += counts[i];
  }
  // Sessions still open run on into next month: this month pays up to its end.
  for (double start : sessions) out.billed_replica_s += plan.month_s - start;
  for (const auto& p : pending) out.billed_replica_s += plan.month_s - p.start_s;
  // Work left at the month's end was demanded this month; the API would have served it.
  if (spill) {
    for (const Job& job : queue) {
      out.spilled_tokens += job.work * job.tokens_per_work;
      out.api_spill_usd += job.work * job.tokens_per_work * job.usd_per_token;
    }
  }

  const double gpu_hours = out.billed_replica_s / k_seconds_per_hour * s.gpus_per_replica;
  out.gpu_usd = gpu_hours * s.usd_per_gpu_hour;
  out.license_usd = gpu_hours * s.license_usd_per_gpu_hour +
                    out.peak_replicas * s.gpus_per_replica * s.license_usd_per_gpu_month * plan.month_s /
                        (730.0 * k_seconds_per_hour);
  out.total_usd = out.gpu_usd + out.license_usd + s.ops_monthly_usd + out.api_spill_usd;
  out.utilization = out.billed_replica_s > 0.0 ? out.busy_replica_s / out.billed_replica_s : 0.0;
  out.slo_violation_fraction = static_cast<double>(violating_steps) / static_cast<double>(plan.steps);
  return out;
}

Band band_of(std::vector<double> values) {
  Band b;
  if (values.empty()) return b;
  std::sort(values.begin(), values.end());
  // Nearest rank on the sorted seeds: a percentile is one of the simulated months.
  auto at = [&](double q) {
    const auto n = static_cast<double>(values.size());
    const auto rank = static_cast<std::size_t>(std::clamp(std::ceil(q * n) - 1.0, 0.0, n - 1.0));
    return values[rank];
  };
  b.p5 = at(0.05);
  b.p50 = at(0.50);
  b.p95 = at(0.95);
  double sum = 0.0;
  for (double v : values) sum += v;
  b.mean = sum / static_cast<double>(values.size());
  return b;
}

Band band_of_histogram(const std::vector<double>& histogram) {
  Band b;
  double total = 0.0, mean = 0.0;
  for (std::size_t i = 0; i < histogram.size(); ++i) {
    total += histogram[i];
    mean += histogram[i] * static_cast<double>(i) / (k_histogram_bins - 1);
  }
  if (total <= 0.0) return b;
  b.mean = mean / total;
  auto at = [&](double q) {
    double seen = 0.0;
    for (std::size_t i = 0; i < histogram.size(); ++i) {
      seen += histogram[i];
      if (seen >= q * total - k_eps) return static_cast<double>(i) / (k_histogram_bins - 1);
    }
    return 1.0;
  };
  b.p5 = at(0.05);
  b.p50 = at(0.50);
  b.p95 = at(0.95);
  return b;
}

}  // namespace

const char* policy_name(FleetPolicy p) {
  switch (p) {
    case FleetPolicy::fixed: return "fixed";
    case FleetPolicy::autoscale: return "autoscale";
    case FleetPolicy::hybrid: return "hybrid";
  }
  return "fixed";
}

FleetPolicy parse_policy(std::string_view text) {
  if (text == "fixed") return FleetPolicy::fixed;
  if (text == "autoscale") return FleetPolicy::autoscale;
  if (text == "hybrid") return FleetPolicy::hybrid;
  throw usage_error(fmt::format("--policy must be fixed, autoscale or hybrid, got '{}'", text));
}

void check_setup(const SimSetup& s) {
  if (s.parts.empty()) throw usage_error("nothing to simulate: no workload");
  if (!(s.step_s >= 1.0) || s.step_s > 3600.0) {
    throw usage_error(fmt::format("--step must be from 1s to 1h, got {:g} s", s.step_s));
  }
  if (!(s.hours > 0.0) || s.hours > 744.0) throw usage_error("hours per month must be above 0 and at most 744");
  for (const auto& p : s.parts) {
    if (!(p.replica_tokens_per_s > 0.0)) {
      throw usage_error(fmt::format("workload '{}': a replica must serve more than 0 tokens/s", p.name));
    }
    if (!(p.tokens_per_month >= 0.0) || !std::isfinite(p.tokens_per_month)) {
      throw usage_error(fmt::format("workload '{}': tokens per month must be a finite number >= 0", p.name));
    }
  }
  const PolicySpec& p = s.policy;
  if (p.replicas < 0 || p.min_replicas < 0 || p.max_replicas < p.min_replicas || p.max_replicas > 100000 ||
      p.replicas > 100000) {
    throw usage_error(fmt::format("replicas must be 0 to 100000 with min <= max, got {} ({}..{})", p.replicas,
                                  p.min_replicas, p.max_replicas));
  }
  if (p.policy == FleetPolicy::fixed && p.replicas < 1) throw usage_error("a fixed fleet needs at least 1 replica");
  if (p.policy == FleetPolicy::autoscale && p.max_replicas < 1) throw usage_error("--max-replicas must be at least 1");
  if (!(p.target_utilization > 0.0) || p.target_utilization > 1.0) {
    throw usage_error("the autoscaler's target utilization must be above 0 and at most 1");
  }
  if (!(p.scale_up_delay_s >= 0.0) || !(p.scale_down_after_s >= 0.0)) {
    throw usage_error("scale-up delay and scale-down time must be >= 0");
  }
}

SimResult simulate(const SimSetup& setup, std::uint64_t seed, int seeds, int threads,
                   const std::function<void(int)>& progress) {
  check_setup(setup);
  if (seeds < 1 || seeds > 1'000'000) throw usage_error(fmt::format("--seeds must be 1 to 1000000, got {}", seeds));
  const Plan plan = make_plan(setup);
  std::vector<SeedOutcome> outcomes(static_cast<std::size_t>(seeds));
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, seeds);
  std::vector<std::vector<double>> histograms(static_cast<std::size_t>(threads), std::vector<double>(k_histogram_bins, 0.0));

  // Seeds are dealt round-robin; each outcome lands in its own slot, so the result is the same for
  // any thread count. The calling thread only reports progress.
  std::atomic<int> done{0};
  auto work = [&](int worker) {
    for (int i = worker; i < seeds; i += threads) {
      outcomes[static_cast<std::size_t>(i)] =
          run_seed(setup, plan, seed + static_cast<std::uint64_t>(i), &histograms[static_cast<std::size_t>(worker)]);
      done.fetch_add(1, std::memory_order_relaxed);
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) pool.emplace_back(work, w);
    if (progress) {
      while (done.load(std::memory_order_relaxed) < seeds) {
        progress(done.load(std::memory_order_relaxed));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    for (auto& thread : pool) thread.join();
  }
  if (progress) progress(seeds);

  SimResult r;
  r.seed = seed;
  r.seeds = seeds;
  r.steps = plan.steps;
  std::vector<double> total, utilization, spilled, slo;
  double n = static_cast<double>(seeds);
  for (const auto& o : outcomes) {
    total.push_back(o.total_usd);
    utilization.push_back(o.utilization);
    spilled.push_back(o.spilled_tokens);
    slo.push_back(o.slo_violation_fraction);
    r.gpu_usd += o.gpu_usd / n;
    r.license_usd += o.license_usd / n;
    r.api_spill_usd += o.api_spill_usd / n;
    r.api_only_usd += o.api_only_usd / n;
    r.demand_tokens += o.demand_tokens / n;
    r.billed_gpu_hours += o.billed_replica_s / k_seconds_per_hour * setup.gpus_per_replica / n;
    r.peak_replicas += o.peak_replicas / n;
  }
  r.ops_usd = setup.ops_monthly_usd;
  r.total_usd = band_of(total);
  r.utilization = band_of(utilization);
  r.spilled_tokens = band_of(spilled);
  r.slo_violation_fraction = band_of(slo);
  std::vector<double> pooled(k_histogram_bins, 0.0);
  for (const auto& h : histograms) {
    for (std::size_t i = 0; i < pooled.size(); ++i) pooled[i] += h[i];
  }
  r.utilization_over_time = band_of_histogram(pooled);
  if (r.demand_tokens > 0.0) r.effective_per_mtok_usd = r.total_usd.mean / (r.demand_tokens / 1e6);
  return r;
}

}  // namespace nimcost
