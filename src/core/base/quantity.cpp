// Number parsing for flags and files. std::from_chars does the digits (locale-free, no exceptions);
// this file adds the SI suffixes and the checks: non-negative, finite, within range, no junk after.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/text.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace nimcost {

namespace {

// Printable form of user text for error messages: clipped, with control bytes escaped.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? fmt::format("\\x{:02x}", u) : std::string(1, c);
  }
  if (text.size() > 40) out += "...";
  return out;
}

// Parses the whole of `text` as a plain decimal number (no sign, no hex, no inf/nan words), or
// returns false. from_chars would accept "inf" and "nan", so the first character must be a digit
// or a dot.
bool parse_plain_number(std::string_view text, double& out, std::string_view& rest) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '.')) {
    return false;
  }
  const auto* first = text.data();
  const auto* last = text.data() + text.size();
  const auto result = std::from_chars(first, last, out, std::chars_format::general);
  if (result.ec == std::errc::result_out_of_range) {
    out = std::numeric_limits<double>::infinity();
    rest = std::string_view(result.ptr, static_cast<std::size_t>(last - result.ptr));
    return true;
  }
  if (result.ec != std::errc()) return false;
  rest = std::string_view(result.ptr, static_cast<std::size_t>(last - result.ptr));
  return true;
}

}  // namespace

Tokens parse_tokens(std::string_view raw) {
  const std::string_view text = trim(raw, " \t");
  const std::string expected = "expected a token count such as 500M, 1.5B, 750k, 2T or 5e8";
  if (text.empty()) throw usage_error(fmt::format("empty token count; {}", expected));
  if (text.front() == '-') {
    throw usage_error(fmt::format("token count must not be negative, got '{}'", shown(text)));
  }
  double number = 0.0;
  std::string_view rest;
  if (!parse_plain_number(text, number, rest)) {
    throw usage_error(fmt::format("'{}' is not a token count; {}", shown(text), expected));
  }
  double scale = 1.0;
  if (rest.size() == 1) {
    switch (rest.front()) {
      case 'k': case 'K': scale = 1e3; break;
      case 'm': case 'M': scale = 1e6; break;
      case 'b': case 'B': case 'g': case 'G': scale = 1e9; break;
      case 't': case 'T': scale = 1e12; break;
      default:
        throw usage_error(fmt::format("unknown unit '{}' in token count '{}'; {}", shown(rest), shown(text), expected));
    }
  } else if (!rest.empty()) {
    throw usage_error(fmt::format("unexpected '{}' in token count '{}'; {}", shown(rest), shown(text), expected));
  }
  const double tokens = number * scale;
  if (!std::isfinite(tokens) || tokens > k_max_tokens) {
    throw usage_error(fmt::format("token count '{}' is too large (at most 1e15 per month)", shown(text)));
  }
  // Tokens are counts: "1.2345k" means 1,235 tokens, not a fraction of one.
  return Tokens(std::round(tokens));
}

double parse_non_negative(std::string_view raw, std::string_view what) {
  const std::string_view text = trim(raw, " \t");
  if (!text.empty() && text.front() == '-') {
    throw usage_error(fmt::format("{} must not be negative, got '{}'", what, shown(text)));
  }
  double number = 0.0;
  std::string_view rest;
  if (!parse_plain_number(text, number, rest) || !rest.empty()) {
    throw usage_error(fmt::format("expected {} (a number such as 2.69), got '{}'", what, shown(text)));
  }
  if (!std::isfinite(number) || number > 1e15) {
    throw usage_error(fmt::format("{} '{}' is too large", what, shown(text)));
  }
  return number;
}

double parse_duration(std::string_view raw) {
  const std::string_view text = trim(raw, " \t");
  double number = 0.0;
  std::string_view rest;
  if (text.empty() || text.front() == '-' || !parse_plain_number(text, number, rest) || rest.size() != 1) {
    throw usage_error(fmt::format("expected a duration such as 15s, 8h or 30d, got '{}'", shown(text)));
  }
  double unit = 0.0;
  switch (rest.front()) {
    case 's': unit = 1.0; break;
    case 'm': unit = 60.0; break;
    case 'h': unit = 3600.0; break;
    case 'd': unit = 86400.0; break;
    case 'w': unit = 7 * 86400.0; break;
    default:
      throw usage_error(fmt::format("a duration's unit is s, m, h, d or w, got '{}'", shown(text)));
  }
  const double seconds = number * unit;
  if (!std::isfinite(seconds) || !(seconds > 0.0) || seconds > 10 * 365.25 * 86400.0) {
    throw usage_error(fmt::format("a duration must be above 0 and at most 10 years, got '{}'", shown(text)));
  }
  return seconds;
}

double parse_fraction(std::string_view raw) {
  std::string_view text = trim(raw, " \t");
  double divisor = 1.0;
  if (!text.empty() && text.back() == '%') {
    text.remove_suffix(1);
    divisor = 100.0;
  }
  double number = 0.0;
  std::string_view rest;
  if (!text.empty() && text.front() == '-') {
    throw usage_error(fmt::format("a fraction must be between 0 and 1, got '{}'", shown(raw)));
  }
  if (!parse_plain_number(text, number, rest) || !rest.empty()) {
    throw usage_error(fmt::format("expected a fraction between 0 and 1 (such as 0.6 or 60%), got '{}'", shown(raw)));
  }
  number /= divisor;
  if (!(number >= 0.0 && number <= 1.0)) {
    throw usage_error(fmt::format("a fraction must be between 0 and 1, got '{}'", shown(raw)));
  }
  return number;
}

long long parse_count(std::string_view raw, long long minimum) {
  const std::string_view text = trim(raw, " \t");
  long long value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || result.ec == std::errc::result_out_of_range) {
    throw usage_error(fmt::format("expected a whole number, got '{}'", shown(text)));
  }
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    throw usage_error(fmt::format("expected a whole number, got '{}'", shown(text)));
  }
  if (value < minimum) {
    throw usage_error(fmt::format("expected a whole number of at least {}, got '{}'", minimum, shown(text)));
  }
  return value;
}

long long whole_tokens(Tokens tokens) {
  return static_cast<long long>(std::ceil(tokens.value - 1e-6));
}

std::string format_tokens(Tokens tokens) {
  const double v = tokens.value;
  struct Unit {
    double scale;
    const char* suffix;
  };
  static constexpr Unit units[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& unit : units) {
    if (v >= unit.scale) {
      // Up to two decimals, trailing zeros dropped: 325.04M, 1.5B, 500M.
      std::string s = fmt::format("{:.2f}", v / unit.scale);
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
      return s + unit.suffix;
    }
  }
  return fmt::format("{:.0f}", v);
}

}  // namespace nimcost

namespace nimcost {

std::string format_usd(Usd amount) {
  const double v = amount.value;
  if (!std::isfinite(v)) return "n/a";
  const std::string digits = fmt::format("{:.2f}", std::fabs(v));
  const std::size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const bool negative = v < 0.0 && digits != "0.00";
  return (negative ? "-$" : "$") + grouped + digits.substr(dot);
}

std::string format_percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100.0); }

std::string format_signed_usd(double usd) {
  if (std::fabs(usd) <= 1e-6) return "$0.00";
  return (usd > 0 ? "+" : "-") + format_usd(Usd(std::fabs(usd)));
}

std::string format_signed_percent(const std::optional<double>& fraction) {
  if (!fraction) return "new";
  return (*fraction >= 0 ? "+" : "-") + format_percent(std::fabs(*fraction));
}

}  // namespace nimcost

namespace nimcost {

double round_to(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  if (std::fabs(scaled) > 1e15) return value;  // beyond double's integer precision: nothing to round
  return std::round(scaled) / scale;
}

}  // namespace nimcost
