#!/usr/bin/env python3
"""CLI tests of the CI recipe (README, "In a pull request"): scripts/ci-diff.sh run as the workflow runs
it, in a temporary git repository with a git worktree of the base branch, through a first pull request
(no base), a price change, a verdict flip and a removed scenario. The Markdown comment is checked."""
import os
import subprocess
import sys
import tempfile

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test

MARKER = "<!-- nimcost-diff -->"
GATES = ["--fail-if-cost-increase-above", "10", "--fail-if-verdict-changes"]


def chat(tokens, price=None):
    text = f'name = "chat"\n[workload]\ntokens = "{tokens}"\n[api]\nproviders = ["gpt-4.1"]\ncompare_to = "all"\n'
    if price is not None:
        text += (f'[[api_model]]\nid = "gpt-4.1"\ninput_per_mtok_usd = {price}\noutput_per_mtok_usd = {price * 4}\n'
                 'source = "test"\nas_of = 2026-12-01\n')
    return text


BATCH = 'name = "batch"\n[workload]\ntokens = "50M"\n'


class Repo:
    def __init__(self, c, d):
        self.c, self.dir = c, os.path.join(d, "repo")
        self.base = os.path.join(d, "base")
        os.makedirs(self.dir)
        self.git("init", "-q", "-b", "main")
        self.write("README", "costs\n")
        self.commit("start")

    def git(self, *args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=self.dir, check=True,
                       capture_output=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def pull_request(self, branch, change):
        """Applies `change` on a branch off main, runs the recipe against a worktree of main, merges."""
        self.git("checkout", "-q", "-b", branch, "main")
        change(self)
        self.commit(branch)
        self.git("worktree", "add", "-q", self.base, "main")
        comment = os.path.join(self.dir, "..", branch + ".md")
        script = os.path.join(self.c.source, "scripts", "ci-diff.sh")
        r = subprocess.run([script, self.base, ".", comment, *GATES], cwd=self.dir, capture_output=True, text=True,
                           env={**os.environ, "NIMCOST": self.c.binary}, timeout=120)
        self.git("worktree", "remove", "--force", self.base)
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--ff-only", branch)
        with open(comment) as f:
            return r.returncode, f.read(), r.stderr


@test("ci_recipe")
def a_pull_request_series_through_the_recipe(c):
    with tempfile.TemporaryDirectory() as d:
        repo = Repo(c, d)

        # 1. The first pull request adds costs/: no base, both scenarios new, no gate trips.
        code, md, err = repo.pull_request("add-costs", lambda r: (r.write("costs/chat.toml", chat("100M")),
                                                                   r.write("costs/batch.toml", BATCH)))
        assert code == 0, (code, err, md)
        assert md.startswith(MARKER + "\n"), md[:80]
        assert "| chat (new) |" in md and "| batch (new) |" in md and "| new |" in md, md
        assert "2 added scenario(s) not counted" in md, md
        assert "base: base.json (missing: no scenarios) · head: head.json" in md, md

        # 2. A price change: +25% on chat trips the 10% gate; the comment is still written.
        code, md, err = repo.pull_request("price", lambda r: r.write("costs/chat.toml", chat("100M", price=2.5)))
        assert code == 1, (code, err)
        assert ":x: `--fail-if-cost-increase-above`" in md and "+25.0%" in md, md

        # 3. A verdict flip: at 3B tokens self-hosting is cheapest.
        code, md, err = repo.pull_request("grow", lambda r: r.write("costs/chat.toml", chat("3B", price=2.5)))
        assert code == 1, (code, err)
        assert ":x: `--fail-if-verdict-changes`" in md and "cheapest: gpt-4.1 -> selfhost" in md, md

        # 4. A removed scenario: a cost decrease, listed once as removed, no gate trips.
        code, md, err = repo.pull_request("drop-batch", lambda r: os.remove(os.path.join(r.dir, "costs/batch.toml")))
        assert code == 0, (code, err, md)
        assert "| batch (removed) |" in md and "| removed |" in md, md
        assert md.count("| gone |") == 0, md

        # 5. The last cost file goes: a head of no scenarios, a decrease, no gate trips.
        code, md, err = repo.pull_request("drop-all", lambda r: os.remove(os.path.join(r.dir, "costs/chat.toml")))
        assert code == 0, (code, err, md)
        assert "| chat (removed) |" in md, md


@test("ci_recipe")
def run_of_no_files_only_when_asked(c):
    c.error(2, "run", contains=("--allow-empty",))
    report = c.json("run", "--allow-empty")
    assert report["results"]["scenarios"] == [] and report["results"]["total_monthly_usd"] == 0


@test("ci_recipe")
def duplicate_scenario_names_name_both_files(c):
    with tempfile.TemporaryDirectory() as d:
        a = write(d, "a.toml", BATCH)
        b = write(d, "b.toml", BATCH)
        c.error(3, "run", a, b, contains=("b.toml: scenario name 'batch' is also the name of", "a.toml"))


@test("ci_recipe")
def every_cli_suite_runs_its_tests_and_reports_failure(c):
    # A test registered after the __main__ block never runs, and a suite that drops harness.main's
    # status passes whatever fails: both have happened.
    import glob
    import re
    for path in sorted(glob.glob(os.path.join(c.source, "tests", "cli", "*_test.py"))):
        with open(path) as f:
            text = f.read()
        if "harness.main(" not in text:
            continue
        main = text.index('if __name__ == "__main__":')
        assert not re.search(r"^@test\(", text[main:], re.M), f"{path}: a test after the __main__ block"
        assert "sys.exit(" in text[main:], f"{path}: the __main__ block drops the suite's status"


if __name__ == "__main__":
    sys.exit(harness.main("ci_recipe"))
