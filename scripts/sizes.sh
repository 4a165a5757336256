#!/usr/bin/env bash
# Files in src/ over 400 lines and functions over 80 (pmccabe, Debian package 'pmccabe'), the house
# limits of README "Where things are". Usage: scripts/sizes.sh [LIMIT_LINES LIMIT_FUNCTION]
set -euo pipefail
cd "$(dirname "$0")/.."
file_limit="${1:-400}"
function_limit="${2:-80}"
echo "files over $file_limit lines:"
find src include tools -name '*.[ch]pp' -print0 | xargs -0 wc -l | grep -v ' total$' | awk -v n="$file_limit" '$1 > n' | sort -n
echo "functions over $function_limit lines:"
find src tools -name '*.cpp' -print0 | xargs -0 pmccabe -v 2>/dev/null | grep -v "^\s*$" | awk -v n="$function_limit" '$5 ~ /^[0-9]+$/ && $5 > n {print $5, $6, $7}' | sort -n
echo "largest file: $(find src include tools -name '*.[ch]pp' -print0 | xargs -0 wc -l | grep -v ' total$' | sort -n | tail -1)"
echo "files: $(find src include tools -name '*.[ch]pp' | wc -l), lines: $(find src include tools -name '*.[ch]pp' -print0 | xargs -0 cat | wc -l)"
