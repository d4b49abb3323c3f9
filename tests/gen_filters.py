#!/usr/bin/env python3
"""gen_filters.py SEED COUNT VALUES.tsv: random display filters, one a line, for
test_dfilter_tshark.sh to give to both sniff and tshark.

VALUES.tsv is tshark -T fields -E header=y -E aggregator=, over a capture: the fields'
real values, so that most filters match some packets and miss others. The same seed
and values give the same filters (random.Random(seed)), so a failure is reproducible.

The filters use every part of the language sniff implements (Wireshark 4.0's): presence,
the comparison operators, sets and ranges, bitwise &, arithmetic in braces, contains and
matches on payloads (matches is case-insensitive), slices of bytes, addresses and
protocols, len() and count(), CIDR prefixes, times, the analysis fields, and not/and/or
with parentheses.
"""
import random
import sys

INT_FIELDS = [
    "frame.number", "frame.len", "frame.cap_len", "eth.type", "ip.ttl", "ip.proto", "ip.len",
    "ip.id", "ip.flags", "ip.dsfield", "ip.hdr_len", "ip.checksum", "ip.version",
    "tcp.srcport", "tcp.dstport", "tcp.port", "tcp.stream", "tcp.len", "tcp.seq", "tcp.ack",
    "tcp.nxtseq", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.window_size",
    "tcp.window_size_value", "tcp.checksum", "tcp.urgent_pointer", "tcp.options.mss_val",
    "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
    "tcp.analysis.bytes_in_flight", "tcp.analysis.acks_frame", "arp.opcode", "icmp.type",
    "udp.port", "ipv6.hlim", "ipv6.nxt", "tcp.analysis.duplicate_ack_num",
]
BOOL_FIELDS = ["tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.push",
               "tcp.flags.reset", "ip.flags.df", "ip.flags.mf", "eth.ig", "eth.dst.lg"]
ADDR_FIELDS = ["ip.src", "ip.dst", "ip.addr", "arp.src.proto_ipv4", "ipv6.addr"]
MAC_FIELDS = ["eth.src", "eth.dst", "eth.addr", "arp.src.hw_mac"]
TIME_FIELDS = ["frame.time_delta", "frame.time_relative", "tcp.analysis.ack_rtt"]
# Not "tcp.analysis" alone: Wireshark also keeps an empty analysis subtree after some
# segments (a handful in thousands of chaotic ones), which sniff does not reproduce.
LABELS = ["tcp.analysis.flags", "tcp.analysis.retransmission",
          "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission",
          "tcp.analysis.out_of_order", "tcp.analysis.lost_segment",
          "tcp.analysis.ack_lost_segment", "tcp.analysis.duplicate_ack",
          "tcp.analysis.zero_window", "tcp.analysis.zero_window_probe",
          "tcp.analysis.window_update", "tcp.analysis.window_full",
          "tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack",
          "tcp.analysis.reused_ports", "tcp", "ip", "eth", "arp", "udp", "icmp", "ipv6"]
PROTOS = ["frame", "eth", "ip", "tcp"]
ALL_FIELDS = INT_FIELDS + BOOL_FIELDS + ADDR_FIELDS + MAC_FIELDS + TIME_FIELDS + ["tcp.payload"]


BYTE1 = ("ip.ttl", "ip.proto", "ip.flags", "ip.dsfield", "ip.hdr_len", "ip.version", "icmp.type",
         "ipv6.hlim", "ipv6.nxt", "tcp.hdr_len", "tcp.options.wscale.shift")
BYTE2 = ("port", "ip.len", "ip.id", "checksum", "eth.type", "window_size_value", "urgent",
         "mss_val", "arp.opcode")


def field_max(f):
    if f in BYTE1:
        return 255
    if any(k in f for k in BYTE2):
        return 65535
    return 2**32 - 1


def load(path):
    vals = {f: [] for f in ALL_FIELDS}
    with open(path, encoding="utf-8", errors="replace") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            for name, cell in zip(header, line.rstrip("\n").split("\t")):
                if cell and name in vals:
                    vals[name].extend(v for v in cell.split(",") if v)
    return {k: sorted(set(v)) for k, v in vals.items()}


class Gen:
    def __init__(self, rnd, vals):
        self.r = rnd
        self.v = vals

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def value(self, f):
        vs = self.v.get(f) or []
        if vs and self.r.random() < 0.85:
            return self.pick(vs)
        if f in INT_FIELDS:
            small = f.startswith(("icmp", "arp", "ip.", "ipv6.hlim", "ipv6.nxt", "tcp.hdr_len",
                                  "tcp.options.wscale")) and f not in ("ip.len", "ip.id",
                                                                      "ip.checksum")
            return str(self.r.choice([0, 1, 2, 6, 17, 64] if small else
                                     [0, 1, 2, 6, 17, 64, 80, 1000, 15213, 65535]))
        if f in TIME_FIELDS:
            return self.pick(["0", "0.000010", "0.001", "0.4", "1", "1.5"])
        if f in BOOL_FIELDS:
            return self.pick(["0", "1", "True", "False"])
        if f in ADDR_FIELDS:
            return "::1" if f.startswith("ipv6") else self.pick(["127.0.0.1", "192.0.2.1", "10.0.0.1"])
        return "00:00:00:00:00:00"

    def number(self, f):
        v = self.value(f)
        if f in INT_FIELDS and self.r.random() < 0.4:
            base = int(v, 0)
            v = str(min(field_max(f), max(0, base + self.r.choice([-1, 1]))))
        if f in INT_FIELDS and self.r.random() < 0.15:
            v = hex(int(v, 0))
        return v

    def payload_bytes(self):
        ps = self.v.get("tcp.payload") or []
        if not ps:
            return None
        return bytes.fromhex(self.pick(ps))

    def text_piece(self):
        b = self.payload_bytes()
        if not b:
            return None
        i = self.r.randrange(len(b))
        piece = b[i:i + self.r.randint(1, 8)]
        if all(32 <= c < 127 and c not in b'"\\' for c in piece):
            return piece.decode()
        return None

    def relation(self):
        kind = self.r.randrange(16)
        if kind == 0:
            return self.pick(LABELS + ALL_FIELDS)
        if kind == 1:
            f = self.pick(INT_FIELDS)
            op = self.pick(["==", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt", "ge", "~=", "==="])
            return f"{f} {op} {self.number(f)}"
        if kind == 2:
            f = self.pick(INT_FIELDS)
            vs = sorted({self.number(f) for _ in range(3)}, key=lambda x: int(x, 0))
            if self.r.random() < 0.5:
                return f"{f} in {{{', '.join(vs)}}}"
            neg = "not " if self.r.random() < 0.3 else ""
            return f"{f} {neg}in {{{vs[0]}..{vs[-1]}}}"
        if kind == 3:
            f = self.pick(["tcp.flags", "ip.flags", "tcp.window_size_value", "ip.dsfield", "tcp.len"])
            mask = self.pick(["0x02", "0x10", "0x12", "0x18", "0x01", "0x04", "0x08", "0xff", "3"])
            if self.r.random() < 0.5:
                return f"{f} & {mask}"
            return f"{f} & {mask} == {mask}"
        if kind == 4:
            f = self.pick(BOOL_FIELDS)
            return f"{f} == {self.value(f)}"
        if kind == 5:
            f = self.pick(ADDR_FIELDS)
            v = self.value(f)
            if ":" not in v and self.r.random() < 0.5:
                parts = v.split(".")
                bits = self.pick([8, 16, 24])
                v = ".".join(parts[: bits // 8] + ["0"] * (4 - bits // 8)) + f"/{bits}"
            return f"{f} {self.pick(['==', '!=', 'eq'])} {v}"
        if kind == 6:
            f = self.pick(MAC_FIELDS)
            return f"{f} {self.pick(['==', '!='])} {self.value(f)}"
        if kind == 7:
            t = self.text_piece()
            if t is None:
                return "tcp.payload"
            return f'tcp.payload contains "{t}"'
        if kind == 8:
            t = self.text_piece()
            if t is None or not t.isalnum():
                return "frame contains 00:00"
            pat = self.pick([f"^{t}", f"{t}.*", f"{t.upper()}", f"[a-z]{t}", f"{t}$"])
            tgt = self.pick(["tcp.payload", "frame", "tcp", "ip"])
            return f'{tgt} matches "{pat}"'
        if kind == 9:
            b = self.payload_bytes()
            if not b:
                return "tcp.payload[0:1] == 68"
            i = self.r.randrange(min(len(b), 8))
            n = self.r.randint(1, 4)
            chunk = b[i:i + n]
            sep = self.pick([":", "-", ""])
            lit = sep.join(f"{c:02x}" for c in chunk) if chunk else "00"
            if n == 1 or self.r.random() < 0.5:
                return f"tcp.payload[{i}:{n}] == {lit}"
            return f"tcp.payload[{i}-{i + n - 1}] == {lit}"  # Wireshark: last after first
        if kind == 10:
            f = self.pick(MAC_FIELDS[:2])
            v = self.value(f)[:8]
            return f"{f}[0:3] == {v}"
        if kind == 11:
            p = self.pick(PROTOS)
            off = self.pick([0, 1, 9, 12, 13, 23])
            return f"{p}[{off}] {self.pick(['==', '>', '&'])} 0x{self.r.randrange(256):02x}"
        if kind == 12:
            return self.pick([f"len(tcp.payload) > {self.r.randrange(0, 60)}",
                              f"len(tcp.payload) == {self.r.choice([18, 41, 1, 5])}",
                              f"count(ip.addr) == {self.r.choice([1, 2])}",
                              "len(eth.src) == 6", "len(ip.src) == 4"])
        if kind == 13:
            f = self.pick(TIME_FIELDS)
            return f"{f} {self.pick(['>', '<', '>=', '<='])} {self.value(f)}"
        if kind == 14:
            f = self.pick(["tcp.len", "tcp.srcport", "ip.ttl", "frame.len"])
            op = self.pick(["+", "-", "*"])
            return f"{{{f} {op} {self.r.randint(1, 3)}}} {self.pick(['==', '>', '<'])} {self.number(f)}"
        return self.pick(["tcp.srcport > tcp.dstport", "tcp.seq == tcp.ack",
                          "ip.src == ip.dst", "tcp.len < tcp.hdr_len",
                          "tcp.stream == tcp.analysis.acks_frame"])

    def expr(self, depth=0):
        k = self.r.random()
        if depth < 2 and k < 0.25:
            op = self.pick([" and ", " && ", " or ", " || "])
            return f"{self.expr(depth + 1)}{op}{self.expr(depth + 1)}"
        if depth < 2 and k < 0.35:
            return f"{self.pick(['!', 'not ', '!'])}({self.expr(depth + 1)})"
        if depth < 2 and k < 0.42:
            return f"({self.expr(depth + 1)})"
        return self.relation()


def main():
    seed, count, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    gen = Gen(random.Random(seed), load(path))
    seen = set()
    while len(seen) < count:
        f = gen.expr()
        if f not in seen:
            seen.add(f)
            print(f)


if __name__ == "__main__":
    main()
