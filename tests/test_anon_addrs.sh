#!/bin/sh
# test_anon_addrs.sh SNIFF: --anonymize leaves no address anywhere.
#
# Python writes a capture whose frames carry an address in every place one can hide:
# Ethernet and IPv4/IPv6 headers, IPv4 Record Route, Loose and Strict Source Route and
# Timestamp options (flags 1 and 3), ICMP errors quoting a datagram (UDP, TCP, an error
# quoting an error quoting UDP), an ICMP redirect's gateway, ARP sender and target (IP
# and MAC), ICMPv6 errors quoting IPv6, neighbour solicitation and advertisement targets
# and their link-layer address options, an ICMPv6 redirect's target and destination.
# Two frames carry a wrong checksum on purpose (an ICMP checksum, a quoted IPv4 header
# checksum). Then:
#   - each original address is found in sniff -V of the original (the search can fail);
#   - under --anonymize, no original address is in any output of sniff: the packet list,
#     -V, -x (the dump read back as bytes), -T json, -A, --follow (text and hex),
#     --summary; nor in the -w file's bytes, nor in tshark -V of that file;
#   - tshark finds every checksum (IPv4, TCP, UDP, ICMP, ICMPv6, and the quoted IPv4
#     header's and UDP's) valid after exactly where it was valid before, and wrong where
#     it was wrong.
# Needs tshark and python3 (else 77).
set -u
sniff=${1:?usage: test_anon_addrs.sh SNIFF}
for tool in tshark python3; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is needed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp" # sniff drops root to nobody: it must be able to write its -w file here
mkdir -p "$tmp/home"
export TZ=UTC LC_ALL=C NO_COLOR=1 HOME="$tmp/home"

python3 - "$sniff" "$tmp" "$(cd "$(dirname "$0")" && pwd)" <<'PY'
import json, re, struct, subprocess, sys
sniff, tmp = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from gen_parity import csum, mac, a4 as ip4, a6 as ip6  # the parity captures' builders
fail = 0

def check(ok, what):
    global fail
    print(("ok: " if ok else "FAIL: ") + what)
    fail |= not ok

MACS = ["02:11:22:33:44:01", "02:11:22:33:44:02", "02:11:22:33:44:0a", "02:11:22:33:44:0b",
        "02:11:22:33:44:0c", "02:11:22:33:44:0d"]
CLI, SRV = "198.51.100.1", "198.51.100.2"
V4 = [CLI, SRV]
V6 = []

def used4(*a):
    V4.extend(x for x in a if x not in V4)

def used6(*a):
    V6.extend(x for x in a if x not in V6)

def eth(payload, etype, src=MACS[0], dst=MACS[1]):
    return mac(dst) + mac(src) + struct.pack("!H", etype) + payload

def ipv4(src, dst, proto, payload, opts=b"", bad_sum=False):
    opts += b"\0" * (-len(opts) % 4)
    ihl = 5 + len(opts) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(payload), 7, 0, 64, proto, 0,
                    ip4(src), ip4(dst)) + opts
    s = csum(h) ^ (0x1111 if bad_sum else 0)
    return h[:10] + struct.pack("!H", s) + h[12:] + payload

def l4sum(pseudo, seg, at):
    s = csum(pseudo + seg)
    return seg[:at] + struct.pack("!H", s) + seg[at + 2:]

def ps4(src, dst, proto, n):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, n)

def ps6(src, dst, proto, n):
    return ip6(src) + ip6(dst) + struct.pack("!IxxxB", n, proto)

def tcp4(src, dst, sport, dport, flags, data=b"", seq=1000, ack=0, opts=b""):
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
    return ipv4(src, dst, 6, l4sum(ps4(src, dst, 6, len(seg)), seg, 16), opts)

def udp_seg(src, dst, sport, dport, data, v6=False):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    ps = ps6(src, dst, 17, len(seg)) if v6 else ps4(src, dst, 17, len(seg))
    return l4sum(ps, seg, 6)

def udp4(src, dst, data, opts=b""):
    return ipv4(src, dst, 17, udp_seg(src, dst, 5353, 53, data), opts)

def icmp4(src, dst, typ, code, rest, body, bad_sum=False):
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    s = csum(m) ^ (0x2222 if bad_sum else 0)
    return ipv4(src, dst, 1, m[:2] + struct.pack("!H", s) + m[4:])

def ipv6(src, dst, nh, payload):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 255) + ip6(src) + ip6(dst) + payload

def icmp6(src, dst, typ, code, body):
    m = struct.pack("!BBH", typ, code, 0) + body
    return ipv6(src, dst, 58, l4sum(ps6(src, dst, 58, len(m)), m, 2))

frames = []
# IPv4 options: Record Route (2 of 3 slots filled), LSRR, SSRR, Timestamp flags 1 and 3.
rr = bytes([7, 15, 12]) + ip4("203.0.113.11") + ip4("203.0.113.12") + bytes(4)
lsrr = bytes([1, 131, 11, 4]) + ip4("203.0.113.21") + ip4("203.0.113.22")
ssrr = bytes([137, 7, 4]) + ip4("203.0.113.31")
ts1 = bytes([68, 20, 21, 1]) + ip4("203.0.113.41") + struct.pack("!I", 1) + ip4("203.0.113.42") + struct.pack("!I", 2)
ts3 = bytes([68, 20, 5, 3]) + ip4("203.0.113.51") + bytes(4) + ip4("203.0.113.52") + bytes(4)
used4("203.0.113.11", "203.0.113.12", "203.0.113.21", "203.0.113.22", "203.0.113.31",
      "203.0.113.41", "203.0.113.42", "203.0.113.51", "203.0.113.52")
frames.append(eth(tcp4(CLI, SRV, 40000, 15213, 0x02, seq=999, opts=rr), 0x0800))
frames.append(eth(tcp4(SRV, CLI, 15213, 40000, 0x12, seq=5000, ack=1000, opts=lsrr), 0x0800, MACS[1], MACS[0]))
frames.append(eth(tcp4(CLI, SRV, 40000, 15213, 0x18, b"hello\n", seq=1000, ack=5001, opts=ssrr), 0x0800))
frames.append(eth(tcp4(SRV, CLI, 15213, 40000, 0x18, b"hello\n", seq=5001, ack=1006), 0x0800, MACS[1], MACS[0]))
frames.append(eth(udp4(CLI, SRV, b"ts1!", ts1), 0x0800))
frames.append(eth(udp4(CLI, SRV, b"ts3!", ts3), 0x0800))
# ICMP errors quoting UDP (whole), TCP (8 bytes, the quoted IPv4 checksum wrong), and
# one with a wrong ICMP checksum.
q = udp4("198.51.100.71", "198.51.100.72", b"dns?")
frames.append(eth(icmp4("192.0.2.61", "198.51.100.71", 3, 3, bytes(4), q), 0x0800))
q = tcp4("198.51.100.73", "198.51.100.74", 40001, 80, 0x02)
q = q[:10] + struct.pack("!H", struct.unpack("!H", q[10:12])[0] ^ 0x0F0F) + q[12:28]
frames.append(eth(icmp4("192.0.2.62", "198.51.100.73", 11, 0, bytes(4), q), 0x0800))
q = udp4("198.51.100.75", "198.51.100.76", b"x")
frames.append(eth(icmp4("192.0.2.63", "198.51.100.75", 3, 1, bytes(4), q, bad_sum=True), 0x0800))
# A redirect: the gateway, and the quote.
q = udp4("198.51.100.91", "198.51.100.92", b"redirect me")
frames.append(eth(icmp4("192.0.2.81", "198.51.100.91", 5, 1, ip4("192.0.2.82"), q), 0x0800))
# An error about an error about UDP (crafted: RFC 1122 forbids it).
inner = icmp4("198.51.100.113", "198.51.100.114", 3, 3, bytes(4), udp4("198.51.100.114", "198.51.100.115", b"in"))
frames.append(eth(icmp4("192.0.2.111", "198.51.100.113", 3, 1, bytes(4), inner), 0x0800))
used4("192.0.2.61", "198.51.100.71", "198.51.100.72", "192.0.2.62", "198.51.100.73",
      "198.51.100.74", "192.0.2.63", "198.51.100.75", "198.51.100.76", "192.0.2.81",
      "192.0.2.82", "198.51.100.91", "198.51.100.92", "192.0.2.111", "198.51.100.113",
      "198.51.100.114", "198.51.100.115")
# ARP request and reply.
def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + ip4(spa) + mac(tha) + ip4(tpa)
frames.append(eth(arp(1, MACS[4], "192.0.2.101", "00:00:00:00:00:00", "192.0.2.102"), 0x0806, MACS[4], "ff:ff:ff:ff:ff:ff"))
frames.append(eth(arp(2, MACS[5], "192.0.2.102", MACS[4], "192.0.2.101"), 0x0806, MACS[5], MACS[4]))
used4("192.0.2.101", "192.0.2.102")
# IPv6: TCP, an error quoting UDP, neighbour solicitation and advertisement, a redirect.
C6, S6 = "2001:db8:1::1", "2001:db8:1::2"
seg = struct.pack("!HHIIBBHHH", 40002, 15213, 77, 0, 5 << 4, 0x02, 65535, 0, 0)
frames.append(eth(ipv6(C6, S6, 6, l4sum(ps6(C6, S6, 6, len(seg)), seg, 16)), 0x86DD))
q = ipv6("2001:db8:7::71", "2001:db8:7::72", 17, udp_seg("2001:db8:7::71", "2001:db8:7::72", 5353, 53, b"v6?", True))
frames.append(eth(icmp6("2001:db8:6::61", "2001:db8:7::71", 1, 4, bytes(4) + q), 0x86DD))
ns = bytes(4) + ip6("2001:db8:8::82") + bytes([1, 1]) + mac(MACS[2])
frames.append(eth(icmp6("2001:db8:8::81", "ff02::1:ff00:82", 135, 0, ns), 0x86DD, MACS[2], "33:33:ff:00:00:82"))
na = bytes([0x60, 0, 0, 0]) + ip6("2001:db8:8::83") + bytes([2, 1]) + mac(MACS[3])
frames.append(eth(icmp6("2001:db8:8::83", "2001:db8:8::81", 136, 0, na), 0x86DD, MACS[3], MACS[2]))
rd = bytes(4) + ip6("fe80::93") + ip6("2001:db8:9::94") + bytes([2, 1]) + mac(MACS[5])
frames.append(eth(icmp6("fe80::91", "2001:db8:9::92", 137, 0, rd), 0x86DD))
used6(C6, S6, "2001:db8:6::61", "2001:db8:7::71", "2001:db8:7::72", "2001:db8:8::81",
      "ff02::1:ff00:82", "2001:db8:8::82", "2001:db8:8::83", "fe80::91", "2001:db8:9::92",
      "fe80::93", "2001:db8:9::94")

with open(tmp + "/orig.pcap", "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    for i, b in enumerate(frames):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(b), len(b)) + b)

# The forms an address takes: text (sniff and tshark print IPv4 dotted, IPv6 compressed,
# MACs with colons) and bytes.
def patterns():
    out = []
    for a in V4:
        out.append((a, re.compile(r"(?<![0-9.])" + re.escape(a) + r"(?![0-9])"), ip4(a)))
    for a in V6:
        out.append((a, re.compile(r"(?<![0-9a-f:])" + re.escape(a) + r"(?![0-9a-f:])"), ip6(a)))
    for a in MACS:
        out.append((a, re.compile(re.escape(a), re.I), mac(a)))
    return out
PATS = patterns()

def hexdump_bytes(text):
    """The bytes of every hex dump line ("0010  08 00 06 04 ...") of an output."""
    out = bytearray()
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]{4,8}  ((?:[0-9a-f]{2} {1,2}){1,16})", line)
        if m:
            out += bytes.fromhex(m.group(1).replace(" ", ""))
    return bytes(out)

def leaks(text, data=b""):
    found = []
    for name, rx, raw in PATS:
        if rx.search(text) or (data and raw in data):
            found.append(name)
    return found

def sn(*args):
    p = subprocess.run(["timeout", "60", sniff, "--all", "-r", tmp + "/orig.pcap"] + list(args),
                       capture_output=True)
    return p.returncode, p.stdout.decode("latin-1")

# The search can fail: every address is in the original's detail tree or its bytes.
rc, v = sn("-V", "-x")
missing = [n for n, rx, raw in PATS if not rx.search(v) and raw not in hexdump_bytes(v)]
check(rc == 0 and not missing, "each of %d addresses is in sniff -V -x of the original%s" %
      (len(PATS), " (missing: %s)" % missing if missing else ""))

KEY = "--anonymize=addr test key"
for args in ([], ["-V"], ["-x"], ["-T", "json"], ["-A", "--color=never"], ["--follow=0"],
             ["--follow=0", "--follow-hex"], ["--summary"], ["-V", "-x", "-A", "--summary"]):
    rc, out = sn(KEY, *args)
    if "-T" in args:
        for line in out.splitlines():
            json.loads(line)
    bad = leaks(out, hexdump_bytes(out))
    check(rc == 0 and not bad and len(out) > 100,
          "sniff --anonymize %s: no original address%s" % (" ".join(args) or "(list)",
                                                          " (found: %s)" % bad if bad else ""))

p = subprocess.run(["timeout", "60", sniff, "--all", "-r", tmp + "/orig.pcap", KEY, "-w",
                    tmp + "/anon.pcap"], capture_output=True)
data = open(tmp + "/anon.pcap", "rb").read() if p.returncode == 0 else b""
bad = leaks("", data[24:])
check(p.returncode == 0 and data and not bad,
      "-w file: no original address in its bytes%s" % (" (found: %s)" % bad if bad else ""))

def ts(path, *args):
    return subprocess.run(["timeout", "120", "tshark", "-r", path, "-o", "ip.check_checksum:TRUE",
                           "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
                          + list(args), capture_output=True).stdout.decode("latin-1")

tv = ts(tmp + "/anon.pcap", "-V")
bad = leaks(tv)
check(len(tv) > 1000 and not bad, "tshark -V of the -w file: no original address%s" %
      (" (found: %s)" % bad if bad else ""))

# Checksums: valid after exactly where valid before (tshark: 1 good, 0 bad, 2 unverified),
# every occurrence (a quoted IPv4 header is the frame's second ip.checksum.status).
fields = ["ip.checksum.status", "tcp.checksum.status", "udp.checksum.status",
          "icmp.checksum.status", "icmpv6.checksum.status"]
cmd = ["-T", "fields", "-E", "occurrence=a"]
for fl in fields:
    cmd += ["-e", fl]
before = ts(tmp + "/orig.pcap", *cmd).splitlines()
after = ts(tmp + "/anon.pcap", *cmd).splitlines()
check(len(before) == len(frames) and before == after,
      "tshark's checksum statuses unchanged by --anonymize, frame by frame")
statuses = "\n".join(before)
check("0" in statuses.replace("\t", ",").split(",") and statuses.count("1") > 20,
      "the capture has wrong checksums as well as right ones (the comparison can fail)")
sys.exit(fail)
PY
