#!/usr/bin/env python3
"""CLI tests of the sweep suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("sweep")
def sweep_svg_marks_break_evens_where_computed(c):
    import math
    import xml.etree.ElementTree as ET
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "crossover.svg")
        r = c.json("sweep", "--from", "10M", "--to", "10B", "--points", "60", "--provider", "gpt-4.1,mistral-large-2411",
                   "--compare-to", "all", "--gpu-monthly-usd", "1950", "--license", "none", "--tokens", "500M", "--plot", svg)
        res = r["results"]
        assert len(res["monthly_tokens"]) == 60 and res["monthly_tokens"][0] == 10_000_000
        assert res["marked_monthly_tokens"] == 500_000_000
        options = {o["id"]: o for o in res["options"]}
        assert options["gpt-4.1"]["break_even_tokens"] == 325_000_000
        assert abs(options["mistral-large-2411"]["break_even_tokens"] - 417_857_143) <= 1
        mask = os.umask(0)
        os.umask(mask)
        assert os.stat(svg).st_mode & 0o777 == 0o666 & ~mask, oct(os.stat(svg).st_mode)  # not mkstemp's 0600
        root = ET.parse(svg).getroot()  # well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        assert root.tag == ns + "svg" and root.get("version") == "1.1"
        left, width = float(root.get("data-plot-left")), float(root.get("data-plot-width"))
        x0, x1 = float(root.get("data-log10-volume-min")), float(root.get("data-log10-volume-max"))
        top, height = float(root.get("data-plot-top")), float(root.get("data-plot-height"))
        y0, y1 = float(root.get("data-log10-cost-min")), float(root.get("data-log10-cost-max"))
        markers = {m.get("data-id"): m for m in root.iter(ns + "circle") if m.get("class") == "break-even"}
        assert set(markers) == {"gpt-4.1", "mistral-large-2411"}
        for api_id, m in markers.items():
            volume = options[api_id]["break_even_tokens"]
            expected_x = left + (math.log10(volume) - x0) / (x1 - x0) * width
            assert abs(float(m.get("cx")) - expected_x) < 0.5, (api_id, m.get("cx"), expected_x)
            cost = float(m.get("data-cost"))
            expected_y = top + height - (math.log10(cost) - y0) / (y1 - y0) * height
            assert abs(float(m.get("cy")) - expected_y) < 0.5
        assert len([p for p in root.iter(ns + "polyline") if p.get("class") == "series"]) == 3
        assert len([t for t in root.iter(ns + "text") if t.get("class") == "legend-entry"]) == 3
        assert any(l.get("class") == "current-volume" for l in root.iter(ns + "line"))
        c.error(2, "sweep", "--from", "1B", "--to", "10M", contains=("--from",))
        c.error(2, "sweep", "--points", "1", contains=("--points",))
        c.error(2, "sweep", "--util-from", "0.9", "--util-to", "0.5", contains=("--util",))


@test("sweep")
def sweep_article_scenario_svg_matches_run(c):
    """The article scenario's plot marks its crossovers at the volumes `run` reports."""
    import math
    import xml.etree.ElementTree as ET
    article = os.path.join(c.source, "examples", "article.toml")
    run = scenario(c.json("run", article), "article")
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "article.svg")
        r = c.json("sweep", "--scenario", article, "--from", "50M", "--to", "3B", "--plot", svg)
        assert r["results"]["marked_monthly_tokens"] == 1_000_000_000
        root = ET.parse(svg).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        left, width = float(root.get("data-plot-left")), float(root.get("data-plot-width"))
        x0, x1 = float(root.get("data-log10-volume-min")), float(root.get("data-log10-volume-max"))
        markers = {m.get("data-id"): m for m in root.iter(ns + "circle") if m.get("class") == "break-even"}
        assert set(markers) == {"claude-sonnet-4.6", "gpt-4.1", "mistral-large-2411"}
        for api_id, m in markers.items():
            volume = option(run, api_id)["break_even_tokens"]
            assert abs(float(m.get("data-volume")) - volume) <= 1, (api_id, m.get("data-volume"), volume)
            expected_x = left + (math.log10(volume) - x0) / (x1 - x0) * width
            assert abs(float(m.get("cx")) - expected_x) < 0.5
            close(float(m.get("data-cost")), 1950.0, 1e-6)
    c.error(2, "sweep", "--scenario", article, "--tokens", "1B", contains=("--scenario excludes --tokens",))


@test("sweep")
def sweep_csv_and_utilization_grid(c):
    csv = c.ok("sweep", "--points", "5", "--provider", "gpt-4.1", "--util-from", "0.2", "--util-to", "1",
               "--util-points", "5", "--format", "csv")
    lines = csv.splitlines()
    assert lines[0].split(",")[:3] == ["monthly_tokens", "runpod-h100-sxm_monthly_usd", "gpt-4.1_monthly_usd"]
    assert len(lines) == 6 and len(lines[0].split(",")) == 3 + 5
    r = c.json("sweep", "--points", "5", "--util-from", "0.2", "--util-to", "1", "--util-points", "5")
    grid = r["results"]["utilization_grid"]
    assert grid["utilization_fractions"] == [0.2, 0.4, 0.6, 0.8, 1.0]
    for row in grid["selfhost_monthly_usd"]:
        assert row == sorted(row, reverse=True)
    table = c.ok("sweep", "--points", "8")
    assert "Monthly cost by volume" in table and max(len(l) for l in table.splitlines()) <= 100
    assert "(log-log)" not in table  # the chart only on a terminal, or when asked
    chart = c.ok("sweep", "--points", "8", "--provider", "gpt-4.1", "--chart")
    assert "# self-host (runpod-h100-sxm)  a gpt-4.1" in chart and "(log-log)" in chart
    assert max(len(l) for l in chart.splitlines()) <= 100


if __name__ == "__main__":
    sys.exit(harness.main("sweep"))
