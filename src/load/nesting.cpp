#include "nesting.hpp"

#include <nimcost/base/error.hpp>

#include <fmt/format.h>

#include <vector>

namespace nimcost {

namespace {

// A scan that knows only what changes the depth: strings (so brackets and dots inside them do not
// count), TOML comments, brackets, and runs of dot-separated TOML key segments. In TOML it also
// refuses a non-ASCII byte outside strings and comments (never valid TOML 1.0), before toml++ 3.3
// sees it: its whitespace test for such characters reaches __builtin_unreachable for many of them
// (U+00A1 to U+0499, for one), undefined behaviour the fuzzer found.
class NestingScan {
public:
  NestingScan(std::string_view text, const std::string& name, Syntax syntax)
      : m_text(text), m_name(name), m_toml(syntax == Syntax::toml) {}

  void run() {
    if (m_toml && m_text.substr(0, 3) == "\xEF\xBB\xBF") m_at = 3;  // a UTF-8 byte order mark, as editors write
    while (m_at < m_text.size()) {
      const char c = m_text[m_at];
      if (m_toml && static_cast<unsigned char>(c) >= 0x80) {
        throw input_error(fmt::format("{}:{}:{}: a character that is not ASCII outside a string or comment; TOML "
                                      "allows others only in strings and comments",
                                      m_name, m_line, m_column));
      }
      if (c == '"' || (m_toml && c == '\'')) {
        skip_string(c);
        continue;
      }
      if (m_toml && c == '#') {
        while (m_at < m_text.size() && m_text[m_at] != '\n') step();
        continue;
      }
      if (c == '[' || c == '{') {
        // The key being written nests what the bracket opens: its segments stay counted inside.
        m_held.push_back(m_key);
        m_held_total += m_key;
        m_key = 0;
        m_segments = 0;
        check(0);
      } else if ((c == ']' || c == '}') && !m_held.empty()) {
        m_held_total -= m_held.back();
        m_held.pop_back();
      }
      if (m_toml) track_segments(c);
      step();
    }
  }

private:
  // A dot after a segment lengthens the key; anything but blanks, segment characters and dots ends it.
  void track_segments(char c) {
    if (c == '.') {
      ++m_segments;
      check(m_segments);
    } else if (c == '=') {
      m_key = m_segments;  // the key's depth, for a bracket or brace that its value opens
      m_segments = 0;
    } else if (!(c == ' ' || c == '\t' || is_bare(c))) {
      m_key = 0;
      m_segments = 0;
    }
  }

  static bool is_bare(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
  }

  void skip_string(char quote) {
    const bool triple = m_text.substr(m_at, 3) == std::string(3, quote);
    const std::size_t open = triple ? 3 : 1;
    for (std::size_t i = 0; i < open; ++i) step();
    while (m_at < m_text.size()) {
      const char c = m_text[m_at];
      if (c == '\\' && quote == '"') {
        step();
        if (m_at < m_text.size()) step();
        continue;
      }
      if (c == quote && (!triple || m_text.substr(m_at, 3) == std::string(3, quote))) {
        for (std::size_t i = 0; i < open; ++i) step();
        // TOML lets one or two quotes end the text just before the closing three ("""x"""" is x").
        for (int extra = 0; triple && extra < 2 && m_at < m_text.size() && m_text[m_at] == quote; ++extra) step();
        return;
      }
      if (c == '\n' && !triple) return;  // an unterminated string: the parser reports it
      step();
    }
  }

  void step() {
    if (m_text[m_at] == '\n') {
      ++m_line;
      m_column = 1;
      m_segments = 0;
      m_key = 0;
    } else {
      ++m_column;
    }
    ++m_at;
  }

  void check(int segments) const {
    if (static_cast<int>(m_held.size()) + m_held_total + segments <= k_max_nesting) return;
    throw input_error(fmt::format("{}:{}:{}: nested deeper than {} levels (brackets, braces{}); not a file nimcost reads",
                                  m_name, m_line, m_column, k_max_nesting, m_toml ? " and dotted key segments" : ""));
  }

  std::string_view m_text;
  const std::string& m_name;
  bool m_toml;
  std::size_t m_at = 0;
  int m_line = 1;
  int m_column = 1;
  std::vector<int> m_held;  // per open bracket, the key segments written before it
  int m_held_total = 0;
  int m_segments = 0;  // dots in the key being read
  int m_key = 0;       // dots in the key whose value comes next
};

}  // namespace

void check_nesting(std::string_view text, const std::string& name, Syntax syntax) {
  NestingScan(text, name, syntax).run();
}

}  // namespace nimcost
