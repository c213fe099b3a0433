#!/usr/bin/env bash
# Memory after opening a workbook, per process (app, WebKitWebProcess, WebKitNetworkProcess):
# RSS and PSS. PSS is the honest sum: the three processes map the same WebKitGTK libraries, and
# RSS counts those pages once per process. For comparison, the same figures for a bare
# WebKitGTK window (tests/e2e/webkit-floor.py: no Tauri, no Rust, same WebKit settings).
# Usage, under an X server: xvfb-run -a tests/e2e/bench-memory.sh [APP] [WORKBOOK]
set -euo pipefail
cd "$(dirname "$0")/../.."
app="${1:-target/release/hashira-app}"
source="${2:-target/bench/demo.hashira}"   # created by tests/e2e/bench.mjs (hashira demo)
settle=6
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # label, command...
  local label=$1; shift
  "$@" 2>/dev/null &
  local pid=$! rss=0 pss=0
  sleep "$settle"
  for p in "$pid" $(pgrep -P "$pid"); do
    [ -r "/proc/$p/smaps_rollup" ] || continue   # a short-lived helper process
    read -r r s < <(awk '/^Rss:/ {r=$2} /^Pss:/ {s=$2} END {print r, s}' "/proc/$p/smaps_rollup")
    printf '%-8s %-18s rss %4d MB  pss %4d MB\n' "$label" "$(cat "/proc/$p/comm")" $((r / 1024)) $((s / 1024))
    rss=$((rss + r)); pss=$((pss + s))
  done
  printf '%-8s %-18s rss %4d MB  pss %4d MB\n' "$label" "(all)" $((rss / 1024)) $((pss / 1024))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

cp "$source" "$work/w.hashira"
XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" measure app "$app" "$work/w.hashira"
measure floor /usr/bin/python3 tests/e2e/webkit-floor.py   # Debian's python, where python3-gi lives
