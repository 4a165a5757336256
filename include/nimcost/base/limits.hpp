// The bounds a flag and a scenario or catalog key share, so the CLI and the files refuse the same
// values with the same figure. Each is far beyond any real use and small enough that memory and time
// stay bounded (a sweep point or a seed costs a fixed amount of both).
#pragma once

namespace nimcost {

constexpr int k_max_gpus = 100'000;           // a fleet pinned with --gpus or gpus = N
constexpr int k_max_request_tokens = 10'000'000;  // --isl / --osl, isl / osl
constexpr int k_max_sweep_points = 100'000;   // sweep volumes (each priced for every API, then printed)
constexpr long long k_max_sweep_grid = 1'000'000;  // sweep volumes x utilizations (one number each)
constexpr int k_max_seeds = 100'000;          // simulate's Monte Carlo months
constexpr double k_min_hours_per_month = 1.0;  // a utilization over a shorter month means nothing
constexpr double k_max_hours_per_month = 744.0;  // 31 x 24

}  // namespace nimcost
