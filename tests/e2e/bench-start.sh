#!/usr/bin/env bash
# Start time without WebDriver (see BENCHMARKS.md): process start -> the native window is titled
# with the workbook's name, which the shell does once the workbook is open, just before the open
# command returns the review to the page (the first question renders right after: the page part
# measured by bench.mjs). Memory: tests/e2e/bench-memory.sh.
# Usage, under an X server: xvfb-run -a tests/e2e/bench-start.sh [APP] [WORKBOOK] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
app="${1:-target/release/hashira-app}"
source="${2:-target/bench/demo.hashira}"   # created by tests/e2e/bench.mjs (hashira demo)
runs="${3:-5}"
name="$(target/debug/hashira show --json "$source" | python3 -c 'import json,sys; print(json.load(sys.stdin)["workload"]["name"])')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$runs"); do
  cp "$source" "$work/w.hashira"
  t0=$(date +%s%N)
  XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" "$app" "$work/w.hashira" 2>/dev/null &
  pid=$!
  until xdotool search --name "^$name — Hashira\$" >/dev/null 2>&1; do sleep 0.01; done
  t1=$(date +%s%N)
  echo "start_to_title_ms=$(((t1 - t0) / 1000000))"
  sleep 1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  while xdotool search --name "^$name — Hashira\$" >/dev/null 2>&1; do sleep 0.1; done
done
