#!/usr/bin/env python3
"""CLI tests: run the real nimcost binary and check what it prints, its exit codes and its files.

Each test is a command line and the figures its output must contain. JSON output is validated
against schemas/report.schema.json with python3-jsonschema (Debian's package), not a key check.
Run: cli_test.py --binary build/default/nimcost --source . --suite crossover [--update-golden]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

SUITES = {}


def test(suite):
    def register(fn):
        SUITES.setdefault(suite, []).append(fn)
        return fn
    return register


class Context:
    def __init__(self, binary, source, update_golden):
        self.binary = binary
        self.source = source
        self.update_golden = update_golden
        with open(os.path.join(source, "schemas", "report.schema.json")) as f:
            self.validator = jsonschema.Draft7Validator(json.load(f))

    def run(self, *args, env=None, cwd=None, stdin=None):
        full_env = dict(os.environ)
        full_env.pop("NO_COLOR", None)
        if env:
            full_env.update(env)
        return subprocess.run([self.binary, *args], capture_output=True, text=True, env=full_env, cwd=cwd,
                              input=stdin, timeout=60)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        assert r.returncode == 0, f"exit {r.returncode} for {args}: {r.stderr}"
        return r.stdout

    def json(self, *args):
        report = json.loads(self.ok(*args, "--format", "json"))
        self.validator.validate(report)
        return report

    def error(self, code, *args, contains=()):
        r = self.run(*args)
        assert r.returncode == code, f"expected exit {code}, got {r.returncode} for {args}: {r.stderr}"
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one stderr line for {args}, got: {r.stderr!r}"
        assert lines[0].startswith("nimcost: error: "), lines[0]
        for text in contains:
            assert text in lines[0], f"{text!r} not in {lines[0]!r}"
        assert r.stdout == "", f"stdout not empty on error: {r.stdout[:200]!r}"
        return lines[0]


def write(directory, name, text):
    """Writes a temporary input file and returns its path."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def close(actual, expected, rel=1e-6):
    assert abs(actual - expected) <= rel * max(1.0, abs(expected)), f"{actual} != {expected}"


def api(report, model_id):
    for row in report["results"]["apis"]:
        if row["id"] == model_id:
            return row
    raise AssertionError(f"{model_id} not in report")


# ---------------------------------------------------------------- crossover


@test("crossover")
def crossover_500m_defaults(c):
    r = c.json("crossover", "--tokens", "500M")
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
    assert max(len(line) for line in out.splitlines()) <= 100
    for text in ("500M tokens/month", "$2.69/GPU-hour x 730 h/month", "enterprise-annual", "$375.00/GPU-month",
                 "input share 33.3%", "gpt-4.1", "$6.00", "$3,000.00", "389.78M", "2026-07-24", "API wins"):
        assert text in out, text
    assert "\x1b[" not in out  # not a terminal: no colour


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
    md = c.ok("crossover", "--tokens", "500M", "--format", "markdown")
    assert md.startswith("### nimcost crossover: 500M tokens/month")
    assert "| gpt-4.1 | $6.00 | $3,000.00 | 389.78M |" in md
    csv = c.ok("crossover", "--tokens", "500M", "--format", "csv")
    lines = csv.splitlines()
    assert lines[0] == "id,blended_per_mtok_usd,monthly_usd,break_even_tokens,required_utilization_fraction,cheaper,as_of"
    assert "gpt-4.1,6,3000,389783334,0.190259,selfhost,2026-07-24" in lines


@test("crossover")
def crossover_color_only_when_asked_or_terminal(c):
    out = c.ok("crossover", "--tokens", "500M", "--color", "always")
    assert "\x1b[1m" in out
    out = c.ok("crossover", "--tokens", "500M", "--color", "auto", env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


# ---------------------------------------------------------------- compare / prices


@test("compare")
def compare_sorted_with_hosting_options(c):
    r = c.json("compare", "--tokens", "1B")
    rows = r["results"]["options"]
    monthly = [row["monthly_usd"] for row in rows]
    assert monthly == sorted(monthly)
    hosting = {row["id"]: row for row in rows if row["kind"] == "selfhost"}
    assert {"runpod-h100-sxm", "runpod-h200", "runpod-b200", "aws-p5-h100"} <= set(hosting)
    close(hosting["runpod-h100-sxm"]["monthly_usd"], 2338.70)
    assert r["results"]["cheapest"] == rows[0]["id"]
    out = c.ok("compare", "--tokens", "1B")
    assert max(len(line) for line in out.splitlines()) <= 100


@test("prices")
def prices_lists_sources_and_dates(c):
    r = c.json("prices")
    ids = [m["id"] for m in r["results"]["api_models"]]
    for required in ("claude-sonnet-4.6", "gpt-4.1", "mistral-large-2411", "mistral-large-3"):
        assert required in ids
    assert len(ids) >= 15
    gpus = [g["id"] for g in r["results"]["gpus"]]
    assert gpus == ["h100-sxm", "h100-pcie", "h200", "a100-80gb", "l40s", "b200"]
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


# ---------------------------------------------------------------- errors


@test("errors")
def bad_quantities(c):
    for bad in ("-5M", "nan", "inf", "5x", "1e400", "5MM", "", "M"):
        c.error(2, "crossover", "--tokens", bad, contains=("--tokens",))


@test("errors")
def bad_flags_and_values(c):
    c.error(2, "crossover", contains=("--tokens",))
    c.error(2, "crossover", "--tokens", "1B", "--bogus")
    c.error(2, "crossover", "--tokens", "1B", "--input-share", "1.5", contains=("--input-share",))
    c.error(2, "crossover", "--tokens", "1B", "--max-utilization", "0", contains=("--max-utilization",))
    c.error(2, "crossover", "--tokens", "1B", "--gpus", "0", contains=("--gpus",))
    c.error(2, "crossover", "--tokens", "1B", "--gpus", "two", contains=("--gpus",))
    c.error(2, "crossover", "--tokens", "1B", "--gpu-hourly-usd", "-1", contains=("--gpu-hourly-usd",))
    c.error(2, "crossover", "--tokens", "1B", "--hours-per-month", "800", contains=("744",))
    c.error(2, "crossover", "--tokens", "1B", "--format", "xml", contains=("--format",))
    c.error(2, "crossover", "--tokens", "1B", "--rental", "runpod-h100-sxm", "--gpu-hourly-usd", "2",
            contains=("not both",))


@test("errors")
def unknown_names_suggest(c):
    c.error(2, "crossover", "--tokens", "1B", "--provider", "gpt-4.l", contains=("did you mean gpt-4.1",))
    c.error(2, "crossover", "--tokens", "1B", "--gpu", "h100-sx", contains=("h100-sxm",))
    c.error(2, "crossover", "--tokens", "1B", "--rental", "runpod-h100", contains=("runpod-h100-sxm",))
    c.error(2, "crossover", "--tokens", "1B", "--license", "enterprise", contains=("enterprise-annual",))
    c.error(2, "crosover", "--tokens", "1B", contains=("did you mean crossover",))


@test("errors")
def bad_catalog_files(c):
    with tempfile.TemporaryDirectory() as d:
        broken = write(d, "broken.toml", '[[api_model]]\nid = "x"\ninput_per_mtok_usd = = 2\n')
        c.error(3, "prices", "--catalog", broken, contains=(broken + ":3:",))
        unknown = write(d, "unknown.toml",
                        '[[api_model]]\nid = "gpt-4.1"\ninput_usd = 1\nsource = "s"\nas_of = 2026-01-01\n')
        c.error(3, "prices", "--catalog", unknown, contains=(unknown + ":3:", "unknown key 'input_usd'"))
        c.error(3, "prices", "--catalog", os.path.join(d, "missing.toml"), contains=("cannot read",))
        c.error(3, "prices", "--data", d, contains=(":3:",))
        empty = os.path.join(d, "empty")
        os.mkdir(empty)
        c.error(3, "prices", "--data", empty, contains=("no *.toml",))


@test("errors")
def help_and_version(c):
    assert "--tokens" in c.ok("crossover", "--help")
    assert "--kind" in c.ok("prices", "--help")
    assert "crossover" in c.ok("--help")
    assert c.ok("--version").startswith("nimcost ")
    r = c.run()
    assert r.returncode == 2


# ---------------------------------------------------------------- output files


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


# ---------------------------------------------------------------- throughput


@test("throughput")
def throughput_issue_example_json(c):
    r = c.json("throughput", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--precision", "fp8", "--tp", "2",
               "--isl", "1000", "--osl", "1000")
    res = r["results"]
    for key in ("fits", "max_batch", "ttft_ms", "tpot_ms", "output_tokens_per_s_per_replica",
                "output_tokens_per_s_per_gpu", "gpus_per_replica"):
        assert key in res, key
    assert res["fits"] is True and res["gpus_per_replica"] == 2
    assert r["assumptions"]["mode"] == "offline-max"
    close(res["output_tokens_per_s_per_gpu"] * 2, res["output_tokens_per_s_per_replica"], rel=1e-6)
    # TensorRT-LLM 0.17 measured 4,390.5 output tokens/s on 2x H100 FP8 at 1000/1000.
    assert abs(res["output_tokens_per_s_per_replica"] / 4390.53 - 1) < 0.15, res["output_tokens_per_s_per_replica"]
    assert res["batch"] == res["max_batch"]
    assert r["assumptions"]["engine_factors"]["id"] == "trtllm-fp8"
    assert r["assumptions"]["model"]["source"] and r["assumptions"]["gpu"]["source"]


@test("throughput")
def throughput_concurrency_and_targets(c):
    at8 = c.json("throughput", "--model", "llama-3.1-8b", "--concurrency", "8")["results"]
    at64 = c.json("throughput", "--model", "llama-3.1-8b", "--concurrency", "64")["results"]
    assert at8["batch"] == 8 and at64["batch"] == 64
    assert at64["output_tokens_per_s_per_gpu"] > at8["output_tokens_per_s_per_gpu"]
    assert at64["tpot_ms"] > at8["tpot_ms"]
    t = c.json("throughput", "--model", "llama-3.1-8b", "--tpot-ms", "15")
    assert t["assumptions"]["mode"] == "latency-target"
    assert t["results"]["meets_target"] is True and t["results"]["tpot_ms"] <= 15
    miss = c.json("throughput", "--model", "llama-3.1-70b", "--tpot-ms", "1")
    assert miss["results"]["meets_target"] is False and miss["results"]["output_tokens_per_s_per_gpu"] is None
    assert miss["results"]["best_achievable"]["tpot_ms"] > 1
    assert any("no concurrency meets the target" in w for w in miss["warnings"])


@test("throughput")
def throughput_sweep_curve(c):
    r = c.json("throughput", "--model", "mixtral-8x7b", "--tp", "2", "--sweep-concurrency")
    sweep = r["results"]["sweep"]
    assert [p["concurrency"] for p in sweep[:4]] == [1, 2, 4, 8]
    assert sweep[-1]["batch"] == r["results"]["max_batch"]
    rates = [p["output_tokens_per_s_per_gpu"] for p in sweep]
    assert rates == sorted(rates)
    csv = c.ok("throughput", "--model", "mixtral-8x7b", "--tp", "2", "--sweep-concurrency", "--format", "csv")
    assert csv.splitlines()[0].startswith("concurrency,batch,ttft_ms,tpot_ms,output_tokens_per_s_per_replica")
    assert len(csv.splitlines()) == len(sweep) + 1


@test("throughput")
def throughput_refuses_clearly(c):
    r = c.json("throughput", "--model", "llama-3.1-405b", "--tp", "4")
    assert r["results"]["fits"] is False and r["results"]["gpus_needed"] == 8
    assert any("--tp 8" in w for w in r["warnings"])
    table = c.ok("throughput", "--model", "llama-3.1-405b", "--tp", "4")
    assert "Does not fit on 4x h100-sxm: use --tp 8" in table
    auto = c.json("throughput", "--model", "llama-3.1-405b")
    assert auto["results"]["fits"] is True and auto["assumptions"]["tp"] == 8
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--tp", "3", contains=("must divide",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--gpu", "a100-80gb", "--precision", "fp8",
            contains=("no fp8 tensor cores",))
    c.error(2, "throughput", "--model", "lama-3.1-70b", contains=("did you mean llama-3.1-70b",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--isl", "0", contains=("--isl",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--precision", "fp9", contains=("fp8",))
    c.error(2, "throughput", "--model", "llama-3.1-70b", "--engine", "vllm", contains=("unknown engine",))
    c.error(2, "throughput", "--gpu", "h100-sxm", contains=("--model",))


@test("throughput")
def crossover_sizes_the_fleet_from_the_model(c):
    r = c.json("crossover", "--tokens", "20B", "--model", "llama-3.1-70b", "--tp", "2", "--provider", "gpt-4.1")
    plan = r["assumptions"]["selfhost"]
    rep = plan["replica"]
    assert plan["gpus_per_replica"] == 2 and rep["tp"] == 2 and rep["profile"] == "realtime"
    assert rep["tpot_ms"] <= 50 and rep["ttft_ms"] <= 2000
    s = r["results"]["selfhost"]
    assert s["gpus"] % 2 == 0, s["gpus"]
    # Capacity per GPU is the replica's total tokens/s over its GPUs.
    close(plan["capacity_tokens_per_s_per_gpu"],
          rep["output_tokens_per_s_per_replica"] * (rep["isl"] + rep["osl"]) / rep["osl"] / 2, rel=1e-6)
    be = api(r, "gpt-4.1")
    assert be["break_even_gpus"] is None or be["break_even_gpus"] % 2 == 0
    batch = c.json("crossover", "--tokens", "20B", "--model", "llama-3.1-70b", "--tp", "2", "--profile", "batch",
                   "--provider", "gpt-4.1")
    assert batch["assumptions"]["selfhost"]["capacity_tokens_per_s_per_gpu"] > plan["capacity_tokens_per_s_per_gpu"]
    assert batch["results"]["selfhost"]["gpus"] <= s["gpus"]
    # --isl/--osl also set the API mix when --input-share is not given.
    mix = c.json("crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--isl", "3000", "--osl", "1000")
    close(mix["assumptions"]["workload"]["input_share_fraction"], 0.75)
    pinned = c.json("crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--capacity-tokens-per-s", "1234")
    assert pinned["assumptions"]["selfhost"]["capacity_tokens_per_s_per_gpu"] == 1234
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-70b", "--tp", "2", "--gpus", "3",
            contains=("replicas",))
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-405b", "--tp", "2", contains=("--tp 8",))
    c.error(2, "crossover", "--tokens", "1B", "--model", "llama-3.1-70b", "--tp", "1", "--tpot-ms", "2",
            contains=("one request alone takes",))
    c.error(2, "crossover", "--tokens", "1B", "--tp", "2", contains=("--model",))
    c.error(2, "crossover", "--tokens", "1B", "--profile", "batch", contains=("--model",))


@test("throughput")
def compare_sizes_each_gpu_with_the_model(c):
    r = c.json("compare", "--tokens", "2B", "--model", "llama-3.1-70b")
    hosting = {row["id"]: row for row in r["results"]["options"] if row["kind"] == "selfhost"}
    assert hosting["runpod-h100-sxm"]["gpus"] >= 1
    assert hosting["runpod-a100-80gb"]["gpus"] % 2 == 0  # BF16 70B needs 2 A100s at least


@test("throughput")
def calibrate_the_shared_table(c):
    table = os.path.join(c.source, "tests", "data", "throughput-measured.csv")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "factors.toml")
        # One fit (it takes seconds): the JSON report and the factors file together.
        r = c.json("calibrate", table, "--as-of", "2026-11-25", "--write-factors", out)
        res = r["results"]
        assert res["rows_used"] == 244 and len(res["skipped"]) == 4
        assert res["median_abs_error_fraction"] <= 0.15 and res["max_abs_error_fraction"] <= 0.40
        groups = {f["id"]: f for f in res["factors"]}
        assert {"trtllm-fp8", "trtllm-fp16", "trtllm-bf16", "nim-fp8"} <= set(groups)
        assert groups["trtllm-fp8"]["fitted"] and groups["trtllm-fp8"]["as_of"] == "2026-11-25"
        checked = c.json("calibrate", table, "--no-fit")["results"]
        assert checked["median_abs_error_fraction"] <= 0.15 and checked["max_abs_error_fraction"] <= 0.40
        # The written file is a catalog the tool loads, and it reproduces the fit.
        again = c.json("calibrate", table, "--no-fit", "--catalog", out)["results"]
        close(again["max_abs_error_fraction"], res["max_abs_error_fraction"], rel=1e-4)
        held = c.json("calibrate", os.path.join(c.source, "tests", "data", "throughput-holdout.csv"), "--no-fit")
        assert held["results"]["rows_used"] == 126 and held["results"]["max_abs_error_fraction"] <= 0.25
        c.error(2, "calibrate", table, "--write-factors", table, contains=("input file",))
        bad = write(d, "bad.csv", "source,model\nx,y\n")
        c.error(3, "calibrate", bad, contains=("lacks columns",))
        c.error(3, "calibrate", os.path.join(d, "missing.csv"), contains=("cannot read",))
        c.error(2, "calibrate", table, "--as-of", "yesterday", contains=("--as-of",))


# ---------------------------------------------------------------- attribute


def dcgm(c, name):
    return os.path.join(c.source, "tests", "data", "dcgm", name)


def scrapes(minutes, gap_after=None):
    """Concatenated 15 s scrapes of two GPUs: team-a at 80% on gpu0, team-b at 20% on a 3g.40gb slice."""
    lines = ["# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).", "# TYPE DCGM_FI_DEV_GPU_UTIL gauge"]
    t = 1_700_000_000_000
    for i in range(minutes * 4 + 1):
        if gap_after is not None and gap_after <= i < gap_after + 40:
            continue
        ms = t + i * 15_000
        lines.append(f'DCGM_FI_DEV_GPU_UTIL{{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="n1",'
                     f'namespace="team-a",pod="pa",container="c"}} 80 {ms}')
        lines.append(f'DCGM_FI_DEV_GPU_UTIL{{gpu="1",UUID="GPU-b",modelName="NVIDIA H100 80GB HBM3",Hostname="n1",'
                     f'GPU_I_PROFILE="3g.40gb",GPU_I_ID="1",namespace="team-b",pod="pb",container="c"}} 20 {ms}')
    return "\n".join(lines) + "\n"


@test("attribute")
def attribute_real_scrapes(c):
    r = c.json("attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--period", "30d", "--gpu-hourly-usd", "0.35")
    res = r["results"]
    assert [g["key"] for g in res["groups"]] == ["default"]
    close(res["fleet"]["gpu_hours"], 720)
    close(res["fleet"]["cost_usd"], 720 * (0.35 + 4500 / 8760), rel=1e-6)
    assert res["fleet"]["utilization_fraction"] == 0 and res["fleet"]["idle_cost_usd"] == res["fleet"]["cost_usd"]
    l4 = c.json("attribute", dcgm(c, "dcgm-exporter-l4-scrape.prom"), "--period", "1h", "--gpu-hourly-usd", "0.8",
                "--power-usd-per-kwh", "0.12", "--license", "none", "--by", "node")
    g = l4["results"]["groups"][0]
    assert g["key"] == "i-030791dc5a37cd257"
    close(g["energy_kwh"], 0.016365)
    close(g["cost_usd"], 0.8 + 0.016365 * 0.12)
    assert "DCGM_FI_PROF_GR_ENGINE_ACTIVE" in l4["assumptions"]["activity_source"][0]
    c.error(2, "attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--gpu-hourly-usd", "1",
            contains=("--period",))
    c.error(2, "attribute", dcgm(c, "dcgm-exporter-t4-k8s-scrape.prom"), "--period", "30d", contains=("Tesla T4",))


@test("attribute")
def attribute_concatenated_scrapes_mig_gap_tokens(c):
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "month.prom", scrapes(60, gap_after=100))
        r = c.json("attribute", path, "--license", "none", "--tokens", "20M", "--provider", "gpt-4.1")
        res = r["results"]
        groups = {g["key"]: g for g in res["groups"]}
        # 60 minutes of 15 s intervals less a 10-minute gap on each GPU: 239 - 1 intervals charged.
        hours = (240 - 41) * 15 / 3600
        close(groups["team-a"]["gpu_hours"], hours)
        close(groups["team-a"]["utilization_fraction"], 0.8)
        close(groups["team-b"]["gpu_hours"], hours * 3 / 7)  # a 3g.40gb slice is 3/7 of the GPU
        assert len(res["gaps"]) == 2 and res["gap_gpu_hours"] > 0
        assert any("gaps longer than 300 s" in w for w in r["warnings"])
        fleet = res["fleet"]
        close(fleet["cost_usd"], fleet["gpu_hours"] * 2.69)  # runpod-h100-sxm, from modelName
        close(res["effective_per_mtok_usd"], fleet["cost_usd"] / 20)
        assert res["apis"][0]["id"] == "gpt-4.1"
        table = c.ok("attribute", path, "--license", "none", "--tokens", "20M", "--provider", "gpt-4.1")
        assert "Your fleet ran at" in table and "vs gpt-4.1 at $6.00/M" in table
        by_gpu = c.json("attribute", path, "--by", "gpu")["results"]["groups"]
        assert {g["key"] for g in by_gpu} == {"n1/GPU-a", "n1/GPU-b/mig1(3g.40gb)"}
        csv = c.ok("attribute", path, "--format", "csv")
        assert csv.splitlines()[0].startswith("key,gpu_hours,active_gpu_hours,utilization_fraction,cost_usd")
        # gzip and stdin read the same.
        import gzip
        with gzip.open(os.path.join(d, "month.prom.gz"), "wt") as f:
            f.write(scrapes(60, gap_after=100))
        gz = c.json("attribute", os.path.join(d, "month.prom.gz"), "--license", "none")["results"]["fleet"]
        close(gz["gpu_hours"], fleet["gpu_hours"])
        r = c.run("attribute", "-", "--license", "none", "--format", "json", stdin=scrapes(60, gap_after=100))
        assert r.returncode == 0, r.stderr
        close(json.loads(r.stdout)["results"]["fleet"]["gpu_hours"], fleet["gpu_hours"])


@test("attribute")
def attribute_refuses_bad_input_clearly(c):
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "bad.prom", 'DCGM_FI_DEV_GPU_UTIL{gpu="0" 5\n')
        c.error(3, "attribute", bad, "--period", "1h", contains=("bad.prom:1:", "never closed"))
        mixed = write(d, "mixed.prom", 'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 5 1000\nDCGM_FI_DEV_GPU_UTIL{gpu="0"} 5\n')
        c.error(3, "attribute", mixed, contains=("mixed.prom:2:", "timestamps"))
        none = write(d, "none.prom", "go_goroutines 3\n")
        c.error(3, "attribute", none, "--period", "1h", contains=("no DCGM_FI_DEV_GPU_UTIL",))
        empty = write(d, "empty.prom", "")
        c.error(3, "attribute", empty, contains=("empty",))
        bad_json = write(d, "r.json", '{"data":{"resultType":"vector","result":[]}}')
        c.error(3, "attribute", bad_json, contains=("matrix",))
        c.error(3, "attribute", os.path.join(d, "missing.prom"), contains=("cannot read",))
        c.error(2, "attribute", bad, "--by", "team", contains=("--by",))
        c.error(2, "attribute", bad, "--period", "30x", contains=("--period",))
        c.error(2, "attribute", bad, "--provider", "gpt-4.1", contains=("--tokens",))
        c.error(2, "attribute", bad, "--output", bad, contains=("input file",))


# ---------------------------------------------------------------- sweep


@test("sweep")
def sweep_svg_marks_break_evens_where_computed(c):
    import math
    import xml.etree.ElementTree as ET
    with tempfile.TemporaryDirectory() as d:
        svg = os.path.join(d, "crossover.svg")
        r = c.json("sweep", "--from", "10M", "--to", "10B", "--points", "60", "--provider", "gpt-4.1,mistral-large-2411",
                   "--gpu-monthly-usd", "1950", "--license", "none", "--tokens", "500M", "--plot", svg)
        res = r["results"]
        assert len(res["volumes_tokens"]) == 60 and res["volumes_tokens"][0] == 10_000_000
        assert res["marked_volume_tokens"] == 500_000_000
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
        assert len([t for t in root.iter(ns + "text") if t.get("class") == "legend"]) == 3
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
        assert r["results"]["marked_volume_tokens"] == 1_000_000_000
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
    assert lines[0].split(",")[:3] == ["volume_tokens", "runpod-h100-sxm_monthly_usd", "gpt-4.1_monthly_usd"]
    assert len(lines) == 6 and len(lines[0].split(",")) == 3 + 5
    r = c.json("sweep", "--points", "5", "--util-from", "0.2", "--util-to", "1", "--util-points", "5")
    grid = r["results"]["utilization_grid"]
    assert grid["utilization_fractions"] == [0.2, 0.4, 0.6, 0.8, 1.0]
    for row in grid["selfhost_monthly_usd"]:
        assert row == sorted(row, reverse=True)
    table = c.ok("sweep", "--points", "8")
    assert "Monthly cost by volume" in table and max(len(l) for l in table.splitlines()) <= 100
    assert "Monthly cost (log)" not in table  # the chart only on a terminal, or when asked
    chart = c.ok("sweep", "--points", "8", "--provider", "gpt-4.1", "--chart")
    assert "# self-host (runpod-h100-sxm)   a gpt-4.1" in chart
    assert max(len(l) for l in chart.splitlines()) <= 100


# ---------------------------------------------------------------- schema / golden


# ---------------------------------------------------------------- run


def example(c, name):
    return os.path.join(c.source, "examples", name)


def scenario(report, name):
    for s in report["results"]["scenarios"]:
        if s["name"] == name:
            return s
    raise AssertionError(f"{name} not in report")


def option(s, option_id):
    for row in s["results"]["apis"]:
        if row["id"] == option_id:
            return row
    raise AssertionError(f"{option_id} not in scenario {s['name']}")


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
    assert s["results"]["volume_tokens"] == 152083333  # 5M/day x 730/24 days
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
    assert s["results"]["volume_tokens"] == 12166666667  # 400M/day
    h = s["results"]["selfhost"]
    assert h["gpus"] == 4 and h["utilization_fraction"] <= 0.6
    # Self-hosting the 70B beats GPT-4.1 and the same model at Together, not GPT-4.1 mini.
    assert option(s, "gpt-4.1")["cheaper"] == "selfhost"
    assert option(s, "llama-3.3-70b-together")["cheaper"] == "selfhost"
    assert s["results"]["verdict"]["cheapest"] == "gpt-4.1-mini"
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
    assert s["results"]["volume_tokens"] == w["assistant"]["monthly_tokens"] + 6000000000
    close(w["assistant"]["gpu_share_fraction"] + w["ticket-enrichment"]["gpu_share_fraction"], 1.0, 1e-8)
    close(w["assistant"]["selfhost_monthly_usd"] + w["ticket-enrichment"]["selfhost_monthly_usd"],
          s["results"]["selfhost"]["monthly_usd"], 1e-6)
    # A realtime token takes more GPU time than a batch one.
    assert w["assistant"]["gpu_share_fraction"] > w["assistant"]["monthly_tokens"] / s["results"]["volume_tokens"]
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
        c.error(2, "run", contains=("scenarios",))
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


# ---------------------------------------------------------------- diff


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
        assert (s["base_cheapest"], s["head_cheapest"]) == ("selfhost", "mistral-large-2411")
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
    assert (s["base_cheapest"], s["head_cheapest"]) == ("selfhost", "mistral-large-2411")
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
        assert lines[0] == "### nimcost: cost diff"
        assert lines[2].startswith("**Monthly cost up +$383.33 (+19.7%)")
        assert any(l.startswith("- :x: `--fail-if-verdict-changes`") for l in lines)
        assert "| article | cheapest (changed) | $1,950.00 | $2,333.33 | +$383.33 | +19.7% |" in md
        assert "| gpt-4.1 | $6,000.00 | $3,000.00 | -$3,000.00 | -50.0% | 325M -> 433.33M |" in md


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
        c.error(3, "diff", v0, head, contains=("v0.json: report schema is 'nimcost.report/v0'", "reads 'nimcost.report/v1'"))
        sweep = write(d, "sweep.json", c.ok("sweep", "--points", "3", "--format", "json"))
        c.error(3, "diff", sweep, head, contains=("a 'sweep' report",))
        del report["results"]["scenarios"][0]["results"]["verdict"]
        report["schema"] = "nimcost.report/v1"
        broken = write(d, "broken.json", json.dumps(report))
        c.error(3, "diff", broken, head, contains=("$.results.scenarios[0].results: missing key 'verdict'",))
        c.error(2, "diff", base, contains=("two files",))
        c.error(2, "diff", base, head, "--base-report", old, contains=("one head",))
        c.error(2, "diff", base, head, "--output", base, contains=("--output",))


# ---------------------------------------------------------------- simulate


@test("simulate")
def simulate_keys_and_hand_figures(c):
    r = c.json("simulate", "--tokens", "1B", "--profile", "steady", "--provider", "gpt-4.1", "--gpus", "1",
               "--seeds", "5")
    res = r["results"]
    for key in ("p5", "p50", "p95"):
        close(res["total_monthly_usd"][key], 2338.70)  # $2.69 x 730 h + $375 license
        close(res["utilization_fraction"][key], 1e9 / 2.628e9, 1e-6)  # 1,000 tokens/s per GPU
    close(res["utilization_fraction"]["mean"], 1e9 / 2.628e9, 1e-6)
    close(res["gpu_monthly_usd"], 1963.70)
    close(res["license_monthly_usd"], 375.0)
    assert res["api_spill_monthly_usd"] == 0 and res["spilled_tokens"] == 0 and res["slo_violation_fraction"] == 0
    close(res["api_only_monthly_usd"], 6000.0)
    close(res["effective_per_mtok_usd"], 2.3387)
    assert res["cheaper"] == "selfhost" and res["steps"] == 43800 and res["optimize"] is None
    a = r["assumptions"]
    assert a["workloads"][0]["profile"]["id"] == "steady" and a["workloads"][0]["profile"]["source"]
    assert a["billing"] == "per-minute" and a["seeds"] == 5


@test("simulate")
def simulate_same_seed_same_bytes(c):
    args = ["simulate", "--tokens", "3B", "--profile", "realtime", "--provider", "gpt-4.1", "--model", "llama-3.1-8b",
            "--seeds", "30", "--format", "json"]
    first = c.ok(*args)
    assert c.ok(*args) == first
    assert c.ok(*args, "--threads", "1") == first  # however the seeds are split over cores
    assert c.ok(*args, "--seed", "2") != first
    r = json.loads(first)
    c.validator.validate(r)
    band = r["results"]["total_monthly_usd"]
    assert band["p5"] <= band["p50"] <= band["p95"]


@test("simulate")
def simulate_article_claims(c):
    # 50 requests a day of 100k tokens: one H100 about 99% idle, the API far cheaper.
    r = c.json("simulate", "--tokens-per-day", "5M", "--profile", "realtime", "--gpus", "1", "--model", "llama-3.1-8b",
               "--isl", "98000", "--osl", "2000", "--ttft-ms", "10000", "--provider", "mistral-large-2411", "--seeds", "10")
    res = r["results"]
    assert res["utilization_fraction"]["mean"] < 0.01 and res["cheaper"] == "api"
    assert res["api_only_monthly_usd"] < 0.2 * res["total_monthly_usd"]["mean"]
    # 1B tokens overnight, autoscaled and billed by the minute: near full utilization.
    r = c.json("simulate", "--tokens-per-day", "1B", "--profile", "batch", "--policy", "autoscale", "--max-replicas", "40",
               "--model", "llama-3.3-70b", "--provider", "mistral-large-2411", "--seeds", "10")
    assert r["results"]["utilization_fraction"]["p5"] > 0.9 and r["results"]["slo_violation_fraction"] == 0
    # Realtime self-hosting against GPT-4.1 pays from ~12.8M tokens/day on one replica.
    r = c.json("simulate", "--tokens-per-day", "5M", "--profile", "realtime", "--model", "llama-3.3-70b",
               "--provider", "gpt-4.1", "--break-even", "--seeds", "8")
    b = r["results"]["break_even"]
    assert b["found"] and b["replicas"] == 1
    close(b["monthly_tokens"], 2338.70 / 6 * 1e6, 2e-3)
    assert "beats the API from 12.8" in r["results"]["verdict"]


@test("simulate")
def simulate_optimize_mixed_example(c):
    r = c.json("simulate", os.path.join(c.source, "examples", "mixed-workload.toml"), "--optimize", "--seeds", "20")
    res = r["results"]
    best = res["optimize"]["candidates"][res["optimize"]["best"]]
    assert best["policy"]["policy"] == "hybrid" and best["policy"]["replicas"] >= 1 and best["meets_slo"]
    def best_of(policy):
        costs = [cand["total_monthly_usd"] for cand in res["optimize"]["candidates"]
                 if cand["policy"]["policy"] == policy and cand["meets_slo"] and
                 not (policy == "hybrid" and cand["policy"]["replicas"] == 0)]
        return min(costs)
    cost = res["total_monthly_usd"]["mean"]
    assert cost < best_of("fixed") and cost < best_of("autoscale") and cost < res["api_only_monthly_usd"]
    assert res["policy"] == best["policy"]
    assert "Cheapest under the targets: hybrid" in res["verdict"]
    assert [w["name"] for w in r["assumptions"]["workloads"]] == ["assistant", "ticket-enrichment"]


@test("simulate")
def simulate_table_profile_file_and_errors(c):
    out = c.ok("simulate", "--tokens", "500M", "--seeds", "3")
    assert "nimcost simulate" in out and max(len(l) for l in out.splitlines()) <= 100
    r = c.run("simulate", "--tokens", "500M", "--seeds", "3")
    assert r.stderr == "", r.stderr  # no progress line when stderr is not a terminal
    with tempfile.TemporaryDirectory() as d:
        prof = write(d, "night-shift.toml", '[[traffic_profile]]\nid = "night-shift"\nkind = "realtime"\n'
                     'hourly = [2,2,2,2,2,2,1,1,0,0,0,0,0,0,0,0,0,0,0,0,1,1,2,2]\nsource = "ours"\nas_of = 2026-11-01\n')
        r = c.json("simulate", "--tokens", "1B", "--profile", prof, "--seeds", "2")
        assert r["assumptions"]["workloads"][0]["profile"]["id"] == "night-shift"
        bad = write(d, "bad.toml", '[[traffic_profile]]\nid = "x"\nkind = "realtime"\nhourly = [1, 2]\nsource = "s"\nas_of = 2026-01-01\n')
        c.error(3, "simulate", "--tokens", "1B", "--profile", bad, contains=("bad.toml:", "hourly must be 24 numbers"))
    c.error(2, "simulate", "--tokens", "1B", "--step", "0.5s", contains=("--step",))
    c.error(2, "simulate", "--tokens", "1B", "--policy", "spot", contains=("--policy must be fixed, autoscale or hybrid",))
    c.error(2, "simulate", "--tokens", "1B", "--seeds", "0", contains=("--seeds",))
    c.error(2, "simulate", "--tokens", "1B", "--profile", "realtim", contains=("unknown traffic profile 'realtim'", "realtime"))
    c.error(2, "simulate", contains=("--tokens",))
    c.error(2, "simulate", os.path.join(c.source, "examples", "mixed-workload.toml"), "--tokens", "3B",
            contains=("scenario excludes --tokens",))
    c.error(2, "simulate", "--tokens", "1B", "--profile", "batch", "--hours-per-month", "10",
            contains=("no nightly batch job arrives within a month of 10 hours",))
    c.error(2, "simulate", "--tokens", "1B", "--policy", "autoscale", "--min-replicas", "5", "--max-replicas", "2",
            contains=("--max-replicas",))


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


@test("schema")
def schema_rejects_a_broken_report(c):
    report = c.json("crossover", "--tokens", "500M")
    del report["results"]["selfhost"]["monthly_usd"]
    try:
        c.validator.validate(report)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a report without results.selfhost.monthly_usd")


@test("golden")
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--suite", required=True, choices=sorted(SUITES))
    parser.add_argument("--update-golden", action="store_true")
    args = parser.parse_args()
    context = Context(os.path.abspath(args.binary), os.path.abspath(args.source), args.update_golden)
    passed = failed = 0
    for fn in SUITES[args.suite]:
        try:
            fn(context)
            passed += 1
            print(f"ok   {fn.__name__}")
        except Exception as e:  # a failed assertion or an unexpected crash both count as failures
            failed += 1
            print(f"FAIL {fn.__name__}: {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
