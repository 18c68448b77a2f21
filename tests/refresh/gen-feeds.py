#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""Write feeds for the refresh tests and benchmark.

gen-feeds.py DIR [--feeds N] [--items M] [--words W] [--version V]
writes DIR/feed0.xml ... DIR/feed{N-1}.xml, RSS 2.0 in UTF-8 with Arabic
titles and descriptions of about W words each.  Item i of feed f has the
guid f-i in every version; --version V changes the titles of the first
half of the items and adds V - 1 newer items, so that a refresh of a new
version updates and inserts; --marker puts "@REQ@" in every title for
server.py --vary.  Deterministic: same arguments, same bytes.
"""

import argparse
import os
import random

WORDS = ("خبر صحيفة الإسلام مَدْرَسَة العربية حكومة اقتصاد سوق مدينة "
         "رئيس وزير مجلس شعب جامعة طالب كتاب علم تاريخ أخبار عاجل "
         "القاهرة بيروت دمشق بغداد الرياض تونس الجزائر الرباط عمان "
         "الخرطوم انتخابات برلمان نفط طاقة مياه زراعة صحة مستشفى").split()


def item(rng, f, i, version, words, marker):
    title_words = [rng.choice(WORDS) for _ in range(6)]
    if marker:
        title_words.append("@REQ@")
    if version > 1 and i % 2 == 0:
        title_words.append("محدث%d" % version)
    desc = " ".join(rng.choice(WORDS) for _ in range(words))
    day = 1 + (i % 27)
    hour = i % 24
    return ("<item><title>%s %d-%d</title>"
            "<link>http://example.org/%d/%d</link>"
            "<guid isPermaLink=\"false\">%d-%d</guid>"
            "<pubDate>Mon, %02d Jan 2025 %02d:00:00 GMT</pubDate>"
            "<description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n"
            % (" ".join(title_words), f, i, f, i, f, i, day, hour, desc))


def feed(f, items, version, words, marker=False):
    rng = random.Random(f * 7919 + 1)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
           "<channel><title>قناة %d</title><link>http://example.org/%d</link>"
           "<description>feed %d</description>\n" % (f, f, f)]
    for i in range(items + version - 1):
        out.append(item(rng, f, i, version, words, marker))
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
    ap.add_argument("--only", type=int, default=-1,
                    help="write only this feed")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    for f in range(a.feeds):
        if a.only >= 0 and f != a.only:
            continue
        path = os.path.join(a.dir, "feed%d.xml" % f)
        tmp = path + ".tmp"
        with open(tmp, "wb") as out:
            out.write(feed(f, a.items, a.version, a.words, a.marker))
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
