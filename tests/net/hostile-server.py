#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""A badly behaved HTTP server for the fetcher's tests.

Listens on two ephemeral ports of 127.0.0.1 (the tests use one for the
hostile cases and one for the well-behaved feeds, so that the per-host
limit keeps the slow ones from starving the rest), prints them on one line
and serves until --lifetime seconds have passed, then exits by itself.
Every path is one behaviour; see ROUTES at the bottom.  Python stdlib only.
"""

import argparse
import gzip
import os
import select
import socket
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
MIB = 1024 * 1024


def rss(name, items=3, pad=""):
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
            "<channel><title>%s</title><link>http://example.org/</link>"
            "<description>test</description>\n" % name)
    item = ("<item><title>%s item %%d</title><link>http://example.org/%%d"
            "</link><description>%s</description></item>\n" % (name, pad))
    body = head + "".join(item % (i, i) for i in range(items))
    return (body + "</channel></rss>\n").encode()


def big_feed(size):
    """A valid RSS document of exactly size bytes."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">'
            b"<channel><title>big</title><link>http://example.org/</link>"
            b"<description>20 MB</description>\n")
    foot = b"</channel></rss>\n"
    item = ("<item><title>item %08d</title><link>http://example.org/%08d"
            "</link><description>" + "x" * 900 + "</description></item>\n")
    n = (size - len(head) - len(foot)) // len(item % (0, 0))
    parts = [head] + [(item % (i, i)).encode() for i in range(n)]
    body = b"".join(parts)
    return body + b" " * (size - len(body) - len(foot)) + foot


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args):
        super().__init__(*args)
        self.lock = threading.Lock()
        self.conc = 0

    def handle_error(self, request, client_address):
        pass    # a client hanging up on us is the normal case here


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    big = None

    def log_message(self, *args):
        pass

    def headers_out(self, code, ctype="application/rss+xml; charset=UTF-8",
                    length=None, close=False, extra=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for k, v in extra:
            self.send_header(k, v)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def reply(self, code, body, **kw):
        self.headers_out(code, length=len(body), **kw)
        self.wfile.write(body)

    def redirect(self, code, where):
        self.reply(code, b"moved\n", ctype="text/plain",
                   extra=[("Location", where)])

    def do_GET(self):
        self.proxied = self.path.startswith("http://")
        path = urllib.parse.urlsplit(self.path).path
        for prefix, fn in ROUTES:
            if path == prefix or (prefix.endswith("/") and
                                  path.startswith(prefix)):
                try:
                    fn(self, path[len(prefix):])
                except OSError:
                    self.close_connection = True
                return
        self.reply(404, b"no such case\n", ctype="text/plain")

    # --- well-behaved ---------------------------------------------------
    def feed(self, name):
        etag = '"v1-%s"' % name
        if (self.headers.get("If-None-Match") == etag or
                self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self.headers_out(304, ctype=None, extra=[("ETag", etag)])
            return
        self.reply(200, rss(name or "feed"), extra=[
            ("ETag", etag), ("Last-Modified", LAST_MODIFIED)])

    def lastmod(self, _):
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.headers_out(304, ctype=None)
            return
        self.reply(200, rss("lastmod"),
                   extra=[("Last-Modified", LAST_MODIFIED)])

    def gzipped(self, name):
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            self.reply(400, b"no Accept-Encoding: gzip\n", ctype="text/plain")
            return
        self.reply(200, gzip.compress(rss(name or "gzip")),
                   extra=[("Content-Encoding", "gzip")])

    def charset(self, _):
        self.reply(200, rss("charset"),
                   ctype='text/xml; charset="ISO-8859-6"; x=y')

    def big_body(self, _):
        if Handler.big is None:
            Handler.big = big_feed(20 * 1000 * 1000)
        self.reply(200, Handler.big)

    def conc(self, _):
        # How many /conc requests are in flight here at once: the
        # fetcher's limits must keep it at or under max_per_host.
        with self.server.lock:
            self.server.conc += 1
            seen = self.server.conc
        time.sleep(0.3)
        with self.server.lock:
            seen = max(seen, self.server.conc)
            self.server.conc -= 1
        self.reply(200, b"%d\n" % seen, ctype="text/plain")

    def echo(self, _):
        body = "User-Agent: %s\nproxied: %s\n" % (
            self.headers.get("User-Agent"), "yes" if self.proxied else "no")
        self.reply(200, body.encode(), ctype="text/plain")

    # --- hostile ----------------------------------------------------------
    def drip(self, _):
        self.headers_out(200, length=1000, close=True)
        for _ in range(1000):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(1)

    def hang(self, _):
        # Say nothing for 30 s, or until the client hangs up.
        self.close_connection = True
        for _ in range(300):
            r, _w, _x = select.select([self.connection], [], [], 0.1)
            if r and not self.connection.recv(1, socket.MSG_PEEK):
                return

    def endless(self, _):
        self.headers_out(200, close=True)
        chunk = b"<item>" * 10000
        while True:
            self.wfile.write(chunk)

    def slow_endless(self, _):
        self.headers_out(200, close=True)
        while True:
            self.wfile.write(b"x" * 1024)
            self.wfile.flush()
            time.sleep(0.05)

    def bomb(self, _):
        # 1 GiB of zeros, compressed as it goes: about 1 MB on the wire.
        self.headers_out(200, close=True, extra=[("Content-Encoding", "gzip")])
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = bytes(MIB)
        for _ in range(1024):
            out = z.compress(zeros)
            if out:
                self.wfile.write(out)
        self.wfile.write(z.flush())

    def bad_gzip(self, _):
        self.reply(200, b"\x1f\x8b\x08\x00this is not deflate data at all",
                   extra=[("Content-Encoding", "gzip")])

    def loop(self, n):
        self.redirect(302, "/loop/%d" % (int(n or 0) + 1))

    def error(self, code):
        self.reply(int(code), b"<html>error</html>\n", ctype="text/html")

    def evil_reason(self, _):
        self.wfile.write(b"HTTP/1.1 404 Not\x1b[2J\x1b]0;pwned\x07 Found\r\n"
                         b"Content-Length: 0\r\n\r\n")

    def empty(self, _):
        self.close_connection = True

    def truncated(self, _):
        self.headers_out(200, length=1000, close=True)
        self.wfile.write(b"<rss>" * 20)

    def lying_cl(self, _):
        # Announces 24 MB (under the 32 MB cap), sends 1 KB, then waits.
        self.headers_out(200, length=24 * MIB, close=True)
        self.wfile.write(b"<rss>" * 200)
        self.wfile.flush()
        time.sleep(1.5)

    def too_large_cl(self, _):
        self.headers_out(200, length=40 * MIB, close=True)
        self.wfile.write(b"<rss>" * 200)
        self.wfile.flush()
        time.sleep(5)


ROUTES = [
    ("/feed/", Handler.feed),
    ("/lastmod", Handler.lastmod),
    ("/gzip/", Handler.gzipped),
    ("/charset", Handler.charset),
    ("/big", Handler.big_body),
    ("/conc", Handler.conc),
    ("/echo", Handler.echo),
    ("/drip", Handler.drip),
    ("/hang", Handler.hang),
    ("/endless", Handler.endless),
    ("/slow-endless", Handler.slow_endless),
    ("/bomb", Handler.bomb),
    ("/bad-gzip", Handler.bad_gzip),
    ("/loop/", Handler.loop),
    ("/r301", lambda h, _: h.redirect(301, "/feed/moved301")),
    ("/r308", lambda h, _: h.redirect(308, "/feed/moved308")),
    ("/r302", lambda h, _: h.redirect(302, "/feed/temp302")),
    ("/r301-302", lambda h, _: h.redirect(301, "/r302")),
    ("/r301-404", lambda h, _: h.redirect(301, "/status/404")),
    ("/to-file", lambda h, _: h.redirect(302, "file:///etc/passwd")),
    ("/status/", Handler.error),
    ("/evil-reason", Handler.evil_reason),
    ("/empty", Handler.empty),
    ("/truncated", Handler.truncated),
    ("/too-large-cl", Handler.too_large_cl),
    ("/lying-cl/", Handler.lying_cl),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lifetime", type=float, default=120)
    args = ap.parse_args()
    servers = [Server(("127.0.0.1", 0), Handler) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(" ".join(str(s.server_address[1]) for s in servers), flush=True)
    time.sleep(min(args.lifetime, 120))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
