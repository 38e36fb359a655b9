#!/usr/bin/env bash
# What logging and rate limiting cost GET /v1/auth/verify: BenchmarkVerifyObserved
# (internal/app) runs "off" (no observers, a limiter that counts nothing)
# and "on" (the API-log recorder writing to SQLite, the in-memory rate
# limiter) over a loopback server. The two alternate, one pair per round,
# so that a change in the machine's load hits both alike, and the median
# of the per-round ratios is reported, for wall time per request (ns/op)
# and for CPU time per request (cpu-ns/op, the steadier one on a shared
# machine). Goal: a CPU ratio of at most 1.10.
# Usage: bench/apilog.sh [rounds=5] [requests-per-run=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
n=${2:-20000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/app.test" ./internal/app

for r in $(seq 1 "$rounds"); do
  "$work/app.test" -test.run XXX -test.bench 'VerifyObserved' -test.benchtime "${n}x" |
    awk -v r="$r" '/^BenchmarkVerifyObserved\// {
      split($1, name, "/"); mode = name[2]; sub(/-[0-9]+$/, "", mode)
      for (i = 2; i < NF; i++) { if ($(i+1) == "ns/op") ns[mode] = $i; if ($(i+1) == "cpu-ns/op") cpu[mode] = $i }
    }
    END {
      if (!ns["off"] || !ns["on"]) { print "round " r ": benchmark output not understood" > "/dev/stderr"; exit 1 }
      printf "round %d  off %7.0f ns/op %7.0f cpu-ns/op   on %7.0f ns/op %7.0f cpu-ns/op   ratio %.3f wall %.3f cpu\n",
        r, ns["off"], cpu["off"], ns["on"], cpu["on"], ns["on"]/ns["off"], cpu["on"]/cpu["off"]
    }' | tee -a "$work/rounds"
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
wall=$(awk '{print $(NF-3)}' "$work/rounds" | median)
cpu=$(awk '{print $(NF-1)}' "$work/rounds" | median)
printf "median of %d rounds: on/off = %.3f wall time, %.3f CPU time per request (goal: CPU <= 1.10)\n" "$rounds" "$wall" "$cpu"
