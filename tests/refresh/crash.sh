#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Kill `khabar refresh' with SIGKILL at random moments until KILLS (50) kills
# have landed in a running refresh,
# and check after each kill that the cache passes PRAGMA integrity_check
# and that the read and starred state set before the kills is intact.  The
# server (server.py --vary) changes every title at each request and sends
# no validators, so every refresh rewrites every item and its index rows:
# a kill lands inside a write transaction most of the time.  The delays are
# drawn over 1.1 times the length of a whole refresh, measured first.
set -u
: "${KILLS:=50}"
. "${srcdir:-.}/tests/refresh/setup.sh"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
now_ms() { "$PYTHON" -c 'import time; print(int(time.monotonic() * 1000))'; }

"$PYTHON" "$here/gen-feeds.py" "$tmp/www" --feeds 4 --items 500 --words 60 \
    --marker
"$PYTHON" "$here/server.py" --root "$tmp/www" --log "$tmp/log" --vary \
    --lifetime 600 >"$tmp/port" 2>"$tmp/server.err" &
server=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")
if [ -z "$port" ]; then
	echo "1..0 # SKIP the test server did not start"
	exit 0
fi
for i in 0 1 2 3; do
	echo "http://127.0.0.1:$port/feed$i.xml" >>"$feeds"
done

# The checker: integrity, then the state set below.
cat >"$tmp/check.py" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
r = c.execute("PRAGMA integrity_check").fetchall()
assert r == [("ok",)], r
n = c.execute("SELECT count(*) FROM items").fetchone()[0]
assert n == 2000, "items: %d" % n
u = c.execute("SELECT count(*) FROM items i JOIN feeds f ON f.id = i.feed_id"
    " WHERE f.url LIKE '%/feed0.xml' AND i.unread = 1").fetchone()[0]
assert u == 0, "feed0 unread: %d" % u
s = sorted(g for (g,) in c.execute("SELECT guid FROM items WHERE starred"))
assert s == ["1-7", "2-100", "3-499"], s
r = c.execute("SELECT unread FROM items WHERE guid = '2-5'").fetchall()
assert r == [(0,)], r
EOF

if timeout 120 "$KHABAR" refresh 2>"$tmp/err"; then
	ok "a first refresh"
else
	not_ok "a first refresh"
	sed 's/^/# /' "$tmp/err"
fi
# What the killed runs do: a refresh that rewrites every item; the
# shortest of three.
full=
for i in 1 2 3; do
	start=$(now_ms)
	timeout 120 "$KHABAR" refresh 2>"$tmp/err"
	t=$(($(now_ms) - start))
	if [ -z "$full" ] || [ "$t" -lt "$full" ]; then full=$t; fi
done
echo "# a refresh that rewrites every item takes $full ms"
timeout 60 "$KHABAR" mark-read --feed "http://127.0.0.1:$port/feed0.xml"
"$PYTHON" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("UPDATE items SET starred = 1 WHERE guid IN (\"1-7\", \"2-100\", \"3-499\")")
c.execute("UPDATE items SET unread = 0 WHERE guid = \"2-5\"")
c.commit()' "$cache"
if "$PYTHON" "$tmp/check.py" "$cache" 2>"$tmp/err"; then
	ok "the state is set"
else
	not_ok "the state is set"
	sed 's/^/# /' "$tmp/err"
fi

span=$((full * 11 / 10))
# Kill until KILLS kills have landed in a running refresh, at delays drawn
# over the span (seeded from the clock; printed with each test).  A kill
# that comes after the refresh ended is checked too but not counted, and
# narrows the span: how long a refresh takes depends on the machine's load.
# At most three times KILLS tries.
seed=$(date +%s%N)
hit=0
k=1
while [ $hit -lt "$KILLS" ] && [ $k -le $((KILLS * 3)) ]; do
	delay=$(awk -v span="$span" -v seed="$((seed % 2147483647 + k))" \
	    'BEGIN { srand(seed); print int(rand() * (span + 1)) }')
	"$KHABAR" refresh >/dev/null 2>&1 &
	pid=$!
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	if kill -KILL "$pid" 2>/dev/null; then
		hit=$((hit + 1))
		what="killed"
	else
		what="had finished"
		span=$((span * 4 / 5 + 1))
	fi
	wait "$pid" 2>/dev/null
	if "$PYTHON" "$tmp/check.py" "$cache" 2>"$tmp/err"; then
		ok "try $k at $delay ms ($what): integrity ok, state intact"
	else
		not_ok "try $k at $delay ms ($what): integrity ok, state intact"
		sed 's/^/# /' "$tmp/err"
	fi
	k=$((k + 1))
done
if [ $hit -ge "$KILLS" ]; then
	ok "$hit kills hit a running refresh, in $((k - 1)) tries"
else
	not_ok "only $hit of $((k - 1)) kills hit a running refresh"
fi
if timeout 120 "$KHABAR" refresh 2>"$tmp/err" &&
    "$PYTHON" "$tmp/check.py" "$cache"; then
	ok "a refresh after the kills works"
else
	not_ok "a refresh after the kills works"
fi
echo "1..$n"
[ $failed -eq 0 ]
