// Unit tests of include/nimcost/base/provenance.hpp (doctest suite "core/base/provenance").
#include <doctest/doctest.h>

#include <nimcost/base/provenance.hpp>

using namespace nimcost;

TEST_SUITE_BEGIN("core/base/provenance");

TEST_CASE("calendar dates: real days only, written YYYY-MM-DD") {
  CHECK(is_calendar_date("2026-12-02"));
  CHECK(is_calendar_date("2024-02-29"));  // a leap year
  CHECK_FALSE(is_calendar_date("2026-02-29"));
  CHECK_FALSE(is_calendar_date("2026-13-45"));
  CHECK_FALSE(is_calendar_date("2026-00-10"));
  CHECK_FALSE(is_calendar_date("2026-04-31"));
  CHECK_FALSE(is_calendar_date("2026-1-10"));
  CHECK_FALSE(is_calendar_date("2026/01/10"));
  CHECK_FALSE(is_calendar_date("0000-01-01"));
  CHECK_FALSE(is_calendar_date(""));
}

TEST_SUITE_END();
