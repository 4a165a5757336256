// Unit tests of src/load/catalog_toml.cpp (doctest suite "load/catalog_toml"); split from a file that said:
//   The TOML catalog: the built-in data loads and is complete; user files merge over it; every kind
//   of bad input is an input error naming the file, line and key.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

// The built-in sources plus one user file.
Catalog with_user(const std::string& text) {
  auto sources = embedded_catalog_sources();
  sources.push_back({"user.toml", text});
  return load_catalog(sources);
}

// The message of the input error `text` causes.
std::string error_of(const std::string& text) {
  try {
    with_user(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.what();
  }
  FAIL("no error for: " << text);
  return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_SUITE_BEGIN("load/catalog_toml");

TEST_CASE("the built-in catalog has the required entries, each with source and as_of") {
  const Catalog& c = builtin_catalog();
  for (const char* id : {"claude-sonnet-4.6", "gpt-4.1", "mistral-large-2411", "mistral-large-3"}) {
    CHECK_NOTHROW(c.api_model(id));
  }
  CHECK(c.api_models.size() >= 17);
  for (const char* id : {"h100-sxm", "h100-pcie", "h200", "a100-80gb", "l40s", "b200"}) CHECK_NOTHROW(c.gpu(id));
  for (const char* id : {"none", "developer", "enterprise-annual", "enterprise-hourly", "evaluation"}) {
    CHECK_NOTHROW(c.license(id));
  }
  CHECK(c.license("developer").max_gpus == 16);
  CHECK_FALSE(c.license("developer").production_allowed);
  CHECK(c.license("evaluation").term_days == 90);
  CHECK(c.license("enterprise-annual").price_usd == 4500);
  CHECK(c.api_model("gpt-4.1").cached_input->value == 0.5);
  CHECK(c.api_model("gpt-4.1").batch_discount_fraction == 0.5);
  CHECK(c.api_model("nvidia-api-catalog").rate_limit_rpm == 40);
  CHECK_FALSE(c.api_model("nvidia-api-catalog").production);
  CHECK(c.api_model("mistral-large").id == "mistral-large-3");  // alias to the newest
  CHECK(c.rental("runpod-h100-sxm").usd_per_gpu_hour == 2.69);
  auto sourced = [](const Provenance& p) {
    CHECK_FALSE(p.source.empty());
    CHECK(p.as_of.size() == 10);
  };
  for (const auto& m : c.api_models) sourced(m.provenance);
  for (const auto& g : c.gpus) sourced(g.provenance);
  for (const auto& r : c.rentals) sourced(r.provenance);
  for (const auto& l : c.licenses) sourced(l.provenance);
  sourced(c.defaults.provenance);
}

TEST_CASE("a user file re-prices one field and adds a model") {
  const Catalog c = with_user(R"(
[[api_model]]
id = "gpt-4.1"
input_per_mtok_usd = 1.5
source = "our negotiated rate"
as_of = 2026-11-01

[[api_model]]
id = "acme-llm"
provider = "acme"
input_per_mtok_usd = 0.1
output_per_mtok_usd = 0.2
source = "acme price list"
as_of = "2026-10-01"
)");
  CHECK(c.api_model("gpt-4.1").input.value == 1.5);
  CHECK(c.api_model("gpt-4.1").output.value == 8.0);  // kept from the built-in entry
  CHECK(c.api_model("gpt-4.1").provenance.source == "our negotiated rate");
  CHECK(c.api_model("acme-llm").provider == "acme");
  CHECK(c.api_model("acme-llm").provenance.as_of == "2026-10-01");
}

TEST_CASE("broken TOML names the file, line and column") {
  const std::string message = error_of("[[api_model]]\nid = \"x\"\ninput_per_mtok_usd = = 3\n");
  CHECK(contains(message, "user.toml:3:"));
}

TEST_CASE("unknown keys are errors with the nearest key suggested") {
  const std::string message = error_of(R"([[api_model]]
id = "gpt-4.1"
input_price = 3
source = "x"
as_of = 2026-01-01
)");
  CHECK(contains(message, "user.toml:3:"));
  CHECK(contains(message, "unknown key 'input_price'"));
  CHECK(contains(message, "input_per_mtok_usd"));
  CHECK(contains(error_of("[[gpus]]\nid = \"x\"\n"), "did you mean gpu"));
}

TEST_CASE("every entry needs source and as_of") {
  CHECK(contains(error_of("[[api_model]]\nid = \"gpt-4.1\"\ninput_per_mtok_usd = 1\n"), "missing required key 'source'"));
  CHECK(contains(error_of("[[api_model]]\nid = \"gpt-4.1\"\nsource = \"s\"\n"), "missing required key 'as_of'"));
  CHECK(contains(error_of("[[api_model]]\nid = \"gpt-4.1\"\nsource = \"s\"\nas_of = \"last week\"\n"),
                 "must be a date"));
}

TEST_CASE("bad values, missing fields and dangling references") {
  CHECK(contains(error_of("[[api_model]]\nid = \"x\"\ninput_per_mtok_usd = -1\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "input_per_mtok_usd must be a number from 0"));
  CHECK(contains(error_of("[[api_model]]\nid = \"x\"\ninput_per_mtok_usd = nan\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "input_per_mtok_usd"));
  CHECK(contains(error_of("[[api_model]]\nid = \"x\"\ninput_per_mtok_usd = \"2\"\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "must be a number, got a string"));
  CHECK(contains(error_of("[[api_model]]\nid = \"x\"\ninput_per_mtok_usd = 2\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "missing required key 'output_per_mtok_usd'"));
  CHECK(contains(error_of("[[rental]]\nid = \"r\"\ngpu = \"h100sxm\"\nusd_per_gpu_hour = 2\nsource = \"s\"\n"
                          "as_of = 2026-01-01\n"),
                 "unknown gpu 'h100sxm' (did you mean h100-sxm"));
  CHECK(contains(error_of("[[license]]\nid = \"l\"\npricing = \"weekly\"\nprice_usd = 1\nsource = \"s\"\n"
                          "as_of = 2026-01-01\n"),
                 "pricing must be free, per-gpu-year or per-gpu-hour"));
  CHECK(contains(error_of("[[gpu]]\nid = \"a\"\nmemory_gb = 1\nbandwidth_tb_per_s = 1\nbf16_tflops = 1\nsource = \"s\"\n"
                          "as_of = 2026-01-01\n[[gpu]]\nid = \"a\"\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "defined twice"));
  CHECK(contains(error_of("[defaults]\ngpu = \"h900\"\nsource = \"s\"\nas_of = 2026-01-01\n"), "gpu 'h900'"));
  CHECK(contains(error_of("api_model = 3\n"), "must be an array of tables"));
  CHECK(contains(error_of("[[api_model]]\nprovider = \"x\"\n"), "missing required key 'id'"));
}

TEST_CASE("the catalog's breadth: 30+ rental offers from 8+ vendors, every term, servers to buy for H100, H200, B200") {
  const Catalog& c = builtin_catalog();
  CHECK(c.rentals.size() >= 30);
  std::set<std::string> vendors, terms, bought;
  for (const auto& r : c.rentals) vendors.insert(r.vendor), terms.insert(r.term);
  CHECK(vendors.size() >= 8);
  CHECK(terms == std::set<std::string>{"on-demand", "1-year", "3-year", "spot"});
  for (const auto& p : c.purchases) {
    bought.insert(p.gpu);
    CHECK_FALSE(p.provenance.source.empty());
    CHECK(p.server_usd > 0);
  }
  for (const char* gpu : {"h100-sxm", "h200", "b200"}) CHECK(bought.count(gpu) == 1);
}

TEST_CASE("rental terms and purchases: bad values are input errors naming the entry") {
  CHECK(contains(error_of("[[rental]]\nid = \"r\"\ngpu = \"h100-sxm\"\nusd_per_gpu_hour = 1\nterm = \"2-year\"\n"
                          "source = \"s\"\nas_of = 2026-01-01\n"),
                 "term must be one of"));
  CHECK(contains(error_of("[[rental]]\nid = \"r\"\ngpu = \"h100-sxm\"\nusd_per_gpu_hour = 1\ninterruptions_per_day = 2\n"
                          "source = \"s\"\nas_of = 2026-01-01\n"),
                 "are for term = \"spot\""));
  CHECK(contains(error_of("[[rental]]\nid = \"r\"\ngpu = \"h100-sxm\"\nusd_per_gpu_hour = 1\ngpus_per_instance = 65\n"
                          "source = \"s\"\nas_of = 2026-01-01\n"),
                 "rental 'r': gpus_per_instance must be 1 to 64"));
  CHECK(contains(error_of("[[rental]]\nid = \"r\"\ngpu = \"h100-sxm\"\nusd_per_gpu_hour = 1\ngpus_per_instance = 0\n"
                          "source = \"s\"\nas_of = 2026-01-01\n"),
                 "gpus_per_instance"));
  const std::string server = "[[purchase]]\nid = \"p\"\ngpus_per_server = 8\nserver_usd = 1\ndepreciation_years = 5\n"
                             "server_power_w = 100\nresidual_fraction = 0\nannual_cost_of_capital_fraction = 0\n"
                             "usd_per_kwh = 0.1\ncolocation_usd_per_kw_month = 0\nsupport_fraction_per_year = 0\n"
                             "source = \"s\"\nas_of = 2026-01-01\n";
  CHECK(contains(error_of(server + "gpu = \"h100\"\npue = 1\n"), "purchase 'p': unknown gpu 'h100'"));
  CHECK(contains(error_of(server + "gpu = \"h100-sxm\"\npue = 0.9\n"), "pue must be at least 1"));
  CHECK(contains(error_of(server + "gpu = \"h100-sxm\"\npue = 1\nserver_idle_power_w = 200\n"), "server_idle_power_w is above"));
  // A running cost left out is an error, not $0: the PUE here.
  CHECK(contains(error_of(server + "gpu = \"h100-sxm\"\n"), "missing required key 'pue'"));
  CHECK(contains(error_of("[[purchase]]\nid = \"p\"\ngpu = \"h100-sxm\"\nsource = \"s\"\nas_of = 2026-01-01\n"),
                 "missing required key"));
  const Catalog c = with_user(server + "gpu = \"h100-sxm\"\npue = 1.2\n");
  CHECK(c.purchase("p").pue == 1.2);
  CHECK(c.purchase("p").usd_per_kwh == 0.1);
}

TEST_CASE("engine factors for one architecture: read, looked up by it, and a bad name refused") {
  const std::string set = "[[engine_factors]]\nid = \"x-fp8-moe\"\nengine = \"x\"\nprecision = \"fp8\"\n"
                          "compute_efficiency = 0.5\nbandwidth_efficiency = 0.5\nstep_overhead_ms = 1\n"
                          "sequence_overhead_us = 1\nallreduce_latency_us = 1\nlink_efficiency = 0.5\n"
                          "kv_memory_fraction = 0.9\nruntime_reserve_gib = 1\nmax_batch = 8\nmax_num_tokens = 64\n"
                          "source = \"s\"\nas_of = 2026-01-01\n";
  const Catalog c = with_user(set + "architecture = \"moe\"\n");
  const EngineFactors* moe = c.factors_for("x", Precision::fp8, "moe");
  REQUIRE(moe != nullptr);
  CHECK(moe->architecture == "moe");
  CHECK(c.factors_for("x", Precision::fp8, "dense") == nullptr);
  CHECK(contains(error_of(set + "architecture = \"mixture\"\n"), "architecture must be one of dense, moe, all"));
  // "all" is a set for both, and can widen a built-in one-architecture set back.
  CHECK(with_user(set + "architecture = \"all\"\n").factors_for("x", Precision::fp8, "dense") != nullptr);
  const std::string widen = "[[engine_factors]]\nid = \"trtllm-fp8\"\narchitecture = \"all\"\nsource = \"s\"\nas_of = 2026-01-01\n";
  CHECK(with_user(widen).factors_for("trtllm", Precision::fp8, "dense")->architecture.empty());
  // One set per engine, precision and architecture: a second is refused, naming the first.
  std::string second = set + "architecture = \"moe\"\n";
  second.replace(second.find("x-fp8-moe"), 9, "y-fp8-moe");
  CHECK(contains(error_of(set + "architecture = \"moe\"\n" + second),
                 "engine_factors 'y-fp8-moe': x fp8 for architecture moe already has the set 'x-fp8-moe' from "
                 "user.toml:1:1"));
  // A user file that makes a built-in set collide with another is the file named, not the built-in data.
  const std::string to_moe = "[[engine_factors]]\nid = \"trtllm-fp8\"\narchitecture = \"moe\"\nsource = \"s\"\nas_of = 2026-01-01\n";
  const std::string blamed = error_of(to_moe);
  CHECK(blamed.rfind("user.toml:", 0) == 0);
  CHECK(contains(blamed, "engine_factors 'trtllm-fp8': trtllm fp8 for architecture moe already has the set "
                         "'trtllm-fp8-moe' from data/engine_factors.toml (built in)"));
  // A set for both where each architecture has its own is never used.
  std::string dense = set + "architecture = \"dense\"\n";
  dense.replace(dense.find("x-fp8-moe"), 9, "x-fp8-dns");
  std::string shared_set = set;
  shared_set.replace(shared_set.find("x-fp8-moe"), 9, "x-fp8-all");
  CHECK(contains(error_of(set + "architecture = \"moe\"\n" + dense + shared_set),
                 "engine_factors 'x-fp8-all': x fp8 has a dense and a moe set"));
}

TEST_CASE("an empty catalog or one without defaults is refused") {
  CHECK_THROWS_AS(load_catalog({{"empty.toml", ""}}), Error);
  CHECK_THROWS_AS(load_catalog({{"bad.toml", "\xff\xfe"}}), Error);
}

TEST_SUITE_END();
