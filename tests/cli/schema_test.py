#!/usr/bin/env python3
"""CLI tests of the schema suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("schema")
def every_command_validates(c):
    for args in (["crossover", "--tokens", "500M"], ["crossover", "--tokens", "0"],
                 ["crossover", "--tokens", "1T", "--gpus", "1"], ["crossover", "--tokens", "2B", "--license", "evaluation"],
                 ["compare", "--tokens", "500M"], ["compare", "--tokens", "0"], ["prices"],
                 ["prices", "--kind", "gpu"], ["prices", "--kind", "model"],
                 ["throughput", "--model", "qwen3-30b-a3b"], ["throughput", "--model", "llama-3.1-405b", "--tp", "1"],
                 ["crossover", "--tokens", "3B", "--model", "mixtral-8x7b", "--profile", "batch"],
                 ["compare", "--tokens", "3B", "--model", "llama-3.1-8b"],
                 ["sweep", "--points", "7", "--model", "llama-3.1-70b", "--tokens", "1B"],
                 ["attribute", os.path.join(c.source, "tests", "data", "dcgm", "dcgm-exporter-l4-scrape.prom"),
                  "--period", "1h", "--gpu-hourly-usd", "1", "--tokens", "1M"],
                 ["run"] + sorted(glob.glob(os.path.join(c.source, "examples", "*.toml"))),
                 ["simulate", "--tokens", "2B", "--seeds", "3", "--policy", "autoscale"],
                 ["simulate", os.path.join(c.source, "examples", "multi-team-mig.toml"), "--seeds", "2", "--break-even"],
                 ["diff", os.path.join(c.source, "examples", "article.toml"),
                  os.path.join(c.source, "examples", "article-realtime-5m-per-day.toml")]):
        c.json(*args)


@test("schema")
def schema_rejects_a_broken_report(c):
    report = c.json("crossover", "--tokens", "500M")
    del report["results"]["selfhost"]["monthly_usd"]
    try:
        c.validator.validate(report)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a report without results.selfhost.monthly_usd")


if __name__ == "__main__":
    sys.exit(harness.main("schema"))
