#!/usr/bin/env bash
# Installs the Debian 12 packages nimcost builds, tests, benchmarks and fuzzes with. Idempotent:
# skips apt entirely when everything is already there. Uses sudo when not run as root.
set -euo pipefail

packages=(
  build-essential cmake
  libcli11-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev libeigen3-dev doctest-dev zlib1g-dev libssl-dev libcurl4-openssl-dev
  python3 python3-jsonschema
)
# Extras: --bench adds Google Benchmark, --fuzz adds clang 14 with libFuzzer and sanitizer runtimes,
# --package adds dpkg-dev and lintian (scripts/check-deb.sh), --test adds prometheus (the real server,
# with promtool, that the attribute --prometheus tests start), chromium (headless, loads the HTML reports to a
# screenshot and a DOM dump) and librsvg2-bin (rsvg-convert renders every SVG the tests write).
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(libbenchmark-dev) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    --package) packages+=(dpkg-dev lintian) ;;
    --test) packages+=(prometheus chromium librsvg2-bin fonts-dejavu-core) ;;
    *) echo "usage: $0 [--bench] [--fuzz] [--package] [--test]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
