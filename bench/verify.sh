#!/usr/bin/env bash
# Load test: GET /v1/auth/verify with a valid key against a bare net/http
# handler, both on loopback, same machine, same run, same wrk settings.
# The two run alternately for several rounds and the median ratio is
# reported, because on a two-core machine one pair of runs swings by several
# percent.
# Usage: bench/verify.sh [duration=10s] [connections=64] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-10s}
conns=${2:-64}
rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/hive" ./cmd/hive
go build -o "$work/bare" ./bench/bare

db="$work/hive.db"
key=$("$work/hive" bootstrap --tenant bench --admin-email bench@example.test --database "$db" --json |
  sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')

# The rate limit is lifted so the run measures verification, not 429s.
HIVE_LOG_LEVEL=${HIVE_LOG_LEVEL:-info} HIVE_DEFAULT_RATE_LIMIT=1000000000 "$work/hive" serve --addr 127.0.0.1:18080 --database "$db" 2>"$work/hive.log" >/dev/null &
pids+=($!)
"$work/bare" --addr 127.0.0.1:18081 &
pids+=($!)
for port in 18080 18081; do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
done
curl -fs -H "Authorization: Bearer $key" http://127.0.0.1:18080/v1/auth/verify >/dev/null

run() { wrk -t2 -c"$conns" -d"$dur" --latency "$@"; }
echo "== warm-up"; run -d3s -H "Authorization: Bearer $key" http://127.0.0.1:18080/v1/auth/verify >/dev/null
rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99() { awk '$1=="99%" {print $2}' <<<"$1"; }
non2xx() { awk '/Non-2xx/ {print $NF}' <<<"$1"; }
ratios=()
for round in $(seq 1 "$rounds"); do
  bare=$(run http://127.0.0.1:18081/)
  hive=$(run -H "Authorization: Bearer $key" http://127.0.0.1:18080/v1/auth/verify)
  ratio=$(awk -v h="$(rps "$hive")" -v b="$(rps "$bare")" 'BEGIN { printf "%.2f", h/b }')
  ratios+=("$ratio")
  printf 'round %d  bare: %s req/s p99 %s | hive: %s req/s p99 %s non-2xx %s | ratio %s\n' "$round" \
    "$(rps "$bare")" "$(p99 "$bare")" "$(rps "$hive")" "$(p99 "$hive")" "$(non2xx "$hive" || true)" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median ratio hive/bare over $rounds rounds: $median (goal >= 0.60)"
