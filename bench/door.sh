#!/usr/bin/env bash
# Load test of the Door Access API: hive door-sim drives POST /access, each
# swipe recording an entry, against hive demo on SQLite (300 members).
#
# Each round runs door-sim twice against every server: paced at RATE swipes/s
# (skipped when RATE is 0), then flat out (as fast as the controllers are
# answered). With BASE=<commit> a second binary built from that commit serves
# beside this tree's, the two take turns within every round, and the script
# prints both and the ratios head/base, so that before and after share the
# run. Figures are medians over the rounds.
#
# Usage: [BASE=9fc7d54] bench/door.sh [duration=15s] [controllers=32] [rate=500] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-15s}
controllers=${2:-32}
rate=${3:-500}
rounds=${4:-3}
port0=${PORT_BASE:-18090}
command -v jq >/dev/null || { echo "jq is not installed: apt-get install -y jq" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/hive-head" ./cmd/hive
targets=(head)
if [ -n "${BASE:-}" ]; then
  mkdir "$work/base-src"
  git archive "$BASE" | tar -x -C "$work/base-src"
  (cd "$work/base-src" && go build -o "$work/hive-base" ./cmd/hive)
  echo "== base: $(git rev-parse --short "$BASE") $(git log -1 --format=%s "$BASE")"
  targets+=(base)
fi
echo "== head: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"

declare -A url key
# start_demo NAME PORT: hive demo from binary hive-NAME on a fresh database.
start_demo() {
  local name=$1 port=$2
  # The rate limit is lifted so the run measures the door path, not 429s.
  HIVE_DEFAULT_RATE_LIMIT=1000000000 "$work/hive-$name" demo --addr "127.0.0.1:$port" --database "$work/$name.db" \
    >"$work/$name-demo.txt" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q 'base URL' "$work/$name-demo.txt" 2>/dev/null && break; sleep 0.1; done
  url[$name]=$(awk '/base URL/ {print $3}' "$work/$name-demo.txt")
  key[$name]=$(awk '$1=="key" && $2 ~ /^hive_sk_/ {print $2}' "$work/$name-demo.txt")
  [ -n "${url[$name]}" ] && [ -n "${key[$name]}" ] ||
    { echo "$name: demo did not print the door base URL and key" >&2; cat "$work/$name-demo.txt" >&2; exit 1; }
}

# sim NAME RATE DURATION: one door-sim run, its JSON report on stdout.
sim() {
  HIVE_DOOR_API_KEY="${key[$1]}" "$work/hive-head" door-sim --base-url "${url[$1]}" --mode online \
    --concurrency "$controllers" --rate "$2" --duration "$3" --seed 1 --json
}

port=$port0
for t in "${targets[@]}"; do
  start_demo "$t" "$port"
  port=$((port + 1))
  sim "$t" 0 3s >/dev/null # warm-up
done

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

echo "== door-sim online, $controllers controllers, $dur a run, $rounds rounds, every swipe recorded"
for r in $(seq 1 "$rounds"); do
  for t in "${targets[@]}"; do
    if [ "$rate" != 0 ]; then
      sim "$t" "$rate" "$dur" >"$work/$t-paced-$r.json"
      jq -r --arg t "$t" --arg r "$r" '"round \($r) \($t) paced:   \(.swipes_per_second|floor)/s  p50 \(.latency_ms.p50)ms  p99 \(.latency_ms.p99)ms  errors \(.errors)"' "$work/$t-paced-$r.json"
    fi
    sim "$t" 0 "$dur" >"$work/$t-flat-$r.json"
    jq -r --arg t "$t" --arg r "$r" '"round \($r) \($t) flat out: \(.swipes_per_second|floor)/s  p50 \(.latency_ms.p50)ms  p99 \(.latency_ms.p99)ms  errors \(.errors)"' "$work/$t-flat-$r.json"
  done
done

# fig TARGET KIND JQ: the median of one figure over the rounds.
fig() { for r in $(seq 1 "$rounds"); do jq -r "$3" "$work/$1-$2-$r.json"; done | median; }

echo "== medians over $rounds rounds"
declare -A val
for t in "${targets[@]}"; do
  kinds=(flat)
  [ "$rate" != 0 ] && kinds=(paced flat)
  for k in "${kinds[@]}"; do
    val[$t-$k-p50]=$(fig "$t" "$k" .latency_ms.p50)
    val[$t-$k-p99]=$(fig "$t" "$k" .latency_ms.p99)
    val[$t-$k-rate]=$(fig "$t" "$k" .swipes_per_second)
    printf '%-5s %-6s %8.0f swipes/s  p50 %7.3f ms  p99 %7.3f ms\n' "$t" "$k" \
      "${val[$t-$k-rate]}" "${val[$t-$k-p50]}" "${val[$t-$k-p99]}"
  done
done
if [ -n "${BASE:-}" ]; then
  echo "== ratios head/base (of the medians)"
  for k in "${kinds[@]}"; do
    awk -v k="$k" -v a="${val[head-$k-p50]}" -v b="${val[base-$k-p50]}" -v c="${val[head-$k-p99]}" \
      -v d="${val[base-$k-p99]}" -v e="${val[head-$k-rate]}" -v f="${val[base-$k-rate]}" \
      'BEGIN {printf "%-6s p50 %.2fx  p99 %.2fx  swipes/s %.2fx\n", k, a/b, c/d, e/f}'
  done
fi
