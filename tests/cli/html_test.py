#!/usr/bin/env python3
"""CLI tests of --format html: each of the six commands that write a page writes one self-contained
file (no script, nothing fetched), which headless Chromium loads without a console error, whose DOM
holds the verdict the JSON and Markdown give and one table per table of the Markdown, and which it
draws to a PNG. Without Chromium the browser checks are skipped (scripts/install-deps.sh --test
installs it). NIMCOST_HTML_SHOTS=DIR keeps each page and its screenshot there, to look at."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

DCGM_L4 = os.path.join("tests", "data", "dcgm", "dcgm-exporter-l4-scrape.prom")


def chromium():
    for name in ("chromium", "chromium-browser"):
        if shutil.which(name):
            return shutil.which(name)
    raise unittest.SkipTest("chromium is not installed (scripts/install-deps.sh --test installs it)")


def browse(page, *flags):
    """Runs headless Chromium on the page with a fresh profile; fails on any console message."""
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *flags, "file://" + page]
        r = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"chromium exit {r.returncode}: {r.stderr[-2000:]}"
    bad = [line for line in r.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not bad, f"console messages loading {page}: {bad}"
    return r.stdout


class Page(html.parser.HTMLParser):
    """What the checks read from a page: the verdict's text, the report tables' captions, tags seen."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.verdict, self.captions, self.tags, self.urls = None, [], set(), []
        self._in_verdict = self._in_caption = False
        self._report_table = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        classes = (attrs.get("class") or "").split()
        if "verdict" in classes:
            self._in_verdict, self.verdict = True, ""
        if tag == "table":
            self._report_table = "doc" in classes
        if tag == "caption" and self._report_table:
            self._in_caption = True
            self.captions.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_verdict = False
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_verdict:
            self.verdict += data
        if self._in_caption:
            self.captions[-1] += data


def markdown_parts(markdown):
    """The Markdown's table titles (the bold line above each table) and its verdict (the bold line
    that titles no table)."""
    lines = markdown.splitlines()
    titles = []
    for i, line in enumerate(lines):
        if re.match(r"^\|(-+:?\|)+$", line) and i >= 3 and lines[i - 3].startswith("**"):
            titles.append(lines[i - 3].strip("*").replace("\\|", "|"))
    bold = [line.strip("*") for line in lines if line.startswith("**") and line.strip("*") not in titles]
    return titles, bold


def json_verdict(report):
    results = report["results"]
    if report["command"] == "diff":
        return results["summary"]
    if report["command"] == "run" and len(results["scenarios"]) == 1:
        return results["scenarios"][0]["results"]["verdict"]["text"]
    verdict = results.get("verdict")
    return verdict.get("text") if isinstance(verdict, dict) else None


def check_static(text):
    """What holds without a browser: one complete page that neither runs nor fetches anything."""
    assert text.startswith("<!DOCTYPE html>\n") and text.endswith("</html>\n")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", text, re.I), "a fetch on load"
    # url(#id) names an element of the page (an SVG clip path); any other url( would fetch.
    assert not re.search(r"url\((?!#)", text) and "@import" not in text and "<link" not in text
    page = Page(text)
    assert not [u for u in page.urls if not u.startswith("#")], page.urls
    return page


def figures(text):
    """The panels (data-id) of each inline SVG picture on the page, in order."""
    out = []
    for svg in re.findall(r"<svg\b.*?</svg>", text, flags=re.S):
        out.append(re.findall(r'<g class="panel" data-id="([^"]+)"', svg))
    return out


def check_page(c, name, args, expect_tables=None):
    """Writes the command's page, checks it statically and in Chromium against its JSON and Markdown."""
    with tempfile.TemporaryDirectory() as d:
        page_path = os.path.join(d, name + ".html")
        c.ok(*args, "--format", "html", "--output", page_path, cwd=c.source)
        with open(page_path, encoding="utf-8") as f:
            text = f.read()
        static = check_static(text)
        report = json.loads(c.ok(*args, "--format", "json", cwd=c.source))
        # diff's Markdown is its PR comment, not its Document, but holds the same table and summary.
        titles, bold = markdown_parts(c.ok(*args, "--format", "markdown", cwd=c.source))
        if expect_tables is not None:
            assert len(titles) == expect_tables, titles
        assert static.captions == titles, (static.captions, titles)
        expected = json_verdict(report)
        assert static.verdict, "no verdict"
        if expected:
            assert static.verdict == expected, (static.verdict, expected)
        assert static.verdict in bold, (static.verdict, bold)
        assert text.index('class="verdict"') < text.index("<table"), "the verdict comes first"
        assert "<h2>Assumptions</h2>" in text and "<h2>Prices and sources</h2>" in text
        assert report["assumptions"]["price_age"]["today"] in text.split("<footer>")[1]

        dom = Page(browse(page_path, "--dump-dom"))
        assert dom.verdict == static.verdict, (dom.verdict, static.verdict)
        assert dom.captions == titles, (dom.captions, titles)
        shot = os.path.join(d, name + ".png")
        browse(page_path, f"--screenshot={shot}", "--window-size=1240,1754", "--hide-scrollbars")
        with open(shot, "rb") as f:
            png = f.read()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000, f"{shot}: not a PNG"
        keep = os.environ.get("NIMCOST_HTML_SHOTS")
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(page_path, keep)
            shutil.copy(shot, keep)
        return text, report


@test("html")
def crossover_page(c):
    text, report = check_page(c, "crossover", ["crossover", "--tokens", "500M"], expect_tables=1)
    assert figures(text) == [["sweep"]], figures(text)  # the cost curves around the volume
    assert "now: 500M" in text and "<?xml" not in text
    tiny = c.ok("crossover", "--tokens", "100", "--format", "html")  # the picture's range holds any volume
    assert "now: 100" in tiny, "the volume is not marked"
    # Every dated price is listed with its source: each API's, the rental's, the license's.
    for api in report["assumptions"]["apis"]:
        assert api["source"].replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;") in text, api["id"]
    assert "runpod-h100-sxm" in text.split("<h2>Prices and sources</h2>")[1]


@test("html")
def compare_page(c):
    check_page(c, "compare", ["compare", "--tokens", "500M"], expect_tables=1)
    check_page(c, "compare-scenarios", ["compare", "examples/chatbot-realtime.toml", "examples/article.toml"])


@test("html")
def run_page(c):
    text, _ = check_page(c, "run", ["run", "examples/article.toml"], expect_tables=2)
    assert "<h3>Scenario article</h3>" in text  # each scenario's own assumptions


@test("html")
def diff_page(c):
    check_page(c, "diff", ["diff", "examples/article.toml", "examples/article-realtime-5m-per-day.toml"],
               expect_tables=1)


@test("html")
def simulate_page(c):
    text, _ = check_page(c, "simulate", ["simulate", "--tokens", "2B", "--seeds", "3", "--step", "1h"])
    assert figures(text) == [["week", "day", "heat"]], figures(text)


@test("html")
def plan_page(c):
    text, _ = check_page(c, "plan", ["plan", "--tokens", "20B", "--model", "llama-3.1-8b", "--gpu", "h100-sxm,l40s",
                                     "--seeds", "4"])
    assert figures(text) == [["candidates"]], figures(text)


@test("html")
def attribute_page(c):
    text, _ = check_page(c, "attribute", ["attribute", DCGM_L4, "--period", "1h", "--gpu-hourly-usd", "1", "--tokens", "1M"],
                         expect_tables=2)
    assert figures(text) == [["cost"]], figures(text)


@test("html")
def html_text_is_escaped(c):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(c.source, "examples", "article.toml")) as f:
            scenario = f.read().replace('name = "article"', 'name = "<b>a&b</b> \\"q\\" \'s"')
        path = write(d, "hostile.toml", scenario)
        text = c.ok("run", path, "--format", "html")
        assert "<b>" not in text and "&lt;b&gt;a&amp;b&lt;/b&gt; &quot;q&quot; &#39;s" in text
        check_static(text)


@test("html")
def html_is_for_seven_commands(c):
    for args in (["prices"], ["throughput", "--model", "llama-3.1-8b"], ["sweep", "--points", "3"],
                 ["calibrate", "tests/data/throughput-holdout.csv", "--no-fit"]):
        line = c.error(2, *args, "--format", "html", cwd=c.source)
        assert line == ("nimcost: error: --format html is for crossover, compare, run, diff, simulate, "
                        "attribute and plan"), line
    c.error(2, "crossover", "--tokens", "1B", "--format", "pdf",
            contains=("table, json, csv, markdown or html, got 'pdf'",))
    c.error(2, "prices", "--format", "pdf", contains=("table, json, csv or markdown, got 'pdf'",))
    assert "markdown or html" in c.ok("simulate", "--help")
    fish = c.ok("completion", "fish")
    assert "from diff' -l format -xa 'table json csv markdown html'" in fish
    assert "from prices' -l format -xa 'table json csv markdown'\n" in fish
    assert "html" not in c.ok("sweep", "--help").split("--format")[1].split("\n")[0]
    # Same inputs, same bytes: nothing in the page depends on the clock.
    args = ("crossover", "--tokens", "1B", "--format", "html")
    assert c.ok(*args) == c.ok(*args)


if __name__ == "__main__":
    sys.exit(harness.main("html"))
