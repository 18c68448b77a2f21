#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Refresh benchmark: 200 feeds x 100 items of Arabic text (about 54 MB,
# written by tests/refresh/gen-feeds.py, its words drawn as news text has
# them: TEXT=zipf; TEXT=even draws them evenly from 40 words, which makes
# the search index far cheaper to build than any real feed does)
# served by nginx on 127.0.0.1 with
# ETags, and in the same run: khabar's cold refresh (fresh cache) and its
# second refresh (all 304), `curl --parallel' of every URL plus
# `xmllint --stream' of every file (the floor: download + parse), and
# newsboat's reload with the same parallelism, cold and second time; then
# search time on a 100,000-item cache from bench/store-bench.  Installs
# nginx-light, newsboat and GNU time with apt-get when they are missing and
# it runs as root.  The machines this runs on change speed from one minute
# to the next, so the floor and khabar are measured in turns, RUNS rounds
# (5) of curl, xmllint, a cold refresh and an all-304 one: each figure is
# the best of its runs, and the ratio to the floor is also given for each
# round and as their median; each round's times are printed as it ends.
# newsboat runs once.
#
# newsraft is in no Debian release this runs on; with NEWSRAFT set to a
# newsraft to run, it is measured in the same rounds (cold, its defaults)
# and once unchanged, beside khabar.
#
# After the ratios, from a cold cache, the feeds sent again with 2, 4 and 6 new
# items each: what a refresh costs where the server has no ETags.
#
# Usage: KHABAR=./khabar [STORE_BENCH=bench/store-bench] [JOBS=16]
#        [NEWSRAFT=newsraft] [TEXT=zipf|even] sh bench/refresh-bench.sh
set -u
: "${srcdir:=.}"
: "${KHABAR:=./khabar}"
: "${JOBS:=16}"
: "${RUNS:=5}"
: "${FEEDS:=200}"
: "${ITEMS:=100}"
: "${WORDS:=224}"
: "${TEXT:=zipf}"
case $KHABAR in /*) ;; *) KHABAR=$(pwd)/$KHABAR ;; esac
case $srcdir in /*) ;; *) srcdir=$(pwd)/$srcdir ;; esac

PYTHON=
for p in /usr/bin/python3 /usr/local/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1; then PYTHON=$p; break; fi
done
[ -n "$PYTHON" ] || { echo "refresh-bench: python3 is needed" >&2; exit 1; }

need=
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need="$need nginx-light"
command -v newsboat >/dev/null 2>&1 || need="$need newsboat"
[ -x /usr/bin/time ] || need="$need time"
command -v curl >/dev/null 2>&1 || need="$need curl"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "refresh-bench: installing$need"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need \
		    >/dev/null 2>&1 || {
			apt-get update -q >/dev/null 2>&1
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			    $need >/dev/null 2>&1
		}
	else
		echo "refresh-bench: please install$need" >&2
		exit 1
	fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
have_newsboat=1
command -v newsboat >/dev/null 2>&1 || have_newsboat=0

tmp=$(mktemp -d) || exit 1
ngx=
cleanup() {
	[ -n "$ngx" ] && kill "$ngx" 2>/dev/null && wait "$ngx" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "refresh-bench: generating $FEEDS feeds x $ITEMS items ($TEXT text)"
"$PYTHON" "$srcdir/tests/refresh/gen-feeds.py" "$tmp/www" --feeds "$FEEDS" \
    --items "$ITEMS" --words "$WORDS" --text "$TEXT" || exit 1
bytes=$(cat "$tmp/www"/*.xml | wc -c)

port=$("$PYTHON" -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx/logs"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	etag on;
	types { application/rss+xml xml; }
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	server {
		listen 127.0.0.1:$port;
		root $tmp/www;
	}
}
EOF
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' \
    2>"$tmp/nginx/stderr" &
ngx=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/feed0.xml"; do
	i=$((i + 1))
	if [ $i -gt 50 ]; then
		echo "refresh-bench: nginx did not start" >&2
		cat "$tmp/nginx/stderr" "$tmp/nginx/logs/error.log" >&2
		exit 1
	fi
	sleep 0.1
done

i=0
: >"$tmp/urls"
: >"$tmp/curl.cfg"
while [ $i -lt "$FEEDS" ]; do
	u="http://127.0.0.1:$port/feed$i.xml"
	echo "$u" >>"$tmp/urls"
	printf 'url = "%s"\noutput = "/dev/null"\n' "$u" >>"$tmp/curl.cfg"
	i=$((i + 1))
done

# Run "$@" under GNU time; set $wall (seconds, from the clock: GNU time
# gives hundredths) and $rss (MB).
timed() {
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	t1=$(date +%s%N)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	rss=$(awk -F': ' '/Maximum resident/ { printf "%.1f", $2 / 1024 }' \
	    "$tmp/time")
}
# Keep the smaller of $best and $wall in $best, the larger RSS in $peak.
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# The environment of khabar's runs (mktemp's paths have no blanks).
kenv="HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/config XDG_DATA_HOME=$tmp/home/data"
mkdir -p "$tmp/home/config/khabar"
cp "$tmp/urls" "$tmp/home/config/khabar/feeds"

echo "refresh-bench: $FEEDS feeds, $((FEEDS * ITEMS)) items," \
    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB," \
    "nginx on 127.0.0.1:$port, $JOBS transfers at once," \
    "$(nproc 2>/dev/null || echo ?) CPUs"

# In turns: the floor (curl fetching everything, nothing parsed or stored;
# xmllint parsing every item, nothing stored), then khabar, cold and again.
have_xmllint=0
command -v xmllint >/dev/null 2>&1 && have_xmllint=1
download=
parse=
cold=
cold_rss=0
warm=
warm_rss=0
rounds=
have_newsraft=0
[ -n "${NEWSRAFT:-}" ] && command -v "$NEWSRAFT" >/dev/null 2>&1 &&
    have_newsraft=1
nr_cold=
nr_cold_rss=0
nr_rounds=
if [ $have_newsraft = 1 ]; then
	mkdir -p "$tmp/nr"
	: >"$tmp/nr/config"
	nr="$NEWSRAFT -f $tmp/urls -c $tmp/nr/config -d $tmp/nr/db"
fi
# How fast each CPU is at the start of a round: the same parse pinned to
# each.  On the VMs this runs on, one CPU can be slower than the other for
# seconds (seen: 0.57 s against 0.32 for xmllint of the whole set); the
# single-threaded floor may then run on the fast one, while khabar, which
# uses both, cannot.  Printed with the round, not used in any figure.
ncpu=$(nproc 2>/dev/null || echo 1)
cpu_files=$(ls "$tmp/www"/*.xml | head -10)
cpu_check() {
	cpu_line=
	command -v taskset >/dev/null 2>&1 && [ $have_xmllint = 1 ] || return 0
	c=0
	while [ $c -lt "$ncpu" ]; do
		t0=$(date +%s%N)
		taskset -c $c xmllint --stream --noout $cpu_files \
		    >/dev/null 2>&1
		t1=$(date +%s%N)
		cpu_line="$cpu_line cpu$c $(( (t1 - t0) / 1000000 ))"
		c=$((c + 1))
	done
	cpu_line="; same parse pinned (ms):$cpu_line"
}

r=0
while [ $r -lt "$RUNS" ]; do
	cpu_check
	timed curl -s --parallel --parallel-max "$JOBS" -K "$tmp/curl.cfg"
	download=$(best "$download" "$wall")
	round_floor=$wall
	round_line="curl $wall"
	if [ $have_xmllint = 1 ]; then
		timed xmllint --stream --noout "$tmp/www"/*.xml
		parse=$(best "$parse" "$wall")
		round_floor=$(awk -v a="$round_floor" -v b="$wall" \
		    'BEGIN { print a + b }')
		round_line="$round_line + xmllint $wall"
	fi
	rm -rf "$tmp/home/data"
	timed env $kenv "$KHABAR" refresh --jobs "$JOBS"
	[ $status -eq 0 ] || { echo "khabar refresh failed:" >&2; cat "$tmp/err" >&2; }
	cold=$(best "$cold" "$wall")
	cold_wall=$wall
	cold_rss=$(awk -v a="$cold_rss" -v b="$rss" 'BEGIN { print (b > a ? b : a) }')
	rounds="$rounds $(ratio "$wall" "$round_floor")"
	round_line="$round_line = $round_floor, khabar cold $wall"
	k_wall=$cold_wall
	timed env $kenv "$KHABAR" refresh --jobs "$JOBS"
	warm=$(best "$warm" "$wall")
	warm_rss=$(awk -v a="$warm_rss" -v b="$rss" 'BEGIN { print (b > a ? b : a) }')
	if [ $have_newsraft = 1 ]; then
		rm -f "$tmp/nr/db"*
		timed env HOME="$tmp/nr" $nr -e reload-all
		[ $status -eq 0 ] || { echo "newsraft failed:" >&2; cat "$tmp/err" >&2; }
		nr_cold=$(best "$nr_cold" "$wall")
		nr_cold_rss=$(awk -v a="$nr_cold_rss" -v b="$rss" 'BEGIN { print (b > a ? b : a) }')
		nr_rounds="$nr_rounds $(ratio "$k_wall" "$wall")"
		round_line="$round_line, newsraft $wall"
	fi
	r=$((r + 1))
	echo "  round $r: $round_line s${cpu_line:-}"
done
printf '  %-34s %7.3f s\n' "curl --parallel-max $JOBS (download)" "$download"
floor=$download
if [ $have_xmllint = 1 ]; then
	printf '  %-34s %7.3f s\n' "xmllint --stream --noout (parse)" \
	    "$parse"
	floor=$(awk -v a="$download" -v b="$parse" 'BEGIN { printf "%.3f", a + b }')
	printf '  %-34s %7.3f s\n' "floor: download + parse" "$floor"
else
	echo "  xmllint: not installed, the floor is the download alone"
fi
items=$(env $kenv "$KHABAR" list --json | "$PYTHON" -c 'import json, sys
print(len(json.load(sys.stdin)))')
cache_mb=$(du -sm "$tmp/home/data/khabar" | cut -f1)
printf '  %-34s %7.3f s  peak RSS %5.1f MB  (%s items, cache %s MB)\n' \
    "khabar refresh, cold" "$cold" "$cold_rss" "$items" "$cache_mb"
printf '  %-34s %7.3f s  peak RSS %5.1f MB\n' \
    "khabar refresh, all 304" "$warm" "$warm_rss"

nb_cold=
nb_warm=
if [ $have_newsboat = 1 ]; then
	mkdir -p "$tmp/nb"
	cp "$tmp/urls" "$tmp/nb/urls"
	printf 'reload-threads %s\nshow-read-feeds yes\n' "$JOBS" \
	    >"$tmp/nb/config"
	nb="newsboat -u $tmp/nb/urls -c $tmp/nb/cache.db -C $tmp/nb/config"
	rm -f "$tmp/nb/cache.db"
	timed env HOME="$tmp/nb" $nb -x reload
	[ $status -eq 0 ] || { echo "newsboat failed:" >&2; cat "$tmp/err" >&2; }
	nb_cold=$wall
	nb_cold_rss=$rss
	timed env HOME="$tmp/nb" $nb -x reload
	nb_warm=$wall
	nb_warm_rss=$rss
	nb_unread=$(env HOME="$tmp/nb" $nb -x print-unread 2>/dev/null |
	    head -1)
	printf '  %-34s %7.3f s  peak RSS %5.1f MB  (print-unread: %s)\n' \
	    "newsboat -x reload, cold" "$nb_cold" "$nb_cold_rss" "$nb_unread"
	printf '  %-34s %7.3f s  peak RSS %5.1f MB\n' \
	    "newsboat -x reload, second" "$nb_warm" "$nb_warm_rss"
else
	echo "  newsboat: not installed, not measured"
fi
if [ $have_newsraft = 1 ]; then
	timed env HOME="$tmp/nr" $nr -e reload-all
	nr_warm=$wall
	nr_warm_rss=$rss
	printf '  %-34s %7.3f s  peak RSS %5.1f MB  (%s)\n' \
	    "newsraft -e reload-all, cold" "$nr_cold" "$nr_cold_rss" \
	    "$("$NEWSRAFT" -v 2>&1 | head -1)"
	printf '  %-34s %7.3f s  peak RSS %5.1f MB\n' \
	    "newsraft -e reload-all, unchanged" "$nr_warm" "$nr_warm_rss"
else
	echo "  newsraft: not measured (set NEWSRAFT to a newsraft to run)"
fi

echo "ratios:"
printf '  %-34s %7s  (target <= 2)\n' "khabar cold / floor" \
    "$(ratio "$cold" "$floor")"
median=$(echo $rounds | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 }
    END { if (NR % 2) print v[(NR + 1) / 2]
    else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
printf '  %-34s %7s  (rounds:%s)\n' "khabar cold / floor, each round" \
    "$median" "$rounds"
if [ -n "$nb_cold" ]; then
	printf '  %-34s %7s  (target <= 0.10)\n' "khabar cold / newsboat cold" \
	    "$(ratio "$cold" "$nb_cold")"
	printf '  %-34s %7s\n' "khabar 304 / newsboat second" \
	    "$(ratio "$warm" "$nb_warm")"
fi
if [ $have_newsraft = 1 ]; then
	nr_median=$(echo $nr_rounds | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2]
	    else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	printf '  %-34s %7s  (target <= 1)\n' "khabar cold / newsraft cold" \
	    "$(ratio "$cold" "$nr_cold")"
	printf '  %-34s %7s  (rounds:%s)\n' \
	    "khabar cold / newsraft, each round" "$nr_median" "$nr_rounds"
	printf '  %-34s %7s\n' "khabar 304 / newsraft unchanged" \
	    "$(ratio "$warm" "$nr_warm")"
	printf '  %-34s %7s\n' "khabar peak RSS / newsraft's" \
	    "$(ratio "$cold_rss" "$nr_cold_rss")"
fi
printf '  %-34s %7.1f MB (target <= 64)\n' "khabar peak RSS" "$cold_rss"
printf '  %-34s %7.3f s (target <= 0.13)\n' "khabar all-304 refresh" "$warm"

# Feeds sent again whole with a few new items each (a server without
# ETags, or any change to a feed): from a cold cache of the feeds above,
# the same feeds with 2, then 4, then 6 more items each (gen-feeds.py
# draws item i the same whatever the count), a refresh each; the best of
# RUNS such series.  Last, as it rewrites the feeds the others fetched.
# The parser gathers no words for the items the cache has as they are.
echo "feeds sent again with new items (after the above; no target):"
cp -R "$tmp/www" "$tmp/www+0"
for more in 2 4 6; do
	"$PYTHON" "$srcdir/tests/refresh/gen-feeds.py" "$tmp/www+$more" \
	    --feeds "$FEEDS" --items $((ITEMS + more)) --words "$WORDS" \
	    --text "$TEXT" || exit 1
done
inc=
r=0
while [ $r -lt "$RUNS" ]; do
	cp "$tmp/www+0"/*.xml "$tmp/www"
	rm -rf "$tmp/home/data"
	env $kenv "$KHABAR" refresh --jobs "$JOBS" >/dev/null 2>&1
	series=
	for more in 2 4 6; do
		cp "$tmp/www+$more"/*.xml "$tmp/www"
		timed env $kenv "$KHABAR" refresh --jobs "$JOBS"
		[ $status -eq 0 ] || { echo "khabar refresh failed:" >&2
			cat "$tmp/err" >&2; }
		series="$series $wall"
	done
	inc=$(echo "$series" | awk -v best="$inc" '{
	    n = split(best, b, " "); out = ""
	    for (i = 1; i <= NF; i++)
		out = out (i > 1 ? " " : "") \
		    ((n < i || $i < b[i]) ? $i : b[i])
	    print out }')
	r=$((r + 1))
done
set -- $inc
printf '  %-34s %s s, %s s, %s s  (%s %s %s of the floor)\n' \
    "khabar refresh, +2/+4/+6 items" "$1" "$2" "$3" \
    "$(ratio "$1" "$floor")" "$(ratio "$2" "$floor")" "$(ratio "$3" "$floor")"

if [ -n "${STORE_BENCH:-}" ] && [ -x "$STORE_BENCH" ]; then
	echo "search on a 100,000-item cache (bench/store-bench):"
	mkdir -p "$tmp/sb"
	LC_ALL=C.UTF-8 "$STORE_BENCH" 100000 "$tmp/sb" 2>&1 |
	    sed -n '/^(d)/,$p' | sed 's/^/  /'
else
	echo "search: set STORE_BENCH to bench/store-bench for its figures"
fi
