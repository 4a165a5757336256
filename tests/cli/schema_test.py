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


def walk(node, path=""):
    """Every (path, key, value, parent) in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value, node
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


@test("schema")
def one_name_per_concept(c):
    # Schema version 2: a verdict is one shape, a band is {p5, p50, p95, mean} under "<figure>_band"
    # beside the figure, and the monthly volume is monthly_tokens wherever it appears.
    examples = os.path.join(c.source, "examples")
    dcgm = os.path.join(c.source, "tests", "data", "dcgm", "dcgm-exporter-l4-scrape.prom")
    verdicts = set()
    for args in (["crossover", "--tokens", "500M"], ["compare", os.path.join(examples, "article.toml"),
                                                     os.path.join(examples, "chatbot-realtime.toml")],
                 ["sweep", "--points", "3"], ["attribute", dcgm, "--period", "1h", "--gpu-hourly-usd", "1", "--tokens", "1M"],
                 ["run", os.path.join(examples, "article.toml")],
                 ["simulate", "--tokens", "2B", "--seeds", "3", "--optimize"],
                 ["diff", os.path.join(examples, "article.toml"), os.path.join(examples, "chatbot-realtime.toml")]):
        report = c.json(*args)
        assert report["schema"] == "nimcost.report/v2"
        for path, key, value, parent in walk(report["results"]):
            where = f"{args[0]}: {path}.{key}"
            assert key not in ("volume_tokens", "volumes_tokens", "demand_tokens", "tokens"), where
            if key.endswith("verdict"):
                verdicts.add(args[0])
                assert value is None or (isinstance(value, dict) and {"cheapest", "text"} <= value.keys()), where
            if isinstance(value, dict) and {"p5", "p50", "p95", "mean"} <= value.keys():
                assert key.endswith("_band"), where
                figure = key[: -len("_band")]
                assert figure == "utilization_over_time_fraction" or parent[figure] == value["mean"], where
    assert verdicts == {"crossover", "attribute", "run", "simulate", "diff"}


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
