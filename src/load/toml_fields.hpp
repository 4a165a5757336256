// A small helper for reading TOML tables of a known shape (internal to the loaders): typed getters
// that range-check values, remember which keys were read so leftovers can be reported as unknown
// keys with a suggestion, and prefix every message with "file:line:column: what:".
#pragma once

#include <nimcost/base/error.hpp>
#include <nimcost/base/provenance.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nimcost::toml_fields {

inline std::string where(const std::string& file, const toml::source_region& region) {
  if (region.begin.line == 0) return file;
  return fmt::format("{}:{}:{}", file, region.begin.line, region.begin.column);
}

inline const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
  }
}

// One TOML table of a known kind: typed getters that check values and remember which keys were
// read, so that leftovers can be reported as unknown keys with a suggestion.
class Fields {
public:
  Fields(const toml::table& table, std::string file, std::string what)
      : m_table(table), m_file(std::move(file)), m_what(std::move(what)) {}

  std::string location() const { return where(m_file, m_table.source()); }
  bool has(std::string_view key) const { return m_table.contains(key); }
  const std::string& file() const { return m_file; }
  const std::string& what() const { return m_what; }

  // The raw node of a key (marked as read), for values of more than one TOML type.
  const toml::node* node(std::string_view key) { return take(key); }

  std::optional<std::string> text(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    if (auto s = node->value<std::string>()) return *s;
    throw bad(*node, key, "must be a string");
  }

  // A string from a fixed list: an unknown name fails where it is written, with a suggestion.
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& allowed) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    auto s = node->value<std::string>();
    if (!s) throw bad(*node, key, "must be a string");
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
      throw input_error(fmt::format("{}: {}: {} must be one of {}, got '{}'{}", where(m_file, node->source()), m_what,
                                    key, fmt::join(allowed, ", "), *s, did_you_mean(*s, allowed)));
    }
    return s;
  }

  std::optional<double> number(std::string_view key, double max = 1e12, double min = 0.0) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_number()) throw bad(*node, key, "must be a number");
    const double v = *node->value<double>();
    if (!std::isfinite(v) || v < min || v > max) {
      throw input_error(fmt::format("{}: {}: {} must be a number from {:g} to {:g}, got {:g}",
                                    where(m_file, node->source()), m_what, key, min, max, v));
    }
    return v;
  }

  // A number above 0: a zero bandwidth or TFLOPS would divide by zero in the throughput model.
  std::optional<double> positive(std::string_view key, double max) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_number()) throw bad(*node, key, "must be a number");
    const double v = *node->value<double>();
    if (!std::isfinite(v) || !(v > 0.0) || v > max) {
      throw input_error(fmt::format("{}: {}: {} must be a number above 0 and at most {}, got {}",
                                    where(m_file, node->source()), m_what, key, max, v));
    }
    return v;
  }

  std::optional<int> count(std::string_view key, int minimum, int maximum = 1'000'000'000) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    const auto v = node->value_exact<int64_t>();
    if (!v) throw bad(*node, key, fmt::format("must be a whole number from {} to {}", minimum, maximum));
    if (*v < minimum || *v > maximum) {
      throw input_error(fmt::format("{}: {}: {} must be a whole number from {} to {}, got {}",
                                    where(m_file, node->source()), m_what, key, minimum, maximum, *v));
    }
    return static_cast<int>(*v);
  }

  std::optional<bool> flag(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    if (auto b = node->value_exact<bool>()) return *b;
    throw bad(*node, key, "must be true or false");
  }

  std::optional<std::vector<std::string>> texts(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    const toml::array* array = node->as_array();
    if (array == nullptr) throw bad(*node, key, "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& item : *array) {
      auto s = item.value<std::string>();
      if (!s) throw bad(item, key, "must be an array of strings");
      out.push_back(*s);
    }
    return out;
  }

  std::optional<std::vector<int>> counts(std::string_view key, int minimum, int maximum) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    const toml::array* array = node->as_array();
    const std::string expected = fmt::format("must be an array of whole numbers from {} to {}", minimum, maximum);
    if (array == nullptr) throw bad(*node, key, expected);
    std::vector<int> out;
    for (const auto& item : *array) {
      const auto v = item.value_exact<int64_t>();
      if (!v || *v < minimum || *v > maximum) throw bad(item, key, expected);
      out.push_back(static_cast<int>(*v));
    }
    return out;
  }

  // A date as YYYY-MM-DD: a TOML date or a string of that form.
  std::optional<std::string> date(std::string_view key) {
    const toml::node* node = take(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* d = node->as_date()) {
      const toml::date& v = d->get();
      return fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
    }
    if (auto s = node->value<std::string>()) {
      if (is_calendar_date(*s)) return *s;
    }
    throw bad(*node, key, "must be a date such as 2026-07-24");
  }

  // A required string field.
  std::string required_text(std::string_view key) {
    auto v = text(key);
    if (!v || v->empty()) throw missing(key);
    return *v;
  }

  Error missing(std::string_view key) const {
    return input_error(fmt::format("{}: {}: missing required key '{}'", location(), m_what, key));
  }

  // Fails on the first key no getter asked for.
  void reject_unknown(const std::vector<std::string>& known) const {
    for (auto&& [key, node] : m_table) {
      if (m_used.count(std::string(key.str())) != 0) continue;
      throw input_error(fmt::format("{}: {}: unknown key '{}'{}", where(m_file, node.source()), m_what, key.str(),
                                    did_you_mean(key.str(), known)));
    }
  }

private:
  const toml::node* take(std::string_view key) {
    m_used.insert(std::string(key));
    return m_table.get(key);
  }

  Error bad(const toml::node& node, std::string_view key, std::string_view expected) const {
    return input_error(fmt::format("{}: {}: {} {}, got {}", where(m_file, node.source()), m_what, key, expected,
                                   type_name(node)));
  }

  const toml::table& m_table;
  std::string m_file;
  std::string m_what;
  std::set<std::string> m_used;
};

}  // namespace nimcost::toml_fields
