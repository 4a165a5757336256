// `nimcost simulate` reports: JSON (bands as {p5, p50, p95, mean}) and the document the table,
// Markdown and CSV renderers draw.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include "fleet_text.hpp"
#include "json_parts.hpp"

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

// The typical week, Monday 00:00 first: what a demand-against-capacity picture and a utilization
// heat map (hour of day by day of week) are drawn from. Each figure is its mean over seeds beside its
// band (the schema's one band shape); replicas to 4 decimals, a picture's resolution.
json week_json(const SimResult& x) {
  static constexpr const char* k_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const auto r = [](double v) { return std::round(v * 1e4) / 1e4; };
  json week = json::array();
  for (std::size_t how = 0; how < x.week.size(); ++how) {
    const WeekHour& h = x.week[how];
    json hour = {{"hour_of_week", how}, {"day", k_days[how / 24 % 7]}, {"hour", how % 24}};
    const auto replicas = [&](const char* key, const Band& b) {
      hour[key] = r(b.mean);
      hour[std::string(key) + "_band"] = {{"p5", r(b.p5)}, {"p50", r(b.p50)}, {"p95", r(b.p95)}, {"mean", r(b.mean)}};
    };
    replicas("realtime_demand_replicas", h.realtime_demand);
    replicas("batch_demand_replicas", h.batch_demand);
    replicas("demand_replicas", h.demand);
    replicas("realtime_served_replicas", h.realtime_served);
    replicas("batch_served_replicas", h.batch_served);
    replicas("spilled_replicas", h.spilled);
    replicas("capacity_replicas", h.capacity);
    replicas("held_replicas", h.held);
    hour["slo_violating_fraction"] = fraction(h.slo_violating.mean);
    hour["slo_violating_fraction_band"] = band_fraction(h.slo_violating);
    week.push_back(std::move(hour));
  }
  return week;
}

json offers_json(const SimulateReport& r) {
  const FleetOffers& o = r.offers;
  const auto offer = [](const std::optional<RentalOffer>& x) { return x ? rental(*x) : json(nullptr); };
  json spot_terms = nullptr;
  if (o.spot) {
    spot_terms = {{"interruptions_per_day", r.setup.spot_interruptions_per_day},
                  {"mean_interruption_minutes", r.setup.spot_mean_interruption_s / 60.0},
                  {"from", o.interruptions_from}};
  }
  return {{"on_demand", offer(o.on_demand)},
          {"on_demand_usd_per_gpu_hour", r.setup.usd_per_gpu_hour},
          {"committed", offer(o.committed)},
          {"spot", offer(o.spot)},
          {"spot_interruptions", std::move(spot_terms)}};
}

json alternative_json(const SimulateReport& r) {
  if (!r.alternative) return nullptr;
  const Candidate& c = *r.alternative;
  return {{"policy", policy_json(c.policy, r.setup.gpus_per_replica)},
          {"seeds", c.result.seeds},
          {"total_monthly_usd", usd(Usd(c.result.total_usd.mean))},
          {"utilization_fraction", fraction(c.result.utilization.mean)},
          {"slo_violation_fraction", fraction(c.result.slo_violation_fraction.mean)},
          {"meets_slo_target", c.meets_slo}};
}

json break_even_json(const SimulateReport& r) {
  if (!r.break_even) return nullptr;
  const BreakEvenVolume& b = *r.break_even;
  return {{"found", b.found},
          {"monthly_tokens", b.found ? tokens(Tokens(b.monthly_tokens)) : json(nullptr)},
          {"tokens_per_day", b.found ? tokens(Tokens(b.monthly_tokens / (r.setup.hours / 24.0))) : json(nullptr)},
          {"replicas", b.found ? json(b.replicas) : json(nullptr)},
          {"selfhost_monthly_usd", b.found ? usd(Usd(b.selfhost_usd)) : json(nullptr)},
          {"api_monthly_usd", b.found ? usd(Usd(b.api_usd)) : json(nullptr)}};
}

// The verdict's one shape (as crossover's): simulate weighs the fleet ("selfhost") against the API
// alone ("api").
// With --optimize and no fleet meeting the SLO target, the API alone is the answer whatever it costs.
bool api_is_cheaper(const SimulateReport& r) {
  return r.result.api_only_usd < r.result.total_usd.mean || (r.search && !r.search->best);
}

json verdict_json(const SimulateReport& r) {
  const SimResult& x = r.result;
  const bool api = api_is_cheaper(r);
  return {{"cheapest", api ? "api" : "selfhost"},
          {"cheapest_monthly_usd", usd(Usd(api ? x.api_only_usd : x.total_usd.mean))},
          {"text", simulate_verdict_text(r)}};
}

}  // namespace

nlohmann::ordered_json simulate_json(const SimulateReport& r, const RenderContext& context) {
  const SimResult& x = r.result;
  json workloads = json::array();
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const SimulatedPart& p = r.parts[i];
    workloads.push_back({{"name", p.name},
                         {"profile", traffic_profile(r.profiles[i])},
                         {"monthly_tokens", tokens(p.workload.tokens)},
                         {"input_share_fraction", fraction(p.workload.input_share)},
                         {"cached_input_share_fraction", fraction(p.workload.cached_input_share)},
                         {"replica_tokens_per_s", std::round(p.replica_tokens_per_s * 1e3) / 1e3},
                         {"capacity_source", p.capacity_source},
                         {"api", p.api},
                         {"api_per_mtok_usd", rate(p.api_per_mtok)}});
  }
  json assumptions = {{"workloads", std::move(workloads)},
                      {"selfhost", selfhost_plan(r.plan)},
                      {"billing", r.billing},
                      {"offers", offers_json(r)},
                      {"billing_unit_s", r.setup.billing_granularity_s},
                      {"step_s", r.setup.step_s},
                      {"hours_per_month", r.setup.hours},
                      {"seed", r.result.seed},
                      {"seeds", r.result.seeds},
                      {"max_slo_violation_fraction", fraction(r.max_slo_violation)},
                      {"month_starts", "Monday 00:00"}};
  json results = {{"policy", policy_json(r.setup.policy, r.setup.gpus_per_replica)},
                  {"steps", x.steps},
                  {"total_monthly_usd", usd(Usd(x.total_usd.mean))},
                  {"total_monthly_usd_band", band_usd(x.total_usd)},
                  {"utilization_fraction", fraction(x.utilization.mean)},
                  {"utilization_fraction_band", band_fraction(x.utilization)},
                  {"utilization_over_time_fraction_band", band_fraction(x.utilization_over_time)},
                  {"gpu_monthly_usd", usd(Usd(x.gpu_usd))},
                  {"committed_monthly_usd", usd(Usd(x.committed_usd))},
                  {"spot_monthly_usd", usd(Usd(x.spot_usd))},
                  {"spot_interruptions", std::round(x.spot_interruptions * 1e3) / 1e3},
                  {"spot_serving_fraction", r.setup.policy.spot_replicas > 0 ? fraction(x.spot_serving_fraction) : json(nullptr)},
                  {"license_monthly_usd", usd(Usd(x.license_usd))},
                  {"ops_monthly_usd", usd(Usd(x.ops_usd))},
                  {"api_spill_monthly_usd", usd(Usd(x.api_spill_usd))},
                  {"spilled_tokens", tokens(Tokens(x.spilled_tokens.mean))},
                  {"spilled_tokens_band", band_tokens(x.spilled_tokens)},
                  {"slo_violation_fraction", fraction(x.slo_violation_fraction.mean)},
                  {"slo_violation_fraction_band", band_fraction(x.slo_violation_fraction)},
                  {"api_only_monthly_usd", usd(Usd(x.api_only_usd))},
                  {"monthly_tokens", tokens(Tokens(x.demand_tokens))},
                  {"billed_gpu_hours", std::round(x.billed_gpu_hours * 1e3) / 1e3},
                  {"peak_replicas", std::round(x.peak_replicas * 1e3) / 1e3},
                  {"effective_per_mtok_usd", optional(x.effective_per_mtok_usd, [](double v) { return rate(PerMtok(v)); })},
                  {"cheaper", api_is_cheaper(r) ? "api" : "selfhost"},
                  {"meets_slo_target", r.meets_slo_target},
                  {"verdict", verdict_json(r)}};
  results["alternative"] = alternative_json(r);
  results["break_even"] = break_even_json(r);
  if (r.search) {
    json candidates = json::array();
    for (const auto& c : r.search->candidates) {
      candidates.push_back({{"policy", policy_json(c.policy, r.setup.gpus_per_replica)},
                            {"seeds", c.result.seeds},
                            {"total_monthly_usd", usd(Usd(c.result.total_usd.mean))},
                            {"utilization_fraction", fraction(c.result.utilization.mean)},
                            {"slo_violation_fraction", fraction(c.result.slo_violation_fraction.mean)},
                            {"spilled_tokens", tokens(Tokens(c.result.spilled_tokens.mean))},
                            {"meets_slo_target", c.meets_slo}});
    }
    results["optimize"] = {{"best", r.search->best ? json(*r.search->best) : json(nullptr)},
                           {"candidates", std::move(candidates)}};
  } else {
    results["optimize"] = nullptr;
  }
  // Last: 168 hours would bury the figures above.
  results["week_seeds"] = x.week_seeds;
  results["week"] = week_json(x);
  return envelope("simulate", std::move(assumptions), std::move(results), r.warnings, context);
}

Document simulate_document(const SimulateReport& r) {
  const SimResult& x = r.result;
  Document doc;
  doc.title = fmt::format("nimcost simulate: {} tokens/month, {} seeds of {} steps", format_tokens(Tokens(x.demand_tokens)),
                          x.seeds, x.steps);
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const SimulatedPart& p = r.parts[i];
    const TrafficProfile& t = r.profiles[i];
    const std::string shape = t.kind == "realtime"
                                  ? fmt::format("burstiness {:.2f}, weekend x{:.2f}", t.burstiness, t.weekend_factor)
                                  : fmt::format("{} jobs, {:g} h window", t.arrival, t.window_hours);
    doc.facts.push_back({p.name, fmt::format("{} tokens/month, profile {} ({}); {:.0f} tokens/s per replica; API {} at {}",
                                             format_tokens(p.workload.tokens), p.profile, shape, p.replica_tokens_per_s,
                                             p.api, cell_text(Cell::of_rate(p.api_per_mtok)))});
  }
  const PolicySpec& p = r.setup.policy;
  const bool base = p.committed_replicas > 0 || p.spot_replicas > 0;
  const bool on_demand = p.replicas > 0 || p.policy == FleetPolicy::autoscale;
  doc.facts.push_back(
      {"Fleet", on_demand ? fmt::format("{}{} at {}/GPU-hour, billed {}, license {}", policy_label(p),
                                        base ? "; on-demand replicas" : "", format_usd(Usd(r.setup.usd_per_gpu_hour)),
                                        r.billing, r.plan.license.id)
                          : fmt::format("{}, license {}", policy_label(p), r.plan.license.id)});
  if (const auto& c = r.offers.committed; c && p.committed_replicas > 0) {
    doc.facts.push_back({"Committed", fmt::format("{} at {}/GPU-hour ({}), billed every hour of the month", c->id,
                                                  format_usd(Usd(c->usd_per_gpu_hour)), c->term)});
  }
  if (const auto& s = r.offers.spot; s && p.spot_replicas > 0) {
    doc.facts.push_back(
        {"Spot", fmt::format("{} at {}/GPU-hour, billed {}; {:.4g} interruptions per day of running, {:.4g} min away on average ({}), "
                             "then a {:g} s start-up; served {} of the time, {:.1f} interruptions a month",
                             s->id, format_usd(Usd(s->usd_per_gpu_hour)), s->billing.empty() ? "per-hour" : s->billing,
                             r.setup.spot_interruptions_per_day,
                             r.setup.spot_mean_interruption_s / 60.0, r.offers.interruptions_from == "flags" ? "as given" : "the offer's",
                             r.setup.policy.scale_up_delay_s, format_percent(x.spot_serving_fraction), x.spot_interruptions)});
  }

  TableBlock t;
  t.title = "The month (Monte Carlo over seeds)";
  t.columns = {{"Figure", "figure"}, {"P5", "p5"}, {"P50", "p50"}, {"P95", "p95"}, {"Mean", "mean"}};
  // CSV names each figure by its JSON key; people read the label.
  auto figure = [](const char* key, const char* label) { return Cell::of_text(key).shown_as(label); };
  auto row_usd = [&](Cell name, const Band& b) {
    t.rows.push_back({std::move(name), Cell::of_usd(Usd(b.p5)), Cell::of_usd(Usd(b.p50)), Cell::of_usd(Usd(b.p95)),
                      Cell::of_usd(Usd(b.mean))});
  };
  auto row_fraction = [&](Cell name, const Band& b) {
    t.rows.push_back({std::move(name), Cell::of_fraction(b.p5), Cell::of_fraction(b.p50), Cell::of_fraction(b.p95),
                      Cell::of_fraction(b.mean)});
  };
  row_usd(figure("total_monthly_usd", "Total cost"), x.total_usd);
  row_fraction(figure("utilization_fraction", "Utilization (billed time)"), x.utilization);
  row_fraction(figure("utilization_over_time_fraction", "Utilization per hour"), x.utilization_over_time);
  t.rows.push_back({figure("spilled_tokens", "Spilled tokens"), Cell::of_tokens(Tokens(x.spilled_tokens.p5)),
                    Cell::of_tokens(Tokens(x.spilled_tokens.p50)), Cell::of_tokens(Tokens(x.spilled_tokens.p95)),
                    Cell::of_tokens(Tokens(x.spilled_tokens.mean))});
  row_fraction(figure("slo_violation_fraction", "SLO-violating time"), x.slo_violation_fraction);
  doc.tables.push_back(std::move(t));

  TableBlock costs;
  costs.title = "Mean monthly cost";
  costs.columns = {{"Part", "part"}, {"Monthly", "monthly_usd"}};
  if (x.committed_usd > 0.0 || x.spot_usd > 0.0) {
    const double on_demand_usd = x.gpu_usd - x.committed_usd - x.spot_usd;
    if (on_demand_usd > 0.005) costs.rows.push_back({Cell::of_text("GPUs on demand"), Cell::of_usd(Usd(on_demand_usd))});
    if (x.committed_usd > 0.0) costs.rows.push_back({Cell::of_text("GPUs committed"), Cell::of_usd(Usd(x.committed_usd))});
    if (x.spot_usd > 0.0) costs.rows.push_back({Cell::of_text("GPUs spot"), Cell::of_usd(Usd(x.spot_usd))});
  } else {
    costs.rows.push_back({Cell::of_text("GPUs"), Cell::of_usd(Usd(x.gpu_usd))});
  }
  costs.rows.insert(costs.rows.end(), {{Cell::of_text("License"), Cell::of_usd(Usd(x.license_usd))},
                {Cell::of_text("Operations"), Cell::of_usd(Usd(x.ops_usd))},
                {Cell::of_text("API spill"), Cell::of_usd(Usd(x.api_spill_usd))},
                {Cell::of_text("Total"), Cell::of_usd(Usd(x.total_usd.mean))},
                {Cell::of_text("API only"), Cell::of_usd(Usd(x.api_only_usd))}});
  if (x.effective_per_mtok_usd) costs.rows.push_back({Cell::of_text("Effective $/M"), Cell::of_rate(PerMtok(*x.effective_per_mtok_usd))});
  doc.tables.push_back(std::move(costs));

  if (r.search) {
    TableBlock s;
    s.title = fmt::format("--optimize: candidates ({} seeds each; the best rerun with all)", r.search->candidates.empty() ? 0 : r.search->candidates.front().result.seeds);
    s.columns = {{"Policy", "policy"}, {"Monthly", "total_monthly_usd"}, {"Util", "utilization_fraction"},
                 {"SLO miss", "slo_violation_fraction"}, {"Spilled", "spilled_tokens"}, {"Meets", "meets_slo_target"}};
    for (std::size_t i = 0; i < r.search->candidates.size(); ++i) {
      const Candidate& c = r.search->candidates[i];
      s.rows.push_back({Cell::of_text(policy_label(c.policy)), Cell::of_usd(Usd(c.result.total_usd.mean)),
                        Cell::of_fraction(c.result.utilization.mean), Cell::of_fraction(c.result.slo_violation_fraction.mean),
                        Cell::of_tokens(Tokens(c.result.spilled_tokens.mean)), Cell::of_text(c.meets_slo ? "yes" : "no")});
      if (r.search->best && *r.search->best == i) s.highlighted_rows.push_back(static_cast<int>(i));
    }
    doc.tables.push_back(std::move(s));
  }
  doc.verdict = simulate_verdict_text(r);
  doc.notes.push_back("Utilization is busy GPU time over billed GPU time (what you pay for). SLO-violating time: steps "
                      "with realtime demand above the fleet's capacity at its latency target, or a batch job past its "
                      "window.");
  if (const auto& c = r.offers.committed; c && p.committed_replicas > 0) {
    doc.notes.push_back(fmt::format("Committed replicas are billed every hour of their {} term, not only this month: "
                                    "if the volume falls, they are still paid for.",
                                    c->term));
  }
  if (p.spot_replicas > 0) {
    doc.notes.push_back("Spot capacity is taken back at random (exponential times at the rate given); while a "
                        "replica is away its demand goes to the rest of the fleet, the API (hybrid) or waits.");
  }
  doc.warnings = r.warnings;
  return doc;
}

}  // namespace nimcost
