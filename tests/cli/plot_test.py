#!/usr/bin/env python3
"""The pictures: every SVG parsed and checked (series where the numbers say, label boxes that overlap
nothing, a legend outside the plot areas, round ticks, a distinct palette, sources in the footer) and
rendered by rsvg-convert."""
import itertools
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test
NS = "{http://www.w3.org/2000/svg}"


def boxes(root, cls_pattern):
    """(class, data-id, (x, y, w, h)) of every element whose class matches and that has a data-box."""
    out = []
    for e in root.iter():
        if e.get("data-box") and re.fullmatch(cls_pattern, e.get("class", "")):
            out.append((e.get("class"), e.get("data-id"), tuple(float(v) for v in e.get("data-box").split(","))))
    return out


def overlap(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def panels(root):
    return {g.get("data-id"): tuple(float(g.get(k)) for k in ("data-left", "data-top", "data-width", "data-height"))
            for g in root.iter(NS + "g") if g.get("class") == "panel"}


def lab(colour):
    """CIE L*a*b* of an sRGB #rrggbb colour (D65)."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    x, y, z = 0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b, 0.0193 * r + 0.1192 * g + 0.9505 * b
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def tick_value(text):
    """A tick's number ("$1.5k" -> 1500, "100M" -> 1e8), or None for a name."""
    m = re.fullmatch(r"\$?(-?[0-9.]+)([kMB]?)", text or "")
    return float(m.group(1)) * {"": 1, "k": 1e3, "M": 1e6, "B": 1e9}[m.group(2)] if m else None


def is_125(v):
    mantissa = f"{abs(v):e}".split("e")[0]
    return float(mantissa) in (1.0, 2.0, 5.0)


def check_round(values, log, panel):
    """Log axes: every tick 1, 2 or 5 times a power of ten (or, within a decade, as linear). Linear: an even 1-2-5 step."""
    if log and all(is_125(v) for v in values):
        return  # else a log axis within one decade: an even step, as on a linear one
    steps = {round(b - a, 9) for a, b in zip(values, values[1:])}
    assert len(steps) <= 1 and all(is_125(s) for s in steps), (panel, values)


def check_layout(svg_path):
    """What every picture must satisfy; returns the parsed root."""
    root = ET.parse(svg_path).getroot()
    assert root.tag == NS + "svg" and root.get("version") == "1.1"
    width, height = float(root.get("width")), float(root.get("height"))
    labels = boxes(root, r"label|break-even-label|current-volume-label")
    legend = boxes(root, r"legend")
    areas = panels(root)
    assert areas, "no panel"
    for (c1, i1, b1), (c2, i2, b2) in itertools.combinations(labels, 2):
        assert not overlap(b1, b2), f"labels overlap: {c1} {i1} {b1} and {c2} {i2} {b2}"
    for _, i, b in labels:
        assert 0 <= b[0] and b[0] + b[2] <= width and 0 <= b[1] and b[1] + b[3] <= height, (i, b)
        for _, _, l in legend:
            assert not overlap(b, l), f"label {i} {b} overlaps the legend {l}"
    for _, _, l in legend:
        assert l[0] + l[2] <= width, f"legend past the right edge: {l} in {width}"
        for name, a in areas.items():
            assert not overlap(l, a), f"legend {l} inside panel {name} {a}"
    for e in root.iter():
        if e.get("class") == "series":
            assert e.get("data-id"), f"a series without data-id: {e.tag}"
    footer = " ".join(e.text or "" for e in root.iter(NS + "text") if e.get("class") == "footer")
    assert "Prices:" in footer, footer
    for panel in (g for g in root.iter(NS + "g") if g.get("class") == "panel"):
        for anchor, axis in (("middle", "x"), ("end", "y")):
            values = [tick_value(e.text) for e in panel.iter(NS + "text")
                      if e.get("class") == "tick" and e.get("text-anchor") == anchor]
            if not values or None in values:
                continue  # names (days, groups, hours) rather than numbers
            check_round(values, panel.get(f"data-{axis}-log") == "1", panel.get("data-id"))
    if shutil.which("rsvg-convert"):
        png = svg_path + ".png"
        subprocess.run(["rsvg-convert", "-o", png, svg_path], check=True, timeout=60)
        with open(png, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    return root


@test("plot")
def sweep_plot_legible_with_twenty_apis(c):
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "all.svg")
        r = c.json("sweep", "--tokens", "500M", "--compare-to", "all", "--plot", svg)
        n = len(r["results"]["options"]) - 1
        assert n >= 20, n
        root = check_layout(svg)
        lines = {e.get("data-id"): e for e in root.iter(NS + "polyline") if e.get("class") == "series"}
        assert len(lines) == n + 1
        apis = [o["id"] for o in r["results"]["options"] if o["kind"] == "api"]
        colours = [lines[a].get("stroke") for a in apis[:20]]
        for x, y in itertools.combinations(colours, 2):
            assert math.dist(lab(x), lab(y)) >= 15, f"colours too close: {x} {y}"
        # In grey the lines differ by dash and marker: no two of the first 20 share both.
        shapes = {}
        for e in root.iter():
            if e.get("class") == "series-marker":
                shapes.setdefault(e.get("data-id"), e.get("data-marker"))
        styles = [(lines[a].get("stroke-dasharray", ""), shapes.get(a)) for a in apis[:20]]
        assert len(set(styles)) == len(styles), styles
        # Each label in the legend, the fleet first.
        legend = [e.get("data-id") for e in root.iter(NS + "text") if e.get("class") == "legend-entry"]
        assert legend == [r["results"]["options"][0]["id"]] + apis
        assert any(e.get("class") == "current-volume" for e in root.iter(NS + "line"))
        top = os.path.join(d, "top.svg")
        c.ok("sweep", "--tokens", "500M", "--compare-to", "all", "--top", "5", "--plot", top)
        root = check_layout(top)
        assert len([e for e in root.iter(NS + "polyline") if e.get("class") == "series"]) == 6


@test("plot")
def sweep_chart_fits_the_terminal(c):
    for columns in ("80", "120"):
        chart = c.ok("sweep", "--tokens", "500M", "--compare-to", "all", "--chart", env={"COLUMNS": columns})
        part = chart[chart.index("Monthly cost against tokens per month (log-log)"):]
        assert max(len(l) for l in part.splitlines()) <= int(columns), (columns, part)
        assert "X break-even:" in part and ":  now 500M" in part
        assert "more: --top N)" in part  # 8 of the 20 by default
        ticks = re.findall(r"\$[0-9.]+[kMB]?", part)
        assert ticks and all(re.sub(r"[^0-9.]", "", t)[0] in "125" for t in ticks), ticks
    r = c.json("sweep", "--tokens", "500M", "--provider", "gpt-4.1")
    volume = next(o for o in r["results"]["options"] if o["id"] == "gpt-4.1")["break_even_tokens"]
    chart = c.ok("sweep", "--tokens", "500M", "--provider", "gpt-4.1", "--chart", env={"COLUMNS": "80"})
    assert f"X break-even:  a {volume / 1e6:.2f}M" in chart, chart
    assert "# self-host (runpod-h100-sxm)  a gpt-4.1" in chart


def token_scrapes(minutes=60):
    """Two teams on two GPUs, 15 s scrapes, with NIM's token counters per namespace and model."""
    lines = []
    t = 1_700_000_000_000
    model = "meta/llama-3.3-70b-instruct"
    for i in range(minutes * 4 + 1):
        ms = t + i * 15_000
        lines.append(f'DCGM_FI_PROF_GR_ENGINE_ACTIVE{{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",'
                     f'Hostname="n1",namespace="team-a",pod="pa",container="c"}} 0.8 {ms}')
        lines.append(f'DCGM_FI_PROF_GR_ENGINE_ACTIVE{{gpu="1",UUID="GPU-b",modelName="NVIDIA H100 80GB HBM3",'
                     f'Hostname="n1",namespace="team-b",pod="pb",container="c"}} 0.25 {ms}')
        lines.append(f'prompt_tokens_total{{namespace="team-a",model_name="{model}"}} {i * 60000} {ms}')
        lines.append(f'generation_tokens_total{{namespace="team-a",model_name="{model}"}} {i * 20000} {ms}')
        lines.append(f'prompt_tokens_total{{namespace="team-b",model_name="{model}"}} {i * 3000} {ms}')
        lines.append(f'generation_tokens_total{{namespace="team-b",model_name="{model}"}} {i * 1000} {ms}')
    return "\n".join(lines) + "\n"


@test("plot")
def attribute_plot_busy_idle_and_rates(c):
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "fleet.prom", token_scrapes())
        svg = os.path.join(d, "teams.svg")
        r = c.json("attribute", path, "--tokens-from-metrics", "--provider", "gpt-4.1", "--plot", svg)
        root = check_layout(svg)
        groups = {g["key"]: g for g in r["results"]["groups"]}
        bars = {e.get("data-id"): float(e.get("data-usd")) for e in root.iter(NS + "rect") if e.get("data-usd")}
        for key, g in groups.items():
            close(bars[key + ":busy"] + bars[key + ":idle"], g["cost_usd"], rel=1e-6)
            close(bars[key + ":idle"], g["idle_cost_usd"], rel=1e-6)
        rates = {e.get("data-id"): float(e.get("data-per-mtok")) for e in root.iter() if e.get("data-per-mtok")}
        for key, g in groups.items():
            close(rates[key + ":selfhost"], g["effective_per_mtok_usd"], rel=1e-6)
            close(rates[key + ":api"], g["api_cost_usd"] / (g["input_tokens"] + g["output_tokens"]) * 1e6, rel=1e-4)
        assert set(panels(root)) == {"cost", "rates"}
        # Without tokens: the cost panel alone.
        plain = os.path.join(d, "plain.svg")
        c.ok("attribute", path, "--plot", plain)
        assert set(panels(check_layout(plain))) == {"cost"}
        c.error(2, "attribute", path, "--plot", path, contains=("--plot",))


@test("plot")
def simulate_plot_week_day_heat_map(c):
    mixed = os.path.join(c.source, "examples", "mixed-workload.toml")
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "week.svg")
        r = c.json("simulate", mixed, "--seeds", "8", "--step", "5m", "--policy", "hybrid", "--plot", svg)
        root = check_layout(svg)
        assert set(panels(root)) == {"week", "day", "heat"}
        week = r["results"]["week"]
        assert len(week) == 168
        # The heat map's cells: busy over held for each hour of the week, as the JSON says.
        cells = {int(e.get("data-hour-of-week")): float(e.get("data-utilization"))
                 for e in root.iter(NS + "rect") if e.get("class") == "heat-cell"}
        assert len(cells) == 168
        for h in week:
            busy = h["realtime_served_replicas"] + h["batch_served_replicas"]
            expected = busy / h["held_replicas"] if h["held_replicas"] > 0 else 0
            assert abs(cells[h["hour_of_week"]] - expected) < 2e-3, (h["hour_of_week"], cells[h["hour_of_week"]], expected)
        # The capacity line's points: one step per hour at the mean capacity.
        series = {e.get("data-id"): e for e in root.iter() if e.get("class") == "series"}
        for key in ("realtime-served", "batch-served", "spilled", "demand-p5-p95", "capacity", "held",
                    "day:realtime-served", "day:capacity"):
            assert key in series, key
        left, top, width, height = panels(root)["week"]
        y_max = float(next(g for g in root.iter(NS + "g") if g.get("data-id") == "week").get("data-y-max"))
        points = [tuple(map(float, p.split(","))) for p in series["capacity"].get("points").split()]
        assert len(points) == 2 * 168
        for k, h in enumerate(week):
            y = top + height - h["capacity_replicas"] / y_max * height
            assert abs(points[2 * k][1] - y) < 0.05, (k, points[2 * k], y)
        spilled = sum(h["spilled_replicas"] for h in week)
        assert spilled > 0  # a hybrid fleet spills the nightly batch's overflow
        c.error(2, "simulate", mixed, "--plot", mixed, contains=("--plot",))


@test("plot")
def plot_edge_cases(c):
    """Found in review: each once drew outside its picture or lost its ticks."""
    with tempfile.TemporaryDirectory() as d:
        # Long group names (--by gpu) are cut to the margin, not drawn off the left edge.
        svg = os.path.join(d, "gpu.svg")
        c.ok("attribute", os.path.join(c.source, "tests", "data", "dcgm", "dcgm-exporter-l4-scrape.prom"), "--by", "gpu",
             "--period", "30d", "--rental", "runpod-h100-sxm", "--plot", svg)
        root = check_layout(svg)
        for t in root.iter(NS + "text"):
            if t.get("class") == "tick" and t.get("text-anchor") == "end":
                assert float(t.get("x")) - 7.5 * len(t.text) >= 0, t.text  # DejaVu at 12 px: under 7.5 px a sign
        # A $0/M rate sits on the log axis' low end, inside the panel.
        prom = write(d, "fleet.prom", token_scrapes(10))
        zero = os.path.join(d, "zero.svg")
        c.ok("attribute", prom, "--gpu-hourly-usd", "0", "--license", "none", "--tokens-from-metrics", "--plot", zero)
        root = check_layout(zero)
        left, _, width, _ = panels(root)["rates"]
        for e in root.iter(NS + "circle"):
            if (e.get("data-id") or "").endswith(":selfhost"):
                assert left - 0.01 <= float(e.get("cx")) <= left + width, e.get("cx")
        # Within one decade the axis still has round ticks.
        narrow = os.path.join(d, "narrow.svg")
        c.ok("sweep", "--from", "510M", "--to", "590M", "--plot", narrow)
        ticks = [e.text for e in check_layout(narrow).iter(NS + "text")
                 if e.get("class") == "tick" and e.get("text-anchor") == "middle"]
        assert len(ticks) >= 2, ticks
        c.error(2, "sweep", "--plot", os.path.join(d, "no-such-dir", "x.svg"), contains=("--plot: cannot write",))


@test("plot")
def plan_plot_front_and_api_level(c):
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "plan.svg")
        r = c.json("plan", "--tokens", "40B", "--model", "llama-3.1-8b", "--gpu", "h100-sxm,l40s,a100-80gb",
                   "--seeds", "8", "--plot", svg)
        root = check_layout(svg)
        res = r["results"]
        points = [e for e in root.iter() if e.get("class") == "series" and e.get("data-tpot-ms")]
        selfhost = [x for x in res["candidates"] if x["kind"] == "selfhost"]
        assert len(points) == len(selfhost)
        # Each point where the JSON says, and on the front exactly when the JSON says.
        for e, x in zip(points, selfhost):
            close(float(e.get("data-usd")), x["monthly_usd"], 1e-9)
            close(float(e.get("data-tpot-ms")), x["tpot_ms"], 1e-3)
            assert e.get("data-pareto") == ("1" if x["pareto"] else "0")
        api = [e for e in root.iter() if e.get("class") == "series" and (e.get("data-id") or "").startswith("api:")]
        assert len(api) == 1 and api[0].get("data-id") == "api:" + res["best_api"]["model"]
        close(float(api[0].get("data-usd")), res["best_api"]["monthly_usd"], 1e-9)
        assert any(e.get("class") == "target" for e in root.iter(NS + "line"))
        front = [e for e in root.iter(NS + "polyline") if e.get("data-id") == "front"]
        assert len(front) == (1 if sum(x["pareto"] for x in selfhost) > 1 else 0)


if __name__ == "__main__":
    sys.exit(harness.main("plot"))
