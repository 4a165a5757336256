// Reading a metrics file: gzip or plain (zlib's gzread passes plain files through), text streamed
// in 1 MiB chunks, JSON read whole (a query_range response is bounded by Prometheus' point limit).
#include <nimcost/base/error.hpp>
#include <nimcost/load/prometheus.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <vector>

namespace nimcost {

namespace {

class GzFile {
public:
  explicit GzFile(const std::string& path) : m_path(path) {
    std::error_code ec;
    if (path != "-" && std::filesystem::is_directory(path, ec)) {
      throw input_error(fmt::format("{}: is a directory, not a metrics file", path));
    }
    m_file = path == "-" ? gzdopen(dup(fileno(stdin)), "rb") : gzopen(path.c_str(), "rb");
    if (m_file == nullptr) throw input_error(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    gzbuffer(m_file, 1u << 20);
  }
  ~GzFile() {
    if (m_file != nullptr) gzclose(m_file);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  // Up to `size` bytes; 0 at the end.
  std::size_t read(char* buffer, unsigned size) {
    const int n = gzread(m_file, buffer, size);
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(m_file, &code);
      throw input_error(fmt::format("{}: cannot read: {}", m_path, message != nullptr ? message : "gzip error"));
    }
    return static_cast<std::size_t>(n);
  }

private:
  std::string m_path;
  gzFile m_file = nullptr;
};

std::string label_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

nlohmann::json parse_response(std::string_view text, const std::string& name) {
  try {
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

ReadStats parse_prometheus_json(std::string_view text, const std::string& name, const SampleSink& sink) {
  const auto fail = [&](const std::string& what) { return input_error(fmt::format("{}: {}", name, what)); };
  const nlohmann::json doc = parse_response(text, name);
  const nlohmann::json& result = matrix_result(doc, fail);

  ReadStats stats;
  std::vector<std::unique_ptr<DcgmLabels>> owned;
  std::map<std::string, std::size_t> series_ids;
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
    auto [it, added] = series_ids.emplace(key, owned.size());
    if (added) {
      owned.push_back(std::move(labels));
      ++stats.series;
    }
    const auto values = series.find("values");
    if (values == series.end() || !values->is_array()) throw fail(where + ": needs a \"values\" array");
    DcgmSample sample;
    sample.metric = *which;
    sample.series = it->second;
    sample.labels = owned[it->second].get();
    stats.samples += send_points(*values, sample, where, sink, fail);
  }
  return stats;
}

ReadStats read_metrics_file(const std::string& path, const SampleSink& sink,
                            const std::function<void(long long)>& progress) {
  GzFile file(path);
  const std::string name = path == "-" ? "stdin" : path;
  std::vector<char> buffer(1u << 20);
  std::size_t n = file.read(buffer.data(), static_cast<unsigned>(buffer.size()));
  long long total = static_cast<long long>(n);
  std::size_t first = 0;
  while (first < n && std::isspace(static_cast<unsigned char>(buffer[first]))) ++first;
  if (first < n && buffer[first] == '{') {
    std::string text(buffer.data(), n);
    while ((n = file.read(buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
      text.append(buffer.data(), n);
      total += static_cast<long long>(n);
      if (progress) progress(total);
    }
    return parse_prometheus_json(text, name, sink);
  }
  PrometheusTextParser parser(name, sink);
  while (n > 0) {
    if (std::memchr(buffer.data(), '\0', n) != nullptr) {
      throw input_error(fmt::format("{}: binary data (a NUL byte); expected Prometheus text or JSON", name));
    }
    parser.feed(std::string_view(buffer.data(), n));
    if (progress) progress(total);
    n = file.read(buffer.data(), static_cast<unsigned>(buffer.size()));
    total += static_cast<long long>(n);
  }
  parser.finish();
  if (parser.stats().lines == 0) throw input_error(fmt::format("{}: empty; expected DCGM exporter metrics", name));
  return parser.stats();
}

}  // namespace nimcost
