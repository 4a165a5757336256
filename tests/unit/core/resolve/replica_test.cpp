// Unit tests of src/core/resolve/replica.cpp (doctest suite "core/resolve/replica"); split from a file that said:
//   The throughput model: every formula against hand-computed values, and the properties the model
//   must keep (monotone in concurrency, offline maximum on top, TP splitting memory, MoE reads).
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/throughput.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/report/throughput_report.hpp>
#include <nimcost/resolve/replica.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_mib = 1024.0 * 1024.0;

}  // namespace

TEST_SUITE_BEGIN("core/resolve/replica");

TEST_CASE("resolving a replica: defaults, choices and refusals") {
  const Catalog& c = builtin_catalog();
  std::vector<std::string> warnings;
  ReplicaRequest q;
  q.model = "llama-3.1-70b";
  ResolvedReplica a = resolve_replica(c, q, SequenceShape{}, warnings);
  CHECK(a.spec.precision == Precision::fp8);  // H100 has FP8
  CHECK(a.spec.tp == 1);                      // the smallest that fits
  CHECK(a.spec.factors.id == "trtllm-fp8");
  q.gpu = "a100-80gb";
  a = resolve_replica(c, q, SequenceShape{}, warnings);
  CHECK(a.spec.precision == Precision::bf16);
  CHECK(a.spec.tp == 2);
  q.precision = "fp8";
  CHECK_THROWS_WITH_AS(resolve_replica(c, q, SequenceShape{}, warnings), doctest::Contains("no fp8 tensor cores"),
                       Error);
  q.gpu.reset();
  q.precision.reset();
  q.tp = 3;
  CHECK_THROWS_WITH_AS(resolve_replica(c, q, SequenceShape{}, warnings), doctest::Contains("1, 2, 4, 8, 16, 32, 64"),
                       Error);
  q.tp.reset();
  q.model = "llama-3.1-70";
  CHECK_THROWS_WITH_AS(resolve_replica(c, q, SequenceShape{}, warnings), doctest::Contains("did you mean"), Error);
  q.model = "llama-3.1-8b";
  q.precision = "int4";
  warnings.clear();
  a = resolve_replica(c, q, SequenceShape{}, warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("no int4 calibration") != std::string::npos);
  q.precision.reset();
  q.engine = "vlm";
  CHECK_THROWS_WITH_AS(resolve_replica(c, q, SequenceShape{}, warnings), doctest::Contains("unknown engine"), Error);
  // NIM's backends by name: nim-vllm is vLLM's calibration.
  q.engine = "nim-vllm";
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.engine == "vllm");
}

TEST_CASE("a mixture of experts takes its engine's mixture-of-experts factors, else the dense set, with a warning") {
  Catalog c = builtin_catalog();
  c.engine_factors.clear();
  EngineFactors dense;
  dense.id = "e-fp8";
  dense.engine = "e";
  dense.precision = "fp8";
  dense.architecture = "dense";
  EngineFactors moe = dense;
  moe.id = "e-fp8-moe";
  moe.architecture = "moe";
  c.engine_factors = {dense, moe};
  std::vector<std::string> warnings;
  ReplicaRequest q;
  q.engine = "e";
  q.precision = "fp8";
  q.model = "mixtral-8x7b";
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.id == "e-fp8-moe");
  q.model = "llama-3.1-8b";
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.id == "e-fp8");
  CHECK(warnings.empty());
  // Only the dense set: the mixture borrows it and says so.
  c.engine_factors = {dense};
  q.model = "mixtral-8x7b";
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.id == "e-fp8");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "no mixture-of-experts calibration for e fp8: using its dense-model factors");
  // A set fitted on both serves both, silently; a dense model at another precision borrows it.
  warnings.clear();
  dense.architecture.clear();
  c.engine_factors = {dense};
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.id == "e-fp8");
  CHECK(warnings.empty());
  q.model = "llama-3.1-8b";
  q.precision = "bf16";
  CHECK(resolve_replica(c, q, SequenceShape{}, warnings).spec.factors.id == "e-fp8");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "no bf16 calibration for e: using its fp8 factors");
}

TEST_SUITE_END();
