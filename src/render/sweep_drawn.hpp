// Which of a sweep's APIs its pictures draw (internal to the renderers).
#pragma once

#include <nimcost/report/sweep_report.hpp>

#include <cstddef>
#include <vector>

namespace nimcost {

// Indices into report.apis: all of them, or the `top` cheapest by $/M, in the report's order.
std::vector<std::size_t> sweep_drawn_apis(const SweepReport& report, int top);

}  // namespace nimcost
