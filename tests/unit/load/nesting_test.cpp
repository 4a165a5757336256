// Unit tests of src/load/nesting.cpp (doctest suite "load/nesting").
#include <doctest/doctest.h>

#include "load/nesting.hpp"

#include <nimcost/base/error.hpp>

#include <string>

using namespace nimcost;

namespace {

std::string nested_arrays(int depth) { return "x = " + std::string(depth, '[') + std::string(depth, ']') + "\n"; }

std::string dotted(int segments) {
  std::string key = "a";
  for (int i = 1; i < segments; ++i) key += ".a";
  return key;
}

}  // namespace

TEST_SUITE_BEGIN("load/nesting");

TEST_CASE("64 levels pass, 65 fail with the line and column where the text goes deeper") {
  CHECK_NOTHROW(check_nesting(nested_arrays(64), "a.toml", Syntax::toml));
  CHECK_THROWS_WITH(check_nesting("# first\n" + nested_arrays(65), "a.toml", Syntax::toml),
                    doctest::Contains("a.toml:2:69: nested deeper than 64 levels"));
  CHECK_NOTHROW(check_nesting(std::string(64, '[') + std::string(64, ']'), "a.json", Syntax::json));
  CHECK_THROWS_WITH(check_nesting(std::string(65, '{'), "a.json", Syntax::json),
                    doctest::Contains("a.json:1:65:"));
}

TEST_CASE("each dot of a key or table header is a level, with the brackets around it") {
  CHECK_NOTHROW(check_nesting(dotted(65) + " = 1\n", "k.toml", Syntax::toml));  // 64 dots
  CHECK_THROWS(check_nesting(dotted(66) + " = 1\n", "k.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("[" + dotted(64) + "]\n", "h.toml", Syntax::toml));  // 1 bracket + 63 dots
  CHECK_THROWS(check_nesting("[" + dotted(65) + "]\n", "h.toml", Syntax::toml));
  CHECK_THROWS(check_nesting("a = { " + dotted(65) + " = 1 }\n", "i.toml", Syntax::toml));
  // Spaces around the dots do not end a key; a new line does.
  std::string spaced = "a";
  for (int i = 1; i < 66; ++i) spaced += " . a";
  CHECK_THROWS(check_nesting(spaced + " = 1\n", "s.toml", Syntax::toml));
  std::string many_lines;
  for (int i = 0; i < 100; ++i) many_lines += "a.b.c = 1\n";
  CHECK_NOTHROW(check_nesting(many_lines, "m.toml", Syntax::toml));
}

TEST_CASE("brackets, braces and dots inside strings and comments do not count") {
  const std::string deep(100, '[');
  CHECK_NOTHROW(check_nesting("a = \"" + deep + "\"\n", "s.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("a = '" + deep + "'\n", "s.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("a = \"\"\"\n" + deep + "\n\"\"\"\n", "s.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("a = '''" + deep + "'''\n", "s.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("# " + deep + "\n", "c.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("a = \"" + std::string(100, '.') + "\"\n", "d.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("a = \"\\\"" + deep + "\"\n", "e.toml", Syntax::toml));  // an escaped quote
  CHECK_NOTHROW(check_nesting("{\"k\": \"" + deep + "\\\"" + deep + "\"}", "j.json", Syntax::json));
  // In JSON '#' and '\'' are ordinary characters: the brackets after them count.
  CHECK_THROWS(check_nesting("[\"#\", '" + std::string(70, '[') + "]", "j.json", Syntax::json));
}

TEST_CASE("a key's segments count inside the braces and brackets it opens") {
  // 32 + 1 brace + 32: deeper than 64 though neither part is.
  CHECK_THROWS(check_nesting(dotted(33) + " = { " + dotted(33) + " = 1 }\n", "n.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting(dotted(32) + " = { " + dotted(31) + " = 1 }\n", "n.toml", Syntax::toml));
  // After the brace closes, its key no longer counts.
  CHECK_NOTHROW(check_nesting("a = { b = 1 }, " + dotted(60) + "\n", "n.toml", Syntax::toml));
}

TEST_CASE("quotes that end a multi-line string's text do not open a new string") {
  // """q"""" is the text q": a scan that closed at the first three quotes would skip what follows.
  CHECK_THROWS(check_nesting("k = { s = \"\"\"q\"\"\"\", t." + dotted(70) + " = 1 }\n", "q.toml", Syntax::toml));
  CHECK_THROWS(check_nesting("k = { s = '''q''''', t." + dotted(70) + " = 1 }\n", "q.toml", Syntax::toml));
  std::string many;
  for (int i = 0; i < 70; ++i) many += "x" + std::to_string(i) + " = [\"\"\"a\"\"\"\"]\n";
  CHECK_NOTHROW(check_nesting(many, "q.toml", Syntax::toml));
}

TEST_CASE("TOML: non-ASCII only in strings and comments (toml++ 3.3 misbehaves on some outside them)") {
  CHECK_NOTHROW(check_nesting("name = \"caf\xC3\xA9\" # \xC3\xA9t\xC3\xA9\nx = '\xCD\x9A'\ny = \"\"\"\xCD\x9A\"\"\"\n", "a.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("\xEF\xBB\xBFname = \"x\"\n", "bom.toml", Syntax::toml));  // a byte order mark
  CHECK_NOTHROW(check_nesting("{\"a\": 1}\xCD\x9A", "a.json", Syntax::json));  // JSON: the parser's to judge
  // The fuzzer's find: U+035A where toml++ looks for whitespace.
  CHECK_THROWS_WITH_AS(check_nesting("x = 1\n\xCD\x9A = 2\n", "b.toml", Syntax::toml),
                       "b.toml:2:1: a character that is not ASCII outside a string or comment; TOML allows others "
                       "only in strings and comments",
                       Error);
}

TEST_CASE("numbers and dates are not dotted keys") {
  std::string floats = "x = [";
  for (int i = 0; i < 200; ++i) floats += "1.5, ";
  floats += "2.5]\n";
  CHECK_NOTHROW(check_nesting(floats, "f.toml", Syntax::toml));
  CHECK_NOTHROW(check_nesting("as_of = 2026-01-01\nv = 1.2e3\n", "d.toml", Syntax::toml));
}

TEST_SUITE_END();
