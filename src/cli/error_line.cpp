#include "error_line.hpp"

#include <fmt/format.h>

namespace nimcost::cli {

namespace {

constexpr std::size_t k_max_word = 120;

// Where to cut a word so that a UTF-8 character stays whole.
std::size_t cut_at(std::string_view word, std::size_t at) {
  while (at > 0 && (static_cast<unsigned char>(word[at]) & 0xC0) == 0x80) --at;
  return at;
}

void append_word(std::string& out, std::string_view word) {
  if (word.size() <= k_max_word) {
    out += word;
    return;
  }
  const std::size_t keep = cut_at(word, 100);
  out += word.substr(0, keep);
  out += fmt::format("...[{} more bytes]", word.size() - keep);
}

}  // namespace

std::string error_line(std::string_view message) {
  std::string escaped;
  escaped.reserve(message.size());
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') escaped += ' ';
    else if (u < 0x20 || u == 0x7f) escaped += fmt::format("\\x{:02x}", u);
    else escaped += c;
  }
  std::string out;
  std::size_t start = 0;
  while (start <= escaped.size()) {
    const std::size_t space = escaped.find(' ', start);
    const std::size_t end = space == std::string::npos ? escaped.size() : space;
    append_word(out, std::string_view(escaped).substr(start, end - start));
    if (space == std::string::npos) break;
    out += ' ';
    start = space + 1;
  }
  return out;
}

}  // namespace nimcost::cli
