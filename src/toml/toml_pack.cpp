// The pack: one tag byte per node, then its payload; counts and lengths as 32-bit, numbers as their
// 8 bytes, all in the machine's byte order (the pack is made and read by the same build).
#include "toml_pack.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace nimcost {

namespace {

enum Tag : char { k_table = 't', k_array = 'a', k_string = 's', k_integer = 'i', k_float = 'f', k_bool = 'b', k_date = 'd' };

template <typename T>
void put(std::string& out, T v) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_text(std::string& out, std::string_view s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

void pack_node(std::string& out, const toml::node& node);

void pack_table(std::string& out, const toml::table& table) {
  out += k_table;
  put(out, static_cast<std::uint32_t>(table.size()));
  for (auto&& [key, value] : table) {
    put_text(out, key.str());
    pack_node(out, value);
  }
}

void pack_node(std::string& out, const toml::node& node) {
  if (const auto* t = node.as_table()) return pack_table(out, *t);
  if (const auto* a = node.as_array()) {
    out += k_array;
    put(out, static_cast<std::uint32_t>(a->size()));
    for (const auto& item : *a) pack_node(out, item);
  } else if (const auto* s = node.as_string()) {
    out += k_string;
    put_text(out, s->get());
  } else if (const auto* i = node.as_integer()) {
    out += k_integer;
    put(out, static_cast<std::int64_t>(i->get()));
  } else if (const auto* f = node.as_floating_point()) {
    out += k_float;
    put(out, f->get());
  } else if (const auto* b = node.as_boolean()) {
    out += k_bool;
    put(out, static_cast<std::uint8_t>(b->get() ? 1 : 0));
  } else if (const auto* d = node.as_date()) {
    out += k_date;
    put(out, static_cast<std::uint16_t>(d->get().year));
    put(out, static_cast<std::uint8_t>(d->get().month));
    put(out, static_cast<std::uint8_t>(d->get().day));
  } else {
    throw std::invalid_argument("the catalog pack holds no times or date-times");
  }
}

class Reader {
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, m_bytes.data() + m_at, sizeof(T));
    m_at += sizeof(T);
    return v;
  }

  std::string_view text() {
    const auto n = get<std::uint32_t>();
    need(n);
    const std::string_view s = m_bytes.substr(m_at, n);
    m_at += n;
    return s;
  }

  toml::table table() {
    if (++m_depth > k_max_depth) throw std::runtime_error("the catalog pack nests too deep");
    toml::table t;
    for (auto n = get<std::uint32_t>(); n > 0; --n) {
      const std::string_view key = text();
      insert(t, key, get<char>());
    }
    --m_depth;
    return t;
  }

  bool done() const { return m_at == m_bytes.size(); }

private:
  void need(std::size_t n) const {
    if (m_bytes.size() - m_at < n) throw std::runtime_error("the catalog pack is cut short");
  }

  // Each value is built where it lives: a table's entry or an array's element.
  template <typename Add>
  void value(char tag, Add add) {
    switch (tag) {
      case k_table: add(table()); break;
      case k_array: add(array()); break;
      case k_string: add(std::string(text())); break;
      case k_integer: add(get<std::int64_t>()); break;
      case k_float: add(get<double>()); break;
      case k_bool: add(get<std::uint8_t>() != 0); break;
      case k_date: {
        const auto y = get<std::uint16_t>();
        const auto m = get<std::uint8_t>();
        add(toml::date{y, m, get<std::uint8_t>()});
        break;
      }
      default: throw std::runtime_error("the catalog pack has an unknown tag");
    }
  }

  void insert(toml::table& t, std::string_view key, char tag) {
    value(tag, [&](auto&& v) { t.insert(key, std::forward<decltype(v)>(v)); });
  }

  toml::array array() {
    if (++m_depth > k_max_depth) throw std::runtime_error("the catalog pack nests too deep");
    toml::array a;
    auto n = get<std::uint32_t>();
    need(n);  // every element takes at least its tag byte: a count past the end is damage, not a size
    a.reserve(n);
    for (; n > 0; --n) value(get<char>(), [&](auto&& v) { a.push_back(std::forward<decltype(v)>(v)); });
    --m_depth;
    return a;
  }

  static constexpr int k_max_depth = 64;  // as the TOML nesting check (load/nesting.hpp)
  std::string_view m_bytes;
  std::size_t m_at = 0;
  int m_depth = 0;
};

}  // namespace

std::string pack_toml(const toml::table& table) {
  std::string out;
  pack_table(out, table);
  return out;
}

toml::table unpack_toml(std::string_view bytes) {
  Reader r(bytes);
  if (r.get<char>() != k_table) throw std::runtime_error("the catalog pack does not start with a table");
  toml::table t = r.table();
  if (!r.done()) throw std::runtime_error("the catalog pack has bytes after its table");
  return t;
}

}  // namespace nimcost
