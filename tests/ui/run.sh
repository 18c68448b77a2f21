#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Screen tests: run the reader in a private tmux server at a fixed size,
# send keys, and compare `capture-pane -p' with tests/ui/expected/NAME.txt.
# Every wait is bounded: the screen is polled until it matches (or for at
# most 5 seconds).  UPDATE=1 writes the expected screens instead (read them
# before committing).  TAP output.
set -u

: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KHABAR:=$srcdir/build/khabar}"
here=$srcdir/tests/ui
exp=$here/expected
UPDATE=${UPDATE:-0}

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

# Always under /tmp, so that the path on screen has the same length on
# every run: screens show it as /tmp/khabar-ui.XXXXXX.
tmp=$(mktemp -d /tmp/khabar-ui.XXXXXX)
n=0
k=0
failed=0
T=true
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)"/khabar-test-$$-*' EXIT INT TERM

# The cache: the fixture feeds, read from file:// URLs by `khabar refresh'.
mkdir -p "$tmp/feeds" "$tmp/home" "$tmp/pages"
cp "$here"/pages/* "$tmp/pages/"
for f in "$here"/feeds/*.xml; do
	sed "s|@PAGES@|file://$tmp/pages|g" "$f" > "$tmp/feeds/$(basename "$f")"
done
for f in akhbar world hostile; do
	echo "file://$tmp/feeds/$f.xml"
done > "$tmp/urls"
HOME=$tmp/home "$KHABAR" -f "$tmp/urls" -c "$tmp/cache.db" refresh \
    > "$tmp/refresh.log" 2>&1 || {
	echo "1..0 # SKIP cannot build the cache: $(head -1 "$tmp/refresh.log")"
	exit 0
}
cp "$tmp/cache.db" "$tmp/cache.orig"

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# start NAME W H [CONFIG-LINES]: a fresh server and cache running khabar.
# The fixture items are short, and their links are not to be fetched.
start() {
	printf '%s\nfull-article-threshold 0\n' "${4:-}" > "$tmp/config"
	$T kill-server 2>/dev/null
	k=$((k + 1))
	T="tmux -L khabar-test-$$-$k -f /dev/null"
	# A new file each time: a khabar still closing keeps its own.
	cp "$tmp/cache.orig" "$tmp/cache-$k.db"
	$T new-session -d -s t -x "$2" -y "$3" \
	    "env HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
	    KHABAR_DATADIR=$srcdir LC_ALL=C.UTF-8 LANG=C.UTF-8 \
	    TERM=tmux-256color TZ=UTC NO_COLOR=${NOCOLOR:-} \
	    $KHABAR -C $tmp/config -f $tmp/urls -c $tmp/cache-$k.db \
	    2>$tmp/stderr; \
	    echo EXITED \$?; sleep 30"
	$T set-option -g status off >/dev/null
	$T resize-window -t t -x "$2" -y "$3" 2>/dev/null
	wait_for "$1" "1/"
}

# wait_for WHAT TEXT: poll until TEXT is on the screen.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		$T capture-pane -p -t t 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# $1: timed out waiting for \"$2\""
	return 1
}

keys() {
	$T send-keys -t t "$@"
}

capture() {
	$T capture-pane -p ${1:-} -t t | sed -e "s|$tmp|/tmp/khabar-ui.XXXXXX|g" \
	    -e 's|fetched [A-Z][a-z][a-z] [0-9][0-9] .* UTC|fetched DATE|'
}

# screen NAME [FLAGS]: compare the screen with expected/NAME.txt.
screen() {
	if [ "$UPDATE" = 1 ]; then
		sleep 0.5
		capture ${2:-} > "$exp/$1.txt"
		ok "$1 (updated)"
		return
	fi
	i=0
	while [ $i -lt 100 ]; do
		capture ${2:-} > "$tmp/$1.out"
		cmp -s "$tmp/$1.out" "$exp/$1.txt" && break
		sleep 0.05
		i=$((i + 1))
	done
	if cmp -s "$tmp/$1.out" "$exp/$1.txt"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$exp/$1.txt" "$tmp/$1.out" | sed 's/^/# /'
	fi
}

echo "1..29"

# The headline list: Arabic titles right-aligned in their column.
start list 80 24
screen list-80
# An Arabic article: right-aligned paragraphs, list, quote, links.
keys j Enter
screen article-ar
# Follow link 1 (a file:// page beside a file:// feed) and come back.
keys 1 Enter
wait_for follow "file://"
screen follow
keys BSpace
screen article-ar
# Mixed Arabic and English.
keys q j j Enter
screen mixed
# Each bidi mode, then back to app.
keys b
screen bidi-terminal
keys b
screen bidi-off
keys b
screen bidi-app
# Search, Arabic-aware: a vowelled query finds the unvowelled text.
keys q / 'نِفْط' Enter
screen search
keys Escape
screen list-after-search
# Resize from 80 to 140 columns (side by side) and back.
$T resize-window -t t -x 140 -y 24
screen resize-140
$T resize-window -t t -x 80 -y 24
screen resize-80
# The help screen, generated from the command table.
keys '?'
screen help
keys q q
wait_for quit EXITED
if $T capture-pane -p -t t | grep -q "EXITED 0"; then
	ok "q quits with status 0"
else
	not_ok "q quits with status 0"
fi

# A hostile feed: escape sequences in title and body never reach the
# terminal; the screen and the window title stay intact.
start hostile 80 24
keys G Enter
screen hostile
title=$($T display-message -p -t t '#{pane_title}')
case $title in
*pwned*) not_ok "hostile: the pane title is untouched (got $title)" ;;
*) ok "hostile: the pane title is untouched" ;;
esac

# A mirrored interface.
start rtl 100 20 "ui-direction rtl"
screen rtl-list

# A theme, in colour: the escape sequences of the first rows.
start theme 80 8 "theme high-contrast"
screen theme-high-contrast -e

# Configuration errors: reported, and khabar still starts.
start config 80 8 "bidi sideways
bind j no-such-command
layout vertical"
screen config-errors
if grep -q "config:1: bidi: bad value" "$tmp/stderr" &&
    grep -q "config:2: bind: unknown command" "$tmp/stderr"; then
	ok "config errors on stderr as FILE:LINE: reason"
else
	not_ok "config errors on stderr as FILE:LINE: reason"
	sed 's/^/# /' "$tmp/stderr"
fi

# r and R refresh in the background from the feeds file.
start refresh 80 24
keys R
if wait_for refresh "refreshed 3 feeds"; then
	ok "R refreshes every feed in the background"
else
	not_ok "R refreshes every feed in the background"
fi
keys F j j j j Enter r
if wait_for refresh "refreshed 1 feed"; then
	ok "r refreshes the feed on screen"
else
	not_ok "r refreshes the feed on screen"
fi
# The feeds' order in the cache follows the refresh, so check the kind of
# screen rather than which feed it is.
if capture | tail -1 | grep -v "All articles" | grep -q " · 1/[123] "; then
	ok "the feeds view opens a feed"
else
	not_ok "the feeds view opens a feed"
	capture | tail -1 | sed 's/^/# /'
fi

# NO_COLOR: no colour sequences at all.
NOCOLOR=1 start nocolor 80 8
$T capture-pane -p -e -t t > "$tmp/nocolor.out"
esc=$(printf '\033')
# 39 and 49 are the default colours: not colour.
if grep -q "$esc\[[34][0-8]m\|$esc\[[34]8;\|$esc\[9[0-7]m\|$esc\[10[0-7]m" \
    "$tmp/nocolor.out"; then
	not_ok "NO_COLOR: no colour"
else
	ok "NO_COLOR: no colour"
fi

# The full article: an item with a one-line summary (under
# full-article-threshold) and a file:// link from a file:// feed fetches its
# page on opening, shows the extracted article and keeps it in the cache:
# after a restart without the page, it still shows.
echo "file://$tmp/feeds/short.xml" > "$tmp/urls-full"
HOME=$tmp/home "$KHABAR" -f "$tmp/urls-full" -c "$tmp/cache-full.db" refresh \
    > "$tmp/refresh-full.log" 2>&1
HOME=$tmp/home "$KHABAR" -f "$tmp/urls-full" -c "$tmp/cache-off.db" refresh \
    > /dev/null 2>&1
# start_full NAME CACHE [CONFIG-LINE]: khabar on a cache of its own, kept.
start_full() {
	printf '%s\n' "${3:-}" > "$tmp/config"
	$T kill-server 2>/dev/null
	k=$((k + 1))
	T="tmux -L khabar-test-$$-$k -f /dev/null"
	$T new-session -d -s t -x 80 -y 24 \
	    "env HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
	    KHABAR_DATADIR=$srcdir LC_ALL=C.UTF-8 LANG=C.UTF-8 \
	    TERM=tmux-256color TZ=UTC NO_COLOR= \
	    $KHABAR -C $tmp/config -f $tmp/urls-full -c $tmp/$2 \
	    2>$tmp/stderr; echo EXITED \$?; sleep 30"
	$T set-option -g status off >/dev/null
	$T resize-window -t t -x 80 -y 24 2>/dev/null
	wait_for "$1" "1/"
}
start_full full-article cache-full.db
keys Enter
wait_for full-article "Full article, fetched"
screen full-article
keys q q
wait_for full-article EXITED
rm -f "$tmp/pages/full.html"
start_full full-offline cache-full.db
keys Enter
screen full-offline
if capture | grep -q "fetching full article"; then
	not_ok "a stored full article is not fetched again"
else
	ok "a stored full article is not fetched again"
fi
# x fetches again: the page is gone, so the stored article stays and the
# status bar says why.
keys x
if wait_for full-fail "full article: " && capture | grep -q "Engineers will"
then
	ok "x without the page: the reason, and the article stays"
else
	not_ok "x without the page: the reason, and the article stays"
	capture | sed 's/^/# /'
fi
# full-article-threshold 0 turns it off: the feed's text stays.
start_full full-off cache-off.db "full-article-threshold 0"
keys Enter
wait_for full-off "The harbour is open again."
sleep 0.3
if capture | grep -q "Full article\|fetching full"; then
	not_ok "full-article-threshold 0: no fetch"
else
	ok "full-article-threshold 0: no fetch"
fi

[ $failed -eq 0 ]
