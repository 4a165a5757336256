// Unit tests of src/core/model/quality_tier.cpp (doctest suite "core/model/quality_tier"): tiers from
// constructed scores and same-weights links.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/model/quality_tier.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

namespace {

// A catalog of one served model (score 1300) and four APIs: the same weights, one above, one
// below and one without a score.
Catalog scored() {
  Catalog c;
  ServedModel m;
  m.id = "open-70b";
  c.served_models = {m};
  ApiModel same, above, below, unrated;
  same.id = "open-70b-host";
  same.serves = "open-70b";
  above.id = "closed-big";
  below.id = "closed-small";
  unrated.id = "new-thing";
  c.api_models = {same, above, below, unrated};
  c.quality_scores = {{"open-70b", 1300.0, "", "", {}}, {"closed-big", 1400.0, "", "", {}},
                      {"closed-small", 1250.0, "", "", {}}, {"open-70b-host", 1290.0, "", "", {}}};
  return c;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/quality_tier");

TEST_CASE("tiers from constructed scores: same weights first, then the score against the threshold") {
  const Catalog c = scored();
  CHECK(quality_tier(c, c.api_models[0], "open-70b", std::nullopt) == QualityTier::same_model);  // despite 1290 < 1300
  CHECK(quality_tier(c, c.api_models[1], "open-70b", std::nullopt) == QualityTier::comparable);
  CHECK(quality_tier(c, c.api_models[2], "open-70b", std::nullopt) == QualityTier::lower);
  CHECK(quality_tier(c, c.api_models[3], "open-70b", std::nullopt) == QualityTier::unrated);
  // --min-quality replaces the self-hosted model's score as the threshold.
  CHECK(quality_tier(c, c.api_models[2], "open-70b", 1200.0) == QualityTier::comparable);
  CHECK(quality_tier(c, c.api_models[1], "open-70b", 1450.0) == QualityTier::lower);
  // Another self-hosted model: the host of open-70b is no longer the same model, and scores 1290.
  CHECK(quality_tier(c, c.api_models[0], "other", 1280.0) == QualityTier::comparable);
  // A self-hosted model without a score and no --min-quality: nothing is comparable.
  CHECK(quality_tier(c, c.api_models[1], "other", std::nullopt) == QualityTier::unrated);
}

TEST_CASE("the compared set by --compare-to") {
  CHECK(in_comparison(QualityTier::same_model, CompareTo::comparable));
  CHECK(in_comparison(QualityTier::comparable, CompareTo::comparable));
  CHECK_FALSE(in_comparison(QualityTier::lower, CompareTo::comparable));
  CHECK_FALSE(in_comparison(QualityTier::unrated, CompareTo::comparable));
  CHECK(in_comparison(QualityTier::same_model, CompareTo::same_model));
  CHECK_FALSE(in_comparison(QualityTier::comparable, CompareTo::same_model));
  CHECK(in_comparison(QualityTier::unrated, CompareTo::all));
  CHECK(parse_compare_to("same-model") == CompareTo::same_model);
  CHECK_THROWS_AS(parse_compare_to("best"), Error);
}

TEST_SUITE_END();
