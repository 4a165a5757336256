#!/usr/bin/env python3
"""Golden outputs: every case in tests/golden/cases.txt, in each of its formats, must print exactly
what tests/golden/NAME.FORMAT holds (the version string replaced by VERSION).

Run: golden_test.py --binary build/default/nimcost --source . [--update] [--only NAME_PREFIX]
"""
import argparse
import collections
import difflib
import json
import os
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor


def read_cases(path):
    cases = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            head, _, args = line.partition(":")
            name, *formats = head.split()
            if not formats or not args.strip():
                raise SystemExit(f"{path}:{number}: expected 'NAME FORMATS: ARGS'")
            cases.append((name, formats, shlex.split(args)))
    return cases


def version_of(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    return out.split()[1]  # "nimcost 0.1.0 (built-in catalog as of ...)"


# simulate's typical week is 168 hours of ten bands: one golden holds it whole, the others a count
# (tests/cli/simulate_test.py and plot_test.py check its values).
WEEK_KEPT_IN = "simulate_2B"


def mask_week(text):
    report = json.loads(text, object_pairs_hook=collections.OrderedDict)
    results = report.get("results", {})
    if isinstance(results.get("week"), list):
        results["week"] = f"{len(results['week'])} hours (whole in {WEEK_KEPT_IN}.json)"
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def produce(binary, source, version, args, fmt, name=""):
    """What the case prints in one format (stdout, or the --plot file for svg), version masked."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env["SOURCE_DATE_EPOCH"] = "1796169600"  # 2026-12-02: prices age from a fixed day (harness.py)
    with tempfile.TemporaryDirectory() as d:
        if fmt == "svg":
            plot = os.path.join(d, "plot.svg")
            command = [binary, *args, "--format", "json", "--plot", plot]
        else:
            command = [binary, *args, "--format", fmt]
        r = subprocess.run(command, capture_output=True, text=True, cwd=source, env=env, timeout=120)
        if r.returncode not in (0, 1):
            return None, f"exit {r.returncode}: {r.stderr.strip()}"
        text = r.stdout
        if fmt == "svg":
            with open(plot) as f:
                text = f.read()
    if fmt == "json" and name != WEEK_KEPT_IN and '"week": [' in text:
        text = mask_week(text)
    return text.replace(version, "VERSION"), None


def check(binary, source, version, update, case, fmt):
    name, _, args = case
    path = os.path.join(source, "tests", "golden", f"{name}.{fmt}")
    actual, error = produce(binary, source, version, args, fmt, name)
    if error:
        return f"{name}.{fmt}: {error}"
    if update:
        with open(path, "w") as f:
            f.write(actual)
        return None
    if not os.path.exists(path):
        return f"{name}.{fmt}: no golden file (run with --update)"
    with open(path) as f:
        expected = f.read()
    if actual == expected:
        return None
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"{name}.{fmt} (golden)",
                                f"{name}.{fmt} (now)", lineterm="", n=1)
    return "\n".join(list(diff)[:20])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--only", default="", help="only the cases whose name starts with this")
    args = parser.parse_args()
    binary, source = os.path.abspath(args.binary), os.path.abspath(args.source)
    version = version_of(binary)
    cases = [c for c in read_cases(os.path.join(source, "tests", "golden", "cases.txt")) if c[0].startswith(args.only)]
    jobs = [(case, fmt) for case in cases for fmt in case[1]]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda job: check(binary, source, version, args.update, *job), jobs))
    failed = [r for r in results if r]
    for (case, fmt), result in zip(jobs, results):
        print(f"FAIL {result}" if result else f"ok   {case[0]}.{fmt}")
    print(f"{len(jobs) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
