#!/usr/bin/env python3
"""CLI tests of simulate's committed and spot capacity: the bill by hand, spot against its expectation,
--optimize over mixes, and the refusals (JSON schema-checked)."""
import os
import sys

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

# 1,000 tokens/s per GPU, flat demand, no license: bills are GPU-hours times the offers' rates.
FLAT = ("--profile", "steady", "--provider", "gpt-4.1", "--gpu", "h100-sxm", "--capacity-tokens-per-s", "1000",
        "--license", "none", "--seeds", "4")


@test("simulate_mix")
def committed_base_under_on_demand(c):
    # 2.5 GPUs of flat demand: 2 committed (neocloud 1-year, $2.35) and 1 on demand (RunPod, $2.69).
    r = c.json("simulate", "--tokens", f"{2.5 * 1000 * 730 * 3600:.0f}", *FLAT, "--gpus", "1", "--committed", "2")
    res, offers = r["results"], r["assumptions"]["offers"]
    assert offers["committed"]["id"] == "neocloud-h100-1-year-market" and offers["committed"]["term"] == "1-year"
    assert offers["on_demand"]["id"] == "runpod-h100-sxm" and offers["spot"] is None
    close(res["committed_monthly_usd"], 2 * 730 * 2.35)
    close(res["gpu_monthly_usd"], 730 * (2 * 2.35 + 2.69))
    close(res["utilization_fraction"], 2.5 / 3, 1e-6)
    assert res["policy"]["committed_replicas"] == 2 and res["policy"]["replicas"] == 1
    assert res["slo_violation_fraction"] == 0 and res["spot_serving_fraction"] is None
    table = " ".join(c.ok("simulate", "--tokens", "6.57B", *FLAT, "--gpus", "1", "--committed", "2").split())
    assert "GPUs committed" in table and "neocloud-h100-1-year-market at $2.35/GPU-hour (1-year)" in table
    # A committed --rental makes the fleet committed; the other offers are named.
    r = c.json("simulate", "--tokens", "1B", *FLAT, "--gpus", "8", "--rental", "gcp-a3-high8g-h100-1yr")
    # a3-highgpu-8g comes whole: the simulated unit is one 8-GPU instance.
    pol = r["results"]["policy"]
    assert pol["committed_replicas"] == 1 and pol["replicas"] == 0 and pol["gpus_per_replica"] == 8
    assert any("rents whole instances of GPUs: the fleet grows by 8 GPUs" in w for w in r["warnings"])
    close(r["results"]["gpu_monthly_usd"], 8 * 730 * 7.673)


@test("simulate_mix")
def spot_against_its_expectation(c):
    # 20 spot GPUs, taken back 4 times a day of running, 60 min away, 5 min to start again.
    r = c.json("simulate", "--tokens", "1B", *FLAT, "--policy", "hybrid", "--gpus", "1", "--spot", "20",
               "--spot-rental", "runpod-h100-sxm-spot", "--interruptions-per-day", "4", "--mean-interruption", "60m",
               "--scale-up-delay", "5m")
    res, a = r["results"], r["assumptions"]["offers"]
    assert a["spot"]["id"] == "runpod-h100-sxm-spot" and a["spot_interruptions"]["from"] == "flags"
    assert a["spot_interruptions"]["mean_interruption_minutes"] == 60 and a["spot_interruptions"]["interruptions_per_day"] == 4
    up, cycle = 21600.0, 21600.0 + 3600 + 300
    close(res["spot_serving_fraction"], up / cycle, 0.015)
    close(res["spot_interruptions"], 20 * 730 * 3600 / cycle, 0.03)
    spot_price = a["spot"]["usd_per_gpu_hour"]
    close(res["spot_monthly_usd"], 20 * 730 * spot_price * (up + 300) / cycle, 0.015)
    assert res["policy"]["spot_replicas"] == 20
    table = c.ok("simulate", "--tokens", "1B", *FLAT, "--policy", "hybrid", "--gpus", "1", "--spot", "2",
                 "--interruptions-per-day", "4", "--mean-interruption", "1h")
    words = " ".join(table.split())  # the facts wrap at 100 columns
    assert "GPUs spot" in table and "billed per-second; 4 interruptions per day of running, 60 min away" in words


@test("simulate_mix")
def optimize_weighs_committed_and_spot(c):
    base = ("simulate", os.path.join(c.source, "examples", "mixed-workload.toml"), "--optimize", "--seeds", "8")
    plain = c.json(*base)
    cands = plain["results"]["optimize"]["candidates"]
    kinds = {(x["policy"]["committed_replicas"] > 0, x["policy"]["spot_replicas"] > 0) for x in cands}
    assert (True, False) in kinds and (False, True) not in kinds  # no interruption figures: spot left out
    assert any("leaves spot capacity out" in w for w in plain["warnings"])
    best = cands[plain["results"]["optimize"]["best"]]
    on_demand = [x["total_monthly_usd"] for x in cands if x["meets_slo_target"] and
                 x["policy"]["committed_replicas"] == 0 and x["policy"]["spot_replicas"] == 0]
    assert best["total_monthly_usd"] <= min(on_demand) and best["meets_slo_target"]
    spot = c.json(*base, "--interruptions-per-day", "1", "--mean-interruption", "20m")
    cands = spot["results"]["optimize"]["candidates"]
    assert any(x["policy"]["spot_replicas"] > 0 for x in cands)
    spot_best = cands[spot["results"]["optimize"]["best"]]
    assert spot_best["total_monthly_usd"] <= best["total_monthly_usd"] + 1e-6


@test("simulate_mix")
def review_regressions(c):
    # --break-even with no on-demand replicas held (a committed base) still searches a fixed fleet.
    r = c.json("simulate", "--tokens", "3B", *FLAT, "--committed", "2", "--break-even")
    assert r["results"]["break_even"] is not None and r["results"]["policy"]["committed_replicas"] == 2
    # An 8-GPU commitment named but given no replicas leaves the 1-GPU fleet's unit alone.
    r = c.json("simulate", "--tokens", "3B", *FLAT, "--committed", "0", "--committed-rental", "gcp-a3-high8g-h100-1yr")
    assert r["results"]["policy"]["gpus_per_replica"] == 1
    # --optimize's default offers share the on-demand offer's instance size.
    r = c.json("simulate", "--tokens", "3B", *FLAT, "--optimize", "--interruptions-per-day", "1",
               "--mean-interruption", "30m")
    offers = r["assumptions"]["offers"]
    assert offers["spot"]["gpus_per_instance"] == 1 and offers["committed"]["gpus_per_instance"] == 1
    # A committed --rental bills the on-demand burst as the on-demand offer bills it.
    r = c.json("simulate", "--tokens", "3B", *FLAT, "--rental", "neocloud-h100-1-year-market", "--optimize")
    assert r["assumptions"]["billing"] == "per-minute" and r["assumptions"]["offers"]["on_demand"]["id"] == "runpod-h100-sxm"
    # Rates that would make a month of events endless are refused.
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--spot", "1", "--interruptions-per-day", "1e6",
            "--mean-interruption", "1h", contains=("0 to 1440 per day",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--spot", "1001", "--interruptions-per-day", "1",
            "--mean-interruption", "1h", contains=("spot replicas 0 to 1000",))


@test("simulate_mix")
def mix_refusals(c):
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--spot", "2",
            contains=("spot offer", "no interruption figures", "--interruptions-per-day"))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--committed", "1", "--committed-rental", "runpod-h100-sxm",
            contains=("--committed-rental runpod-h100-sxm is an on-demand offer, not a 1-year or 3-year commitment",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--spot", "1", "--spot-rental", "runpod-l40s-spot",
            "--interruptions-per-day", "1", "--mean-interruption", "1h", contains=("rents l40s, but the fleet runs on h100-sxm",))
    l40s = tuple("l40s" if a == "h100-sxm" else a for a in FLAT)
    c.error(2, "simulate", "--tokens", "1B", *l40s, "--committed", "1",
            contains=("no 1-year or 3-year offer for l40s",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--policy", "autoscale", "--rental", "gcp-a3-high8g-h100-1yr",
            contains=("an autoscaled fleet rents on demand",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--interruptions-per-day", "3",
            contains=("describe spot capacity",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--committed", "-1", contains=("--committed",))
    c.error(2, "simulate", "--tokens", "1B", *FLAT, "--spot", "1", "--interruptions-per-day", "x",
            "--mean-interruption", "1h", contains=("--interruptions-per-day",))


if __name__ == "__main__":
    sys.exit(harness.main("simulate_mix"))
