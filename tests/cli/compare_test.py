#!/usr/bin/env python3
"""CLI tests of the compare suite: the real binary, its exit codes, stderr and JSON (schema-checked)."""
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


if __name__ == "__main__":
    sys.exit(harness.main("compare"))
