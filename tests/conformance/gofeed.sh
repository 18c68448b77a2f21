#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Conformance run against gofeed's test suite (not part of `make check'):
#   tests/conformance/gofeed.sh /path/to/gofeed/testdata [KHABAR]
# Prints pass/fail with the reason per file, then the overall pass rate.
# The corpus is read in place and never copied into this tree.
set -u
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 GOFEED-TESTDATA-DIR [KHABAR]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
khabar=${2:-${KHABAR:-./khabar}}
exec python3 "$here/gofeed-compare.py" "$khabar" "$1"
