#!/usr/bin/env python3
"""CLI tests of attribute --prometheus: a real Prometheus (Debian's 2.42, started for the suite on
127.0.0.1 with a throw-away data directory and stopped whatever happens) serving a month of DCGM
fixtures, compared with the same query read from a file; and a fake server for each failure mode
(a 500, a 503 that recovers, a 401, a slow answer, warnings, a resolution limit, bad bodies)."""
import contextlib
import http.server
import json
import os
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness
import prometheus_fixture

test = harness.test
SERVER = {}  # the suite's Prometheus: url, start, end, dir


def attribute(c, *args):
    return c.json("attribute", "--rental", "runpod-h100-sxm", *args)


@test("prometheus")
def paged_read_equals_the_same_query_from_a_file(c):
    url, start, end = SERVER["url"], SERVER["start"], SERVER["end"]
    query = urllib.parse.urlencode({"query": '{__name__=~"DCGM_FI_DEV_GPU_UTIL|DCGM_FI_DEV_FB_USED"}',
                                    "start": start, "end": end, "step": 300})
    path = os.path.join(SERVER["dir"], "month.json")
    with urllib.request.urlopen(f"{url}/api/v1/query_range?{query}", timeout=30) as r, open(path, "wb") as f:
        f.write(r.read())
    from_file = attribute(c, path)
    # 8,641 points per series in pages of 1,000: nine pages per metric, three metrics.
    served = attribute(c, "--prometheus", url, "--start", str(start), "--end", str(end), "--step", "5m",
                       "--max-points", "1000")
    assert served["results"]["groups"] == from_file["results"]["groups"]
    assert served["results"]["fleet"] == from_file["results"]["fleet"]
    samples = served["results"]["samples"]
    assert samples["requests"] == 27, samples
    assert samples["used"] == from_file["results"]["samples"]["used"], (samples, from_file["results"]["samples"])
    assert served["assumptions"]["input"].startswith(url + " from ")
    by_team = {g["key"]: g for g in served["results"]["groups"]}
    close(by_team["team-a"]["gpu_hours"], 2 * 720.0)
    close(by_team["team-b"]["gpu_hours"], 720.0 - 6.0)  # the 6-hour gap is not charged
    close(by_team["team-c"]["gpu_hours"], 2 * 720.0 * 3 / 7)  # two 3g.40gb slices
    close(by_team["team-c"]["utilization_fraction"], 0.40)


@test("prometheus")
def tokens_from_metrics_realized_per_mtok(c):
    url, start, end = SERVER["url"], SERVER["start"], SERVER["end"]
    names = "DCGM_FI_DEV_GPU_UTIL|DCGM_FI_DEV_FB_USED|prompt_tokens_total|generation_tokens_total|" \
            "vllm:prompt_tokens_total|vllm:generation_tokens_total"
    query = urllib.parse.urlencode({"query": '{__name__=~"%s"}' % names, "start": start, "end": end, "step": 300})
    path = os.path.join(SERVER["dir"], "month-tokens.json")
    with urllib.request.urlopen(f"{url}/api/v1/query_range?{query}", timeout=30) as r, open(path, "wb") as f:
        f.write(r.read())
    args = ("--tokens-from-metrics", "--provider", "gpt-4.1", "--provider", "together", "--provider", "mistral")
    from_file = attribute(c, path, *args)
    served = attribute(c, "--prometheus", url, "--start", str(start), "--end", str(end), "--step", "5m", *args)
    for key in ("groups", "fleet", "models", "token_counters", "apis"):
        assert served["results"][key] == from_file["results"][key], key
    res = served["results"]
    groups = {g["key"]: g for g in res["groups"]}
    a_in, a_out = (prometheus_fixture.expected_tokens(x[3], x[4]) for x in prometheus_fixture.COUNTERS[:2])
    b_in, b_out = (prometheus_fixture.expected_tokens(x[3], x[4]) for x in prometheus_fixture.COUNTERS[2:])
    assert groups["team-a"]["input_tokens"] == a_in and groups["team-a"]["output_tokens"] == a_out
    assert groups["team-b"]["input_tokens"] == b_in and groups["team-b"]["output_tokens"] == b_out
    assert res["token_counters"]["resets"] == 2 and res["token_counters"]["series"] == 4
    close(groups["team-a"]["effective_per_mtok_usd"], groups["team-a"]["cost_usd"] / (a_in + a_out) * 1e6, 1e-5)
    assert groups["team-c"]["input_tokens"] == 0 and groups["team-c"]["effective_per_mtok_usd"] is None
    assert any("served no counted tokens" in w and "team-c" in w for w in served["warnings"])
    models = {m["model"]: m for m in res["models"]}
    small = models["meta/llama-3.1-8b-instruct"]
    assert small["served_model"] == "llama-3.1-8b" and small["input_tokens"] == a_in
    close(small["cost_usd"], groups["team-a"]["cost_usd"], 1e-6)  # team-a served only this model
    close(small["gpu_hours"], groups["team-a"]["gpu_hours"], 1e-6)
    close(groups["team-a"]["api_cost_usd"], small["apis"][0]["cost_usd"], 1e-6)  # its cheapest like-for-like API
    assert groups["team-c"]["api_cost_usd"] is None
    large = models["meta-llama/llama-3.3-70b-instruct"]
    assert large["served_model"] == "llama-3.3-70b"
    # Each API prices the model's own input and output tokens.
    for api in small["apis"]:
        price = next(p for p in c.json("prices", "--kind", "api")["results"]["api_models"] if p["id"] == api["id"])
        close(api["cost_usd"], (a_in * price["input_per_mtok_usd"] + a_out * price["output_per_mtok_usd"]) / 1e6, 1e-5)
    assert small["verdict"]["cheapest"] in ["selfhost"] + [x["id"] for x in small["apis"]]
    # The fleet's measured volume and mix against the APIs, as --tokens would be.
    total = a_in + a_out + b_in + b_out
    assert res["token_counters"]["input_tokens"] + res["token_counters"]["output_tokens"] == total
    close(res["effective_per_mtok_usd"], res["fleet"]["cost_usd"] / total * 1e6, 1e-5)
    table = c.ok("attribute", "--prometheus", url, "--start", str(start), "--end", str(end), "--step", "5m",
                 "--rental", "runpod-h100-sxm", *args)
    assert "Tokens served by model" in table and "meta/llama-3.1-8b-instruct" in table
    # The measured fleet feeds the plan: crossover --from-report.
    report = os.path.join(SERVER["dir"], "attribute.json")
    with open(report, "w") as f:
        json.dump(served, f)
    plan = c.json("crossover", "--from-report", report, "--provider", "gpt-4.1")
    m = plan["assumptions"]["measured"]
    hours = res["period"]["hours"]
    close(m["monthly_tokens"], total * 730.0 / hours, 1e-6)
    close(plan["assumptions"]["workload"]["monthly_tokens"], total * 730.0 / hours, 1e-6)
    close(plan["assumptions"]["workload"]["input_share_fraction"], (a_in + b_in) / total, 1e-6)
    gpus = -(-res["fleet"]["gpu_hours"] // hours)
    assert m["gpus"] == gpus and plan["results"]["selfhost"]["gpus"] == gpus and m["tokens_from"] == "token counters"
    assert plan["assumptions"]["selfhost"]["rental"]["id"] == "runpod-h100-sxm"
    assert "Measured:" in c.ok("crossover", "--from-report", report)
    c.error(2, "crossover", "--from-report", report, "--tokens", "1B", contains=("drop --tokens",))
    c.error(2, "crossover", contains=("--tokens or --from-report",))
    no_tokens = attribute(c, path)
    with open(report, "w") as f:
        json.dump(no_tokens, f)
    c.error(3, "crossover", "--from-report", report, contains=("--tokens-from-metrics",))
    c.error(3, "crossover", "--from-report", os.path.join(c.source, "schemas", "report.schema.json"),
            contains=("not an `nimcost attribute` JSON report",))


@test("prometheus")
def the_last_thirty_days_from_now(c):
    out = c.ok("attribute", "--prometheus", SERVER["url"], "--start", "30d", "--end", "now", "--rental", "runpod-h100-sxm",
               "--tokens-from-metrics", "--provider", "gpt-4.1")
    for team in ("team-a", "team-b", "team-c"):
        assert team in out
    assert "$/M" in out and "Tokens served by model" in out
    assert "requests" in out and "every 30s" in out
    r = c.json("attribute", "--prometheus", SERVER["url"] + "/", "--start", "30d", "--rental", "runpod-h100-sxm",
               "--selector", 'namespace="team-a"')
    assert [g["key"] for g in r["results"]["groups"]] == ["team-a"]


class Fake(http.server.BaseHTTPRequestHandler):
    """Answers by the first path segment: the mode of failure to play."""
    seen = []  # (method, path, headers)
    tries = {}

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def matrix(self, query, extra=None):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        start, end, step = float(q["start"][0]), float(q["end"][0]), float(q["step"][0])
        result = []
        if q["query"][0].startswith("DCGM_FI_DEV_GPU_UTIL"):
            values, t = [], start
            while t <= end + 1e-9:
                values.append([t, "50"])
                t += step
            result.append({"metric": {"__name__": "DCGM_FI_DEV_GPU_UTIL", "Hostname": "n", "UUID": "GPU-1", "gpu": "0",
                                      "modelName": prometheus_fixture.H100, "namespace": "ns"}, "values": values})
        body = {"status": "success", "data": {"resultType": "matrix", "result": result}}
        body.update(extra or {})
        return body

    def do_GET(self):
        Fake.seen.append(("GET", self.path, dict(self.headers)))
        mode = self.path.split("/")[1]
        if mode == "e500":
            return self.reply(500, {"status": "error", "errorType": "internal", "error": "storage on fire"})
        if mode == "flaky":
            key = self.path
            Fake.tries[key] = Fake.tries.get(key, 0) + 1
            if Fake.tries[key] == 1:
                return self.reply(503, "busy")
        if mode == "auth":
            if self.headers.get("Authorization") != "Bearer s3cret" or self.headers.get("X-Scope-OrgID") != "team-a":
                return self.reply(401, {"status": "error", "error": "authentication required"})
        if mode == "slow":
            time.sleep(3)
        if mode == "warn":
            return self.reply(200, self.matrix(None, {"warnings": ["store eu-1 unreachable: partial data"]}))
        if mode == "limit":
            return self.reply(400, {"status": "error", "errorType": "bad_data",
                                    "error": "exceeded maximum resolution of 11,000 points per timeseries"})
        if mode == "badjson":
            return self.reply(200, "<html>proxy login</html>")
        if mode == "error200":
            return self.reply(200, {"status": "error", "error": "query timed out in expression evaluation"})
        return self.reply(200, self.matrix(None))

    def do_POST(self):
        Fake.seen.append(("POST", self.path, dict(self.headers)))
        self.reply(405, "read-only")


@contextlib.contextmanager
def fake_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@test("prometheus")
def every_failure_is_one_clear_line_never_a_smaller_bill(c):
    day = ("--start", "2026-11-01T00:00:00Z", "--end", "2026-11-02T00:00:00Z", "--rental", "runpod-h100-sxm")
    with fake_server() as url:
        r = c.json("attribute", "--prometheus", url + "/ok", *day)
        close(r["results"]["fleet"]["gpu_hours"], 24.0, 1e-3)
        c.error(3, "attribute", "--prometheus", url + "/e500", *day, "--retries", "1",
                contains=("HTTP 500: storage on fire", "(after 2 tries)", "DCGM_FI_PROF_GR_ENGINE_ACTIVE"))
        flaky = c.json("attribute", "--prometheus", url + "/flaky", *day)  # each first try is a 503
        assert flaky["results"]["fleet"] == r["results"]["fleet"]
        c.error(3, "attribute", "--prometheus", url + "/auth", *day,
                contains=("HTTP 401: authentication required", "--bearer-token-file"))
        with tempfile.TemporaryDirectory() as d:
            token = write(d, "token", "s3cret\n")
            ok = c.json("attribute", "--prometheus", url + "/auth", *day, "--bearer-token-file", token,
                        "--header", "X-Scope-OrgID: team-a")
            assert ok["results"]["fleet"] == r["results"]["fleet"]
            env_run = c.run("attribute", "--prometheus", url + "/auth", *day, "--header", "X-Scope-OrgID: team-a",
                            "--format", "json", env={"NIMCOST_PROMETHEUS_TOKEN": "s3cret"})
            assert env_run.returncode == 0 and "s3cret" not in env_run.stdout + env_run.stderr
        c.error(3, "attribute", "--prometheus", url + "/slow", *day, "--timeout", "1s", "--retries", "0",
                contains=("no complete answer within --timeout 1s",))
        # An answer over the input limit is split into smaller pages, not refused or cut.
        small = c.run("attribute", "--prometheus", url + "/ok", *day, "--format", "json",
                      env={"NIMCOST_MAX_INPUT_MB": "0.05"})
        assert small.returncode == 0, small.stderr
        split = json.loads(small.stdout)
        assert split["results"]["fleet"] == r["results"]["fleet"] and split["results"]["samples"]["requests"] > 3
        warned = c.json("attribute", "--prometheus", url + "/warn", *day)
        assert any("the server warns: store eu-1 unreachable: partial data" in w for w in warned["warnings"])
        c.error(3, "attribute", "--prometheus", url + "/limit", *day,
                contains=("HTTP 400: exceeded maximum resolution of 11,000 points per timeseries",))
        c.error(3, "attribute", "--prometheus", url + "/badjson", *day, contains=("not valid JSON",))
        c.error(3, "attribute", "--prometheus", url + "/error200", *day, contains=("status is \"error\"",))
        # Credentials in the URL are never printed.
        r = c.run("attribute", "--prometheus", url.replace("http://", "http://me:pw@") + "/e500", *day, "--retries", "0")
        assert r.returncode == 3 and "pw" not in r.stderr and "me:" not in r.stderr
        assert all(method == "GET" for method, _, _ in Fake.seen)  # nimcost never writes to the server
    # Nobody listening.
    with fake_server() as url:
        pass
    c.error(3, "attribute", "--prometheus", url, *day, "--retries", "0", contains=(url,))


@test("prometheus")
def prometheus_flag_refusals(c):
    c.error(2, "attribute", contains=("--prometheus",))
    c.error(2, "attribute", "x.prom", "--prometheus", "http://127.0.0.1:1", contains=("one of them",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", contains=("--start",))
    c.error(2, "attribute", "--prometheus", "ftp://x", "--start", "1d", contains=("http:// or https://",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "yesterday", contains=("--start must be",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "1d", "--end", "2d",
            contains=("--end must be after --start",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "1d", "--header", "Authorization: Bearer x",
            contains=("--bearer-token-file",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "1d", "--selector", "{a=\"b\"}",
            contains=("without braces",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "1d", "--step", "0.5s",
            contains=("--step",))
    c.error(2, "attribute", "m.prom", "--start", "1d", contains=("--start and --end",))
    c.error(2, "attribute", "--prometheus", "http://127.0.0.1:1", "--start", "99999999999999999999",
            contains=("--start must fall between 2000 and 2100",))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="nimcost-prom-test-") as work:
        end = int(time.time()) // 300 * 300 - 300
        fixture = os.path.join(work, "month.om")
        start, end = prometheus_fixture.generate(fixture, end)
        with prometheus_fixture.prometheus(fixture) as url:
            SERVER.update(url=url, start=start, end=end, dir=work)
            code = harness.main("prometheus")
    sys.exit(code)
