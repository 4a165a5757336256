#!/usr/bin/env python3
"""CLI tests of the simulate suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("simulate")
def simulate_keys_and_hand_figures(c):
    r = c.json("simulate", "--tokens", "1B", "--profile", "steady", "--provider", "gpt-4.1", "--gpus", "1",
               "--capacity-tokens-per-s", "1000", "--seeds", "5")
    res = r["results"]
    for key in ("p5", "p50", "p95"):
        close(res["total_monthly_usd_band"][key], 2338.70)  # $2.69 x 730 h + $375 license
        close(res["utilization_fraction_band"][key], 1e9 / 2.628e9, 1e-6)  # 1,000 tokens/s per GPU
    close(res["utilization_fraction"], 1e9 / 2.628e9, 1e-6)
    close(res["gpu_monthly_usd"], 1963.70)
    close(res["license_monthly_usd"], 375.0)
    assert res["api_spill_monthly_usd"] == 0 and res["spilled_tokens"] == 0 and res["slo_violation_fraction"] == 0
    close(res["api_only_monthly_usd"], 6000.0)
    close(res["effective_per_mtok_usd"], 2.3387)
    assert res["cheaper"] == "selfhost" and res["steps"] == 43800 and res["optimize"] is None
    a = r["assumptions"]
    assert a["workloads"][0]["profile"]["id"] == "steady" and a["workloads"][0]["profile"]["source"]
    assert a["billing"] == "per-minute" and a["seeds"] == 5


@test("simulate")
def simulate_same_seed_same_bytes(c):
    args = ["simulate", "--tokens", "3B", "--profile", "realtime", "--provider", "gpt-4.1", "--model", "llama-3.1-8b",
            "--seeds", "30", "--format", "json"]
    first = c.ok(*args)
    assert c.ok(*args) == first
    assert c.ok(*args, "--threads", "1") == first  # however the seeds are split over cores
    assert c.ok(*args, "--seed", "2") != first
    r = json.loads(first)
    c.validator.validate(r)
    band = r["results"]["total_monthly_usd_band"]
    assert band["p5"] <= band["p50"] <= band["p95"] and band["mean"] == r["results"]["total_monthly_usd"]


@test("simulate")
def simulate_article_claims(c):
    # 50 requests a day of 100k tokens: one H100 about 99% idle, the API far cheaper.
    r = c.json("simulate", "--tokens-per-day", "5M", "--profile", "realtime", "--gpus", "1", "--model", "llama-3.1-8b",
               "--isl", "98000", "--osl", "2000", "--ttft-ms", "10000", "--provider", "mistral-large-2411", "--seeds", "10")
    res = r["results"]
    assert res["utilization_fraction"] < 0.01 and res["cheaper"] == "api"
    assert res["api_only_monthly_usd"] < 0.2 * res["total_monthly_usd"]
    # 1B tokens overnight, autoscaled and billed by the minute: near full utilization.
    r = c.json("simulate", "--tokens-per-day", "1B", "--profile", "batch", "--policy", "autoscale", "--max-replicas", "40",
               "--model", "llama-3.3-70b", "--provider", "mistral-large-2411", "--seeds", "10")
    assert r["results"]["utilization_fraction_band"]["p5"] > 0.9 and r["results"]["slo_violation_fraction"] == 0
    # Realtime self-hosting against GPT-4.1 pays from ~12.8M tokens/day on one replica.
    r = c.json("simulate", "--tokens-per-day", "5M", "--profile", "realtime", "--model", "llama-3.3-70b",
               "--provider", "gpt-4.1", "--break-even", "--seeds", "8")
    b = r["results"]["break_even"]
    assert b["found"] and b["replicas"] == 1
    close(b["monthly_tokens"], 2338.70 / 6 * 1e6, 2e-3)
    assert "beats the API from 12.8" in r["results"]["verdict"]["text"]


@test("simulate")
def simulate_optimize_mixed_example(c):
    r = c.json("simulate", os.path.join(c.source, "examples", "mixed-workload.toml"), "--optimize", "--seeds", "20")
    res = r["results"]
    best = res["optimize"]["candidates"][res["optimize"]["best"]]
    held = best["policy"]["replicas"] + best["policy"]["committed_replicas"] + best["policy"]["spot_replicas"]
    assert best["policy"]["policy"] == "hybrid" and held >= 1 and best["meets_slo_target"]
    def best_of(policy):
        costs = [cand["total_monthly_usd"] for cand in res["optimize"]["candidates"]
                 if cand["policy"]["policy"] == policy and cand["meets_slo_target"] and
                 cand["policy"]["replicas"] + cand["policy"]["committed_replicas"] > 0]
        return min(costs)
    cost = res["total_monthly_usd"]
    assert cost < best_of("fixed") and cost < best_of("autoscale") and cost < res["api_only_monthly_usd"]
    assert res["policy"] == best["policy"]
    assert len(res["week"]) == 168 and res["week_seeds"] == 20  # the best policy rerun with every seed
    assert "Cheapest under the targets: hybrid" in res["verdict"]["text"]
    assert [w["name"] for w in r["assumptions"]["workloads"]] == ["assistant", "ticket-enrichment"]


@test("simulate")
def simulate_week_series(c):
    r = c.json("simulate", "--tokens", "2B", "--profile", "realtime", "--policy", "hybrid", "--seeds", "6")
    res = r["results"]
    week = res["week"]
    assert len(week) == 168 and res["week_seeds"] == 6
    figures = ["realtime_demand_replicas", "batch_demand_replicas", "demand_replicas", "realtime_served_replicas",
               "batch_served_replicas", "spilled_replicas", "capacity_replicas", "held_replicas", "slo_violating_fraction"]
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for i, h in enumerate(week):
        assert list(h) == ["hour_of_week", "day", "hour"] + [k for f in figures for k in (f, f + "_band")], list(h)
        assert h["hour_of_week"] == i and h["day"] == days[i // 24] and h["hour"] == i % 24
        for f in figures:  # each figure is its band's mean, beside the band
            band = h[f + "_band"]
            assert list(band) == ["p5", "p50", "p95", "mean"] and band["mean"] == h[f]
            assert band["p5"] <= band["p50"] <= band["p95"]
        assert h["capacity_replicas"] >= 0 and h["held_replicas"] >= h["capacity_replicas"]
        assert h["batch_demand_replicas"] == 0
        assert abs(h["demand_replicas"] - h["realtime_demand_replicas"]) <= 1e-4  # realtime alone here
    # The realtime profile's weekday afternoon against its night.
    assert week[14]["realtime_demand_replicas"] > 3 * week[3]["realtime_demand_replicas"]


@test("simulate")
def simulate_table_profile_file_and_errors(c):
    out = c.ok("simulate", "--tokens", "500M", "--seeds", "3")
    assert "nimcost simulate" in out and max(len(l) for l in out.splitlines()) <= 100
    r = c.run("simulate", "--tokens", "500M", "--seeds", "3")
    assert r.stderr == "", r.stderr  # no progress line when stderr is not a terminal
    with tempfile.TemporaryDirectory() as d:
        prof = write(d, "night-shift.toml", '[[traffic_profile]]\nid = "night-shift"\nkind = "realtime"\n'
                     'hourly = [2,2,2,2,2,2,1,1,0,0,0,0,0,0,0,0,0,0,0,0,1,1,2,2]\nsource = "ours"\nas_of = 2026-11-01\n')
        r = c.json("simulate", "--tokens", "1B", "--profile", prof, "--seeds", "2")
        assert r["assumptions"]["workloads"][0]["profile"]["id"] == "night-shift"
        bad = write(d, "bad.toml", '[[traffic_profile]]\nid = "x"\nkind = "realtime"\nhourly = [1, 2]\nsource = "s"\nas_of = 2026-01-01\n')
        c.error(3, "simulate", "--tokens", "1B", "--profile", bad, contains=("bad.toml:", "hourly must be 24 numbers"))
    c.error(2, "simulate", "--tokens", "1B", "--step", "0.5s", contains=("--step",))
    c.error(2, "simulate", "--tokens", "1B", "--policy", "spot", contains=("--policy must be fixed, autoscale or hybrid",))
    c.error(2, "simulate", "--tokens", "1B", "--seeds", "0", contains=("--seeds",))
    c.error(2, "simulate", "--tokens", "1B", "--profile", "realtim", contains=("unknown traffic profile 'realtim'", "realtime"))
    c.error(2, "simulate", contains=("--tokens",))
    c.error(2, "simulate", os.path.join(c.source, "examples", "mixed-workload.toml"), "--tokens", "3B",
            contains=("scenario excludes --tokens",))
    c.error(2, "simulate", "--tokens", "1B", "--profile", "batch", "--hours-per-month", "10",
            contains=("no nightly batch job arrives within a month of 10 hours",))
    c.error(2, "simulate", "--tokens", "1B", "--policy", "autoscale", "--min-replicas", "5", "--max-replicas", "2",
            contains=("--max-replicas",))


if __name__ == "__main__":
    sys.exit(harness.main("simulate"))
