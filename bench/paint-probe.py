#!/usr/bin/env python3
# khabar - ISC licence, see LICENSE.
# paint-probe.py SOCKET W H PATTERN T0FILE COMMAND
# Starts COMMAND in a new tmux session "b" (server SOCKET, W x H) through a
# tmux control-mode client, which tmux hands every byte the pane writes as
# it arrives (%output), with no polling.  PATTERN is on screen when those
# bytes hold it; in case the program draws it in pieces (cursor moves
# between parts), each %output also asks for the screen (capture-pane,
# over the same connection: no process is started) and looks for it there.
# Prints the milliseconds from the time in T0FILE (ns since the epoch,
# written by COMMAND just before it execs the program measured) to the
# first of the two, and detaches; the session goes on.
import re, subprocess, sys, time

sock, w, h, pattern, t0file, cmd = sys.argv[1:7]
p = subprocess.Popen(["tmux", "-L", sock, "-f", "/dev/null", "-C",
                      "new-session", "-s", "b", "-x", w, "-y", h, cmd],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
pat = pattern.encode()
octal = re.compile(rb"\\([0-7]{3})")
seen = b""		# the end of what the pane wrote
t1 = None
asked = False		# a capture-pane is on its way
fresh = False		# the pane wrote after it was asked for
block = None		# lines of the reply being read
deadline = time.monotonic() + 120


def ask():
    p.stdin.write(b"capture-pane -p -t b\n")
    p.stdin.flush()


for line in p.stdout:
    if block is not None:
        if line.startswith(b"%end ") or line.startswith(b"%error "):
            screen, block = b"".join(block), None
            asked = False
            if pat in screen:
                t1 = time.time_ns()
                break
            if fresh:
                fresh = False
                asked = True
                ask()
        else:
            block.append(line)
    elif line.startswith(b"%begin "):
        block = []
    elif line.startswith(b"%output "):
        data = line.rstrip(b"\n").split(b" ", 2)[2]
        seen += octal.sub(lambda m: bytes([int(m.group(1), 8)]), data)
        if pat in seen:
            t1 = time.time_ns()
            break
        seen = seen[-len(pat):]
        if asked:
            fresh = True
        else:
            asked = True
            ask()
    if time.monotonic() > deadline:
        break
try:
    p.stdin.write(b"detach-client\n")
    p.stdin.close()
except BrokenPipeError:
    pass
err = p.stderr.read().decode(errors="replace").strip()
p.wait()
if t1 is None:
    sys.exit("paint-probe: %r never appeared%s" % (pattern,
             ": tmux says " + err if err else ""))
t0 = int(open(t0file).read())
print("%.1f" % ((t1 - t0) / 1e6))
