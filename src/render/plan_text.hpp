// The self-hosting plan and the workload in words (internal to the renderers): the mix, the
// license as a monthly rate, the GPU's price and where it came from.
#pragma once

#include <nimcost/base/quantity.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace nimcost {

inline std::string mix_text(const Workload& w) {
  std::string text = fmt::format("input share {}", format_percent(w.input_share));
  if (std::fabs(w.input_share - 1.0 / 3.0) < 1e-6) text += " (1:2 in:out, the article's mix)";
  if (std::fabs(w.input_share - 0.75) < 1e-6) text += " (3:1 in:out)";
  if (w.cached_input_share > 0.0) text += fmt::format(", {} of input cached", format_percent(w.cached_input_share));
  text += w.batch_api ? ", batch API prices" : ", list prices";
  return text;
}

inline std::string license_text(const SelfHostPlan& plan) {
  const Usd per_gpu = license_monthly_cost_per_gpu(plan);
  switch (plan.license.pricing) {
    case LicensePricing::free: return fmt::format("{} (free)", plan.license.id);
    case LicensePricing::per_gpu_year:
      return fmt::format("{}: {}/GPU-year = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
    case LicensePricing::per_gpu_hour:
      return fmt::format("{}: {}/GPU-hour = {}/GPU-month", plan.license.id, format_usd(Usd(plan.license.price_usd)),
                         format_usd(per_gpu));
  }
  return plan.license.id;
}

inline std::string rate_text(const SelfHostPlan& plan) {
  if (plan.purchase) {
    const PurchaseOffer& o = *plan.purchase;
    return fmt::format("{} per {}-GPU server bought, depreciated over {:g} years ({}, as of {})",
                       format_usd(Usd(o.server_usd)), o.gpus_per_server, o.depreciation_years, o.id, o.provenance.as_of);
  }
  if (plan.gpu_monthly_override) return fmt::format("{}/GPU-month (--gpu-monthly-usd)", format_usd(*plan.gpu_monthly_override));
  std::string text = fmt::format("{}/GPU-hour x {:g} h/month", format_usd(Usd(plan.usd_per_gpu_hour)),
                                 plan.hours_per_month.value);
  if (plan.rental) {
    const RentalOffer& o = *plan.rental;
    text += fmt::format(" ({}{}, as of {})", o.id, o.term == "on-demand" ? "" : ", " + o.term, o.provenance.as_of);
  }
  else text += " (" + plan.rate_source + ")";
  return text;
}

}  // namespace nimcost
