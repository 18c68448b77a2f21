#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""Compare `khabar parse' with the expected output of gofeed's test suite.

Usage: gofeed-compare.py KHABAR TESTDATA

gofeed keeps three shapes of expected JSON: parser/rss holds rss.Feed,
parser/atom atom.Feed, and translator/* and extensions/* the universal
gofeed.Feed; parser/json holds JSON Feed documents.  Each is mapped onto
khabar's fields and only the fields both sides have are compared: feed
title, link, description, language, updated, author name, image; item
id, title, link, summary, content, published, updated, author name,
categories and enclosures.  gofeed leaves out what a feed does not have, so
a field missing from its JSON is not checked.

Normalisation, so that a difference of form is not counted as one of
content: whitespace is collapsed and trimmed everywhere; titles are compared
as plain text (khabar strips the markup of HTML titles, gofeed keeps it);
dates are compared as UTC instants; RSS author strings such as
"a@b.c (Name)" are compared as "khabar's name appears in gofeed's string".
parser/universal holds documents without expected JSON: the feeds must parse
and the non-feeds (empty, unknown, invalid) must be refused.
"""
import datetime
import glob
import html
import json
import os
import re
import subprocess
import sys

WS = re.compile(r"\s+")
TAG = re.compile(r"<[^>]*>")


def norm(s):
    if s is None:
        return None
    s = WS.sub(" ", s.replace("\u00a0", " ")).strip()
    return s or None


def plain(s):
    """Text as khabar's titles have it: no markup, entities decoded."""
    if s is None:
        return None
    return norm(html.unescape(TAG.sub("", s)))


def instant(s):
    if s is None:
        return None
    try:
        d = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.astimezone(datetime.timezone.utc).replace(microsecond=0)


class Check:
    def __init__(self):
        self.problems = []

    def eq(self, what, ours, theirs, fn=norm):
        """fn normalises theirs; ours only has its whitespace collapsed,
        except for dates."""
        if theirs is None or theirs == "" or theirs == []:
            return
        a, b = (fn if fn is instant else norm)(ours), fn(theirs)
        if a != b:
            self.problems.append("%s: got %r, want %r" % (what, ours, theirs))

    def title(self, what, ours, theirs):
        """gofeed does not say whether a title is HTML: accept its text
        as it is or with the markup taken out."""
        if not theirs:
            return
        if norm(ours) not in (norm(theirs), plain(theirs)):
            self.problems.append("%s: got %r, want %r" % (what, ours, theirs))

    def author(self, what, ours, theirs):
        """gofeed's raw RSS author string must contain our name."""
        if not theirs:
            return
        if ours is None or norm(ours) not in norm(theirs):
            self.problems.append("%s: got %r, want a name in %r"
                                 % (what, ours, theirs))

    def cats(self, what, ours, theirs):
        if not theirs:
            return
        if [norm(c) for c in ours] != [norm(c) for c in theirs if norm(c)]:
            self.problems.append("%s: got %r, want %r" % (what, ours, theirs))

    def encl(self, what, ours, theirs):
        if not theirs:
            return
        want = [(e.get("url"), e.get("type"), str(e["length"])
                 if e.get("length") not in (None, "") else None)
                for e in theirs]
        got = [(e["url"], e["type"], str(e["length"])
                if e["length"] is not None else None) for e in ours]
        got = got[:len(want)]
        for (gu, gt, gl), (wu, wt, wl) in zip(got, want):
            if gu != wu or (wt and gt != wt) or (wl and gl != wl):
                self.problems.append("%s: got %r, want %r" % (what, got, want))
                return
        if len(got) < len(want):
            self.problems.append("%s: got %r, want %r" % (what, got, want))


def alternate(links):
    for l in links or []:
        if l.get("rel", "alternate") == "alternate" and l.get("href"):
            return l["href"]
    return None


def cmp_rss(c, ours, t):
    c.title("title", ours["title"], t.get("title"))
    c.eq("link", ours["link"], t.get("link"))
    c.eq("description", ours["description"], t.get("description"))
    c.eq("language", ours["language"], t.get("language"))
    c.eq("updated", ours["updated"],
         t.get("lastBuildDateParsed") or t.get("pubDateParsed"), instant)
    c.author("author", ours["author"],
             t.get("managingEditor") or t.get("webMaster"))
    c.eq("image", ours["image"], (t.get("image") or {}).get("url"))
    for n, (o, i) in enumerate(zip(ours["items"], t.get("items") or [])):
        w = "item %d " % n
        c.title(w + "title", o["title"], i.get("title"))
        c.eq(w + "link", o["link"], i.get("link"))
        c.eq(w + "summary", o["summary"], i.get("description"))
        c.eq(w + "content", o["content"], i.get("content"))
        c.eq(w + "id", o["id"], (i.get("guid") or {}).get("value"))
        c.eq(w + "published", o["published"], i.get("pubDateParsed"), instant)
        c.author(w + "author", o["author"], i.get("author"))
        c.cats(w + "categories", o["categories"],
               [x.get("value") for x in i.get("categories") or []])
        c.encl(w + "enclosures", o["enclosures"], i.get("enclosures"))
    if len(ours["items"]) != len(t.get("items") or []):
        c.problems.append("items: got %d, want %d"
                          % (len(ours["items"]), len(t.get("items") or [])))


def person(p):
    if not p:
        return None
    return p.get("name") or p.get("email")


def cmp_atom(c, ours, t):
    c.title("title", ours["title"], t.get("title"))
    c.eq("link", ours["link"], alternate(t.get("links")))
    c.eq("description", ours["description"], t.get("subtitle"))
    c.eq("language", ours["language"], t.get("language"))
    c.eq("updated", ours["updated"], t.get("updatedParsed"), instant)
    c.eq("author", ours["author"], person((t.get("authors") or [None])[0]))
    c.eq("image", ours["image"], t.get("logo") or t.get("icon"))
    for n, (o, i) in enumerate(zip(ours["items"], t.get("entries") or [])):
        w = "item %d " % n
        c.eq(w + "id", o["id"], i.get("id"))
        c.title(w + "title", o["title"], i.get("title"))
        c.eq(w + "link", o["link"], alternate(i.get("links")))
        c.eq(w + "summary", o["summary"], i.get("summary"))
        c.eq(w + "content", o["content"], (i.get("content") or {}).get("value"))
        c.eq(w + "published", o["published"], i.get("publishedParsed"), instant)
        c.eq(w + "updated", o["updated"], i.get("updatedParsed"), instant)
        c.eq(w + "author", o["author"], person((i.get("authors") or [None])[0]))
        c.cats(w + "categories", o["categories"],
               [x.get("label") or x.get("term")
                for x in i.get("categories") or []])
    if len(ours["items"]) != len(t.get("entries") or []):
        c.problems.append("items: got %d, want %d"
                          % (len(ours["items"]), len(t.get("entries") or [])))


def cmp_universal(c, ours, t):
    c.title("title", ours["title"], t.get("title"))
    c.eq("link", ours["link"], t.get("link"))
    c.eq("description", ours["description"], t.get("description"))
    c.eq("language", ours["language"], t.get("language"))
    if ours["format"].startswith("json"):
        pass                    # JSON Feed has no feed date
    else:
        c.eq("updated", ours["updated"],
             t.get("updatedParsed") or t.get("publishedParsed"), instant)
    c.eq("author", ours["author"], person(t.get("author")))
    c.eq("image", ours["image"], (t.get("image") or {}).get("url"))
    for n, (o, i) in enumerate(zip(ours["items"], t.get("items") or [])):
        w = "item %d " % n
        c.eq(w + "id", o["id"], i.get("guid"))
        c.title(w + "title", o["title"], i.get("title"))
        c.eq(w + "link", o["link"], i.get("link"))
        c.eq(w + "summary", o["summary"], i.get("description"))
        c.eq(w + "content", o["content"], i.get("content"))
        c.eq(w + "published", o["published"], i.get("publishedParsed"), instant)
        c.eq(w + "updated", o["updated"], i.get("updatedParsed"), instant)
        c.eq(w + "author", o["author"], person(i.get("author")))
        c.cats(w + "categories", o["categories"], i.get("categories"))
        c.encl(w + "enclosures", o["enclosures"], i.get("enclosures"))
    if len(ours["items"]) != len(t.get("items") or []):
        c.problems.append("items: got %d, want %d"
                          % (len(ours["items"]), len(t.get("items") or [])))


def cmp_jsonfeed(c, ours, t):
    c.title("title", ours["title"], t.get("title"))
    c.eq("link", ours["link"], t.get("home_page_url"))
    c.eq("description", ours["description"], t.get("description"))
    c.eq("language", ours["language"], t.get("language"))
    a = (t.get("authors") or [None])[0] or t.get("author")
    c.eq("author", ours["author"], person(a))
    c.eq("image", ours["image"], t.get("icon") or t.get("favicon"))
    for n, (o, i) in enumerate(zip(ours["items"], t.get("items") or [])):
        w = "item %d " % n
        c.eq(w + "id", o["id"], i.get("id"))
        c.title(w + "title", o["title"], i.get("title"))
        c.eq(w + "link", o["link"], i.get("url"))
        c.eq(w + "summary", o["summary"], i.get("summary"))
        c.eq(w + "content", o["content"],
             i.get("content_html") or i.get("content_text"))
        c.eq(w + "published", o["published"], i.get("date_published"), instant)
        c.eq(w + "updated", o["updated"], i.get("date_modified"), instant)
        a = (i.get("authors") or [None])[0] or i.get("author")
        c.eq(w + "author", o["author"], person(a))
        c.cats(w + "categories", o["categories"], i.get("tags"))
        c.encl(w + "enclosures", o["enclosures"],
               [{"url": x.get("url"), "type": x.get("mime_type"),
                 "length": x.get("size_in_bytes")}
                for x in i.get("attachments") or []])


def run(khabar, path):
    p = subprocess.run([khabar, "parse", path], capture_output=True)
    if p.returncode != 0:
        return None, p.stderr.decode("utf-8", "replace").strip()
    try:
        return json.loads(p.stdout), None
    except ValueError as e:
        return None, "bad JSON from khabar: %s" % e


def cases(root):
    for d, fn in (("parser/rss", cmp_rss), ("parser/atom", cmp_atom),
                  ("translator/rss", cmp_universal),
                  ("translator/atom", cmp_universal),
                  ("extensions/dublincore", cmp_universal),
                  ("extensions/itunes", cmp_universal),
                  ("extensions/media", cmp_universal)):
        for x in sorted(glob.glob(os.path.join(root, d, "*.xml"))):
            e = x[:-4] + ".json"
            if os.path.exists(e):
                yield x, e, fn
    for x in sorted(glob.glob(os.path.join(root, "parser/json/*.json"))):
        if x.endswith("_expected.json"):
            continue
        yield x, x, cmp_jsonfeed
    for x in sorted(glob.glob(os.path.join(root, "translator/json/*.json"))):
        yield x, None, None
    for x in sorted(glob.glob(os.path.join(root, "parser/universal/*"))):
        yield x, None, None
    for x in sorted(glob.glob(os.path.join(root, "parser/json/invalid/*"))):
        yield x, None, None


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gofeed-compare.py KHABAR TESTDATA\n")
        return 2
    khabar, root = sys.argv[1], sys.argv[2]
    npass = total = 0
    reasons = {}
    for path, expected, fn in cases(root):
        rel = os.path.relpath(path, root)
        total += 1
        ours, err = run(khabar, path)
        c = Check()
        refuse = re.search(r"(empty|unknown|invalid)", os.path.basename(path))
        if fn is None and refuse:
            if ours is not None:
                c.problems.append("a non-feed was accepted")
        elif ours is None:
            c.problems.append("refused: %s" % err)
        elif fn is not None:
            with open(expected, encoding="utf-8") as f:
                fn(c, ours, json.load(f))
        if c.problems:
            print("FAIL %s: %s" % (rel, "; ".join(c.problems)))
            for pr in c.problems:
                key = pr.split(":")[0]
                key = re.sub(r"item \d+ ", "item ", key)
                reasons[key] = reasons.get(key, 0) + 1
        else:
            npass += 1
            print("pass %s" % rel)
    print("\n%d of %d files pass (%.1f%%)" % (npass, total,
                                             100.0 * npass / max(total, 1)))
    for k, v in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print("  %4d %s" % (v, k))
    return 0 if npass == total else 1


if __name__ == "__main__":
    sys.exit(main())
