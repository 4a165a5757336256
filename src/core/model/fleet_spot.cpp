// Spot replicas in the month simulation: each serves until the vendor takes it back, stays away,
// then starts up again (the scale-up delay: billed, not serving), as a renewal process per replica.
// Transitions keep their own times (billing and serving time are exact); the fleet's capacity in a
// step is what serves at the step's start.
#include "fleet_month.hpp"

#include <nimcost/base/units.hpp>

#include <limits>

namespace nimcost::fleet_month {

namespace {

constexpr double k_never = std::numeric_limits<double>::infinity();

}  // namespace

SpotPool::SpotPool(const SimSetup& setup, Random& random)
    : m_setup(setup), m_replicas(static_cast<std::size_t>(std::max(0, setup.policy.spot_replicas))) {
  const double rate = setup.spot_interruptions_per_day;
  // Exponential times are memoryless: a replica serving at the month's start is as likely to be
  // taken back soon as one that just started, so each starts at a fresh draw.
  m_next_event_s = k_never;
  for (Replica& r : m_replicas) {
    r.next_s = rate > 0.0 ? random.exponential(86400.0 / rate) : k_never;
    m_next_event_s = std::min(m_next_event_s, r.next_s);
  }
  m_serving = m_held = static_cast<int>(m_replicas.size());
}

void SpotPool::move_on(double now, Random& random) {
  const double up_mean_s = 86400.0 / m_setup.spot_interruptions_per_day;
  m_next_event_s = k_never;
  m_serving = m_held = 0;
  for (Replica& r : m_replicas) {
    while (r.next_s <= now + 1e-9) {
      const double at = r.next_s;
      switch (r.state) {
        case State::serving:
          m_billed_s += billed_seconds(at - r.since_s, m_setup.spot_billing_granularity_s);
          m_serving_s += at - r.served_from_s;
          ++m_interruptions;
          r.state = State::away;
          r.next_s = at + random.exponential(m_setup.spot_mean_interruption_s);
          break;
        case State::away:
          r.state = State::starting;
          r.since_s = at;
          r.next_s = at + m_setup.policy.scale_up_delay_s;
          break;
        case State::starting:
          r.state = State::serving;
          r.served_from_s = at;
          r.next_s = at + random.exponential(up_mean_s);
          break;
      }
    }
    m_serving += r.state == State::serving ? 1 : 0;
    m_held += r.state == State::away ? 0 : 1;
    m_next_event_s = std::min(m_next_event_s, r.next_s);
  }
}

double SpotPool::finish(double month_s) {
  for (const Replica& r : m_replicas) {
    // Sessions still open run on into next month: this month pays up to its end.
    if (r.state != State::away) m_billed_s += month_s - r.since_s;
  }
  return m_billed_s;
}

double SpotPool::serving_s(double month_s) const {
  double s = m_serving_s;
  for (const Replica& r : m_replicas) {
    if (r.state == State::serving) s += month_s - r.served_from_s;
  }
  return s;
}

}  // namespace nimcost::fleet_month
