#!/bin/sh
# The fault suite: each scenario on real node processes, its outcome checked, the table written to
# bench/RESULTS.md (section "faults") with plots in bench/results/. Needs the node built and the
# modules installed: mvn -B install -DskipTests (from the repository's root) first.
#
#   bench/scripts/faults.sh                                  # every scenario, full size (about an hour)
#   bench/scripts/faults.sh --scenarios crash,input --nodes 10
#
# Options: --scenarios crash,partition,modules,clock,input,soak,disk  --nodes N  --seed S
#   --soak-minutes M  --requests R (bad input)  --split-seconds S (partition)
#   --module-exchanges E (modules: each module's exchanges a second, where many nodes share few cores)
# Partition and disk faults need root (network namespaces, a tmpfs); without it they say skipped.
# Exit code 1 when a scenario failed.
set -e
bench=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$bench/../distribution/target/grapevine/bin/grapevine" ]; then
    echo "faults.sh: no assembled node in distribution/target/grapevine: run mvn -B install -DskipTests first" >&2
    exit 2
fi
sh "$bench/scripts/ensure-faketime.sh"
cd "$bench"
exec mvn -B -q exec:java@faults -Dexec.args="$*"
