#!/bin/sh
# khabar - ISC licence, see LICENSE.
# The manual pages parse with mandoc's linter with no warning or error.
. "${srcdir:-.}/tests/tap.sh"
if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP mandoc is not installed"
	exit 0
fi
echo "1..2"
for page in khabar.1 khabar.conf.5; do
	if out=$(mandoc -Tlint -Wwarning "$srcdir/man/$page" 2>&1) &&
	    [ -z "$out" ]; then
		ok "mandoc -Tlint $page"
	else
		notok "mandoc -Tlint $page"
		echo "$out" | sed 's/^/# /'
	fi
done
tap_exit
