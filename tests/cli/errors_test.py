#!/usr/bin/env python3
"""CLI tests of the errors suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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
    version = c.ok("--version")
    assert version.startswith("nimcost ") and "(built-in catalog as of 2026-" in version, version
    # `nimcost` alone and `nimcost help [COMMAND]` print help on stdout, as gh and cargo do.
    alone = c.ok()
    assert alone.startswith("nimcost: is a per-token LLM API") and "simulate" in alone, alone[:200]
    assert "--tokens" in c.ok("help", "crossover")
    c.error(2, "help", "crossovr", contains=("unknown command 'crossovr'", "did you mean crossover"))


@test("errors")
def unknown_flags_get_the_closest_ones(c):
    c.error(2, "crossover", "--tokens", "1B", "--provder", "gpt-4.1", contains=("did you mean --provider",))
    c.error(2, "sweep", "--pionts", "3", contains=("did you mean --points",))


if __name__ == "__main__":
    sys.exit(harness.main("errors"))
