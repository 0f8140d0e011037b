#!/usr/bin/env bash
# Time from process start to the first 200 of /core/status, for RUNS fresh nodes (a new data folder
# each: a first start); prints each, with the CPU time the node had used by then and the machine's
# load, and the medians. The node runs bin/grapevine as it is, so GRAPEVINE_JVM_OPTS and JAVA_OPTS
# apply (README, "JVM options of a node").
# Usage: bench/scripts/startup-time.sh [RUNS] [PORT]
set -euo pipefail
runs=${1:-5}
port=${2:-18999}
home=$(cd "$(dirname "$0")/../../distribution/target/grapevine" && pwd)
ticks=$(getconf CLK_TCK)
times=()
cpus=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  GRAPEVINE_ADMIN_PASSWORD=bench "$home/bin/grapevine" --port "$port" --data "$data" > "$data.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/core/status"; do
    kill -0 "$pid" 2>/dev/null || { echo "node exited, see $data.log" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  read -r -a stat < "/proc/$pid/stat"
  ms=$(( (end - start) / 1000000 ))
  cpu=$(( (stat[13] + stat[14]) * 1000 / ticks ))
  times+=("$ms")
  cpus+=("$cpu")
  echo "run $i: ${ms} ms (cpu ${cpu} ms, load $(cut -d' ' -f1 /proc/loadavg))"
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data" "$data.log"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
cpu_median=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "median ${median} ms over $runs runs (cpu median ${cpu_median} ms)"
