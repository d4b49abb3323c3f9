"""graph_expect.py SCRIPT TYPE DIR: the points a TCP stream graph must plot for a
scripted connection (tests/gen_tcp_cases.c writes the .script files: one segment a line,
"frame dir time_us flags seq ack len win ws<TAB>Info prefix", numbers relative to each
side's ISN as Wireshark's relative numbers are), computed here from the script alone,
by Wireshark's definitions (ui/qt/tcp_stream_dialog.cpp), as CSV in the form of
`sniff --graph TYPE --format csv`:

  series,frame,time,y,y2,points,retransmissions

TYPE: stevens, tcptrace, throughput, rtt, window; DIR: 0 for the client's data, 1 for the
server's. A retransmission is what the script's hand-written Info prefix says it is.
"""
import math
import sys

FIN, SYN, RST, ACK = 0x01, 0x02, 0x04, 0x10


def load(path):
    segs = []
    for line in open(path):
        nums, _, info = line.rstrip("\n").partition("\t")
        f = nums.split()
        segs.append({"frame": int(f[0]), "dir": int(f[1]), "us": int(f[2]), "flags": int(f[3]),
                     "seq": int(f[4]), "ack": int(f[5]), "len": int(f[6]), "win": int(f[7]),
                     "ws": int(f[8]), "retr": "Retransmission" in info})
    t0 = segs[0]["us"]
    ws = {0: -1, 1: -1}
    for s in segs:
        s["t"] = (s["us"] - t0) / 1e6
        if s["flags"] & SYN:
            ws[s["dir"]] = s["ws"]
    scaled = ws[0] >= 0 and ws[1] >= 0  # RFC 7323: both SYNs carry the option
    for s in segs:  # a SYN's window is never scaled
        shift = ws[s["dir"]] if scaled and not s["flags"] & SYN else 0
        s["swin"] = s["win"] << shift
    return segs


def row(out, series, s, y, y2=None, marks=0):
    out.append((series, s["frame"], s["t"], y, y if y2 is None else y2, 1, marks))


def stevens(segs, d):
    out = []
    for s in segs:
        if s["dir"] == d:
            row(out, "seq", s, s["seq"], marks=int(s["retr"]))
    return out


def tcptrace(segs, d):
    seg, ack, rwin, dup, zero = [], [], [], [], []
    last = None
    for s in segs:
        if s["dir"] == d:
            if s["len"] > 0:
                row(seg, "segment", s, s["seq"], s["seq"] + s["len"], int(s["retr"]))
            if s["win"] == 0 and not s["flags"] & (RST | FIN | SYN):
                row(zero, "zerowin", s, s["seq"] + s["len"] / 2.0)
        elif s["flags"] & ACK:
            a, r = s["ack"], s["ack"] + s["swin"]
            if last == (a, r):
                row(dup, "dupack", s, a)
            last = (a, r)
            row(ack, "ack", s, a)
            row(rwin, "rwin", s, r)
    return seg + ack + rwin + dup + zero


def ma_window(lens):
    if len(lens) < 2:
        return 1.0
    span = lens[-1][2] - lens[0][2]
    if span >= 10.0 or span <= 0:
        return 1.0
    raw = span / 10
    mag = 10 ** math.floor(math.log10(raw))
    f = raw / mag
    return (1 if f < 1.5 else 2 if f < 3.5 else 5 if f < 7.5 else 10) * mag


def throughput(segs, d):
    lens = []
    for s in segs:
        if s["dir"] == d and s["len"] > 0:
            row(lens, "length", s, s["len"], marks=int(s["retr"]))
    w = ma_window(lens)
    tput = []
    for i, r in enumerate(lens):
        total = sum(q[3] for q in lens[:i + 1] if r[2] - q[2] <= w)
        tput.append(("throughput",) + r[1:3] + (total * 8.0 / w, total * 8.0 / w) + r[5:])
    return lens + tput


def rtt(segs, d):
    out, unacked = [], []
    for s in segs:
        if s["dir"] == d:
            if s["len"] > 0 and not any(u["seq"] <= s["seq"] < u["end"] for u in unacked):
                unacked.append({"seq": s["seq"], "end": s["seq"] + s["len"], "s": s})
        elif s["flags"] & ACK:
            keep = []
            for u in unacked:
                if s["ack"] > u["seq"]:
                    out.append(("rtt", u["s"]["frame"], u["s"]["t"], (s["t"] - u["s"]["t"]) * 1000.0,
                                (s["t"] - u["s"]["t"]) * 1000.0, 1, 0))
                    if s["ack"] >= u["end"]:
                        continue
                    u["seq"] = s["ack"]
                keep.append(u)
            unacked = keep
    return out


def window(segs, d):
    fly, win = [], []
    last = None
    for s in segs:
        if s["dir"] == d:
            end = s["seq"] + s["len"]
            if last is not None and end >= last:
                row(fly, "inflight", s, end - last)
        else:
            if not s["flags"] & (SYN | RST):
                row(win, "window", s, s["swin"])
            if s["flags"] & ACK and (last is None or s["ack"] >= last):
                last = s["ack"]
    return fly + win


def main():
    segs = load(sys.argv[1])
    kind, d = sys.argv[2], int(sys.argv[3])
    rows = {"stevens": stevens, "tcptrace": tcptrace, "throughput": throughput, "rtt": rtt,
            "window": window}[kind](segs, d)
    print("series,frame,time,y,y2,points,retransmissions")
    for r in rows:
        print("%s,%d,%.6f,%.17g,%.17g,%d,%d" % r)


main()
