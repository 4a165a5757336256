// Reading DCGM exporter metrics: the Prometheus text exposition format (one scrape, or many scrapes
// concatenated, with millisecond timestamps) and the JSON of a Prometheus query_range response
// (resultType matrix). Tolerant where exporters vary (HELP/TYPE and other comments, label order,
// escaped label values, missing Kubernetes labels, metrics nimcost does not read), strict where a
// line is malformed: an input error naming the file and line. Text is parsed in chunks, so a file
// of any size streams through in bounded memory.
#pragma once

#include <nimcost/model/dcgm_sample.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nimcost {

using SampleSink = std::function<void(const DcgmSample&)>;

struct ReadStats {
  long long lines = 0;
  long long samples = 0;        // DCGM samples passed on
  long long other_metrics = 0;  // sample lines of metrics nimcost does not read
  long long series = 0;         // distinct label sets of the samples passed on
};

// Incremental parser of the text format: feed it chunks (split anywhere), then finish().
class PrometheusTextParser {
public:
  PrometheusTextParser(std::string name, SampleSink sink);
  ~PrometheusTextParser();
  PrometheusTextParser(const PrometheusTextParser&) = delete;
  PrometheusTextParser& operator=(const PrometheusTextParser&) = delete;

  void feed(std::string_view chunk);
  void finish();
  const ReadStats& stats() const;

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// query_range JSON responses read one after another (pages of a long range, one query per metric):
// a series keeps its number across responses, and the servers' warnings are kept for the report.
class QueryRangeReader {
public:
  explicit QueryRangeReader(SampleSink sink);
  ~QueryRangeReader();
  QueryRangeReader(const QueryRangeReader&) = delete;
  QueryRangeReader& operator=(const QueryRangeReader&) = delete;

  // One whole response; `name` places its errors ("file.json", "http://prom:9090 page 3").
  void add(std::string_view text, const std::string& name);
  const ReadStats& stats() const;
  const std::vector<std::string>& warnings() const;

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// A whole query_range JSON response.
ReadStats parse_prometheus_json(std::string_view text, const std::string& name, const SampleSink& sink);

// Reads a file ("-" for stdin; gzip-compressed or not), picks the format by its first character
// ('{' for JSON), and passes every DCGM sample to `sink`. Calls `progress` with bytes read so far.
ReadStats read_metrics_file(const std::string& path, const SampleSink& sink,
                            const std::function<void(long long)>& progress = {});

}  // namespace nimcost
