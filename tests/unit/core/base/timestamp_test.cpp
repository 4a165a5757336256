// Unit tests of src/core/base/timestamp.cpp (doctest suite "core/base/timestamp"): the forms --start
// and --end accept, and the ones they refuse.
#include <nimcost/base/error.hpp>
#include <nimcost/base/timestamp.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("core/base/timestamp");

TEST_CASE("RFC 3339, dates, Unix seconds, now and durations ago") {
  const double now = 1796169600.0;  // 2026-12-02T00:00:00Z
  CHECK(parse_timestamp("2026-12-02T00:00:00Z", now, "--start") == now);
  CHECK(parse_timestamp("2026-12-02", now, "--start") == now);
  CHECK(parse_timestamp("2026-12-02T02:30:00+02:30", now, "--start") == now);
  CHECK(parse_timestamp("2026-12-01T19:00:00.25-05:00", now, "--start") == now + 0.25);
  CHECK(parse_timestamp("2026-12-02 00:00:10z", now, "--start") == now + 10.0);
  CHECK(parse_timestamp("1796169600", now, "--start") == now);
  CHECK(parse_timestamp("now", now, "--end") == now);
  CHECK(parse_timestamp("30d", now, "--start") == now - 30 * 86400.0);
  CHECK(parse_timestamp("1.5h", now, "--start") == now - 5400.0);
  CHECK(parse_timestamp("2024-02-29", now, "--start") == 1709164800.0);  // a leap day
  CHECK(format_timestamp(now + 3723.9) == "2026-12-02T01:02:03Z");
  CHECK(format_timestamp(0.0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("anything else is a usage error naming the flag") {
  for (const char* bad : {"yesterday", "2026-02-30", "2026-12-02T25:00:00Z", "2026-12-02T10:00:00", "2026-12-2",
                          "2026-12-02T10:00:00+2:00", "", "-5", "1e9", "2026-12-02T10:00:00.Z", "30x"}) {
    CAPTURE(bad);
    try {
      parse_timestamp(bad, 0.0, "--start");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(std::string(e.what()).find("--start must be") != std::string::npos);
    }
  }
}

TEST_SUITE_END();
