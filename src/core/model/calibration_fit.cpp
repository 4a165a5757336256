// Calibration: resolve a measurement table against the catalog and fit each engine family and
// precision's factors with Levenberg-Marquardt (Eigen's MINPACK port, numerical Jacobian).
// Parameters are transformed so that the optimizer cannot leave their valid ranges: efficiencies
// through a logistic (0 to 1), times through a logarithm (above 0).
#include <nimcost/model/calibration_fit.hpp>
#include "calibration_groups.hpp"
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <Eigen/Dense>
#include <unsupported/Eigen/NonLinearOptimization>
#include <unsupported/Eigen/NumericalDiff>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace nimcost {

using namespace calibration_parts;

double predict(const Measurement& m, const EngineFactors& factors) {
  ReplicaSpec spec = m.spec;
  spec.factors = factors;
  // A run with a stated number of requests is measured over its whole length, its end included.
  switch (m.mode) {
    case MeasureMode::offline:
      if (m.run_requests) return finite_run_output_rate(spec, m.shape, *m.run_requests);
      return offline_max(spec, m.shape).output_tokens_per_s;
    case MeasureMode::concurrency:
      if (m.run_requests) return finite_run_output_rate(spec, m.shape, *m.run_requests, m.mode_value);
      return at_concurrency(spec, m.shape, m.mode_value).output_tokens_per_s;
    case MeasureMode::static_batch: return static_batch(spec, m.shape, m.mode_value).output_tokens_per_s;
    case MeasureMode::request_rate: return open_loop_output_rate(spec, m.shape, m.mode_value, m.run_requests);
  }
  return 0.0;
}

OperatingPoint predict_point(const Measurement& m, const EngineFactors& factors) {
  ReplicaSpec spec = m.spec;
  spec.factors = factors;
  switch (m.mode) {
    case MeasureMode::offline: return offline_max(spec, m.shape);
    case MeasureMode::concurrency: return at_concurrency(spec, m.shape, m.mode_value);
    case MeasureMode::static_batch: return static_batch(spec, m.shape, m.mode_value);
    case MeasureMode::request_rate: return open_loop_point(spec, m.shape, m.mode_value);
  }
  return {};
}

ErrorSummary summarize(const std::vector<RowFit>& fits) {
  std::vector<double> errors;
  for (const auto& f : fits) errors.push_back(f.error);
  return summarize_errors(std::move(errors));
}

ErrorSummary summarize_errors(std::vector<double> errors) {
  ErrorSummary s;
  s.rows = static_cast<int>(errors.size());
  if (errors.empty()) return s;
  for (auto& e : errors) e = std::abs(e);
  std::sort(errors.begin(), errors.end());
  const std::size_t n = errors.size();
  s.median_abs = n % 2 == 1 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
  s.max_abs = errors.back();
  return s;
}

namespace {

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double logit(double p) {
  const double q = std::clamp(p, 1e-6, 1.0 - 1e-6);
  return std::log(q / (1.0 - q));
}

// The fitted parameters <-> factors: six always; the overlap exponent in one pass and held at the
// roofline's max() in another (see fit_group); the prefill overhead only where rows measured a time
// to first token, the one figure that tells it from prefill's compute.
struct Layout {
  bool exponent = true;
  bool prefill = false;
  int count() const { return 6 + (exponent ? 1 : 0) + (prefill ? 1 : 0); }
  int exponent_at() const { return 6; }
  int prefill_at() const { return exponent ? 7 : 6; }
};
constexpr double k_roofline_exponent = 32.0;
constexpr double k_soft_scale = 0.15;
// Latencies count half as much as throughput: a TTFT carries queueing that one cycle only sketches.
constexpr double k_latency_weight = 0.5;
// Ceilings no engine passes: dense GEMMs reach ~80-85% of tensor peak at best, HBM streams ~90-95%
// of its datasheet bandwidth. Without them a group the data cannot pin down drifts to 100%.
constexpr double k_max_compute = 0.85;
constexpr double k_max_bandwidth = 0.95;

Eigen::VectorXd to_parameters(const EngineFactors& f, Layout layout) {
  Eigen::VectorXd x(layout.count());
  x[0] = logit(f.compute_efficiency / k_max_compute);
  x[1] = logit(f.bandwidth_efficiency / k_max_bandwidth);
  x[2] = std::log(std::max(1e-4, f.step_overhead_ms));
  x[3] = std::log(std::max(1e-3, f.allreduce_latency_us));
  x[4] = logit(f.link_efficiency);
  x[5] = std::log(std::max(1e-4, f.sequence_overhead_us));
  if (layout.exponent) x[layout.exponent_at()] = std::log(std::max(1e-3, f.overlap_exponent - 1.0));
  if (layout.prefill) x[layout.prefill_at()] = std::log(std::max(1e-3, f.prefill_overhead_ms));
  return x;
}

EngineFactors from_parameters(EngineFactors f, const Eigen::VectorXd& x, Layout layout) {
  f.compute_efficiency = k_max_compute * logistic(x[0]);
  f.bandwidth_efficiency = k_max_bandwidth * logistic(x[1]);
  f.step_overhead_ms = std::exp(std::clamp(x[2], -12.0, 8.0));
  f.allreduce_latency_us = std::exp(std::clamp(x[3], -8.0, 10.0));
  f.link_efficiency = logistic(x[4]);
  f.sequence_overhead_us = std::exp(std::clamp(x[5], -10.0, 8.0));
  if (layout.exponent) f.overlap_exponent = 1.0 + std::exp(std::clamp(x[layout.exponent_at()], -6.0, 4.0));
  if (layout.prefill) f.prefill_overhead_ms = std::exp(std::clamp(x[layout.prefill_at()], -8.0, 7.0));
  return f;
}

// Residuals log(predicted / measured), for Eigen's Levenberg-Marquardt.
struct Residuals {
  using Scalar = double;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;

  const std::vector<const Measurement*>* rows;
  EngineFactors base;
  Layout layout;
  int* evaluations;

  int inputs() const { return layout.count(); }
  // Per row: throughput, and at a latency-bound row its TTFT and TPOT (0 elsewhere).
  int values() const { return static_cast<int>(3 * rows->size()); }

  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& residuals) const {
    const EngineFactors f = from_parameters(base, x, layout);
    // Soft-L1 on the log ratio: squared near zero, linear beyond tau, so that the bulk of the rows
    // sets the factors and a row the model cannot explain (another engine build, a client-bound
    // run) pulls them only as much as a row tau off would.
    const auto shaped = [](double predicted, double measured) {
      const double r = std::log(std::max(predicted, 1e-12) / measured);
      const double tau2 = k_soft_scale * k_soft_scale;
      const double q = r * r / tau2;  // sqrt(1 + q) - 1, without cancelling for small q
      return std::copysign(std::sqrt(2.0 * tau2 * q / (std::sqrt(1.0 + q) + 1.0)), r);
    };
    residuals.setZero();
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const Measurement& m = *(*rows)[i];
      const auto at = static_cast<Eigen::Index>(3 * i);
      residuals[at] = shaped(predict(m, f), m.output_tokens_per_s);
      if (!m.latency_bound()) continue;
      const OperatingPoint p = predict_point(m, f);
      if (m.ttft_ms) residuals[at + 1] = k_latency_weight * shaped(p.ttft_s * 1e3, *m.ttft_ms);
      if (m.tpot_ms) residuals[at + 2] = k_latency_weight * shaped(p.tpot_s * 1e3, *m.tpot_ms);
    }
    ++*evaluations;
    return 0;
  }
};

// Levenberg-Marquardt from the catalog's factors and from a small grid of plausible starting points,
// with the overlap exponent fitted and with it held at the roofline's max(). Of the end points, the
// one with the lowest objective wins.
EngineFactors fit_group(const std::vector<const Measurement*>& rows, EngineFactors start, int& evaluations) {
  Layout layout;
  layout.prefill = std::any_of(rows.begin(), rows.end(),
                               [](const Measurement* m) { return m->latency_bound() && m->ttft_ms.has_value(); });
  // Without a measured time to first token nothing tells the prefill overhead apart: none is charged.
  if (!layout.prefill) start.prefill_overhead_ms = 0.0;
  EngineFactors chosen = start;
  double chosen_cost = HUGE_VAL;
  for (const bool exponent : {true, false}) {
    layout.exponent = exponent;
    std::vector<EngineFactors> starts = {start};
    for (double compute : {0.3, 0.5, 0.7}) {
      for (double bandwidth : {0.6, 0.85}) {
        for (double overlap : {1.5, 8.0}) {
          for (double prefill : {1.0, 30.0}) {
            // A held exponent, or a prefill cost not fitted, needs one start, not two.
            if ((!exponent && overlap != 1.5) || (!layout.prefill && prefill != 1.0)) continue;
            EngineFactors f = start;
            f.compute_efficiency = compute;
            f.bandwidth_efficiency = bandwidth;
            f.step_overhead_ms = 1.0;
            f.sequence_overhead_us = 1.0;
            if (layout.prefill) f.prefill_overhead_ms = prefill;
            f.allreduce_latency_us = 10.0;
            f.link_efficiency = 0.7;
            f.overlap_exponent = overlap;
            starts.push_back(f);
          }
        }
      }
    }
    if (!exponent) {
      for (auto& f : starts) f.overlap_exponent = k_roofline_exponent;
    }
    for (const EngineFactors& from : starts) {
      Residuals residuals{&rows, from, layout, &evaluations};
      Eigen::NumericalDiff<Residuals> numeric(residuals);
      Eigen::LevenbergMarquardt<Eigen::NumericalDiff<Residuals>, double> solver(numeric);
      solver.parameters.maxfev = 2000;
      Eigen::VectorXd x = to_parameters(from, layout);
      solver.minimize(x);
      const EngineFactors end = from_parameters(from, x, layout);
      Eigen::VectorXd values(residuals.values());
      residuals(x, values);
      const double cost = values.squaredNorm();
      if (cost < chosen_cost - 1e-12) {
        chosen_cost = cost;
        chosen = end;
      }
    }
  }
  return chosen;
}

std::vector<RowFit> evaluate(const std::vector<const Measurement*>& rows, const EngineFactors& f) {
  std::vector<RowFit> out;
  for (const Measurement* m : rows) {
    const double p = predict(*m, f);
    RowFit fit;
    fit.row = m;
    fit.predicted = p;
    fit.error = (p - m->output_tokens_per_s) / m->output_tokens_per_s;
    if (m->latency_bound()) {
      const OperatingPoint point = predict_point(*m, f);
      fit.ttft_ms = point.ttft_s * 1e3;
      fit.tpot_ms = point.tpot_s * 1e3;
      if (m->ttft_ms) fit.ttft_error = *fit.ttft_ms / *m->ttft_ms - 1.0;
      if (m->tpot_ms) fit.tpot_error = *fit.tpot_ms / *m->tpot_ms - 1.0;
    }
    out.push_back(fit);
  }
  return out;
}

// The group's errors by split, and at its latency-bound rows.
void summarize_group(GroupFit& g) {
  std::vector<double> fitted, held, throughput, ttft, tpot;
  for (const RowFit& f : g.rows) {
    (f.row->holdout ? held : fitted).push_back(f.error);
    if (!f.row->latency_bound()) continue;
    throughput.push_back(f.error);
    if (f.ttft_error) ttft.push_back(*f.ttft_error);
    if (f.tpot_error) tpot.push_back(*f.tpot_error);
  }
  g.summary = summarize_errors(std::move(fitted));
  g.holdout = summarize_errors(std::move(held));
  g.latency = {summarize_errors(std::move(throughput)), summarize_errors(std::move(ttft)),
               summarize_errors(std::move(tpot))};
}

// One engine family and precision's rows, or their dense or mixture-of-experts share: fitted (when
// `fit` and there are enough rows not held out) or evaluated with the catalog's factors.
GroupFit fit_or_evaluate(const Catalog& catalog, const Group& group, bool fit, const std::string& table_name,
                         const std::string& as_of, std::vector<std::string>& warnings) {
  std::vector<const Measurement*> fit_rows;
  for (const Measurement* m : group.rows) {
    if (!m->holdout) fit_rows.push_back(m);
  }
  GroupFit g;
  const Start start = starting_factors(catalog, group);
  g.factors = start.factors;
  g.factors.engine = group.engine;
  g.factors.precision = std::string(precision_name(group.precision));
  g.factors.architecture = group.architecture;
  g.factors.id = fmt::format("{}-{}{}", group.engine, g.factors.precision, group.architecture == "moe" ? "-moe" : "");
  const std::string what = fmt::format("{} {}{}", group.engine, g.factors.precision, rows_named(group.architecture));
  const bool enough = fit_rows.size() >= static_cast<std::size_t>(k_min_rows);
  if (fit && !enough) {
    warnings.push_back(fmt::format("{}: {} rows are too few to fit (at least {}); evaluated with {}", what,
                                   fit_rows.size(), k_min_rows,
                                   start.borrowed.empty() ? set_named(start.factors) : start.borrowed));
  } else if (!fit && !start.borrowed.empty()) {
    warnings.push_back(fmt::format("{}: the catalog has no set of its own; evaluated with {}", what, start.borrowed));
  }
  if (fit && enough) {
    g.factors = fit_group(fit_rows, g.factors, g.evaluations);
    g.fitted = true;
    g.factors.provenance.source = fmt::format(
        "nimcost calibrate {}: Levenberg-Marquardt on log(predicted / measured) over its {} {} rows ({} more held out)",
        table_name, fit_rows.size(), what, group.rows.size() - fit_rows.size());
    g.factors.provenance.as_of = as_of;
  }
  g.rows = evaluate(group.rows, g.factors);
  summarize_group(g);
  if (g.fitted) {
    g.factors.fit_rows = g.summary.rows;
    g.factors.fit_median_abs_error = g.summary.median_abs;
    g.factors.fit_max_abs_error = g.summary.max_abs;
    if (g.holdout.rows > 0) {
      g.factors.holdout_rows = g.holdout.rows;
      g.factors.holdout_median_abs_error = g.holdout.median_abs;
      g.factors.holdout_max_abs_error = g.holdout.max_abs;
    }
  }
  return g;
}

}  // namespace

CalibrationResult calibrate(const Catalog& catalog, const ResolvedTable& table, bool fit, const std::string& table_name,
                            const std::string& as_of) {
  CalibrationResult result;
  std::vector<RowFit> all;
  for (const Group& group : calibration_groups(catalog, table, fit)) {
    GroupFit g = fit_or_evaluate(catalog, group, fit, table_name, as_of, result.warnings);
    all.insert(all.end(), g.rows.begin(), g.rows.end());
    result.groups.push_back(std::move(g));
  }
  GroupFit overall;
  overall.rows = std::move(all);
  summarize_group(overall);
  result.overall = overall.summary;
  result.overall_holdout = overall.holdout;
  result.overall_latency = overall.latency;
  return result;
}

}  // namespace nimcost
