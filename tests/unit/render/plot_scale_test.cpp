// Unit tests of src/render/plot_scale.cpp and plot_figure.cpp's layout rules (doctest suite
// "render/plot_scale"): round ticks, text widths, and labels placed clear of each other.
#include "render/plot_figure.hpp"
#include "render/plot_scale.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <string>
#include <utility>

using namespace nimcost::plot;

TEST_SUITE_BEGIN("render/plot_scale");

TEST_CASE("linear ticks step by 1, 2 or 5 times a power of ten") {
  CHECK(linear_ticks(0.0, 10.0, 6) == std::vector<double>{0, 2, 4, 6, 8, 10});
  CHECK(linear_ticks(0.0, 17.7, 5) == std::vector<double>{0, 5, 10, 15});
  CHECK(linear_ticks(0.0, 168.0, 8) == std::vector<double>{0, 50, 100, 150});
  const auto small = linear_ticks(0.1, 0.35, 6);
  REQUIRE(small.size() == 6);
  CHECK(small[0] == doctest::Approx(0.1));
  CHECK(small[5] == doctest::Approx(0.35));
}

TEST_CASE("log ticks: 1-2-5 in narrow ranges, decades in wide ones") {
  CHECK(log_ticks(1.0, 100.0, 8) == std::vector<double>{1, 2, 5, 10, 20, 50, 100});
  CHECK(log_ticks(1e7, 1e10, 8) == std::vector<double>{1e7, 1e8, 1e9, 1e10});
  CHECK(log_ticks(3.0, 40.0, 9) == std::vector<double>{5, 10, 20});
  CHECK(log_ticks(1.0, 1e12, 6) == std::vector<double>{1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12});
  // Inside one decade with no 1-2-5 value between the ends: round linear steps.
  CHECK(log_ticks(510e6, 590e6, 8) == std::vector<double>{520e6, 540e6, 560e6, 580e6});
}

TEST_CASE("round_up and round_down land on 1, 2, 5 x 10^k") {
  CHECK(round_up(17.7e3) == 20e3);
  CHECK(round_up(5.24e3) == 10e3);
  CHECK(round_up(2.0) == 2.0);
  CHECK(round_down(17.7e3) == 10e3);
  CHECK(round_down(0.3) == doctest::Approx(0.2));
  CHECK(round_up(0.0) == 0.0);
}

TEST_CASE("text widths grow with the text and the font") {
  CHECK(text_width("mmm", 12) > text_width("iii", 12));
  CHECK(text_width("gpt-4.1", 12) == doctest::Approx(2 * text_width("gpt-4.1", 6)));
  CHECK(text_width("\xE2\x82\xAC", 10) == doctest::Approx(text_width("x", 10)));  // one glyph for a UTF-8 sign
  CHECK(text_width("\xE6\x97\xA5", 10) == doctest::Approx(10.0));                 // a CJK sign: a full em
}

TEST_CASE("twenty styles, no two alike in dash and marker") {
  std::set<std::pair<std::string, int>> seen;
  std::set<std::string> colours;
  for (std::size_t k = 0; k < k_styles; ++k) {
    const Style s = style_of(k);
    seen.insert({s.dash, static_cast<int>(s.marker)});
    colours.insert(s.colour);
  }
  CHECK(seen.size() == k_styles);
  CHECK(colours.size() == k_styles);
  CHECK(std::string(style_of(k_styles).colour) == style_of(0).colour);  // then they repeat
}

TEST_CASE("labels crowded on one point are placed apart, inside the panel, clear of the legend") {
  Figure f;
  Axis x = make_axis("x", false, 0.0, 10.0);
  Axis y = make_axis("y", false, 0.0, 10.0);
  Panel p("p", {60, 60, 400, 300}, x, y);
  for (int k = 0; k < 12; ++k) p.label({"a label of some length " + std::to_string(k), p.px(5), p.py(5)});
  f.panels.push_back(std::move(p));
  f.legend.push_back({"a", "entry", "#000000", "", std::nullopt});
  const std::string svg = render_figure(f);
  std::vector<Box> boxes;
  for (std::size_t at = svg.find("class=\"label\""); at != std::string::npos; at = svg.find("class=\"label\"", at + 1)) {
    const std::size_t b = svg.find("data-box=\"", at) + 10;
    Box box;
    REQUIRE(std::sscanf(svg.c_str() + b, "%lf,%lf,%lf,%lf", &box.x, &box.y, &box.w, &box.h) == 4);
    boxes.push_back(box);
  }
  REQUIRE(boxes.size() == 12);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    CHECK(boxes[i].inside(Box{60, 60, 400, 300}));
    for (std::size_t j = i + 1; j < boxes.size(); ++j) CHECK_FALSE(boxes[i].overlaps(boxes[j]));
  }
}

TEST_CASE("the footer's sources wrap and say how many were left out") {
  std::vector<std::pair<std::string, std::string>> sources;
  for (int k = 0; k < 40; ++k) sources.emplace_back("https://example.com/pricing/" + std::to_string(k), "2026-01-01");
  sources.emplace_back("https://example.com/pricing/0", "2026-01-01");  // named twice, listed once
  const auto lines = source_lines(sources, 600, 3);
  REQUIRE(lines.size() == 3);
  for (const auto& l : lines) CHECK(text_width(l, 10) <= 600);
  CHECK(lines[0].rfind("Prices: https://example.com/pricing/0 (as of 2026-01-01)", 0) == 0);
  CHECK(lines[2].find("more in the JSON report") != std::string::npos);
}

TEST_SUITE_END();
