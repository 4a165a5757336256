// Unit tests of src/render/table.cpp (doctest suite "render/table"); split from a file that said:
//   Renderers: the table fits 100 columns, CSV has raw numbers, Markdown is a table, JSON has the
//   contract's keys and is byte-identical across runs.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <doctest/doctest.h>

#include <algorithm>

#include <sstream>

using namespace nimcost;
using namespace nimcost::test;

namespace {

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

TEST_SUITE_BEGIN("render/table");

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

TEST_SUITE_END();
