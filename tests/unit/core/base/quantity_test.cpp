// Unit tests of src/core/base/quantity.cpp (doctest suite "core/base/quantity"); split from a file that said:
//   Token quantities, fractions and counts as users type them, and the compact forms we print.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("core/base/quantity");

TEST_CASE("token quantities accept SI suffixes, exponents and plain integers") {
  CHECK(parse_tokens("500M").value == 5e8);
  CHECK(parse_tokens("1.5B").value == 1.5e9);
  CHECK(parse_tokens("1.5G").value == 1.5e9);
  CHECK(parse_tokens("2T").value == 2e12);
  CHECK(parse_tokens("750k").value == 750e3);
  CHECK(parse_tokens("750K").value == 750e3);
  CHECK(parse_tokens("5e8").value == 5e8);
  CHECK(parse_tokens("500000000").value == 5e8);
  CHECK(parse_tokens("500m").value == 5e8);
  CHECK(parse_tokens(" 0 ").value == 0.0);
  CHECK(parse_tokens(".5M").value == 5e5);
  CHECK(parse_tokens("1.2345k").value == 1235);
}

TEST_CASE("token quantities reject negative, non-finite, overflowing and garbled text") {
  for (const char* bad : {"-5M", "-0", "nan", "NaN", "inf", "infinity", "5x", "M", "", "1e400", "5MM", "0x10",
                          "1,000", "5 M", "+5M", "5e", "1e16", "2000T", "five"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_tokens(bad), Error);
  }
  try {
    parse_tokens("12Q");
    FAIL("accepted 12Q");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("unknown unit 'Q'") != std::string::npos);
  }
}

TEST_CASE("fractions accept 0..1 and percentages") {
  CHECK(parse_fraction("0.6") == doctest::Approx(0.6));
  CHECK(parse_fraction("60%") == doctest::Approx(0.6));
  CHECK(parse_fraction("1") == 1.0);
  CHECK(parse_fraction("0") == 0.0);
  for (const char* bad : {"1.5", "-0.1", "150%", "nan", "x", ""}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_fraction(bad), Error);
  }
}

TEST_CASE("non-negative numbers and counts") {
  CHECK(parse_non_negative("2.69", "a price") == doctest::Approx(2.69));
  CHECK_THROWS_AS(parse_non_negative("-1", "a price"), Error);
  CHECK_THROWS_AS(parse_non_negative("inf", "a price"), Error);
  CHECK_THROWS_AS(parse_non_negative("1e300", "a price"), Error);
  CHECK(parse_count("16", 1) == 16);
  CHECK_THROWS_AS(parse_count("0", 1), Error);
  CHECK_THROWS_AS(parse_count("1.5", 1), Error);
  CHECK_THROWS_AS(parse_count("99999999999999999999", 1), Error);
}

TEST_CASE("compact token, money and percent formats") {
  CHECK(format_tokens(Tokens(5e8)) == "500M");
  CHECK(format_tokens(Tokens(1.5e9)) == "1.5B");
  CHECK(format_tokens(Tokens(325041666.67)) == "325.04M");
  CHECK(format_tokens(Tokens(750e3)) == "750k");
  CHECK(format_tokens(Tokens(999)) == "999");
  CHECK(format_usd(Usd(1963.7)) == "$1,963.70");
  CHECK(format_usd(Usd(1234567.891)) == "$1,234,567.89");
  CHECK(format_usd(Usd(-5)) == "-$5.00");
  CHECK(format_usd(Usd(0)) == "$0.00");
  CHECK(format_percent(0.19) == "19.0%");
  CHECK(round_to(1963.6999999999998, 6) == 1963.7);
}

TEST_SUITE_END();
