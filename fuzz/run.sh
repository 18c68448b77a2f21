#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Build the libFuzzer targets with clang and run one for a while.
#   fuzz/run.sh parse|html|layout|extract SECONDS
# The build lives in build-fuzz/, the growing corpus in fuzz/corpus-TARGET/
# (seeded from the project's own fixtures), crashes in fuzz/.
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh parse|html|layout|extract SECONDS}
seconds=${2:-600}
if [ ! -f build-fuzz/Makefile ]; then
	mkdir -p build-fuzz
	(cd build-fuzz && ../configure CC=clang --enable-fuzzing)
fi
make -C build-fuzz -j"$(nproc)" "fuzz/fuzz-$target"
corpus=fuzz/corpus-$target
mkdir -p "$corpus"
case $target in
parse)	seeds="tests/data/feeds tests/data/net" ;;
html)	seeds="tests/html/cases" ;;
layout)	seeds="tests/render/cases" ;;
extract) seeds="tests/extract/cases tests/html/cases" ;;
*)	echo "fuzz/run.sh: no target $target" >&2; exit 2 ;;
esac
for d in $seeds; do
	[ -d "$d" ] && find "$d" -type f -size -256k -exec cp {} "$corpus/" \;
done
ASAN_OPTIONS=detect_leaks=1 exec "build-fuzz/fuzz/fuzz-$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=262144 -artifact_prefix=fuzz/ -print_final_stats=1 "$corpus"
