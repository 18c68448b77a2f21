#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
"""A small feed server for the refresh tests.

Serves the files of a directory on an ephemeral port of 127.0.0.1, with a
strong ETag (a hash of the bytes) and Last-Modified (the file's mtime),
answering 304 to a matching If-None-Match or If-Modified-Since.  Prints the
port on one line, then logs each request to --log as "PATH STATUS INM"
(INM is the If-None-Match header or "-").  A few paths behave specially:

  /moved/NAME     301 to /NAME
  /status/CODE    an error page with that status
  /slow/NAME      NAME, after sleeping 0.3 s (?s=SECONDS: that long);
                  with --conc FILE, each appends "PATH N" there as it
                  arrives, N the /slow/ requests it finds in flight with it

With --vary, every "@REQ@" in a file is replaced by a number that grows
with each request, and no validators are sent: each refresh rewrites.

Exits by itself after --lifetime seconds.  Python stdlib only.
"""

import argparse
import email.utils
import hashlib
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log(self, status):
        inm = self.headers.get("If-None-Match") or "-"
        with self.server.lock:
            with open(self.server.logpath, "a") as f:
                f.write("%s %d %s\n" % (self.path, status, inm))

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.log(status)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/moved/"):
            return self.reply(301, b"", [("Location", path[6:])])
        if path.startswith("/status/"):
            code = int(path[8:])
            return self.reply(code, b"<html>no</html>",
                              [("Content-Type", "text/html")])
        if path.startswith("/slow/"):
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            delay = 0.3
            for kv in query.split("&"):
                if kv.startswith("s="):
                    delay = float(kv[2:])
            with self.server.lock:
                self.server.inflight += 1
                if self.server.concpath:
                    with open(self.server.concpath, "a") as f:
                        f.write("%s %d\n" % (self.path,
                                              self.server.inflight))
            try:
                time.sleep(delay)
                return self.serve(path[5:])
            finally:
                with self.server.lock:
                    self.server.inflight -= 1
        return self.serve(path)

    def serve(self, path):
        name = os.path.normpath(path.lstrip("/"))
        if name.startswith(".."):
            return self.reply(403)
        full = os.path.join(self.server.root, name)
        try:
            with open(full, "rb") as f:
                body = f.read()
            mtime = os.stat(full).st_mtime
        except OSError:
            return self.reply(404, b"not found",
                              [("Content-Type", "text/plain")])
        if self.server.vary:
            with self.server.lock:
                self.server.nreq += 1
                body = body.replace(b"@REQ@", b"%d" % self.server.nreq)
            return self.reply(200, body, [("Content-Type",
                                           "application/rss+xml")])
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        lm = email.utils.formatdate(mtime, usegmt=True)
        ctype = "application/rss+xml; charset=utf-8"
        if name.endswith(".html"):
            ctype = "text/html; charset=utf-8"
        inm = self.headers.get("If-None-Match")
        if inm is not None and etag in [t.strip() for t in inm.split(",")]:
            return self.reply(304, b"", [("ETag", etag)])
        self.reply(200, body, [("Content-Type", ctype), ("ETag", etag),
                               ("Last-Modified", lm)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    ap.add_argument("--vary", action="store_true")
    ap.add_argument("--conc")
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = a.root
    srv.logpath = a.log
    srv.lock = threading.Lock()
    srv.vary = a.vary
    srv.nreq = 0
    srv.inflight = 0
    srv.concpath = a.conc
    print(srv.server_address[1], flush=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    time.sleep(a.lifetime)
    srv.shutdown()
    sys.exit(0)


if __name__ == "__main__":
    main()
