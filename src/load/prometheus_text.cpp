// The Prometheus text exposition format, parsed line by line from chunks. A label set seen before is
// recognised by its raw text (a hash lookup, no parsing), so a month of scrapes costs one parse per
// distinct label set plus a number conversion per line.
#include <nimcost/base/error.hpp>
#include <nimcost/load/prometheus.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace nimcost {

namespace {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool name_char(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}

std::optional<double> parse_value(std::string_view t) {
  if (t == "NaN" || t == "nan") return std::nan("");
  if (t == "+Inf" || t == "Inf" || t == "inf") return HUGE_VAL;
  if (t == "-Inf" || t == "-inf") return -HUGE_VAL;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

}  // namespace

struct PrometheusTextParser::State {
  std::string name;
  SampleSink sink;
  ReadStats stats;
  std::string carry;  // an incomplete last line
  long long line = 0;
  std::unordered_map<std::string, std::size_t, TextHash, std::equal_to<>> series;
  std::deque<DcgmLabels> labels;  // deque: stable addresses

  [[noreturn]] void fail(const std::string& what) const {
    throw input_error(fmt::format("{}:{}: {}", name, line, what));
  }

  // Text timestamps are milliseconds; seconds written there would read as January 1970.
  void check_time(std::string_view metric, std::string_view text, double unix_s, double as_written) const {
    if (plausible_sample_time(unix_s)) return;
    if (plausible_sample_time(as_written)) {
      fail(fmt::format("{}: timestamp {} is Unix seconds; the Prometheus text format uses milliseconds (x 1000)",
                       metric, text));
    }
    if (unix_s < 0.0) fail(fmt::format("{}: timestamp {} is before 1970", metric, text));
  }

  // Parses label pairs between the braces; `raw` excludes them.
  DcgmLabels parse_labels(std::string_view raw) const {
    DcgmLabels l;
    std::size_t i = 0;
    while (i < raw.size()) {
      while (i < raw.size() && (is_space(raw[i]) || raw[i] == ',')) ++i;
      if (i >= raw.size()) break;
      const std::size_t key_start = i;
      while (i < raw.size() && name_char(raw[i], i == key_start)) ++i;
      const std::string_view key = raw.substr(key_start, i - key_start);
      if (key.empty()) fail(fmt::format("a label name is expected at '{}'", raw.substr(key_start, 20)));
      while (i < raw.size() && is_space(raw[i])) ++i;
      if (i >= raw.size() || raw[i] != '=') fail(fmt::format("label '{}' has no '='", key));
      ++i;
      while (i < raw.size() && is_space(raw[i])) ++i;
      if (i >= raw.size() || raw[i] != '"') fail(fmt::format("label '{}' has no quoted value", key));
      ++i;
      std::string value;
      bool closed = false;
      while (i < raw.size()) {
        const char c = raw[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < raw.size()) {
          const char e = raw[i++];
          value += e == 'n' ? '\n' : e;  // \\ \" \n
        } else {
          value += c;
        }
      }
      if (!closed) fail(fmt::format("label '{}' has an unterminated value", key));
      if (key == "Hostname" || key == "hostname") l.node = value;
      else if (key == "UUID") l.uuid = value;
      else if (key == "gpu") l.gpu = value;
      else if (key == "modelName") l.model = value;
      else if (key == "namespace") l.kube_namespace = value;
      else if (key == "pod") l.pod = value;
      else if (key == "container") l.container = value;
      else if (key == "GPU_I_PROFILE") l.mig_profile = value;
      else if (key == "GPU_I_ID") l.mig_instance = value;
      else if (key == "model_name") l.served_model = value;
    }
    return l;
  }

  void parse_line(std::string_view s) {
    ++line;
    ++stats.lines;
    std::size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || s[i] == '#') return;  // blank, HELP, TYPE or another comment
    const std::size_t name_start = i;
    while (i < s.size() && name_char(s[i], i == name_start)) ++i;
    const std::string_view metric_name = s.substr(name_start, i - name_start);
    if (metric_name.empty()) fail(fmt::format("a metric name is expected, got '{}'", s.substr(name_start, 40)));
    const auto metric = dcgm_metric(metric_name);
    if (!metric) {
      ++stats.other_metrics;  // another exporter's or another DCGM field: not read, not judged
      return;
    }
    std::string_view raw;
    if (i < s.size() && s[i] == '{') {
      const std::size_t open = ++i;
      bool quoted = false;
      for (; i < s.size(); ++i) {
        if (quoted) {
          if (s[i] == '\\') ++i;
          else if (s[i] == '"') quoted = false;
        } else if (s[i] == '"') {
          quoted = true;
        } else if (s[i] == '}') {
          break;
        }
      }
      if (i >= s.size()) fail(fmt::format("{}: the label set is never closed with '}}'", metric_name));
      raw = s.substr(open, i - open);
      ++i;
    }
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    const std::string_view value_text = s.substr(start, i - start);
    if (value_text.empty()) fail(fmt::format("{}: no value", metric_name));
    const auto value = parse_value(value_text);
    if (!value) fail(fmt::format("{}: value '{}' is not a number", metric_name, value_text));
    while (i < s.size() && is_space(s[i])) ++i;
    start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    const std::string_view time_text = s.substr(start, i - start);
    std::optional<double> time_s;
    if (!time_text.empty()) {
      long long ms = 0;
      const auto [end, ec] = std::from_chars(time_text.data(), time_text.data() + time_text.size(), ms);
      if (ec != std::errc() || end != time_text.data() + time_text.size()) {
        fail(fmt::format("{}: timestamp '{}' is not whole milliseconds", metric_name, time_text));
      }
      time_s = static_cast<double>(ms) / 1000.0;
      check_time(metric_name, time_text, *time_s, static_cast<double>(ms));
    }
    while (i < s.size() && is_space(s[i])) ++i;
    if (i < s.size()) fail(fmt::format("{}: unexpected text after the timestamp: '{}'", metric_name, s.substr(i, 40)));

    auto it = series.find(raw);
    if (it == series.end()) {
      if (stats.series >= k_max_series) {
        fail(fmt::format("more than {} distinct label sets; split the metrics by namespace or by time", k_max_series));
      }
      labels.push_back(parse_labels(raw));
      it = series.emplace(std::string(raw), labels.size() - 1).first;
      ++stats.series;
    }
    DcgmSample sample;
    sample.metric = *metric;
    sample.series = it->second;
    sample.labels = &labels[it->second];
    sample.value = *value;
    sample.time_s = time_s;
    ++stats.samples;
    try {
      sink(sample);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::input) fail(e.what());
      throw;
    }
  }
};

PrometheusTextParser::PrometheusTextParser(std::string name, SampleSink sink) : m_state(std::make_unique<State>()) {
  m_state->name = std::move(name);
  m_state->sink = std::move(sink);
}

PrometheusTextParser::~PrometheusTextParser() = default;

void PrometheusTextParser::feed(std::string_view chunk) {
  State& st = *m_state;
  std::size_t begin = 0;
  if (!st.carry.empty()) {
    const auto newline = chunk.find('\n');
    if (newline == std::string_view::npos) {
      st.carry.append(chunk);
      if (st.carry.size() > (1u << 24)) st.fail("a line longer than 16 MiB; this is not Prometheus text");
      return;
    }
    st.carry.append(chunk.substr(0, newline));
    st.parse_line(st.carry);
    st.carry.clear();
    begin = newline + 1;
  }
  while (begin < chunk.size()) {
    const auto newline = chunk.find('\n', begin);
    if (newline == std::string_view::npos) {
      st.carry.assign(chunk.substr(begin));
      return;
    }
    st.parse_line(chunk.substr(begin, newline - begin));
    begin = newline + 1;
  }
}

void PrometheusTextParser::finish() {
  State& st = *m_state;
  if (!st.carry.empty()) {
    st.parse_line(st.carry);
    st.carry.clear();
  }
}

const ReadStats& PrometheusTextParser::stats() const { return m_state->stats; }

}  // namespace nimcost
