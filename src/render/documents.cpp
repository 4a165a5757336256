// Document views of the reports: which facts, which columns, in what order. The human formats all
// draw from these, so the crossover screen is laid out here and nowhere else.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <map>

namespace nimcost {

namespace {

std::string mix_text(const Workload& w) {
  std::string text = fmt::format("input share {}", format_percent(w.input_share));
  if (std::fabs(w.input_share - 1.0 / 3.0) < 1e-6) text += " (1:2 in:out, the article's mix)";
  if (std::fabs(w.input_share - 0.75) < 1e-6) text += " (3:1 in:out)";
  if (w.cached_input_share > 0.0) text += fmt::format(", {} of input cached", format_percent(w.cached_input_share));
  text += w.batch_api ? ", batch API prices" : ", list prices";
  return text;
}

std::string license_text(const SelfHostPlan& plan) {
  const Usd per_gpu = license_monthly_cost_per_gpu(plan);
  switch (plan.license.pricing) {
    case LicensePricing::free: return fmt::format("{} (free)", plan.license.id);
    case LicensePricing::per_gpu_year:
      return fmt::format("{}: {}/GPU-year = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
    case LicensePricing::per_gpu_hour:
      return fmt::format("{}: {}/GPU-hour = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
  }
  return plan.license.id;
}

std::string rate_text(const SelfHostPlan& plan) {
  if (plan.gpu_monthly_override) return fmt::format("{}/GPU-month (--gpu-monthly-usd)", format_usd(*plan.gpu_monthly_override));
  std::string text = fmt::format("{}/GPU-hour x {:g} h/month", format_usd(Usd(plan.usd_per_gpu_hour)),
                                 plan.hours_per_month.value);
  if (plan.rental) text += fmt::format(" ({}, as of {})", plan.rental->id, plan.rental->provenance.as_of);
  else text += " (" + plan.rate_source + ")";
  return text;
}

}  // namespace

Document crossover_document(const CrossoverReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost crossover: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  doc.facts.push_back({"Self-host", fmt::format("{}x {} at {}", r.selfhost.gpus, r.plan.gpu.id, rate_text(r.plan))});
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

  TableBlock table;
  table.title = fmt::format("APIs against self-hosting at {} tokens/month", volume);
  table.columns = {{"API model", "id"},
                   {"$/M", "blended_per_mtok_usd"},
                   {"Monthly", "monthly_usd"},
                   {"Break-even", "break_even_tokens"},
                   {"Req. util", "required_utilization_fraction"},
                   {"Cheaper", "cheaper"},
                   {"Prices as of", "as_of"}};
  for (std::size_t i = 0; i < r.apis.size(); ++i) {
    const ApiComparison& a = r.apis[i];
    Cell be = Cell::none("never");
    if (a.break_even.sustained) {
      be = Cell::of_tokens(*a.break_even.sustained);
    }
    Cell util = a.required_utilization ? Cell::of_fraction(*a.required_utilization) : Cell::none("-");
    table.rows.push_back({Cell::of_text(a.model.id), Cell::of_rate(a.cost.blended), Cell::of_usd(a.cost.total), be,
                          util, Cell::of_text(a.cheaper == Cheaper::selfhost ? "selfhost" : "api"),
                          Cell::of_text(a.model.provenance.as_of)});
    if (a.cheaper == Cheaper::selfhost) table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  doc.verdict = crossover_verdict_text(r);
  doc.notes.push_back("Break-even: the monthly volume from which self-hosting stays cheaper (\"never\": each added "
                      "GPU costs more than the API bill it replaces). Req. util: the utilization the fleet must "
                      "sustain at this volume for self-hosting to cost no more than that API.");
  for (const auto& a : r.apis) {
    if (a.break_even.wins_early()) {
      doc.notes.push_back(fmt::format("{}: self-hosting already wins from {} until the fleet steps up a GPU; it "
                                      "wins for good from {}.",
                                      a.model.id, format_tokens(*a.break_even.first),
                                      format_tokens(*a.break_even.sustained)));
    }
  }
  doc.notes.push_back("Sources and dates of every price: nimcost prices; all figures: --format json.");
  doc.warnings = r.warnings;
  return doc;
}

Document compare_document(const CompareReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost compare: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  doc.facts.push_back({"Self-host", fmt::format("{:g} h/month, {}, ops {}/month, fleet at or under {} utilization",
                                                r.plan.hours_per_month.value, license_text(r.plan),
                                                format_usd(r.plan.ops_monthly), format_percent(r.plan.max_utilization))});
  doc.facts.push_back({"Capacity", fmt::format("{:.0f} tokens/s per {} GPU ({}); other GPUs {}",
                                               r.plan.capacity_tokens_per_s_per_gpu, r.plan.gpu.id,
                                               r.plan.capacity_source,
                                               r.plan.sizing ? "sized by the same throughput model"
                                                             : "scaled by memory bandwidth")});
  TableBlock table;
  table.title = "Every option, cheapest first";
  table.columns = {{"Option", "id"},      {"Kind", "kind"},        {"Detail", "detail"}, {"$/M", "per_mtok_usd"},
                   {"Monthly", "monthly_usd"}, {"Util", "utilization_fraction"}, {"As of", "as_of"}};
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const CompareRow& row = r.rows[i];
    const bool idle = row.kind == "selfhost" && r.workload.tokens.value == 0.0;
    table.rows.push_back({Cell::of_text(row.id), Cell::of_text(row.kind), Cell::of_text(row.detail),
                          idle ? Cell::none("-") : Cell::of_rate(row.per_mtok), Cell::of_usd(row.monthly),
                          row.utilization ? Cell::of_fraction(*row.utilization) : Cell::none("-"),
                          Cell::of_text(row.as_of.empty() ? "-" : row.as_of)});
    if (row.kind == "selfhost") table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  if (!r.rows.empty()) {
    doc.verdict = fmt::format("Cheapest at {} tokens/month: {} ({}) at {}/month.", volume, r.rows.front().id,
                              r.rows.front().kind, format_usd(r.rows.front().monthly));
  }
  doc.warnings = r.warnings;
  return doc;
}

}  // namespace nimcost
