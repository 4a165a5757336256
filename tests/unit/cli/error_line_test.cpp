// Unit tests of src/cli/error_line.cpp (doctest suite "cli/error_line").
#include <doctest/doctest.h>

#include "cli/error_line.hpp"

#include <string>

using nimcost::cli::error_line;

TEST_SUITE_BEGIN("cli/error_line");

TEST_CASE("control characters are escaped and line ends become spaces") {
  CHECK(error_line("got '\x1b[31mred'") == "got '\\x1b[31mred'");
  CHECK(error_line("a\nb\r\tc\x7f") == "a b  c\\x7f");
  CHECK(error_line(std::string("nul\0here", 8)) == "nul\\x00here");
}

TEST_CASE("C1 controls and bytes that are not UTF-8 are escaped; other characters stay") {
  CHECK(error_line("csi \xc2\x9b" "31m") == "csi \\u009b31m");
  CHECK(error_line("raw \x9b and \xff") == "raw \\x9b and \\xff");
  CHECK(error_line("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK(error_line("cut \xe2\x82") == "cut \\xe2\\x82");
}

TEST_CASE("a word over 120 bytes is cut to 100 with its length said; short words and spaces stay") {
  const std::string word(100000, 'y');
  const std::string line = error_line("unknown '" + word + "' (see --help)");
  CHECK(line == "unknown '" + std::string(99, 'y') + "...[99902 more bytes] (see --help)");
  const std::string fits(120, 'z');
  CHECK(error_line("a  " + fits + " b") == "a  " + fits + " b");
}

TEST_CASE("a cut never splits a UTF-8 character") {
  const std::string word = std::string(99, 'a') + "\xc3\xa9" + std::string(200, 'b');  // é across byte 100
  const std::string line = error_line(word);
  CHECK(line.substr(0, 102) == std::string(99, 'a') + "...");
  CHECK(line.find("[202 more bytes]") != std::string::npos);
}

TEST_SUITE_END();
