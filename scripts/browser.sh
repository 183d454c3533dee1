#!/usr/bin/env bash
# Installs the browser the dashboard's browser test (server's DashboardBrowserIT) drives: Debian's chromium
# and chromium-driver, when /usr/bin/chromium or /usr/bin/chromedriver is missing (Debian or Ubuntu, as
# root, with apt-get). Prints the paths and versions. The test uses these two files and nothing else:
# Selenium Manager downloads no browser or driver, and Chromium runs with its Google services off.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

log() { printf '[browser] %s\n' "$*" >&2; }
die() { printf '[browser] ERROR: %s\n' "$*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ] || [ ! -x "$DRIVER" ]; then
  command -v apt-get > /dev/null || die "no $CHROMIUM or $DRIVER, and no apt-get to install them: install Chromium and its chromedriver so that these paths exist"
  [ "$(id -u)" = 0 ] || die "no $CHROMIUM or $DRIVER: run as root to install them (apt-get install chromium chromium-driver)"
  log "installing chromium chromium-driver"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
fi
[ -x "$CHROMIUM" ] && [ -x "$DRIVER" ] || die "the packages installed no $CHROMIUM or $DRIVER"
echo "chromium: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null | head -n1))"
echo "chromedriver: $DRIVER ($("$DRIVER" --version 2>/dev/null | head -n1))"
