#!/usr/bin/env bash
# Load test of the Door Access API: hive door-sim drives POST /access, each
# swipe recording an entry, against hive demo on SQLite (300 members).
# Usage: bench/door.sh [duration=15s] [controllers=32] [rate=0 (as fast as answered)]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-15s}
controllers=${2:-32}
rate=${3:-0}

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/hive" ./cmd/hive
# The rate limit is lifted so the run measures the door path, not 429s.
HIVE_DEFAULT_RATE_LIMIT=1000000000 "$work/hive" demo --addr 127.0.0.1:18090 --database "$work/hive.db" \
  >"$work/demo.txt" 2>"$work/hive.log" &
pid=$!
for _ in $(seq 1 100); do grep -q 'base URL' "$work/demo.txt" 2>/dev/null && break; sleep 0.1; done
base=$(awk '/base URL/ {print $3}' "$work/demo.txt")
key=$(awk '$1=="key" && $2 ~ /^hive_sk_/ {print $2}' "$work/demo.txt")
[ -n "$base" ] && [ -n "$key" ] || { echo "demo did not print the door base URL and key" >&2; cat "$work/demo.txt" >&2; exit 1; }

echo "== warm-up"
HIVE_DOOR_API_KEY="$key" "$work/hive" door-sim --base-url "$base" --concurrency "$controllers" --duration 3s >/dev/null
echo "== door-sim online, $controllers controllers, $dur, every swipe recorded"
HIVE_DOOR_API_KEY="$key" "$work/hive" door-sim --base-url "$base" --mode online --concurrency "$controllers" \
  --rate "$rate" --duration "$dur" --seed 1
