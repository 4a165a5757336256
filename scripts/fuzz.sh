#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan + UBSan) and runs each for SECONDS (default 60),
# seeded from fuzz/corpus/<target>. A crash leaves its input in build/fuzz/artifacts/ and fails.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: fuzz_quantity fuzz_catalog fuzz_measurements fuzz_prometheus fuzz_metrics_file fuzz_litellm fuzz_scenario fuzz_report fuzz_lengths)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_quantity fuzz_catalog fuzz_measurements fuzz_prometheus fuzz_metrics_file fuzz_litellm fuzz_scenario fuzz_report fuzz_lengths)

scripts/install-deps.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)"
mkdir -p build/fuzz/artifacts
for target in "${targets[@]}"; do
  work="build/fuzz/corpus-$target"
  mkdir -p "$work"
  echo "== $target for ${seconds}s" >&2
  log="build/fuzz/$target.log"
  if ! "build/fuzz/fuzz/$target" -max_total_time="$seconds" -artifact_prefix=build/fuzz/artifacts/ \
    -print_final_stats=1 "$work" "fuzz/corpus/$target" > "$log" 2>&1; then
    # The cause (sanitizer report, uncaught exception) comes before the stack; show both.
    grep -m 8 -E "ERROR|terminate called|what\(\)|runtime error|#[0-9]+ .* in nimcost" "$log" >&2 || true
    tail -n 12 "$log" >&2
    exit 1
  fi
  tail -n 12 "$log"
done
