// Unit tests of src/core/model/owned_server.cpp (doctest suite "core/model/owned_server"): each part
// of a bought server's month computed by hand, the bare-depreciation case, whole servers,
// and the costs moving the right way with energy price, PUE and utilization.
#include "helpers.hpp"

#include <nimcost/model/owned_server.hpp>
#include <nimcost/model/selfhost.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("core/model/owned_server");

namespace {

PurchaseOffer server() {
  PurchaseOffer o;
  o.id = "test-server";
  o.gpu = "h100-sxm";
  o.gpus_per_server = 8;
  o.server_usd = 240000.0;
  o.depreciation_years = 4.0;
  o.residual_fraction = 0.1;
  o.annual_cost_of_capital_fraction = 0.08;
  o.server_power_w = 10000.0;
  o.server_idle_power_w = 4000.0;
  o.pue = 1.5;
  o.usd_per_kwh = 0.10;
  o.colocation_usd_per_kw_month = 150.0;
  o.support_fraction_per_year = 0.06;
  return o;
}

}  // namespace

TEST_CASE("every part of a server's month, by hand") {
  const OwnedServerCost c = owned_server_monthly(server(), 0.5, 730.0);
  CHECK(c.depreciation.value == doctest::Approx(4500.0));  // (240,000 - 24,000) / 48 months
  CHECK(c.capital.value == doctest::Approx(880.0));        // (240,000 + 24,000) / 2 x 8% / 12
  CHECK(c.power.value == doctest::Approx(766.5));          // (4 + 6 x 0.5) kW x 1.5 x 730 h x $0.10
  CHECK(c.colocation.value == doctest::Approx(1500.0));    // 10 kW x $150
  CHECK(c.support.value == doctest::Approx(1200.0));       // 240,000 x 6% / 12
  CHECK(c.total().value == doctest::Approx(8846.5));
}

TEST_CASE("with capital, residual, power, colocation and support at zero a GPU costs the price over its months") {
  PurchaseOffer o = server();
  o.residual_fraction = o.annual_cost_of_capital_fraction = o.usd_per_kwh = 0.0;
  o.colocation_usd_per_kw_month = o.support_fraction_per_year = 0.0;
  CHECK(owned_fixed_per_gpu(o, 730.0).value == doctest::Approx(240000.0 / 8 / (12 * 4)));
  CHECK(owned_full_load_extra_per_gpu(o, 730.0).value == 0.0);
}

TEST_CASE("servers come whole") {
  const PurchaseOffer o = server();
  CHECK(servers_for(o, 1) == 1);
  CHECK(servers_for(o, 3) == 1);
  CHECK(servers_for(o, 8) == 1);
  CHECK(servers_for(o, 9) == 2);
  SelfHostPlan plan = test::flat_plan(0.0, 3);
  plan.gpu_monthly_override.reset();
  plan.purchase = o;
  const SelfHostCost cost = selfhost_cost(plan, Tokens(1e9));
  CHECK(cost.servers == 1);
  // Three of the server's eight GPUs busy at 1e9 / (3 x 1000 x 3600 x 730) each: power follows the server's share.
  const double busy = 1e9 / (3 * 1000.0 * 3600 * 730) * 3 / 8;
  CHECK(cost.gpu.value == doctest::Approx(owned_server_monthly(o, busy, 730.0).total().value));
}

TEST_CASE("a month costs more with a dearer kWh, a higher PUE and more utilization; never less") {
  PurchaseOffer o = server();
  double previous = 0.0;
  for (double kwh = 0.0; kwh <= 0.5; kwh += 0.05) {
    o.usd_per_kwh = kwh;
    const double c = owned_server_monthly(o, 0.7, 730.0).total().value;
    CHECK(c >= previous);
    previous = c;
  }
  o = server();
  previous = 0.0;
  for (double pue = 1.0; pue <= 3.0; pue += 0.1) {
    o.pue = pue;
    const double c = owned_server_monthly(o, 0.7, 730.0).total().value;
    CHECK(c > previous);
    previous = c;
  }
  o = server();
  previous = 0.0;
  for (double u = 0.0; u <= 1.0; u += 0.1) {
    const double c = owned_server_monthly(o, u, 730.0).total().value;
    CHECK(c > previous);
    previous = c;
  }
  // Without an idle figure the server draws full load whatever its utilization.
  o.server_idle_power_w.reset();
  CHECK(owned_server_monthly(o, 0.0, 730.0).power.value == owned_server_monthly(o, 1.0, 730.0).power.value);
}

TEST_SUITE_END();
