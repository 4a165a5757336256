// Benchmark of `nimcost attribute`'s hot path: a month of 15-second dcgm-exporter scrapes of a
// 64-GPU cluster (8 nodes x 8 GPUs, 172,800 scrapes, 11.06M DCGM_FI_DEV_GPU_UTIL samples with
// Kubernetes labels), generated scrape by scrape and fed to the text parser and the accumulator in
// 1 MiB chunks, the way read_metrics_file streams a file. Memory stays bounded: nothing but the
// current chunk and one state per series is held.
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/prometheus.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace {

using namespace nimcost;

constexpr int k_gpus = 64;
constexpr int k_scrapes = 30 * 24 * 3600 / 15;  // 172,800

// The label block of each GPU: 16 namespaces, a pod per GPU.
std::vector<std::string> label_blocks() {
  std::vector<std::string> out;
  for (int g = 0; g < k_gpus; ++g) {
    out.push_back(fmt::format("{{gpu=\"{}\",UUID=\"GPU-{:08x}-07fd-27a7-52d5-e58aa060d256\",pci_bus_id=\"00000000:{:02x}:00.0\","
                              "device=\"nvidia{}\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"node-{}\","
                              "DCGM_FI_DRIVER_VERSION=\"580.105.08\",container=\"server\",namespace=\"team-{}\","
                              "pod=\"serve-{}-7d9f8\"}}",
                              g % 8, g * 2654435761u, g, g % 8, g / 8, g % 16, g));
  }
  return out;
}

void BM_AttributeMonthOf15sScrapes64Gpus(benchmark::State& state) {
  static const Catalog catalog = load_catalog(embedded_catalog_sources());
  const auto labels = label_blocks();
  long long samples = 0;
  long long bytes = 0;
  for (auto _ : state) {
    UsageAccumulator acc(UsageOptions{}, catalog);
    PrometheusTextParser parser("month.prom", [&](const DcgmSample& s) { acc.add(s); });
    std::string chunk;
    chunk.reserve(1u << 21);
    const long long t0 = 1'700'000'000'000LL;
    for (int i = 0; i < k_scrapes; ++i) {
      const long long ms = t0 + 15'000LL * i;
      chunk += "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n";
      for (int g = 0; g < k_gpus; ++g) {
        chunk += "DCGM_FI_DEV_GPU_UTIL";
        chunk += labels[g];
        fmt::format_to(std::back_inserter(chunk), " {} {}\n", (i * 7 + g * 13) % 101, ms);
      }
      if (chunk.size() >= (1u << 20)) {
        bytes += static_cast<long long>(chunk.size());
        parser.feed(chunk);
        chunk.clear();
      }
    }
    bytes += static_cast<long long>(chunk.size());
    parser.feed(chunk);
    parser.finish();
    const UsageTotals totals = acc.finish();
    samples += totals.samples_used;
    benchmark::DoNotOptimize(totals.fleet.gpu_hours);
  }
  state.counters["samples/s"] = benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AttributeMonthOf15sScrapes64Gpus)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
