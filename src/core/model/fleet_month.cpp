// The month, step by step (see fleet_sim.cpp for the model). Work is in replica-seconds; each phase
// below keeps the order of floating-point operations of the step, so a seed's month is the same
// whatever the code's shape.
#include "fleet_month.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <deque>

namespace nimcost::fleet_month {

namespace {

constexpr double k_eps = 1e-9;

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

// The realtime demand that arrived in one step, in tokens, replica-seconds and API dollars.
struct Demand {
  double tokens = 0.0, work = 0.0, usd = 0.0;
};

// One seed's month in progress: the fleet (active replicas and their session starts, replicas
// starting up), the queues, and the month's tallies.
class Month {
public:
  Month(const SimSetup& setup, const Plan& plan, std::uint64_t seed);
  void step(long long t);
  SeedOutcome finish(std::vector<double>* histogram, WeekValues* week);

private:
  struct Pending {
    double ready_s, start_s;
  };

  void start_hour(double now);
  void join_started(double now);
  void batch_arrivals(long long t, double now, double fraction_of_step);
  Demand realtime_demand(long long t, double fraction_of_step);
  double serve_realtime(Demand demand, double capacity, bool& violated);
  double serve_batch(double left);
  bool settle_overdue(double end);
  void autoscale(double realtime_work, double end, int held_count);
  void add_hour(double end_s);

  const SimSetup& m_setup;
  const Plan& m_plan;
  const PolicySpec& m_policy;
  const bool m_spill;
  const bool m_autoscale;
  const double m_step;
  Random m_random;
  SpotPool m_spot;
  const int m_committed;
  SeedOutcome m_out;
  std::vector<double> m_noise;
  int m_active = 0;
  std::vector<double> m_sessions;  // start times of active replicas
  std::deque<Pending> m_pending;
  Queue m_queue;
  std::vector<Job> m_continuous_jobs;
  double m_backlog = 0.0;  // realtime replica-seconds waiting (no spill)
  double m_low_since_s = -1.0;
  long long m_violating_steps = 0;
  std::size_t m_next_arrival = 0;
  std::array<std::uint32_t, k_histogram_bins> m_counts{};  // per-hour utilization, this seed
  double m_realtime_need_scale = 0.0;
  // Utilization over time and the typical week are tallied by the hour: per-step figures at
  // 1-second steps say more about the step than about the fleet, and folding once an hour keeps the
  // step loop lean.
  HourTally m_hour;
  WeekTally m_week;
  int m_how = 0;  // hour of the week (the month starts on a Monday at midnight)
  double m_next_hour_s = k_seconds_per_hour;
  double m_hour_start_s = 0.0;  // when the hour's first step began (a step may straddle the hour)
};

Month::Month(const SimSetup& setup, const Plan& plan, std::uint64_t seed)
    : m_setup(setup),
      m_plan(plan),
      m_policy(setup.policy),
      m_spill(setup.policy.policy == FleetPolicy::hybrid),
      m_autoscale(setup.policy.policy == FleetPolicy::autoscale),
      m_step(plan.step_s),
      m_random(seed),
      m_spot(setup, m_random),
      m_committed(setup.policy.committed_replicas),
      m_noise(plan.realtime.size()),
      m_continuous_jobs(plan.continuous.size()) {
  for (std::size_t i = 0; i < m_noise.size(); ++i) m_noise[i] = m_random.normal();  // the stationary start
  m_active = m_autoscale ? m_policy.min_replicas : m_policy.replicas;
  m_sessions.assign(static_cast<std::size_t>(m_active), 0.0);
  m_out.peak_replicas = m_active + m_committed + m_spot.held();
  m_realtime_need_scale = 1.0 / (m_step * m_policy.target_utilization);
}

// Closes the hour that began at m_hour_start_s (at hour of the week m_how) and ends at `end_s`.
void Month::add_hour(double end_s) {
  if (m_hour.held > 0.0) {
    const double share = std::min(m_hour.busy / m_hour.held, 1.0);
    ++m_counts[static_cast<std::size_t>(share * (k_histogram_bins - 1) + 0.5)];
  }
  m_week.add(m_how, m_hour, end_s - m_hour_start_s);
  m_hour = HourTally{};
  m_hour_start_s = end_s;
}

void Month::start_hour(double now) {
  while (now >= m_next_hour_s - k_eps) {
    add_hour(now);
    m_how = m_how == 167 ? 0 : m_how + 1;
    m_next_hour_s += k_seconds_per_hour;
  }
}

void Month::join_started(double now) {
  while (!m_pending.empty() && m_pending.front().ready_s <= now + k_eps) {
    m_sessions.push_back(m_pending.front().start_s);
    m_pending.pop_front();
    ++m_active;
  }
}

// Scheduled batch jobs, then continuous work gathered into hourly jobs.
void Month::batch_arrivals(long long t, double now, double fraction_of_step) {
  for (; m_next_arrival < m_plan.arrivals.size() && m_plan.arrivals[m_next_arrival].step <= t; ++m_next_arrival) {
    const Arrival& a = m_plan.arrivals[m_next_arrival];
    const SimPart& part = m_setup.parts[a.part];
    const double tokens = a.tokens * Lognormal(part.profile.burstiness).factor(m_random.normal());
    m_out.demand_tokens += tokens;
    m_out.api_only_usd += tokens * part.api_per_mtok_usd / 1e6;
    const double work = tokens / part.replica_tokens_per_s;
    m_hour.batch_demand += work;
    insert_by_deadline(m_queue, {work, part.replica_tokens_per_s,
                                 part.api_per_mtok_usd / 1e6, now + part.profile.window_hours * k_seconds_per_hour});
  }
  for (std::size_t c = 0; c < m_plan.continuous.size(); ++c) {
    const auto& cont = m_plan.continuous[c];
    const SimPart& part = m_setup.parts[cont.part];
    const double tokens = cont.tokens_per_step * cont.noise.factor(m_random.normal()) * fraction_of_step;
    m_out.demand_tokens += tokens;
    m_out.api_only_usd += tokens * part.api_per_mtok_usd / 1e6;
    const double bucket = std::floor(now / k_seconds_per_hour) * k_seconds_per_hour;
    Job& job = m_continuous_jobs[c];
    if (job.work > 0.0 && job.deadline_s != bucket + cont.window_s) {
      insert_by_deadline(m_queue, job);
      job.work = 0.0;
    }
    job.tokens_per_work = part.replica_tokens_per_s;
    job.usd_per_token = part.api_per_mtok_usd / 1e6;
    job.deadline_s = bucket + cont.window_s;
    const double work = tokens / part.replica_tokens_per_s;
    m_hour.batch_demand += work;
    job.work += work;
    const bool hour_ends = std::floor((now + m_step) / k_seconds_per_hour) * k_seconds_per_hour != bucket;
    if (hour_ends || t + 1 == m_plan.steps) {
      insert_by_deadline(m_queue, job);
      job.work = 0.0;
    }
  }
}

// The step's realtime demand: each part's level at this hour of the week, its noise and growth.
// Under hybrid with realtime to the API, all of it goes to the API and none to the fleet.
Demand Month::realtime_demand(long long t, double fraction_of_step) {
  const double progress = static_cast<double>(t) / static_cast<double>(m_plan.steps);
  Demand d;
  for (std::size_t i = 0; i < m_plan.realtime.size(); ++i) {
    const auto& r = m_plan.realtime[i];
    m_noise[i] = r.rho * m_noise[i] + r.innovation * m_random.normal();
    double tokens = r.level[static_cast<std::size_t>(m_how)] * fraction_of_step;
    if (r.noise.sigma > 0.0) tokens *= r.noise.factor(m_noise[i]);
    if (r.growth_log != 0.0) tokens *= std::exp(r.growth_log * progress);
    d.tokens += tokens;
    d.work += tokens * r.work_per_token;
    d.usd += tokens * r.usd_per_token;
  }
  m_out.demand_tokens += d.tokens;
  m_out.api_only_usd += d.usd;
  m_hour.realtime_demand += d.work;
  if (m_spill && m_policy.realtime_to_api) {  // the fleet is for batch work only
    m_out.spilled_tokens += d.tokens;
    m_out.api_spill_usd += d.usd;
    m_hour.spilled += d.work;
    d.work = 0.0;
  }
  return d;
}

// Realtime work (the backlog first) on the step's capacity; the overflow spills (hybrid) or waits.
// Returns the replica-seconds served.
double Month::serve_realtime(Demand demand, double capacity, bool& violated) {
  const double realtime_work = m_backlog + demand.work;
  const double served = std::min(realtime_work, capacity);
  if (realtime_work > served + k_eps) {
    const double overflow = realtime_work - served;
    if (m_spill) {
      const double share = demand.work > 0.0 ? overflow / demand.work : 0.0;
      m_out.spilled_tokens += demand.tokens * share;
      m_out.api_spill_usd += demand.usd * share;
      m_hour.spilled += overflow;
      m_backlog = 0.0;
    } else {
      m_backlog = overflow;
      violated = true;
    }
  } else {
    m_backlog = 0.0;
  }
  return served;
}

// Batch jobs on what the fleet has left, earliest deadline first; returns the replica-seconds served.
double Month::serve_batch(double left) {
  double served = 0.0;
  while (left > k_eps && !m_queue.empty()) {
    Job& job = m_queue.front();
    const double w = std::min(job.work, left);
    job.work -= w;
    left -= w;
    served += w;
    if (job.work <= k_eps) m_queue.erase(m_queue.begin());
  }
  return served;
}

// Jobs past their deadline at the step's end: spilled to the API (hybrid), or an SLO violation while
// the fleet keeps working on them. Returns whether one is violated.
bool Month::settle_overdue(double end) {
  while (!m_queue.empty() && m_queue.front().deadline_s <= end + k_eps) {
    if (!m_spill) return true;
    const Job& job = m_queue.front();
    m_out.spilled_tokens += job.work * job.tokens_per_work;
    m_out.api_spill_usd += job.work * job.tokens_per_work * job.usd_per_token;
    m_hour.spilled += job.work;
    m_queue.erase(m_queue.begin());
  }
  return false;
}

// Sizes the fleet for the next step: realtime work at the target utilization plus what the batch
// deadlines need; new replicas serve after the start-up delay, idle ones go after the hold time.
void Month::autoscale(double realtime_work, double end, int held_count) {
  const double need = realtime_work * m_realtime_need_scale + (m_queue.empty() ? 0.0 : batch_need(m_queue, end, m_step));
  // ceil by truncation (need >= 0): std::ceil is a library call on baseline x86-64.
  const double wanted = std::min(need - 1e-6, 1e9);
  int replicas = static_cast<int>(wanted);
  replicas += static_cast<double>(replicas) < wanted ? 1 : 0;
  replicas -= m_committed + m_spot.serving();  // on-demand replicas size the rest
  const int desired = std::clamp(replicas, m_policy.min_replicas, m_policy.max_replicas);
  if (desired > held_count) {
    for (int k = held_count; k < desired; ++k) m_pending.push_back({end + m_policy.scale_up_delay_s, end});
    m_low_since_s = -1.0;
  } else if (desired < m_active) {
    if (m_low_since_s < 0.0) m_low_since_s = end;
    if (end - m_low_since_s >= m_policy.scale_down_after_s - k_eps) {
      for (int k = desired; k < m_active; ++k) {
        m_out.billed_replica_s += billed_seconds(end - m_sessions.back(), m_setup.billing_granularity_s);
        m_sessions.pop_back();
      }
      m_active = desired;
      m_low_since_s = -1.0;
    }
  } else {
    m_low_since_s = -1.0;
  }
  m_out.peak_replicas =
      std::max(m_out.peak_replicas, m_active + static_cast<int>(m_pending.size()) + m_committed + m_spot.held());
}

void Month::step(long long t) {
  const double now = static_cast<double>(t) * m_step;
  start_hour(now);
  const double dt = std::min(m_step, m_plan.month_s - now);  // the last step may be short
  const double fraction_of_step = dt < m_step ? dt / m_step : 1.0;
  join_started(now);
  m_spot.advance(now, m_random);
  batch_arrivals(t, now, fraction_of_step);
  const Demand demand = realtime_demand(t, fraction_of_step);

  const double capacity = (m_active + m_committed + m_spot.serving()) * dt;
  const double realtime_work = m_backlog + demand.work;
  bool violated = false;
  const double served_realtime = serve_realtime(demand, capacity, violated);
  const double served_batch = serve_batch(capacity - served_realtime);
  const double end = now + dt;
  violated = settle_overdue(end) || violated;
  m_violating_steps += violated ? 1 : 0;

  const double busy = served_realtime + served_batch;
  m_out.busy_replica_s += busy;
  const int held_count = m_active + static_cast<int>(m_pending.size());
  m_hour.busy += busy;
  m_hour.held += (held_count + m_committed + m_spot.held()) * dt;
  m_hour.realtime_served += served_realtime;
  m_hour.capacity += capacity;
  m_hour.violating_s += violated ? dt : 0.0;
  if (m_autoscale) autoscale(realtime_work, end, held_count);
}

// The month's bill: sessions still open run on into next month, so this month pays up to its end;
// work left at the end was demanded this month, and the API would have served it (hybrid).
// Work still queued at the month's end goes to the API in the totals but to no hour of the week:
// it is the next month's work more than this week's spill.
SeedOutcome Month::finish(std::vector<double>* histogram, WeekValues* week) {
  add_hour(m_plan.month_s);  // the month's last (maybe partial) hour
  if (histogram != nullptr) {
    for (std::size_t i = 0; i < m_counts.size(); ++i) (*histogram)[i] += m_counts[i];
  }
  if (week != nullptr) *week = m_week.averages();
  for (double start : m_sessions) m_out.billed_replica_s += m_plan.month_s - start;
  for (const auto& p : m_pending) m_out.billed_replica_s += m_plan.month_s - p.start_s;
  if (m_spill) {
    for (const Job& job : m_queue) {
      m_out.spilled_tokens += job.work * job.tokens_per_work;
      m_out.api_spill_usd += job.work * job.tokens_per_work * job.usd_per_token;
    }
  }
  SeedOutcome& out = m_out;
  const SimSetup& s = m_setup;
  const double gpu_per_replica_hour = s.gpus_per_replica / k_seconds_per_hour;
  const double committed_s = m_committed * m_plan.month_s;  // every hour of the month, busy or not
  const double spot_s = m_spot.finish(m_plan.month_s);
  out.committed_usd = committed_s * gpu_per_replica_hour * s.committed_usd_per_gpu_hour;
  out.spot_usd = spot_s * gpu_per_replica_hour * s.spot_usd_per_gpu_hour;
  out.spot_interruptions = m_spot.interruptions();
  if (s.policy.spot_replicas > 0) out.spot_serving_fraction = m_spot.serving_s(m_plan.month_s) / (s.policy.spot_replicas * m_plan.month_s);
  out.gpu_usd = out.billed_replica_s * gpu_per_replica_hour * s.usd_per_gpu_hour + out.committed_usd + out.spot_usd;
  out.billed_replica_s += committed_s + spot_s;
  const double gpu_hours = out.billed_replica_s * gpu_per_replica_hour;
  // An annual license is a twelfth of its price each month, however many hours the month has (as
  // crossover prices it); an hourly one is paid per billed GPU-hour.
  out.license_usd = gpu_hours * s.license_usd_per_gpu_hour + out.peak_replicas * s.gpus_per_replica * s.license_usd_per_gpu_month;
  out.total_usd = out.gpu_usd + out.license_usd + s.ops_monthly_usd + out.api_spill_usd;
  out.utilization = out.billed_replica_s > 0.0 ? out.busy_replica_s / out.billed_replica_s : 0.0;
  out.slo_violation_fraction = static_cast<double>(m_violating_steps) / static_cast<double>(m_plan.steps);
  return out;
}

}  // namespace

SeedOutcome run_seed(const SimSetup& setup, const Plan& plan, std::uint64_t seed, std::vector<double>* histogram,
                     WeekValues* week) {
  Month month(setup, plan, seed);
  for (long long t = 0; t < plan.steps; ++t) month.step(t);
  return month.finish(histogram, week);
}

}  // namespace nimcost::fleet_month
