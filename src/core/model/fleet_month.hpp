// One simulated month of one seed (internal to the fleet simulation): what a seed needs that does
// not depend on the seed (the plan: demand levels per hour of the week, batch arrivals), and the
// month itself, step by step, in phases: batch arrivals, realtime demand, realtime service (spilled
// under hybrid, else waiting), batch by deadline, overdue jobs, the autoscaler, and the bill.
#pragma once

#include "fleet_week.hpp"

#include <nimcost/model/fleet_sim.hpp>

#include <array>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace nimcost::fleet_month {

inline constexpr int k_histogram_bins = 101;  // utilization over time, in 1% bins

// e^x for the noise factors, a few times faster than std::exp: x = n ln 2 + r with |r| <= ln2 / 2,
// e^r by its Taylor series to r^7 (relative error below 2e-9), 2^n through the exponent bits.
inline double fast_exp(double x) {
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

// A session's billed seconds: whole units of the billing granularity.
inline double billed_seconds(double duration, double granularity) {
  if (granularity <= 1.0) return duration;
  return std::ceil(duration / granularity - 1e-9) * granularity;
}

// A lognormal factor with mean 1 and the given coefficient of variation.
struct Lognormal {
  double sigma = 0.0;  // of the log
  explicit Lognormal(double cv) : sigma(std::sqrt(std::log1p(cv * cv))) {}
  double factor(double z) const { return fast_exp(sigma * z - 0.5 * sigma * sigma); }
};

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

  // An exponential draw of the given mean (inversion of 53 uniform bits; never infinite).
  double exponential(double mean) {
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;  // [0, 1)
    return -mean * std::log1p(-u);
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_state{};
};

// Spot replicas, each in turn serving, away (the vendor took it back) and starting up again (billed,
// not serving). Time serving until the next interruption is exponential with the spot offer's
// rate per day of running; time away is exponential with its mean. Events land at step starts.
class SpotPool {
public:
  SpotPool(const SimSetup& setup, Random& random);
  // Moves every replica whose next event is due by `now` on; cheap when none is.
  void advance(double now, Random& random) {
    if (now + 1e-9 >= m_next_event_s) move_on(now, random);
  }
  int serving() const { return m_serving; }
  int held() const { return m_held; }  // billed: serving or starting
  // Closes the month: sessions still open are billed to its end. Returns the billed replica-seconds.
  double finish(double month_s);
  long long interruptions() const { return m_interruptions; }
  double serving_s(double month_s) const;

private:
  enum class State { serving, away, starting };
  struct Replica {
    State state = State::serving;
    double next_s = 0.0;     // when its state next changes
    double since_s = 0.0;    // when its billed session (serving or starting) began
    double served_from_s = 0.0;  // when it last began serving
  };
  void move_on(double now, Random& random);

  const SimSetup& m_setup;
  std::vector<Replica> m_replicas;
  double m_next_event_s = 0.0;
  int m_serving = 0, m_held = 0;
  long long m_interruptions = 0;
  double m_billed_s = 0.0, m_serving_s = 0.0;
};

// One seed's month.
struct SeedOutcome {
  double gpu_usd = 0.0;
  double committed_usd = 0.0;
  double spot_usd = 0.0;
  long long spot_interruptions = 0;
  double spot_serving_fraction = 0.0;
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

Plan make_plan(const SimSetup& setup);

// Seed `seed`'s month; adds its hourly utilization counts to `histogram` (k_histogram_bins) and
// writes its typical week to `week`, each when set.
SeedOutcome run_seed(const SimSetup& setup, const Plan& plan, std::uint64_t seed, std::vector<double>* histogram,
                     WeekValues* week = nullptr);

}  // namespace nimcost::fleet_month
