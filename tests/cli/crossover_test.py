#!/usr/bin/env python3
"""CLI tests of the crossover suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


@test("crossover")
def crossover_500m_defaults(c):
    # The defaults with the article's 1,000 tokens/s per H100 pinned: the figures below by hand.
    r = c.json("crossover", "--tokens", "500M", "--capacity-tokens-per-s", "1000")
    s = r["results"]["selfhost"]
    assert s["gpus"] == 1 and s["gpu"] == "h100-sxm" and s["rental"] == "runpod-h100-sxm"
    close(s["monthly_usd"], 2338.70)  # $2.69 x 730 h + $4,500 / 12
    close(s["per_mtok_usd"], 2338.70 / 500)
    close(s["utilization_fraction"], 500e6 / 2.628e9)
    gpt = api(r, "gpt-4.1")
    close(gpt["blended_per_mtok_usd"], 6.0)
    close(gpt["monthly_usd"], 3000.0)
    assert gpt["cheaper"] == "selfhost"
    assert gpt["break_even_tokens"] == 389783334
    assert api(r, "mistral-large-3")["break_even_tokens"] is None
    close(api(r, "claude-sonnet-4.6")["blended_per_mtok_usd"], 11.0)
    close(api(r, "mistral-large-2411")["blended_per_mtok_usd"], 14 / 3, 1e-5)
    a = r["assumptions"]
    assert a["selfhost"]["rental"]["as_of"] == "2026-05-22"
    assert a["selfhost"]["hours_per_month"] == 730
    assert all(m["as_of"] and m["source"] for m in a["apis"])
    assert r["results"]["verdict"]["text"]
    assert s["model"] == "llama-3.3-70b"  # named even when capacity is pinned


@test("crossover")
def crossover_article_fixed_1950_no_license(c):
    base = ["crossover", "--tokens", "1B", "--gpus", "1", "--gpu-monthly-usd", "1950", "--license", "none",
            "--provider", "gpt-4.1", "--provider", "mistral-large-2411"]
    r = c.json(*base)
    assert api(r, "gpt-4.1")["break_even_tokens"] == 325000000
    assert api(r, "mistral-large-2411")["break_even_tokens"] == 417857143
    base[base.index("none")] = "enterprise-annual"
    r = c.json(*base)
    assert api(r, "gpt-4.1")["break_even_tokens"] == 387500000
    assert api(r, "mistral-large-2411")["break_even_tokens"] == 498214286


@test("crossover")
def crossover_article_hourly_725h(c):
    r = c.json("crossover", "--tokens", "50M", "--hours-per-month", "725", "--license", "none",
               "--provider", "gpt-4.1")
    close(r["results"]["selfhost"]["gpu_monthly_usd"], 1950.25)
    close(api(r, "gpt-4.1")["monthly_usd"], 300.0)  # 50M tokens on GPT-4.1
    assert api(r, "gpt-4.1")["cheaper"] == "api"
    assert r["results"]["verdict"]["cheapest"] == "gpt-4.1"


@test("crossover")
def crossover_table_fits_and_shows_assumptions(c):
    out = c.ok("crossover", "--tokens", "500M")
    # In a pipe nothing is cut: every ID is whole (a shortened ID there would be wrong data).
    assert "claude-sonnet-4.6 " in out and "\u2026" not in out
    for text in ("500M tokens/month", "$2.69/GPU-hour x 730 h/month", "enterprise-annual", "$375.00/GPU-month",
                 "input share 33.3%", "gpt-4.1", "$6.00", "$3,000.00", "389.78M", "2026-07-24", "API wins"):
        assert text in out, text
    assert "\x1b[" not in out  # not a terminal: no colour


def on_terminal(c, columns, *args):
    """The output of nimcost run on a pseudo-terminal `columns` wide (NO_COLOR keeps it plain)."""
    import fcntl
    import pty
    import struct
    import termios
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["NO_COLOR"] = "1"
    p = subprocess.Popen([c.binary, *args], stdout=secondary, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    p.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode().replace("\r\n", "\n")


@test("crossover")
def tables_fit_the_terminal_they_are_printed_on(c):
    for columns in (80, 120):
        out = on_terminal(c, columns, "crossover", "--tokens", "500M")
        assert "gpt-4.1" in out and "API wins" in out, out[:300]
        widest = max(len(line) for line in out.splitlines())
        assert widest <= columns, (columns, widest)
    assert "claude-sonnet-4.6 " in on_terminal(c, 120, "crossover", "--tokens", "500M")  # room: not cut


@test("crossover")
def crossover_mix_cache_batch_flags(c):
    r = c.json("crossover", "--tokens", "1B", "--provider", "gpt-4.1", "--input-share", "0.75",
               "--cached-share", "0.5", "--batch-api")
    # 750M input: 375M at $2 + 375M at $0.50; 250M output at $8; then half off.
    close(api(r, "gpt-4.1")["monthly_usd"], (750 + 187.5 + 2000) / 2)
    assert r["assumptions"]["workload"]["input_tokens"] == 750000000


@test("crossover")
def crossover_provider_selection(c):
    r = c.json("crossover", "--tokens", "1B", "--provider", "anthropic,mistral-large")
    ids = [row["id"] for row in r["results"]["apis"]]
    assert ids == ["claude-sonnet-4.6", "claude-haiku-4.5", "claude-opus-4.6", "mistral-large-3"], ids
    r = c.json("crossover", "--tokens", "1B", "--provider", "nvidia-api-catalog")
    assert any("not for production" in w for w in r["warnings"])


@test("crossover")
def crossover_break_even_agrees_with_costs(c):
    # At the reported break-even volume, the two monthly costs agree (to a cent).
    r = c.json("crossover", "--tokens", "500M", "--provider", "gpt-4.1", "--ops-monthly-usd", "2500")
    t = api(r, "gpt-4.1")["break_even_tokens"]
    at = c.json("crossover", "--tokens", str(t), "--provider", "gpt-4.1", "--ops-monthly-usd", "2500")
    close(at["results"]["selfhost"]["monthly_usd"], api(at, "gpt-4.1")["monthly_usd"], 1e-6)


@test("crossover")
def crossover_zero_volume(c):
    r = c.json("crossover", "--tokens", "0")
    s = r["results"]["selfhost"]
    assert s["utilization_fraction"] == 0 and s["per_mtok_usd"] is None and s["gpus"] == 1


@test("crossover")
def crossover_developer_license(c):
    c.error(2, "crossover", "--tokens", "1B", "--license", "developer", contains=("not production",))
    r = c.json("crossover", "--tokens", "1B", "--license", "developer", "--non-production")
    assert r["results"]["selfhost"]["license_monthly_usd"] == 0
    c.error(2, "crossover", "--tokens", "1B", "--license", "developer", "--non-production", "--gpus", "17",
            contains=("at most 16 GPUs",))


@test("crossover")
def crossover_markdown_and_csv(c):
    md = c.ok("crossover", "--tokens", "500M", "--capacity-tokens-per-s", "1000", "--format", "markdown")
    assert md.startswith("### nimcost crossover: 500M tokens/month")
    assert "| gpt-4.1 | $6.00 | $3,000.00 | 389.78M |" in md
    csv = c.ok("crossover", "--tokens", "500M", "--capacity-tokens-per-s", "1000", "--format", "csv")
    lines = csv.splitlines()
    assert lines[0] == ("id,blended_per_mtok_usd,monthly_usd,break_even_tokens,required_utilization_fraction,cheaper,"
                        "quality_score,tier,as_of")
    assert "gpt-4.1,6,3000,389783334,0.190259,selfhost,1412.2,comparable,2026-07-24" in lines


@test("crossover")
def crossover_color_only_when_asked_or_terminal(c):
    out = c.ok("crossover", "--tokens", "500M", "--color", "always")
    assert "\x1b[1m" in out
    out = c.ok("crossover", "--tokens", "500M", "--color", "auto", env={"NO_COLOR": "1"})
    assert "\x1b[" not in out



@test("crossover")
def crossover_like_for_like(c):
    r = c.json("crossover", "--tokens", "2B")["results"]
    assert r["selfhost"]["model"] == "llama-3.3-70b" and r["selfhost"]["quality_score"] == 1319.7
    tiers = {a["id"]: a["tier"] for a in r["apis"]}
    assert tiers["llama-3.3-70b-groq"] == "same-model" and tiers["gpt-4.1"] == "comparable"
    assert tiers["mistral-large-2411"] == "lower"
    v = r["verdict"]
    assert v["compared_to"] == "comparable" and v["cheapest_same_model"] == "llama-3.3-70b-groq"
    assert v["left_out"]["lower"] == 2 and v["cheapest"] not in ("mistral-large-2411", "gpt-4o-mini")
    assert "left out" in v["text"]
    same = c.json("crossover", "--tokens", "2B", "--compare-to", "same-model")["results"]["verdict"]
    assert same["cheapest"] == "llama-3.3-70b-groq" and same["apis_compared"] == 2
    strict = c.json("crossover", "--tokens", "2B", "--min-quality", "1440")["results"]
    assert {a["id"] for a in strict["apis"] if a["compared"]} == {"llama-3.3-70b-groq", "llama-3.3-70b-together",
                                                                   "claude-sonnet-4.6", "claude-opus-4.6", "gemini-2.5-pro"}
    c.error(2, "crossover", "--tokens", "2B", "--compare-to", "best", contains=("--compare-to",))
    c.error(2, "crossover", "--tokens", "2B", "--min-quality", "high", contains=("--min-quality",))
    quality = c.json("prices", "--kind", "quality")["results"]["quality_scores"]
    assert len(quality) == 40 and all(q["source"] and q["as_of"] == "2025-12-11" for q in quality)
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "s.toml", '[workload]\ntokens = "1B"\n[api]\ncompare_to = "best"\n')
        c.error(3, "run", bad, contains=("compare_to",))
        # A scenario may re-score a model for itself, like any price.
        own = write(d, "own.toml", '[workload]\ntokens = "2B"\n[api]\nproviders = ["mistral-large-2411"]\n'
                                   '[[quality_score]]\nid = "mistral-large-2411"\nscore = 1330\nsource = "test"\n'
                                   'as_of = 2026-01-01\n')
        row = c.json("run", own)["results"]["scenarios"][0]["results"]["apis"][0]
        assert row["tier"] == "comparable" and row["quality_score"] == 1330

@test("crossover")
def buying_servers_by_part_and_against_renting(c):
    r = c.json("crossover", "--tokens", "100B", "--model", "llama-3.3-70b", "--purchase", "dgx-h100",
               "--usd-per-kwh", "0.12", "--provider", "gpt-4.1")
    s, plan = r["results"]["selfhost"], r["assumptions"]["selfhost"]
    assert plan["purchase"]["id"] == "dgx-h100" and plan["purchase"]["usd_per_kwh"] == 0.12 and plan["rental"] is None
    servers = s["servers"]
    assert s["gpus"] == 8 * servers and s["purchase"] == "dgx-h100"
    parts = s["owned_monthly"]
    # Per server: $270,000 / 60 months; 10% a year on $135,000; 10.2 kW at full load (no idle figure)
    # x PUE 1.54 x 730 h x $0.12; 10.2 kW x $184.06; 20% of $270,000 a year.
    close(parts["depreciation_usd"], servers * 4500.0)
    close(parts["capital_usd"], servers * 1125.0)
    close(parts["power_usd"], servers * 10.2 * 1.54 * 730 * 0.12)
    close(parts["colocation_usd"], servers * 10.2 * 184.06)
    close(parts["support_usd"], servers * 4500.0)
    close(s["gpu_monthly_usd"], sum(parts.values()))
    close(s["monthly_usd"], s["gpu_monthly_usd"] + s["gpus"] * 375.0)
    # Against the GPU's default rental: the same model and operating point, a GPU at a time.
    b = r["results"]["buy_vs_rent"]
    assert b["purchase"] == "dgx-h100" and b["rental"] == "runpod-h100-sxm"
    per_gpu = plan["capacity_tokens_per_s_per_gpu"] * 3600 * 730 * 0.6
    rented = -(-100e9 // per_gpu)
    close(b["rental_monthly_usd"], rented * (2.69 * 730 + 375.0))
    close(b["purchase_monthly_usd"], s["monthly_usd"])
    assert b["break_even_tokens"] > 0 and 0 < b["break_even_utilization_fraction"] <= 0.6
    table = c.ok("crossover", "--tokens", "100B", "--purchase", "dgx-h100", "--provider", "gpt-4.1")
    assert "Owned servers:" in table and "Buy or rent:" in table
    # A pinned fleet is bought in whole servers.
    pinned = c.json("crossover", "--tokens", "1B", "--purchase", "dgx-h100", "--gpus", "3")
    assert pinned["results"]["selfhost"]["gpus"] == 8 and pinned["results"]["buy_vs_rent"] is None
    assert any("servers of 8 GPUs; the fleet is 8 GPUs" in w for w in pinned["warnings"])
    # So is a rental sold only in 8-GPU instances (AWS p5.48xlarge), pinned or sized.
    p5 = c.json("crossover", "--tokens", "1B", "--rental", "aws-p5-h100-on-demand", "--gpus", "3", "--license", "none")
    assert p5["results"]["selfhost"]["gpus"] == 8 and p5["assumptions"]["selfhost"]["rental"]["gpus_per_instance"] == 8
    close(p5["results"]["selfhost"]["gpu_monthly_usd"], 8 * 730 * p5["assumptions"]["selfhost"]["rental"]["usd_per_gpu_hour"])
    assert any("aws-p5-h100-on-demand comes in instances of 8 GPUs; the fleet is 8 GPUs" in w for w in p5["warnings"])
    sized = c.json("crossover", "--tokens", "1B", "--rental", "aws-p5-h100-on-demand", "--license", "none")
    assert sized["results"]["selfhost"]["gpus"] % 8 == 0


@test("crossover")
def buying_servers_refusals(c):
    c.error(2, "crossover", "--tokens", "1B", "--purchase", "dgx-h10", contains=("dgx-h100",))
    c.error(2, "crossover", "--tokens", "1B", "--purchase", "dgx-h100", "--rental", "runpod-h100-sxm",
            contains=("--purchase or a rental",))
    c.error(2, "crossover", "--tokens", "1B", "--pue", "1.3", contains=("give --purchase",))
    c.error(2, "crossover", "--tokens", "1B", "--purchase", "dgx-h100", "--pue", "0.5", contains=("--pue must be",))
    c.error(2, "crossover", "--tokens", "1B", "--purchase", "dgx-b200", "--gpu", "h100-sxm", contains=("is for GPU 'b200'",))
    c.error(2, "simulate", "--tokens", "1B", "--purchase", "dgx-h100", contains=("simulate plays rented fleets",))


if __name__ == "__main__":
    sys.exit(harness.main("crossover"))
