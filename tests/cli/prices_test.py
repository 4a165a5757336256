#!/usr/bin/env python3
"""CLI tests of the prices suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("prices")
def prices_lists_sources_and_dates(c):
    r = c.json("prices")
    ids = [m["id"] for m in r["results"]["api_models"]]
    for required in ("claude-sonnet-4.6", "gpt-4.1", "mistral-large-2411", "mistral-large-3"):
        assert required in ids
    assert len(ids) >= 15
    gpus = [g["id"] for g in r["results"]["gpus"]]
    assert gpus[:6] == ["h100-sxm", "h100-pcie", "h200", "a100-80gb", "l40s", "b200"]
    for required in ("gh200-96gb", "gb200", "h100-nvl", "h200-nvl", "rtx-pro-6000-server"):
        assert required in gpus
    models = [m["id"] for m in r["results"]["models"]]
    for required in ("llama-4-scout", "llama-4-maverick", "qwen3-235b-a22b", "deepseek-v3", "deepseek-r1",
                     "gpt-oss-120b", "gpt-oss-20b"):
        assert required in models
    licenses = {l["id"]: l for l in r["results"]["licenses"]}
    assert licenses["developer"]["max_gpus"] == 16 and not licenses["developer"]["production_allowed"]
    out = c.ok("prices", "--kind", "api", "--filter", "anthropic")
    assert "claude-sonnet-4.6" in out and "gpt-4.1" not in out and "[1]" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    c.error(2, "prices", "--kind", "apis", contains=("--kind must be one of",))


@test("prices")
def prices_import_litellm(c):
    source = os.path.join(c.source, "tests", "data", "litellm-prices-excerpt.json")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "litellm.toml")
        r = c.run("prices", "import-litellm", source, "-o", out, "--as-of", "2026-07-24")
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""
        assert "imported 14 chat models of 15 entries (skipped 1 not chat" in r.stderr, r.stderr
        text = open(out).read()
        assert "sha256:" in text and 'id = "mistral/mistral-large-2411"' in text
        # The file merges over the built-in catalog: its Mistral Large prices the crossover.
        report = c.json("crossover", "--tokens", "1B", "--catalog", out, "--provider", "mistral/mistral-large-2411")
        row = api(report, "mistral/mistral-large-2411")
        close(row["blended_per_mtok_usd"], (2 + 2 * 6) / 3)
        assert "LiteLLM" in report["assumptions"]["apis"][0]["source"]
        # To stdout without -o; refusals.
        assert 'id = "gpt-4.1"' in c.ok("prices", "import-litellm", source)
        c.error(2, "prices", "import-litellm", source, "-o", source, contains=("input file",))
        c.error(3, "prices", "import-litellm", os.path.join(d, "missing.json"), contains=("cannot read",))
        c.error(3, "prices", "import-litellm", write(d, "a.json", "[1, 2]"), contains=("JSON object",))
        c.error(3, "prices", "import-litellm", write(d, "e.json", '{"e": {"mode": "embedding"}}'),
                contains=("no chat model",))
        c.error(2, "prices", "import-litellm", source, "--as-of", "July", contains=("--as-of",))


@test("prices")
def prices_csv_is_one_kind_with_whole_sources(c):
    c.error(2, "prices", "--format", "csv", contains=("give --kind",))
    rows = c.ok("prices", "--kind", "gpu", "--format", "csv").splitlines()
    assert rows[0].endswith(",as_of,source")
    assert not any(line.endswith(",[1]") for line in rows), rows[:3]  # the source, not a citation mark
    assert "[1]" in c.ok("prices", "--kind", "gpu")  # the table cites, its notes spell out


if __name__ == "__main__":
    sys.exit(harness.main("prices"))
