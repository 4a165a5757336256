// The Prometheus HTTP API through libcurl. Each request is a GET of query_range for one metric over
// one page of the range; the body (gzip on the wire) is read whole under the input size cap and
// handed to the query_range reader, so a page from a server and a file of the same response are
// read by the same code. Transport failures, 5xx and 429 are retried with doubling back-off; any
// other HTTP error ends the read with the server's own error text.
#include <nimcost/base/error.hpp>
#include <nimcost/load/prometheus_http.hpp>
#include <nimcost/load/text_file.hpp>

#include "curl_library.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

namespace nimcost {

namespace {

struct Body {
  std::string text;
  bool too_large = false;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->text.size() + n > max_input_bytes()) {
    body->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  body->text.append(data, n);
  return n;
}

using Easy = std::unique_ptr<CURL, void (*)(CURL*)>;
using Headers = std::unique_ptr<curl_slist, void (*)(curl_slist*)>;

std::string escaped(CURL* curl, const std::string& text) {
  const CurlLibrary& lib = curl_library();
  char* e = lib.easy_escape(curl, text.c_str(), static_cast<int>(text.size()));
  std::string out = e != nullptr ? e : "";
  lib.free(e);
  return out;
}

std::string time_text(double unix_s) { return fmt::format("{:.3f}", unix_s); }

// The server's own words for an HTTP error: Prometheus answers {"status":"error","error":"..."}.
std::string server_error_text(const std::string& body) {
  try {
    const auto doc = nlohmann::json::parse(body);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_string()) return doc["error"].get<std::string>();
  } catch (const nlohmann::json::exception&) {
  }
  std::string text = body.substr(0, 200);
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

struct Outcome {
  CURLcode code = CURLE_OK;
  long status = 0;
  Body body;
  std::string curl_error;
};

Outcome get(CURL* curl, const std::string& url, curl_slist* headers, const PrometheusQuery& q) {
  const CurlLibrary& lib = curl_library();
  Outcome out;
  char error[CURL_ERROR_SIZE] = {0};
  lib.easy_reset(curl);
  lib.easy_setopt(curl, CURLOPT_URL, url.c_str());
  lib.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would carry the token elsewhere
  lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip and deflate: a month of points compresses well
  lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(q.timeout_s * 1000.0));
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(q.timeout_s, 10.0) * 1000.0));
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!q.cacert.empty()) lib.easy_setopt(curl, CURLOPT_CAINFO, q.cacert.c_str());
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  lib.easy_setopt(curl, CURLOPT_USERAGENT, "nimcost");
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  out.code = lib.easy_perform(curl);
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  out.curl_error = error[0] != '\0' ? error : lib.easy_strerror(out.code);
  return out;
}

bool worth_retrying(const Outcome& o) {
  if (o.body.too_large) return false;
  if (o.code != CURLE_OK) {
    return o.code == CURLE_OPERATION_TIMEDOUT || o.code == CURLE_COULDNT_CONNECT || o.code == CURLE_RECV_ERROR ||
           o.code == CURLE_SEND_ERROR || o.code == CURLE_GOT_NOTHING || o.code == CURLE_PARTIAL_FILE;
  }
  return o.status >= 500 || o.status == 429;
}

std::string failure_text(const Outcome& o, const PrometheusQuery& q) {
  if (o.body.too_large) {
    return "one step's answer is larger than the input limit (NIMCOST_MAX_INPUT_MB): narrow it with --selector";
  }
  if (o.code == CURLE_OPERATION_TIMEDOUT) return fmt::format("no complete answer within --timeout {:g}s", q.timeout_s);
  if (o.code != CURLE_OK) return o.curl_error;
  std::string text = fmt::format("HTTP {}: {}", o.status, server_error_text(o.body.text));
  if (o.status == 401 || o.status == 403) {
    text += " (check --bearer-token-file or NIMCOST_PROMETHEUS_TOKEN, and --header for a tenant)";
  }
  return text;
}

Headers request_headers(const PrometheusQuery& q) {
  const CurlLibrary& lib = curl_library();
  Headers list(nullptr, lib.slist_free_all);
  const auto add = [&](const std::string& h) {
    curl_slist* next = lib.slist_append(list.get(), h.c_str());
    if (next == nullptr) throw std::bad_alloc();
    list.release();
    list.reset(next);
  };
  add("Accept: application/json");
  if (!q.bearer_token.empty()) add("Authorization: Bearer " + q.bearer_token);
  for (const auto& h : q.headers) add(h);
  return list;
}

// One page, retried on what may pass (a timeout, a 5xx, a 429); an answer too large to keep is
// returned for the caller to split; any other failure is an input error.
Outcome fetch(CURL* curl, const std::string& url, curl_slist* headers, const PrometheusQuery& q, const std::string& where) {
  double delay = q.retry_delay_s;
  for (int attempt = 0;; ++attempt) {
    Outcome outcome = get(curl, url, headers, q);
    if ((outcome.code == CURLE_OK && outcome.status == 200) || outcome.body.too_large) return outcome;
    if (attempt >= q.retries || !worth_retrying(outcome)) {
      throw input_error(fmt::format("{}: {}{}", where, failure_text(outcome, q),
                                    attempt > 0 ? fmt::format(" (after {} tries)", attempt + 1) : ""));
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    delay *= 2.0;
  }
}

}  // namespace

std::string redacted_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto at = url.find('@', host_start);
  const auto slash = url.find('/', host_start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, host_start) + url.substr(at + 1);
}

int prometheus_requests(const PrometheusQuery& q) {
  const double points = std::floor((q.end_s - q.start_s) / q.step_s + 1e-9) + 1.0;
  const double pages = std::ceil(points / std::max(1, q.max_points));
  return static_cast<int>(pages) * static_cast<int>(q.metrics.size());
}

int read_prometheus(const PrometheusQuery& q, QueryRangeReader& reader, const std::function<void(int, int)>& progress) {
  const CurlLibrary& lib = curl_library();
  Easy curl(lib.easy_init(), lib.easy_cleanup);
  if (!curl) throw std::bad_alloc();
  const Headers headers = request_headers(q);
  std::string base = q.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string shown = redacted_url(base);
  int total = prometheus_requests(q);
  const double page_s = q.step_s * std::max(1, q.max_points);
  int done = 0;
  for (const auto& metric : q.metrics) {
    const std::string selector = q.selector.empty() ? metric : fmt::format("{}{{{}}}", metric, q.selector);
    // Pages of whole steps, in time order (a stack, later pages pushed first); a page whose answer is
    // over the input limit (many series) is split in two and asked again.
    std::vector<std::pair<double, double>> pages;
    for (double from = q.start_s; from <= q.end_s + 1e-9; from += page_s) {
      pages.emplace_back(from, std::min(q.end_s, from + page_s - q.step_s));
    }
    std::reverse(pages.begin(), pages.end());
    while (!pages.empty()) {
      const auto [from, to] = pages.back();
      pages.pop_back();
      // partial_response=false: Thanos fails a query some store cannot answer instead of a silent gap.
      const std::string url = fmt::format("{}/api/v1/query_range?query={}&start={}&end={}&step={:g}&partial_response=false",
                                          base, escaped(curl.get(), selector), time_text(from), time_text(to), q.step_s);
      const std::string where = fmt::format("{} ({} from {} to {})", shown, metric, time_text(from), time_text(to));
      Outcome outcome = fetch(curl.get(), url, headers.get(), q, where);
      const double steps = std::floor((to - from) / q.step_s + 1e-9);
      if (outcome.body.too_large && steps >= 1.0) {
        const double middle = from + std::floor(steps / 2.0) * q.step_s;
        pages.emplace_back(middle + q.step_s, to);
        pages.emplace_back(from, middle);
        ++total;
        continue;
      }
      if (outcome.body.too_large) throw input_error(fmt::format("{}: {}", where, failure_text(outcome, q)));
      reader.add(outcome.body.text, where);
      ++done;
      if (progress) progress(done, total);
    }
  }
  return total;
}

}  // namespace nimcost
