#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Screen-row tests of `khabar render': each cases/NAME.in is rendered with the
# options in cases/NAME.args (one line, may be absent) and compared with
# cases/NAME.out, which was checked by reading it.  Then the exit statuses.
# Prints TAP.
set -u
. "${srcdir:-.}/tests/tap.sh"
dir="$srcdir/tests/render/cases"

cases=$(ls "$dir"/*.in | sort)
total=$(($(echo "$cases" | wc -l) + 7))
echo "1..$total"

for in in $cases; do
	name=$(basename "$in" .in)
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	# shellcheck disable=SC2086
	golden "render $name" "$dir/$name.out" "$KHABAR" render $args "$in"
done

status 0 "render reads standard input" "$KHABAR" render --width 10 -
status 2 "bad width" "$KHABAR" render --width 0 "$dir/arabic-basic.in"
status 2 "bad direction" "$KHABAR" render --dir up "$dir/arabic-basic.in"
status 2 "unknown option" "$KHABAR" render --colour "$dir/arabic-basic.in"
status 1 "missing file" "$KHABAR" render "$tmp/no-such-file"
status 1 "a directory is not a file" "$KHABAR" render "$tmp"
status 2 "unknown subcommand" "$KHABAR" frobnicate
tap_exit
