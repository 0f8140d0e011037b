#!/bin/sh
# Makes sure Debian's Serf (package serf, /usr/bin/serf) is installed for the Serf comparison
# (exec:java@serf, SerfBenchmark). Does nothing when it is there; otherwise installs the Debian
# package when it can (root, or sudo without a password), as itest's ensure-chromium.sh does for
# the browser test. Exits 0 when serf is there at the end, 1 when it cannot be installed, with one
# line saying why. GRAPEVINE_SERF names another binary, for the script and the benchmark alike.
serf=${GRAPEVINE_SERF:-/usr/bin/serf}
if [ -x "$serf" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "ensure-serf: $serf is missing and this user cannot install packages; run 'apt-get install serf' as root"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-serf: $serf is missing and there is no apt-get here; install Serf at $serf"
    exit 1
fi
echo "ensure-serf: installing Debian's serf for the Serf comparison"
export DEBIAN_FRONTEND=noninteractive
if $as_root apt-get update -q && $as_root apt-get install -y -q --no-install-recommends serf && [ -x "$serf" ]; then
    echo "ensure-serf: installed $("$serf" version 2>/dev/null | head -n 1)"
    exit 0
fi
echo "ensure-serf: apt-get could not install serf"
exit 1
