// --purchase ID: bought servers as the self-hosted option, and the flags that replace the offer's
// energy price, PUE and depreciation period (the figures a finance team most often has its own of).
#include "common.hpp"

namespace nimcost::cli {

void add_purchase_flags(CLI::App& app, SelfHostFlags& f) {
  app.add_option("--purchase", f.purchase,
                 "Buy servers instead of renting: a purchase offer (nimcost prices --kind purchase)")
      ->type_name("ID");
  app.add_option("--usd-per-kwh", f.usd_per_kwh, "Energy price for bought servers, USD per kWh")->type_name("X");
  app.add_option("--pue", f.pue, "Power usage effectiveness of the facility (1 = no overhead)")->type_name("X");
  app.add_option("--depreciation-years", f.depreciation_years, "Years bought servers depreciate over")
      ->type_name("N");
}

void apply_purchase_flags(const SelfHostFlags& f, SelfHostRequest& r) {
  if (!f.purchase.empty()) r.purchase = f.purchase;
  r.usd_per_kwh = optional_number("--usd-per-kwh", f.usd_per_kwh, "a price in USD per kWh");
  r.pue = optional_number("--pue", f.pue, "a ratio such as 1.4");
  r.depreciation_years = optional_number("--depreciation-years", f.depreciation_years, "a number of years");
}

}  // namespace nimcost::cli
