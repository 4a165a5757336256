// Fuzz target for the number and time parsers users type into flags. Any input must either parse to a
// finite, non-negative value in range or raise nimcost::Error; anything else is a bug.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/timestamp.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const double tokens = nimcost::parse_tokens(text).value;
    if (!std::isfinite(tokens) || tokens < 0.0 || tokens > nimcost::k_max_tokens) std::abort();
    (void)nimcost::format_tokens(nimcost::Tokens(tokens));
  } catch (const nimcost::Error&) {
  }
  try {
    const double f = nimcost::parse_fraction(text);
    if (!(f >= 0.0 && f <= 1.0)) std::abort();
  } catch (const nimcost::Error&) {
  }
  try {
    const double v = nimcost::parse_non_negative(text, "a number");
    if (!std::isfinite(v) || v < 0.0) std::abort();
  } catch (const nimcost::Error&) {
  }
  try {
    if (nimcost::parse_count(text, 1) < 1) std::abort();
  } catch (const nimcost::Error&) {
  }
  try {
    const double t = nimcost::parse_timestamp(text, 1796169600.0, "--start");
    if (std::isnan(t)) std::abort();
    if (std::isfinite(t) && std::fabs(t) < 1e13) (void)nimcost::format_timestamp(t);
  } catch (const nimcost::Error&) {
  }
  return 0;
}
