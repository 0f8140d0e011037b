#!/bin/sh
# Makes sure Debian's Chromium and chromedriver are installed for the browser test
# (ConsoleBrowserTest). Does nothing when both are there; otherwise installs the Debian
# packages chromium and chromium-driver when it can (root, or sudo without a password).
# Never fails the build: when it cannot install, it says so and the browser test skips
# itself with the same message. GRAPEVINE_CHROMIUM and GRAPEVINE_CHROMEDRIVER name other
# binaries, for the script and the test alike.
browser=${GRAPEVINE_CHROMIUM:-/usr/bin/chromium}
driver=${GRAPEVINE_CHROMEDRIVER:-/usr/bin/chromedriver}
if [ -x "$browser" ] && [ -x "$driver" ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "ensure-chromium: $browser or $driver is missing and this user cannot install packages;"
    echo "ensure-chromium: run 'apt-get install chromium chromium-driver' as root, or the browser test is skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no apt-get here; install Chromium and chromedriver at $browser and $driver, or the browser test is skipped"
    exit 0
fi
echo "ensure-chromium: installing Debian's chromium and chromium-driver for the browser test"
export DEBIAN_FRONTEND=noninteractive
if $as_root apt-get update -q && $as_root apt-get install -y -q --no-install-recommends chromium chromium-driver; then
    echo "ensure-chromium: installed $("$browser" --version 2>/dev/null)"
else
    echo "ensure-chromium: apt-get failed; the browser test is skipped"
fi
exit 0
