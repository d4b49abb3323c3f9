#!/bin/sh
# test_sniff_cli.sh SNIFF: sniff's command line, offline reading and exit codes, on small
# captures written here by a few lines of Python (pcap and pcapng): numbering and times
# under the replay filter, -r -, -w re-read by sniff and tcpdump, -c, -t, colour, and the
# errors: bad options (2), bad filters (2), truncated file (complete packets, then 1),
# unknown link type (1), missing file (1).
set -eu

sniff=${1:?usage: test_sniff_cli.sh SNIFF}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to write the test captures"; exit 77; }
python3 - "$tmp" <<'PY'
import struct, sys
d = sys.argv[1]
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def frame(sport, dport, seq, ack, flags, data=b''):
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 512, 0, 0) + data
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0,
                     bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return b'\0' * 12 + b'\x08\x00' + ip + tcp
frames = [(0, 0, frame(40000, 80, 1, 0, 0x02)),
          (1, 500000, frame(40001, 15213, 100, 0, 0x02)),
          (2, 250000, frame(15213, 40001, 900, 101, 0x12)),
          (3, 0, frame(40001, 15213, 101, 901, 0x18, b'here is a message\n'))]
def pcap(name, recs, dlt=1):
    with open(f'{d}/{name}', 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, dlt))
        for s, us, b in recs:
            f.write(struct.pack('<IIII', 1700000000 + s, us, len(b), len(b)) + b)
pcap('four.pcap', frames)
pcap('user0.pcap', frames[:1], dlt=147)
raw = open(f'{d}/four.pcap', 'rb').read()
open(f'{d}/cut.pcap', 'wb').write(raw[:-20])
# The same frames as pcapng: section header, interface description, enhanced packets.
def block(t, body):
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', t, len(body) + 12) + body + struct.pack('<I', len(body) + 12)
ng = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
ng += block(1, struct.pack('<HHI', 1, 0, 262144))
for s, us, b in frames:
    t = (1700000000 + s) * 1000000 + us
    ng += block(6, struct.pack('<IIIII', 0, t >> 32, t & 0xffffffff, len(b), len(b)) + b)
open(f'{d}/four.pcapng', 'wb').write(ng)
PY

# --help, --version
expect 0 "$sniff" --help
contains "$tmp/out" "Usage: sniff"
expect 0 "$sniff" --version
contains "$tmp/out" "sniff (echosniff)"

# Bad usage: exit 2 and a message.
for args in "-c 0" "-c x" "-s 300000" "-t z" "--port 0" "--port 70000" "--hex=foo" \
    "--color=sometimes" "--bogus" "-i" "--all tcp" "--port 5 tcp" "--all --port 5"; do
    # shellcheck disable=SC2086
    expect 2 "$sniff" -r "$tmp/four.pcap" $args
    contains "$tmp/err" "sniff: "
done
# Sizes: GNU units (K, M, G and KiB... powers of 1024; KB... of 1000), checked bounds.
for v in 32M 32MiB 1G 65536 100KB 512k; do
    expect 0 "$sniff" -r "$tmp/four.pcap" -A --max-memory="$v" --max-pending=4K
done
for v in 32X 1.5M 100 -1M "" 99999999999G; do
    expect 2 "$sniff" -r "$tmp/four.pcap" --max-memory="$v"
    contains "$tmp/err" "--max-memory needs a size of at least 64K (e.g. 32M, 1G), not '$v'"
done
expect 2 "$sniff" -r "$tmp/four.pcap" --max-pending=4095
contains "$tmp/err" "--max-pending needs a size of at least 4096 bytes (e.g. 64K, 1M), not '4095'"
expect 2 "$sniff" -r "$tmp/four.pcap" --promisc
expect 2 "$sniff" -r "$tmp/four.pcap" -y LINUX_SLL2
contains "$tmp/err" "-y applies to live capture, not to -r"
expect 2 "$sniff" -i lo -y NOSUCHTYPE
contains "$tmp/err" "-y needs a link-type name (EN10MB, LINUX_SLL, LINUX_SLL2...), not 'NOSUCHTYPE'"
expect 2 "$sniff" -r "$tmp/four.pcap" tcp portx 1
contains "$tmp/err" "invalid capture filter 'tcp portx 1'"
expect 2 "$sniff" -r "$tmp/four.pcap" -Y 'tcp.prot eq 1'
contains "$tmp/err" "invalid display filter 'tcp.prot eq 1'"
contains "$tmp/err" "^"

# The default filter is 'tcp port 15213', applied per frame: No. and Time stay those of
# the file (frame 1, on port 80, is hidden but still counted and still time zero).
expect 0 "$sniff" -r "$tmp/four.pcap"
[ "$(grep -c 'TCP' "$tmp/out")" -eq 3 ] || fail "default filter: wanted 3 packets"
contains "$tmp/out" "No. Time"
grep -Eq '^ +2 1\.500000 +127\.0\.0\.1 +127\.0\.0\.1 +TCP +54 40001 > 15213 \[SYN\] Seq=0 Win=512 Len=0$' "$tmp/out" ||
    fail "frame 2 line: $(sed -n 2p "$tmp/out")"
grep -Eq '^ +4 3\.000000 .* 40001 > 15213 \[PSH, ACK\] Seq=1 Ack=1 Win=512 Len=18$' "$tmp/out" ||
    fail "frame 4 line: $(sed -n 4p "$tmp/out")"
grep -q "$(printf '\033')" "$tmp/out" && fail "colour on a file without --color=always"
cp "$tmp/out" "$tmp/list.txt"

expect 0 "$sniff" -r "$tmp/four.pcap" --all
[ "$(grep -c 'TCP' "$tmp/out")" -eq 4 ] || fail "--all: wanted 4 packets"
expect 0 "$sniff" -r "$tmp/four.pcap" --port 80
[ "$(grep -c 'TCP' "$tmp/out")" -eq 1 ] || fail "--port 80: wanted 1 packet"
expect 0 "$sniff" -r "$tmp/four.pcap" tcp and dst port 40001
grep -Eq '^ +3 2\.250000 ' "$tmp/out" || fail "BPF filter: frame 3 missing"
expect 0 "$sniff" -r "$tmp/four.pcap" -c 1
[ "$(grep -c 'TCP' "$tmp/out")" -eq 1 ] || fail "-c 1: wanted 1 packet"
expect 0 "$sniff" -r "$tmp/four.pcap" -Y 'tcp.len > 0'
[ "$(grep -c 'TCP' "$tmp/out")" -eq 1 ] || fail "-Y: wanted 1 packet"
# echo.* in a pipe: a filter on them turns the echo check on, as a terminal's
# annotations do (the same frames either way).
expect 0 "$sniff" -r "$(dirname "$0")/../captures/mismatch.pcap" -Y 'echo.verdict == "mismatch"' \
    -T fields -e frame.number -e echo.mismatch_offset
[ "$(cat "$tmp/out")" = "$(printf '9\t19')" ] || fail "-Y echo.verdict in a pipe: $(cat "$tmp/out")"

# The same from pcapng and from standard input.
expect 0 "$sniff" -r "$tmp/four.pcapng"
cmp -s "$tmp/out" "$tmp/list.txt" || fail "pcapng output differs from pcap's"
rc=0
timeout 20 "$sniff" -r - <"$tmp/four.pcap" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -eq 0 ] && cmp -s "$tmp/out" "$tmp/list.txt" || fail "-r - differs (rc $rc)"

# Time formats.
TZ=UTC expect 0 "$sniff" -r "$tmp/four.pcap" -t e
contains "$tmp/out" " 1700000001.500000 "
TZ=UTC expect 0 "$sniff" -r "$tmp/four.pcap" -t ad --utc
contains "$tmp/out" " 2023-11-14 22:13:21.500000 "
expect 0 "$sniff" -r "$tmp/four.pcap" -t a --utc
contains "$tmp/out" " 22:13:22.250000 "
expect 0 "$sniff" -r "$tmp/four.pcap" -t d
grep -Eq '^ +3 0\.750000 ' "$tmp/out" || fail "-t d: frame 3 delta"

expect 0 "$sniff" -r "$tmp/four.pcap" --color=always
grep -q "$(printf '\033')" "$tmp/out" || fail "--color=always printed no colour"

# -w while reading: the copy holds the filtered packets; sniff and tcpdump read it back.
expect 0 "$sniff" -r "$tmp/four.pcap" -w "$tmp/copy.pcap"
[ ! -s "$tmp/out" ] || fail "-w without --print printed packets"
expect 0 "$sniff" -r "$tmp/copy.pcap" --all
[ "$(grep -c 'TCP' "$tmp/out")" -eq 3 ] || fail "re-read -w copy: wanted 3 packets"
if command -v tcpdump >/dev/null 2>&1; then
    n=$(tcpdump -nn -r "$tmp/copy.pcap" 2>/dev/null | wc -l)
    [ "$n" -eq 3 ] || fail "tcpdump read $n packets from the -w copy"
fi

# A file cut inside its last record: the complete packets, then an error naming the
# file and where it is cut, exit 1.
expect 1 "$sniff" -r "$tmp/cut.pcap"
[ "$(grep -c 'TCP' "$tmp/out")" -eq 2 ] || fail "cut file: wanted the 2 complete packets"
contains "$tmp/err" "$tmp/cut.pcap is cut at byte"
contains "$tmp/err" "in the record after packet 3 (that record starts at byte 234)"

# A link type sniff does not decode: the default capture filter cannot apply to it, and
# the sentence names --all; with --all its frames are shown as data.
expect 2 "$sniff" -r "$tmp/user0.pcap"
contains "$tmp/err" "libpcap cannot apply the capture filter 'tcp port 15213' to it; give --all"
expect 0 "$sniff" --all -r "$tmp/user0.pcap"
contains "$tmp/err" "link-type DLT 147 is not one sniff decodes: its frames are shown as data"
# Missing file, not a capture.
expect 1 "$sniff" -r "$tmp/nonexistent.pcap"
contains "$tmp/err" "nonexistent.pcap"
echo "not a capture" >"$tmp/text.pcap"
expect 1 "$sniff" -r "$tmp/text.pcap"
contains "$tmp/err" "text.pcap"

cli_done
