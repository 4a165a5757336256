// `nimcost prices`: the catalog entries a listing shows (pointers into the catalog).
#pragma once

#include <nimcost/catalog/catalog.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct PricesReport {
  std::string kind;  // "all", "api", "gpu", "rental", "purchase", "license", "model", "profile" or "quality"
  std::vector<const ApiModel*> api_models;
  std::vector<const GpuSku*> gpus;
  std::vector<const RentalOffer*> rentals;
  std::vector<const PurchaseOffer*> purchases;
  std::vector<const LicensePlan*> licenses;
  std::vector<const ServedModel*> models;
  std::vector<const TrafficProfile*> profiles;
  std::vector<const QualityScore*> quality;
  const Defaults* defaults = nullptr;
};

}  // namespace nimcost
