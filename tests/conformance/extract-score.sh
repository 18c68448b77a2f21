#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Accuracy of `khabar extract' against corpora given by path, never copied
# into the tree:
#   tests/conformance/extract-score.sh \
#       /path/to/readability/test/test-pages /path/to/arabic/pages
# $KHABAR names the program (default ./khabar).  See extract-score.py.
set -eu
: "${KHABAR:=./khabar}"
if [ $# -eq 0 ]; then
	echo "usage: extract-score.sh CORPUS-DIR..." >&2
	exit 2
fi
exec python3 "$(dirname "$0")/extract-score.py" "$KHABAR" "$@"
