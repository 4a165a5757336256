// The verdicts in words: one sentence (or two) per report, made from the report's fields. The JSON
// reports carry the same text beside the fields it was made from.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include "fleet_text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

namespace nimcost {

namespace {

std::string verdict_of(const SimulateReport& r) {
  const SimResult& x = r.result;
  const std::string fleet = policy_text(r.setup.policy, r.setup.gpus_per_replica);
  std::string text;
  if (r.search) {
    if (!r.search->best) {
      return fmt::format("No fleet up to the largest tried keeps SLO-violating time at or under {}; the API alone "
                         "costs {}/month.",
                         format_percent(r.max_slo_violation), format_usd(Usd(r.search->api_only_usd)));
    }
    text = fmt::format("Cheapest under the targets: {}, {}/month (P5 {}, P95 {})", fleet, format_usd(Usd(x.total_usd.mean)),
                       format_usd(Usd(x.total_usd.p5)), format_usd(Usd(x.total_usd.p95)));
    // The best of each other kind, for the reader to weigh.
    std::map<std::string, const Candidate*> best;
    for (const auto& c : r.search->candidates) {
      if (!c.meets_slo || api_only(c.policy)) continue;
      auto& slot = best[fleet_kind(c.policy)];
      if (slot == nullptr || c.result.total_usd.mean < slot->result.total_usd.mean) slot = &c;
    }
    std::vector<std::string> others;
    for (const auto& [kind, c] : best) {
      if (kind == fleet_kind(r.setup.policy)) continue;
      others.push_back(fmt::format("best {} {}", kind, format_usd(Usd(c->result.total_usd.mean))));
    }
    others.push_back(fmt::format("API only {}", format_usd(Usd(x.api_only_usd))));
    text += fmt::format("; {}.", fmt::join(others, ", "));
    return text;
  }
  const double api = x.api_only_usd;
  text = fmt::format("{}: {}/month at P50 (P5 {}, P95 {}), utilization {} of billed GPU time", fleet,
                     format_usd(Usd(x.total_usd.p50)), format_usd(Usd(x.total_usd.p5)), format_usd(Usd(x.total_usd.p95)),
                     format_percent(x.utilization.mean));
  if (x.spilled_tokens.mean > 0.0) {
    text += fmt::format(", {} tokens spilled to the API", format_tokens(Tokens(x.spilled_tokens.mean)));
  }
  if (x.slo_violation_fraction.mean > 0.0) {
    text += fmt::format(", SLO missed {} of the time", format_percent(x.slo_violation_fraction.mean));
  }
  if (r.meets_slo_target || api < x.total_usd.mean) {
    text += fmt::format(". The API alone: {}/month; {} is cheaper.", format_usd(Usd(api)),
                        api < x.total_usd.mean ? "the API" : "self-hosting");
    return text;
  }
  // Cheaper only by missing the target: say so, and what meets it.
  text += fmt::format(". The API alone: {}/month; this fleet costs less only by missing the {} SLO target",
                      format_usd(Usd(api)), format_percent(r.max_slo_violation));
  if (r.alternative) {
    const Candidate& c = *r.alternative;
    const double alt = c.result.total_usd.mean;
    text += fmt::format("; the cheapest policy that meets it: {}, {}/month ({} is cheaper).",
                        policy_text(c.policy, r.setup.gpus_per_replica), format_usd(Usd(alt)),
                        api < alt ? "the API" : "self-hosting");
  } else {
    text += "; no fleet tried meets it.";
  }
  return text;
}

}  // namespace

// What a crossover verdict left out, as a clause: "(3 lower-quality and 2 unrated APIs left out)".
std::string left_out_text(const Verdict& v) {
  std::vector<std::string> parts;
  if (v.left_out_lower > 0) parts.push_back(fmt::format("{} lower-quality", v.left_out_lower));
  if (v.left_out_unrated > 0) parts.push_back(fmt::format("{} unrated", v.left_out_unrated));
  if (v.left_out_comparable > 0) parts.push_back(fmt::format("{} comparable", v.left_out_comparable));
  if (v.left_out_same_model > 0) parts.push_back(fmt::format("{} same-model", v.left_out_same_model));
  if (parts.empty()) return "";
  return fmt::format(" ({} API{} left out)", fmt::join(parts, " and "),
                     v.left_out_lower + v.left_out_unrated + v.left_out_comparable + v.left_out_same_model == 1 ? "" : "s");
}

std::string crossover_verdict_text(const CrossoverReport& report) {
  const Verdict& v = report.verdict;
  const std::string volume = format_tokens(report.workload.tokens);
  const std::string fleet = fmt::format("{} on {}x {}", report.plan.served_model, report.selfhost.gpus, report.plan.gpu.id);
  const std::string set = v.compared_to == CompareTo::all          ? "any API"
                          : v.compared_to == CompareTo::same_model ? "an API serving the same model"
                                                                   : "an API of its quality";
  std::string text;
  if (v.apis_compared == 0) {
    text = fmt::format("Self-hosting {} costs {}/month at {} tokens/month; no {} was compared", fleet,
                       format_usd(report.selfhost.total), volume, set.substr(set.find(' ') + 1));
    return text + left_out_text(v) + ".";
  }
  if (v.cheapest_id == "selfhost") {
    const Usd margin = v.runner_up_monthly - v.cheapest_monthly;
    text = fmt::format("Self-host wins at {} tokens/month: {} costs {}, {} ({}) under the cheapest {}, {} ({})", volume,
                       fleet, format_usd(v.cheapest_monthly), format_usd(margin),
                       format_percent(margin / v.runner_up_monthly), set.substr(set.find(' ') + 1), v.runner_up_id,
                       format_usd(v.runner_up_monthly));
  } else {
    const Usd margin = report.selfhost.total - v.cheapest_monthly;
    text = fmt::format("API wins at {} tokens/month: {} at {} is {} ({}) under self-hosting {} ({}); self-hosting "
                       "beats {} of {} compared APIs",
                       volume, v.cheapest_id, format_usd(v.cheapest_monthly), format_usd(margin),
                       format_percent(margin / report.selfhost.total), fleet, format_usd(report.selfhost.total),
                       v.apis_beaten_by_selfhost, v.apis_compared);
  }
  if (!v.cheapest_same_model.empty() && v.cheapest_same_model != v.cheapest_id && v.cheapest_same_model != v.runner_up_id) {
    text += fmt::format("; the same model per token: {} at {}", v.cheapest_same_model,
                        format_usd(v.cheapest_same_model_monthly));
  }
  return text + left_out_text(v) + ".";
}

std::string attribution_verdict_text(const AttributionReport& report) {
  std::string verdict;
  const double u = report.fleet.usage.utilization();
  verdict = fmt::format("The fleet ran at {} utilization over {:.1f} GPU-hours: {} billed, {} of it idle",
                               format_percent(u), report.fleet.usage.gpu_hours, format_usd(report.fleet.total),
                               format_usd(report.fleet.idle));
  if (report.effective_per_mtok) {
    verdict = fmt::format("Your fleet ran at {}: {}/M tokens", format_percent(u),
                                 format_usd(Usd(report.effective_per_mtok->value)));
    if (!report.apis.empty()) {
      const auto& cheapest = report.apis.front();
      verdict += fmt::format(" vs {} at {}/M", cheapest.model.id, format_usd(Usd(cheapest.cost.blended.value)));
      verdict += cheapest.cheaper == Cheaper::api ? " (the API is cheaper)" : " (self-hosting is cheaper)";
    }
    if (report.per_mtok_at_target) {
      verdict += fmt::format("; at {} utilization the same tokens would cost {}/M",
                                    format_percent(report.target_utilization),
                                    format_usd(Usd(report.per_mtok_at_target->value)));
    }
  }
  return verdict;
}

std::string simulate_verdict_text(const SimulateReport& report) {
  const SimSetup& setup = report.setup;
  std::string verdict = verdict_of(report);
  if (report.break_even) {
    const BreakEvenVolume& b = *report.break_even;
    const double days = setup.hours / 24.0;
    verdict += b.found ? fmt::format(" A fixed fleet meeting the SLO beats the API from {} tokens/day ({} tokens/month, "
                                            "{} replicas at {}/month).",
                                            format_tokens(Tokens(b.monthly_tokens / days)), format_tokens(Tokens(b.monthly_tokens)),
                                            b.replicas, format_usd(Usd(b.selfhost_usd)))
                              : " A fixed fleet of up to 48 replicas meeting the SLO never keeps beating the API for this "
                                "traffic: its peaks cost more on GPUs than per token.";
  }
  return verdict;
}

std::string diff_summary_text(const DiffReport& d) {
  const double delta = d.head_total_usd - d.base_total_usd;
  int changed = 0, flipped = 0;
  for (const auto& s : d.scenarios) {
    changed += s.change != ScenarioChange::unchanged ? 1 : 0;
    flipped += s.change == ScenarioChange::changed && s.verdict_changed() ? 1 : 0;
  }
  if (changed == 0) {
    return fmt::format("No cost change: {} scenario(s) at {}/month.", d.scenarios.size(), format_usd(Usd(d.head_total_usd)));
  }
  std::string text = fmt::format("Monthly cost {} {} ({}): {} -> {}; {} of {} scenario(s) changed",
                                 delta >= 0 ? "up" : "down", format_signed_usd(delta),
                                 format_signed_percent(d.total_delta_fraction()), format_usd(Usd(d.base_total_usd)),
                                 format_usd(Usd(d.head_total_usd)), changed, d.scenarios.size());
  if (flipped > 0) text += fmt::format(", {} with a new cheapest option", flipped);
  return text + ".";
}

}  // namespace nimcost
