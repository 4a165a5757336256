#!/usr/bin/env python3
"""CLI tests of the diff suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


def price_change(d, c):
    """The article scenario and a head revision: the GPU costs $2,600 and the volume halves."""
    base = os.path.join(d, "base.toml")
    with open(example(c, "article.toml")) as f:
        text = f.read()
    with open(base, "w") as f:
        f.write(text)
    head = write(d, "head.toml", text.replace("gpu_monthly_usd = 1950", "gpu_monthly_usd = 2600")
                 .replace('tokens = "1B"', 'tokens = "500M"'))
    return base, head


@test("diff")
def diff_two_scenarios(c):
    with tempfile.TemporaryDirectory() as d:
        base, head = price_change(d, c)
        r = c.json("diff", base, head)
        res = r["results"]
        s = res["scenarios"][0]
        assert s["change"] == "changed" and s["verdict_changed"] is True
        assert (s["base_verdict"]["cheapest"], s["head_verdict"]["cheapest"]) == ("selfhost", "mistral-large-2411")
        close(s["base_monthly_usd"], 1950.0)
        close(s["head_monthly_usd"], 7000 / 3)
        close(s["delta_fraction"], (7000 / 3 - 1950) / 1950, 1e-6)
        opts = {o["id"]: o for o in s["options"]}
        close(opts["selfhost"]["delta_usd"], 650.0)
        close(opts["gpt-4.1"]["delta_fraction"], -0.5)
        assert opts["gpt-4.1"]["base_break_even_tokens"] == 325000000
        assert opts["gpt-4.1"]["head_break_even_tokens"] == 433333334
        assert res["summary"].startswith("Monthly cost up +$383.33 (+19.7%)")
        assert c.run("diff", base, base).returncode == 0
        same = c.json("diff", base, base)["results"]
        assert same["changed"] is False and same["summary"].startswith("No cost change")


@test("diff")
def diff_the_two_article_examples(c):
    base, head = example(c, "article.toml"), example(c, "article-realtime-5m-per-day.toml")
    r = c.json("diff", base, head)
    s = r["results"]["scenarios"][0]
    assert s["name"] == "article -> article-realtime" and s["change"] == "changed"
    assert (s["base_verdict"]["cheapest"], s["head_verdict"]["cheapest"]) == ("selfhost", "mistral-large-2411")
    close(s["base_monthly_usd"], 1950.0)
    close(s["head_monthly_usd"], 152083333 * 14 / 3 / 1e6, 1e-6)  # $709.72
    close(s["delta_usd"], 152083333 * 14 / 3 / 1e6 - 1950.0, 1e-6)
    opts = {o["id"]: o for o in s["options"]}
    assert opts["selfhost"]["delta_usd"] == 0  # the same GPU at the same price
    close(opts["gpt-4.1"]["head_monthly_usd"], 912.5)
    assert c.run("diff", base, head, "--fail-if-verdict-changes").returncode == 1
    assert c.run("diff", base, head, "--fail-if-cost-increase-above", "0").returncode == 0  # cost fell
    assert c.run("diff", head, base, "--fail-if-cost-increase-above", "100").returncode == 1  # +175%


@test("diff")
def diff_gates_exit_codes(c):
    with tempfile.TemporaryDirectory() as d:
        base, head = price_change(d, c)
        for flags, code in ((["--fail-if-cost-increase-above", "10"], 1), (["--fail-if-cost-increase-above", "25%"], 0),
                            (["--fail-if-verdict-changes"], 1), (["--fail-above-monthly-usd", "2500"], 0),
                            (["--fail-above-monthly-usd", "2000"], 1), ([], 0)):
            r = c.run("diff", base, head, *flags)
            assert r.returncode == code, (flags, r.returncode, r.stderr)
            assert ("tripped" in r.stderr) == (code == 1), r.stderr
        # Gates on run against a saved base report.
        saved = os.path.join(d, "base.json")
        c.ok("run", base, "--format", "json", "--output", saved)
        r = c.run("run", head, "--base-report", saved, "--fail-if-cost-increase-above", "10", "--format", "json")
        assert r.returncode == 1
        gates = json.loads(r.stdout)["results"]["gates"]
        assert gates[0]["gate"] == "fail-if-cost-increase-above" and gates[0]["tripped"] is True
        close(gates[0]["value"], (7000 / 3 - 1950) / 1950, 1e-6)
        c.error(2, "diff", base, head, "--fail-if-cost-increase-above", "ten", contains=("--fail-if-cost-increase-above",))


@test("diff")
def diff_markdown_for_a_pr_comment(c):
    with tempfile.TemporaryDirectory() as d:
        base, head = price_change(d, c)
        md = c.run("diff", base, head, "--format", "markdown", "--fail-if-verdict-changes").stdout
        lines = md.splitlines()
        assert lines[0] == "<!-- nimcost-diff -->"  # the marker a CI job finds its one comment by
        assert lines[1] == "### nimcost: cost diff"
        assert lines[3].startswith("**Monthly cost up +$383.33 (+19.7%)")
        assert any(l.startswith("- :x: `--fail-if-verdict-changes`") for l in lines)
        assert "| article | cheapest: selfhost -> mistral-large-2411 | $1,950.00 | $2,333.33 | +$383.33 | +19.7% |" in md
        assert "| gpt-4.1 | $6,000.00 | $3,000.00 | -$3,000.00 | -50.0% | 433.33M (was 325M) |" in md


@test("diff")
def diff_saved_reports_and_refusals(c):
    with tempfile.TemporaryDirectory() as d:
        base, head = price_change(d, c)
        old = os.path.join(d, "old.json")
        c.ok("run", base, "--format", "json", "--output", old)
        cross = write(d, "cross.json", c.ok("crossover", "--tokens", "1B", "--gpus", "1", "--gpu-monthly-usd", "2600",
                                            "--license", "none", "--provider", "gpt-4.1", "--format", "json"))
        r = c.json("diff", old, cross)  # a run against a crossover: one scenario a side
        s = r["results"]["scenarios"][0]
        assert s["name"] == "article -> crossover"
        assert {o["id"] for o in s["options"]} == {"selfhost", "gpt-4.1", "claude-sonnet-4.6", "mistral-large-2411"}
        r = c.json("diff", "--base-report", old, head)
        assert r["assumptions"]["base"] == old
        report = json.load(open(old))
        report["schema"] = "nimcost.report/v0"
        v0 = write(d, "v0.json", json.dumps(report))
        c.error(3, "diff", v0, head, contains=("v0.json: report schema is 'nimcost.report/v0'",
                                              "reads 'nimcost.report/v2' and 'nimcost.report/v1'"))
        # A version 1 base (saved before the names were made one per concept) diffs as its version 2 twin.
        v1_report = json.load(open(old))
        v1_report["schema"] = "nimcost.report/v1"
        for scenario in v1_report["results"]["scenarios"]:
            scenario["results"]["volume_tokens"] = scenario["results"].pop("monthly_tokens")
        v1 = write(d, "v1.json", json.dumps(v1_report))
        from_v1, from_v2 = c.json("diff", v1, head)["results"], c.json("diff", old, head)["results"]
        assert from_v1 == from_v2 and from_v1["scenarios"][0]["base_monthly_tokens"] == 1000000000
        v1_report["schema"] = "nimcost.report/v2"  # version 1 names under a version 2 label
        mislabelled = write(d, "mislabelled.json", json.dumps(v1_report))
        c.error(3, "diff", mislabelled, head, contains=("$.results.scenarios[0].results: missing key 'monthly_tokens'",))
        sweep = write(d, "sweep.json", c.ok("sweep", "--points", "3", "--format", "json"))
        c.error(3, "diff", sweep, head, contains=("a 'sweep' report",))
        del report["results"]["scenarios"][0]["results"]["verdict"]
        report["schema"] = "nimcost.report/v2"
        broken = write(d, "broken.json", json.dumps(report))
        c.error(3, "diff", broken, head, contains=("$.results.scenarios[0].results: missing key 'verdict'",))
        c.error(2, "diff", base, contains=("two files",))
        c.error(2, "diff", base, head, "--base-report", old, contains=("one head",))
        c.error(2, "diff", base, head, "--output", base, contains=("--output",))


if __name__ == "__main__":
    sys.exit(harness.main("diff"))
