// Unit tests of src/load/metrics_input.cpp (doctest suite "load/metrics_input").
#include <doctest/doctest.h>

#include "load/metrics_input.hpp"

#include <nimcost/base/error.hpp>

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace nimcost;

namespace {

std::string gzip_bytes(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::filesystem::path write_bytes(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("nimcost-metrics-input-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The whole stream, read in reads of `chunk` bytes.
std::string read_all(const std::filesystem::path& path, std::size_t chunk) {
  MetricsInput in(path.string());
  std::string out;
  std::string buffer(chunk, '\0');
  while (const std::size_t n = in.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
  return out;
}

std::string lines(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 50 " + std::to_string(1700000000000LL + i) + "\n";
  return s;
}

}  // namespace

TEST_SUITE_BEGIN("load/metrics_input");

TEST_CASE("plain and gzip files read the same bytes, in any read size") {
  const std::string text = lines(5000);
  const auto plain = write_bytes("plain.prom", text);
  const auto packed = write_bytes("packed.prom.gz", gzip_bytes(text));
  for (std::size_t chunk : {1u, 7u, 4096u, 1u << 20}) {
    CHECK(read_all(plain, chunk) == text);
    CHECK(read_all(packed, chunk) == text);
  }
  CHECK(read_all(write_bytes("empty.prom", ""), 64).empty());
}

TEST_CASE("concatenated gzip members read as one stream") {
  const std::string a = lines(10), b = lines(20);
  CHECK(read_all(write_bytes("two.prom.gz", gzip_bytes(a) + gzip_bytes(b)), 100) == a + b);
}

TEST_CASE("a cut gzip stream, bytes after it and damaged data are errors naming the file") {
  const std::string packed = gzip_bytes(lines(2000));
  const auto cut = write_bytes("cut.prom.gz", packed.substr(0, packed.size() - 9));
  CHECK_THROWS_WITH(read_all(cut, 4096), doctest::Contains("the gzip stream is cut off"));
  const auto header_only = write_bytes("header.prom.gz", packed.substr(0, 10));
  CHECK_THROWS_WITH(read_all(header_only, 4096), doctest::Contains("cut off"));
  const auto trailing = write_bytes("trail.prom.gz", packed + "x");
  CHECK_THROWS_WITH(read_all(trailing, 4096), doctest::Contains("trail.prom.gz: data after the end"));
  std::string damaged = packed;
  damaged[damaged.size() / 2] ^= 0x55;
  damaged[damaged.size() / 2 + 1] ^= 0x55;
  CHECK_THROWS_AS(read_all(write_bytes("bad.prom.gz", damaged), 4096), Error);
}

TEST_CASE("only regular files open") {
  CHECK_THROWS_WITH(MetricsInput("/dev/null"), doctest::Contains("not a regular file"));
  CHECK_THROWS_WITH(MetricsInput(std::filesystem::temp_directory_path().string()),
                    doctest::Contains("is a directory"));
  CHECK_THROWS_WITH(MetricsInput("/no/such/file.prom"), doctest::Contains("cannot read the metrics file"));
}

TEST_SUITE_END();
