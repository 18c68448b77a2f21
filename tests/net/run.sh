#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Start tests/net/hostile-server.py on two ports of 127.0.0.1, run the
# fetcher's test program against it (it prints TAP) and stop the server
# however the test ends.  The server also stops by itself after 120 s.
set -u
: "${srcdir:=.}"
: "${KHABAR:=./khabar}"
builddir=$(dirname "$KHABAR")
test_prog="$builddir/tests/net/fetch-test"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"
	exit 0
fi
if [ ! -x "$test_prog" ]; then
	echo "1..0 # SKIP $test_prog not built (needs cmocka)"
	exit 0
fi

tmp=$(mktemp -d) || exit 99
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	[ -n "$server" ] && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

python3 "$srcdir/tests/net/hostile-server.py" --lifetime 120 \
    >"$tmp/ports" 2>"$tmp/server.err" &
server=$!

# Wait up to 10 s for the line with the ports.
i=0
while [ ! -s "$tmp/ports" ] && [ $i -lt 100 ]; do
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
ports=$(head -n 1 "$tmp/ports")
if [ -z "$ports" ]; then
	echo "Bail out! the test server did not start"
	sed 's/^/# server: /' "$tmp/server.err"
	exit 1
fi

KHABAR_NET_PORTS=$ports CMOCKA_MESSAGE_OUTPUT=TAP "$test_prog"
status=$?
sed 's/^/# server: /' "$tmp/server.err"
exit $status
