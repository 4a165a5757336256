// Comparing two report snapshots, and the CI gates (--fail-if-cost-increase-above,
// --fail-above-monthly-usd, --fail-if-verdict-changes) on a diff or on one report.
#pragma once

#include <nimcost/report/diff_report.hpp>
#include <nimcost/report/run_report.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// Pairs scenarios and options and computes the changes. Pure.
DiffReport diff_reports(const ReportSnapshot& base, const ReportSnapshot& head);

// A cost change as a fraction of its base; absent when the base costs nothing (under 1e-6 USD, the
// rounding of money in reports). diff and compare state every percentage change this way.
std::optional<double> fraction_of(double delta, double base);

// The gates against a diff (all three) or a lone report (only the monthly ceiling; `diff` null).
std::vector<GateResult> evaluate_gates(const GateThresholds& gates, const ReportSnapshot& head, const DiffReport* diff);


// A run report as diff and the gates see it (the cheapest option's cost is the scenario's), stated as
// its JSON would state it. The verdicts in words are the renderers' to add.
ReportSnapshot snapshot_of(const RunReport& report, const std::string& origin);

}  // namespace nimcost
