#!/usr/bin/env bash
# Time from process start to the first 200 of /core/status, for RUNS fresh nodes; prints each and the median.
# Usage: bench/scripts/startup-time.sh [RUNS] [PORT]
set -euo pipefail
runs=${1:-5}
port=${2:-18999}
home=$(cd "$(dirname "$0")/../../distribution/target/grapevine" && pwd)
times=()
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
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data" "$data.log"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "median ${median} ms over $runs runs"
