#!/usr/bin/env python3
"""CLI tests of installing: `cmake --install` of the build the binary came from puts the binary, man
page, schema, examples, license and the three shells' completions under a prefix; the completion
scripts are generated from the command table and complete commands and flags."""
import os
import shutil
import subprocess
import sys
import tempfile

from harness import *  # noqa: F401,F403 (Context, test, helpers)
import harness

test = harness.test


def complete(script, *words):
    """COMPREPLY of the bash completion for the command line `words` (the last one being completed)."""
    line = " ".join(words)
    program = (f"source {script}\nCOMP_WORDS=(nimcost {line})\nCOMP_CWORD={len(words)}\n"
               "_nimcost\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    r = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


@test("install")
def install_puts_everything_under_the_prefix(c):
    build = os.path.dirname(os.path.abspath(c.binary))
    with tempfile.TemporaryDirectory() as prefix:
        r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        for path in ("bin/nimcost", "share/man/man1/nimcost.1.gz", "share/nimcost/schemas/report.schema.json",
                     "share/nimcost/examples/article.toml", "share/doc/nimcost/copyright", "share/doc/nimcost/changelog.Debian.gz",
                     "share/bash-completion/completions/nimcost", "share/zsh/vendor-completions/_nimcost",
                     "share/fish/vendor_completions.d/nimcost.fish"):
            assert os.path.isfile(os.path.join(prefix, path)), path
        installed = os.path.join(prefix, "bin/nimcost")
        out = subprocess.run([installed, "run", os.path.join(prefix, "share/nimcost/examples/article.toml")],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "article" in out.stdout, out.stderr
        script = os.path.join(prefix, "share/bash-completion/completions/nimcost")
        assert subprocess.run(["bash", "-n", script]).returncode == 0
        assert complete(script, "cro") == ["crossover"]
        assert "--tokens" in complete(script, "crossover", "--to")
        assert complete(script, "diff", "--allow") == ["--allow-missing-base"]
        assert "simulate" in complete(script, "help", "si")


@test("install")
def completion_scripts_name_every_command(c):
    fish = c.ok("completion", "fish")
    for command in ("crossover", "compare", "prices", "throughput", "calibrate", "attribute", "sweep", "run", "diff",
                    "simulate"):
        assert f"-a {command} " in fish, command
    assert "-l fail-if-cost-increase-above" in fish
    zsh = c.ok("completion", "zsh")
    assert zsh.startswith("#compdef nimcost\n") and "bashcompinit" in zsh
    if shutil.which("zsh"):
        assert subprocess.run(["zsh", "-n", "-c", zsh]).returncode == 0
    c.error(2, "completion", "tcsh", contains=("bash, zsh or fish",))


if __name__ == "__main__":
    sys.exit(harness.main("install"))
