// `nimcost plan`: the ranked candidates, the search's size, the verdict (the winner and the best
// of the other kind), and the JSON.
#include "json_parts.hpp"
#include "plan_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/run_report.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace nimcost {

using namespace json_parts;

namespace {

std::string target_words(const LatencyTarget& t) {
  std::vector<std::string> parts;
  if (t.ttft_ms) parts.push_back(fmt::format("TTFT <= {:g} ms", *t.ttft_ms));
  if (t.tpot_ms) parts.push_back(fmt::format("TPOT <= {:g} ms", *t.tpot_ms));
  return parts.empty() ? std::string("none (batch)") : fmt::format("{}", fmt::join(parts, ", "));
}

// "llama-3.3-70b on 4x h100-sxm (fp8, TP2), hybrid on on-demand" or "gpt-4.1 (OpenAI API)".
std::string candidate_words(const PlanCandidate& c) {
  if (c.kind == "api") return fmt::format("{} ({} API)", c.model, c.provider);
  return fmt::format("{} on {}x {} ({}, TP{}), {} on {} ({})", c.model, c.gpus, c.gpu, c.precision, c.tp, c.policy, c.term,
                     c.offer);
}

// The other kind's best: what the winner is weighed against.
const PlanCandidate* runner_up(const PlanReport& r) {
  if (!r.best) return nullptr;
  const auto& other = r.candidates[*r.best].kind == "api" ? r.best_selfhost : r.best_api;
  return other ? &r.candidates[*other] : nullptr;
}

std::string search_words(const PlanReport& r) {
  const PlanSearch& s = r.search;
  return fmt::format("{} models x {} GPUs x {} precisions x TP {}: {} configurations, {} fit, {} meet the latency target; "
                     "{} hosting options priced; {} simulated ({} fleets, {} months each at {:g}-min steps); the winner "
                     "{} months at {:g}-min steps",
                     s.models, s.gpus, r.precisions.size(), fmt::join(r.tps, "/"), s.configurations, s.fitting,
                     s.meeting_latency, s.hosting_options, s.simulated_configurations, s.simulations, s.search_seeds,
                     s.search_step_s / 60.0, s.seeds, s.step_s / 60.0);
}

// Milliseconds to a whole one, or a tenth under ten.
Cell ms_cell(const std::optional<double>& v) {
  if (!v) return Cell::none("-");
  return Cell::of_decimal(*v, *v < 10.0 ? 1 : 0);
}

std::vector<Cell> candidate_row(const PlanCandidate& c) {
  const bool api = c.kind == "api";
  return {Cell::of_text(c.model),
          Cell::of_text(api ? c.provider : fmt::format("{}x {}", c.gpus, c.gpu)),
          api ? Cell::none("-") : Cell::of_text(fmt::format("{} TP{}", c.precision, c.tp)),
          Cell::of_text(c.term),
          Cell::of_text(c.policy),
          Cell::of_usd(Usd(c.monthly_usd.mean)),
          Cell::of_usd(Usd(c.monthly_usd.p50)),
          Cell::of_usd(Usd(c.monthly_usd.p95)),
          Cell::of_rate(PerMtok(c.per_mtok_usd)),
          ms_cell(c.ttft_ms),
          ms_cell(c.tpot_ms),
          api ? Cell::none("-") : Cell::of_fraction(c.utilization),
          Cell::of_text(c.meets_slo_target ? "yes" : "no").marked(c.pareto ? " *" : "")};
}

// Every candidate with its figures in columns of their own, for a spreadsheet.
Document candidates_csv(const PlanReport& r) {
  Document doc;
  TableBlock t;
  t.columns = {{"Rank", "rank"},           {"Kind", "kind"},         {"Model", "model"},
               {"Provider", "provider"},   {"GPU", "gpu"},           {"Precision", "precision"},
               {"TP", "tp"},               {"Replicas", "replicas"}, {"GPUs", "gpus"},
               {"Offer", "offer"},         {"Term", "term"},         {"Policy", "policy"},
               {"Mean", "monthly_usd"},    {"P50", "monthly_p50_usd"}, {"P95", "monthly_p95_usd"},
               {"$/M", "per_mtok_usd"},    {"TTFT", "ttft_ms"},      {"TPOT", "tpot_ms"},
               {"Util", "utilization_fraction"}, {"SLO", "meets_slo_target"}, {"Front", "pareto"},
               {"As of", "price_as_of"},   {"Source", "price_source"}};
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const PlanCandidate& c = r.candidates[i];
    const bool api = c.kind == "api";
    const auto number = [](const std::optional<double>& v) { return v ? Cell::of_decimal(*v, 3) : Cell::none(""); };
    t.rows.push_back({Cell::of_count(static_cast<double>(i + 1)), Cell::of_text(c.kind), Cell::of_text(c.model),
                      Cell::of_text(c.provider), Cell::of_text(c.gpu), Cell::of_text(c.precision),
                      api ? Cell::none("") : Cell::of_count(c.tp), api ? Cell::none("") : Cell::of_count(c.replicas),
                      api ? Cell::none("") : Cell::of_count(c.gpus), Cell::of_text(c.offer), Cell::of_text(c.term),
                      Cell::of_text(c.policy), Cell::of_usd(Usd(c.monthly_usd.mean)), Cell::of_usd(Usd(c.monthly_usd.p50)),
                      Cell::of_usd(Usd(c.monthly_usd.p95)), Cell::of_rate(PerMtok(c.per_mtok_usd)), number(c.ttft_ms),
                      number(c.tpot_ms), api ? Cell::none("") : Cell::of_fraction(c.utilization),
                      Cell::of_text(c.meets_slo_target ? "true" : "false"), Cell::of_text(c.pareto ? "true" : "false"),
                      Cell::of_text(c.as_of), Cell::of_text(c.source)});
  }
  doc.tables.push_back(std::move(t));
  return doc;
}

json candidate_json(const PlanCandidate& c, std::size_t rank) {
  const bool api = c.kind == "api";
  const auto text = [&](const std::string& s) { return api || s.empty() ? json(nullptr) : json(s); };
  return {{"rank", rank},
          {"kind", c.kind},
          {"model", c.model},
          {"provider", api ? json(c.provider) : json(nullptr)},
          {"gpu", text(c.gpu)},
          {"precision", text(c.precision)},
          {"tp", api ? json(nullptr) : json(c.tp)},
          {"replicas", api ? json(nullptr) : json(c.replicas)},
          {"gpus", api ? json(nullptr) : json(c.gpus)},
          {"offer", c.offer},
          {"term", c.term},
          {"policy", c.policy},
          {"fleet_policy", api ? json(nullptr) : policy_json(c.policy_spec, c.tp)},
          {"monthly_usd", usd(Usd(c.monthly_usd.mean))},
          {"monthly_usd_band", band_usd(c.monthly_usd)},
          {"per_mtok_usd", usd(Usd(c.per_mtok_usd))},
          {"ttft_ms", optional(c.ttft_ms, [](double v) { return json(std::round(v * 1e3) / 1e3); })},
          {"tpot_ms", optional(c.tpot_ms, [](double v) { return json(std::round(v * 1e3) / 1e3); })},
          {"utilization_fraction", api ? json(nullptr) : fraction(c.utilization)},
          {"slo_violation_fraction", fraction(c.slo_violation)},
          {"api_spill_monthly_usd", usd(Usd(c.api_spill_usd))},
          {"spill_api", c.spill_api.empty() ? json(nullptr) : json(c.spill_api)},
          {"quality_score", optional(c.quality_score, [](double v) { return json(v); })},
          {"price", {{"id", c.offer.substr(0, c.offer.find('+'))}, {"as_of", c.as_of}, {"source", c.source}}},
          {"seeds", c.seeds},
          {"meets_slo_target", c.meets_slo_target},
          {"pareto", c.pareto}};
}

json indexed(const PlanReport& r, const std::optional<std::size_t>& i) {
  return i ? candidate_json(r.candidates[*i], *i + 1) : json(nullptr);
}

}  // namespace

std::string plan_verdict_text(const PlanReport& r) {
  if (!r.best) {
    if (r.closest) {
      return fmt::format("No configuration meets {}: the closest, {} on {}x {} ({}), achieves TTFT {:.0f} ms and TPOT "
                         "{:.1f} ms with one request at a time.",
                         target_words(r.target), r.closest->model, r.closest->tp, r.closest->gpu, r.closest->precision,
                         r.closest->ttft_ms, r.closest->tpot_ms);
    }
    return "No candidate meets the SLO target.";
  }
  const PlanCandidate& best = r.candidates[*r.best];
  std::string text = fmt::format("Cheapest at {} tokens/month: {} at {}/month ({}/M).", format_tokens(r.total.tokens),
                                 candidate_words(best), format_usd(Usd(best.monthly_usd.mean)),
                                 format_usd(Usd(best.per_mtok_usd)));
  if (const PlanCandidate* other = runner_up(r)) {
    const double more = other->monthly_usd.mean / std::max(best.monthly_usd.mean, 1e-9) - 1.0;
    text += fmt::format(" Best {}: {} at {}/month ({} more).", other->kind == "api" ? "API" : "self-hosted",
                        candidate_words(*other), format_usd(Usd(other->monthly_usd.mean)), format_percent(more));
  } else if (best.kind == "api" && !r.best_served_model.empty()) {
    text += fmt::format(" No served model reaches quality {:g}: the best in the catalog is {} at {:g}.", r.min_quality,
                        r.best_served_model, r.best_served_score.value_or(0.0));
  } else if (best.kind == "api") {
    text += r.closest && r.search.meeting_latency == 0
                ? fmt::format(" No self-hosted configuration meets {}: the closest, {} on {}x {} ({}), achieves TTFT "
                              "{:.0f} ms and TPOT {:.1f} ms at best.",
                              target_words(r.target), r.closest->model, r.closest->tp, r.closest->gpu,
                              r.closest->precision, r.closest->ttft_ms, r.closest->tpot_ms)
                : std::string(" No self-hosted configuration meets the target.");
  } else {
    text += fmt::format(" No API reaches quality {:g}.", r.min_quality);
  }
  return text;
}

Document plan_document(const PlanReport& r, std::size_t top) {
  if (top == 0) return candidates_csv(r);
  Document doc;
  doc.title = fmt::format("nimcost plan: {} tokens/month", format_tokens(r.total.tokens));
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < r.profiles.size(); ++i) {
    const std::string& name = r.spec.parts[i].name;
    parts.push_back(r.profiles.size() == 1 && name == "workload"
                        ? fmt::format("{} tokens/month, {} profile", format_tokens(r.workloads[i].tokens), r.profiles[i].id)
                        : fmt::format("{} {} ({})", format_tokens(r.workloads[i].tokens), name, r.profiles[i].id));
  }
  doc.facts.push_back({"Workload", fmt::format("{}; {}", fmt::join(parts, ", "), mix_text(r.total))});
  doc.facts.push_back({"Quality", fmt::format("score >= {:g} ({}); served models: {}", r.min_quality,
                                              r.quality_from == "--min-quality" ? "--min-quality" : r.quality_from + "'s",
                                              r.models.empty() ? std::string("none") : fmt::format("{}", fmt::join(r.models, ", ")))});
  doc.facts.push_back({"Target", fmt::format("{} at the operating point; SLO-violating time <= {}", target_words(r.target),
                                             format_percent(r.max_slo_violation))});
  doc.facts.push_back({"Searched", search_words(r)});

  TableBlock table;
  table.title = "Candidates, cheapest first (* on the Pareto front of cost against TPOT)";
  table.columns = {{"Model", "model"},       {"GPUs", "hardware"},           {"Prec/TP", "precision_tp"},
                   {"Term", "term"},         {"Policy", "policy"},       {"Mean/month", "monthly_usd"},
                   {"P50/month", "monthly_p50_usd"},
                   {"P95/month", "monthly_p95_usd"}, {"$/M", "per_mtok_usd"}, {"TTFT ms", "ttft_ms"},
                   {"TPOT ms", "tpot_ms"},   {"Util", "utilization_fraction"}, {"SLO", "meets_slo_target"}};
  std::size_t shown = 0;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const PlanCandidate& c = r.candidates[i];
    const bool named = (r.best && *r.best == i) || (r.best_selfhost && *r.best_selfhost == i) || (r.best_api && *r.best_api == i);
    if (top > 0 && i >= top && !c.pareto && !named) continue;
    if (named) table.highlighted_rows.push_back(static_cast<int>(table.rows.size()));
    table.rows.push_back(candidate_row(c));
    ++shown;
  }
  doc.tables.push_back(std::move(table));
  doc.verdict = plan_verdict_text(r);
  if (shown < r.candidates.size()) {
    doc.notes.push_back(fmt::format("{} of {} candidates shown; --top N shows more, --format csv or json lists every one.", shown,
                                    r.candidates.size()));
  }
  if (r.search.meeting_latency == 0) {
    // Nothing to rule out.
  } else if (r.search.not_ruled_out > 0) {
    doc.notes.push_back(fmt::format("{} configurations were not simulated though their lower bound is under the best "
                                    "self-hosted cost; --shortlist N simulates more.",
                                    r.search.not_ruled_out));
  } else {
    doc.notes.push_back("Every configuration not simulated costs more than the best self-hosted one even at its lower "
                        "bound: the search is exhaustive (at the search's Monte Carlo months).");
  }
  if (std::any_of(r.candidates.begin(), r.candidates.end(),
                  [](const PlanCandidate& c) { return c.precision == "int4" || c.precision == "fp4"; })) {
    doc.notes.push_back("int4 and fp4 are 4-bit weights: their quality may fall below the model's published score.");
  }
  if (r.best_api) doc.notes.push_back("APIs' latency is not modelled: they are taken to meet the target.");
  if (r.best_api && r.best_selfhost) {
    doc.notes.push_back(fmt::format("Hybrid fleets spill to the cheapest API of the quality, {}.", r.candidates[*r.best_api].model));
  }
  doc.warnings = r.warnings;
  return doc;
}

namespace json_parts {

json plan_summary(const PlanReport& r) {
  const PlanCandidate* best = r.best ? &r.candidates[*r.best] : nullptr;
  return {{"choice", best ? json(planned_choice(*best)) : json(nullptr)},
          {"monthly_usd", best ? usd(Usd(best->monthly_usd.mean)) : json(nullptr)},
          {"per_mtok_usd", best ? usd(Usd(best->per_mtok_usd)) : json(nullptr)},
          {"min_quality_score", r.min_quality},
          {"latency_target", {{"ttft_ms", optional(r.target.ttft_ms, [](double v) { return json(v); })},
                              {"tpot_ms", optional(r.target.tpot_ms, [](double v) { return json(v); })}}},
          {"best", indexed(r, r.best)},
          {"best_selfhost", indexed(r, r.best_selfhost)},
          {"best_api", indexed(r, r.best_api)},
          {"candidates", r.candidates.size()},
          {"verdict", plan_verdict_text(r)},
          {"warnings", r.warnings}};
}

}  // namespace json_parts

nlohmann::ordered_json plan_json(const PlanReport& r, const RenderContext& context) {
  json parts = json::array();
  for (std::size_t i = 0; i < r.profiles.size(); ++i) {
    parts.push_back({{"name", r.spec.parts[i].name}, {"workload", workload(r.workloads[i])}, {"profile", traffic_profile(r.profiles[i])}});
  }
  const PlanSearch& s = r.search;
  json assumptions = {
      {"workload", workload(r.total)},
      {"parts", parts},
      {"min_quality_score", r.min_quality},
      {"quality_from", r.quality_from},
      {"latency_target", {{"ttft_ms", optional(r.target.ttft_ms, [](double v) { return json(v); })},
                          {"tpot_ms", optional(r.target.tpot_ms, [](double v) { return json(v); })}}},
      {"max_slo_violation_fraction", fraction(r.max_slo_violation)},
      {"search", {{"models", r.models},
                  {"gpus", r.gpus},
                  {"precisions", r.precisions},
                  {"tp", r.tps},
                  {"engine", r.engine},
                  {"search_seeds", s.search_seeds},
                  {"search_step_s", s.search_step_s},
                  {"seeds", s.seeds},
                  {"step_s", s.step_s}}}};
  json candidates = json::array();
  for (std::size_t i = 0; i < r.candidates.size(); ++i) candidates.push_back(candidate_json(r.candidates[i], i + 1));
  json closest = nullptr;
  if (r.closest) {
    closest = {{"model", r.closest->model}, {"gpu", r.closest->gpu}, {"precision", r.closest->precision},
               {"tp", r.closest->tp},       {"ttft_ms", r.closest->ttft_ms}, {"tpot_ms", r.closest->tpot_ms}};
  }
  json results = {
      {"monthly_tokens", tokens(r.total.tokens)},
      {"candidates", candidates},
      {"best", indexed(r, r.best)},
      {"best_selfhost", indexed(r, r.best_selfhost)},
      {"best_api", indexed(r, r.best_api)},
      {"closest", closest},
      {"best_served_model", r.best_served_model.empty() ? json(nullptr)
                                                        : json{{"id", r.best_served_model},
                                                               {"quality_score", r.best_served_score.value_or(0.0)}}},
      {"search", {{"configurations", s.configurations},
                  {"fitting", s.fitting},
                  {"meeting_latency", s.meeting_latency},
                  {"hosting_options", s.hosting_options},
                  {"simulated_configurations", s.simulated_configurations},
                  {"simulations", s.simulations},
                  {"not_ruled_out", s.not_ruled_out},
                  {"exhaustive", s.not_ruled_out == 0}}},
      {"verdict", {{"cheapest", r.best ? json(r.candidates[*r.best].kind == "api" ? r.candidates[*r.best].model : "selfhost")
                                         : json(nullptr)},
                   {"monthly_usd", r.best ? usd(Usd(r.candidates[*r.best].monthly_usd.mean)) : json(nullptr)},
                   {"text", plan_verdict_text(r)}}}};
  return envelope("plan", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
