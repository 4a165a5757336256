// Reading DCGM series from a Prometheus-compatible server (Prometheus, Thanos, Mimir) over its HTTP
// API: /api/v1/query_range per metric, in pages that stay under the server's points-per-series
// limit, with bounded retries. Read-only: only GET requests are sent.
#pragma once

#include <nimcost/load/prometheus.hpp>

#include <functional>
#include <string>
#include <vector>

namespace nimcost {

struct PrometheusQuery {
  std::string url;  // the server's base, e.g. http://prometheus:9090 (a path prefix is kept)
  double start_s = 0.0, end_s = 0.0, step_s = 30.0;  // Unix seconds
  std::vector<std::string> metrics;     // metric names, each queried as a selector
  std::string selector;                 // label matchers added to each, e.g. cluster="prod" (may be empty)
  double timeout_s = 60.0;              // per request
  int retries = 3;                      // after the first try, on 5xx, 429 and transport failures
  int max_points = 10'000;              // per series per request (Prometheus refuses above 11,000)
  std::string cacert;                   // a CA bundle for TLS verification (empty: the system's)
  std::string bearer_token;             // sent as Authorization: Bearer (never printed)
  std::vector<std::string> headers;     // extra "Name: value" headers (X-Scope-OrgID for Mimir)
  double retry_delay_s = 0.5;           // the first back-off; doubled after each retry
};

// Requests the query needs at least: one per metric per page.
int prometheus_requests(const PrometheusQuery& query);

// Reads every page of every metric into `reader`. An unreachable server, an HTTP error, a timeout
// after the retries, or a response that is not a successful matrix is an input error naming the
// server (without credentials) and the request; `progress(done, total)` after each request. A page
// whose answer is over the input limit is split in two and asked again. Returns the requests made.
int read_prometheus(const PrometheusQuery& query, QueryRangeReader& reader,
                     const std::function<void(int, int)>& progress = {});

// The URL as printed: user:password@ removed.
std::string redacted_url(const std::string& url);

}  // namespace nimcost
