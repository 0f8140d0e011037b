#!/bin/sh
# Makes sure libfaketime (Debian's faketime package) is installed for the skewed-clock scenario
# and its itest, as itest/src/test/sh/ensure-chromium.sh does for the browser test. Does nothing
# when it is there; otherwise installs it when it can (root, or sudo without a password). Never
# fails: without it, the scenario and the test skip themselves saying so.
for lib in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1; do
    [ -f "$lib" ] && exit 0
done
if [ "$(id -u)" = 0 ]; then
    as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "ensure-faketime: libfaketime is missing and this user cannot install packages; the skewed-clock scenario is skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-faketime: no apt-get here; install libfaketime, or the skewed-clock scenario is skipped"
    exit 0
fi
echo "ensure-faketime: installing Debian's faketime for the skewed-clock scenario"
export DEBIAN_FRONTEND=noninteractive
if ! { $as_root apt-get install -y -q --no-install-recommends faketime || { $as_root apt-get update -q && $as_root apt-get install -y -q --no-install-recommends faketime; }; }; then
    echo "ensure-faketime: apt-get failed; the skewed-clock scenario is skipped"
fi
exit 0
