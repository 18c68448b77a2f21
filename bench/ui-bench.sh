#!/bin/sh
# khabar - ISC licence, see LICENSE.
# The reader's speed, measured in tmux as a person would see it:
#  - first paint: from exec to the headline list on screen, with 100,000
#    items in the cache, median of 5.  bench/paint-probe.py starts khabar
#    in tmux through a control-mode client, which tmux hands every byte the
#    pane writes as it arrives: the paint is on screen when the status bar
#    of the first paint has reached tmux, with no polling.  The same
#    measurement of a pane that only cats one line says what tmux, the
#    shell and the probe cost by themselves;
#  - the same first paint measured by khabar itself (KHABAR_TRACE_PAINT,
#    see src/util/trace.c): from exec (the launcher notes the time just
#    before it), from the process start (/proc starttime, 10 ms ticks) and
#    from main(); and exec to main(), the dynamic loader's share (mapping
#    and relocating the libraries, their constructors);
#  - the first paint found by polling capture-pane every 10 ms, as the
#    issue measured newsboat and newsraft, with its own cat baseline: on
#    this machine each poll forks a tmux client and grep, so the figure is
#    mostly the poll's cost;
#  - peak memory (VmHWM) after the first paint and a few moves;
#  - bytes written to the terminal (tmux pipe-pane) to move one headline
#    and to scroll the article one line, at 80 and at 140 columns;
#  - newsboat beside it, when it is installed, for the first paint (probe
#    and polled) and the bytes of the same two actions at 80x24.
# The reader is given the feeds file that filled the cache (-f), as a person
# who has run khabar before has one: without it, khabar would look for its
# default feeds file at each start, report that it is missing when it is
# not installed, and create one under $HOME when it is.
# Usage: ui-bench.sh [items]; KHABAR names the binary.  Never run by make check.
set -eu

: "${KHABAR:=./khabar}"
: "${PYTHON:=python3}"
probe=$(dirname "$0")/paint-probe.py
items=${1:-100000}
per=1000
tmp=$(mktemp -d /tmp/khabar-uibench.XXXXXX)
k=0
T=true
trap '$T kill-server 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)"/khabar-uibench-$$-*' EXIT INT TERM

now_ms() {
	date +%s%3N
}

# Feeds of $per items each: Arabic and English titles, HTML bodies.
python3 - "$tmp" "$items" "$per" <<'PY'
import sys, random
d, items, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
ar = "الخبر كتاب مدرسة السلام الحكومة وزير الخارجية قال في على من إلى الرئيس المؤتمر الاقتصاد السوق الأسعار ارتفعت انخفضت العاصمة بيروت القاهرة".split()
en = "the minister said on tuesday that markets prices rose fell capital city report council meeting oil barrel dollars election parliament".split()
urls = open(d + "/urls", "w")
for f in range((items + per - 1) // per):
    path = "%s/feed%03d.xml" % (d, f)
    urls.write("file://%s\n" % path)
    with open(path, "w") as o:
        o.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed %d %s</title><link>https://f%d.example/</link>\n' % (f, random.choice(ar), f))
        for i in range(min(per, items - f * per)):
            words = ar if (i + f) % 2 else en
            title = " ".join(random.choice(words) for _ in range(random.randint(6, 12)))
            paras = "".join("&lt;p&gt;%s.&lt;/p&gt;" % " ".join(random.choice(words) for _ in range(random.randint(10, 25))) for _ in range(8))
            day = 1 + (f * per + i) % 28
            o.write("<item><title>%s</title><link>https://f%d.example/%d</link><guid>g%d-%d</guid><pubDate>%02d Jan 2024 %02d:%02d:00 +0000</pubDate><description>%s</description></item>\n" % (title, f, i, f, i, day, i % 24, i % 60, paras))
        o.write("</channel></rss>\n")
PY
echo "ui-bench: filling a cache with $items items..."
t0=$(now_ms)
"$KHABAR" -f "$tmp/urls" -c "$tmp/cache.db" refresh >/dev/null 2>&1 || true
echo "ui-bench: cache filled in $(( $(now_ms) - t0 )) ms ($(du -h "$tmp/cache.db" | cut -f1))"
: > "$tmp/config"

# fresh: a new tmux server of our own, named by $k; T runs its client.
fresh() {
	$T kill-server 2>/dev/null || true
	k=$((k + 1))
	sock=khabar-uibench-$$-$k
	T="tmux -L $sock -f /dev/null"
}

# Commands for a pane: each notes the time (ns) in $tmp/t0 just before it
# execs the program measured.  Not env(1): its own exec would be counted.
run_khabar="sh -c 'date +%s%N > $tmp/t0; \
    KHABAR_TRACE_PAINT=$tmp/trace LC_ALL=C.UTF-8 TERM=tmux-256color \
    exec $KHABAR -C $tmp/config -f $tmp/urls -c $tmp/cache.db'"
printf 'All articles\n' > "$tmp/screen"
run_cat="sh -c 'date +%s%N > $tmp/t0; exec sh -c \"cat $tmp/screen; sleep 30\"'"
run_newsboat="sh -c 'date +%s%N > $tmp/t0; LC_ALL=C.UTF-8 TERM=tmux-256color \
    exec newsboat -u $tmp/urls -c $tmp/nb.db'"

# start W H: khabar in a fresh session (named b) through the probe; ms is
# the time from exec to the list on screen as tmux received it; tr is
# khabar's own trace line with the exec time (ns) in front.
start() {
	fresh
	rm -f "$tmp/trace"
	# The first row and the status bar are drawn in one pass.
	ms=$("$PYTHON" "$probe" "$sock" "$1" "$2" "All articles" "$tmp/t0" \
	    "$run_khabar")
	while ! grep -q first-paint "$tmp/trace" 2>/dev/null; do
		sleep 0.01
	done
	tr="$(cat "$tmp/t0") $(grep first-paint "$tmp/trace")"
}

# probe CMD PATTERN: ms from exec to PATTERN on screen, through the probe,
# in the server fresh has made (these run in a subshell, $(...), where a
# new server's name would be lost).
probe() {
	"$PYTHON" "$probe" "$sock" 80 24 "$2" "$tmp/t0" "$1"
}

# polled CMD PATTERN: the same, found by polling capture-pane every 10 ms.
polled() {
	$T new-session -d -s b -x 80 -y 24 "$1"
	while ! $T capture-pane -p -t b 2>/dev/null | grep -q "$2"; do
		sleep 0.01
	done
	echo $(( $(date +%s%3N) - $(cat "$tmp/t0") / 1000000 ))
}

median() {
	echo "$@" | tr ' ' '\n' | sort -n | sed -n "$((($# + 1) / 2))p"
}

paint="" ex="" fork="" main="" exm=""
for i in 1 2 3 4 5; do
	start 80 24
	paint="$paint $ms"
	# "T0 first-paint FORK main MAIN wall WALL"
	set -- $tr
	ex="$ex $(awk -v a="$1" -v b="$7" 'BEGIN { printf "%.1f", b - a / 1e6 }')"
	fork="$fork $3"
	main="$main $(printf %.1f "$5")"
	exm="$exm $(awk -v a="$1" -v m="$5" -v b="$7" \
	    'BEGIN { printf "%.1f", b - m - a / 1e6 }')"
done
set --
base=""
for i in 1 2 3 4 5; do
	fresh
	base="$base $(probe "$run_cat" "All articles")"
done
echo "first paint, $items items, 80x24, 5 runs (ms):"
echo "  exec to list on screen (tmux control client):$paint;" \
    "median $(median $paint)"
echo "  the same for a pane that cats one line (baseline):$base;" \
    "median $(median $base)"
echo "  in khabar, exec to first refresh():$ex; median $(median $ex)"
echo "  in khabar, process start (10 ms ticks) to it:$fork;" \
    "median $(median $fork)"
echo "  in khabar, main() to it:$main; median $(median $main)"
echo "  in khabar, exec to main():$exm; median $(median $exm)"
pk="" pb=""
for i in 1 2 3; do
	fresh
	pk="$pk $(polled "$run_khabar" "All articles")"
	fresh
	pb="$pb $(polled "$run_cat" "All articles")"
done
echo "  polled every 10 ms, khabar:$pk; median $(median $pk)"
echo "  polled every 10 ms, cat of one line:$pb; median $(median $pb)"
start 80 24
pid=$($T display-message -p -t b '#{pane_pid}')
$T send-keys -t b j j k G g
sleep 0.5
echo "peak memory (VmHWM): $(grep VmHWM /proc/"$pid"/status | awk '{print $2, $3}')"

# bytes W H KEYS...: what the terminal receives for one key press.
bytes() {
	w=$1 h=$2
	shift 2
	start "$w" "$h"
	$T send-keys -t b "$@"
	sleep 0.4
	$T pipe-pane -t b -o "cat > $tmp/pipe"
	sleep 0.2
	before=$(wc -c < "$tmp/pipe")
}

measure() {
	$T send-keys -t b "$1"
	sleep 0.4
	echo $(( $(wc -c < "$tmp/pipe") - before ))
	before=$(wc -c < "$tmp/pipe")
}

bytes 80 24
echo "bytes, 80x24, move one headline (j): $(measure j)"
bytes 80 24 Enter
echo "bytes, 80x24, scroll the article one line (j): $(measure j)"
bytes 140 24
echo "bytes, 140x24 side by side, move one headline (j): $(measure j)"
bytes 140 24 Tab
echo "bytes, 140x24 side by side, scroll the article one line (j): $(measure j)"

if command -v newsboat >/dev/null 2>&1; then
	# newsboat reads its own cache: fill it from the same feeds.
	$T kill-server 2>/dev/null || true
	newsboat -u "$tmp/urls" -c "$tmp/nb.db" -x reload >/dev/null 2>&1 || true
	nb="" nbp=""
	for i in 1 2 3; do
		fresh
		nbp="$nbp $(polled "$run_newsboat" "Feed 0")"
	done
	for i in 1 2 3; do
		fresh
		nb="$nb $(probe "$run_newsboat" "Feed 0")"
	done
	echo "newsboat first paint (feed list, ms), tmux control client:$nb;" \
	    "median $(median $nb)"
	echo "newsboat first paint, polled every 10 ms:$nbp;" \
	    "median $(median $nbp)"
	# The same actions in newsboat, from the feed list it shows: the
	# first feed's headlines (j moves one), then an article (Down
	# scrolls it one line).
	$T send-keys -t b Enter
	sleep 0.5
	$T pipe-pane -t b -o "cat > $tmp/pipe"
	sleep 0.2
	before=$(wc -c < "$tmp/pipe")
	echo "newsboat bytes, 80x24, move one headline (j): $(measure j)"
	$T send-keys -t b Enter
	sleep 0.5
	before=$(wc -c < "$tmp/pipe")
	echo "newsboat bytes, 80x24, scroll the article one line (Down):" \
	    "$(measure Down)"
else
	echo "newsboat: not installed (apt-get install newsboat), not compared"
fi
