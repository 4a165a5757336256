// Unit tests of src/load/litellm_import.cpp (doctest suite "load/litellm_import"); split from a file that said:
//   Importing LiteLLM's price table: the real excerpt by hand, the skip counts, provenance, and that
//   the written catalog loads and merges over the built-in one.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/litellm.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

std::string excerpt() {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/litellm-prices-excerpt.json", std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const ApiModel& model(const LiteLlmImport& im, const std::string& id) {
  for (const auto& m : im.models) {
    if (m.id == id) return m;
  }
  FAIL("no model " << id);
  return im.models.front();
}

}  // namespace

TEST_SUITE_BEGIN("load/litellm_import");

TEST_CASE("SHA-256 of known strings") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("the real LiteLLM excerpt: 14 chat models priced per million tokens, the embedding skipped") {
  const std::string text = excerpt();
  const LiteLlmImport im = import_litellm(text, "excerpt.json", "2026-07-24", builtin_catalog());
  CHECK(im.entries == 15);
  CHECK(im.skipped_not_chat == 1);  // text-embedding-3-small
  CHECK(im.models.size() == 14);
  CHECK(im.sha256 == sha256_hex(text));
  const ApiModel& gpt = model(im, "gpt-4.1");
  CHECK(gpt.provider == "openai");
  CHECK(gpt.input.value == doctest::Approx(2.0));
  CHECK(gpt.output.value == doctest::Approx(8.0));
  REQUIRE(gpt.cached_input);
  CHECK(gpt.cached_input->value == doctest::Approx(0.5));
  CHECK(gpt.batch_discount_fraction == doctest::Approx(0.5));  // $1/M batch input against $2/M
  CHECK(gpt.provenance.as_of == "2026-07-24");
  CHECK(gpt.provenance.source.find("sha256:" + im.sha256) != std::string::npos);
  const ApiModel& gemini = model(im, "gemini/gemini-2.5-pro");
  CHECK(gemini.notes.find("above 200k tokens") != std::string::npos);
  CHECK(model(im, "mistral/mistral-large-2411").output.value == doctest::Approx(6.0));
  // Keys are lower-cased IDs; the original spelling is the name.
  CHECK(model(im, "together_ai/meta-llama/llama-3.3-70b-instruct-turbo").name ==
        "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo");
}

TEST_CASE("skips are counted, not errors; a file that is not a JSON object is") {
  const std::string text = R"({
    "sample_spec": {"mode": "chat"},
    "last_updated": "2026-07-01T00:00:00Z",
    "a": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "x"},
    "A": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6},
    "free": {"mode": "chat", "input_cost_per_token": 0, "output_cost_per_token": 0},
    "half": {"mode": "chat", "input_cost_per_token": 1e-6},
    "weird": {"mode": "chat", "input_cost_per_token": "cheap", "output_cost_per_token": 1e-6},
    "mistral-large": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6},
    "img": {"mode": "image_generation", "input_cost_per_token": 1e-6, "output_cost_per_token": 1e-6}
  })";
  const LiteLlmImport im = import_litellm(text, "t.json", "2026-11-25", builtin_catalog());
  CHECK(im.as_of == "2026-07-01");  // the file's own date wins
  CHECK(im.models.size() == 1);
  CHECK(im.skipped_duplicate == 1);
  CHECK(im.skipped_no_price == 2);
  CHECK(im.skipped_invalid == 1);
  CHECK(im.skipped_alias == 1);  // mistral-large is an alias of mistral-large-3 in the catalog
  CHECK(im.skipped_not_chat == 1);
  CHECK_THROWS_WITH_AS(import_litellm("[1]", "t.json", "2026-11-25", builtin_catalog()),
                       doctest::Contains("JSON object"), Error);
  CHECK_THROWS_WITH_AS(import_litellm("{", "t.json", "2026-11-25", builtin_catalog()), doctest::Contains("not valid JSON"),
                       Error);
}

TEST_CASE("the written catalog loads over the built-in one and re-prices matching IDs") {
  const LiteLlmImport im = import_litellm(excerpt(), "excerpt \"quoted\".json", "2026-07-24", builtin_catalog());
  auto sources = embedded_catalog_sources();
  sources.push_back({"litellm.toml", litellm_catalog_toml(im)});
  const Catalog merged = load_catalog(sources);
  // gpt-4.1, gpt-4.1-mini, gpt-4o and gpt-5 are built in: they are re-priced, not added.
  CHECK(merged.api_models.size() == builtin_catalog().api_models.size() + 10);
  const ApiModel& gpt = merged.api_model("gpt-4.1");
  CHECK(gpt.provenance.source.find("LiteLLM") != std::string::npos);
  CHECK(merged.api_model("anthropic.claude-3-sonnet-20240229-v1:0").input.value == doctest::Approx(3.0));
}

TEST_SUITE_END();
