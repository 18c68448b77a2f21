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
for f in "$here"/feeds/*.xml "$here"/feeds/*.json; do
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

# same NAME WANT GOT: ok when the files are equal, else not ok and the diff.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" 2>&1 | sed 's/^/# /'
	fi
}

# start NAME W H [CONFIG-LINES]: a fresh server and cache running khabar.
# The fixture items are short, and their links are not to be fetched.
# UITERM is the TERM inside the pane (tmux-256color); UICACHE and UIURLS
# name the cache to copy (cache.orig) and the feeds file (urls) in $tmp.
start() {
	printf '%s\nfull-article-threshold 0\n' "${4:-}" > "$tmp/config"
	$T kill-server 2>/dev/null
	k=$((k + 1))
	T="tmux -L khabar-test-$$-$k -f /dev/null"
	# A new file each time: a khabar still closing keeps its own.
	cp "$tmp/${UICACHE:-cache.orig}" "$tmp/cache-$k.db"
	$T new-session -d -s t -x "$2" -y "$3" \
	    "env HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config \
	    KHABAR_DATADIR=$srcdir LC_ALL=C.UTF-8 LANG=C.UTF-8 \
	    TERM=${UITERM:-tmux-256color} TZ=UTC NO_COLOR=${NOCOLOR:-} \
	    $KHABAR -C $tmp/config -f $tmp/${UIURLS:-urls} -c $tmp/cache-$k.db \
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

# mouse press|release|up|down X Y: a mouse event (up and down are the
# wheel) at column X, row Y from 0, encoded as tmux sends it to the pane for
# the mouse modes khabar turned on: SGR (mode 1006) when it asked for it,
# else X10.  ncurses asks for 1006 when terminfo says so (xterm-256color's
# kmous is \E[<), not for tmux-256color (\E[M).
mouse() {
	case $1 in
	press) b=0 ;; release) b=3 ;; up) b=64 ;; down) b=65 ;;
	esac
	if [ "$($T display-message -p -t t '#{mouse_sgr_flag}')" = 1 ]; then
		case $1 in release) b=0 last=m ;; *) last=M ;; esac
		keys -l "$(printf '\033[<%d;%d;%d%s' $b $(($2 + 1)) \
		    $(($3 + 1)) $last)"
	else
		keys -H 1b 5b 4d $(printf '%x %x %x' $((b + 32)) $(($2 + 33)) \
		    $(($3 + 33)))
	fi
}

click() {
	mouse press "$1" "$2"
	mouse release "$1" "$2"
}

capture() {
	$T capture-pane -p ${1:-} -t t | sed -e "s|$tmp|/tmp/khabar-ui.XXXXXX|g" \
	    -e 's|fetched [A-Z][a-z][a-z] [0-9][0-9] .* UTC|fetched DATE|'
}

# has_colour FILE: a `capture-pane -e' sets a colour (39 and 49, the
# default colours, are not colour).
has_colour() {
	e=$(printf '\033')
	grep -q "$e\[[34][0-8]m\|$e\[[34]8;\|$e\[9[0-7]m\|$e\[10[0-7]m" "$1"
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
	same "$1" "$exp/$1.txt" "$tmp/$1.out"
}

echo "1..62"

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
if has_colour "$tmp/nocolor.out"; then
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

# The mouse, with `mouse yes' (the default), side by side at 140 columns:
# a click on a headline selects it (and the article pane follows), the
# wheel over the article scrolls the article, and over the headlines moves
# the cursor.  tmux-256color's kmous is X10 and xterm-256color's SGR: both
# encodings, as tmux sends them.
for t in tmux-256color xterm-256color; do
	UITERM=$t start mouse-$t 140 12
	if [ "$($T display-message -p -t t '#{mouse_any_flag}')" = 1 ]; then
		ok "mouse ($t): reporting is on"
	else
		not_ok "mouse ($t): reporting is on"
	fi
	click 10 1
	screen mouse-click
	mouse down 100 5
	screen mouse-wheel
	mouse up 100 5
	screen mouse-click
	mouse down 10 5
	screen mouse-wheel-list
done
start mouse-off 80 8 "mouse no"
if [ "$($T display-message -p -t t '#{mouse_any_flag}')" = 0 ]; then
	ok "mouse no: reporting is off"
else
	not_ok "mouse no: reporting is off"
fi

# Hostile links: shell.xml's is full of shell syntax, control.json's has
# escape sequences (JSON can carry them, XML cannot).
for f in shell.xml control.json; do
	echo "file://$tmp/feeds/$f"
done > "$tmp/urls-links"
HOME=$tmp/home "$KHABAR" -f "$tmp/urls-links" -c "$tmp/cache-links.db" \
    refresh > "$tmp/refresh-links.log" 2>&1
# The shell link as the feed means it: its XML text, &amp; decoded.
sed -n 's|.*<link>\(http://127[^<]*\)</link>.*|\1|p' "$tmp/feeds/shell.xml" |
    sed 's/&amp;/\&/g' | tr -d '\n' > "$tmp/link-shell"
# The control link as y must copy it: the controls percent-encoded, as a
# browser sends them, so that pasting it cannot end a bracketed paste.
printf '%s' 'https://evil.example/x%1B]0;pwned%07y%1B[2J%1B[201~z%C2%9B31m%7F' \
    > "$tmp/link-control"

# buffer WHAT FILE: poll until tmux's newest paste buffer holds FILE.
buffer() {
	i=0
	while [ $i -lt 100 ]; do
		$T show-buffer > "$tmp/$1.buf" 2>/dev/null &&
		    cmp -s "$tmp/$1.buf" "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# $1: the paste buffer is not $(basename "$2"):"
	od -c "$tmp/$1.buf" | sed 's/^/# /'
	return 1
}

# y copies the link with OSC 52, which tmux keeps in a paste buffer when
# set-clipboard is on: from the headline, and from the article.
UICACHE=cache-links.db UIURLS=urls-links start copy 80 24
$T set-option -s set-clipboard on
keys y
if buffer copy "$tmp/link-shell"; then
	ok "y copies the link with OSC 52"
else
	not_ok "y copies the link with OSC 52"
fi
$T delete-buffer 2>/dev/null
keys j y
if buffer copy "$tmp/link-control"; then
	ok "y: no control character reaches the clipboard"
else
	not_ok "y: no control character reaches the clipboard"
fi
screen copy-control
$T delete-buffer 2>/dev/null
keys Enter y
if buffer copy "$tmp/link-control"; then
	ok "y in the article: no control character reaches the clipboard"
else
	not_ok "y in the article: no control character reaches the clipboard"
fi
title=$($T display-message -p -t t '#{pane_title}')
case $title in
*pwned*) not_ok "y: the pane title is untouched (got $title)" ;;
*) ok "y: the pane title is untouched" ;;
esac

# o runs the browser with an argument vector, never through a shell: the
# browser writes its arguments one to a line and, as browsers do, says
# something on the terminal.  The URL arrives as one argument, byte for
# byte, nothing in it runs, and the screen comes back as it was.  The
# setting is taken whole (only $BROWSER is a list split at colons).
cat > "$tmp/browser" <<'EOF'
#!/bin/sh
for a; do printf '%s\n' "$a"; done > "$0.tmp"
mv "$0.tmp" "$0.argv"
echo "the browser was here"
EOF
chmod +x "$tmp/browser"
{ echo "--new-tab"; echo "--x=a:b"; cat "$tmp/link-shell"; echo; } \
    > "$tmp/argv.want"
# browser WHAT: press o, and check what the browser got.
browser() {
	rm -f "$tmp/browser.argv"
	keys o
	i=0
	while [ $i -lt 100 ] && [ ! -e "$tmp/browser.argv" ]; do
		sleep 0.05
		i=$((i + 1))
	done
	same "o $1: the URL is one argument" "$tmp/argv.want" \
	    "$tmp/browser.argv"
	# A shell would have touched files in $HOME, which is $tmp/home.
	if [ -n "$(find "$tmp" -name 'pwned*')" ]; then
		not_ok "o $1: nothing in the URL runs"
		find "$tmp" -name 'pwned*' | sed 's/^/# /'
	else
		ok "o $1: nothing in the URL runs"
	fi
}
UICACHE=cache-links.db UIURLS=urls-links start browser 80 24 \
    "browser \"$tmp/browser --new-tab --x=a:b %s\""
screen links-list
browser "on a headline"
screen links-list
keys Enter
screen links-article
browser "in the article"
screen links-article

# Other terminals, with the same layout: the Linux console (8 colours) and
# a VT100 (no colour at all: bold and reverse video).
for t in linux vt100; do
	UITERM=$t start term-$t 80 24
	screen list-80
	screen term-$t -e
	keys j Enter
	screen article-ar
done
# The VT100's article too: its links and quotes have no colour.
capture -e > "$tmp/vt100.out"
if has_colour "$tmp/vt100.out"; then
	not_ok "vt100: no colour"
else
	ok "vt100: no colour"
fi

# A TERM that terminfo does not know: khabar falls back on xterm-256color
# and says so (in full when the status bar is wide enough).
UITERM=xterm-nonexistent start term-fallback 80 24
screen term-fallback
$T resize-window -t t -x 220 -y 24
if wait_for term-fallback "TERM=xterm-nonexistent: using xterm-256color"; then
	ok "an unknown TERM falls back on xterm-256color"
else
	not_ok "an unknown TERM falls back on xterm-256color"
fi

[ $failed -eq 0 ]
