#!/usr/bin/env python3
"""CLI tests of the hostile suite: inputs that are not files, outputs that are not plain files, a full
stdout. Each ends in its documented exit code with one line, and nothing but the output is written.
Fixtures are made at test time."""
import os
import subprocess
import sys
import tempfile

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test


@test("hostile")
def device_as_scenario_is_refused(c):
    c.error(3, "run", "/dev/zero", contains=("/dev/zero", "not a regular file"))


@test("hostile")
def fifo_as_scenario_is_refused_without_waiting(c):
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "in.toml")
        os.mkfifo(fifo)
        c.error(3, "run", fifo, contains=("not a regular file",))  # the harness times out at 60 s


@test("hostile")
def device_as_include_is_refused(c):
    with tempfile.TemporaryDirectory() as d:
        s = write(d, "s.toml", 'include = "/dev/zero"\n[workload]\ntokens = "1B"\n')
        c.error(3, "run", s, contains=("/dev/zero", "not a regular file"))
        c.error(3, "crossover", "--tokens", "1B", "--catalog", "/dev/urandom", contains=("not a regular file",))


@test("hostile")
def oversized_input_is_refused_with_the_limit(c):
    with tempfile.TemporaryDirectory() as d:
        big = write(d, "big.toml", "# " + "x" * (2 << 20) + "\n")
        r = c.run("run", big, env={"NIMCOST_MAX_INPUT_MB": "1"})
        assert r.returncode == 3 and "larger than 1 MiB" in r.stderr and "NIMCOST_MAX_INPUT_MB" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


@test("hostile")
def full_stdout_is_an_error_not_a_lost_report(c):
    with open("/dev/full", "w") as full:
        r = subprocess.run([c.binary, "crossover", "--tokens", "1B"], stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=60)
    assert r.returncode == 74, r.returncode
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nimcost: error: cannot write the report to stdout"), lines


@test("hostile")
def special_files_and_symlinks_are_never_replaced_by_output(c):
    c.error(2, "crossover", "--tokens", "1B", "-o", "/dev/full", contains=("not a regular file",))
    assert not os.path.isfile("/dev/full")
    with tempfile.TemporaryDirectory() as d:
        target = write(d, "target.txt", "keep me\n")
        link = os.path.join(d, "link.txt")
        os.symlink(target, link)
        c.error(2, "crossover", "--tokens", "1B", "-o", link, contains=("symbolic link",))
        c.error(2, "sweep", "--points", "3", "--plot", link, contains=("symbolic link",))
        assert os.path.islink(link) and open(target).read() == "keep me\n"


@test("hostile")
def zero_bandwidth_gpu_is_refused_where_it_is_written(c):
    with tempfile.TemporaryDirectory() as d:
        cat = write(d, "zero.toml", '[[gpu]]\nid = "h100-sxm"\nbandwidth_tb_per_s = 0\nsource = "test"\nas_of = 2026-01-01\n')
        c.error(3, "crossover", "--tokens", "1B", "--model", "llama-3.1-8b", "--catalog", cat,
                contains=("zero.toml:3:", "bandwidth_tb_per_s must be a number above 0"))


if __name__ == "__main__":
    sys.exit(harness.main("hostile"))
