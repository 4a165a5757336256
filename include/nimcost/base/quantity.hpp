// Parsing of the numbers users type: token quantities with SI suffixes ("500M", "1.5B", "5e8"),
// fractions, money and counts. Every parser rejects negative, non-finite, overflowing and
// unit-garbled text with a usage error that says what form was expected.
#pragma once

#include <nimcost/base/units.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace nimcost {

// The largest token quantity accepted (a quadrillion): anything beyond is a typo, not a workload.
inline constexpr double k_max_tokens = 1e15;

// A token count: digits with an optional decimal part and exponent, then an optional suffix
// k/K=1e3, M=1e6, B/G=1e9, T=1e12 ("m" is read as M; no other letters); rounded to a whole count.
Tokens parse_tokens(std::string_view text);

// A finite number >= 0 ("2.69", "1e3"); `what` names the expected thing in the error message.
double parse_non_negative(std::string_view text, std::string_view what);

// A number in [0, 1] ("0.6", "60%").
double parse_fraction(std::string_view text);

// A duration in seconds: a number and a unit s, m, h, d or w ("15s", "8h", "30d", "1.5h"); a usage
// error naming the expected form otherwise. At most 10 years.
double parse_duration(std::string_view text);

// A whole number >= minimum.
long long parse_count(std::string_view text, long long minimum);

// A token count as a whole number for machine output: rounded up, so that a break-even volume
// printed as N is one where self-hosting already costs no more.
long long whole_tokens(Tokens tokens);

// Compact human form of a token count: 500M, 1.5B, 325.04M, 750k.
std::string format_tokens(Tokens tokens);

}  // namespace nimcost

namespace nimcost {

// Dollars with thousands separators and cents: $1,963.70; negative as -$5.00.
std::string format_usd(Usd amount);

// A fraction as a percentage with one decimal: 0.19 -> "19.0%".
std::string format_percent(double fraction);
// A change in money or share with its sign: "+$383.33", "-$1,240.28", "$0.00" (under a micro-dollar);
// "+19.7%", "-5.0%", and "new" where there was nothing to compare with.
std::string format_signed_usd(double usd);
std::string format_signed_percent(const std::optional<double>& fraction);

}  // namespace nimcost

namespace nimcost {

// `value` rounded to `decimals` places, for machine output (JSON, CSV): money to 1e-6 dollars keeps
// 1963.6999999999998 from reaching a reviewer as such, without losing any real precision.
double round_to(double value, int decimals);

}  // namespace nimcost
