// Like for like: each API against the self-hosted model's quality. An API serving the same open
// weights is `same-model`; one whose quality score is at or above the threshold (the self-hosted
// model's score, or --min-quality) is `comparable`; below it `lower`; without a score `unrated`.
// Verdicts compare self-hosting with the APIs of the chosen set (--compare-to) and say what they left out.
#pragma once

#include <nimcost/catalog/catalog.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace nimcost {

enum class QualityTier { same_model, comparable, lower, unrated };
enum class CompareTo { comparable, same_model, all };

const char* tier_name(QualityTier tier);  // "same-model", "comparable", "lower", "unrated"
const char* compare_to_name(CompareTo to);  // "comparable", "same-model", "all"
// "comparable", "same-model" or "all"; a usage error otherwise.
CompareTo parse_compare_to(std::string_view text);

// The tier of `api` against the self-hosted `served_model` (its score `served_score`), with
// `min_quality` as the threshold when given.
QualityTier quality_tier(const Catalog& catalog, const ApiModel& api, const std::string& served_model,
                         std::optional<double> min_quality);

// Whether a row of this tier is in the set the verdict compares.
bool in_comparison(QualityTier tier, CompareTo to);

}  // namespace nimcost
