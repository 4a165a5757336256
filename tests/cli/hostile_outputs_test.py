#!/usr/bin/env python3
"""CLI tests of the hostile suite, outputs: an output is never an input (includes and stdin too),
never another output of the same run, never a device or a symlink replaced; a full or closed stdout
is an error; SIGINT leaves no temporary file. Fixtures are made at test time."""
import os
import signal
import subprocess
import sys
import tempfile
import time

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

SCENARIO = 'include = "base.toml"\n[workload]\ntokens = "1B"\n'
BASE = 'description = "the included file"\n'


@test("hostile_outputs")
def output_onto_an_included_file_is_refused(c):
    with tempfile.TemporaryDirectory() as d:
        s = write(d, "s.toml", SCENARIO)
        base = write(d, "base.toml", BASE)
        c.error(2, "run", s, "-o", base, contains=("is an input file",))
        c.error(2, "sweep", "--scenario", s, "--points", "3", "--plot", base, contains=("is an input file",))
        c.error(2, "simulate", s, "--seeds", "2", "-o", base, contains=("is an input file",))
        c.error(2, "diff", s, s, "-o", base, contains=("is an input file",))
        assert open(base).read() == BASE


@test("hostile_outputs")
def output_onto_the_file_stdin_reads_is_refused(c):
    with tempfile.TemporaryDirectory() as d:
        metrics = write(d, "x.prom", 'DCGM_FI_DEV_GPU_UTIL{gpu="0"} 50 1700000000000\n')
        with open(metrics) as stdin:
            r = subprocess.run([c.binary, "attribute", "-", "-o", metrics, "--period", "1h"], stdin=stdin,
                               capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and "is an input file" in r.stderr, (r.returncode, r.stderr)
        assert open(metrics).read().startswith("DCGM_FI_DEV_GPU_UTIL")


@test("hostile_outputs")
def two_outputs_of_one_run_may_not_be_the_same_file(c):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "same.out")
        c.error(2, "sweep", "--points", "3", "-o", out, "--plot", os.path.join(d, ".", "same.out"),
                contains=("--output and --plot name the same file",))
        table = write(d, "rows.csv", "gpu,model\n")
        c.error(2, "calibrate", table, "-o", out, "--write-factors", out,
                contains=("--output and --write-factors name the same file",))
        assert not os.path.exists(out)


@test("hostile_outputs")
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


@test("hostile_outputs")
def full_stdout_is_an_error_not_a_lost_report(c):
    with open("/dev/full", "w") as full:
        r = subprocess.run([c.binary, "crossover", "--tokens", "1B"], stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=60)
    assert r.returncode == 74, r.returncode
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nimcost: error: cannot write the report to stdout"), lines


@test("hostile_outputs")
def closed_stdout_is_an_error_not_a_lost_report(c):
    r = subprocess.run([c.binary, "crossover", "--tokens", "1B"], stderr=subprocess.PIPE, text=True, timeout=60,
                       preexec_fn=lambda: os.close(1))
    assert r.returncode == 74, (r.returncode, r.stderr)
    assert r.stderr.count("\n") == 1 and "cannot write the report to stdout" in r.stderr, r.stderr


@test("hostile_outputs")
def sigint_while_writing_removes_the_temporary_file(c):
    # A 75 MB report: its temporary file lives for the write and fsync, long enough to catch.
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "big.json")
        for _ in range(20):
            p = subprocess.Popen([c.binary, "sweep", "--points", "100000", "--format", "json", "-o", out],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seen = False
            while p.poll() is None and not seen:
                seen = any(".nimcost-" in n for n in os.listdir(d))
                if not seen:
                    time.sleep(0.0005)
            if seen:
                p.send_signal(signal.SIGINT)
            code = p.wait(timeout=60)
            if seen and code == -signal.SIGINT:
                break
        assert seen and code == -signal.SIGINT, "never caught the report being written"
        left = [n for n in os.listdir(d) if ".nimcost-" in n]
        assert left == [], left
        assert not os.path.exists(out)


@test("hostile_outputs")
def out_of_memory_is_exit_70_with_one_line(c):
    if os.environ.get("NIMCOST_ASAN") == "1":
        return  # AddressSanitizer reserves terabytes of address space; a limit on it stops ASan, not nimcost
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (200 << 20, 200 << 20))

    r = subprocess.run([c.binary, "sweep", "--points", "100000", "--format", "json"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=limit)
    assert r.returncode == 70, (r.returncode, r.stderr)
    assert r.stderr == "nimcost: error: out of memory (a smaller --points, --seeds or input helps)\n", r.stderr


if __name__ == "__main__":
    sys.exit(harness.main("hostile_outputs"))
