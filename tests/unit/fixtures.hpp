// Fixtures several test files share: DCGM text and usage, requests at a volume, replica specs,
// measurement tables, and the width of rendered text.
#pragma once

#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/prices.hpp>
#include <nimcost/load/prometheus.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/attribute_report.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/report/compare_report.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/report/prices_report.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <algorithm>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <zlib.h>

namespace nimcost::test {

inline UsageTotals usage_of_text(const std::string& text, UsageOptions options, std::size_t chunk = 0) {
  UsageAccumulator acc(options, builtin_catalog());
  PrometheusTextParser parser("t.prom", [&](const DcgmSample& s) { acc.add(s); });
  if (chunk == 0) {
    parser.feed(text);
  } else {
    for (std::size_t i = 0; i < text.size(); i += chunk) parser.feed(std::string_view(text).substr(i, chunk));
  }
  parser.finish();
  return acc.finish();
}

// Two GPUs scraped every 15 s from t = 1000 s: gpu0 (a whole H100) runs team-a at 80% for four
// intervals and then team-b at 20%; gpu1 is a 3g.40gb MIG slice of team-c at 50%, with one scrape
// missing for 10 minutes (a gap).
inline std::string synthetic_month() {
  std::string text = "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n";
  for (int i = 0; i <= 8; ++i) {
    const long long ms = (1000 + 15LL * i) * 1000;
    const bool a = i < 4;
    text += fmt::format("DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",UUID=\"GPU-aaa\",modelName=\"NVIDIA H100 80GB HBM3\","
                        "Hostname=\"n1\",namespace=\"{}\",pod=\"{}\",container=\"c\"}} {} {}\n",
                        a ? "team-a" : "team-b", a ? "p1" : "p2", a ? 80 : 20, ms);
    text += fmt::format("DCGM_FI_DEV_POWER_USAGE{{gpu=\"0\",UUID=\"GPU-aaa\",modelName=\"NVIDIA H100 80GB HBM3\","
                        "Hostname=\"n1\",namespace=\"{}\",pod=\"{}\",container=\"c\"}} 400 {}\n",
                        a ? "team-a" : "team-b", a ? "p1" : "p2", ms);
  }
  for (long long t : {1000LL, 1015LL, 1030LL, 1630LL, 1645LL}) {
    text += fmt::format("DCGM_FI_DEV_GPU_UTIL{{namespace=\"team-c\",pod=\"q\",Hostname=\"n1\",UUID=\"GPU-bbb\","
                        "gpu=\"1\",GPU_I_PROFILE=\"3g.40gb\",GPU_I_ID=\"2\",modelName=\"NVIDIA H100 80GB HBM3\"}} "
                        "50 {}\n",
                        t * 1000);
  }
  return text;
}

// The defaults at a volume, with the article's 1,000 tokens/s per H100 pinned (the figures these
// tests check by hand); the named model stays Llama 3.3 70B.
inline CrossoverRequest request_at(double tokens) {
  CrossoverRequest r;
  r.workload.tokens = Tokens(tokens);
  r.selfhost.capacity_tokens_per_s = 1000.0;
  return r;
}

inline const UsageTally& group(const UsageTotals& t, const std::string& key) {
  for (const auto& g : t.groups) {
    if (g.key == key) return g;
  }
  FAIL("no group " << key);
  return t.fleet;
}

inline CrossoverReport report_at(double tokens) { return evaluate_crossover(builtin_catalog(), request_at(tokens)); }

// The header row of a throughput measurement table (shared/reference/throughput-measured.csv).
inline const char* const k_header =
    "source,url_or_path,engine,model,params_b,precision,gpu,num_gpus,isl,osl,concurrency_or_mode,"
    "output_tok_per_s_total,output_tok_per_s_per_gpu,notes\n";

}  // namespace nimcost::test
