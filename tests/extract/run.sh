#!/bin/sh
# khabar - ISC licence, see LICENSE.
# Tests of `khabar extract'.  Each cases/NAME.html is extracted as if it
# were https://wahat.example/news/2024/05/water.html; the body's plain
# text must be cases/NAME.txt and the related links (HREF TAB TITLE a
# line) cases/NAME.related.txt, both checked by reading them.  Then the
# text output, hostile input made on the spot and the exit statuses.
# Prints TAP.
set -u
: "${KHABAR:=./khabar}"
: "${srcdir:=.}"
dir="$srcdir/tests/extract/cases"
url=https://wahat.example/news/2024/05/water.html
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

# Pull a field out of the JSON with nothing but the shell's tools: the
# program writes "text" on one line and "related" as href/title pairs.
json_text() {
	sed -n 's/^  "text": "\(.*\)",$/\1/p' "$1" | sed 's/\\n/\
/g; s/\\"/"/g; s/\\\\/\\/g'
}
json_related() {
	awk '/^  "related": \[/ { r = 1; next }
	    r && /"href":/ { sub(/^ *"href": "/, ""); sub(/",$/, ""); h = $0 }
	    r && /"title":/ { sub(/^ *"title": "/, ""); sub(/"$/, "");
		printf "%s\t%s\n", h, $0 }' "$1"
}

cases=$(ls "$dir"/*.html | sort)
total=$(($(echo "$cases" | wc -l) * 2 + 17))
echo "1..$total"

for html in $cases; do
	name=$(basename "$html" .html)
	if "$KHABAR" extract --json --url "$url" "$html" >"$tmp/json" \
	    2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
		json_text "$tmp/json" >"$tmp/text"
		json_related "$tmp/json" >"$tmp/related"
	else
		: >"$tmp/text"
		: >"$tmp/related"
		sed 's/^/# stderr: /' "$tmp/err"
	fi
	if cmp -s "$tmp/text" "$dir/$name.txt"; then
		ok "extract $name: body"
	else
		notok "extract $name: body"
		diff -u "$dir/$name.txt" "$tmp/text" | sed 's/^/# /'
	fi
	if cmp -s "$tmp/related" "$dir/$name.related.txt"; then
		ok "extract $name: related links"
	else
		notok "extract $name: related links"
		diff -u "$dir/$name.related.txt" "$tmp/related" | sed 's/^/# /'
	fi
done

has() {	# DESC FILE STRING
	if grep -qF -- "$3" "$2"; then ok "$1"; else notok "$1"; fi
}
hasnt() {
	if grep -qF -- "$3" "$2"; then notok "$1"; else ok "$1"; fi
}

# The metadata and the reading direction.
"$KHABAR" extract --json --url "$url" "$dir/heading-list.html" >"$tmp/json"
has "title from og:title" "$tmp/json" \
    '"title": "خطة لترشيد المياه في القرى الزراعية"'
has "byline from <meta name=author>" "$tmp/json" '"byline": "سلمى الراشد"'
has "published in RFC 3339 UTC" "$tmp/json" \
    '"published": "2024-05-12T06:30:00Z"'
has "lang and dir of the article" "$tmp/json" '"dir": "rtl"'
hasnt "no navigation, cookie notice or share bar" "$tmp/json" "فيسبوك"
hasnt "no \"most read\" in the related links" "$tmp/json" "mr1.html"

# Text output: header, body, links, related list after them.
"$KHABAR" extract --width 60 --url "$url" "$dir/english-labels.html" \
    >"$tmp/out" 2>"$tmp/err"
has "text output lists related links" "$tmp/out" "Related:"
has "related link numbered, with its URL" "$tmp/out" \
    "[1] Old city library opens in a restored caravanserai"

# Standard input gives what the file gives.
"$KHABAR" extract --json --url "$url" - <"$dir/aside.html" >"$tmp/a"
"$KHABAR" extract --json --url "$url" "$dir/aside.html" >"$tmp/b"
if cmp -s "$tmp/a" "$tmp/b"; then ok "- reads standard input"
else notok "- reads standard input"; fi

# A file:// URL is fetched, and is the base for the links.
"$KHABAR" extract --json "file://$(cd "$dir" && pwd)/aside.html" \
    >"$tmp/out" 2>"$tmp/err"
has "file:// URL fetched" "$tmp/out" "مكتبة عامة في مبنى تاريخي"

# run DESC WANT-STATUS ARGS...: exit status; a failure names the input.
run() {
	desc=$1 want=$2
	shift 2
	"$KHABAR" extract "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$desc (exit $got)"
	else
		notok "$desc (exit $got, want $want)"
		sed 's/^/# stderr: /' "$tmp/err" | head -5
	fi
}
run "missing file" 1 "$tmp/nope.html"
has "the message names the file" "$tmp/err" "nope.html"
run "no argument" 2
run "bad width" 2 --width 0 "$dir/aside.html"

# Deep nesting: no crash, the text still comes out.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<div>"; \
    printf "<p>نص عميق جدا في الصفحة، وهو نص طويل بما يكفي ليكون فقرة.</p>" }' \
    >"$tmp/deep.html"
run "100000 nested divs" 0 --json "$tmp/deep.html"

# Over the size cap: a clear message, no output.
head -c 33554433 /dev/zero | tr '\0' ' ' >"$tmp/big.html"
run "page over 32 MiB" 1 "$tmp/big.html"
has "the message says why" "$tmp/err" "larger than 32 MiB"

[ "$fail" -eq 0 ]
