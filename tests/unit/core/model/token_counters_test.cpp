// Unit tests of src/core/model/token_counters.cpp (doctest suite "core/model/token_counters"): counter
// increases as Prometheus' increase() counts them, per group and per model.
#include <nimcost/model/token_counters.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

namespace {

DcgmSample sample(const DcgmLabels& labels, std::size_t series, DcgmMetric metric, double t, double v) {
  DcgmSample s;
  s.metric = metric;
  s.labels = &labels;
  s.series = series;
  s.time_s = t;
  s.value = v;
  return s;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/token_counters");

TEST_CASE("increases with a restart, out-of-order samples skipped, sums per group and model") {
  DcgmLabels a;
  a.kube_namespace = "team-a";
  a.served_model = "meta/llama-3.1-8b-instruct";
  DcgmLabels b;
  b.kube_namespace = "team-b";
  b.served_model = "meta/llama-3.1-8b-instruct";
  TokenCounter counter(GroupBy::kube_namespace);
  // team-a prompt: 100 -> 250 -> (restart) 40 -> 90: 150 + 40 + 50 = 240.
  for (auto [t, v] : {std::pair{0.0, 100.0}, {60.0, 250.0}, {120.0, 40.0}, {180.0, 90.0}}) {
    counter.add(sample(a, 0, DcgmMetric::prompt_tokens, t, v));
  }
  counter.add(sample(a, 0, DcgmMetric::prompt_tokens, 150.0, 1e9));  // older than the last: skipped
  // team-a generation: 0 -> 500.
  counter.add(sample(a, 1, DcgmMetric::generation_tokens, 0.0, 0.0));
  counter.add(sample(a, 1, DcgmMetric::generation_tokens, 60.0, 500.0));
  // team-b generation: a single sample counts nothing and is named.
  counter.add(sample(b, 2, DcgmMetric::generation_tokens, 0.0, 7e6));
  // A DCGM metric is not a counter here.
  counter.add(sample(a, 3, DcgmMetric::gpu_util, 0.0, 50.0));
  const TokenTotals t = counter.finish();
  CHECK(t.by_group.at("team-a").input == 240.0);
  CHECK(t.by_group.at("team-a").output == 500.0);
  CHECK(t.by_group.at("team-b").total() == 0.0);
  CHECK(t.by_model.at("meta/llama-3.1-8b-instruct").total() == 740.0);
  CHECK(t.total.total() == 740.0);
  CHECK(t.resets == 1);
  CHECK(t.series == 3);
  REQUIRE(t.warnings.size() == 2);
  CHECK(t.warnings[0].find("1 token counter series have a single sample") == 0);
  CHECK(t.warnings[1].find("1 token counter samples were not later") == 0);
}

TEST_CASE("prompt and generation counters of one label set are two series") {
  // A text scrape names a series by its labels alone; NIM's two counters carry the same ones.
  DcgmLabels a;
  a.kube_namespace = "team-a";
  a.served_model = "meta/llama-3.3-70b-instruct";
  TokenCounter counter(GroupBy::kube_namespace);
  for (double t : {0.0, 15.0, 30.0}) {
    counter.add(sample(a, 0, DcgmMetric::prompt_tokens, t, t * 100.0));
    counter.add(sample(a, 0, DcgmMetric::generation_tokens, t, t * 10.0));
  }
  const TokenTotals t = counter.finish();
  CHECK(t.by_group.at("team-a").input == 3000.0);
  CHECK(t.by_group.at("team-a").output == 300.0);
  CHECK(t.series == 2);
  CHECK(t.warnings.empty());
}

TEST_SUITE_END();
