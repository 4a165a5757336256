// Quality tiers from the catalog's quality scores and same-weights links.
#include <nimcost/base/error.hpp>
#include <nimcost/model/quality_tier.hpp>

#include <fmt/format.h>

namespace nimcost {

const char* tier_name(QualityTier tier) {
  switch (tier) {
    case QualityTier::same_model: return "same-model";
    case QualityTier::comparable: return "comparable";
    case QualityTier::lower: return "lower";
    case QualityTier::unrated: return "unrated";
  }
  return "unrated";
}

const char* compare_to_name(CompareTo to) {
  switch (to) {
    case CompareTo::comparable: return "comparable";
    case CompareTo::same_model: return "same-model";
    case CompareTo::all: return "all";
  }
  return "comparable";
}

CompareTo parse_compare_to(std::string_view text) {
  for (const auto to : {CompareTo::comparable, CompareTo::same_model, CompareTo::all}) {
    if (text == compare_to_name(to)) return to;
  }
  throw usage_error(fmt::format("--compare-to must be comparable, same-model or all, got '{}'", text));
}

QualityTier quality_tier(const Catalog& catalog, const ApiModel& api, const std::string& served_model,
                         std::optional<double> min_quality) {
  if (!api.serves.empty() && api.serves == served_model) return QualityTier::same_model;
  const QualityScore* score = catalog.quality_of(api.id);
  const QualityScore* served = catalog.quality_of(served_model);
  const std::optional<double> threshold = min_quality ? min_quality : served ? std::optional<double>(served->score) : std::nullopt;
  if (score == nullptr || !threshold) return QualityTier::unrated;
  return score->score >= *threshold ? QualityTier::comparable : QualityTier::lower;
}

bool in_comparison(QualityTier tier, CompareTo to) {
  switch (to) {
    case CompareTo::all: return true;
    case CompareTo::same_model: return tier == QualityTier::same_model;
    case CompareTo::comparable: return tier == QualityTier::same_model || tier == QualityTier::comparable;
  }
  return true;
}

}  // namespace nimcost
