#!/usr/bin/env python3
"""CLI tests of the compare suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("compare")
def compare_sorted_with_hosting_options(c):
    r = c.json("compare", "--tokens", "1B")
    rows = r["results"]["options"]
    monthly = [row["monthly_usd"] for row in rows]
    assert monthly == sorted(monthly)
    hosting = {row["id"]: row for row in rows if row["kind"] in ("rental", "purchase")}
    assert {"runpod-h100-sxm", "runpod-h200", "runpod-b200", "aws-p5-h100"} <= set(hosting)
    close(hosting["runpod-h100-sxm"]["monthly_usd"], 2338.70)
    # Every rental of every term and every purchase is an option, marked by kind and term.
    assert hosting["runpod-h100-sxm"]["term"] == "on-demand" and hosting["nebius-h100-spot"]["term"] == "spot"
    assert hosting["gcp-a3-high8g-h100-3yr"]["term"] == "3-year"
    assert {"dgx-h100", "dgx-h200-estimate", "dgx-b200"} <= {row["id"] for row in rows if row["kind"] == "purchase"}
    dgx = hosting["dgx-h100"]
    assert dgx["term"] is None and dgx["gpus"] == 8 and dgx["detail"] == "8x h100-sxm (1 server)"
    # One server: $270,000 over 60 months + 10% on half of it a year + 10.2 kW x 1.54 x 730 h x $0.0981
    # + 10.2 kW x $184.06 + 20% a year, and 8 licenses at $375.
    server = 270000 / 60 + 135000 * 0.10 / 12 + 10.2 * 1.54 * 730 * 0.0981 + 10.2 * 184.06 + 270000 * 0.20 / 12
    close(dgx["monthly_usd"], server + 8 * 375)
    assert r["results"]["cheapest"] == rows[0]["id"]
    assert "runpod-h100-sxm" in c.ok("compare", "--tokens", "1B")


@test("compare")
def scenario_files_side_by_side(c):
    files = [example(c, "chatbot-realtime.toml"), example(c, "mixed-workload.toml"), example(c, "article.toml")]
    r = c.json("compare", *files)
    scenarios = r["results"]["scenarios"]
    assert [s["name"] for s in scenarios] == ["chatbot", "mixed", "article"]
    assert r["assumptions"]["files"] == files
    # Each column is what `run` says of that file alone.
    for i, f in enumerate(files):
        alone = c.json("run", f)["results"]["scenarios"][0]
        assert scenarios[i]["cheapest"] == alone["results"]["verdict"]["cheapest"]
        close(scenarios[i]["monthly_usd"], alone["results"]["verdict"]["cheapest_monthly_usd"])
        assert scenarios[i]["monthly_tokens"] == alone["results"]["monthly_tokens"]
    # The change against the first column.
    assert scenarios[0]["delta_usd"] is None and scenarios[0]["delta_fraction"] is None
    close(scenarios[1]["delta_usd"], scenarios[1]["monthly_usd"] - scenarios[0]["monthly_usd"])
    close(scenarios[2]["delta_fraction"], scenarios[2]["monthly_usd"] / scenarios[0]["monthly_usd"] - 1.0)
    # Options: every option any scenario has, one cost per scenario (null where it has none).
    options = {(o["id"], o["kind"]): o["monthly_usd"] for o in r["results"]["options"]}
    assert all(len(costs) == 3 for costs in options.values())
    assert r["results"]["options"][0]["kind"] == "selfhost"
    for i, s in enumerate(scenarios):
        kind = "selfhost" if s["cheapest"] == "selfhost" else "api"
        close(options[(s["cheapest"], kind)][i], s["monthly_usd"])
        assert min(v for v in (costs[i] for costs in options.values()) if v is not None) >= s["monthly_usd"] - 0.01
    table = c.ok("compare", *files)
    assert "$4,677.40 *" in table and "% vs chatbot" in table and "Cheapest scenario: article" in table
    csv = c.ok("compare", *files, "--format", "csv").splitlines()
    assert csv[0] == "id,kind,chatbot,mixed,article" and not any("*" in line for line in csv)
    assert "| selfhost | selfhost |" in c.ok("compare", *files, "--format", "markdown")


@test("compare")
def compare_needs_tokens_or_two_scenarios(c):
    c.error(2, "compare", contains=("give --tokens", "scenario files"))
    c.error(2, "compare", example(c, "article.toml"), contains=("two or more scenario files",))
    c.error(2, "compare", example(c, "article.toml"), example(c, "mixed-workload.toml"), "--tokens", "1B",
            contains=("excludes",))


if __name__ == "__main__":
    sys.exit(harness.main("compare"))
