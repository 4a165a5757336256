#!/usr/bin/env python3
"""CLI tests of the attribute suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


def dcgm(c, name):
    return os.path.join(c.source, "tests", "data", "dcgm", name)


def scrapes(minutes, gap_after=None):
    """Concatenated 15 s scrapes of two GPUs: team-a at 80% on gpu0, team-b at 20% on a 3g.40gb slice."""
    lines = ["# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).", "# TYPE DCGM_FI_DEV_GPU_UTIL gauge"]
    t = 1_700_000_000_000
    for i in range(minutes * 4 + 1):
        if gap_after is not None and gap_after <= i < gap_after + 40:
            continue
        ms = t + i * 15_000
        lines.append(f'DCGM_FI_DEV_GPU_UTIL{{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="n1",'
                     f'namespace="team-a",pod="pa",container="c"}} 80 {ms}')
        lines.append(f'DCGM_FI_DEV_GPU_UTIL{{gpu="1",UUID="GPU-b",modelName="NVIDIA H100 80GB HBM3",Hostname="n1",'
                     f'GPU_I_PROFILE="3g.40gb",GPU_I_ID="1",namespace="team-b",pod="pb",container="c"}} 20 {ms}')
    return "\n".join(lines) + "\n"


@test("attribute")
def attribute_real_scrapes(c):
    r = c.json("attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--period", "30d", "--gpu-hourly-usd", "0.35")
    res = r["results"]
    assert [g["key"] for g in res["groups"]] == ["default"]
    close(res["fleet"]["gpu_hours"], 720)
    close(res["fleet"]["cost_usd"], 720 * (0.35 + 4500 / 8760), rel=1e-6)
    assert res["fleet"]["utilization_fraction"] == 0 and res["fleet"]["idle_cost_usd"] == res["fleet"]["cost_usd"]
    l4 = c.json("attribute", dcgm(c, "dcgm-exporter-l4-scrape.prom"), "--period", "1h", "--gpu-hourly-usd", "0.8",
                "--power-usd-per-kwh", "0.12", "--license", "none", "--by", "node")
    g = l4["results"]["groups"][0]
    assert g["key"] == "i-030791dc5a37cd257"
    close(g["energy_kwh"], 0.016365)
    close(g["cost_usd"], 0.8 + 0.016365 * 0.12)
    assert "DCGM_FI_PROF_GR_ENGINE_ACTIVE" in l4["assumptions"]["activity_source"][0]
    c.error(2, "attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--gpu-hourly-usd", "1",
            contains=("--period",))
    c.error(2, "attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--period", "30d", contains=("Tesla T4",))


@test("attribute")
def attribute_concatenated_scrapes_mig_gap_tokens(c):
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "month.prom", scrapes(60, gap_after=100))
        r = c.json("attribute", path, "--license", "none", "--tokens", "20M", "--provider", "gpt-4.1")
        res = r["results"]
        groups = {g["key"]: g for g in res["groups"]}
        # 60 minutes of 15 s intervals less a 10-minute gap on each GPU: 239 - 1 intervals charged.
        hours = (240 - 41) * 15 / 3600
        close(groups["team-a"]["gpu_hours"], hours)
        close(groups["team-a"]["utilization_fraction"], 0.8)
        close(groups["team-b"]["gpu_hours"], hours * 3 / 7)  # a 3g.40gb slice is 3/7 of the GPU
        assert len(res["gaps"]) == 2 and res["gap_gpu_hours"] > 0
        assert any("gaps longer than 300 s" in w for w in r["warnings"])
        fleet = res["fleet"]
        close(fleet["cost_usd"], fleet["gpu_hours"] * 2.69)  # runpod-h100-sxm, from modelName
        close(res["effective_per_mtok_usd"], fleet["cost_usd"] / 20)
        assert res["apis"][0]["id"] == "gpt-4.1"
        table = c.ok("attribute", path, "--license", "none", "--tokens", "20M", "--provider", "gpt-4.1")
        assert "Your fleet ran at" in table and "vs gpt-4.1 at $6.00/M" in table
        by_gpu = c.json("attribute", path, "--by", "gpu")["results"]["groups"]
        assert {g["key"] for g in by_gpu} == {"n1/GPU-a", "n1/GPU-b/mig1(3g.40gb)"}
        csv = c.ok("attribute", path, "--format", "csv")
        assert csv.splitlines()[0].startswith("key,gpu_hours,active_gpu_hours,utilization_fraction,cost_usd")
        # gzip and stdin read the same.
        import gzip
        with gzip.open(os.path.join(d, "month.prom.gz"), "wt") as f:
            f.write(scrapes(60, gap_after=100))
        gz = c.json("attribute", os.path.join(d, "month.prom.gz"), "--license", "none")["results"]["fleet"]
        close(gz["gpu_hours"], fleet["gpu_hours"])
        r = c.run("attribute", "-", "--license", "none", "--format", "json", stdin=scrapes(60, gap_after=100))
        assert r.returncode == 0, r.stderr
        close(json.loads(r.stdout)["results"]["fleet"]["gpu_hours"], fleet["gpu_hours"])


@test("attribute")
def attribute_refuses_bad_input_clearly(c):
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "bad.prom", 'DCGM_FI_DEV_GPU_UTIL{gpu="0" 5\n')
        c.error(3, "attribute", bad, "--period", "1h", contains=("bad.prom:1:", "never closed"))
        mixed = write(d, "mixed.prom", 'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 5 1000\nDCGM_FI_DEV_GPU_UTIL{gpu="0"} 5\n')
        c.error(3, "attribute", mixed, contains=("mixed.prom:2:", "timestamps"))
        none = write(d, "none.prom", "go_goroutines 3\n")
        c.error(3, "attribute", none, "--period", "1h", contains=("no DCGM_FI_DEV_GPU_UTIL",))
        empty = write(d, "empty.prom", "")
        c.error(3, "attribute", empty, contains=("empty",))
        bad_json = write(d, "r.json", '{"data":{"resultType":"vector","result":[]}}')
        c.error(3, "attribute", bad_json, contains=("matrix",))
        c.error(3, "attribute", os.path.join(d, "missing.prom"), contains=("cannot read",))
        c.error(2, "attribute", bad, "--by", "team", contains=("--by",))
        c.error(2, "attribute", bad, "--period", "30x", contains=("--period",))
        c.error(2, "attribute", bad, "--provider", "gpt-4.1", contains=("--tokens",))
        c.error(2, "attribute", bad, "--output", bad, contains=("input file",))


if __name__ == "__main__":
    sys.exit(harness.main("attribute"))
