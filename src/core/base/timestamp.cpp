// Timestamps for --start/--end. RFC 3339 is read field by field (std::chrono's parse would need
// <format> support GCC 12 lacks); the calendar checks come from <chrono>.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/timestamp.hpp>

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

namespace nimcost {

namespace {

// Reads exactly `width` digits at `at`; advances it.
std::optional<int> digits(std::string_view text, std::size_t& at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += width;
  return value;
}

bool expect(std::string_view text, std::size_t& at, std::string_view chars) {
  if (at >= text.size() || chars.find(text[at]) == std::string_view::npos) return false;
  ++at;
  return true;
}

// YYYY-MM-DD[(T| )hh:mm:ss[.frac](Z|±hh:mm)]; nullopt when it is not one.
std::optional<double> rfc3339(std::string_view t) {
  std::size_t at = 0;
  const auto y = digits(t, at, 4);
  if (!y || !expect(t, at, "-")) return std::nullopt;
  const auto mo = digits(t, at, 2);
  if (!mo || !expect(t, at, "-")) return std::nullopt;
  const auto d = digits(t, at, 2);
  if (!d) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*mo)),
                                         std::chrono::day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  const double day_s = static_cast<double>(std::chrono::sys_days(date).time_since_epoch().count()) * 86400.0;
  if (at == t.size()) return day_s;  // a date: midnight UTC
  if (!expect(t, at, "Tt ")) return std::nullopt;
  const auto h = digits(t, at, 2);
  if (!h || !expect(t, at, ":")) return std::nullopt;
  const auto mi = digits(t, at, 2);
  if (!mi || !expect(t, at, ":")) return std::nullopt;
  const auto s = digits(t, at, 2);
  if (!s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  double fraction = 0.0;
  if (at < t.size() && t[at] == '.') {
    const std::size_t from = ++at;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
    if (at == from || at - from > 9) return std::nullopt;
    fraction = std::stod(std::string("0.") + std::string(t.substr(from, at - from)));
  }
  double offset_s = 0.0;
  if (expect(t, at, "Zz")) {
  } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
    const double sign = t[at++] == '-' ? -1.0 : 1.0;
    const auto oh = digits(t, at, 2);
    if (!oh || !expect(t, at, ":")) return std::nullopt;
    const auto om = digits(t, at, 2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offset_s = sign * (*oh * 3600.0 + *om * 60.0);
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (at != t.size()) return std::nullopt;
  return day_s + *h * 3600.0 + *mi * 60.0 + *s + fraction - offset_s;
}

}  // namespace

double parse_timestamp(std::string_view text, double now_s, std::string_view flag) {
  const auto fail = [&] {
    return usage_error(fmt::format("{} must be RFC 3339 (2026-11-01T00:00:00Z), a date, Unix seconds, now, or a "
                                   "duration ago such as 30d, got '{}'",
                                   flag, text));
  };
  if (text == "now") return now_s;
  if (auto t = rfc3339(text)) return *t;
  // Unix seconds: digits only (a duration has a unit).
  if (!text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos) {
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(v)) return v;
    throw fail();
  }
  try {
    return now_s - parse_duration(text);
  } catch (const Error&) {
    throw fail();
  }
}

std::string format_timestamp(double unix_s) {
  const auto seconds = static_cast<long long>(std::floor(unix_s));
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(seconds)));
  const std::chrono::year_month_day date(days);
  const long long in_day = seconds - static_cast<long long>(days.time_since_epoch().count()) * 86400;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), in_day / 3600,
                     in_day / 60 % 60, in_day % 60);
}

}  // namespace nimcost
