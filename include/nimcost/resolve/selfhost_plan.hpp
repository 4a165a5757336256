// The self-hosted side resolved: GPU, rental or typed rate, license, capacity (a per-GPU figure, or
// the throughput model sizing a replica of the served model for the profile's operating point).
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>
#include <nimcost/resolve/request.hpp>

#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace nimcost {

// The self-hosting plan, or a usage error naming the bad ID or combination.
SelfHostPlan resolve_selfhost(const Catalog& catalog, const SelfHostRequest& request,
                              std::vector<std::string>& warnings);

// With a --model request, sizes the plan's capacity and replica from the throughput model on the
// plan's GPU (unless --capacity-tokens-per-s pins capacity by hand); the default sequence lengths
// follow the workload's input share. A usage error when the model does not fit or no concurrency
// meets the latency target.
void apply_replica(const Catalog& catalog, const SelfHostRequest& request, const Workload& workload,
                   SelfHostPlan& plan, std::vector<std::string>& warnings);

// A per-GPU capacity measured on `from_gpu` carried over to `to` by memory bandwidth (decode-bound
// serving scales with it): how a capacity without a served model moves between GPUs.
double scaled_capacity(const Catalog& catalog, double capacity, std::string_view from_gpu, const GpuSku& to);

// The self-hosted side is always a named served model: without --model, the catalog's default one
// (Llama 3.3 70B) sized by the throughput model; --capacity-tokens-per-s pins capacity instead, and
// the model stays named. Every evaluation resolves its request through this first.
SelfHostRequest with_served_model(const Catalog& catalog, SelfHostRequest request);

// A usage error when the plan's license does not cover a fleet of `gpus`.
void check_license_fleet(const SelfHostPlan& plan, int gpus);

// --gpus on an offer sold in servers or instances of several GPUs: rounds plan.pinned_gpus up to
// whole ones (what is paid for is the fleet) and says so.
void round_pinned_gpus(SelfHostPlan& plan, std::vector<std::string>& warnings);

}  // namespace nimcost
