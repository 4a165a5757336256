#!/usr/bin/env python3
"""A month of DCGM exporter metrics for the attribute --prometheus tests, and a real Prometheus to
serve it: Debian's prometheus (2.42) and promtool, started on 127.0.0.1 on a free port with a
throw-away data directory, loaded through `promtool tsdb create-blocks-from openmetrics`, and
stopped whatever happens (a context manager).

The fixture: 5-minute samples over 30 days ending at `end` (a multiple of 300 s): team-a on two
H100s (busy on weekdays), team-b on one (with a 6-hour gap mid-month), and team-c on two MIG
3g.40gb slices of a fourth GPU. Values are deterministic functions of time.
"""
import contextlib
import math
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

STEP = 300
DAYS = 30
H100 = "NVIDIA H100 80GB HBM3"
# Token counters: (family, sample name, labels, tokens per 5-minute step, the step index it restarts at).
# team-a's NIM serves Llama 3.1 8B; team-b's vLLM serves Llama 3.3 70B and restarts on day 10, so its
# counters drop to 0 there (the interval of the restart counts nothing, as in Prometheus' increase()).
RESET_STEP = 10 * 288
COUNTERS = [
    ("prompt_tokens", "prompt_tokens_total", {"model_name": "meta/llama-3.1-8b-instruct", "namespace": "team-a", "pod": "chat-0"}, 1000, None),
    ("generation_tokens", "generation_tokens_total", {"model_name": "meta/llama-3.1-8b-instruct", "namespace": "team-a", "pod": "chat-0"}, 2000, None),
    ("vllm:prompt_tokens", "vllm:prompt_tokens_total", {"model_name": "meta-llama/llama-3.3-70b-instruct", "namespace": "team-b", "pod": "embed-0"}, 500, RESET_STEP),
    ("vllm:generation_tokens", "vllm:generation_tokens_total", {"model_name": "meta-llama/llama-3.3-70b-instruct", "namespace": "team-b", "pod": "embed-0"}, 250, RESET_STEP),
]


def expected_tokens(per_step, reset):
    """What the counter's increase over the month is: every step's tokens, less the restart's."""
    steps = DAYS * 288
    return per_step * (steps - (1 if reset is not None else 0))


def series():
    """(labels, util(t) or None for a gap) for every GPU or slice."""
    def gpu(node, index, uuid, ns, pod, extra=None):
        labels = {"Hostname": node, "UUID": uuid, "gpu": str(index), "modelName": H100, "namespace": ns,
                  "pod": pod, "container": "nim"}
        labels.update(extra or {})
        return labels

    def weekday_busy(t):
        hour = (t // 3600) % 24
        return 80.0 if 8 <= hour < 20 else 20.0

    def steady(t):
        return 50.0 + 30.0 * math.sin(t / 7200.0)

    gap_start = None  # set by generate(): 6 hours in the middle of the range

    out = [
        (gpu("node-1", 0, "GPU-a0", "team-a", "chat-0"), weekday_busy),
        (gpu("node-1", 1, "GPU-a1", "team-a", "chat-1"), weekday_busy),
        (gpu("node-2", 0, "GPU-b0", "team-b", "embed-0"), steady),
    ]
    for slice_id in ("1", "2"):
        out.append((gpu("node-2", 1, "GPU-c1", "team-c", f"mig-{slice_id}",
                        {"GPU_I_PROFILE": "3g.40gb", "GPU_I_ID": slice_id}), lambda t: 40.0))
    return out


def label_text(labels):
    return ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))


def generate(path, end):
    """Writes the OpenMetrics fixture for the 30 days up to `end`; returns (start, end)."""
    assert end % STEP == 0
    start = end - DAYS * 86400
    gap = (start + 15 * 86400, start + 15 * 86400 + 6 * 3600)
    with open(path, "w") as f:
        for metric, value_of in (("DCGM_FI_DEV_GPU_UTIL", lambda u: u), ("DCGM_FI_DEV_FB_USED", lambda u: 1000.0 + u * 100)):
            f.write(f"# TYPE {metric} gauge\n")
            for labels, util in series():
                text = label_text(labels)
                for t in range(start, end + 1, STEP):
                    if labels["namespace"] == "team-b" and gap[0] <= t < gap[1]:
                        continue
                    f.write(f"{metric}{{{text}}} {value_of(util(t)):g} {t}\n")
        for family, name, labels, per_step, reset in COUNTERS:
            f.write(f"# TYPE {family} counter\n")
            text = label_text(labels)
            for k, t in enumerate(range(start, end + 1, STEP)):
                value = per_step * (k if reset is None or k < reset else k - reset)
                f.write(f"{name}{{{text}}} {value} {t}\n")
        f.write("# EOF\n")
    return start, end


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def prometheus(openmetrics_path):
    """A Prometheus serving the fixture; yields its base URL."""
    if shutil.which("prometheus") is None or shutil.which("promtool") is None:
        raise RuntimeError("prometheus and promtool are not installed (scripts/install-deps.sh installs them)")
    with tempfile.TemporaryDirectory(prefix="nimcost-prom-") as work:
        data = os.path.join(work, "data")
        os.makedirs(data)
        subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", openmetrics_path, data],
                       check=True, capture_output=True, timeout=300)
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1h\nscrape_configs: []\n")
        port = free_port()
        log = open(os.path.join(work, "prometheus.log"), "w")
        proc = subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={data}",
             "--storage.tsdb.retention.time=3650d", f"--web.listen-address=127.0.0.1:{port}",
             "--query.lookback-delta=5m"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/-/ready", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.time() > deadline:
                    log.flush()
                    with open(os.path.join(work, "prometheus.log")) as l:
                        raise RuntimeError("prometheus did not start: " + l.read()[-2000:])
                time.sleep(0.2)
            yield url
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
