#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""Score `khabar extract' against reference corpora.

usage: extract-score.py KHABAR DIR...

Each DIR is one corpus, recognised by what it holds:
  - NAME/source.html + NAME/expected.html (Mozilla Readability's test
    pages): the gold body is the text of expected.html;
  - NAME.html + NAME.expected.txt (plain text), or NAME.html +
    NAME.expected.json (fundus: V1.body summary, section headlines and
    paragraphs): the gold body is that text.

The metric is that of the article-extraction-benchmark: the body text is
lowercased and split on white space, cut into word 4-gram shingles, and
precision and recall are taken over multisets of shingles (Counter
intersection); F1 is averaged over the pages of a corpus.  Prints each
page's F1, precision and recall, each corpus's mean, and the worst ten.
"""
import collections
import concurrent.futures
import html.parser
import json
import os
import subprocess
import sys

BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul",
}
SKIP = {"script", "style", "noscript", "template", "head", "title"}


class TextOf(html.parser.HTMLParser):
    """The text content of an HTML page, blocks set apart by spaces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip > 0:
            self.skip -= 1
        if tag in BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(path):
    p = TextOf()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    p.close()
    return "".join(p.out)


def fundus_text(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    parts = []
    for v in d.values():
        body = v.get("body", {})
        parts += body.get("summary", [])
        for s in body.get("sections", []):
            parts += s.get("headline", [])
            parts += s.get("paragraphs", [])
    return "\n\n".join(parts)


def shingles(text, n=4):
    toks = text.lower().split()
    if len(toks) < n:
        return collections.Counter([tuple(toks)] if toks else [])
    return collections.Counter(tuple(toks[i:i + n])
                               for i in range(len(toks) - n + 1))


def score(pred, gold):
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    common = sum((p & g).values())
    prec = common / sum(p.values()) if p else 0.0
    rec = common / sum(g.values()) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0
    return f1, prec, rec


def pages(d):
    """(name, source, gold-reader, gold-path) for each page of a corpus."""
    out = []
    for e in sorted(os.listdir(d)):
        sub = os.path.join(d, e)
        if os.path.isdir(sub) and os.path.exists(
                os.path.join(sub, "expected.html")):
            out.append((e, os.path.join(sub, "source.html"), html_text,
                        os.path.join(sub, "expected.html")))
        elif e.endswith(".expected.txt"):
            name = e[:-len(".expected.txt")]
            out.append((name, os.path.join(d, name + ".html"),
                        lambda p: open(p, encoding="utf-8").read(), sub))
        elif e.endswith(".expected.json"):
            name = e[:-len(".expected.json")]
            if os.path.exists(os.path.join(d, name + ".expected.txt")):
                continue
            out.append((name, os.path.join(d, name + ".html"),
                        fundus_text, sub))
    return out


def run(khabar, page):
    name, src, reader, gold = page
    r = subprocess.run([khabar, "extract", "--json", "--url",
                        "http://fakehost/test/page.html", src],
                       capture_output=True)
    if r.returncode != 0:
        return name, 0.0, 0.0, 0.0, r.stderr.decode(errors="replace")
    pred = json.loads(r.stdout)["text"]
    return (name,) + score(pred, reader(gold)) + ("",)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: extract-score.py KHABAR DIR...")
    khabar = sys.argv[1]
    allres = []
    for d in sys.argv[2:]:
        ps = pages(d)
        if not ps:
            print("# %s: no pages" % d)
            continue
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as ex:
            res = list(ex.map(lambda p: run(khabar, p), ps))
        corpus = os.path.basename(os.path.normpath(d))
        for name, f1, p, r, err in res:
            print("%-40s F1 %.3f  P %.3f  R %.3f %s" % (
                corpus + "/" + name, f1, p, r, err.strip()[:60]))
            allres.append((f1, corpus + "/" + name))
        mean = sum(x[1] for x in res) / len(res)
        print("== %s: %d pages, mean F1 %.4f" % (corpus, len(res), mean))
    print("== worst ten:")
    for f1, name in sorted(allres)[:10]:
        print("   %.3f %s" % (f1, name))


if __name__ == "__main__":
    main()
