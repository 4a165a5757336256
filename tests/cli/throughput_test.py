#!/usr/bin/env python3
"""CLI tests of the throughput suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test


@test("throughput")
def throughput_issue_example_json(c):
    r = c.json("throughput", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8", "--tp", "2",
               "--isl", "1000", "--osl", "1000")
    res = r["results"]
    for key in ("fits", "max_batch", "ttft_ms", "tpot_ms", "output_tokens_per_s_per_replica",
                "output_tokens_per_s_per_gpu", "gpus_per_replica"):
        assert key in res, key
    assert res["fits"] is True and res["gpus_per_replica"] == 2
    assert r["assumptions"]["mode"] == "offline-max"
    close(res["output_tokens_per_s_per_gpu"] * 2, res["output_tokens_per_s_per_replica"], rel=1e-6)
    # TensorRT-LLM 0.17 measured 4,390.5 output tokens/s on 2x H100 FP8 at 1000/1000.
    assert abs(res["output_tokens_per_s_per_replica"] / 4390.53 - 1) < 0.15, res["output_tokens_per_s_per_replica"]
    assert res["batch"] == res["max_batch"]
    assert r["assumptions"]["engine_factors"]["id"] == "trtllm-fp8"
    assert r["assumptions"]["model"]["source"] and r["assumptions"]["gpu"]["source"]


@test("throughput")
def throughput_mixture_of_experts_uses_its_own_factors(c):
    moe = c.json("throughput", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--precision", "fp8", "--tp", "2")
    assert moe["assumptions"]["engine_factors"]["id"] == "trtllm-fp8-moe"
    assert moe["assumptions"]["engine_factors"]["architecture"] == "moe"
    assert not moe["warnings"], moe["warnings"]
    # vLLM's bf16 set was fitted on both: a mixture of experts takes it without a warning.
    both = c.json("throughput", "--model", "mixtral-8x7b", "--engine", "vllm", "--precision", "bf16", "--tp", "2")
    assert both["assumptions"]["engine_factors"]["id"] == "vllm-bf16"
    assert both["assumptions"]["engine_factors"]["architecture"] == "all"
    # In words, the table says which models the factors were fitted on.
    text = c.ok("throughput", "--model", "mixtral-8x7b", "--gpu", "h100-sxm", "--precision", "fp8", "--tp", "2")
    assert "trtllm fp8 (mixtures of experts)" in text, text


@test("throughput")
def throughput_concurrency_and_targets(c):
    at8 = c.json("throughput", "--model", "llama-3.1-8b", "--concurrency", "8")["results"]
    at64 = c.json("throughput", "--model", "llama-3.1-8b", "--concurrency", "64")["results"]
    assert at8["batch"] == 8 and at64["batch"] == 64
    assert at64["output_tokens_per_s_per_gpu"] > at8["output_tokens_per_s_per_gpu"]
    assert at64["tpot_ms"] > at8["tpot_ms"]
    t = c.json("throughput", "--model", "llama-3.1-8b", "--tpot-ms", "15")
    assert t["assumptions"]["mode"] == "latency-target"
    assert t["results"]["meets_slo_target"] is True and t["results"]["tpot_ms"] <= 15
    miss = c.json("throughput", "--model", "llama-3.1-70b", "--tpot-ms", "1")
    assert miss["results"]["meets_slo_target"] is False and miss["results"]["output_tokens_per_s_per_gpu"] is None
    assert miss["results"]["best_achievable"]["tpot_ms"] > 1
    assert any("no concurrency meets the target" in w for w in miss["warnings"])


@test("throughput")
def throughput_sweep_curve(c):
    r = c.json("throughput", "--model", "mixtral-8x7b", "--tp", "2", "--sweep-concurrency")
    sweep = r["results"]["sweep"]
    assert [p["concurrency"] for p in sweep[:4]] == [1, 2, 4, 8]
    assert sweep[-1]["batch"] == r["results"]["max_batch"]
    rates = [p["output_tokens_per_s_per_gpu"] for p in sweep]
    assert rates == sorted(rates)
    csv = c.ok("throughput", "--model", "mixtral-8x7b", "--tp", "2", "--sweep-concurrency", "--format", "csv")
    assert csv.splitlines()[0].startswith("concurrency,batch,ttft_ms,tpot_ms,output_tokens_per_s_per_replica")
    assert len(csv.splitlines()) == len(sweep) + 1


@test("throughput")
def throughput_refuses_clearly(c):
    r = c.json("throughput", "--model", "llama-3.1-405b", "--tp", "4")
    assert r["results"]["fits"] is False and r["results"]["gpus_needed"] == 8
    assert any("--tp 8" in w for w in r["warnings"])
    table = c.ok("throughput", "--model", "llama-3.1-405b", "--tp", "4")
    assert "Does not fit on 4x h100-sxm: use --tp 8" in table
    auto = c.json("throughput", "--model", "llama-3.1-405b")
    assert auto["results"]["fits"] is True and auto["assumptions"]["tp"] == 8
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--tp", "3", contains=("must divide",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--gpu", "a100-80gb", "--precision", "fp8",
            contains=("no fp8 tensor cores",))
    c.error(2, "throughput", "--model", "lama-3.1-70b", contains=("did you mean llama-3.1-70b",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--isl", "0", contains=("--isl",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--precision", "fp9", contains=("fp8",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--engine", "vlm", contains=("unknown engine",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--ep", "2", contains=("dense",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--dp-attention", contains=("dense",))
    c.error(2, "crossover", "--tokens", "1B", "--dp-attention", contains=("give --model too",))
    c.error(2, "throughput", "--model", "mixtral-8x7b", "--speculative-tokens", "3", contains=("--acceptance",))
    c.error(3, "throughput", "--model", "llama-3.1-8b", "--lengths", "/nonexistent.csv", contains=("/nonexistent.csv",))
    c.error(2, "throughput", "--gpu", "h100-sxm", contains=("--model",))


@test("throughput")
def crossover_sizes_the_fleet_from_the_model(c):
    r = c.json("crossover", "--tokens", "20B", "--model", "llama-3.1-70b", "--tp", "2", "--provider", "gpt-4.1")
    plan = r["assumptions"]["selfhost"]
    rep = plan["replica"]
    assert plan["gpus_per_replica"] == 2 and rep["tp"] == 2 and rep["profile"] == "realtime"
    assert rep["tpot_ms"] <= 50 and rep["ttft_ms"] <= 2000
    s = r["results"]["selfhost"]
    assert s["gpus"] % 2 == 0, s["gpus"]
    # Capacity per GPU is the replica's total tokens/s over its GPUs.
    close(plan["capacity_tokens_per_s_per_gpu"],
          rep["output_tokens_per_s_per_replica"] * (rep["isl"] + rep["osl"]) / rep["osl"] / 2, rel=1e-6)
    be = api(r, "gpt-4.1")
    assert be["break_even_gpus"] is None or be["break_even_gpus"] % 2 == 0
    batch = c.json("crossover", "--tokens", "20B", "--model", "llama-3.1-70b", "--tp", "2", "--profile", "batch",
                   "--provider", "gpt-4.1")
    assert batch["assumptions"]["selfhost"]["capacity_tokens_per_s_per_gpu"] > plan["capacity_tokens_per_s_per_gpu"]
    assert batch["results"]["selfhost"]["gpus"] <= s["gpus"]
    # --isl/--osl also set the API mix when --input-share is not given.
    mix = c.json("crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--isl", "3000", "--osl", "1000")
    close(mix["assumptions"]["workload"]["input_share_fraction"], 0.75)
    pinned = c.json("crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--capacity-tokens-per-s", "1234")
    assert pinned["assumptions"]["selfhost"]["capacity_tokens_per_s_per_gpu"] == 1234
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-70b", "--tp", "2", "--gpus", "3",
            contains=("replicas",))
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-405b", "--tp", "2", contains=("--tp 8",))
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-70b", "--tp", "1", "--tpot-ms", "2",
            contains=("one request alone takes",))
    c.error(2, "crossover", "--tokens", "1B", "--tp", "2", contains=("--model",))
    # Without --model the default served model is sized; only a pinned capacity leaves nothing to size.
    default = c.json("crossover", "--tokens", "1B", "--profile", "batch")["results"]["selfhost"]
    assert default["model"] == "llama-3.3-70b"
    c.error(2, "crossover", "--tokens", "1B", "--profile", "batch", "--capacity-tokens-per-s", "1000",
            contains=("--model",))


@test("throughput")
def compare_sizes_each_gpu_with_the_model(c):
    r = c.json("compare", "--tokens", "2B", "--model", "llama-3.1-70b")
    hosting = {row["id"]: row for row in r["results"]["options"] if row["kind"] in ("rental", "purchase")}
    assert hosting["runpod-h100-sxm"]["gpus"] >= 1
    assert hosting["runpod-a100-80gb"]["gpus"] % 2 == 0  # BF16 70B needs 2 A100s at least
    assert hosting["dgx-h100"]["gpus"] % 8 == 0  # bought in whole 8-GPU servers


@test("throughput")
def calibrate_the_shared_table(c):
    table = os.path.join(c.source, "tests", "data", "throughput-measured.csv")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "factors.toml")
        # One fit (it takes seconds): the JSON report and the factors file together.
        r = c.json("calibrate", table, "--as-of", "2026-11-25", "--write-factors", out)
        res = r["results"]
        assert res["rows_used"] == 244 and len(res["skipped"]) == 4
        assert res["median_abs_error_fraction"] <= 0.15 and res["max_abs_error_fraction"] <= 0.40
        groups = {f["id"]: f for f in res["factors"]}
        assert {"trtllm-fp8", "trtllm-fp16", "trtllm-bf16", "nim-fp8"} <= set(groups)
        assert groups["trtllm-fp8"]["fitted"] and groups["trtllm-fp8"]["as_of"] == "2026-11-25"
        checked = c.json("calibrate", table, "--no-fit")["results"]
        assert checked["median_abs_error_fraction"] <= 0.15 and checked["max_abs_error_fraction"] <= 0.40
        # The written file is a catalog the tool loads, and it reproduces the fit.
        again = c.json("calibrate", table, "--no-fit", "--catalog", out)["results"]
        close(again["max_abs_error_fraction"], res["max_abs_error_fraction"], rel=1e-4)
        held = c.json("calibrate", os.path.join(c.source, "tests", "data", "throughput-holdout.csv"), "--no-fit")
        h = held["results"]["holdout"]
        assert held["results"]["rows_used"] == 126 and h["rows"] == 126 and h["max_abs_error_fraction"] <= 0.25
        assert h["median_abs_error_fraction"] <= 0.10
        c.error(2, "calibrate", table, "--write-factors", table, contains=("input file",))
        bad = write(d, "bad.csv", "source,model\nx,y\n")
        c.error(3, "calibrate", bad, contains=("lacks columns",))
        c.error(3, "calibrate", os.path.join(d, "missing.csv"), contains=("cannot read",))
        c.error(2, "calibrate", table, "--as-of", "yesterday", contains=("--as-of",))


@test("throughput")
def attention_data_parallelism_splits_a_latent_cache(c):
    base = ("throughput", "--model", "deepseek-r1", "--gpu", "h200", "--tp", "8", "--ep", "8")
    tp = c.json(*base)
    dp = c.json(*base, "--dp-attention")
    assert tp["assumptions"]["dp_attention"] is False and dp["assumptions"]["dp_attention"] is True
    # The 34 KiB latent per token is whole on every GPU under TP, an eighth per GPU under DP. TensorRT-LLM
    # runs every layer outside the routed experts unsplit: 671.03B less 256 experts of (671.03B - 37.56B)
    # / 248 is 17.1B FP8 weights, 7/8 of them beyond each GPU's share, 15 GB each.
    m_tp, m_dp = tp["results"]["memory"], dp["results"]["memory"]
    non_expert = 671.03e9 - 256 * (671.03e9 - 37.56e9) / 248
    close(m_dp["weights_bytes_per_gpu"] - m_tp["weights_bytes_per_gpu"], non_expert * 7 / 8, rel=1e-6)
    close(m_dp["kv_bytes_per_token_per_gpu"], m_tp["kv_bytes_per_token_per_gpu"] / 8, rel=1e-9)
    assert m_dp["kv_tokens"] > 6 * m_tp["kv_tokens"]
    assert "attention data parallel over 8 GPUs" in c.ok(*base, "--dp-attention")
    # SGLang's DP attention copies the attention alone (11.4B weights).
    sg_tp, sg_dp = (c.json(*base, "--engine", "sglang", *extra)["results"]["memory"] for extra in ([], ["--dp-attention"]))
    close(sg_dp["weights_bytes_per_gpu"] - sg_tp["weights_bytes_per_gpu"], 11413422080 * 7 / 8, rel=1e-6)




@test("throughput")
def calibrate_every_engine_with_held_out_rows(c):
    import glob
    tables = sorted(glob.glob(os.path.join(c.source, "tests", "data", "throughput-*.csv")))
    res = c.json("calibrate", *tables, "--no-fit")["results"]
    groups = {f["id"]: f for f in res["factors"]}
    # Every engine family has its own factors, fitted on its rows, with held-out rows beside them.
    for gid in ("trtllm-fp8", "trtllm-pytorch-fp4", "trtllm-pytorch-fp8", "vllm-bf16", "vllm-fp8", "sglang-bf16",
                "sglang-fp8", "trtllm-fp8-moe", "trtllm-pytorch-fp4-moe", "trtllm-pytorch-fp8-moe", "sglang-bf16-moe"):
        assert groups[gid]["holdout"]["rows"] >= 3, gid  # vllm fp8 has the fewest: 3
    # Dense models and mixtures of experts have their own sets where both have rows enough to fit.
    assert groups["trtllm-fp8"]["architecture"] == "dense" and groups["trtllm-fp8-moe"]["architecture"] == "moe"
    assert groups["vllm-bf16"]["architecture"] == "all"
    # Guards at today's errors (the issue's targets are tighter; see the README's calibration table).
    for gid in ("trtllm-fp8", "trtllm-fp8-moe", "trtllm-pytorch-fp8", "trtllm-pytorch-fp4"):
        assert groups[gid]["holdout"]["median_abs_error_fraction"] <= 0.10, gid
        assert groups[gid]["holdout"]["max_abs_error_fraction"] <= 0.40, gid
    assert groups["trtllm-pytorch-fp4-moe"]["holdout"]["median_abs_error_fraction"] <= 0.25
    assert res["latency_bound"]["throughput"]["rows"] >= 40 and res["latency_bound"]["tpot"]["rows"] >= 40
    # A split is fit or holdout, and every holdout row says so.
    assert {r["split"] for r in res["rows"]} == {"fit", "holdout"}
    # Each published measurement is in once: a copy counts twice, and a copy in both splits checks itself.
    seen = {}
    for r in res["rows"]:
        key = (r["model"], r["precision"], r["gpu"], r["tp"], r["pp"], r["ep"], r["dp_attention"], round(r["isl"]),
               round(r["osl"]), r["label"].split()[-1], round(r["measured_output_tokens_per_s"], 1),
               r["measured_ttft_ms"])
        assert key not in seen, f"{r['origin']} repeats {seen[key]}"
        seen[key] = r["origin"]


if __name__ == "__main__":
    sys.exit(harness.main("throughput"))
