// Catalog look-ups. IDs compare case-insensitively (users type "GPT-4.1" too); a miss is a usage
// error that lists the closest IDs, because a typo in a flag is by far the likeliest cause.
#include <nimcost/catalog/catalog.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost {

namespace {

template <typename T>
const T& find_by_id(const std::vector<T>& items, std::string_view id, std::string_view what) {
  for (const auto& item : items) {
    if (same_name(item.id, id)) return item;
  }
  std::vector<std::string> known;
  for (const auto& item : items) known.push_back(item.id);
  throw usage_error(fmt::format("unknown {} '{}'{}; `nimcost prices` lists them", what, id, did_you_mean(id, known)));
}

// By ID first, then by alias; the suggestions draw on both.
template <typename T>
const T& find_by_id_or_alias(const std::vector<T>& items, std::string_view id, std::string_view what,
                             std::string_view lister) {
  for (const auto& item : items) {
    if (same_name(item.id, id)) return item;
  }
  for (const auto& item : items) {
    for (const auto& alias : item.aliases) {
      if (same_name(alias, id)) return item;
    }
  }
  std::vector<std::string> known;
  for (const auto& item : items) {
    known.push_back(item.id);
    known.insert(known.end(), item.aliases.begin(), item.aliases.end());
  }
  throw usage_error(fmt::format("unknown {} '{}'{}; `{}` lists them", what, id, did_you_mean(id, known), lister));
}

}  // namespace

const char* license_pricing_name(LicensePricing pricing) {
  switch (pricing) {
    case LicensePricing::free: return "free";
    case LicensePricing::per_gpu_year: return "per-gpu-year";
    case LicensePricing::per_gpu_hour: return "per-gpu-hour";
  }
  return "free";
}

std::optional<LicensePricing> parse_license_pricing(std::string_view text) {
  for (const auto p : {LicensePricing::free, LicensePricing::per_gpu_year, LicensePricing::per_gpu_hour}) {
    if (text == license_pricing_name(p)) return p;
  }
  return std::nullopt;
}

double license_usd_per_gpu_hour(const LicensePlan& plan) {
  constexpr double hours_per_year = 8760.0;
  switch (plan.pricing) {
    case LicensePricing::free: return 0.0;
    case LicensePricing::per_gpu_year: return plan.price_usd / hours_per_year;
    case LicensePricing::per_gpu_hour: return plan.price_usd;
  }
  return 0.0;
}

double license_usd_per_gpu_month(const LicensePlan& plan, double hours_per_month) {
  switch (plan.pricing) {
    case LicensePricing::free: return 0.0;
    case LicensePricing::per_gpu_year: return plan.price_usd / 12.0;
    case LicensePricing::per_gpu_hour: return plan.price_usd * hours_per_month;
  }
  return 0.0;
}

const ServedModel& Catalog::served_model(std::string_view id) const {
  return find_by_id_or_alias(served_models, id, "model", "nimcost prices --kind model");
}

const EngineFactors* Catalog::factors_for(std::string_view engine, Precision precision,
                                          std::string_view architecture) const {
  const EngineFactors* both = nullptr;
  for (const auto& f : engine_factors) {
    if (!same_name(f.engine, engine) || !same_name(f.precision, precision_name(precision))) continue;
    if (same_name(f.architecture, architecture)) return &f;
    if (f.architecture.empty() && both == nullptr) both = &f;
  }
  return both;
}

namespace {

// The precisions whose calibration stands in for one that has none, nearest first.
std::vector<Precision> stand_ins(Precision p) {
  switch (p) {
    case Precision::fp16: return {Precision::bf16, Precision::fp8};
    case Precision::bf16: return {Precision::fp16, Precision::fp8};
    case Precision::fp8: return {Precision::bf16, Precision::fp16};
    case Precision::int8: return {Precision::fp8, Precision::bf16};
    case Precision::int4: return {Precision::fp16, Precision::bf16, Precision::fp8};
    case Precision::fp4: return {Precision::fp8, Precision::bf16};
  }
  return {};
}

// The engine's set at a precision for the architecture, else its set fitted on the other one
// (noted in `other_models`: "dense-model " or "mixture-of-experts ").
const EngineFactors* either_architecture(const Catalog& catalog, std::string_view engine, Precision precision,
                                         std::string_view architecture, std::string& other_models) {
  if (const EngineFactors* f = catalog.factors_for(engine, precision, architecture)) return f;
  const std::string_view other = architecture == "moe" ? "dense" : "moe";
  const EngineFactors* f = catalog.factors_for(engine, precision, other);
  if (f != nullptr) other_models = fmt::format("{} ", architecture_models(other));
  return f;
}

}  // namespace

Catalog::NearestFactors Catalog::nearest_factors(std::string_view engine, Precision precision,
                                                 std::string_view architecture) const {
  NearestFactors out;
  std::string other_models;
  if ((out.factors = either_architecture(*this, engine, precision, architecture, other_models))) {
    if (!other_models.empty()) {
      out.borrowed = fmt::format("no {} calibration for {} {}: using its {}factors",
                                 architecture_models(architecture == "moe" ? "moe" : "dense"), engine,
                                 precision_name(precision), other_models);
    }
    return out;
  }
  // TensorRT-LLM's 4-bit float runs are all from its PyTorch backend (1.x).
  if (same_name(engine, "trtllm") && precision == Precision::fp4) {
    if ((out.factors = either_architecture(*this, "trtllm-pytorch", precision, architecture, other_models))) {
      out.borrowed = fmt::format(
          "no fp4 calibration for trtllm: using trtllm-pytorch's (TensorRT-LLM 1.x) fp4 {}factors", other_models);
      return out;
    }
  }
  for (Precision other : stand_ins(precision)) {
    if ((out.factors = either_architecture(*this, engine, other, architecture, other_models))) {
      out.borrowed = fmt::format("no {} calibration for {}: using its {} {}factors", precision_name(precision), engine,
                                 precision_name(other), other_models);
      return out;
    }
  }
  return out;
}

const MigProfile* Catalog::mig_profile(std::string_view id) const {
  // Media-extension variants ("1g.10gb+me") take the plain profile's share.
  const std::string_view plain = id.substr(0, id.find('+'));
  for (const auto& p : mig_profiles) {
    if (same_name(p.id, plain)) return &p;
  }
  return nullptr;
}

const ApiModel& Catalog::api_model(std::string_view id) const {
  for (const auto& model : api_models) {
    if (same_name(model.id, id)) return model;
  }
  for (const auto& model : api_models) {
    for (const auto& alias : model.aliases) {
      if (same_name(alias, id)) return model;
    }
  }
  return find_by_id(api_models, id, "API model");
}

const GpuSku& Catalog::gpu(std::string_view id) const {
  return find_by_id_or_alias(gpus, id, "GPU", "nimcost prices --kind gpu");
}

const RentalOffer& Catalog::rental(std::string_view id) const { return find_by_id(rentals, id, "rental offer"); }

const PurchaseOffer& Catalog::purchase(std::string_view id) const {
  return find_by_id(purchases, id, "purchase offer");
}

const LicensePlan& Catalog::license(std::string_view id) const { return find_by_id(licenses, id, "license plan"); }

const TrafficProfile& Catalog::traffic_profile(std::string_view id) const {
  return find_by_id(traffic_profiles, id, "traffic profile");
}

const QualityScore* Catalog::quality_of(std::string_view id) const {
  for (const auto& q : quality_scores) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

const RentalOffer* Catalog::first_rental_for(std::string_view gpu_id) const {
  const RentalOffer* any = nullptr;
  for (const auto& offer : rentals) {
    if (!same_name(offer.gpu, gpu_id)) continue;
    if (offer.term == "on-demand") return &offer;
    if (any == nullptr) any = &offer;
  }
  return any;
}

std::vector<const ApiModel*> Catalog::select_api_models(std::string_view selector) const {
  std::vector<const ApiModel*> out;
  for (const auto& model : api_models) {
    if (same_name(model.provider, selector)) out.push_back(&model);
  }
  if (!out.empty()) return out;
  // Not a provider name: an ID or alias, with suggestions drawn from IDs, aliases and providers.
  for (const auto& model : api_models) {
    if (same_name(model.id, selector)) return {&model};
  }
  for (const auto& model : api_models) {
    for (const auto& alias : model.aliases) {
      if (same_name(alias, selector)) return {&model};
    }
  }
  std::vector<std::string> known;
  for (const auto& model : api_models) {
    known.push_back(model.id);
    known.insert(known.end(), model.aliases.begin(), model.aliases.end());
    if (std::find(known.begin(), known.end(), model.provider) == known.end()) known.push_back(model.provider);
  }
  throw usage_error(fmt::format("unknown API model or provider '{}'{}; `nimcost prices --kind api` lists them",
                                selector, did_you_mean(selector, known)));
}

}  // namespace nimcost
