#!/bin/sh
# The cost diff of a pull request, as the README's CI recipes run it: the scenario files under
# BASE/costs and HEAD/costs evaluated by one nimcost, diffed into a Markdown comment (its first line a
# hidden marker, so the job can update its one comment), with the gates the extra flags give.
# A base with no costs/*.toml (the pull request that adds them) is a base of no scenarios; a head with
# none (one that removes them all) is a head of no scenarios.
# Usage: scripts/ci-diff.sh BASE_DIR HEAD_DIR COMMENT.md [diff flags, e.g. --fail-if-cost-increase-above 10]
# Exit: diff's (0, 1 a gate tripped, 2/3 errors); the comment is written before a gate fails the job.
set -eu
nimcost="${NIMCOST:-nimcost}"
base_dir="$1"
head_dir="$2"
comment="$3"
shift 3
comment="$(cd "$(dirname "$comment")" && pwd)/$(basename "$comment")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ls "$base_dir"/costs/*.toml >/dev/null 2>&1; then
  "$nimcost" run "$base_dir"/costs/*.toml --format json --output "$work/base.json"
fi
if ls "$head_dir"/costs/*.toml >/dev/null 2>&1; then
  "$nimcost" run "$head_dir"/costs/*.toml --format json --output "$work/head.json"
else  # the pull request removes every cost file: a head of no scenarios
  "$nimcost" run --allow-empty --format json --output "$work/head.json"
fi
status=0
# Run from the work directory so the comment names the reports base.json and head.json.
cd "$work"
"$nimcost" diff base.json head.json --allow-missing-base --format markdown --output "$comment" "$@" || status=$?
exit "$status"
