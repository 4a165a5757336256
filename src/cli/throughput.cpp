// `nimcost throughput`: what one replica of a model on a GPU group serves, from the calibrated
// throughput model: memory fit, max batch, TTFT/TPOT and tokens/s at the offline maximum, at a
// concurrency, or at the largest concurrency that meets a latency target.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/evaluate/throughput.hpp>

namespace nimcost::cli {

namespace {

struct ThroughputOptions {
  OutputOptions output;
  CatalogOptions catalog;
  ReplicaFlags replica;
  std::string gpu;
  std::string concurrency;
  bool sweep = false;
};

int run_throughput(const ThroughputOptions& o) {
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    ThroughputRequest request;
    request.replica = make_replica_request(o.replica, o.gpu);
    request.target = make_latency_target(o.replica);
    if (auto c = optional_count("--concurrency", o.concurrency, 1, 1'000'000)) request.concurrency = *c;
    request.sweep = o.sweep;
    return evaluate_throughput(loaded.catalog, request);
  };
  run_report<ThroughputReport>(o.output, o.catalog,
                               {.evaluate = evaluate, .json = throughput_json, .document = throughput_document});
  return 0;
}

}  // namespace

Command throughput_command() {
  return {"throughput", "Tokens/s, latency and memory fit of one model replica on GPUs",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<ThroughputOptions>();
            add_replica_flags(app, o->replica, true);
            app.add_option("--gpu", o->gpu, "GPU SKU (default h100-sxm)")->type_name("ID");
            app.add_option("--concurrency", o->concurrency, "Requests in flight (default: the offline maximum)")
                ->type_name("N");
            app.add_flag("--sweep-concurrency", o->sweep, "Print the throughput-latency curve: 1, 2, 4 ... max batch");
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Without --concurrency or a latency target, the offline maximum: the largest batch the KV\n"
                       "cache holds, which is what published offline tables measure.\n\n"
                       "Examples:\n"
                       "  nimcost throughput --model llama-3.1-70b --gpu h100-sxm --precision fp8 --tp 2 --isl 1000 --osl 1000\n"
                       "  nimcost throughput --model llama-3.1-8b --tpot-ms 20 --ttft-ms 500\n"
                       "  nimcost throughput --model mixtral-8x7b --tp 2 --sweep-concurrency --format csv");
            return [o] { return run_throughput(*o); };
          }};
}

}  // namespace nimcost::cli
