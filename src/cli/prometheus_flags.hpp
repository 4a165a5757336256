// attribute's flags for reading a Prometheus-compatible server instead of a file.
#pragma once

#include <nimcost/load/prometheus_http.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace nimcost::cli {

struct PrometheusFlags {
  std::string url, start, end, step = "30s", selector, timeout = "60s", retries = "3", max_points = "10000", cacert,
      bearer_token_file;
  std::vector<std::string> headers;
};

void add_prometheus_flags(CLI::App& app, PrometheusFlags& flags);

// The query the flags ask for, checked (a usage error naming the flag). The bearer token comes
// from --bearer-token-file, else NIMCOST_PROMETHEUS_TOKEN.
PrometheusQuery prometheus_query(const PrometheusFlags& flags, std::vector<std::string> metrics);

}  // namespace nimcost::cli
