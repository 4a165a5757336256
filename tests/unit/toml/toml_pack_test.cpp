// Unit tests of src/toml/toml_pack.cpp (doctest suite "toml/toml_pack"): every data file round-trips
// through the pack unchanged, the built-in (packed) catalog equals the one parsed from data/*.toml,
// and a damaged pack is an error, never a read past its end.
#include "toml/toml_pack.hpp"

#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/evaluate/prices.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>

using namespace nimcost;

TEST_SUITE_BEGIN("toml/toml_pack");

TEST_CASE("every data file comes back from its pack as it was parsed") {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NIMCOST_SOURCE_DIR "/data")) {
    if (entry.path().extension() != ".toml") continue;
    const toml::table parsed = toml::parse_file(entry.path().string());
    CHECK_MESSAGE(unpack_toml(pack_toml(parsed)) == parsed, entry.path().string());
    ++files;
  }
  CHECK(files >= 10);
}

TEST_CASE("the packed built-in catalog is the catalog data/*.toml parses to") {
  const Catalog packed = load_catalog(embedded_catalog_sources());
  const Catalog parsed = load_catalog(read_catalog_dir(NIMCOST_SOURCE_DIR "/data"));
  const RenderContext context{"test", {}};
  CHECK(render_json(prices_json(evaluate_prices(packed, "all", ""), context)) ==
        render_json(prices_json(evaluate_prices(parsed, "all", ""), context)));
  CHECK(packed.engine_factors.size() == parsed.engine_factors.size());
  CHECK(packed.mig_profiles.size() == parsed.mig_profiles.size());
  CHECK(embedded_catalog_newest_as_of().size() == 10);
}

TEST_CASE("a damaged pack is an error") {
  toml::table t;
  t.insert("a", toml::array{1, 2.5, "three", true, toml::date{2026, 12, 2}});
  t.insert("b", toml::table{{"c", "d"}});
  const std::string bytes = pack_toml(t);
  CHECK(unpack_toml(bytes) == t);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_THROWS_AS(unpack_toml(bytes.substr(0, cut)), std::runtime_error);
  CHECK_THROWS_AS(unpack_toml(bytes + "x"), std::runtime_error);
  std::string bad = bytes;
  bad[0] = 'q';
  CHECK_THROWS_AS(unpack_toml(bad), std::runtime_error);
  toml::table timed;
  timed.insert("t", toml::time{12, 0});
  CHECK_THROWS_AS(pack_toml(timed), std::invalid_argument);
}

TEST_SUITE_END();
