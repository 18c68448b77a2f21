#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Screen-row tests of `khabar render': each cases/NAME.in is rendered with the
# options in cases/NAME.args (one line, may be absent) and compared with
# cases/NAME.out, which was checked by reading it.  Then the exit statuses.
# Prints TAP.
set -u
: "${KHABAR:=./khabar}"
: "${srcdir:=.}"
dir="$srcdir/tests/render/cases"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

cases=$(ls "$dir"/*.in | sort)
total=$(($(echo "$cases" | wc -l) + 7))
echo "1..$total"

for in in $cases; do
	name=$(basename "$in" .in)
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# shellcheck disable=SC2086
	if "$KHABAR" render $args "$in" >"$tmp/out" 2>"$tmp/err" &&
	    cmp -s "$tmp/out" "$dir/$name.out" && [ ! -s "$tmp/err" ]; then
		ok "render $name"
	else
		notok "render $name"
		diff -u "$dir/$name.out" "$tmp/out" | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/err"
	fi
done

status() {	# expected-status description command...
	want=$1 desc=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$got" -eq "$want" ] && { [ "$want" -eq 0 ] || [ "$lines" -ge 1 ]; }; then
		ok "$desc (exit $got)"
	else
		notok "$desc (exit $got, want $want)"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}
status 0 "render reads standard input" "$KHABAR" render --width 10 -
status 2 "bad width" "$KHABAR" render --width 0 "$dir/arabic-basic.in"
status 2 "bad direction" "$KHABAR" render --dir up "$dir/arabic-basic.in"
status 2 "unknown option" "$KHABAR" render --colour "$dir/arabic-basic.in"
status 1 "missing file" "$KHABAR" render "$tmp/no-such-file"
status 1 "a directory is not a file" "$KHABAR" render "$tmp"
status 2 "unknown subcommand" "$KHABAR" frobnicate
exit $((fail > 0))
