#!/bin/sh
# khabar - ISC licence, see LICENSE.
# extract_page() on saved pages, by bench/extract-bench: for each page of at
# least MIN bytes (default 350,000) under the corpus directories given by
# path (never copied into the tree), its size, the median time of
# extract_page() and of libxml2's parse alone, and the time per 500 KB.
#   bench/extract-corpus.sh [-b BENCH] [-m MIN] DIR...
set -eu
bench=./bench/extract-bench
min=350000
while getopts b:m: o; do
	case $o in
	b)	bench=$OPTARG ;;
	m)	min=$OPTARG ;;
	*)	echo "usage: extract-corpus.sh [-b BENCH] [-m MIN] DIR..." >&2
		exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	echo "usage: extract-corpus.sh [-b BENCH] [-m MIN] DIR..." >&2
	exit 2
fi
# Readability's test pages keep the answer beside each page: not a page.
find "$@" -name '*.html' ! -name 'expected*.html' -size +"$((min / 1024))"k |
    sort | while read -r f; do
	"$bench" "$f" 21 | awk -v f="$f" '
		/^page:/ { size = $2 }
		/^extract_page:/ { e = $3 }
		/^libxml2/ { x = $4 }
		END { printf "%8d bytes  extract %6.2f ms  libxml2 %6.2f ms  " \
		    "%5.2f ms per 500 KB  %s\n", size, e, x,
		    e * 512000 / size, f }'
done | awk '{ print; v[++n] = $9 } END {
	if (n == 0)
		exit
	# Median of the per-500-KB times (insertion sort: a few dozen pages).
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	printf "%d pages: median %.2f ms per 500 KB, worst %.2f\n", n,
	    n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2, v[n] }'
