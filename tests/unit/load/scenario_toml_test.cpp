// Unit tests of src/load/scenario_toml.cpp (doctest suite "load/scenario_toml"); split from a file that said:
//   Scenario files: keys, includes, overrides and the errors a user sees (file:line, nearest key).
#include <nimcost/base/error.hpp>
#include <nimcost/load/scenario_toml.hpp>

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace nimcost;

namespace {

// Files in memory: load_scenario reads only through this.
struct Files {
  std::map<std::string, std::string> text;
  LoadedScenario load(const std::string& path) const {
    return load_scenario(path, [this](const std::filesystem::path& p) {
      const auto it = text.find(p.lexically_normal().string());
      if (it == text.end()) throw input_error(p.string() + ": cannot read");
      return it->second;
    });
  }
};

std::string error_of(const Files& files, const std::string& path) {
  try {
    files.load(path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.what();
  }
  FAIL("no error for " << path);
  return "";
}

}  // namespace

TEST_SUITE_BEGIN("load/scenario_toml");

TEST_CASE("a scenario: workload, APIs and fleet as written") {
  Files f;
  f.text["s.toml"] = R"(
name = "chat"
description = "support bot"
[workload]
tokens = "500M"
input_share = 0.75
cached_input_share = 0.5
profile = "realtime"
[api]
providers = ["gpt-4.1", "anthropic"]
batch_api = true
[selfhost]
gpu = "h100"
gpus = 2
license = "enterprise-hourly"
gpu_hourly_usd = 2.5
ops_monthly_usd = 300
model = "llama-3.1-8b"
isl = 1500
osl = 500
ttft_ms = 800
)";
  const LoadedScenario s = f.load("s.toml");
  CHECK(s.spec.name == "chat");
  CHECK(s.spec.description == "support bot");
  REQUIRE(s.spec.parts.size() == 1);
  CHECK(s.spec.parts[0].tokens->value == 500e6);
  CHECK(*s.spec.parts[0].input_share == 0.75);
  CHECK(s.spec.parts[0].cached_input_share == 0.5);
  CHECK(*s.spec.parts[0].profile == "realtime");
  CHECK(s.spec.parts[0].origin == "s.toml:4:1");  // the [workload] header
  CHECK(s.spec.request.providers == std::vector<std::string>{"gpt-4.1", "anthropic"});
  CHECK(s.spec.request.workload.batch_api);
  const SelfHostRequest& h = s.spec.request.selfhost;
  CHECK(*h.gpu == "h100");
  CHECK(*h.gpus == 2);
  CHECK(*h.license == "enterprise-hourly");
  CHECK(*h.gpu_hourly_usd == 2.5);
  CHECK(h.ops_monthly_usd == 300.0);
  REQUIRE(h.replica);
  CHECK(h.replica->model == "llama-3.1-8b");
  CHECK(*h.replica->isl == 1500.0);
  CHECK(*h.target.ttft_ms == 800.0);
  CHECK(s.catalog_sources.empty());
  CHECK(s.spec.files == std::vector<std::string>{"s.toml"});
}

TEST_CASE("token counts as text or numbers; the name defaults to the file's stem") {
  Files f;
  f.text["dir/nightly.toml"] = "[workload]\ntokens_per_day = 5e6\n";
  const LoadedScenario s = f.load("dir/nightly.toml");
  CHECK(s.spec.name == "nightly");
  CHECK(s.spec.parts[0].tokens_per_day->value == 5e6);
  CHECK_FALSE(s.spec.parts[0].tokens);
}

TEST_CASE("include: the included file first, the including file's keys win") {
  Files f;
  f.text["base/common.toml"] = R"(
name = "base"
[workload]
tokens = "1B"
input_share = 0.5
[api]
providers = ["gpt-4.1"]
[selfhost]
gpus = 1
license = "none"
[[api_model]]
id = "gpt-4.1"
input_per_mtok_usd = 1.5
source = "negotiated"
as_of = 2026-11-01
)";
  f.text["base/head.toml"] = R"(
include = "common.toml"
[workload]
tokens_per_day = "5M"
[selfhost]
gpus = 3
)";
  const LoadedScenario s = f.load("base/head.toml");
  CHECK(s.spec.name == "base");  // inherited: diff pairs it with the base revision
  REQUIRE(s.spec.parts.size() == 1);
  CHECK_FALSE(s.spec.parts[0].tokens);            // tokens_per_day replaces tokens
  CHECK(s.spec.parts[0].tokens_per_day->value == 5e6);
  CHECK(*s.spec.parts[0].input_share == 0.5);     // the rest of [workload] carries over
  CHECK(*s.spec.request.selfhost.gpus == 3);
  CHECK(*s.spec.request.selfhost.license == "none");
  CHECK(s.spec.request.providers == std::vector<std::string>{"gpt-4.1"});
  REQUIRE(s.catalog_sources.size() == 1);
  CHECK(s.catalog_sources[0].name == "base/common.toml");
  CHECK(s.spec.files == std::vector<std::string>{"base/common.toml", "base/head.toml"});
}

TEST_CASE("[[workload]] parts replace an included workload whole") {
  Files f;
  f.text["a.toml"] = "[workload]\ntokens = \"1B\"\n";
  f.text["b.toml"] = R"(
include = ["a.toml"]
[[workload]]
name = "chat"
tokens = "100M"
[[workload]]
name = "batch"
tokens = "2B"
profile = "batch"
mig_profile = "3g.40gb"
)";
  const LoadedScenario s = f.load("b.toml");
  REQUIRE(s.spec.parts.size() == 2);
  CHECK(s.spec.parts[0].name == "chat");
  CHECK(s.spec.parts[1].tokens->value == 2e9);
  CHECK(*s.spec.parts[1].mig_profile == "3g.40gb");
}

TEST_CASE("errors name the file, line and key, with the nearest known key") {
  Files f;
  f.text["typo.toml"] = "[workload]\ntokens = \"1B\"\ninput_shar = 0.5\n";
  CHECK(error_of(f, "typo.toml") ==
        "typo.toml:3:14: [workload]: unknown key 'input_shar' (did you mean input_share or cached_input_share?)");
  f.text["top.toml"] = "[workloads]\ntokens = \"1B\"\n";
  CHECK(error_of(f, "top.toml").find("typo") == std::string::npos);
  CHECK(error_of(f, "top.toml").find("top.toml:1:1: unknown key 'workloads' (did you mean workload?)") == 0);
  f.text["host.toml"] = "[workload]\ntokens = \"1B\"\n[selfhost]\ngpu_hourly = 2\n";
  CHECK(error_of(f, "host.toml").find("did you mean gpu_hourly_usd") != std::string::npos);
  f.text["bad.toml"] = "[workload]\ntokens = \"12XB\"\n";
  CHECK(error_of(f, "bad.toml").find("bad.toml:2:10: [workload]: tokens:") == 0);
  f.text["share.toml"] = "[workload]\ntokens = \"1B\"\ninput_share = 1.5\n";
  CHECK(error_of(f, "share.toml").find("share.toml:3:15: [workload]: input_share must be a number from 0 to 1") == 0);
  f.text["both.toml"] = "[workload]\ntokens = \"1B\"\ntokens_per_day = \"1M\"\n";
  CHECK(error_of(f, "both.toml").find("not both") != std::string::npos);
  f.text["none.toml"] = "name = \"x\"\n";
  CHECK(error_of(f, "none.toml").find("none.toml: the scenario has no workload") == 0);
  f.text["catalog.toml"] = "[[rental]]\nid = \"x\"\ngpu = \"h100-sxm\"\nusd_per_gpu_hour = 1\nsource = \"s\"\nas_of = 2026-01-01\n";
  CHECK(error_of(f, "catalog.toml").find("a file of catalog entries alone is for --catalog") != std::string::npos);
  f.text["parts.toml"] = "[[workload]]\ntokens = \"1B\"\n";
  CHECK(error_of(f, "parts.toml").find("missing required key 'name'") != std::string::npos);
  f.text["dup.toml"] = "[[workload]]\nname = \"a\"\ntokens = 1\n[[workload]]\nname = \"a\"\ntokens = 1\n";
  CHECK(error_of(f, "dup.toml").find("two workloads are named 'a'") != std::string::npos);
  f.text["syntax.toml"] = "[workload\n";
  CHECK(error_of(f, "syntax.toml").find("syntax.toml:1:") == 0);
  f.text["precision.toml"] = "[workload]\ntokens = 1\n[selfhost]\nprecision = \"fp8\"\n";
  CHECK(error_of(f, "precision.toml").find("give model too") != std::string::npos);
}

TEST_CASE("[plan]: targets and search limits as written, merged over an include's, errors where written") {
  Files f;
  f.text["base.toml"] = "[workload]\ntokens = \"2B\"\n[plan]\nmin_quality = 1320\nttft_ms = 2000\nseeds = 50\n";
  f.text["s.toml"] = R"(include = "base.toml"
[plan]
gpus = ["h100-sxm", "b200"]
precisions = ["fp8"]
tp = [1, 2, 4]
ttft_ms = 1000
tpot_ms = 40
max_slo_violation = 0.02
shortlist = 8
)";
  const LoadedScenario s = f.load("s.toml");
  REQUIRE(s.spec.plan);
  const PlanSettings& p = *s.spec.plan;
  CHECK(p.min_quality == doctest::Approx(1320.0));  // from the include
  CHECK(p.seeds == 50);
  CHECK(p.gpus == std::vector<std::string>{"h100-sxm", "b200"});
  CHECK(p.precisions == std::vector<std::string>{"fp8"});
  CHECK(p.tps == std::vector<int>{1, 2, 4});
  CHECK(p.target.ttft_ms == doctest::Approx(1000.0));  // this file's wins
  CHECK(p.target.tpot_ms == doctest::Approx(40.0));
  CHECK(p.max_slo_violation == doctest::Approx(0.02));
  CHECK(p.shortlist == 8);
  CHECK_FALSE(p.model);
  CHECK_FALSE(f.load("base.toml").spec.plan->shortlist);

  f.text["typo.toml"] = "[workload]\ntokens = 1\n[plan]\ntpot = 40\n";
  CHECK(error_of(f, "typo.toml").find("typo.toml:4:8: [plan]: unknown key 'tpot' (did you mean tp") == 0);
  f.text["tp.toml"] = "[workload]\ntokens = 1\n[plan]\ntp = [1, 0]\n";
  CHECK(error_of(f, "tp.toml").find("tp.toml:4:10: [plan]: tp must be an array of whole numbers from 1 to 64") == 0);
  f.text["both.toml"] = "[workload]\ntokens = 1\n[plan]\nmodel = \"llama-3.3-70b\"\nmin_quality = 1300\n";
  CHECK(error_of(f, "both.toml").find("[plan]: give model or min_quality, not both") != std::string::npos);
  f.text["slo.toml"] = "[workload]\ntokens = 1\n[plan]\nmax_slo_violation = 2\n";
  CHECK(error_of(f, "slo.toml").find("max_slo_violation must be a number from 0 to 1") != std::string::npos);
}

TEST_CASE("include cycles and missing files are errors, not hangs") {
  Files f;
  f.text["a.toml"] = "include = \"b.toml\"\n[workload]\ntokens = 1\n";
  f.text["b.toml"] = "include = \"a.toml\"\n";
  CHECK(error_of(f, "a.toml").find("include cycle") != std::string::npos);
  f.text["c.toml"] = "include = \"missing.toml\"\n";
  CHECK(error_of(f, "c.toml") == "missing.toml: cannot read");
  f.text["d.toml"] = "include = 3\n";
  CHECK(error_of(f, "d.toml").find("include must be a file name") != std::string::npos);
}

TEST_SUITE_END();
