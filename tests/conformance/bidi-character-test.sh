#!/bin/sh
# khabar - ISC licence, see LICENSE.
# UAX #9 conformance of the layout engine against BidiCharacterTest.txt
# (Debian package unicode-data).  Usage: bidi-character-test.sh [FILE]
# Prints TAP: one line for the whole file, the program's report as comments.
set -u
file=${1:-/usr/share/unicode/BidiCharacterTest.txt}
: "${KHABAR:=./khabar}"
prog="$(dirname "$KHABAR")/tests/conformance/bidi-conformance"

if [ ! -r "$file" ]; then
	echo "1..0 # SKIP $file not found (install unicode-data)"
	exit 0
fi
if [ ! -x "$prog" ]; then
	echo "1..1"
	echo "not ok 1 - BidiCharacterTest: $prog not built"
	exit 0
fi
echo "1..1"
out=$(LC_ALL=C.UTF-8 "$prog" "$file")
rc=$?
echo "$out" | sed 's/^/# /'
summary=$(echo "$out" | sed -n 's/^cases: \([0-9]*\) run.* \([0-9]*\) matched.*/\2 of \1/p')
[ -n "$summary" ] || summary="? of ?"
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - BidiCharacterTest: $summary cases match"
else
	echo "not ok 1 - BidiCharacterTest: $summary cases match (exit $rc)"
fi
