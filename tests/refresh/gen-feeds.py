#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""Write feeds for the refresh tests and benchmark.

gen-feeds.py DIR [--feeds N] [--items M] [--words W] [--version V]
writes DIR/feed0.xml ... DIR/feed{N-1}.xml, RSS 2.0 in UTF-8 with Arabic
titles and descriptions of about W words each.  Item i of feed f has the
guid f-i in every version; --version V changes the titles of the first
half of the items and adds V - 1 newer items, so that a refresh of a new
version updates and inserts; --marker puts "@REQ@" in every title for
server.py --vary.  --text zipf draws the words as news text has them
instead of evenly from WORDS: a 30,000-word vocabulary (WORDS first, then
made-up words of Arabic letters) in Zipf's proportions, so that an item of
224 words has about 175 different ones, as articles do, and the feeds have
tens of thousands of different words between them.  Deterministic: same
arguments, same bytes.
"""

import argparse
import itertools
import os
import random

WORDS = ("خبر صحيفة الإسلام مَدْرَسَة العربية حكومة اقتصاد سوق مدينة "
         "رئيس وزير مجلس شعب جامعة طالب كتاب علم تاريخ أخبار عاجل "
         "القاهرة بيروت دمشق بغداد الرياض تونس الجزائر الرباط عمان "
         "الخرطوم انتخابات برلمان نفط طاقة مياه زراعة صحة مستشفى").split()


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def zipf_vocab(n=30000):
    """WORDS, then n - len(WORDS) made-up words; their cumulative weights."""
    rng = random.Random(4242)
    seen = set(WORDS)
    made = []
    while len(seen) < n:
        w = "".join(rng.choice(LETTERS)
                    for _ in range(rng.choice((3, 3, 4, 4, 4, 5, 5, 6, 7))))
        if rng.random() < 0.3:
            w = "ال" + w
        if w not in seen:
            seen.add(w)
            made.append(w)
    vocab = list(WORDS) + made
    cum = list(itertools.accumulate(1 / (r + 2.7) for r in range(n)))
    return vocab, cum


class Text:
    def __init__(self, kind):
        self.vocab, self.cum = zipf_vocab() if kind == "zipf" else (None, None)

    def words(self, rng, k):
        if self.vocab is None:
            return [rng.choice(WORDS) for _ in range(k)]
        return rng.choices(self.vocab, cum_weights=self.cum, k=k)


def item(rng, f, i, version, words, marker, text):
    title_words = text.words(rng, 6)
    if marker:
        title_words.append("@REQ@")
    if version > 1 and i % 2 == 0:
        title_words.append("محدث%d" % version)
    desc = " ".join(text.words(rng, words))
    day = 1 + (i % 27)
    hour = i % 24
    return ("<item><title>%s %d-%d</title>"
            "<link>http://example.org/%d/%d</link>"
            "<guid isPermaLink=\"false\">%d-%d</guid>"
            "<pubDate>Mon, %02d Jan 2025 %02d:00:00 GMT</pubDate>"
            "<description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n"
            % (" ".join(title_words), f, i, f, i, f, i, day, hour, desc))


def feed(f, items, version, words, marker=False, text=None):
    rng = random.Random(f * 7919 + 1)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
           "<channel><title>قناة %d</title><link>http://example.org/%d</link>"
           "<description>feed %d</description>\n" % (f, f, f)]
    for i in range(items + version - 1):
        out.append(item(rng, f, i, version, words, marker,
                        text or Text("even")))
    out.append("</channel></rss>\n")
    return "".join(out).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--feeds", type=int, default=10)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--words", type=int, default=30)
    ap.add_argument("--version", type=int, default=1)
    ap.add_argument("--marker", action="store_true",
                    help='put "@REQ@" in every title (see server.py --vary)')
    ap.add_argument("--text", choices=("even", "zipf"), default="even",
                    help="how the words are drawn (see above)")
    ap.add_argument("--only", type=int, default=-1,
                    help="write only this feed")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    text = Text(a.text)
    for f in range(a.feeds):
        if a.only >= 0 and f != a.only:
            continue
        path = os.path.join(a.dir, "feed%d.xml" % f)
        tmp = path + ".tmp"
        with open(tmp, "wb") as out:
            out.write(feed(f, a.items, a.version, a.words, a.marker, text))
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
