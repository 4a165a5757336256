// Units that are easy to mix up get their own types: dollars, tokens, prices per million tokens and
// hours. Each is a thin wrapper over a double with only the arithmetic that makes sense for it, so
// that `cost = tokens * price` compiles and `cost = tokens + price` does not.
#pragma once

#include <compare>

namespace nimcost {

// A quantity of one unit; Tag only distinguishes the types.
template <typename Tag>
struct Quantity {
  double value = 0.0;

  constexpr Quantity() = default;
  constexpr explicit Quantity(double v) : value(v) {}

  constexpr Quantity operator+(Quantity o) const { return Quantity(value + o.value); }
  constexpr Quantity operator-(Quantity o) const { return Quantity(value - o.value); }
  constexpr Quantity operator*(double k) const { return Quantity(value * k); }
  constexpr Quantity operator/(double k) const { return Quantity(value / k); }
  constexpr double operator/(Quantity o) const { return value / o.value; }
  constexpr Quantity& operator+=(Quantity o) { value += o.value; return *this; }
  constexpr auto operator<=>(const Quantity&) const = default;
};

template <typename Tag>
constexpr Quantity<Tag> operator*(double k, Quantity<Tag> q) { return q * k; }

struct UsdTag {};
struct TokensTag {};
struct PerMtokTag {};
struct HoursTag {};

using Usd = Quantity<UsdTag>;          // US dollars
using Tokens = Quantity<TokensTag>;    // a count of tokens (input, output or both)
using PerMtok = Quantity<PerMtokTag>;  // US dollars per million tokens
using Hours = Quantity<HoursTag>;      // wall-clock hours

inline constexpr double k_tokens_per_mtok = 1e6;
inline constexpr double k_seconds_per_hour = 3600.0;

// What `tokens` cost at `price` dollars per million tokens.
constexpr Usd cost_of(Tokens tokens, PerMtok price) {
  return Usd(tokens.value / k_tokens_per_mtok * price.value);
}

// The rate that makes `cost` for `tokens`; the caller checks tokens > 0.
constexpr PerMtok rate_of(Usd cost, Tokens tokens) {
  return PerMtok(cost.value / (tokens.value / k_tokens_per_mtok));
}

}  // namespace nimcost
