// Unit tests of src/core/model/buy_vs_rent.cpp (doctest suite "core/model/buy_vs_rent"): the
// break-even worked by hand for whole 8-GPU servers against single rented GPUs, the costs equal or
// reversed at it, a brute-force check that buying never loses past it, and the payback.
#include "helpers.hpp"

#include <nimcost/model/buy_vs_rent.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("core/model/buy_vs_rent");

namespace {

// A rented GPU at $2,000 a month; a bought one at $1,500 a month flat (8 to a server, no power slope).
std::pair<SelfHostPlan, SelfHostPlan> plans() {
  SelfHostPlan rented = test::flat_plan(2000.0, 0);
  rented.pinned_gpus.reset();
  SelfHostPlan bought = rented;
  bought.gpu_monthly_override.reset();
  PurchaseOffer o;
  o.id = "flat";
  o.gpus_per_server = 8;
  o.server_usd = 1500.0 * 8 * 12 * 5;  // depreciation alone: $1,500 per GPU-month
  o.depreciation_years = 5.0;
  o.server_power_w = 1.0;
  bought.purchase = o;
  return {bought, rented};
}

}  // namespace

TEST_CASE("whole servers against single GPUs: the last volume where renting still wins, by hand") {
  const auto [bought, rented] = plans();
  const double K = target_capacity_per_gpu(rented).value;  // 1000 x 3600 x 730 x 0.6 tokens per GPU
  // m servers (8m GPUs at $1,500) beat n rented GPUs ($2,000 each) when n >= 6m; within server m the
  // rented fleet starts at 8(m-1)+1 GPUs, so renting wins somewhere in it while 8m-7 < 6m: m <= 3.
  // In the third server's range, buying wins from the 18th rented GPU on: from 17 K.
  const BuyVsRent r = buy_vs_rent(bought, rented, Tokens(1e9));
  REQUIRE(r.break_even);
  CHECK(r.break_even->value == doctest::Approx(17 * K));
  CHECK(*r.break_even_utilization == doctest::Approx(17.0 / 24 * 0.6));
  // Just above it buying costs no more; just below, renting was cheaper.
  CHECK(selfhost_cost(bought, Tokens(17 * K * 1.000001)).total <= selfhost_cost(rented, Tokens(17 * K * 1.000001)).total);
  CHECK(selfhost_cost(bought, Tokens(17 * K * 0.999999)).total > selfhost_cost(rented, Tokens(17 * K * 0.999999)).total);
}

TEST_CASE("past the break-even buying never loses (a walk over every rented GPU)") {
  const auto [bought, rented] = plans();
  const BuyVsRent r = buy_vs_rent(bought, rented, Tokens(1e9));
  const double K = target_capacity_per_gpu(rented).value;
  for (int n = 1; n <= 400; ++n) {
    for (double at : {(n - 1) * K * 1.0000001, n * K}) {
      if (at < r.break_even->value * 1.0000001) continue;
      CHECK(selfhost_cost(bought, Tokens(at)).total <= selfhost_cost(rented, Tokens(at)).total);
    }
  }
}

TEST_CASE("a bought GPU dearer than a rented one never breaks even; the payback counts cash") {
  auto [bought, rented] = plans();
  rented.gpu_monthly_override = Usd(1400.0);
  CHECK_FALSE(buy_vs_rent(bought, rented, Tokens(1e9)).break_even);
  bought.purchase->support_fraction_per_year = 1.0;  // support dearer than the rent: no cash saved
  CHECK_FALSE(buy_vs_rent(bought, rented, Tokens(1e9)).payback_months);
  bought.purchase->support_fraction_per_year = 0.0;
  // At 24 rented GPUs' worth (three servers): rent $48,000, buy $36,000 of which all is depreciation,
  // so the $360,000 of servers x 3 pays back in 3 x 720,000 / 48,000 = 45 months.
  rented.gpu_monthly_override = Usd(2000.0);
  const double K = target_capacity_per_gpu(rented).value;
  const BuyVsRent r = buy_vs_rent(bought, rented, Tokens(24 * K));
  CHECK(r.rental_monthly.value == doctest::Approx(48000.0));
  CHECK(r.purchase_monthly.value == doctest::Approx(36000.0));
  REQUIRE(r.payback_months);
  CHECK(*r.payback_months == doctest::Approx(3 * 720000.0 / 48000.0));
}

TEST_SUITE_END();
