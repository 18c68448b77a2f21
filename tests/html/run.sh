#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Tests of `khabar html2text': each cases/NAME.html is printed with the
# options in cases/NAME.args (one line, may be absent) and compared with
# cases/NAME.txt, which was checked by reading it.  Then hostile input made
# on the spot (deep nesting, many links) and the exit statuses.  Prints TAP.
set -u
. "${srcdir:-.}/tests/tap.sh"
dir="$srcdir/tests/html/cases"

cases=$(ls "$dir"/*.html | sort)
total=$(($(echo "$cases" | wc -l) + 17))
echo "1..$total"

for html in $cases; do
	name=$(basename "$html" .html)
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# shellcheck disable=SC2086
	golden "html2text $name" "$dir/$name.txt" "$KHABAR" html2text $args "$html"
done

# Standard input gives what the file gives.
if "$KHABAR" html2text --width 40 - <"$dir/nested-lists.html" >"$tmp/out" \
    2>"$tmp/err" && cmp -s "$tmp/out" "$dir/nested-lists.txt"; then
	ok "html2text - reads standard input"
else
	notok "html2text - reads standard input"
fi

# run DESC WANT-STATUS FILE: exit status, and output within 1 MiB.
run() {
	"$KHABAR" html2text --width 60 "$3" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$2" ] && [ "$(wc -c <"$tmp/out")" -lt 1048576 ]; then
		ok "$1 (exit $got)"
	else
		notok "$1 (exit $got, want $2)"
		sed 's/^/# stderr: /' "$tmp/err" | head -5
	fi
}
has() {	# DESC STRING: the last output holds STRING
	if grep -qF -- "$2" "$tmp/out"; then ok "$1"; else notok "$1"; fi
}

# 10,000 nested elements: structure stops at depth 256, text stays.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "<div><b>";
    printf "deep text"; for (i = 0; i < 10000; i++) printf "</b></div>";
    print "<p>after the depths</p>" }' >"$tmp/deep.html"
run "10,000 nested elements" 0 "$tmp/deep.html"
has "text below depth 256 is kept" "deep text"
has "text after the deep part is kept" "after the depths"

# 200,000 unclosed inline elements.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "<i><a href=\"x%d\">", i;
    print "bottom" }' >"$tmp/unclosed.html"
run "200,000 unclosed elements" 0 "$tmp/unclosed.html"
has "text under 200,000 unclosed elements" "bottom"

# More links than a number can hold: the rest keep their text.
awk 'BEGIN { for (i = 1; i <= 70000; i++)
    printf "<a href=\"https://l.example/%d\">t%d</a>\n", i, i }' \
    >"$tmp/links.html"
"$KHABAR" html2text --width 60 "$tmp/links.html" >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q '^\[65535\] https://l.example/65535$' "$tmp/out" &&
    ! grep -q '^\[65536\]' "$tmp/out" && grep -q 't70000' "$tmp/out" &&
    [ -s "$tmp/err" ]; then
	ok "links stop at 65535, with a warning"
else
	notok "links stop at 65535, with a warning"
fi

# Random bytes must not crash it.
if [ -r /dev/urandom ]; then
	head -c 200000 /dev/urandom >"$tmp/noise.html"
	run "random bytes" 0 "$tmp/noise.html"
else
	ok "random bytes # SKIP no /dev/urandom"
fi

status 1 "missing file" "$KHABAR" html2text "$tmp/no-such-file"
status 1 "a directory is not a file" "$KHABAR" html2text "$tmp"
status 2 "no FILE" "$KHABAR" html2text
status 2 "two FILEs" "$KHABAR" html2text "$dir/empty.html" "$dir/empty.html"
status 2 "bad width" "$KHABAR" html2text --width 0 "$dir/empty.html"
status 2 "unknown option" "$KHABAR" html2text --colour "$dir/empty.html"
status 1 "unknown charset" "$KHABAR" html2text --charset no-such-set \
    "$dir/entities.html"

# Bytes ISO-8859-6 does not have: each is U+FFFD and the text after them
# stays (libxml2's own conversion stopped there and dropped the rest), and
# nothing goes to stderr (libxml2 printed there, and in the reader stderr
# is the screen); whether the charset is given or named by a <meta>.
# lacks WHAT [OPTION...]: html2text $tmp/bad.html with the options.
lacks() {
	what=$1
	shift
	"$KHABAR" html2text "$@" "$tmp/bad.html" >"$tmp/out" 2>"$tmp/err"
	if [ $? -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q after "$tmp/out" &&
	    grep -q "$(printf '\357\277\275')" "$tmp/out"; then
		ok "$what: U+FFFD, the rest kept, stderr quiet"
	else
		notok "$what: U+FFFD, the rest kept, stderr quiet"
		sed 's/^/# stderr: /' "$tmp/err" | head -5
		sed 's/^/# stdout: /' "$tmp/out" | head -5
	fi
}
printf '<p>\307\341 \377\376\201 after</p>' >"$tmp/bad.html"
lacks "bytes the charset lacks" --charset iso-8859-6
printf '<meta charset="iso-8859-6"><p>\307\341 \377 after</p>' \
    >"$tmp/bad.html"
lacks "a <meta> charset"
tap_exit
