#!/usr/bin/env python3
"""strace_annotations.py NAME SNIFF_JSON CLIENT_TRACE SERVER_TRACE: checks sniff's
annotations of one TCP connection against the system calls that really happened.

SNIFF_JSON is `sniff -r CAP -A -T json` of a capture holding one connection (or one
refused attempt); the traces are `strace -f -tt -e trace=network,read,write,close,
shutdown` of the client and of the server ("-": no server ran). Two directions:

  1. No annotation names a call that did not happen: "the client's connect()" needs a
     connect(), "connect() fails with ECONNREFUSED" that error, "Probably one write() or
     send() of N bytes" a write/send of N bytes by that side, "a half-close,
     shutdown(SHUT_WR)" a shutdown(SHUT_WR), a FIN or RST's close() a close() of the
     connection's socket or the process's end; and the old "client send():" wording never.
  2. Each call that happened is named on the right packet: connect() on the SYN (or its
     ECONNREFUSED on the RST), accept() on the handshake's last ACK, shutdown(SHUT_WR) on
     that side's FIN (and the half-close said once the wire proves it), close() or the
     process's end on that side's first FIN or RST.

Prints one line per failure and exits 1, or prints what it checked and exits 0.
"""
import json
import re
import sys

CALL = re.compile(r"^(\d+)\s+[\d:.]+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)(?:\s+(\w+))?")
EXIT = re.compile(r"^(\d+)\s+[\d:.]+\s+\+\+\+ (exited with \d+|killed by \w+)")
SEND = {"write", "send", "sendto", "sendmsg", "writev"}
RECV = {"read", "recv", "recvfrom", "recvmsg", "readv"}


def merge_resumed(lines):
    """Joins strace's '<unfinished ...>' and '<... x resumed>' halves, per pid."""
    pending, out = {}, []
    for line in lines:
        m = re.match(r"^(\d+)\s+([\d:.]+)\s+(.*) <unfinished \.\.\.>$", line)
        if m:
            pending[m.group(1)] = m.group(1) + " " + m.group(2) + " " + m.group(3)
            continue
        m = re.match(r"^(\d+)\s+[\d:.]+\s+<\.\.\. \w+ resumed>(.*)$", line)
        if m and m.group(1) in pending:
            out.append(pending.pop(m.group(1)) + m.group(2))
            continue
        out.append(line)
    return out


def parse(path):
    """The TCP socket calls of one traced program, in order, as (call, fd, ret, err,
    args), and whether it was killed. Only fds from socket(AF_INET*, SOCK_STREAM) and
    accept() count, while open."""
    if path == "-":
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = merge_resumed(f.read().splitlines())
    tcp, calls, killed, exited = set(), [], False, False
    for line in lines:
        e = EXIT.match(line)
        if e:
            killed |= e.group(2).startswith("killed")
            exited = True
            continue
        m = CALL.match(line)
        if not m:
            continue
        name, args, ret, err = m.group(2), m.group(3), int(m.group(4)), m.group(5)
        fd = args.split(",", 1)[0].strip()
        fd = int(fd) if fd.isdigit() else None
        if name == "socket" and "SOCK_STREAM" in args and "AF_INET" in args and ret >= 0:
            tcp.add(ret)
            continue
        if name in ("accept", "accept4") and ret >= 0:
            tcp.add(ret)
            calls.append(("accept", ret, ret, err, args))
            continue
        if fd not in tcp:
            continue
        if name == "close":
            tcp.discard(fd)
        calls.append((name, fd, ret, err, args))
    return {"calls": calls, "killed": killed, "exited": exited}


def has(trace, pred):
    return trace is not None and any(pred(c) for c in trace["calls"])


def main():
    name, js, ctrace, strace_s = sys.argv[1:5]
    client, server = parse(ctrace), parse(strace_s)
    pkts = []
    with open(js, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "packet" and "tcp" in o.get("layers", {}):
                pkts.append(o)
    fails, checked = [], 0

    def fail(msg):
        fails.append(f"FAIL {name}: {msg}")

    def side_of(p):
        return "client" if p.get("direction") == "client_to_server" else "server"

    def trace_of(side):
        return client if side == "client" else server

    def flags(p):
        return set(p["layers"]["tcp"]["flags"])

    def text(p):
        return " ".join(p.get("annotation") or [])

    connected = has(client, lambda c: c[0] == "connect" and (c[2] == 0 or c[3] == "EINPROGRESS"))
    # A non-blocking connect() learns its fate from SO_ERROR.
    refused = has(client, lambda c: (c[0] == "connect" and c[3] == "ECONNREFUSED") or (
        c[0] == "getsockopt" and "SO_ERROR, [ECONNREFUSED]" in c[4]))
    if refused:
        connected = False
    accepted = has(server, lambda c: c[0] == "accept")

    # 1. Nothing named that did not happen.
    for p in pkts:
        t, side, n = text(p), side_of(p), p["frame"]["number"]
        tr = trace_of(side)
        checked += 1
        if re.search(r"\b(client|server) (send|close)\(\):", t):
            fail(f"frame {n}: the old wording that calls a segment a call: {t[:120]}")
        if "the client's connect() sends SYN" in t and not (connected or refused):
            fail(f"frame {n}: names the client's connect(), which the trace lacks")
        if "connect() fails with ECONNREFUSED" in t and not refused:
            fail(f"frame {n}: says connect() failed with ECONNREFUSED; it did not")
        if "A blocking connect() in the client returns" in t and not connected:
            fail(f"frame {n}: says connect() returns; the trace has no successful connect()")
        for m in re.finditer(r"Probably one write\(\) or send\(\) of (\d+) bytes", t):
            want = int(m.group(1))
            if not has(tr, lambda c: c[0] in SEND and c[2] == want):
                fail(f"frame {n}: 'probably one write() of {want} bytes' by the {side}: "
                     f"no write or send of {want} bytes in its trace")
        if "its FIN was a half-close, shutdown(SHUT_WR)" in t:
            # The sentence sits on the ACK of the other side's FIN: the half-closer is the
            # packet's sender.
            if not has(tr, lambda c: c[0] == "shutdown" and "SHUT_WR" in c[4]):
                fail(f"frame {n}: names a half-close by the {side}; it never called "
                     "shutdown(SHUT_WR)")
        fin_or_rst = flags(p) & {"FIN", "RST"}
        if fin_or_rst and "close()" in t and tr is not None:
            if not (has(tr, lambda c: c[0] in ("close", "shutdown")) or tr["exited"]):
                fail(f"frame {n}: the {side}'s {'/'.join(sorted(fin_or_rst))} names "
                     "close(); the trace has no close(), shutdown() or end")

    # 2. Each call named on its packet.
    syn = next((p for p in pkts if flags(p) == {"SYN"}), None)
    if client is not None and (connected or refused):
        checked += 1
        if syn is None or "connect()" not in text(syn):
            fail("the client's connect() is not named on its SYN")
    if refused:
        checked += 1
        rst = next((p for p in pkts if "RST" in flags(p) and side_of(p) == "server"), None)
        if rst is None or "ECONNREFUSED" not in text(rst):
            fail("connect()'s ECONNREFUSED is not named on the server's RST")
    if accepted:
        checked += 1
        synack = next((i for i, p in enumerate(pkts) if flags(p) == {"SYN", "ACK"}), None)
        last = next((p for p in pkts[synack + 1:] if side_of(p) == "client"), None) \
            if synack is not None else None
        if last is None or "accept()" not in text(last):
            fail("the server's accept() is not named on the handshake's last ACK")
    for side in ("client", "server"):
        tr = trace_of(side)
        if tr is None:
            continue
        mine = [p for p in pkts if side_of(p) == side]
        fin = next((p for p in mine if "FIN" in flags(p)), None)
        end = next((p for p in mine if flags(p) & {"FIN", "RST"}), None)
        shut = [i for i, c in enumerate(tr["calls"])
                if c[0] == "shutdown" and re.search(r"SHUT_(WR|RDWR)\b", c[4]) and c[2] == 0]
        if shut:
            checked += 1
            how = "SHUT_RDWR" if "SHUT_RDWR" in tr["calls"][shut[0]][4] else "SHUT_WR"
            if fin is None or "shutdown()" not in text(fin) or how not in text(fin):
                fail(f"the {side}'s shutdown({how}) is not named on its FIN")
            # It went on receiving: the half-close must be said once the wire shows it.
            got = any(c[0] in RECV and c[2] > 0 for c in tr["calls"][shut[0] + 1:])
            peer_data_after = fin is not None and any(
                side_of(p) != side and p["layers"]["tcp"].get("len", 0) > 0
                and p["frame"]["number"] > fin["frame"]["number"] for p in pkts)
            if got and peer_data_after:
                checked += 1
                if not any("half-close" in text(p) for p in pkts):
                    fail(f"the {side} received data after shutdown(SHUT_WR); no annotation "
                         "says half-close")
        closed = any(c[0] == "close" for c in tr["calls"])
        if (closed or tr["killed"]) and not shut and end is not None:
            checked += 1
            t = text(end)
            if tr["killed"]:
                if "process ended" not in t and "exits" not in t and "exited" not in t:
                    fail(f"the {side} was killed; its FIN/RST does not name the process's end")
            elif "close()" not in t:
                fail(f"the {side}'s close() is not named on its first FIN or RST")
        rst = next((p for p in mine if "RST" in flags(p)), None)
        if rst is not None and has(tr, lambda c: c[0] == "setsockopt" and "SO_LINGER" in c[4]
                                   and "l_onoff=1" in c[4] and "l_linger=0" in c[4]):
            checked += 1
            if "SO_LINGER" not in text(rst):
                fail(f"the {side} set SO_LINGER 0; its RST does not name it")
        if tr["killed"] and end is None:
            fail(f"the {side} was killed and sent no FIN or RST in the capture")

    for line in fails:
        print(line)
    if not fails:
        print(f"ok {name}: {len(pkts)} packets, {checked} checks against the calls")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
