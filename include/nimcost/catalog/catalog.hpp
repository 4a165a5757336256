// The price and hardware catalog as plain structs: API models, GPU SKUs, rental offers, license plans
// and the documented defaults. Loading (TOML) lives in load/; this header only holds the data and the
// look-ups, which answer an unknown ID with the closest known names.
#pragma once

#include <nimcost/base/provenance.hpp>
#include <nimcost/catalog/served_model.hpp>
#include <nimcost/base/units.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimcost {

// A per-token API offering of one model.
struct ApiModel {
  std::string id;        // lower-case, as users type it: "gpt-4.1"
  std::string provider;  // "openai", "anthropic", ...
  std::string name;      // display name
  PerMtok input;
  PerMtok output;
  std::optional<PerMtok> cached_input;  // prompt-cache read price, where the provider has one
  double batch_discount_fraction = 0.0; // 0.5 = the batch API costs half
  std::optional<double> rate_limit_rpm; // requests per minute at the entry tier
  std::optional<double> rate_limit_tpm; // tokens per minute at the entry tier
  bool production = true;               // false: a free/prototyping endpoint not meant for production
  std::vector<std::string> aliases;     // other names users type: "mistral-large"
  std::string serves;                   // the served model whose open weights it hosts per token, if any
  std::string notes;
  Provenance provenance;
};

// A model's quality on one public scale that rates open and closed models alike (data/quality_scores.toml
// says which), for comparing a self-hosted model with APIs of its quality.
struct QualityScore {
  std::string id;        // an API model or a served model
  double score = 0.0;
  std::string rated_as;  // the leaderboard's name for the model rated
  std::string notes;
  Provenance provenance;
};

// A GPU model's datasheet figures (dense, no sparsity).
struct GpuSku {
  std::string id;  // "h100-sxm"
  std::string name;
  std::vector<std::string> aliases;  // other names users type: "h100"
  double memory_gb = 0.0;                 // as marketed
  std::optional<double> memory_mib;       // as the driver reports it (nvidia-smi), where known
  double bandwidth_tb_per_s = 0.0;
  std::optional<double> interconnect_gb_per_s;  // GPU-to-GPU, one direction (NVLink or PCIe)
  double bf16_tflops = 0.0;
  std::optional<double> fp8_tflops;
  std::optional<double> fp4_tflops;
  std::optional<double> int8_tops;
  double tdp_watts = 0.0;
  std::string notes;
  Provenance provenance;
};

// How a rental is billed: the names a catalog's `billing` and simulate's --billing accept.
inline const std::vector<std::string> k_billing_names = {"per-second", "per-minute", "per-hour", "hourly", "monthly"};
// How long a rental is bought for: by the hour, committed for a term (billed every hour of it, busy
// or not), or spot capacity the vendor may take back at any time.
inline const std::vector<std::string> k_term_names = {"on-demand", "1-year", "3-year", "spot"};

// A GPU one can rent: vendor, SKU, term and hourly price per GPU.
struct RentalOffer {
  std::string id;  // "runpod-h100-sxm"
  std::string vendor;
  std::string gpu;  // a GpuSku id
  double usd_per_gpu_hour = 0.0;
  std::string billing;  // one of k_billing_names; empty: per-hour
  std::string term = "on-demand";  // one of k_term_names
  int gpus_per_instance = 1;  // rented only this many at a time (8 for AWS p5.48xlarge)
  std::optional<double> interruptions_per_day;      // spot: how often the vendor takes a GPU back
  std::optional<double> mean_interruption_minutes;  // spot: how long until the capacity returns
  std::string notes;
  Provenance provenance;

  bool committed() const { return term == "1-year" || term == "3-year"; }
  bool spot() const { return term == "spot"; }
};

// Servers one can buy and run: the price of one server of `gpus_per_server` GPUs and what owning
// it costs each month besides (capital, power, colocation, support). See model/owned_server.hpp.
struct PurchaseOffer {
  std::string id;  // "dgx-h100"
  std::string vendor;
  std::string gpu;  // a GpuSku id
  int gpus_per_server = 8;
  double server_usd = 0.0;
  double depreciation_years = 5.0;
  double residual_fraction = 0.0;                // of server_usd, left at the end of depreciation
  double annual_cost_of_capital_fraction = 0.0;  // on the capital tied up (the average book value)
  double server_power_w = 0.0;                   // at full load
  std::optional<double> server_idle_power_w;     // absent: full load whatever the utilization
  double pue = 1.0;                              // facility power over IT power
  double usd_per_kwh = 0.0;
  double colocation_usd_per_kw_month = 0.0;      // per kW of full-load power, energy not included
  double support_fraction_per_year = 0.0;        // of server_usd
  std::string notes;
  Provenance provenance;
};


enum class LicensePricing { free, per_gpu_year, per_gpu_hour };

// "free", "per-gpu-year", "per-gpu-hour": the catalog's and the JSON report's spelling.
const char* license_pricing_name(LicensePricing pricing);
std::optional<LicensePricing> parse_license_pricing(std::string_view text);

// A software license plan for running NIM.
struct LicensePlan {
  std::string id;  // "enterprise-annual"
  std::string name;
  LicensePricing pricing = LicensePricing::free;
  double price_usd = 0.0;          // per GPU-year or per GPU-hour, by `pricing`
  std::optional<int> max_gpus;     // the developer tier stops at 16
  bool production_allowed = true;  // the developer tier is for dev/test only
  std::optional<int> term_days;    // the evaluation license lasts 90 days
  std::string notes;
  Provenance provenance;
};

// A license's price as a rate: per GPU-hour held (an annual price spread over the 8,760 hours of a
// year), and per GPU for a month of `hours_per_month` (an annual price is a twelfth whatever the
// month's hours; an hourly one is paid for each of them).
double license_usd_per_gpu_hour(const LicensePlan& plan);
double license_usd_per_gpu_month(const LicensePlan& plan, double hours_per_month);

// A Multi-Instance GPU profile: its share of the GPU is compute_slices / 7.
struct MigProfile {
  std::string id;  // "3g.40gb"
  int compute_slices = 1;
  double memory_gb = 0.0;
  std::vector<std::string> gpus;  // GPU IDs that offer it
  std::string notes;
  Provenance provenance;

  double share() const { return compute_slices / 7.0; }
};

// Defaults used when a flag is not given; each is documented and sourced.
struct Defaults {
  double hours_per_month = 730.0;
  double input_share = 1.0 / 3.0;
  double max_utilization = 0.6;
  double capacity_tokens_per_s_per_gpu = 1000.0;
  std::string capacity_reference_gpu = "h100-sxm";
  std::string gpu = "h100-sxm";
  std::string rental = "runpod-h100-sxm";
  std::string license = "enterprise-annual";
  std::string served_model = "llama-3.3-70b";  // --model: the self-hosted side is always a named model
  // --model sizing: the profile and the realtime latency target when none is given.
  std::string profile = "realtime";
  double realtime_ttft_ms = 2000.0;
  double realtime_tpot_ms = 50.0;
  Provenance provenance;
};

// How a kind of traffic arrives over a month, for `nimcost simulate`. Realtime traffic follows a
// 24-hour curve scaled by weekday/weekend factors and growth, with random variation around it; batch
// traffic arrives as jobs (nightly, hourly or continuously) that must finish within a window.
struct TrafficProfile {
  std::string id;
  std::string kind = "realtime";      // "realtime" or "batch"
  std::vector<double> hourly;         // realtime: 24 relative demand levels, hour 0 first (mean 1 after loading)
  double weekday_factor = 1.0;
  double weekend_factor = 1.0;
  double burstiness = 0.0;            // coefficient of variation of demand around the curve
  double burst_minutes = 5.0;         // how long a burst lasts (the variation's correlation time)
  double growth_per_month = 0.0;      // demand at the month's end is (1 + growth) times its start
  std::string arrival = "nightly";    // batch: "nightly", "hourly" or "continuous"
  double start_hour = 22.0;           // batch, nightly: when the night's job arrives
  double window_hours = 8.0;          // batch: the completion window
  std::optional<double> ttft_ms;      // realtime latency target (default: the catalog's)
  std::optional<double> tpot_ms;
  std::string notes;
  Provenance provenance;
};

struct Catalog {
  std::vector<ApiModel> api_models;
  std::vector<GpuSku> gpus;
  std::vector<RentalOffer> rentals;
  std::vector<PurchaseOffer> purchases;
  std::vector<LicensePlan> licenses;
  std::vector<ServedModel> served_models;
  std::vector<EngineFactors> engine_factors;
  std::vector<MigProfile> mig_profiles;
  std::vector<TrafficProfile> traffic_profiles;
  std::vector<QualityScore> quality_scores;
  Defaults defaults;

  // The quality score of an API or served model, if the catalog has one.
  const QualityScore* quality_of(std::string_view id) const;

  // The API model with this ID or alias; a usage error naming the closest IDs otherwise.
  const ApiModel& api_model(std::string_view id) const;
  // The served model with this ID or alias; a usage error naming the closest IDs otherwise.
  const ServedModel& served_model(std::string_view id) const;
  // The calibrated factors of an engine family at a precision for models of an architecture
  // ("dense" or "moe"): the set fitted on that architecture, else one fitted on both; null if
  // the catalog has neither.
  const EngineFactors* factors_for(std::string_view engine, Precision precision, std::string_view architecture) const;
  // The engine's set for a precision and architecture, else the nearest it has: its set for the
  // other architecture, TensorRT-LLM 1.x's for fp4 under trtllm, its set at a stand-in precision
  // (bf16 for fp16 and so on), with `borrowed` saying what stands in for what; null if the engine
  // has no set near the precision (or none at all).
  struct NearestFactors {
    const EngineFactors* factors = nullptr;
    std::string borrowed;  // "no fp4 calibration for trtllm: using ..."; empty for the engine's own set
  };
  NearestFactors nearest_factors(std::string_view engine, Precision precision, std::string_view architecture) const;
  // The MIG profile a GPU_I_PROFILE label names ("3g.40gb", "1g.10gb+me"), if the catalog has it.
  const MigProfile* mig_profile(std::string_view id) const;
  // The traffic profile with this ID; a usage error naming the closest IDs otherwise.
  const TrafficProfile& traffic_profile(std::string_view id) const;
  // The GPU SKU with this ID or alias; a usage error naming the closest IDs otherwise.
  const GpuSku& gpu(std::string_view id) const;
  // The rental offer with this ID; a usage error naming the closest IDs otherwise.
  const RentalOffer& rental(std::string_view id) const;
  // The purchase offer with this ID; a usage error naming the closest IDs otherwise.
  const PurchaseOffer& purchase(std::string_view id) const;
  // The license plan with this ID; a usage error naming the closest IDs otherwise.
  const LicensePlan& license(std::string_view id) const;
  // The first on-demand rental offer for a GPU SKU (else the first of any term), if any.
  const RentalOffer* first_rental_for(std::string_view gpu_id) const;
  // The API models a --provider selector names: an ID, an alias, or a provider name ("openai").
  std::vector<const ApiModel*> select_api_models(std::string_view selector) const;
};

}  // namespace nimcost
