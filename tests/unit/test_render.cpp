// Renderers: the table fits 100 columns, CSV has raw numbers, Markdown is a table, JSON has the
// contract's keys and is byte-identical across runs.
#include "helpers.hpp"

#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <doctest/doctest.h>

#include <algorithm>

#include <sstream>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

CrossoverReport report_at(double tokens) {
  CrossoverRequest r;
  r.workload.tokens = Tokens(tokens);
  return evaluate_crossover(builtin_catalog(), r);
}

std::size_t widest_line(const std::string& text) {
  std::istringstream in(text);
  std::size_t widest = 0;
  for (std::string line; std::getline(in, line);) {
    std::size_t width = 0;
    for (char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    widest = std::max(widest, width);
  }
  return widest;
}

}  // namespace

TEST_CASE("the crossover table fits 100 columns and one screen, without colour codes by default") {
  for (double tokens : {0.0, 5e8, 2e9, 1e12}) {
    const std::string text = render_table(crossover_document(report_at(tokens)), TableStyle{});
    CAPTURE(text);
    CHECK(widest_line(text) <= 100);
    CHECK(text.find("\x1b[") == std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') < 60);
  }
  const std::string text = render_table(crossover_document(report_at(5e8)), TableStyle{});
  CHECK(text.find("gpt-4.1") != std::string::npos);
  CHECK(text.find("$3,000.00") != std::string::npos);
  CHECK(text.find("$2,338.70") != std::string::npos);
  const std::string colored = render_table(crossover_document(report_at(5e8)), TableStyle{true, 100});
  CHECK(colored.find("\x1b[1m") != std::string::npos);
}

TEST_CASE("CSV: machine column names and raw numbers") {
  const std::string csv = render_csv(crossover_document(report_at(5e8)));
  CHECK(csv.rfind("id,blended_per_mtok_usd,monthly_usd,break_even_tokens,required_utilization_fraction,cheaper,as_of\n", 0) == 0);
  CHECK(csv.find("gpt-4.1,6,3000,389783334,0.190259,selfhost,2026-07-24") != std::string::npos);
}

TEST_CASE("Markdown: a pipe table with right-aligned numbers") {
  const std::string md = render_markdown(crossover_document(report_at(5e8)));
  CHECK(md.find("| API model | $/M |") != std::string::npos);
  CHECK(md.find("|---|---:|") != std::string::npos);
  CHECK(md.find("| gpt-4.1 | $6.00 | $3,000.00 |") != std::string::npos);
}

TEST_CASE("JSON: the contract's keys, and identical bytes for identical inputs") {
  const RenderContext context{"test", {"data/x.toml (built in)"}};
  const auto j = crossover_json(report_at(5e8), context);
  CHECK(j["schema"] == "nimcost.report/v1");
  CHECK(j["command"] == "crossover");
  const auto& s = j["results"]["selfhost"];
  CHECK(s["monthly_usd"] == 2338.7);
  CHECK(s["gpus"] == 1);
  CHECK(s["per_mtok_usd"] == doctest::Approx(4.6774));
  CHECK(s["utilization_fraction"] == doctest::Approx(0.190258752));
  for (const auto& api : j["results"]["apis"]) {
    CHECK(api.contains("id"));
    CHECK(api.contains("blended_per_mtok_usd"));
    CHECK(api.contains("monthly_usd"));
    CHECK(api.contains("break_even_tokens"));
    CHECK((api["cheaper"] == "api" || api["cheaper"] == "selfhost"));
  }
  CHECK(render_json(j) == render_json(crossover_json(report_at(5e8), context)));
}

TEST_CASE("a table wider than the terminal shortens its widest text column") {
  Document doc;
  doc.title = "wide";
  TableBlock table;
  table.columns = {{"Name", "name"}, {"Monthly", "monthly_usd"}};
  table.rows.push_back({Cell::of_text(std::string(150, 'x')), Cell::of_usd(Usd(1234.5))});
  doc.tables.push_back(table);
  const std::string text = render_table(doc, TableStyle{false, 100});
  CHECK(widest_line(text) <= 100);
  CHECK(text.find("\u2026") != std::string::npos);
  CHECK(text.find("$1,234.50") != std::string::npos);
}
