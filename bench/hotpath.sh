#!/usr/bin/env bash
# The request path against bare net/http, in one run (issue 14's table).
#
# Servers: bare net/http answering 200 ("bare"); nginx with a 10,000-key map
# auth and a per-key limit_req ("nginx", when nginx is installed); hive
# serve on SQLite with the API log, usage, metrics and rate limits on and
# default logging, answering GET /v1/auth/verify ("hive"), beside bare
# net/http sending the very bytes of that answer, its eight headers
# included ("bare-verify": what the larger response alone costs
# net/http); and GET
# /v1/surveys (10 rows) from hive against bare net/http sending the same
# bytes ("bare-surveys", "hive-surveys"). "bare+3us" and the like are bare
# net/http busy-waiting that long in each answer (SPINS, in µs, default "3
# 8"): what a handler with that much work of its own costs over the wire,
# which is more than the work itself, as the client then waits and must be
# woken. They tell how much of Hive's ratio any handler doing its work would
# pay. With BASE=<commit> the same hive
# targets run a second binary built from that commit ("base", "base-surveys"),
# so before and after share the run.
#
# Two modes: pinned (every server on core 0, wrk -t1 -c32 on core 1) and
# unpinned (wrk -t2 -c64, both cores shared). Within a mode the targets take
# turns for several rounds; each figure is the median over rounds, and each
# ratio is the median of the per-round ratios against the bare server of
# that round. Server CPU per request is the server process's utime+stime
# (from /proc/<pid>/stat) over the run divided by the requests wrk counted.
#
# Usage: [BASE=main] [MODES="pinned unpinned"] [SPINS="3 8"] bench/hotpath.sh [duration=8s] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-8s}
rounds=${2:-3}
modes=${MODES:-pinned unpinned}
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
command -v taskset >/dev/null || { echo "taskset is not installed: apt-get install -y util-linux" >&2; exit 1; }
port0=${PORT_BASE:-28480}

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/hive" ./cmd/hive
go build -o "$work/bare" ./bench/bare
if [ -n "${BASE:-}" ]; then
  mkdir "$work/base-src"
  git archive "$BASE" | tar -x -C "$work/base-src"
  (cd "$work/base-src" && go build -o "$work/hive-base" ./cmd/hive)
  echo "== base: $(git rev-parse --short "$BASE") $(git log -1 --format=%s "$BASE")"
fi
echo "== head: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"

declare -A url hdr pidof
# wait_up URL [curl args...]: wait until URL answers 2xx.
wait_up() { for _ in $(seq 1 100); do curl -fs -o /dev/null "$@" && return; sleep 0.1; done; echo "$1 did not come up" >&2; exit 1; }

# start_hive NAME BINARY PORT: a fresh database with one tenant, 10 surveys.
start_hive() {
  local name=$1 bin=$2 port=$3 db="$work/$1.db" key
  key=$("$bin" bootstrap --tenant bench --admin-email bench@example.test --database "$db" --json |
    sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
  # The rate limit is high so the run measures the counted path, not 429s.
  HIVE_DEFAULT_RATE_LIMIT=1000000000 "$bin" serve --addr "127.0.0.1:$port" --database "$db" \
    2>"$work/$name.log" >/dev/null &
  pids+=($!)
  pidof[$name]=$!
  wait_up "http://127.0.0.1:$port/healthz"
  for i in $(seq -w 1 10); do
    curl -fs -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Survey $i\",\"type\":\"engagement\"}" "http://127.0.0.1:$port/v1/surveys"
  done
  url[$name]="http://127.0.0.1:$port/v1/auth/verify"
  hdr[$name]="Authorization: Bearer $key"
  url[$name-surveys]="http://127.0.0.1:$port/v1/surveys"
  hdr[$name-surveys]="Authorization: Bearer $key"
  pidof[$name-surveys]=${pidof[$name]}
}

targets=(bare)
start_hive hive "$work/hive" $((port0 + 1))
if [ -n "${BASE:-}" ]; then
  start_hive base "$work/hive-base" $((port0 + 2))
fi
curl -fs -H "${hdr[hive-surveys]}" "${url[hive-surveys]}" >"$work/surveys.json"
curl -fs -D "$work/verify.headers" -H "${hdr[hive]}" "${url[hive]}" >"$work/verify.json"
"$work/bare" --addr "127.0.0.1:$port0" --body "/v1/surveys=$work/surveys.json" --body "/v1/auth/verify=$work/verify.json" \
  --headers "/v1/auth/verify=$work/verify.headers" &
pids+=($!)
pidof[bare]=$!
pidof[bare-surveys]=$!
pidof[bare-verify]=$!
wait_up "http://127.0.0.1:$port0/"
url[bare]="http://127.0.0.1:$port0/"
hdr[bare]="X-Bench: 1"
url[bare-surveys]="http://127.0.0.1:$port0/v1/surveys"
hdr[bare-surveys]="X-Bench: 1"
url[bare-verify]="http://127.0.0.1:$port0/v1/auth/verify"
hdr[bare-verify]="X-Bench: 1"

spins=${SPINS-3 8}
i=10
for us in $spins; do
  name="bare+${us}us"
  "$work/bare" --addr "127.0.0.1:$((port0 + i))" --spin "${us}us" &
  pids+=($!)
  pidof[$name]=$!
  url[$name]="http://127.0.0.1:$((port0 + i))/"
  hdr[$name]="X-Bench: 1"
  wait_up "${url[$name]}"
  targets+=("$name")
  i=$((i + 1))
done

if command -v nginx >/dev/null; then
  # 10,000 keys in a map; an unknown key is 401; each key has its own
  # limit_req bucket, high enough never to refuse. Access log buffered, as
  # nginx is usually run.
  mkdir -p "$work/nginx"
  {
    echo "worker_processes 1; daemon off; master_process off; pid $work/nginx/pid; error_log $work/nginx/error.log;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $work/nginx/access.log combined buffer=64k flush=1s;"
    echo "  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;"
    echo "  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;"
    echo "  map_hash_bucket_size 128; map_hash_max_size 32768;"
    echo "  map \$http_authorization \$key_id {"
    echo "    default \"\";"
    for i in $(seq 1 10000); do printf '    "Bearer hive_sk_bench%010d" k%d;\n' "$i" "$i"; done
    echo "  }"
    echo "  limit_req_zone \$key_id zone=perkey:10m rate=1000000r/s;"
    echo "  server {"
    echo "    listen 127.0.0.1:$((port0 + 3));"
    echo "    location / {"
    echo "      if (\$key_id = \"\") { return 401; }"
    echo "      limit_req zone=perkey burst=1000000 nodelay;"
    echo "      default_type application/json;"
    echo "      return 200 '{\"valid\":true}\n';"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$work/nginx/nginx.conf"
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pids+=($!)
  pidof[nginx]=$!
  url[nginx]="http://127.0.0.1:$((port0 + 3))/"
  hdr[nginx]="Authorization: Bearer hive_sk_bench0000004242"
  wait_up "${url[nginx]}" -H "${hdr[nginx]}"
  targets+=(nginx)
fi
targets+=(bare-verify)
[ -n "${BASE:-}" ] && targets+=(base)
targets+=(hive bare-surveys)
[ -n "${BASE:-}" ] && targets+=(base-surveys)
targets+=(hive-surveys)

# Reference of each target's ratios: the bare server sending the same kind
# of response.
ref() { case $1 in *surveys) echo bare-surveys ;; *) echo bare ;; esac; }

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pin() { for p in "${pidof[@]}"; do taskset -a -p -c "$1" "$p" >/dev/null; done; }

# bench NAME MODE DURATION: one wrk run; prints "rps p99_ms cpu_us_per_req non2xx".
bench() {
  local name=$1 mode=$2 d=$3 out c0 c1
  local -a cmd=(wrk -t2 -c64)
  [ "$mode" = pinned ] && cmd=(taskset -c 1 wrk -t1 -c32)
  c0=$(cpu_ticks "${pidof[$name]}")
  out=$("${cmd[@]}" -d"$d" --latency -H "${hdr[$name]}" "${url[$name]}")
  c1=$(cpu_ticks "${pidof[$name]}")
  awk -v dc=$((c1 - c0)) -v hz="$ticks" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.2f %d\n", rps, p99, (n > 0 ? dc / hz / n * 1e6 : 0), bad }' <<<"$out"
}

median() { sort -g | awk '{a[NR] = $1} END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A res
# col I: median over rounds of field I of target $t in $mode.
col() { for round in $(seq 1 "$rounds"); do awk -v i="$1" '{print $i}' <<<"${res[$mode,$round,$t]}"; done | median; }
# ratio I: median over rounds of field I of $t over the same field of $rb.
ratio() {
  for round in $(seq 1 "$rounds"); do
    awk -v i="$1" -v a="${res[$mode,$round,$t]}" -v b="${res[$mode,$round,$rb]}" \
      'BEGIN { split(a, x, " "); split(b, y, " "); if (y[i] > 0) printf "%.2f\n", x[i] / y[i] }'
  done | median
}
for mode in $modes; do
  if [ "$mode" = pinned ]; then pin 0; else pin 0,1; fi
  echo "== $mode: warm-up"
  for t in "${targets[@]}"; do
    bench "$t" "$mode" 2s >/dev/null
  done
  for round in $(seq 1 "$rounds"); do
    for t in "${targets[@]}"; do
      r=$(bench "$t" "$mode" "$dur")
      res[$mode,$round,$t]=$r
      printf '%-8s round %d  %-13s %8s req/s  p99 %8s ms  %7s µs CPU/req  non-2xx %s\n' "$mode" "$round" "$t" $r
    done
  done
done

echo
echo "Each figure is the median over $rounds rounds of ${dur}; ratios are medians of per-round ratios against"
echo "bare (surveys: against bare-surveys, which sends the same bytes)."
for mode in $modes; do
  echo
  if [ "$mode" = pinned ]; then echo "== pinned: servers on core 0, taskset -c 1 wrk -t1 -c32"; else echo "== unpinned: wrk -t2 -c64, both cores shared"; fi
  printf '| %-13s | %8s | %9s | %9s | %10s | %9s | %9s |\n' server req/s "p99 ms" "CPU µs/req" "thr ×bare" "p99 ×bare" "CPU ×bare"
  printf '|%s|\n' "---------------|----------|-----------|------------|------------|-----------|-----------"
  for t in "${targets[@]}"; do
    rb=$(ref "$t")
    printf '| %-13s | %8s | %9s | %10s | %10s | %9s | %9s |\n' "$t" "$(col 1)" "$(col 2)" "$(col 3)" "$(ratio 1)" "$(ratio 2)" "$(ratio 3)"
  done
done
echo
echo "Goals (issue 14): hive CPU ≤ 1.25× bare, req/s ≥ 0.8× bare, p99 ≤ 2× bare; hive-surveys CPU ≤ 1.5× bare-surveys."

# In process, without the network: allocations and time per request of the
# edge alone (BenchmarkVerifyEndpoint) and of the handler hive serve runs,
# observers, buffered log and API-log writer included (BenchmarkVerifyApp:
# cpu-ns/op is the process's CPU per request, gc-cpu-ns/op the collector's
# share). INPROC=0 skips them.
if [ "${INPROC:-1}" != 0 ]; then
  echo
  echo "== in process (go test -bench -benchmem -count 3 -benchtime 50000x)"
  inproc() { (cd "$1" && go test ./internal/httpapi ./internal/app -run '^$' -bench "$2" -benchmem -count 3 -benchtime 50000x 2>/dev/null |
    grep '^Benchmark' | sed "s/^/$3 /"); }
  [ -n "${BASE:-}" ] && inproc "$work/base-src" 'BenchmarkVerifyEndpoint$|BenchmarkVerifyApp$' base
  inproc . 'BenchmarkVerifyEndpoint$|BenchmarkVerifyApp$' head
fi
