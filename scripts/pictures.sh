#!/usr/bin/env bash
# Redraws the README's pictures from the examples: scripts/pictures.sh [BUILD_DIR]. Each SVG is also
# rendered to PNG with rsvg-convert (and each HTML report screenshotted with headless Chromium) into
# build/pictures/, to look at before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
nimcost="${1:-build/default}/nimcost"
out=build/pictures
mkdir -p "$out"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"

"$nimcost" sweep --tokens 500M --provider gpt-4.1,mistral-large-2411,claude-sonnet-4.6,mistral-large-3,llama-3.3-70b-together \
  --plot docs/sweep.svg > /dev/null
"$nimcost" sweep --scenario examples/article.toml --from 50M --to 3B --plot docs/crossover.svg > /dev/null
"$nimcost" attribute examples/metrics/three-teams-hour.prom --tokens-from-metrics --plot docs/attribute.svg > /dev/null
"$nimcost" simulate examples/mixed-workload.toml --seeds 20 --optimize --plot docs/simulate.svg > /dev/null

for svg in docs/*.svg; do
  rsvg-convert -o "$out/$(basename "$svg" .svg).png" "$svg"
done


# The HTML page's first screen, for the README (needs Chromium: scripts/install-deps.sh --test).
if command -v chromium > /dev/null; then
  "$nimcost" crossover --tokens 2B --format html -o "$out/crossover.html"
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot=docs/report-crossover.png --window-size=900,1250 "file://$PWD/$out/crossover.html" 2> /dev/null
  rm -rf "$profile"
fi
echo "pictures in docs/ and PNGs in $out/" >&2
