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

// Length of the well-formed UTF-8 character at `at`, 0 when the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  const std::size_t n = lead >= 0xF0 && lead <= 0xF4   ? 4
                        : lead >= 0xE0 && lead < 0xF0 ? 3
                        : lead >= 0xC2 && lead < 0xE0 ? 2
                                                     : 0;
  if (n == 0 || at + n > s.size()) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[at + i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Control characters (C0, DEL and the C1 range U+0080-U+009F, which some terminals obey) and bytes
// that are not UTF-8 become \xNN or \u00NN; line ends become spaces.
std::string escaped(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size();) {
    const char c = message[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      ++i;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
      ++i;
    } else if (u < 0x80) {
      out += c;
      ++i;
    } else if (const std::size_t n = utf8_length(message, i); n == 0) {
      out += fmt::format("\\x{:02x}", u);
      ++i;
    } else if (n == 2 && u == 0xC2 && static_cast<unsigned char>(message[i + 1]) < 0xA0) {
      out += fmt::format("\\u00{:02x}", static_cast<unsigned char>(message[i + 1]));
      i += 2;
    } else {
      out += message.substr(i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace

std::string error_line(std::string_view message) {
  const std::string text = escaped(message);
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t space = text.find(' ', start);
    const std::size_t end = space == std::string::npos ? text.size() : space;
    append_word(out, std::string_view(text).substr(start, end - start));
    if (space == std::string::npos) break;
    out += ' ';
    start = space + 1;
  }
  return out;
}

}  // namespace nimcost::cli
