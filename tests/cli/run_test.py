#!/usr/bin/env python3
"""CLI tests of the run suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("run")
def run_article_example(c):
    r = c.json("run", example(c, "article.toml"))
    s = scenario(r, "article")
    close(s["results"]["selfhost"]["monthly_usd"], 1950.0)
    close(option(s, "claude-sonnet-4.6")["monthly_usd"], 11000.0)
    close(option(s, "gpt-4.1")["monthly_usd"], 6000.0)
    close(option(s, "mistral-large-2411")["monthly_usd"], 14000 / 3, 1e-6)
    assert option(s, "claude-sonnet-4.6")["break_even_tokens"] == 177272728
    assert option(s, "gpt-4.1")["break_even_tokens"] == 325000000
    assert option(s, "mistral-large-2411")["break_even_tokens"] == 417857143
    assert s["results"]["verdict"]["cheapest"] == "selfhost"
    assert r["results"]["gates"] == [] and r["results"]["gates_tripped"] is False


@test("run")
def run_article_realtime_example_and_the_23_dollars(c):
    r = c.json("run", example(c, "article-realtime-5m-per-day.toml"))
    s = scenario(r, "article-realtime")
    assert s["files"][0].endswith("article.toml") and s["files"][1].endswith("article-realtime-5m-per-day.toml")
    assert s["results"]["monthly_tokens"] == 152083333  # 5M/day x 730/24 days
    assert s["workloads"][0]["tokens_per_day"] == 5000000
    mistral = option(s, "mistral-large-2411")["monthly_usd"]
    close(mistral, 709.72, 1e-5)  # a month; the article's $23 is one day (5M x $4.67/M)
    close(5 * 14 / 3, 23.33, 1e-3)
    assert s["results"]["verdict"]["cheapest"] == "mistral-large-2411"
    close(s["results"]["selfhost"]["utilization_fraction"], 152083333 / 2.628e9, 1e-6)  # 94% idle


@test("run")
def run_chatbot_example(c):
    s = scenario(c.json("run", example(c, "chatbot-realtime.toml")), "chatbot")
    a = s["assumptions"]
    assert a["selfhost"]["replica"]["model"] == "llama-3.3-70b"
    assert a["selfhost"]["replica"]["profile"] == "realtime"
    assert a["workload"]["cached_input_share_fraction"] == 0.6
    assert s["results"]["monthly_tokens"] == 12166666667  # 400M/day
    h = s["results"]["selfhost"]
    # 60% of the prompts hit the prefix cache on the self-hosted side too: their prefill is skipped,
    # which halves the fleet (4 GPUs without it) and puts self-hosting under GPT-4.1 mini.
    assert a["selfhost"]["replica"]["prefix_cache_hit_fraction"] == 0.6
    assert h["gpus"] == 2 and h["utilization_fraction"] <= 0.6
    assert "prefix cache" in a["selfhost"]["capacity_source"]
    assert option(s, "gpt-4.1")["cheaper"] == "selfhost"
    assert option(s, "llama-3.3-70b-together")["cheaper"] == "selfhost"
    assert s["results"]["verdict"]["cheapest"] == "selfhost"
    # gpt-4.1: 85% input, 60% of it cached, at $2/$0.50 in and $8 out.
    t = 12166666667
    close(option(s, "gpt-4.1")["monthly_usd"], t * (0.85 * 0.4 * 2 + 0.85 * 0.6 * 0.5 + 0.15 * 8) / 1e6, 1e-6)


@test("run")
def run_nightly_batch_example(c):
    s = scenario(c.json("run", example(c, "nightly-summarization-batch.toml")), "nightly-summaries")
    assert s["assumptions"]["workload"]["batch_api"] is True
    assert s["assumptions"]["selfhost"]["replica"]["profile"] == "batch"
    h = s["results"]["selfhost"]
    assert h["gpus"] == 2 and 0.6 < h["utilization_fraction"] <= 0.9  # batch runs the fleet hot
    assert s["results"]["verdict"]["cheapest"] == "selfhost"
    # Half-price batch API: GPT-4.1 at 90.9% input.
    close(option(s, "gpt-4.1")["monthly_usd"], 18250000000 * (0.909 * 2 + 0.091 * 8) / 2 / 1e6, 1e-6)


@test("run")
def run_mixed_example(c):
    s = scenario(c.json("run", example(c, "mixed-workload.toml")), "mixed")
    w = {p["name"]: p for p in s["workloads"]}
    assert w["assistant"]["profile"] == "realtime" and w["ticket-enrichment"]["profile"] == "batch"
    assert s["results"]["monthly_tokens"] == w["assistant"]["monthly_tokens"] + 6000000000
    close(w["assistant"]["gpu_share_fraction"] + w["ticket-enrichment"]["gpu_share_fraction"], 1.0, 1e-8)
    close(w["assistant"]["selfhost_monthly_usd"] + w["ticket-enrichment"]["selfhost_monthly_usd"],
          s["results"]["selfhost"]["monthly_usd"], 1e-6)
    # A realtime token takes more GPU time than a batch one.
    assert w["assistant"]["gpu_share_fraction"] > w["assistant"]["monthly_tokens"] / s["results"]["monthly_tokens"]
    assert "blended" in s["capacity_note"]


@test("run")
def run_mig_example(c):
    s = scenario(c.json("run", example(c, "multi-team-mig.toml")), "multi-team-mig")
    w = {p["name"]: p for p in s["workloads"]}
    assert [w[n]["mig_profile"] for n in ("search", "support", "eval-batch")] == ["3g.40gb", "2g.20gb", "2g.20gb"]
    close(w["search"]["gpu_share_fraction"], 3 / 7, 1e-8)
    close(w["support"]["selfhost_monthly_usd"], 2338.70 * 2 / 7, 1e-6)
    assert s["results"]["selfhost"]["gpus"] == 1 and s["unallocated_monthly_usd"] == 0
    # The search team's slice pays off against the cheapest API; support's does not.
    assert w["search"]["cheaper"] == "selfhost" and w["support"]["cheaper"] == "api"


@test("run")
def run_many_files_table_and_gates(c):
    files = [example(c, n) for n in ("article.toml", "chatbot-realtime.toml", "nightly-summarization-batch.toml")]
    out = c.ok("run", *files)
    assert "nimcost run: 3 scenarios" in out and max(len(line) for line in out.splitlines()) <= 100
    r = c.json("run", *files)
    total = sum(s["monthly_usd"] for s in r["results"]["scenarios"])
    close(r["results"]["total_monthly_usd"], total)
    res = c.run("run", *files, "--fail-above-monthly-usd", str(int(total) - 1), "--format", "json")
    assert res.returncode == 1, res.stderr
    report = json.loads(res.stdout)
    c.validator.validate(report)
    assert report["results"]["gates_tripped"] is True
    assert "gate --fail-above-monthly-usd tripped" in res.stderr
    assert c.run("run", *files, "--fail-above-monthly-usd", str(int(total) + 1)).returncode == 0
    c.error(2, "run", files[0], "--fail-if-verdict-changes", contains=("--base-report",))


@test("run")
def run_scenario_errors(c):
    with tempfile.TemporaryDirectory() as d:
        typo = write(d, "typo.toml", '[workload]\ntokens = "1B"\n[selfhost]\nlicence = "none"\n')
        c.error(3, "run", typo, contains=("typo.toml:4:", "unknown key 'licence'", "did you mean license"))
        bad_gpu = write(d, "gpu.toml", '[workload]\ntokens = "1B"\n[selfhost]\ngpu = "h1000"\n')
        c.error(3, "run", bad_gpu, contains=("gpu.toml: ", "h1000", "did you mean"))
        c.error(3, "run", os.path.join(d, "missing.toml"), contains=("missing.toml",))
        c.error(3, "run", example(c, os.path.join("catalog", "our-prices.toml")), contains=("--catalog",))
        c.error(2, "run", contains=("give scenario files",))
        # Catalog overrides in a scenario re-price for that scenario only.
        own = write(d, "own.toml", '[workload]\ntokens = "1B"\n[api]\nproviders = ["gpt-4.1"]\n'
                    '[[api_model]]\nid = "gpt-4.1"\ninput_per_mtok_usd = 1.0\nsource = "deal"\nas_of = 2026-11-01\n')
        r = c.json("run", own, example(c, "article.toml"))
        close(option(scenario(r, "own"), "gpt-4.1")["monthly_usd"], 1000 * (1 / 3 * 1.0 + 2 / 3 * 8))
        close(option(scenario(r, "article"), "gpt-4.1")["monthly_usd"], 6000.0)
        assert scenario(r, "own")["assumptions"]["catalog_sources"][-1] == own
        out = os.path.join(d, "out.json")
        c.error(2, "run", own, "--output", own, contains=("--output",))
        c.ok("run", own, "--output", out, "--format", "json")
        assert json.load(open(out))["command"] == "run"


@test("run")
def price_age_warnings_and_gate(c):
    article = example(c, "article.toml")
    # The article scenario prices Claude Sonnet 4.6, GPT-4.1 and Mistral Large (2026-07-24), the H100's
    # datasheet and the "none" license; on 2026-12-02 (the tests' day) the oldest is 131 days or more.
    r = c.json("run", article)
    age = r["assumptions"]["price_age"]
    assert age["today"] == "2026-12-02" and age["max_age_days"] == 180
    oldest = age["oldest_as_of"]
    assert age["oldest_age_days"] > 0 and oldest <= "2026-07-24"
    quiet = c.json("run", article, "--today", oldest, "--max-price-age", "1y")
    assert quiet["assumptions"]["price_age"]["older_than_max"] == 0
    assert not any("older than" in w for w in quiet["warnings"])
    loud = c.json("run", article, "--today", "2030-01-01")
    assert loud["assumptions"]["price_age"]["older_than_max"] > 0
    assert any("older than 180 days on 2030-01-01" in w for w in loud["warnings"])
    assert "older than 180 days" in c.ok("run", article, "--today", "2030-01-01")
    # The gate: exit 1 past the limit, 0 within it, on run and on diff.
    days = age["oldest_age_days"]
    tripped = c.run("run", article, "--fail-if-prices-older-than", str(days - 1), "--format", "json")
    assert tripped.returncode == 1
    gate = [g for g in json.loads(tripped.stdout)["results"]["gates"] if g["gate"] == "fail-if-prices-older-than"][0]
    assert gate["tripped"] and gate["value"] == days and gate["threshold"] == days - 1
    c.ok("run", article, "--fail-if-prices-older-than", f"{days}d")
    assert c.run("diff", article, article, "--fail-if-prices-older-than", str(days - 1)).returncode == 1
    c.ok("diff", article, article, "--fail-if-prices-older-than", "1y")
    c.error(2, "run", article, "--today", "2026-02-30", contains=("--today must be a date",))
    c.error(2, "run", article, "--max-price-age", "six", contains=("--max-price-age must be an age",))
    c.error(2, "run", article, "--fail-if-prices-older-than", "-3", contains=("--fail-if-prices-older-than must be",))


if __name__ == "__main__":
    sys.exit(harness.main("run"))
