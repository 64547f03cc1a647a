#!/bin/sh
# Headless Chromium for tests/browser (the `gt-tui serve` test): Debian's `chromium`
# package, installed only if missing and only where apt can (root). Never fails the
# build: without a browser, the browser tests skip and name the missing package.
command -v chromium >/dev/null 2>&1 && exit 0
command -v chromium-browser >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "tests/browser: no chromium and no root apt-get: the browser tests will skip" >&2
	exit 0
fi
echo "tests/browser: installing Debian's chromium (once) ..." >&2
log=$(mktemp)
if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >"$log" 2>&1; then
	echo "tests/browser: $(chromium --version 2>/dev/null)" >&2
else
	echo "tests/browser: installing chromium failed (the browser tests will skip):" >&2
	tail -5 "$log" >&2
fi
rm -f "$log"
exit 0
