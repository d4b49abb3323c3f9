#!/bin/sh
# test_addr_text.sh SNIFF: IPv6 addresses are written alike by every output of sniff and
# as tshark writes them. A capture of UDP datagrams between addresses with every pattern
# of zero and non-zero 16-bit groups (IPv4-compatible ::1.2.3.4, IPv4-mapped
# ::ffff:1.2.3.4, NAT64 64:ff9b::102:304, runs of zeros of every length and place) is
# written here; then tshark -T fields -e ipv6.src -e ipv6.dst is the referee for
#   the packet list's Source and Destination columns   sniff -r F --all
#   -V's "Source Address:" and "Destination Address:"    sniff -r F -V -n --all
#   -T json's ip.src and ip.dst                          sniff -r F -T json --all
# Needs tshark and python3 (else 77).
set -eu

sniff=${1:?usage: test_addr_text.sh SNIFF}
for tool in tshark python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 - "$tmp/v6.pcap" <<'PY'
import struct, sys
values = [1, 0xffff, 0x102, 0x304, 0xa, 0x5efe, 0x64, 0xff9b]
addrs = []
for mask in range(256):
    for shift in (0, 3):
        g = [values[(i + shift) % 8] if mask >> i & 1 else 0 for i in range(8)]
        addrs.append(struct.pack('!8H', *g))
udp = struct.pack('!HHHH', 1234, 5678, 12, 0) + b'abcd'
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(0, len(addrs), 2):
        ip6 = struct.pack('!IHBB', 0x60000000, len(udp), 17, 64) + addrs[i] + addrs[i + 1]
        frame = b'\x02\x00\x00\x00\x00\x02' + b'\x02\x00\x00\x00\x00\x01' + b'\x86\xdd' + ip6 + udp
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(frame), len(frame)) + frame)
PY

tshark -n -r "$tmp/v6.pcap" -T fields -e ipv6.src -e ipv6.dst >"$tmp/want" 2>"$tmp/err" ||
    { cat "$tmp/err"; echo "FAIL: tshark could not read the capture"; exit 1; }
[ "$(wc -l <"$tmp/want")" -eq 256 ] || { echo "FAIL: tshark listed $(wc -l <"$tmp/want") packets, not 256"; exit 1; }

fail=0
check() { # NAME FILE
    if diff "$tmp/want" "$2" >"$tmp/diff"; then
        echo "ok   $1: 256 packets, addresses as tshark writes them"
    else
        echo "FAIL $1 (< tshark, > sniff):"
        head -20 "$tmp/diff"
        fail=1
    fi
}

"$sniff" -r "$tmp/v6.pcap" --all 2>/dev/null | awk 'NR > 1 { print $3 "\t" $4 }' >"$tmp/list"
check "packet list" "$tmp/list"

"$sniff" -r "$tmp/v6.pcap" -V -n --all 2>/dev/null |
    awk '/^    Source Address: / { s = $3 } /^    Destination Address: / { print s "\t" $3 }' >"$tmp/detail"
check "-V" "$tmp/detail"

"$sniff" -r "$tmp/v6.pcap" -T json --all 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if o.get("type") == "packet":
        ip = o["layers"]["ip"]
        print(ip["src"] + "\t" + ip["dst"])
' >"$tmp/json"
check "-T json" "$tmp/json"
exit $fail
