// `nimcost crossover`: the document the table, Markdown and CSV renderers draw (facts, the API table,
// the verdict), and the JSON report (version 1: snake_case keys with unit suffixes, money to 1e-6 USD).
#include "json_parts.hpp"
#include "plan_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace nimcost {

using namespace json_parts;

namespace {

std::string served_model_text(const CrossoverReport& r) {
  std::string text = r.plan.served_model;
  if (r.plan.sizing) text += fmt::format(" at {}, TP {}", r.plan.sizing->precision, r.plan.sizing->tp);
  if (r.verdict.selfhost_quality) text += fmt::format(", quality {:.0f}", *r.verdict.selfhost_quality);
  if (!r.plan.sizing) text += " (capacity below not from the throughput model: give --model to size it)";
  return text;
}

// What the verdict compared: the tiers in the set, and what it left out (marked * in the table).
std::string comparison_note(const CrossoverReport& r) {
  const Verdict& v = r.verdict;
  std::string text = fmt::format("Tier: each API against {}'s quality score{} (same-model: the same open weights per "
                                 "token; comparable: a score at or above it; lower; unrated: no score). The verdict "
                                 "compares {}",
                                 r.plan.served_model, v.min_quality ? fmt::format(" or --min-quality {:g}", *v.min_quality) : "",
                                 v.compared_to == CompareTo::all          ? "every API"
                                 : v.compared_to == CompareTo::same_model ? "same-model APIs only"
                                                                          : "same-model and comparable APIs");
  const int left = v.left_out_lower + v.left_out_unrated + v.left_out_same_model + v.left_out_comparable;
  if (left > 0) text += fmt::format("; rows marked * are left out ({}; --compare-to all weighs them)", left);
  return text + ".";
}

// The bought fleet's month by part, with the figures each part comes from.
std::string owned_text(const SelfHostPlan& plan, const SelfHostCost& s) {
  const PurchaseOffer& o = *plan.purchase;
  const OwnedServerCost& c = *s.owned;
  return fmt::format("{} server{}: depreciation {} + capital {} ({} a year) + power {} ({:g} kW at full load, PUE "
                     "{:g}, ${:g}/kWh) + colocation {} ({}/kW-month) + support {} ({} a year)",
                     s.servers, s.servers == 1 ? "" : "s", format_usd(c.depreciation), format_usd(c.capital),
                     format_percent(o.annual_cost_of_capital_fraction), format_usd(c.power), o.server_power_w / 1000.0,
                     o.pue, o.usd_per_kwh, format_usd(c.colocation),
                     format_usd(Usd(o.colocation_usd_per_kw_month)), format_usd(c.support),
                     format_percent(o.support_fraction_per_year));
}

// Where buying servers beats renting the GPUs, and how fast the servers pay for themselves.
std::string buy_or_rent_text(const BuyVsRent& b, Tokens volume) {
  std::string text = fmt::format("at {} tokens/month buying {} costs {}/month, renting {} {}", format_tokens(volume),
                                 b.purchase, format_usd(b.purchase_monthly), b.rental, format_usd(b.rental_monthly));
  if (!b.break_even && b.searched_out) {
    text += "; a bought GPU costs only a little less than a rented one: buying stays cheaper only past the largest "
            "fleet modelled (100,000 GPUs)";
  } else if (!b.break_even) {
    text += "; buying never stays cheaper (a bought GPU costs at least a rented one, a month)";
  } else if (b.break_even->value <= 0.0) {
    text += "; buying is cheaper at every volume";
  } else {
    text += fmt::format("; buying stays cheaper from {} tokens/month ({} utilization of the bought servers)",
                        format_tokens(*b.break_even), format_percent(b.break_even_utilization.value_or(0.0)));
  }
  if (b.payback_months) {
    text += fmt::format("; the servers pay back in {:.1f} months of cash saved", *b.payback_months);
    const double life = 12.0 * b.depreciation_years;
    if (*b.payback_months > life) text += fmt::format(", longer than the {:g} months they depreciate over", life);
  }
  return text;
}

json buy_vs_rent_json(const std::optional<BuyVsRent>& b) {
  if (!b) return nullptr;
  auto num = [](double v) { return json(std::round(v * 1e3) / 1e3); };
  return {{"purchase", b->purchase},
          {"rental", b->rental},
          {"purchase_monthly_usd", usd(b->purchase_monthly)},
          {"rental_monthly_usd", usd(b->rental_monthly)},
          {"break_even_tokens", b->break_even ? break_even_volume(*b->break_even) : json(nullptr)},
          {"break_even_utilization_fraction", optional(b->break_even_utilization, fraction)},
          {"payback_months", optional(b->payback_months, num)}};
}

}  // namespace

Document crossover_document(const CrossoverReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost crossover: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  if (const auto& m = r.measured) {
    doc.facts.push_back({"Measured", fmt::format("{} ({}): {} tokens in {:.1f} h, {} a month; {} GPUs ({}) at {} "
                                                 "utilization",
                                                 m->report, m->tokens_from, format_tokens(Tokens(m->period_tokens)),
                                                 m->period_hours, format_tokens(Tokens(m->monthly_tokens)), m->gpus,
                                                 m->gpu_model, format_percent(m->utilization))});
  }
  doc.facts.push_back({"Self-host", fmt::format("{}x {} at {}", r.selfhost.gpus, r.plan.gpu.id, rate_text(r.plan))});
  doc.facts.push_back({"Model", served_model_text(r)});
  doc.facts.push_back({"License", license_text(r.plan)});
  doc.facts.push_back(
      {"Capacity", fmt::format("{:.0f} tokens/s per GPU ({}); fleet {} at or under {} utilization",
                               r.plan.capacity_tokens_per_s_per_gpu, r.plan.capacity_source,
                               r.plan.pinned_gpus ? "pinned by --gpus, target" : "sized to stay",
                               format_percent(r.plan.max_utilization))});
  std::string cost = fmt::format("{}/month = GPU {} + license {} + ops {}", format_usd(r.selfhost.total),
                                 format_usd(r.selfhost.gpu), format_usd(r.selfhost.license), format_usd(r.selfhost.ops));
  if (r.selfhost.per_mtok) cost += fmt::format("; {}/M", cell_text(Cell::of_rate(*r.selfhost.per_mtok)));
  cost += fmt::format(" at {} utilization", format_percent(r.selfhost.utilization));
  doc.facts.push_back({"Self-host cost", cost});
  if (r.selfhost.owned) doc.facts.push_back({"Owned servers", owned_text(r.plan, r.selfhost)});
  if (r.buy_vs_rent) doc.facts.push_back({"Buy or rent", buy_or_rent_text(*r.buy_vs_rent, r.workload.tokens)});

  TableBlock table;
  table.title = fmt::format("Self-hosting and each API at {} tokens/month", volume);
  table.columns = {{"Option", "id"},
                   {"$/M", "blended_per_mtok_usd"},
                   {"Monthly", "monthly_usd"},
                   {"Break-even", "break_even_tokens"},
                   {"Req. util", "required_utilization_fraction"},
                   {"Cheaper", "cheaper"},
                   {"Score", "quality_score"},
                   {"Tier", "tier"},
                   {"As of", "as_of"}};
  // The self-hosted fleet first, so the table (and its CSV) holds both sides of the comparison.
  table.rows.push_back({Cell::of_text("selfhost").shown_as(fmt::format("selfhost ({}x {})", r.selfhost.gpus, r.plan.gpu.id)),
                        r.selfhost.per_mtok ? Cell::of_rate(*r.selfhost.per_mtok) : Cell::none("-"),
                        Cell::of_usd(r.selfhost.total), Cell::none("-"), Cell::none("-"), Cell::none("-"),
                        r.verdict.selfhost_quality ? Cell::of_decimal(*r.verdict.selfhost_quality, 1) : Cell::none("-"),
                        Cell::of_text("served"),
                        r.plan.rental ? Cell::of_text(r.plan.rental->provenance.as_of) : Cell::none("-")});
  for (std::size_t i = 0; i < r.apis.size(); ++i) {
    const ApiComparison& a = r.apis[i];
    Cell be = Cell::none("never");
    if (a.break_even.sustained) {
      be = Cell::of_tokens(*a.break_even.sustained);
    }
    Cell util = a.required_utilization ? Cell::of_fraction(*a.required_utilization) : Cell::none("-");
    table.rows.push_back({Cell::of_text(a.model.id), Cell::of_rate(a.cost.blended), Cell::of_usd(a.cost.total), be,
                          util, Cell::of_text(a.cheaper == Cheaper::selfhost ? "selfhost" : "api"),
                          a.quality_score ? Cell::of_decimal(*a.quality_score, 1) : Cell::none("-"),
                          Cell::of_text(std::string(tier_name(a.tier)) + (a.compared ? "" : " *")),
                          Cell::of_text(a.model.provenance.as_of)});
    if (a.cheaper == Cheaper::selfhost) table.highlighted_rows.push_back(static_cast<int>(table.rows.size() - 1));
  }
  doc.tables.push_back(std::move(table));
  doc.verdict = crossover_verdict_text(r);
  doc.notes.push_back(r.plan.pinned_gpus
                          ? "Break-even: the monthly volume from which the pinned fleet costs no more than the API "
                            "(\"never\": not within what the fleet serves at full load). Req. util: the utilization "
                            "it must sustain there."
                          : "Break-even: the monthly volume from which self-hosting stays cheaper (\"never\": each "
                            "added GPU costs more than the API bill it replaces). Req. util: the utilization the fleet "
                            "must sustain at this volume for self-hosting to cost no more than that API.");
  for (const auto& a : r.apis) {
    if (a.break_even.wins_early()) {
      doc.notes.push_back(fmt::format("{}: self-hosting already wins from {} until the fleet steps up a GPU; it "
                                      "wins for good from {}.",
                                      a.model.id, format_tokens(*a.break_even.first),
                                      format_tokens(*a.break_even.sustained)));
    }
  }
  doc.notes.push_back(comparison_note(r));
  doc.notes.push_back("Sources and dates of every price and quality score: nimcost prices; all figures: --format json.");
  doc.warnings = r.warnings;
  return doc;
}

nlohmann::ordered_json crossover_json(const CrossoverReport& r, const RenderContext& context) {
  json apis_in = json::array();
  json apis_out = json::array();
  for (const auto& a : r.apis) {
    apis_in.push_back(api_model(a.model));
    apis_out.push_back({{"id", a.model.id},
                        {"provider", a.model.provider},
                        {"blended_per_mtok_usd", rate(a.cost.blended)},
                        {"monthly_usd", usd(a.cost.total)},
                        {"input_usd", usd(a.cost.input)},
                        {"cached_input_usd", usd(a.cost.cached_input)},
                        {"output_usd", usd(a.cost.output)},
                        {"batch_discount_usd", usd(a.cost.batch_discount)},
                        {"break_even_tokens", optional(a.break_even.sustained, break_even_volume)},
                        {"first_break_even_tokens", optional(a.break_even.first, break_even_volume)},
                        {"break_even_gpus", a.break_even.sustained ? json(a.break_even.gpus_at_sustained) : json(nullptr)},
                        {"required_utilization_fraction", optional(a.required_utilization, fraction)},
                        {"cheaper", a.cheaper == Cheaper::selfhost ? "selfhost" : "api"},
                        {"savings_usd", usd(a.savings)},
                        {"quality_score", a.quality_score ? json(*a.quality_score) : json(nullptr)},
                        {"tier", tier_name(a.tier)},
                        {"compared", a.compared},
                        {"as_of", a.model.provenance.as_of}});
  }
  const SelfHostCost& s = r.selfhost;
  json selfhost = {{"model", r.plan.served_model},
                   {"quality_score", r.verdict.selfhost_quality ? json(*r.verdict.selfhost_quality) : json(nullptr)},
                   {"gpu", r.plan.gpu.id},
                   {"rental", r.plan.rental ? json(r.plan.rental->id) : json(nullptr)},
                   {"purchase", r.plan.purchase ? json(r.plan.purchase->id) : json(nullptr)},
                   {"license", r.plan.license.id},
                   {"gpus", s.gpus},
                   {"hours_per_month", r.plan.hours_per_month.value},
                   {"gpu_monthly_usd", usd(s.gpu)},
                   {"license_monthly_usd", usd(s.license)},
                   {"ops_monthly_usd", usd(s.ops)},
                   {"monthly_usd", usd(s.total)},
                   {"per_mtok_usd", optional(s.per_mtok, rate)},
                   {"utilization_fraction", fraction(s.utilization)},
                   {"capacity_tokens", tokens(full_capacity_per_gpu(r.plan) * s.gpus)},
                   {"over_capacity", s.over_capacity},
                   {"servers", s.owned ? json(s.servers) : json(nullptr)},
                   {"owned_monthly", s.owned ? owned_cost(*s.owned) : json(nullptr)}};
  json verdict = {{"cheapest", r.verdict.cheapest_id},
                  {"cheapest_monthly_usd", usd(r.verdict.cheapest_monthly)},
                  {"runner_up", r.verdict.runner_up_id.empty() ? json(nullptr) : json(r.verdict.runner_up_id)},
                  {"runner_up_monthly_usd",
                   r.verdict.runner_up_id.empty() ? json(nullptr) : usd(r.verdict.runner_up_monthly)},
                  {"margin_usd", r.verdict.runner_up_id.empty()
                                     ? json(nullptr)
                                     : usd(r.verdict.runner_up_monthly - r.verdict.cheapest_monthly)},
                  {"selfhost_beats_apis", r.verdict.apis_beaten_by_selfhost},
                  {"apis_compared", r.verdict.apis_compared},
                  {"compared_to", compare_to_name(r.verdict.compared_to)},
                  {"min_quality", r.verdict.min_quality ? json(*r.verdict.min_quality) : json(nullptr)},
                  {"cheapest_same_model", r.verdict.cheapest_same_model.empty() ? json(nullptr) : json(r.verdict.cheapest_same_model)},
                  {"cheapest_comparable", r.verdict.cheapest_comparable.empty() ? json(nullptr) : json(r.verdict.cheapest_comparable)},
                  {"left_out", {{"lower", r.verdict.left_out_lower},
                                {"unrated", r.verdict.left_out_unrated},
                                {"same_model", r.verdict.left_out_same_model},
                                {"comparable", r.verdict.left_out_comparable}}},
                  {"text", crossover_verdict_text(r)}};
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}, {"apis", apis_in}};
  if (const auto& m = r.measured) {
    assumptions["measured"] = {{"report", m->report},
                               {"tokens_from", m->tokens_from},
                               {"period_hours", m->period_hours},
                               {"period_tokens", tokens(Tokens(m->period_tokens))},
                               {"monthly_tokens", tokens(Tokens(m->monthly_tokens))},
                               {"input_share_fraction", fraction(m->input_share)},
                               {"utilization_fraction", fraction(m->utilization)},
                               {"gpus", m->gpus},
                               {"gpu_model", m->gpu_model}};
  }
  // The other way of paying's figures: the buy-or-rent line used them.
  if (r.buy_vs_rent) {
    assumptions["buy_vs_rent"] = {
        {"purchase", purchase(r.buy_vs_rent->purchase_offer)},
        {"rental", r.buy_vs_rent->rental_offer ? rental(*r.buy_vs_rent->rental_offer) : json(nullptr)}};
  }
  json results = {{"monthly_tokens", tokens(r.workload.tokens)},
                  {"selfhost", selfhost},
                  {"buy_vs_rent", buy_vs_rent_json(r.buy_vs_rent)},
                  {"apis", apis_out},
                  {"verdict", verdict}};
  return envelope("crossover", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
