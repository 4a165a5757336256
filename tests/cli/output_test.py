#!/usr/bin/env python3
"""CLI tests of the output suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("output")
def output_written_atomically(c):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "report.json")
        assert c.ok("crossover", "--tokens", "500M", "--format", "json", "--output", path) == ""
        with open(path) as f:
            report = json.load(f)
        c.validator.validate(report)
        assert sorted(os.listdir(d)) == ["report.json"]  # no temporary file left behind


@test("output")
def output_never_overwrites_inputs_or_half_writes(c):
    with tempfile.TemporaryDirectory() as d:
        text = '[[api_model]]\nid = "gpt-4.1"\ninput_per_mtok_usd = 1.5\nsource = "ours"\nas_of = 2026-11-01\n'
        user = write(d, "user.toml", text)
        c.error(2, "crossover", "--tokens", "1B", "--catalog", user, "--output", user, contains=("input file",))
        with open(user) as f:
            assert f.read() == text
        # A failing run leaves an existing output untouched.
        out = write(d, "out.txt", "previous")
        c.error(2, "crossover", "--tokens", "-1", "--output", out)
        with open(out) as f:
            assert f.read() == "previous"
        c.error(2, "crossover", "--tokens", "1B", "--output", os.path.join(d, "no", "such", "dir.json"))


@test("output")
def catalog_override_changes_figures(c):
    with tempfile.TemporaryDirectory() as d:
        user = write(d, "user.toml",
                     '[[api_model]]\nid = "gpt-4.1"\ninput_per_mtok_usd = 1.5\nsource = "ours"\nas_of = 2026-11-01\n')
        r = c.json("crossover", "--tokens", "1B", "--provider", "gpt-4.1", "--catalog", user)
        close(api(r, "gpt-4.1")["blended_per_mtok_usd"], 1.5 / 3 + 8 * 2 / 3)
        assert r["assumptions"]["apis"][0]["source"] == "ours"
        assert r["assumptions"]["catalog_sources"][-1] == user


@test("output")
def example_catalog_loads_and_prices(c):
    example = os.path.join(c.source, "examples", "catalog", "our-prices.toml")
    r = c.json("crossover", "--tokens", "1B", "--catalog", example, "--rental", "colo-h100", "--provider", "gpt-4.1")
    close(r["results"]["selfhost"]["gpu_monthly_usd"], 1.85 * 730)
    close(api(r, "gpt-4.1")["blended_per_mtok_usd"], 1.5 / 3 + 8 * 2 / 3)


@test("output")
def works_from_any_directory(c):
    with tempfile.TemporaryDirectory() as d:
        out = c.ok("crossover", "--tokens", "500M", cwd=d)
        assert "gpt-4.1" in out


@test("output")
def data_dir_replaces_builtin(c):
    data = os.path.join(c.source, "data")
    r = c.json("prices", "--data", data)
    assert r["assumptions"]["catalog_sources"][0].endswith("api_models.toml")


@test("output")
def golden_crossover_json(c):
    path = os.path.join(c.source, "tests", "golden", "crossover_500M.json")
    out = c.ok("crossover", "--tokens", "500M", "--format", "json")
    again = c.ok("crossover", "--tokens", "500M", "--format", "json")
    assert out == again, "JSON differs between identical runs"
    report = json.loads(out)
    report["assumptions"]["nimcost_version"] = "VERSION"
    normalized = json.dumps(report, indent=2, sort_keys=False) + "\n"
    if c.update_golden:
        with open(path, "w") as f:
            f.write(normalized)
    with open(path) as f:
        assert f.read() == normalized, f"{path} differs; rerun with --update-golden if the change is intended"


@test("output")
def every_file_input_accepts_stdin(c):
    with tempfile.TemporaryDirectory() as d:
        scenario = 'name = "piped"\n[workload]\ntokens = "1B"\n'
        r = c.run("run", "-", "--format", "json", stdin=scenario)
        assert r.returncode == 0, r.stderr
        report = json.loads(r.stdout)
        assert report["results"]["scenarios"][0]["name"] == "piped"
        saved = write(d, "saved.json", r.stdout)
        # diff: a saved report against a scenario on stdin, and a report on stdin as the base.
        assert c.run("diff", saved, "-", stdin=scenario).returncode == 0
        assert c.run("diff", "-", saved, stdin=open(saved).read()).returncode == 0
        assert c.run("run", write(d, "s.toml", scenario), "--base-report", "-", stdin=open(saved).read()).returncode == 0
        # --catalog -: a price override from stdin.
        price = '[[api_model]]\nid = "gpt-4.1"\ninput_per_mtok_usd = 1\nsource = "t"\nas_of = 2026-01-01\n'
        r = c.run("crossover", "--tokens", "1B", "--provider", "gpt-4.1", "--catalog", "-", "--format", "json",
                  stdin=price)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["results"]["apis"][0]["as_of"] == "2026-01-01"  # the override came from stdin
        # Errors name stdin; stdin is read once.
        c.error(3, "run", "-", stdin="bad [", contains=("stdin:1:",))
        c.error(2, "diff", "-", "-", stdin=scenario, contains=("can be read once",))
        c.error(2, "run", "-", "-", stdin=scenario, contains=("can be read once",))


if __name__ == "__main__":
    sys.exit(harness.main("output"))
