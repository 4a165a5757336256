// One simulated month of one seed (internal to the fleet simulation): what a seed needs that does
// not depend on the seed (the plan: demand levels per hour of the week, batch arrivals), and the
// month itself, step by step, in phases: batch arrivals, realtime demand, realtime service (spilled
// under hybrid, else waiting), batch by deadline, overdue jobs, the autoscaler, and the bill.
#pragma once

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

Plan make_plan(const SimSetup& setup);

// Seed `seed`'s month; adds its hourly utilization counts to `histogram` (k_histogram_bins) when set.
SeedOutcome run_seed(const SimSetup& setup, const Plan& plan, std::uint64_t seed, std::vector<double>* histogram);

}  // namespace nimcost::fleet_month
