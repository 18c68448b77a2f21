#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Tests of the feeds file from the command line: the first run, `khabar
# add', `import' and `export', and their exit statuses.  Every command runs
# with a fresh HOME under $tmp and no XDG variables, so the real home is
# never read or written; KHABAR_DATADIR points at the source tree's data/.
# Prints TAP, with the plan at the end.
set -u
. "${srcdir:-.}/tests/tap.sh"
dir="$srcdir/tests/data/config"
if [ ! -x "$KHABAR" ]; then
	echo "Bail out! no program at $KHABAR"
	exit 99
fi
KHABAR_DATADIR="$srcdir/data"
export KHABAR_DATADIR
unset XDG_CONFIG_HOME XDG_DATA_HOME

# newhome: a new empty HOME in $h; its feeds file is $feeds.
homes=0
newhome() {
	homes=$((homes + 1))
	h="$tmp/home$homes"
	mkdir "$h"
	feeds="$h/.config/khabar/feeds"
}
k() {
	HOME="$h" "$KHABAR" "$@"
}
# check DESC SCRIPT: ok when the shell script SCRIPT succeeds.
check() {
	desc=$1
	if eval "$2"; then
		ok "$desc"
	else
		notok "$desc"
		sed 's/^/# stdout: /' "$tmp/out"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
}
# The feeds, without comments and blank lines.
lines() {
	grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$'
}

# --- First run: the default feeds, the welcome feed first.
newhome
k add https://one.example/feed.xml news >"$tmp/out" 2>"$tmp/err"
rc=$?
check "first add exits 0" '[ $rc -eq 0 ]'
check "first run says it created the feeds file" \
    'grep -q "created $feeds" "$tmp/err"'
check "the feeds file is where XDG says" '[ -f "$feeds" ]'
check "its directory is 0700" '[ "$(stat -c %a "$h/.config/khabar")" = 700 ]'
welcome=$(lines "$feeds" | head -n 1 | cut -d ' ' -f 1)
real=$(cd "$srcdir/data" && pwd -P)
check "the welcome feed comes first, DATADIR filled in" \
    '[ "$welcome" = "file://$real/welcome.xml" ]'
check "the curated Arabic feeds follow" \
    'grep -q "^https://feeds.bbci.co.uk/arabic/rss.xml arabic news \"~" "$feeds"'
check "the added feed is the last line" \
    '[ "$(tail -n 1 "$feeds")" = "https://one.example/feed.xml news" ]'
check "the default file loads without warnings" \
    '[ "$(grep -v created "$tmp/err")" = "" ]'
"$KHABAR" parse "$welcome" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "the welcome feed parses cleanly" '[ $rc -eq 0 ] && [ ! -s "$tmp/err" ]'
check "the welcome feed has several items" \
    '[ "$(grep -c "\"id\": \"khabar-welcome" "$tmp/out")" -ge 4 ]'

# --- add
cp "$feeds" "$tmp/before"
status 1 "add a duplicate" k add https://one.example/feed.xml
check "the duplicate message names the file" \
    'grep -q "already in $feeds" "$tmp/err"'
status 2 "add an ftp URL" k add ftp://one.example/feed.xml
status 2 "add an exec: feed" k add "exec:rm -rf ~"
status 2 "add something that is not a URL" k add one.example/feed
status 2 "add without a URL" k add
status 2 "add with an unknown option" k add --frob https://x.example/
check "refused adds leave the file alone" 'cmp -s "$tmp/before" "$feeds"'
status 0 "add with a title and a tag with a space" \
    k add -t "عنوان" https://two.example/ "world news" arabic
check "the new line is quoted as newsboat writes it" \
    '[ "$(tail -n 1 "$feeds")" = "https://two.example/ \"world news\" arabic \"~عنوان\"" ]'
status 0 'add with a "~Title" tag' k add https://three.example/ "~Three"
head -c "$(wc -c <"$tmp/before")" "$feeds" >"$tmp/head"
check "the old content is kept byte for byte" 'cmp -s "$tmp/before" "$tmp/head"'

newhome
XDG_CONFIG_HOME="$h/xdg" k add https://one.example/ >"$tmp/out" 2>"$tmp/err"
check "add honours XDG_CONFIG_HOME" \
    '[ -f "$h/xdg/khabar/feeds" ] && [ ! -e "$feeds" ]'
status 0 "add -f to a new file in a new directory" \
    k -f "$h/new/dir/urls" add https://one.example/
check "a file named with -f gets no default feeds" \
    '[ "$(cat "$h/new/dir/urls")" = "https://one.example/" ]'
printf '# no newline at the end\nhttps://a.example/' >"$h/nonl"
k -f "$h/nonl" add https://b.example/ >/dev/null 2>&1
printf '# no newline at the end\nhttps://a.example/\nhttps://b.example/\n' \
    >"$tmp/want"
check "add after a last line without a newline" 'cmp -s "$tmp/want" "$h/nonl"'
status 1 "add when HOME is not set" env -u HOME "$KHABAR" add https://x.example/
check "it says HOME is not set" 'grep -q HOME "$tmp/err"'
status 1 "add when the feeds file is a directory" \
    k -f "$h" add https://x.example/

# --- import
newhome
: >"$h/urls"
k -f "$h/urls" import "$dir/newsboat-export.opml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "import newsboat's OPML export" '[ $rc -eq 0 ] &&
    [ "$(cat "$tmp/out")" = "imported 4 feeds, 0 already present" ]'
check "titles become ~ tags" 'grep -q \
    "^https://feeds.bbci.co.uk/arabic/rss.xml \"~BBC News عربي\"\$" "$h/urls"'
k -f "$h/urls" import "$dir/newsboat-opml2.opml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "import newsboat's OPML 2.0 export with tags" '[ $rc -eq 0 ] &&
    [ "$(cat "$tmp/out")" = "imported 3 feeds, 0 already present" ]'
check "its categories become tags" 'grep -q \
    "^https://www.theguardian.com/world/rss english \"world news\" \"~" "$h/urls"'
k -f "$h/urls" import "$dir/newsboat-export.opml" >"$tmp/out" 2>"$tmp/err"
check "import again: everything already present" \
    '[ "$(cat "$tmp/out")" = "imported 0 feeds, 4 already present" ]'
k -f "$h/urls" import - <"$dir/nested.opml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "import nested folders from standard input" '[ $rc -eq 0 ] &&
    [ "$(cat "$tmp/out")" = "imported 5 feeds, 0 already present" ]'
check "refused outlines are warned about with their lines" \
    '[ "$(grep -c "^khabar: (standard input):[0-9]*: " "$tmp/err")" -eq 3 ]'
check "folders become a / path tag" 'grep -q \
    "^https://rss.dw.com/xml/rss-ar-all أخبار/عربية germany \"~DW\"\$" "$h/urls"'
check "nothing that runs a command was imported" \
    '[ "$(grep -c -e fetch-news -e f.xml -e "ftp:" "$h/urls")" -eq 0 ]'
cp "$h/urls" "$tmp/before"
for f in malformed.opml billion-laughs.opml external-entity.opml \
    not-opml.xml no-body.opml missing.opml; do
	status 1 "import $f is refused" k -f "$h/urls" import "$dir/$f"
	check "its message names the file" 'grep -q "$f" "$tmp/err"'
done
check "refused imports leave the feeds file alone" \
    'cmp -s "$tmp/before" "$h/urls"'
status 2 "import without a file" k import
status 2 "import with two files" k import a.opml b.opml

newhome
k import "$dir/newsboat-opml2.opml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "import on a first run keeps the default feeds" '[ $rc -eq 0 ] &&
    grep -q welcome.xml "$feeds" && grep -q arabic.rt.com "$feeds"'

# --- export
newhome
k -f "$dir/newsboat-urls" -c "$h/cache.db" export >"$tmp/out" 2>"$tmp/err"
rc=$?
check "export a newsboat urls file" '[ $rc -eq 0 ] &&
    cmp -s "$dir/newsboat-urls.opml" "$tmp/out" ||
    { diff -u "$dir/newsboat-urls.opml" "$tmp/out" | sed "s/^/# /"; false; }'
check "export warns about the refused lines" \
    '[ "$(grep -c "newsboat-urls:[0-9]*: " "$tmp/err")" -eq 3 ]'
check "export does not create a cache" '[ ! -e "$h/cache.db" ]'
status 1 "export without a feeds file" k export
check "its message names the file" 'grep -q "$feeds" "$tmp/err"'
status 2 "export with an argument" k export extra

# Round trip: export, import into an empty file, export again.
k -f "$dir/newsboat-urls" export >"$tmp/a.opml" 2>/dev/null
: >"$h/round"
k -f "$h/round" import "$tmp/a.opml" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "round trip: import the export" '[ $rc -eq 0 ] &&
    [ "$(cat "$tmp/out")" = "imported 4 feeds, 0 already present" ]'
k -f "$h/round" export >"$tmp/b.opml" 2>"$tmp/err"
check "round trip: the same feeds, titles and tags" \
    'cmp -s "$tmp/a.opml" "$tmp/b.opml"'
lines "$h/round" | cut -d " " -f 1 >"$tmp/got"
lines "$dir/newsboat-urls" | grep -v -e "^\"" -e duplicate | cut -d " " -f 1 \
    >"$tmp/want"
check "round trip: the same URLs in the same order" \
    'cmp -s "$tmp/want" "$tmp/got"'

# With a cache, titles and site links come from it.
if "$KHABAR" help refresh >/dev/null 2>&1; then
	newhome
	echo "file://$srcdir/tests/data/feeds/arabic-utf8.in.xml" >"$h/urls"
	k -f "$h/urls" -c "$h/cache.db" refresh >/dev/null 2>&1
	k -f "$h/urls" -c "$h/cache.db" export >"$tmp/out" 2>"$tmp/err"
	check "export takes titles and links from the cache" 'grep -q \
	    "title=\"أخبار الحديقة\" xmlUrl=\"file://.*\" htmlUrl=\"https://hadiqa.example/\"" \
	    "$tmp/out"'
else
	ok "export takes titles and links from the cache # SKIP no refresh"
fi

status 0 "help add" "$KHABAR" help add
status 0 "help import" "$KHABAR" help import
status 0 "help export" "$KHABAR" help export
echo "1..$tap_n"
tap_exit
