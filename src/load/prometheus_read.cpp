// Reading a metrics file: gzip or plain, text streamed in 1 MiB chunks, JSON read whole (a query_range
// response is bounded by Prometheus' point limit). Both under a size cap (text: 1024 times the cap of
// files read whole, since a month of scrapes is large but streams in bounded memory).
#include <nimcost/base/error.hpp>
#include <nimcost/load/prometheus.hpp>
#include <nimcost/load/text_file.hpp>
#include "nesting.hpp"

#include "metrics_input.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <vector>

namespace nimcost {

namespace {

std::string label_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

nlohmann::json parse_response(std::string_view text, const std::string& name) {
  try {
    check_nesting(text, name, Syntax::json);
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw input_error(fmt::format("{}: not valid JSON (byte {}): {}", name, e.byte, e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw input_error(fmt::format("{}: not usable JSON: {}", name, e.what()));  // a number out of range
  }
}

// data.result of a successful query_range (a "matrix"); anything else is an input error.
template <typename Fail>
const nlohmann::json& matrix_result(const nlohmann::json& doc, const Fail& fail) {
  if (!doc.is_object()) throw fail("expected a Prometheus query_range response object");
  if (doc.contains("status") && doc["status"] != "success") {
    throw fail(fmt::format("the response's status is {}, not \"success\"", doc["status"].dump()));
  }
  const auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) throw fail("no \"data\" object (a Prometheus query_range response)");
  const auto type = data->find("resultType");
  if (type == data->end() || *type != "matrix") {
    throw fail(fmt::format("resultType must be \"matrix\" (a query_range), got {}",
                           type == data->end() ? "nothing" : type->dump()));
  }
  const auto result = data->find("result");
  if (result == data->end() || !result->is_array()) throw fail("data.result must be an array");
  return *result;
}

// The labels that place a series, and `key` naming the whole label set.
std::unique_ptr<DcgmLabels> labels_of(const nlohmann::json& metric, std::string& key) {
  auto labels = std::make_unique<DcgmLabels>();
  for (const auto& [k, v] : metric.items()) {  // nlohmann keeps object keys sorted
    const std::string value = label_text(v);
    key += k + "=" + value + "\x1f";
    if (k == "Hostname" || k == "hostname") labels->node = value;
    else if (k == "UUID") labels->uuid = value;
    else if (k == "gpu") labels->gpu = value;
    else if (k == "modelName") labels->model = value;
    else if (k == "namespace") labels->kube_namespace = value;
    else if (k == "pod") labels->pod = value;
    else if (k == "container") labels->container = value;
    else if (k == "GPU_I_PROFILE") labels->mig_profile = value;
    else if (k == "GPU_I_ID") labels->mig_instance = value;
    else if (k == "model_name") labels->served_model = value;
  }
  return labels;
}

// Each [unix seconds, "value"] point of one series to the sink; returns how many.
template <typename Fail>
long long send_points(const nlohmann::json& values, DcgmSample sample, const std::string& where, const SampleSink& sink,
                      const Fail& fail) {
  long long sent = 0;
  for (std::size_t v = 0; v < values.size(); ++v) {
    const auto& point = values[v];
    if (!point.is_array() || point.size() != 2 || !point[0].is_number() ||
        !(point[1].is_string() || point[1].is_number())) {
      throw fail(fmt::format("{}.values[{}]: expected [unix seconds, \"value\"]", where, v));
    }
    sample.time_s = point[0].get<double>();
    // query_range times are seconds; milliseconds there would read as the year 50,000.
    if (!plausible_sample_time(*sample.time_s) && plausible_sample_time(*sample.time_s / 1000.0)) {
      throw fail(fmt::format("{}.values[{}]: time {} is Unix milliseconds; query_range gives seconds", where, v,
                             point[0].dump()));
    }
    if (*sample.time_s < 0.0 || !std::isfinite(*sample.time_s)) {
      throw fail(fmt::format("{}.values[{}]: time {} is before 1970", where, v, point[0].dump()));
    }
    if (point[1].is_number()) {
      sample.value = point[1].get<double>();
    } else {
      const std::string t = point[1].get<std::string>();
      try {
        std::size_t used = 0;
        sample.value = std::stod(t, &used);
        if (used != t.size()) throw std::invalid_argument(t);
      } catch (const std::exception&) {
        throw fail(fmt::format("{}.values[{}]: value \"{}\" is not a number", where, v, t));
      }
    }
    ++sent;
    try {
      sink(sample);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::input) throw fail(fmt::format("{}.values[{}]: {}", where, v, e.what()));
      throw;
    }
  }
  return sent;
}

}  // namespace

struct QueryRangeReader::State {
  SampleSink sink;
  ReadStats stats;
  std::vector<std::unique_ptr<DcgmLabels>> owned;
  std::map<std::string, std::size_t> series_ids;
  std::vector<std::string> warnings;
};

QueryRangeReader::QueryRangeReader(SampleSink sink) : m_state(std::make_unique<State>()) { m_state->sink = std::move(sink); }
QueryRangeReader::~QueryRangeReader() = default;
const ReadStats& QueryRangeReader::stats() const { return m_state->stats; }
const std::vector<std::string>& QueryRangeReader::warnings() const { return m_state->warnings; }

void QueryRangeReader::add(std::string_view text, const std::string& name) {
  const auto fail = [&](const std::string& what) { return input_error(fmt::format("{}: {}", name, what)); };
  const nlohmann::json doc = parse_response(text, name);
  const nlohmann::json& result = matrix_result(doc, fail);
  State& st = *m_state;
  // A server that answered but warns (a partial answer, a limit hit) says so in the report.
  for (const char* key : {"warnings", "infos"}) {
    const auto list = doc.find(key);
    if (list == doc.end() || !list->is_array()) continue;
    for (const auto& w : *list) st.warnings.push_back(fmt::format("{}: the server warns: {}", name, label_text(w)));
  }
  ReadStats& stats = st.stats;
  for (std::size_t r = 0; r < result.size(); ++r) {
    const auto& series = result[r];
    const std::string where = fmt::format("data.result[{}]", r);
    if (!series.is_object() || !series.contains("metric") || !series["metric"].is_object()) {
      throw fail(where + ": needs a \"metric\" object");
    }
    const auto& metric = series["metric"];
    const auto name_it = metric.find("__name__");
    if (name_it == metric.end()) throw fail(where + ": metric has no __name__; query the DCGM metric by name");
    const auto which = dcgm_metric(label_text(*name_it));
    if (!which) {
      ++stats.other_metrics;
      continue;
    }
    std::string key;
    auto labels = labels_of(metric, key);
    auto [it, added] = st.series_ids.emplace(key, st.owned.size());
    if (added && stats.series >= k_max_series) {
      throw fail(fmt::format("{}: more than {} distinct label sets; split the query by namespace or by time", where,
                             k_max_series));
    }
    if (added) {
      st.owned.push_back(std::move(labels));
      ++stats.series;
    }
    const auto values = series.find("values");
    if (values == series.end() || !values->is_array()) throw fail(where + ": needs a \"values\" array");
    DcgmSample sample;
    sample.metric = *which;
    sample.series = it->second;
    sample.labels = st.owned[it->second].get();
    stats.samples += send_points(*values, sample, where, st.sink, fail);
  }
}

ReadStats parse_prometheus_json(std::string_view text, const std::string& name, const SampleSink& sink) {
  QueryRangeReader reader(sink);
  reader.add(text, name);
  return reader.stats();
}

ReadStats read_metrics_file(const std::string& path, const SampleSink& sink,
                            const std::function<void(long long)>& progress) {
  MetricsInput file(path);
  const std::string& name = file.name();
  std::vector<char> buffer(1u << 20);
  // Reads until the first non-blank byte decides the format (a pipe may deliver a lone newline first).
  std::size_t n = 0;
  std::size_t first = 0;
  for (std::size_t got = 1; got > 0 && first == n && n < buffer.size();) {
    got = file.read(buffer.data() + n, buffer.size() - n);
    n += got;
    while (first < n && std::isspace(static_cast<unsigned char>(buffer[first]))) ++first;
  }
  long long total = static_cast<long long>(n);
  if (first < n && buffer[first] == '{') {
    const std::size_t cap = max_input_bytes();
    std::string text(buffer.data(), n);
    while ((n = file.read(buffer.data(), buffer.size())) > 0) {
      text.append(buffer.data(), n);
      if (text.size() > cap) throw_too_large(name, "the metrics JSON");
      total += static_cast<long long>(n);
      if (progress) progress(total);
    }
    return parse_prometheus_json(text, name, sink);
  }
  const long long cap = static_cast<long long>(max_input_bytes()) * 1024;
  PrometheusTextParser parser(name, sink);
  while (n > 0) {
    if (std::memchr(buffer.data(), '\0', n) != nullptr) {
      throw input_error(fmt::format("{}: binary data (a NUL byte); expected Prometheus text or JSON", name));
    }
    if (total > cap) throw_too_large(name, "the metrics text (1024 times the limit)");
    parser.feed(std::string_view(buffer.data(), n));
    if (progress) progress(total);
    n = file.read(buffer.data(), buffer.size());
    total += static_cast<long long>(n);
  }
  parser.finish();
  if (parser.stats().lines == 0) throw input_error(fmt::format("{}: empty; expected DCGM exporter metrics", name));
  return parser.stats();
}

}  // namespace nimcost
