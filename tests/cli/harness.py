#!/usr/bin/env python3
"""CLI tests: run the real nimcost binary and check what it prints, its exit codes and its files.

Each test is a command line and the figures its output must contain. JSON output is validated
against schemas/report.schema.json with python3-jsonschema (Debian's package), not a key check.
The shared harness of the CLI suites (tests/cli/<suite>_test.py): a Context that runs the binary
and validates JSON against the schema, the @test registry, helpers, and main().

Run a suite: tests/cli/crossover_test.py --binary build/default/nimcost --source . [--update-golden]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import jsonschema

SUITES = {}


def test(suite):
    def register(fn):
        SUITES.setdefault(suite, []).append(fn)
        return fn
    return register


# 2026-12-02 00:00 UTC: the day prices are aged from in every test (reports use SOURCE_DATE_EPOCH as
# --today), so that outputs stay the same from day to day.
SOURCE_DATE_EPOCH = "1796169600"

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
        full_env.pop("COLUMNS", None)  # tables in a pipe are never cut; prose wraps at 100
        full_env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH  # prices age from a fixed day
        if env:
            full_env.update(env)
        # A hung command fails its test, not the suite; the sanitizers run the binary several times slower
        # (calibrate's fit of a whole table took 35-60 s under ASan on two busy cores).
        limit = 300 if os.environ.get("NIMCOST_ASAN") == "1" else 60
        return subprocess.run([self.binary, *args], capture_output=True, text=True, env=full_env, cwd=cwd,
                              input=stdin, timeout=limit)

    def ok(self, *args, **kw):
        r = self.run(*args, **kw)
        assert r.returncode == 0, f"exit {r.returncode} for {args}: {r.stderr}"
        return r.stdout

    def json(self, *args):
        report = json.loads(self.ok(*args, "--format", "json"))
        self.validator.validate(report)
        return report

    def error(self, code, *args, contains=(), **kw):
        r = self.run(*args, **kw)
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


def main(suite):
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--update-golden", action="store_true")
    args = parser.parse_args()
    context = Context(os.path.abspath(args.binary), os.path.abspath(args.source), args.update_golden)
    passed = failed = skipped = 0
    for fn in SUITES[suite]:
        try:
            fn(context)
            passed += 1
            print(f"ok   {fn.__name__}")
        except unittest.SkipTest as e:  # a tool the test needs is missing (said why)
            skipped += 1
            print(f"skip {fn.__name__}: {e}")
        except Exception as e:  # a failed assertion or an unexpected crash both count as failures
            failed += 1
            print(f"FAIL {fn.__name__}: {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    # 77: ctest's SKIP_RETURN_CODE for the CLI suites, so a skip shows as one and not as a pass.
    return 1 if failed else 77 if skipped else 0
