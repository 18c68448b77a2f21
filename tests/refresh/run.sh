#!/bin/sh
# khabar - ISC licence, see LICENSE.
# khabar refresh, list, search and mark-read against a local HTTP server
# (tests/refresh/server.py on 127.0.0.1, ETag and 304), in a temporary
# HOME with its own XDG directories.  Prints TAP; the server stops by
# itself after 170 s and every khabar run is bounded by timeout(1).
set -u
. "${srcdir:-.}/tests/refresh/setup.sh"
log=$tmp/server.log
N=12

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -20
	return 0
}
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
k() { timeout 60 "$KHABAR" "$@"; }
# Run khabar with stdout in $tmp/out, stderr in $tmp/err; $rc is the status.
run() { k "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
py() { "$PYTHON" -c "$@"; }
sql() { py 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for r in c.execute(sys.argv[2]): print(*r, sep="|")
c.commit()' "$cache" "$1"; }
jcount() { py 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
    "$tmp/out"; }
gen() { "$PYTHON" "$here/gen-feeds.py" "$tmp/www" --feeds $N --items 10 "$@"; }
url() { echo "http://127.0.0.1:$port/$1"; }
lines() { grep -c "$1" "$log" 2>/dev/null || true; }

gen
"$PYTHON" "$here/server.py" --root "$tmp/www" --log "$log" --lifetime 170 \
    --conc "$tmp/conc" >"$tmp/port" 2>"$tmp/server.err" &
server=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")
if [ -z "$port" ]; then
	echo "1..0 # SKIP the test server did not start"
	exit 0
fi

# --- First run: the feeds file is created from feeds.default.
cat >"$KHABAR_DATADIR/welcome.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Welcome</title><link>http://example.org/</link>
<item><title>Welcome to khabar</title><guid>welcome-1</guid></item>
</channel></rss>
EOF
echo "file://@DATADIR@/welcome.xml" >"$KHABAR_DATADIR/feeds.default"
run refresh
check "first run: refresh exits 0" test "$rc" = 0
check "first run: the feeds file is created" test -s "$feeds"
run list
check "first run: the welcome feed is in the cache" \
    grep -q "Welcome to khabar" "$tmp/out"
rm -f "$cache" "$cache-wal" "$cache-shm"

# --- A cold refresh of N feeds.
: >"$feeds"
i=0
while [ $i -lt $N ]; do url "feed$i.xml" >>"$feeds"; i=$((i + 1)); done
: >"$log"
run refresh
check "refresh of $N feeds exits 0" test "$rc" = 0
check "refresh is silent when stderr is not a terminal" test ! -s "$tmp/err"
check "each feed was fetched once, 200" test "$(lines ' 200 -$')" = $N
run list --json
check "list --json is valid JSON with every item" test "$(jcount)" = $((N * 10))
check "list --json objects have the seven keys" py 'import json,sys,re
a = json.load(open(sys.argv[1]))
keys = {"id","feed","title","link","published","unread","starred"}
assert all(set(o) == keys for o in a)
assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", o["published"])
    for o in a)
assert all(o["unread"] is True and o["starred"] is False for o in a)
d = [o["published"] for o in a]; assert d == sorted(d, reverse=True)' "$tmp/out"
check "validators are stored" test "$(sql 'SELECT count(*) FROM feeds
    WHERE etag IS NOT NULL AND last_status = 200')" = $N

# --- Second refresh: conditional GET, 304.
: >"$log"
run refresh
check "second refresh exits 0" test "$rc" = 0
check "the server saw If-None-Match on every request" \
    test "$(grep -c ' 304 "' "$log")" = $N
check "no full body the second time" test "$(lines ' 200 ')" = 0

# --- State survives a refresh that changes the content.
run mark-read --feed "$(url feed0.xml)"
check "mark-read --feed exits 0" test "$rc" = 0
run list --unread --json
check "the feed's items are read" test "$(jcount)" = $(((N - 1) * 10))
sql "UPDATE items SET starred = 1 WHERE guid = '1-2'" >/dev/null
run list --starred --json
check "one starred item" test "$(jcount)" = 1
gen --version 2
: >"$log"
run refresh
check "refresh of changed feeds exits 0" test "$rc" = 0
check "changed feeds were fetched in full" test "$(lines ' 200 ')" = $N
run list --feed "$(url feed0.xml)" --json
check "state kept, content updated, new item unread" py 'import json,sys
a = json.load(open(sys.argv[1]))
assert len(a) == 11, len(a)
new = [o for o in a if o["unread"]]
assert len(new) == 1 and new[0]["title"].endswith(" 0-10"), new
assert sum("محدث2" in o["title"] for o in a) == 6' "$tmp/out"
run list --starred --json
check "the starred item is still starred and updated" py 'import json,sys
a = json.load(open(sys.argv[1]))
assert len(a) == 1 and a[0]["title"].endswith("محدث2 1-2"), a' "$tmp/out"

# --- list options and the sanitiser.
run list --limit 3
check "list --limit 3 prints 3 lines" test "$(wc -l <"$tmp/out")" = 3
check "a list line: date, marks, feed, title" \
    grep -Eq '^2025-01-[0-9]{2} [0-9]{2}:[0-9]{2} [N ][* ] قناة [0-9]+  ' \
    "$tmp/out"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<rss version="2.0"><channel><title>Evil&#27;[2J feed</title>' \
    '<item><title>Red &#x1b;[31mtext&#7; &#x202e;reversed</title>' \
    '<guid>evil-1</guid><pubDate>Tue, 01 Apr 2025 00:00:00 GMT</pubDate></item>' \
    '<item><title>افتتاح مَدْرَسَةُ النُّورِ</title><guid>s-1</guid></item>' \
    '<item><title>تاريخ الإسلام الحديث</title><guid>s-2</guid></item>' \
    '<item><title>الاسلام</title><guid>s-3</guid><description>plain</description></item>' \
    '</channel></rss>' >"$tmp/www/evil.xml"
url evil.xml >>"$feeds"
run refresh "$(url evil.xml)"
check "refresh of one named feed exits 0" test "$rc" = 0
run list --feed "$(url evil.xml)"
check "no control character or escape reaches the terminal" py 'import sys
s = open(sys.argv[1], encoding="utf-8").read()
assert "Red" in s
bad = [c for c in s if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f
    or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
assert not bad, bad' "$tmp/out"
# On a terminal each field is laid out on its own: the Arabic title reads
# right to left, shaped; through a pipe it stays logical (checked above).
if command -v script >/dev/null 2>&1; then
	script -qc "\"$KHABAR\" list --feed $(url evil.xml)" /dev/null \
	    >"$tmp/tty" 2>&1 </dev/null
	check "on a terminal, list shows an Arabic title reordered and shaped" \
	    py 'import sys
s = open(sys.argv[1], encoding="utf-8", errors="replace").read()
assert "\ufee1\ufefc\ufeb3\ufefb\ufe8d" in s, ascii(s)
assert "\u0627\u0644\u0627\u0633\u0644\u0627\u0645" not in s' "$tmp/tty"
else
	ok "on a terminal, list shows an Arabic title reordered and shaped # SKIP no script(1)"
fi
run search الاسلام الحديث --json
check "search: الاسلام finds الإسلام" py 'import json,sys
a = json.load(open(sys.argv[1]))
assert [o["title"] for o in a] == ["تاريخ الإسلام الحديث"], a' "$tmp/out"
run search مدرسه النور
check "search: مدرسه finds مَدْرَسَة" grep -q "افتتاح مَدْرَسَةُ النُّورِ" "$tmp/out"
check "search prints one line per hit" test "$(wc -l <"$tmp/out")" = 1
run search --limit 2 الاسلام
check "search --limit 2 QUERY" test "$(wc -l <"$tmp/out")" = 2
run search zzzznothing --json
check "search without hits: an empty JSON array" test "$(jcount)" = 0

# --- Failing feeds among good ones.
printf '<html><body>not a feed</body></html>\n' >"$tmp/www/page.html"
for u in status/404 status/500 page.html; do url "$u" >>"$feeds"; done
echo "http://127.0.0.1:1/refused.xml" >>"$feeds"
: >"$log"
run refresh
check "refresh with failing feeds exits 3" test "$rc" = 3
check "the 404 is reported with its reason" \
    grep -q "status/404: HTTP 404" "$tmp/err"
check "the 500 is reported" grep -q "status/500: HTTP 500" "$tmp/err"
check "an HTML page is 'not a feed'" grep -q "page.html: not a feed" "$tmp/err"
check "a refused connection is reported" grep -q "refused.xml: " "$tmp/err"
check "four failures, four lines" test "$(wc -l <"$tmp/err")" = 4
check "good feeds still answered (304)" test "$(grep -c ' 304 ' "$log")" = $((N + 1))
check "errors are recorded in the cache" test "$(sql "SELECT count(*) FROM
    feeds WHERE last_error IS NOT NULL AND failures = 1")" = 4
run refresh
check "failures count up" test "$(sql "SELECT count(*) FROM
    feeds WHERE failures = 2")" = 4
cp "$tmp/www/feed5.xml" "$tmp/feed5.save"
echo '<rss><channel><item><title>broken' >"$tmp/www/feed5.xml"
printf 'this is no feed' >"$tmp/www/feed5.xml"
run refresh "$(url feed5.xml)"
check "a feed that turns bad: exit 3" test "$rc" = 3
run list --feed "$(url feed5.xml)" --json
check "... and its old items are kept" test "$(jcount)" = 11
mv "$tmp/feed5.save" "$tmp/www/feed5.xml"
sed -i '/status\/\|page.html\|refused/d' "$feeds"

# --- A permanent redirect is reported, not written to the feeds file.
url moved/feed2.xml >"$tmp/moved-feeds"
run -f "$tmp/moved-feeds" refresh
check "a moved feed still refreshes (exit 0)" test "$rc" = 0
check "the new URL is in the summary" \
    grep -q "moved permanently to $(url feed2.xml); update the feeds file" \
    "$tmp/err"
check "the feeds file is not rewritten" \
    test "$(cat "$tmp/moved-feeds")" = "$(url moved/feed2.xml)"

# --- Errors and usage.
run refresh http://127.0.0.1:1/unknown.xml
check "refresh of an unknown URL exits 1" test "$rc" = 1
check "... with one line naming it" sh -c \
    "test \$(wc -l <'$tmp/err') = 1 && grep -q unknown.xml '$tmp/err'"
for args in "refresh --jobs 0" "refresh --jobs x" "refresh --bogus" \
    "list extra" "list --limit 0" "search" "mark-read" \
    "mark-read --all --feed x" "mark-read extra"; do
	# shellcheck disable=SC2086
	run $args
	check "usage: khabar $args exits 2" test "$rc" = 2
done
echo "not a cache" >"$tmp/notcache"
run -c "$tmp/notcache" refresh
check "a cache that cannot be opened: exit 1" test "$rc" = 1
check "... and the message names the file" grep -q "$tmp/notcache" "$tmp/err"
run -c "$tmp/notcache" list
check "list on a bad cache: exit 1 naming it" sh -c \
    "test $rc = 1 && grep -q '$tmp/notcache' '$tmp/err'"
run -c "$tmp/no-such-cache.db" list --json
check "list without a cache: an empty array" test "$(jcount)" = 0
run mark-read --feed http://example.org/nope
check "mark-read of an unknown feed: exit 1" test "$rc" = 1

# --- The progress display on a terminal.
if command -v script >/dev/null 2>&1; then
	gen --version 3
	timeout 60 script -qec "'$KHABAR' refresh" /dev/null \
	    >"$tmp/tty" 2>&1 </dev/null
	rc=$?
	check "on a terminal: exit 0" test "$rc" = 0
	check "progress: CR and clear-to-eol, no other escapes" py 'import sys
s = open(sys.argv[1], "rb").read()
assert b"\rrefreshing: " in s and b"\x1b[K" in s, s
assert b"\x1b" not in s.replace(b"\x1b[K", b""), s
assert b"%d feeds: %d updated, 1 unchanged, 0 failed" % (
    int(sys.argv[2]) + 1, int(sys.argv[2])) in s, s' "$tmp/tty" $N
else
	ok "# SKIP script(1) not found"
	ok "# SKIP script(1) not found"
fi

# --- mark-read --all.
run mark-read --all
check "mark-read --all exits 0" test "$rc" = 0
run list --unread --json
check "... and nothing is unread" test "$(jcount)" = 0

# --- A refresh and a reader at the same time.
(
	v=4
	while [ $v -lt 10 ]; do
		gen --version $v
		k refresh >/dev/null 2>>"$tmp/conc.err" ||
		    echo "refresh exit $?" >>"$tmp/conc.err"
		v=$((v + 1))
	done
) &
writer=$!
reads=0
while kill -0 $writer 2>/dev/null; do
	k list --unread >/dev/null 2>>"$tmp/conc.err" ||
	    echo "list exit $?" >>"$tmp/conc.err"
	k mark-read --feed "$(url feed3.xml)" 2>>"$tmp/conc.err" ||
	    echo "mark-read exit $?" >>"$tmp/conc.err"
	reads=$((reads + 1))
done
wait $writer
: >"$tmp/err"
[ -f "$tmp/conc.err" ] && cp "$tmp/conc.err" "$tmp/err"
check "concurrent refresh and reader ($reads reads): no errors" \
    test ! -s "$tmp/conc.err"
check "integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok
check "the refreshes all landed" test "$(sql "SELECT count(*) FROM items
    WHERE title LIKE '%محدث9 %'")" = $((N * 9))

# --- A full disk (here a file size limit, ulimit -f): the refresh says
# why it cannot write, and the cache keeps every item and mark it had.
before=$(sql "SELECT count(*) FROM items")
marks=$(sql "SELECT count(*) FROM items WHERE unread = 0 OR starred = 1")
gen --version 12 --words 400
(trap '' XFSZ; ulimit -f 200; exec timeout 60 "$KHABAR" refresh) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
check "full disk: refresh exits 3" test "$rc" = 3
check "full disk: the reason is said" grep -q "cannot write" "$tmp/err"
check "full disk: the cache passes integrity_check" \
    test "$(sql 'PRAGMA integrity_check')" = ok
check "full disk: no item and no mark lost" test \
    "$(sql "SELECT count(*) FROM items")" -ge "$before" -a \
    "$(sql "SELECT count(*) FROM items WHERE unread = 0 OR starred = 1")" \
    = "$marks"
run refresh
check "full disk: with room again, the refresh stores it all" \
    test "$rc" = 0 -a "$(sql "SELECT count(*) FROM items
    WHERE title LIKE '%محدث12 %'")" = $((N * 11))

# --- Retention from the configuration: max-items and keep-articles-days.
# An item still in its feed and a starred item stay whatever the limits.
ret() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<rss version="2.0"><channel><title>Ret</title>'
		for d in "$@"; do
			printf '<item><title>ret %s</title><guid>ret-%s</guid>' \
			    "$d" "$d"
			printf '<pubDate>%s Jan 2024 10:00:00 GMT</pubDate>' "$d"
			echo '</item>'
		done
		echo '</channel></rss>'
	} >"$tmp/www/ret.xml"
}
rcount() { sql "SELECT count(*) FROM items JOIN feeds ON feeds.id = feed_id
    WHERE feeds.url = '$(url ret.xml)'"; }
url ret.xml >>"$feeds"
ret 01 02 03 04 05 06 07 08 09 10
run refresh "$(url ret.xml)"
check "retention: the feed's 10 items are stored" test "$(rcount)" = 10
sql "UPDATE items SET starred = 1 WHERE guid = 'ret-01'" >/dev/null
ret 20 21 22
printf 'max-items 4\nkeep-articles-days 0\n' >"$XDG_CONFIG_HOME/khabar/config"
run refresh "$(url ret.xml)"
check "max-items 4: the 3 in the feed, the newest other, the starred" \
    test "$(sql "SELECT group_concat(guid, ' ') FROM (SELECT guid FROM items
    WHERE guid LIKE 'ret-%' ORDER BY guid)")" = \
    "ret-01 ret-10 ret-20 ret-21 ret-22"
ret 20 21 23
printf 'max-items 0\nkeep-articles-days 30\n' \
    >"$XDG_CONFIG_HOME/khabar/config"
run refresh "$(url ret.xml)"
check "keep-articles-days 30: what the feed has and the starred one" \
    test "$(sql "SELECT group_concat(guid, ' ') FROM (SELECT guid FROM items
    WHERE guid LIKE 'ret-%' ORDER BY guid)")" = \
    "ret-01 ret-20 ret-21 ret-23"
printf 'max-items lots\n' >"$XDG_CONFIG_HOME/khabar/config"
run refresh "$(url ret.xml)"
check "a bad setting: refresh still runs and names the line" \
    sh -c 'test "$1" = 0 && grep -q "config:1: " "$2"' sh "$rc" "$tmp/err"
rm -f "$XDG_CONFIG_HOME/khabar/config"

# --- Feeds larger than the queue's limit (3 MB), from a server that takes
# a second to answer each, run side by side: the refresh holds transfers
# back only while what waits for the parser and the writer is over the
# limit, not for what the transfers might bring.  Counting those at the
# average body so far, it fetched them one at a time after the first few.
py 'import sys
item = ("<item><title>big %d</title><guid>big-%d</guid><description>" +
        "خبر عاجل " * 5000 + "</description></item>\n")
with open(sys.argv[1], "w") as f:
    f.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\"><channel><title>big</title>\n")
    for i in range(40):
        f.write(item % (i, i))
    f.write("</channel></rss>\n")' "$tmp/www/big.xml"
: >"$tmp/bigfeeds"
i=0
while [ $i -lt 12 ]; do
	url "slow/big.xml?s=1&n=$i" >>"$tmp/bigfeeds"
	i=$((i + 1))
done
: >"$tmp/conc"
k -f "$tmp/bigfeeds" -c "$tmp/big.db" refresh --jobs 4 >"$tmp/out" \
    2>"$tmp/err"
rc=$?
check "12 feeds of 3.2 MB, slowly: refresh exits 0" test "$rc" = 0
check "12 feeds of 3.2 MB, slowly: every item stored" test "$(py '
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "SELECT count(*) FROM items").fetchone()[0])' "$tmp/big.db")" = 480
# The fifth request on came once one of the first four was done.
late=$(sed -n '5,$p' "$tmp/conc" | awk '$2 > m { m = $2 } END { print m + 0 }')
check "12 feeds of 3.2 MB, slowly: still 3 or 4 at once after the first 4 ($late)" \
    test "$late" -ge 3

echo "1..$n"
[ $failed -eq 0 ]
