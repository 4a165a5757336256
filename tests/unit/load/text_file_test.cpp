// Unit tests of src/load/text_file.cpp (doctest suite "load/text_file").
#include <doctest/doctest.h>

#include <nimcost/load/text_file.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace nimcost;

namespace {

std::filesystem::path temp(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("nimcost-text-file-" + std::to_string(getpid()) + "-" + name);
}

}  // namespace

TEST_SUITE_BEGIN("load/text_file");

TEST_CASE("a regular file reads whole; anything else is refused before it is read") {
  const auto path = temp("a.toml");
  std::ofstream(path, std::ios::binary) << std::string(200000, 'x') << "\nend";
  CHECK(read_text_file(path, "the scenario file").size() == 200004);
  CHECK_THROWS_WITH(read_text_file("/dev/zero", "the scenario file"),
                    doctest::Contains("/dev/zero: not a regular file; cannot read the scenario file"));
  CHECK_THROWS_WITH(read_text_file(std::filesystem::temp_directory_path(), "x"), doctest::Contains("is a directory"));
  CHECK_THROWS_WITH(read_text_file("", "the catalog file"), doctest::Contains("an empty file name"));
  CHECK_THROWS_WITH(read_text_file(temp("missing"), "x"), doctest::Contains("No such file"));
  const auto fifo = temp("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(read_text_file(fifo, "x"), doctest::Contains("not a regular file"));  // without waiting
  std::filesystem::remove(fifo);
  std::filesystem::remove(path);
}

TEST_CASE("the size cap is NIMCOST_MAX_INPUT_MB, 64 MiB by default, and a bad setting keeps the default") {
  unsetenv("NIMCOST_MAX_INPUT_MB");
  CHECK(max_input_bytes() == (std::size_t{64} << 20));
  setenv("NIMCOST_MAX_INPUT_MB", "0.5", 1);
  CHECK(max_input_bytes() == (std::size_t{1} << 19));
  const auto path = temp("big.toml");
  std::ofstream(path, std::ios::binary) << std::string((1 << 19) + 1, 'x');
  CHECK_THROWS_WITH(read_text_file(path, "the scenario file"), doctest::Contains("larger than 0.5 MiB"));
  for (const char* bad : {"0", "-3", "lots", "1e9"}) {
    setenv("NIMCOST_MAX_INPUT_MB", bad, 1);
    CHECK(max_input_bytes() == (std::size_t{64} << 20));
  }
  unsetenv("NIMCOST_MAX_INPUT_MB");
  std::filesystem::remove(path);
}

TEST_SUITE_END();
