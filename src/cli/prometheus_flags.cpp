// --prometheus and its companions. Credentials never come from the command line (other users see
// it in the process list): a token file or the environment only, and --header refuses Authorization.
#include "prometheus_flags.hpp"

#include "common.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/timestamp.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/model/dcgm_sample.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

namespace nimcost::cli {

namespace {

constexpr double k_max_range_s = 400.0 * 86400.0;

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string bearer_token(const PrometheusFlags& f) {
  std::string token;
  if (!f.bearer_token_file.empty()) {
    token = trimmed(read_text_file(f.bearer_token_file, "the bearer token file"));
    if (token.empty()) throw input_error(fmt::format("{}: the bearer token file is empty", f.bearer_token_file));
  } else if (const char* env = std::getenv("NIMCOST_PROMETHEUS_TOKEN"); env != nullptr) {
    token = trimmed(env);
  }
  for (char c : token) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw input_error("the bearer token holds a control character (a line break?); it must be one line");
    }
  }
  return token;
}

void check_header(const std::string& h) {
  const auto colon = h.find(':');
  if (colon == std::string::npos || colon == 0 || h.find_first_of("\r\n") != std::string::npos) {
    throw usage_error(fmt::format("--header must be 'Name: value' on one line, got '{}'", h));
  }
  std::string name = h.substr(0, colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "authorization") {
    throw usage_error("--header Authorization would put a credential on the command line: give --bearer-token-file "
                      "or NIMCOST_PROMETHEUS_TOKEN");
  }
}

}  // namespace

void add_prometheus_flags(CLI::App& app, PrometheusFlags& f) {
  app.add_option("--prometheus", f.url, "Read DCGM series from this Prometheus, Thanos or Mimir (its base URL)")
      ->type_name("URL");
  app.add_option("--start", f.start, "--prometheus: range start: RFC 3339, a date, Unix seconds, or 30d ago")
      ->type_name("T");
  app.add_option("--end", f.end, "--prometheus: range end (default now)")->type_name("T");
  app.add_option("--step", f.step, "--prometheus: resolution of the range query (default 30s)")->type_name("DURATION");
  app.add_option("--selector", f.selector, "--prometheus: label matchers added to each query, e.g. 'cluster=\"prod\"'")
      ->type_name("MATCHERS");
  app.add_option("--timeout", f.timeout, "--prometheus: per request (default 60s)")->type_name("DURATION");
  app.add_option("--retries", f.retries, "--prometheus: retries on 5xx, 429 and timeouts (default 3)")->type_name("N");
  app.add_option("--max-points", f.max_points, "--prometheus: points per series per request (default 10000)")
      ->type_name("N");
  app.add_option("--cacert", f.cacert, "--prometheus: CA bundle to verify the server's TLS certificate")->type_name("FILE");
  app.add_option("--bearer-token-file", f.bearer_token_file,
                 "--prometheus: a file holding the bearer token (else NIMCOST_PROMETHEUS_TOKEN)")
      ->type_name("FILE");
  app.add_option("--header", f.headers, "--prometheus: an extra header, e.g. 'X-Scope-OrgID: team' (repeatable)")
      ->type_name("'NAME: VALUE'");
}

PrometheusQuery prometheus_query(const PrometheusFlags& f, std::vector<std::string> metrics) {
  PrometheusQuery q;
  q.url = f.url;
  if (q.url.rfind("http://", 0) != 0 && q.url.rfind("https://", 0) != 0) {
    throw usage_error(fmt::format("--prometheus must be an http:// or https:// URL, got '{}'", redacted_url(f.url)));
  }
  if (f.start.empty()) throw usage_error("--prometheus needs --start (e.g. 30d or 2026-11-01T00:00:00Z)");
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  q.start_s = parse_timestamp(f.start, now, "--start");
  q.end_s = f.end.empty() ? now : parse_timestamp(f.end, now, "--end");
  for (const auto& [flag, t] : {std::pair{"--start", q.start_s}, std::pair{"--end", q.end_s}}) {
    if (!plausible_sample_time(t)) throw usage_error(fmt::format("{} must fall between 2000 and 2100", flag));
  }
  if (!(q.end_s > q.start_s)) throw usage_error("--end must be after --start");
  if (q.end_s - q.start_s > k_max_range_s) throw usage_error("the range is over 400 days: read it in parts");
  q.step_s = flag_value("--step", f.step, [](const std::string& t) { return parse_duration(t); });
  if (q.step_s < 1.0) throw usage_error("--step must be at least 1s");
  q.timeout_s = flag_value("--timeout", f.timeout, [](const std::string& t) { return parse_duration(t); });
  if (q.timeout_s < 0.1 || q.timeout_s > 3600.0) throw usage_error("--timeout must be from 0.1s to 1h");
  q.retries = optional_count("--retries", f.retries, 0, 10).value_or(3);
  q.max_points = optional_count("--max-points", f.max_points, 1, 11000).value_or(10000);
  q.selector = f.selector;
  if (q.selector.find_first_of("{}") != std::string::npos) {
    throw usage_error("--selector takes the matchers without braces, e.g. 'cluster=\"prod\",namespace=~\"team-.*\"'");
  }
  q.cacert = f.cacert;
  for (const auto& h : f.headers) check_header(h);
  q.headers = f.headers;
  q.bearer_token = bearer_token(f);
  q.metrics = std::move(metrics);
  if (prometheus_requests(q) > 100000) throw usage_error("the range needs over 100,000 requests: give a larger --step");
  return q;
}

}  // namespace nimcost::cli
