#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Expected-output tests of `khabar parse': each tests/data/feeds/NAME.in.*
# is parsed with the options in NAME.args (one line, may be absent) and the
# JSON compared with NAME.expected.json, which was checked by reading it.
# A case without NAME.expected.json must be refused: exit 1 and one line on
# stderr.  Then the exit statuses of bad usage.  Prints TAP.
set -u
. "${srcdir:-.}/tests/tap.sh"
dir="$srcdir/tests/data/feeds"

cases=$(ls "$dir"/*.in.* | sort)
total=$(($(echo "$cases" | wc -l) + 8))
echo "1..$total"

for in in $cases; do
	base=$(basename "$in")
	name=${base%%.in.*}
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# shellcheck disable=SC2086
	"$KHABAR" parse $args "$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -f "$dir/$name.expected.json" ]; then
		if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$dir/$name.expected.json" &&
		    [ ! -s "$tmp/err" ]; then
			ok "parse $name"
		else
			notok "parse $name (exit $rc)"
			diff -u "$dir/$name.expected.json" "$tmp/out" | sed 's/^/# /'
			sed 's/^/# stderr: /' "$tmp/err"
		fi
	elif [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	    grep -q "$base" "$tmp/err"; then
		ok "refuse $name: $(cat "$tmp/err")"
	else
		notok "refuse $name (exit $rc)"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
done

status 0 "parse reads standard input" sh -c \
    "\"$KHABAR\" parse - <\"$dir/rss20-basic.in.xml\""
status 2 "no file" "$KHABAR" parse
status 2 "two files" "$KHABAR" parse a b
status 2 "unknown option" "$KHABAR" parse --colour "$dir/rss20-basic.in.xml"
status 1 "missing file" "$KHABAR" parse "$tmp/no-such-file"
status 1 "a directory is not a feed" "$KHABAR" parse "$tmp"
status 0 "a file:// URL is fetched and parsed" "$KHABAR" parse \
    "file://$dir/rss20-basic.in.xml"
status 1 "a refused connection is one clear line" "$KHABAR" parse \
    http://127.0.0.1:9/feed
tap_exit
