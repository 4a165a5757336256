#!/usr/bin/env python3
"""CLI tests of the plan suite: the real binary's search, its JSON (schema-checked), refusals and
their exit codes, CSV of every candidate, and the picture."""
import csv
import io
import json
import os
import sys
import tempfile

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

SMALL = ["--gpu", "h100-sxm,l40s", "--precision", "fp8,bf16", "--tp", "1,2", "--seeds", "8"]


@test("plan")
def plan_answers_the_question(c):
    r = c.json("plan", "--tokens", "2B", "--ttft-ms", "1000", "--tpot-ms", "40")
    res, a = r["results"], r["assumptions"]
    assert a["latency_target"] == {"ttft_ms": 1000, "tpot_ms": 40}
    assert a["quality_from"] == "llama-3.3-70b" and a["min_quality_score"] == 1319.7
    assert set(a["search"]["tp"]) == {1, 2, 4, 8} and "llama-3.3-70b" in a["search"]["models"]
    cands = res["candidates"]
    assert [x["rank"] for x in cands] == list(range(1, len(cands) + 1))
    best = res["best"]
    assert best == cands[0] and best["meets_slo_target"]
    # Like for like: every candidate at or above the quality asked for.
    assert all(x["quality_score"] >= 1319.7 for x in cands)
    # Ranked cheapest first among those that meet the SLO.
    meeting = [x["monthly_usd"] for x in cands if x["meets_slo_target"]]
    assert meeting == sorted(meeting)
    # The verdict names the winner and the best of the other kind.
    other = res["best_selfhost"] if best["kind"] == "api" else res["best_api"]
    assert other and other["kind"] != best["kind"]
    assert best["model"] in res["verdict"]["text"] and other["model"] in res["verdict"]["text"]
    s = res["search"]
    assert s["configurations"] >= s["fitting"] >= s["meeting_latency"] >= s["simulated_configurations"] >= 1
    for x in cands:
        if x["kind"] == "selfhost":
            assert x["ttft_ms"] <= 1000 and x["tpot_ms"] <= 40 + 1e-9 and x["gpus"] >= x["tp"] and x["price"]["source"]
            band = x["monthly_usd_band"]
            assert band["p5"] <= band["p50"] <= band["p95"]
        else:
            assert x["ttft_ms"] is None and x["gpu"] is None


@test("plan")
def plan_hand_priced_api_and_model_only(c):
    r = c.json("plan", "--tokens", "2B", "--model", "llama-3.1-8b", *SMALL)
    assert r["assumptions"]["search"]["models"] == ["llama-3.1-8b"]
    gpt = [x for x in r["results"]["candidates"] if x["model"] == "gpt-4.1"][0]
    close(gpt["monthly_usd"], 12000.0)  # 2B at a third input: $2 x 2/3 + $8 x 4/3 per thousand M
    close(gpt["per_mtok_usd"], 6.0)
    for x in r["results"]["candidates"]:
        if x["kind"] == "selfhost":
            assert x["model"] == "llama-3.1-8b" and x["gpu"] in ("h100-sxm", "l40s") and x["tp"] in (1, 2)


@test("plan")
def plan_same_inputs_same_bytes(c):
    args = ["plan", "--tokens", "40B", "--model", "llama-3.1-8b", *SMALL, "--format", "json"]
    first = c.ok(*args)
    assert c.ok(*args, "--threads", "1") == first
    c.validator.validate(json.loads(first))


@test("plan")
def plan_refusals(c):
    c.error(2, "plan", "--tokens", "2B", "--min-quality", "1500",
            contains=["no served model or API reaches quality 1500", "deepseek-r1 at 1396.1"])
    c.error(2, "plan", "--tokens", "2B", "--model", "llama-3.1-8b", "--min-quality", "1300", contains=["not both"])
    c.error(2, "plan", "--tokens", "2B", "--gpu", "h100x", contains=["did you mean"])
    c.error(2, "plan", "--tokens", "2B", "--precision", "fp7", contains=["unknown precision 'fp7'"])
    c.error(2, "plan", "--tokens", "2B", "--tp", "0", contains=["--tp"])
    c.error(2, "plan", contains=["--tokens"])
    c.error(2, "plan", "--tokens", "2B", "--max-slo-violation", "2", contains=["--max-slo-violation"])
    # No configuration meets the latency: the APIs answer and the verdict says what the closest achieves.
    r = c.json("plan", "--tokens", "2B", "--ttft-ms", "1", "--tpot-ms", "2", *SMALL)
    res = r["results"]
    assert res["best_selfhost"] is None and res["best"]["kind"] == "api"
    assert res["closest"]["ttft_ms"] > 1 and res["search"]["meeting_latency"] == 0
    assert "the closest" in res["verdict"]["text"]
    # No served model of the quality, but APIs: the best served model is named.
    r = c.json("plan", "--tokens", "2B", "--min-quality", "1440")
    assert r["results"]["best_served_model"] == {"id": "deepseek-r1", "quality_score": 1396.1}
    assert all(x["kind"] == "api" and x["quality_score"] >= 1440 for x in r["results"]["candidates"])


@test("plan")
def plan_csv_lists_every_candidate_and_table_fits(c):
    r = c.json("plan", "--tokens", "40B", "--model", "llama-3.1-8b", *SMALL)
    rows = list(csv.DictReader(io.StringIO(c.ok("plan", "--tokens", "40B", "--model", "llama-3.1-8b", *SMALL,
                                                 "--format", "csv"))))
    cands = r["results"]["candidates"]
    assert len(rows) == len(cands)
    for row, x in zip(rows, cands):
        assert row["model"] == x["model"] and row["kind"] == x["kind"] and int(row["rank"]) == x["rank"]
        close(float(row["monthly_usd"]), x["monthly_usd"], 1e-6)
        assert row["pareto"] == ("true" if x["pareto"] else "false")
        assert row["offer"] == x["offer"] and row["price_as_of"] == x["price"]["as_of"]
        if x["kind"] == "selfhost":
            assert row["gpu"] == x["gpu"] and int(row["tp"]) == x["tp"] and int(row["gpus"]) == x["gpus"]
    table = c.ok("plan", "--tokens", "40B", "--model", "llama-3.1-8b", *SMALL, "--top", "3")
    assert "candidates shown" in table and "Cheapest at 40B tokens/month" in table
    md = c.ok("plan", "--tokens", "40B", "--model", "llama-3.1-8b", *SMALL, "--format", "markdown")
    assert "nimcost plan: 40B tokens/month" in md.splitlines()[0] and "| Model |" in md
    assert all(row["meets_slo_target"] in ("true", "false") for row in rows)


@test("plan")
def plan_scenario_file(c):
    r = c.json("plan", os.path.join(c.source, "examples", "mixed-workload.toml"), "--model", "llama-3.1-8b", *SMALL)
    parts = r["assumptions"]["parts"]
    assert len(parts) >= 2 and {p["profile"]["kind"] for p in parts} == {"realtime", "batch"}
    assert r["results"]["best"] is not None
    c.error(2, "plan", os.path.join(c.source, "examples", "mixed-workload.toml"), "--tokens", "1B")


@test("plan")
def plan_table_in_scenarios_gates_run_and_diff(c):
    planned = os.path.join(c.source, "examples", "chatbot-planned.toml")
    r = c.json("run", planned)
    sc = r["results"]["scenarios"][0]
    plan = sc["plan"]
    assert plan["choice"] and plan["best"]["monthly_usd"] == plan["monthly_usd"]
    assert sc["monthly_usd"] == plan["monthly_usd"] == r["results"]["total_monthly_usd"]
    assert plan["latency_target"] == {"ttft_ms": 1000, "tpot_ms": 40}
    assert plan["best"]["model"] == "llama-3.3-70b" or plan["best"]["kind"] == "api"
    # `plan` on the same file searches the same space: the same winner.
    p = c.json("plan", planned)
    close(p["results"]["best"]["monthly_usd"], plan["monthly_usd"], 1e-12)
    with tempfile.TemporaryDirectory() as d:
        base = write(d, "base.json", json.dumps(r))
        with open(planned) as f:
            text = f.read().replace('include = "chatbot-realtime.toml"',
                                    'include = "' + os.path.join(c.source, "examples", "chatbot-realtime.toml") + '"')
        head = write(d, "head.toml", text + '\n[workload]\ntokens_per_day = "800M"\n')
        same = write(d, "same.toml", text)
        c.ok("diff", base, same, "--fail-if-cost-increase-above", "1")
        out = c.run("diff", base, head, "--fail-if-cost-increase-above", "10", "--format", "json")
        assert out.returncode == 1, out.stderr
        d_json = json.loads(out.stdout)
        c.validator.validate(d_json)
        tripped = [g for g in d_json["results"]["gates"] if g["tripped"]]
        assert tripped and "cost" in tripped[0]["gate"], tripped
        # Bad [plan] tables end in one error line naming file, line and key.
        bad = write(d, "bad.toml", text.replace("max_slo_violation = 0.01", "max_slo_violaton = 0.01"))
        c.error(3, "run", bad, contains=["bad.toml:", "[plan]", "max_slo_violaton", "did you mean"])
        both = write(d, "both.toml", text.replace("[plan]", "[plan]\nmin_quality = 1300"))
        c.error(3, "plan", both, contains=["give model or min_quality, not both"])
        tp = write(d, "tp.toml", text.replace("[plan]", "[plan]\ntp = [0, 2]"))
        c.error(3, "run", tp, contains=["tp must be an array of whole numbers from 1 to 64"])


@test("plan")
def plan_flags_documented(c):
    import re
    with open(os.path.join(c.source, "man", "nimcost.1")) as f:
        man = f.read().replace("\\-", "-")
    flags = set(re.findall(r"(--[a-z][a-z-]+)", c.ok("plan", "--help")))
    assert {"--tokens", "--min-quality", "--shortlist", "--plot", "--tpot-ms"} <= flags
    missing = sorted(f for f in flags if f not in man)
    assert not missing, missing
    with open(os.path.join(c.source, "README.md")) as f:
        assert "nimcost plan --tokens 2B --ttft-ms 1000 --tpot-ms 40" in f.read()


if __name__ == "__main__":
    sys.exit(harness.main("plan"))
