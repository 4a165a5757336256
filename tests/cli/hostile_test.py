#!/usr/bin/env python3
"""CLI tests of the hostile suite, inputs: files that are not regular files, too large, nested too
deep, cut off or damaged. Each ends in its documented exit code with one line. Fixtures are made at
test time (hostile_outputs_test.py: outputs; hostile_values_test.py: absurd values)."""
import gzip
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
def deep_toml_header_is_refused_before_the_parser_overflows_the_stack(c):
    with tempfile.TemporaryDirectory() as d:
        deep = write(d, "deep.toml", "[" + ".".join(["a"] * 50000) + "]\nx = 1\n[workload]\ntokens = \"1B\"\n")
        c.error(3, "run", deep, contains=("deep.toml:1:", "nested deeper than 64 levels"))
        c.error(3, "crossover", "--tokens", "1B", "--catalog", deep, contains=("nested deeper",))
        c.error(3, "diff", deep, deep, contains=("nested deeper",))


@test("hostile")
def deep_dotted_key_and_arrays_are_refused(c):
    with tempfile.TemporaryDirectory() as d:
        key = write(d, "key.toml", ".".join(["a"] * 50000) + " = 1\n")
        c.error(3, "simulate", "--tokens", "1B", "--profile", key, contains=("key.toml:1:", "nested deeper"))
        arrays = write(d, "arrays.toml", "x = " + "[" * 50000 + "]" * 50000 + "\n")
        c.error(3, "run", arrays, contains=("arrays.toml:1:", "nested deeper"))
        # 64 levels is the limit, not less: a shallow real file still loads.
        ok = write(d, "ok.toml", "name = \"a.b\"\n[workload]\ntokens = \"1B\"\n")
        c.ok("run", ok)


@test("hostile")
def deep_json_is_refused_in_reports_and_metrics(c):
    with tempfile.TemporaryDirectory() as d:
        deep = write(d, "deep.json", "{\"schema\": " + "[" * 100000 + "]" * 100000 + "}")
        c.error(3, "diff", deep, deep, contains=("deep.json:1:", "nested deeper"))
        metrics = write(d, "m.json", '{"status":"success","data":{"resultType":"matrix","result":[{"metric":'
                        + '{"__name__":"DCGM_FI_DEV_GPU_UTIL","x":' + "[" * 100000 + "]" * 100000 + "}}]}}")
        c.error(3, "attribute", metrics, contains=("m.json:1:", "nested deeper"))


@test("hostile")
def metrics_from_devices_and_fifos_are_refused(c):
    c.error(3, "attribute", "/dev/zero", contains=("/dev/zero", "not a regular file"))
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "m.prom")
        os.mkfifo(fifo)
        c.error(3, "attribute", fifo, contains=("not a regular file",))


SCRAPES = "".join(f'DCGM_FI_DEV_GPU_UTIL{{gpu="0"}} 50 {1700000000000 + 30000 * i}\n' for i in range(200))


@test("hostile")
def truncated_gzip_is_an_error_not_a_shorter_file(c):
    with tempfile.TemporaryDirectory() as d:
        whole = gzip.compress(SCRAPES.encode())
        cut = os.path.join(d, "cut.prom.gz")
        with open(cut, "wb") as f:
            f.write(whole[: len(whole) - 12])
        c.error(3, "attribute", cut, "--gpu-hourly-usd", "2", contains=("cut.prom.gz", "cut off"))


@test("hostile")
def trailing_garbage_after_gzip_is_an_error_but_concatenated_members_read(c):
    with tempfile.TemporaryDirectory() as d:
        whole = gzip.compress(SCRAPES.encode())
        trail = os.path.join(d, "trail.prom.gz")
        with open(trail, "wb") as f:
            f.write(whole + b"garbage\n")
        c.error(3, "attribute", trail, "--gpu-hourly-usd", "2", contains=("after the end of the gzip stream",))
        half = len(SCRAPES) // 2
        cut = SCRAPES.rindex("\n", 0, half) + 1
        two = os.path.join(d, "two.prom.gz")
        with open(two, "wb") as f:
            f.write(gzip.compress(SCRAPES[:cut].encode()) + gzip.compress(SCRAPES[cut:].encode()))
        report = c.json("attribute", two, "--gpu-hourly-usd", "2")
        assert report["results"]["samples"]["used"] == 200, report["results"]["samples"]


@test("hostile")
def oversized_metrics_json_is_refused_with_the_limit(c):
    with tempfile.TemporaryDirectory() as d:
        big = write(d, "big.json", '{"pad": "' + "x" * (2 << 20) + '"}')
        r = c.run("attribute", big, env={"NIMCOST_MAX_INPUT_MB": "1"})
        assert r.returncode == 3 and "larger than 1 MiB" in r.stderr, r.stderr


@test("hostile")
def too_many_label_sets_are_refused_up_front(c):
    with tempfile.TemporaryDirectory() as d:
        lines = "".join(f'DCGM_FI_DEV_GPU_UTIL{{gpu="0",pod="p{i}"}} 50 1700000000000\n' for i in range(200001))
        many = write(d, "many.prom", lines)
        c.error(3, "attribute", many, contains=("many.prom:200001:", "more than 200000 distinct label sets"))


@test("hostile")
def json_on_a_slow_pipe_is_still_json(c):
    # A pipe may deliver a lone newline first; the format is decided by the first non-blank byte.
    import json as js
    import subprocess
    import time
    doc = js.dumps({"status": "success", "data": {"resultType": "matrix", "result": [
        {"metric": {"__name__": "DCGM_FI_DEV_GPU_UTIL", "gpu": "0"},
         "values": [[1700000000, "50"], [1700000030, "50"]]}]}})
    p = subprocess.Popen([c.binary, "attribute", "-", "--gpu-hourly-usd", "2", "--format", "json"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p.stdin.write("\n")
    p.stdin.flush()
    time.sleep(0.3)
    out, err = p.communicate(doc, timeout=60)
    assert p.returncode == 0, err
    assert js.loads(out)["results"]["samples"]["used"] == 2


if __name__ == "__main__":
    sys.exit(harness.main("hostile"))
