#!/bin/sh
# khabar - ISC licence, see LICENSE.
# The manual pages parse with mandoc's linter with no warning or error.
: "${srcdir:=.}"
if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP mandoc is not installed"
	exit 0
fi
echo "1..2"
n=0
fail=0
for page in khabar.1 khabar.conf.5; do
	n=$((n + 1))
	if out=$(mandoc -Tlint -Wwarning "$srcdir/man/$page" 2>&1) && [ -z "$out" ]; then
		echo "ok $n - mandoc -Tlint $page"
	else
		echo "not ok $n - mandoc -Tlint $page"
		echo "$out" | sed 's/^/# /'
		fail=1
	fi
done
exit $fail
