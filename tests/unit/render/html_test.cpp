// Unit tests of src/render/html.cpp and html_report.cpp (doctest suite "render/html"): the page's
// order, escaping, inline SVG, and the assumptions and prices drawn from the JSON report.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/render/render.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace nimcost;
using namespace nimcost::test;

TEST_SUITE_BEGIN("render/html");

namespace {

Document small_document() {
  Document d;
  d.title = "A <title> & more";
  d.facts = {{"Workload", "1B tokens/month"}};
  TableBlock t;
  t.title = "Options";
  t.columns = {{"Option", "id"}, {"Monthly", "monthly_usd"}};
  t.rows = {{Cell::of_text("selfhost"), Cell::of_usd(Usd(1950.0))}, {Cell::of_text("api \"x\""), Cell::of_usd(Usd(6000.0))}};
  t.highlighted_rows = {0};
  d.tables = {t};
  d.verdict = "Self-host wins: $1,950.00 < $6,000.00";
  d.notes = {"a note"};
  d.warnings = {"old 'prices'"};
  return d;
}

std::size_t at(const std::string& text, const std::string& part) {
  const auto i = text.find(part);
  REQUIRE_MESSAGE(i != std::string::npos, part);
  return i;
}

}  // namespace

TEST_CASE("HTML: verdict first, then warnings, facts, tables, pictures, notes, assumptions, prices") {
  nlohmann::ordered_json report = {{"schema", "nimcost.report/v2"},
                                   {"command", "crossover"},
                                   {"assumptions", {{"nimcost_version", "1.2.3"}}},
                                   {"results", nlohmann::ordered_json::object()}};
  const std::string page = render_html(small_document(), report,
                                       {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg viewBox=\"0 0 1 1\"></svg>\n"});
  CHECK(page.rfind("<!DOCTYPE html>\n", 0) == 0);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<?xml") == std::string::npos);
  const auto verdict = at(page, "<p class=\"verdict\">Self-host wins: $1,950.00 &lt; $6,000.00</p>");
  CHECK(verdict < at(page, "class=\"warning\">Warning: old &#39;prices&#39;"));
  CHECK(at(page, "class=\"warning\"") < at(page, "<dt>Workload</dt>"));
  CHECK(at(page, "<dt>Workload</dt>") < at(page, "<caption>Options</caption>"));
  CHECK(at(page, "<caption>Options</caption>") < at(page, "<figure>\n<svg viewBox=\"0 0 1 1\"></svg>\n</figure>"));
  CHECK(at(page, "<figure>") < at(page, "<li>a note</li>"));
  CHECK(at(page, "<li>a note</li>") < at(page, "<h2>Assumptions</h2>"));
  CHECK(at(page, "<h2>Assumptions</h2>") < at(page, "<h2>Prices and sources</h2>"));
  CHECK(page.find("<title>A &lt;title&gt; &amp; more</title>") != std::string::npos);
  CHECK(page.find("<tr class=\"highlight\"><td class=\"short\">selfhost</td><td class=\"num\">$1,950.00</td></tr>") != std::string::npos);
  CHECK(page.find("<td class=\"short\">api &quot;x&quot;</td>") != std::string::npos);
  CHECK(page.find("<footer>nimcost 1.2.3 · schema nimcost.report/v2 · nimcost crossover") != std::string::npos);
}

TEST_CASE("HTML: every dated price once, with its source; assumptions as dotted paths and tables") {
  const nlohmann::ordered_json report = crossover_json(report_at(5e8), {"9.9.9", {"built-in"}});
  const std::string page = render_html(crossover_document(report_at(5e8)), report, {});
  const std::string prices = page.substr(at(page, "<h2>Prices and sources</h2>"));
  for (const auto& api : report["assumptions"]["apis"]) {
    CHECK_MESSAGE(prices.find("<td>" + api["id"].get<std::string>() + "<br>") != std::string::npos, api["id"]);
  }
  // The rental appears twice in the report (the fleet's, buy-vs-rent's) and once in the list.
  const std::string rental = "<td>runpod-h100-sxm<br>";
  CHECK(prices.find(rental) != std::string::npos);
  CHECK(prices.find(rental, prices.find(rental) + 1) == std::string::npos);
  const std::string assumptions = page.substr(at(page, "<h2>Assumptions</h2>"));
  CHECK(assumptions.find("<h3>selfhost</h3>") != std::string::npos);
  CHECK(assumptions.find("<div><dt>gpu.<wbr>memory_<wbr>gb</dt><dd>80</dd></div>") != std::string::npos);
  CHECK(assumptions.find("<caption>apis <small>") != std::string::npos);
}

TEST_SUITE_END();
