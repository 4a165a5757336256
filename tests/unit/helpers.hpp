// Shared test fixtures: the built-in catalog and a plan shaped like the article's single H100.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/model/selfhost.hpp>

namespace nimcost::test {

// The catalog compiled into the binary (data/*.toml).
inline const Catalog& builtin_catalog() {
  static const Catalog catalog = load_catalog(embedded_catalog_sources());
  return catalog;
}

// One H100 at a flat monthly price, no license, 1000 tokens/s, 60% target: the article's setup.
inline SelfHostPlan flat_plan(double gpu_monthly_usd, int gpus = 1) {
  SelfHostPlan plan;
  plan.gpu = builtin_catalog().gpu("h100-sxm");
  plan.gpu_monthly_override = Usd(gpu_monthly_usd);
  plan.hours_per_month = Hours(730.0);
  plan.license = builtin_catalog().license("none");
  plan.capacity_tokens_per_s_per_gpu = 1000.0;
  plan.max_utilization = 0.6;
  if (gpus > 0) plan.pinned_gpus = gpus;
  return plan;
}

}  // namespace nimcost::test
