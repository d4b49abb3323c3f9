#!/bin/sh
# test_list_fit.sh SNIFF SOURCE_DIR: the packet list on a terminal (a pty from script(1),
# COLUMNS set) fits the width: no row or header longer than the terminal, the header made
# of whole words, the columns aligned with -t ad and with long IPv6 addresses (a capture
# of UDP between 39-character addresses is written here), --states and --legend; and
# written to a pipe the list is not cut. Exits 77 without script(1).
set -u
sniff=$1
src=$2
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 - "$tmp/v6.pcap" <<'PY'
import struct, sys
udp = struct.pack('!HHHH', 1234, 5678, 12, 0) + b'abcd'
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(6):
        a = struct.pack('!8H', 0x2001, 0xdb8, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6600 + i)
        b = struct.pack('!8H', 0xfd00, 0xabcd, 0xef01, 0x2345, 0x6789, 0xabcd, 0xef01, 0x2300 + i)
        ip6 = struct.pack('!IHBB', 0x60000000, len(udp), 17, 64) + a + b
        frame = b'\x02\x00\x00\x00\x00\x02' + b'\x02\x00\x00\x00\x00\x01' + b'\x86\xdd' + ip6 + udp
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(frame), len(frame)) + frame)
PY

# sniff on a pty COLUMNS wide; its stderr notice left out.
onpty() { # $1: columns, then sniff's arguments
    cols=$1
    shift
    COLUMNS=$cols LC_ALL=C.UTF-8 script -qec "$sniff $*" /dev/null 2>/dev/null |
        tr -d '\r' | grep -v '^sniff: '
}

fail=0
check() { # $1: name, $2: columns, $3: file; the checks of every fitted list
    python3 - "$1" "$2" "$3" <<'PY' || fail=1
import re, sys
name, width, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(path, encoding="utf-8").read().splitlines()
fails = []
words = {"No.", "Time", "Source", "Destination", "Protocol", "Proto", "Length", "Len",
         "Client/Server", "state", "Info"}
head = next((l for l in lines if l.strip().startswith("No.")), None)
if head is None:
    fails.append("no header")
else:
    for w in head.split():
        if w not in words:
            fails.append(f"header word cut: {w!r} in {head!r}")
rows = [l for l in lines if re.match(r"^\s*\d+ \d", l)]  # not an annotation
if not rows:
    fails.append("no rows")
for l in lines:
    if len(l) > width:
        fails.append(f"{len(l)} columns > {width}: {l!r}")
        break
# Aligned: every row's Source column starts where the header's does.
if head and rows and "Source" in head:
    col = head.index("Source")
    for l in rows:
        if l[col - 1] != " " or l[col] == " ":
            fails.append(f"Source not at column {col}: {l!r}")
            break
for f in fails:
    print(f"FAIL {name}: {f}")
if not fails:
    print(f"ok {name}: {len(rows)} rows within {width} columns")
sys.exit(1 if fails else 0)
PY
}

cap="$src/captures"
onpty 80 -r "$cap/echo-lo.pcap" --color=never >"$tmp/a"
check "80 columns" 80 "$tmp/a"
onpty 60 -r "$cap/large-transfer.pcap" --color=never >"$tmp/b"
check "60 columns" 60 "$tmp/b"
onpty 120 -r "$cap/echo-lo.pcap" --color=never -t ad >"$tmp/c"
check "-t ad, 120 columns" 120 "$tmp/c"
grep -q "20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] " "$tmp/c" || { echo "FAIL: -t ad shows no date"; fail=1; }
onpty 100 -r "$tmp/v6.pcap" --all --color=never >"$tmp/d"
check "IPv6, 100 columns" 100 "$tmp/d"
# Shortened in the middle, both ends kept.
grep -q " 2001:d[^ ]*…[^ ]*:6600 " "$tmp/d" ||
    { echo "FAIL: the IPv6 source is not shortened in the middle"; fail=1; }
onpty 200 -r "$tmp/v6.pcap" --all --color=never >"$tmp/e"
check "IPv6, 200 columns" 200 "$tmp/e"
grep -q "2001:db8:1111:2222:3333:4444:5555:6600" "$tmp/e" ||
    { echo "FAIL: 200 columns cut an IPv6 address that fits"; fail=1; }
onpty 160 -r "$cap/echo-lo.pcap" --color=never --states >"$tmp/f"
check "--states, 160 columns" 160 "$tmp/f"
grep -q "FIN-WAIT-1/CLOSE-WAIT" "$tmp/f" || { echo "FAIL: --states shows no states"; fail=1; }
onpty 100 -r "$cap/echo-lo.pcap" --color=light --legend >"$tmp/g"
grep -q "^Colours: packets" "$tmp/g" || { echo "FAIL: --legend prints no legend"; fail=1; }
grep -q "$(printf '\033\\[34m')" "$tmp/g" || { echo "FAIL: --color=light does not use blue"; fail=1; }
# A pipe: nothing cut, whatever COLUMNS says.
COLUMNS=60 "$sniff" -r "$cap/echo-lo.pcap" 2>/dev/null >"$tmp/h"
if ! grep -q "TSval=615538511 TSecr=0 WS=1024$" "$tmp/h"; then
    echo "FAIL: a pipe's list was cut"
    fail=1
fi
[ "$fail" = 0 ] && echo "ok: the packet list fits the terminal"
exit $fail
