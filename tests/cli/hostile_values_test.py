#!/usr/bin/env python3
"""CLI tests of the hostile suite, values: absurd figures in the catalog, scenarios, flags, base
reports and metrics are refused where they are written (file:line:column, or the flag), and
messages echo values escaped and cut. Fixtures are made at test time."""
import json
import os
import sys
import tempfile

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

WORKLOAD = '[workload]\ntokens = "1B"\n'


@test("hostile_values")
def zero_bandwidth_gpu_is_refused_where_it_is_written(c):
    with tempfile.TemporaryDirectory() as d:
        cat = write(d, "zero.toml", '[[gpu]]\nid = "h100-sxm"\nbandwidth_tb_per_s = 0\nsource = "test"\nas_of = 2026-01-01\n')
        c.error(3, "crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--catalog", cat,
                contains=("zero.toml:3:", "bandwidth_tb_per_s must be a number above 0"))


@test("hostile_values")
def weightless_models_and_zero_efficiencies_are_refused_where_they_are_written(c):
    with tempfile.TemporaryDirectory() as d:
        model = write(d, "m.toml", '[[served_model]]\nid = "llama-3.1-8b"\nparams_b = 0\nsource = "t"\nas_of = 2026-01-01\n')
        c.error(3, "throughput", "--model", "llama-3.1-8b", "--catalog", model,
                contains=("m.toml:3:12:", "params_b must be a number above 0"))
        factors = write(d, "f.toml", '[[engine_factors]]\nid = "trtllm-fp8"\ncompute_efficiency = 0\n'
                        'source = "t"\nas_of = 2026-01-01\n')
        c.error(3, "throughput", "--model", "llama-3.1-8b", "--catalog", factors,
                contains=("f.toml:3:", "compute_efficiency must be a number above 0"))


@test("hostile_values")
def unknown_billing_is_refused_at_load_with_its_line(c):
    with tempfile.TemporaryDirectory() as d:
        cat = write(d, "bill.toml", '[[rental]]\nid = "runpod-h100-sxm"\nbilling = "weekly"\n')
        c.error(3, "crossover", "--tokens", "1B", "--catalog", cat,
                contains=("bill.toml:3:11:", "billing must be one of per-second", "got 'weekly'"))


@test("hostile_values")
def impossible_dates_are_refused(c):
    c.error(2, "calibrate", "rows.csv", "--as-of", "2026-13-45", contains=("--as-of must be a date",))
    with tempfile.TemporaryDirectory() as d:
        cat = write(d, "date.toml", '[[gpu]]\nid = "h100-sxm"\nas_of = "2026-02-30"\n')
        c.error(3, "crossover", "--tokens", "1B", "--catalog", cat, contains=("date.toml:3:", "must be a date"))


@test("hostile_values")
def gpu_counts_are_bounded_alike_on_the_command_line_and_in_files(c):
    c.error(2, "crossover", "--tokens", "1B", "--gpus", "4294967297", contains=("--gpus", "at most 100000"))
    with tempfile.TemporaryDirectory() as d:
        zero = write(d, "g0.toml", "[selfhost]\ngpus = 0\n" + WORKLOAD)
        c.error(3, "run", zero, contains=("g0.toml:2:8:", "gpus must be a whole number from 1 to 100000, got 0"))
        big = write(d, "gbig.toml", "[selfhost]\ngpus = 100001\n" + WORKLOAD)
        c.error(3, "run", big, contains=("from 1 to 100000, got 100001",))
        tp = write(d, "tp.toml", '[selfhost]\nmodel = "llama-3.1-8b"\ntp = 65\n' + WORKLOAD)
        c.error(3, "run", tp, contains=("tp.toml:3:", "tp must be a whole number from 1 to 64, got 65"))


@test("hostile_values")
def hours_per_month_below_one_hour_is_refused(c):
    c.error(2, "crossover", "--tokens", "1B", "--hours-per-month", "1e-300",
            contains=("--hours-per-month must be from 1 to 744", "got 1e-300"))
    with tempfile.TemporaryDirectory() as d:
        s = write(d, "h.toml", "[selfhost]\nhours_per_month = 0.5\n" + WORKLOAD)
        c.error(3, "run", s, contains=("h.toml:2:", "hours_per_month must be a number from 1 to 744, got 0.5"))


@test("hostile_values")
def sizes_that_would_exhaust_memory_are_bounded_up_front(c):
    c.error(2, "sweep", "--points", "3000000", contains=("--points", "at most 100000"))
    c.error(2, "sweep", "--util-points", "3000000", contains=("--util-points", "at most 1000000"))
    c.error(2, "sweep", "--points", "1000", "--util-points", "1001", "--util-from", "0.1",
            contains=("points x util-points at most 1000000",))
    c.error(2, "simulate", "--tokens", "1B", "--seeds", "1000001", contains=("--seeds", "at most 100000"))


def saved_report(c, d):
    s = write(d, "s.toml", WORKLOAD)
    return s, json.loads(c.ok("run", s, "--format", "json"))


@test("hostile_values")
def implausible_base_reports_are_refused_before_any_gate_reads_them(c):
    with tempfile.TemporaryDirectory() as d:
        s, report = saved_report(c, d)
        for value, shown in ((-39.1, "-39.1"), (1e308, "1e+308")):
            report["results"]["scenarios"][0]["results"]["selfhost"]["monthly_usd"] = value
            base = write(d, "base.json", json.dumps(report))
            c.error(3, "run", s, "--base-report", base, "--fail-if-cost-increase-above", "10",
                    contains=("base.json", "selfhost.monthly_usd", shown, "outside 0 to"))
            c.error(3, "diff", base, s, contains=("selfhost.monthly_usd",))


@test("hostile_values")
def a_base_report_is_read_even_without_a_gate(c):
    with tempfile.TemporaryDirectory() as d:
        s = write(d, "s.toml", WORKLOAD)
        c.error(3, "run", s, "--base-report", os.path.join(d, "missing.json"), contains=("missing.json", "cannot read"))
        empty = write(d, "empty.json", "[]\n")
        c.error(3, "run", s, "--base-report", empty, contains=("empty.json", "not a nimcost report"))


@test("hostile_values")
def empty_include_names_the_key(c):
    with tempfile.TemporaryDirectory() as d:
        s = write(d, "ie.toml", 'include = ""\n' + WORKLOAD)
        c.error(3, "run", s, contains=("ie.toml:1:11:", "include is an empty file name"))


@test("hostile_values")
def echoed_values_are_cut_and_control_characters_escaped(c):
    line = c.error(2, "crossover", "--tokens", "1B", "--format", "\x1b[31mred")
    assert "\x1b" not in line and "\\x1b[31mred" in line, line
    line = c.error(2, "crossover", "--tokens", "1B", "--provider", "y" * 100000)
    assert len(line) < 400 and "more bytes]" in line, len(line)


def prom(d, name, lines):
    return write(d, name, "".join(lines))


@test("hostile_values")
def timestamps_in_the_wrong_unit_are_refused(c):
    with tempfile.TemporaryDirectory() as d:
        seconds = prom(d, "s.prom", ['DCGM_FI_DEV_GPU_UTIL{gpu="0"} 50 1700000000\n'])
        c.error(3, "attribute", seconds, contains=("s.prom:1:", "Unix seconds", "milliseconds"))
        ms = write(d, "ms.json", json.dumps({"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {"__name__": "DCGM_FI_DEV_GPU_UTIL", "gpu": "0"}, "values": [[1700000000000, "50"]]}]}}))
        c.error(3, "attribute", ms, contains=("ms.json", "values[0]", "Unix milliseconds"))


@test("hostile_values")
def out_of_range_utilization_is_counted_and_reported(c):
    with tempfile.TemporaryDirectory() as d:
        m = prom(d, "r.prom", ['DCGM_FI_DEV_GPU_UTIL{gpu="0"} -50 1700000000000\n',
                               'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 500 1700000030000\n',
                               'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 50 1700000060000\n'])
        report = c.json("attribute", m, "--gpu-hourly-usd", "2")
        assert report["results"]["samples"]["out_of_range"] == 2, report["results"]["samples"]
        assert any("2 samples were outside their metric's range" in w for w in report["warnings"]), report["warnings"]
        # Clamped: 30 s at 0 % then 30 s at 100 %: half the minute busy.
        fleet = report["results"]["fleet"]
        close(fleet["utilization_fraction"], 0.5)


@test("hostile_values")
def what_run_writes_diff_reads_at_both_ends_of_the_volume_range(c):
    # Found by fuzz_scenario: a 27-token month wrote a $/M the report reader first refused, and 400T
    # tokens a day wrote a monthly volume over the 1e15 bound.
    with tempfile.TemporaryDirectory() as d:
        tiny = write(d, "tiny.toml", "[workload]\ntokens_per_day = 0.9\n")
        saved = write(d, "tiny.json", c.ok("run", tiny, "--format", "json"))
        assert "No cost change" in c.ok("diff", saved, saved)
        huge = write(d, "huge.toml", '[workload]\ntokens_per_day = "400T"\n')
        c.error(3, "run", huge, contains=("huge.toml", "add up to", "at most 1000T"))


if __name__ == "__main__":
    sys.exit(harness.main("hostile_values"))
