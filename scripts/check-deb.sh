#!/usr/bin/env bash
# Builds the Debian package from a configured build directory (default build/default), checks it
# with lintian (no errors allowed), unpacks it and runs the unpacked binary, man page and completion.
# Usage: scripts/check-deb.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
scripts/install-deps.sh --package
cmake --build "$build" --target nimcost
(cd "$build" && cpack -G DEB > /dev/null)
deb="$(ls "$build"/nimcost_*.deb | head -n 1)"
echo "== $deb" >&2
lintian --fail-on error --tag-display-limit 0 "$deb" >&2
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/nimcost" --version
"$root/usr/bin/nimcost" crossover --tokens 500M --format json > "$root/report.json"
"$root/usr/bin/nimcost" run "$root/usr/share/nimcost/examples/article.toml" > /dev/null
# Not `grep -q`: it exits at the first match, zcat then dies of SIGPIPE and pipefail fails the check
# (seen once the man page outgrew the pipe's buffer).
zcat "$root/usr/share/man/man1/nimcost.1.gz" | grep "^.SH EXIT STATUS" > /dev/null
bash -n "$root/usr/share/bash-completion/completions/nimcost"
echo "== the package builds, passes lintian without errors, and its binary runs" >&2
