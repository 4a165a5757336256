#include "nesting.hpp"

#include <nimcost/base/error.hpp>

#include <fmt/format.h>

namespace nimcost {

namespace {

// A scan that knows only what changes the depth: strings (so brackets and dots inside them do not
// count), TOML comments, brackets, and runs of dot-separated TOML key segments.
class NestingScan {
public:
  NestingScan(std::string_view text, const std::string& name, Syntax syntax)
      : m_text(text), m_name(name), m_toml(syntax == Syntax::toml) {}

  void run() {
    while (m_at < m_text.size()) {
      const char c = m_text[m_at];
      if (c == '"' || (m_toml && c == '\'')) {
        skip_string(c);
        continue;
      }
      if (m_toml && c == '#') {
        while (m_at < m_text.size() && m_text[m_at] != '\n') step();
        continue;
      }
      if (c == '[' || c == '{') {
        ++m_depth;
        check(0);
      } else if (c == ']' || c == '}') {
        if (m_depth > 0) --m_depth;
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
    } else if (!(c == ' ' || c == '\t' || is_bare(c))) {
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
    } else {
      ++m_column;
    }
    ++m_at;
  }

  void check(int segments) const {
    if (m_depth + segments <= k_max_nesting) return;
    throw input_error(fmt::format("{}:{}:{}: nested deeper than {} levels (brackets, braces{}); not a file nimcost reads",
                                  m_name, m_line, m_column, k_max_nesting, m_toml ? " and dotted key segments" : ""));
  }

  std::string_view m_text;
  const std::string& m_name;
  bool m_toml;
  std::size_t m_at = 0;
  int m_line = 1;
  int m_column = 1;
  int m_depth = 0;
  int m_segments = 0;
};

}  // namespace

void check_nesting(std::string_view text, const std::string& name, Syntax syntax) {
  NestingScan(text, name, syntax).run();
}

}  // namespace nimcost
