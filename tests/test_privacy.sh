#!/bin/sh
# test_privacy.sh SNIFF CAPTURES_DIR [ECHOSERVER ECHOCLIENT]: sniff's --redact and
# --anonymize, end to end through the command line (test_redact.c and test_anon.c test
# the rewriting functions; test_anon_tshark.sh runs them over bench's generated capture).
#
# --redact, on captures/echo-lo.pcap and two-hosts.pcap and, as root, on a session
# recorded live on lo with our echoserver and echoclient (sniff -w --redact --print -x,
# beside a plain capture):
#   - no payload byte survives in any output: the packet list, -V (every Data tree says
#     "[redacted]", no "Data:" value), -x (exactly one "xx" per captured payload byte),
#     --hex=payload (nothing but "xx"), -A, -T json, --follow (text and hex), --summary,
#     and the -w file (tshark finds only zero payload bytes); no output holds a
#     payload's text or its hex, contiguous or spaced;
#   - the headers are intact: the -w file, read by tshark, has the original's frame and
#     IP lengths, sequence and acknowledgement numbers and TCP lengths, and each frame's
#     checksum status (loopback captures carry the kernel's partial checksums, so the
#     same capture with every checksum made correct is redacted too: tshark with
#     -o tcp.check_checksum:TRUE must then find every checksum correct).
# --anonymize (key on the command line or in --anonymize-key-file):
#   - the same input and key give the same output, byte for byte (printed and -w);
#   - different keys give different pseudonyms;
#   - the original addresses (IPv4, and the MACs of captures/two-hosts.pcap) appear in
#     no output and no -w file, and no MAC vendor name is printed;
#   - in two-hosts.pcap the two hosts of one /24 keep a common prefix of exactly the
#     original's length (Crypto-PAn's prefix preservation, seen from outside);
#   - the -w files (of the checksum-corrected captures) pass tshark and tcpdump -vv
#     without a checksum complaint.
# Needs tshark and python3 (else 77); the live part needs root (skipped otherwise).
set -u

sniff=${1:?usage: test_privacy.sh SNIFF CAPTURES_DIR [ECHOSERVER ECHOCLIENT]}
capdir=${2:?usage: test_privacy.sh SNIFF CAPTURES_DIR [ECHOSERVER ECHOCLIENT]}
server=${3:-}
client=${4:-}
for tool in tshark python3; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is needed"; exit 77; }
done

# tmp, pids, cleanup on exit and on INT/TERM; fail and ok are redefined below.
# shellcheck source=tests/echo_lib.sh
. "$(dirname "$0")/echo_lib.sh"
chmod 755 "$tmp" # sniff drops root to nobody: it must be able to write its -w files here
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
# ok MESSAGE: said only when the part that started at mark() had no failure.
mark() { fails_at=$fails; }
ok() { [ "$fails" -ne "$fails_at" ] || echo "ok: $*"; }
fails_at=0

export TZ=UTC LC_ALL=C NO_COLOR=1
mkdir -p "$tmp/home"
ts() { HOME=$tmp/home timeout 120 tshark -r "$@" 2>/dev/null; }
sn() { timeout 60 "$sniff" "$@" 2>>"$tmp/sniff.err"; }

# fixsum IN OUT: IN with every IPv4 header and TCP checksum recomputed (Ethernet, classic
# pcap), so that "a correct checksum stays correct" can be checked on loopback captures.
fixsum() {
    python3 - "$1" "$2" <<'EOF'
import struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
data = open(sys.argv[1], 'rb').read()
e = '<' if data[:4] == b'\xd4\xc3\xb2\xa1' else '>'
out, off = bytearray(data[:24]), 24
while off + 16 <= len(data):
    caplen, wirelen = struct.unpack(e + 'II', data[off + 8:off + 16])
    f = bytearray(data[off + 16:off + 16 + caplen])
    if caplen == wirelen and len(f) >= 34 and f[12:14] == b'\x08\x00':
        ihl = (f[14] & 15) * 4
        tot = struct.unpack('!H', f[16:18])[0]
        ip = f[14:14 + tot]
        if len(ip) == tot and ihl >= 20:
            f[24:26] = b'\0\0'
            f[24:26] = struct.pack('!H', csum(bytes(f[14:14 + ihl])))
            if f[23] == 6 and tot - ihl >= 20:
                seg = 14 + ihl
                f[seg + 16:seg + 18] = b'\0\0'
                ph = bytes(f[26:34]) + struct.pack('!BBH', 0, 6, tot - ihl)
                f[seg + 16:seg + 18] = struct.pack('!H', csum(ph + bytes(f[seg:14 + tot])))
    out += data[off:off + 16] + f
    off += 16 + caplen
open(sys.argv[2], 'wb').write(out)
EOF
}

# The payloads of a capture, one hex string per data segment.
payloads() { ts "$1" -Y 'tcp.len > 0' -T fields -e tcp.payload; }
# The header fields that must survive redaction and anonymisation, one frame a line.
headers() { ts "$1" -T fields -e frame.len -e ip.len -e tcp.seq -e tcp.ack -e tcp.len -e tcp.flags; }
# The IPv4 header and TCP checksum status of each IP frame (1 correct, 0 incorrect).
cksums() {
    ts "$1" -Y ip -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -T fields \
        -e ip.checksum.status -e tcp.checksum.status
}

# no_payload NAME HEXFILE FILE...: none of the payloads in HEXFILE (hex, one a line) is
# found in the FILEs, neither as text (its printable runs of 6 or more characters), nor
# as hex, contiguous (-V's "Data: 6865...") or spaced (-x's "68 65 ..."), nor with the
# hex columns of -x dumps joined across lines.
no_payload() {
    name=$1
    hexfile=$2
    shift 2
    : >"$tmp/needles"
    while read -r hex; do
        [ -n "$hex" ] || continue
        h=$(printf '%s' "$hex" | cut -c1-16) # the first 8 bytes (or all of them)
        printf '%s\n' "$h" >>"$tmp/needles"
        printf '%s\n' "$h" | sed 's/../& /g; s/ $//' >>"$tmp/needles"
        python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$hex" |
            LC_ALL=C tr -c '[:print:]' '\n' |
            awk 'length($0) >= 6' >>"$tmp/needles"
    done <"$hexfile"
    sort -u -o "$tmp/needles" "$tmp/needles"
    [ -s "$tmp/needles" ] || { fail "$name: no payload to look for"; return; }
    for f in "$@"; do
        if grep -a -F -q -f "$tmp/needles" "$f"; then
            fail "$name: payload found in $(basename "$f"): $(grep -a -F -o -f "$tmp/needles" "$f" | head -3 | tr '\n' '|')"
        fi
        # -x dumps: the hex columns of each packet's dump, joined.
        sed -nE 's/^[0-9a-f]{4,8}  (.{47}).*/\1/p; /^$/s/^/|/p' "$f" | tr -d ' \n' | tr '|' '\n' >"$tmp/joined"
        while read -r hex; do
            [ -n "$hex" ] || continue
            if grep -q -F "$(printf '%s' "$hex" | cut -c1-16)" "$tmp/joined"; then
                fail "$name: payload hex found in the joined -x dump of $(basename "$f")"
                break
            fi
        done <"$hexfile"
    done
}

# masked FILE: how many bytes the -x dumps in FILE show as "xx" (hex columns only).
masked() { sed -nE 's/^[0-9a-f]{4,8}  (.{47}).*/\1/p' "$1" | tr ' ' '\n' | grep -c '^xx$'; }

# check_redact NAME CAP: every output of sniff --redact on CAP.
check_redact() {
    name=$1
    cap=$2
    mark
    payloads "$cap" >"$tmp/$name.payloads"
    [ -s "$tmp/$name.payloads" ] || { fail "$name: the capture has no payload"; return; }
    bytes=$(ts "$cap" -T fields -e tcp.len | awk '{ s += $1 } END { print s + 0 }')
    ndata=$(wc -l <"$tmp/$name.payloads")
    sn -r "$cap" --all --redact >"$tmp/$name.list" || fail "$name: sniff --redact (list) failed"
    sn -r "$cap" --all --redact -V >"$tmp/$name.V" || fail "$name: sniff --redact -V failed"
    sn -r "$cap" --all --redact -x >"$tmp/$name.x" || fail "$name: sniff --redact -x failed"
    sn -r "$cap" --all --redact -V -x >"$tmp/$name.Vx" || fail "$name: sniff --redact -V -x failed"
    sn -r "$cap" --all --redact --hex=payload >"$tmp/$name.hp" ||
        fail "$name: sniff --redact --hex=payload failed"
    sn -r "$cap" --all --redact -w "$tmp/$name.red.pcap" || fail "$name: sniff --redact -w failed"
    # The analysis views: annotations (which quote what was sent), JSON, the reassembled
    # conversation (text and hex) and the connection summary.
    sn -r "$cap" --all --redact -A -x >"$tmp/$name.A" || fail "$name: sniff --redact -A failed"
    sn -r "$cap" --all --redact -A -T json >"$tmp/$name.json" || fail "$name: -T json failed"
    sn -r "$cap" --all --redact --follow=0 >"$tmp/$name.fol" || fail "$name: --follow failed"
    sn -r "$cap" --all --redact --follow=0 --follow-hex >"$tmp/$name.folx" ||
        fail "$name: --follow-hex failed"
    sn -r "$cap" --all --redact --summary >"$tmp/$name.sum" || fail "$name: --summary failed"
    no_payload "$name" "$tmp/$name.payloads" "$tmp/$name.list" "$tmp/$name.V" "$tmp/$name.x" \
        "$tmp/$name.Vx" "$tmp/$name.hp" "$tmp/$name.red.pcap" "$tmp/$name.A" "$tmp/$name.json" \
        "$tmp/$name.fol" "$tmp/$name.folx" "$tmp/$name.sum"
    # The unredacted output does show them: the search can fail.
    sn -r "$cap" --all -V -x >"$tmp/$name.plain"
    sn -r "$cap" --all --follow=0 >"$tmp/$name.fol0"
    grep -a -F -q -f "$tmp/needles" "$tmp/$name.fol0" ||
        fail "$name: the payload search finds nothing in --follow even without --redact"
    grep -a -F -q -f "$tmp/needles" "$tmp/$name.plain" ||
        fail "$name: the payload search finds nothing even without --redact"

    xx=$(masked "$tmp/$name.x")
    [ "$xx" -eq "$bytes" ] || fail "$name: -x masks $xx bytes, the payloads have $bytes"
    other=$(sed -nE 's/^[0-9a-f]{4,8}  (.{47}).*/\1/p' "$tmp/$name.hp" | tr ' ' '\n' |
        grep -v -e '^$' -e '^xx$' | wc -l)
    [ "$other" -eq 0 ] || fail "$name: --hex=payload shows $other unmasked bytes"
    red=$(grep -c '^Data ([0-9]* bytes\{0,1\}) \[redacted\]$' "$tmp/$name.V")
    [ "$red" -eq "$ndata" ] || fail "$name: -V has $red redacted Data trees for $ndata data segments"
    ! grep -q '^    Data: ' "$tmp/$name.V" || fail "$name: -V prints a Data value"
    sn -r "$cap" --all >"$tmp/$name.list0"
    cmp -s "$tmp/$name.list" "$tmp/$name.list0" || fail "$name: --redact changed the packet list"

    # The -w file: zeros where the payload was, every header as it was.
    nz=$(payloads "$tmp/$name.red.pcap" | tr -d '0\n' | wc -c)
    [ "$nz" -eq 0 ] || fail "$name: the -w file keeps $nz non-zero payload hex digits"
    [ "$(payloads "$tmp/$name.red.pcap" | wc -l)" -eq "$ndata" ] ||
        fail "$name: the -w file has another number of data segments"
    headers "$cap" >"$tmp/$name.h0"
    headers "$tmp/$name.red.pcap" >"$tmp/$name.h1"
    cmp -s "$tmp/$name.h0" "$tmp/$name.h1" ||
        fail "$name: headers differ after --redact: $(diff "$tmp/$name.h0" "$tmp/$name.h1" | head -4)"
    cksums "$cap" >"$tmp/$name.c0"
    cksums "$tmp/$name.red.pcap" >"$tmp/$name.c1"
    cmp -s "$tmp/$name.c0" "$tmp/$name.c1" || fail "$name: --redact changed a checksum's status"

    # A correct checksum stays correct: the same capture with every checksum made right.
    fixsum "$cap" "$tmp/$name.fixed.pcap"
    [ "$(cksums "$tmp/$name.fixed.pcap" | sort -u)" = "1	1" ] ||
        fail "$name: the corrected capture's checksums are not all correct"
    sn -r "$tmp/$name.fixed.pcap" --all --redact -w "$tmp/$name.fixred.pcap"
    st=$(cksums "$tmp/$name.fixred.pcap" | sort | uniq -c | sed 's/^ *//')
    [ "$st" = "$(wc -l <"$tmp/$name.c0" | tr -d ' ') 1	1" ] ||
        fail "$name: after --redact, tshark's checksum status (1 = correct) per frame: $st"
    ok "$name: --redact: no payload byte in the list, -V, -x, --hex=payload, -A, -T json, --follow, --summary, the -w file ($bytes bytes in $ndata segments); headers and checksums intact"
}

# addrs_absent NAME REGEX FILE...
addrs_absent() {
    name=$1
    re=$2
    shift 2
    for f in "$@"; do
        if grep -a -E -q "$re" "$f"; then
            fail "$name: an original address is in $(basename "$f"): $(grep -a -E -o "$re" "$f" | head -2 | tr '\n' ' ')"
        fi
    done
}

# check_anon NAME CAP ADDRESS_REGEX [MAC_REGEX]
check_anon() {
    name=$1
    cap=$2
    re=$3
    macre=${4:-}
    mark
    printf 'lab key one\n' >"$tmp/key1"
    for k in 1 2; do
        sn -r "$cap" --all --anonymize="lab key one" -V -x >"$tmp/$name.a$k.V"
        sn -r "$cap" --all --anonymize="lab key one" >"$tmp/$name.a$k.list"
        sn -r "$cap" --all --anonymize="lab key one" -w "$tmp/$name.a$k.pcap"
    done
    sn -r "$cap" --all --anonymize-key-file="$tmp/key1" -V -x >"$tmp/$name.af.V"
    sn -r "$cap" --all --anonymize="another key" -V -x >"$tmp/$name.b.V"
    sn -r "$cap" --all --anonymize="another key" -w "$tmp/$name.b.pcap"
    for f in a1.V a1.list a1.pcap af.V b.V; do
        [ -s "$tmp/$name.$f" ] || fail "$name: no output ($f)"
    done
    cmp -s "$tmp/$name.a1.V" "$tmp/$name.a2.V" && cmp -s "$tmp/$name.a1.list" "$tmp/$name.a2.list" &&
        cmp -s "$tmp/$name.a1.pcap" "$tmp/$name.a2.pcap" ||
        fail "$name: the same key gave different output"
    cmp -s "$tmp/$name.a1.V" "$tmp/$name.af.V" || fail "$name: --anonymize-key-file gave other pseudonyms"
    ts "$tmp/$name.a1.pcap" -T fields -e ip.src -e ip.dst | tr '\t' '\n' | sort -u >"$tmp/$name.ka"
    ts "$tmp/$name.b.pcap" -T fields -e ip.src -e ip.dst | tr '\t' '\n' | sort -u >"$tmp/$name.kb"
    [ -s "$tmp/$name.ka" ] || fail "$name: no addresses in the anonymised capture"
    [ -z "$(comm -12 "$tmp/$name.ka" "$tmp/$name.kb")" ] || fail "$name: two keys share a pseudonym"
    addrs_absent "$name" "$re" "$tmp/$name.a1.V" "$tmp/$name.a1.list" "$tmp/$name.b.V"
    ts "$tmp/$name.a1.pcap" -V >"$tmp/$name.a1.tsV"
    addrs_absent "$name" "$re" "$tmp/$name.a1.tsV"
    if [ -n "$macre" ]; then
        addrs_absent "$name" "$macre" "$tmp/$name.a1.V" "$tmp/$name.a1.list" "$tmp/$name.a1.tsV"
    fi
    ! grep -E -q '[A-Za-z][A-Za-z0-9]*_[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2} \(' "$tmp/$name.a1.V" ||
        fail "$name: a MAC vendor name is printed with --anonymize"
    headers "$cap" >"$tmp/$name.h0"
    headers "$tmp/$name.a1.pcap" >"$tmp/$name.h1"
    cmp -s "$tmp/$name.h0" "$tmp/$name.h1" || fail "$name: --anonymize changed a header"

    # Checksums recomputed: the corrected capture, anonymised, is still correct for
    # tshark and for tcpdump -vv.
    fixsum "$cap" "$tmp/$name.fixed.pcap"
    sn -r "$tmp/$name.fixed.pcap" --all --anonymize="lab key one" -w "$tmp/$name.fa.pcap"
    sn -r "$tmp/$name.fixed.pcap" --all --anonymize="lab key one" --redact -w "$tmp/$name.fra.pcap"
    n=$(cksums "$cap" | wc -l | tr -d ' ')
    for f in fa fra; do
        st=$(cksums "$tmp/$name.$f.pcap" | sort | uniq -c | sed 's/^ *//')
        [ "$st" = "$n 1	1" ] || fail "$name: $f: tshark's checksum status per frame: $st"
        if command -v tcpdump >/dev/null 2>&1; then
            timeout 60 tcpdump -nn -vv -r "$tmp/$name.$f.pcap" >"$tmp/$name.$f.td" 2>/dev/null ||
                fail "$name: tcpdump cannot read the $f file"
            [ "$(grep -c 'cksum' "$tmp/$name.$f.td")" -gt 0 ] || fail "$name: tcpdump shows no checksum"
            ! grep -q 'incorrect' "$tmp/$name.$f.td" ||
                fail "$name: tcpdump finds a bad checksum in the $f file: $(grep -m1 incorrect "$tmp/$name.$f.td")"
        fi
    done
    ok "$name: --anonymize: consistent for one key (also from a file), different for two, no original address, headers kept, checksums correct"
}

# Bad keys are usage errors (exit 2), each with its sentence, before anything is read.
: >"$tmp/empty.key"
mark
for args in "--anonymize=|--anonymize needs a non-empty KEY" \
    "--anonymize-key-file=$tmp/empty.key|the file is empty" \
    "--anonymize-key-file=$tmp/missing.key|No such file or directory" \
    "--anonymize=k --anonymize-key-file=$tmp/empty.key|not both"; do
    rc=0
    # shellcheck disable=SC2086 # two options in one word for the last case
    timeout 10 "$sniff" -r "$capdir/echo-lo.pcap" ${args%%|*} >"$tmp/bad.out" 2>"$tmp/bad.err" || rc=$?
    [ $rc -eq 2 ] && grep -q -- "${args#*|}" "$tmp/bad.err" && [ ! -s "$tmp/bad.out" ] ||
        fail "sniff ${args%%|*}: exit $rc, $(cat "$tmp/bad.err")"
done
ok "bad --anonymize keys: exit 2 with a sentence, nothing printed"

check_redact echo-lo "$capdir/echo-lo.pcap"
check_anon echo-lo "$capdir/echo-lo.pcap" '127\.0\.0\.1'

if [ -f "$capdir/two-hosts.pcap" ]; then
    check_redact two-hosts "$capdir/two-hosts.pcap"
    check_anon two-hosts "$capdir/two-hosts.pcap" '192\.0\.2\.[12]([^0-9]|$)' \
        '02:00:5e:10:00:0[12]'
    # Prefix preservation: 192.0.2.1 and 192.0.2.2 share exactly 30 bits.
    python3 - "$tmp/two-hosts.ka" <<'EOF' || fail "two-hosts: the hosts' common prefix changed"
import ipaddress, sys
a = [int(ipaddress.IPv4Address(l.strip())) for l in open(sys.argv[1]) if l.strip()]
assert len(a) == 2, a
common = 32 - (a[0] ^ a[1]).bit_length()
assert common == 30, common
EOF
fi

# Live, as root: a session on lo written with --redact while it is printed with -x.
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP (part): recording on lo needs root"
elif [ -z "$server" ] || [ -z "$client" ]; then
    echo "SKIP (part): no echoserver/echoclient given"
else
    mark
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    start() {
        name=$1
        shift
        timeout --foreground 60 "$sniff" -i lo --port "$port" -w "$tmp/$name.pcap" "$@" \
            >"$tmp/$name.out" 2>"$tmp/$name.err" &
        pids="$pids $!"
        eval "${name}_pid=\$!"
        for _ in $(seq 100); do
            grep -q "listening on" "$tmp/$name.err" 2>/dev/null && return 0
            sleep 0.1
        done
        fail "live: sniff ($name) did not start: $(cat "$tmp/$name.err")"
    }
    start liveraw
    start livered --redact --print -x
    start liveanon --anonymize-key-file="$tmp/key1" --redact --print -V
    grep -q "; payloads redacted, addresses real (--anonymize); capture only what ETHICS.md allows" \
        "$tmp/livered.err" || fail "live: the notice does not say payloads are redacted: $(head -1 "$tmp/livered.err")"
    grep -q "listening on lo, .*filter 'tcp port $port'; .*; payloads redacted, addresses pseudonymised;.*ETHICS.md" \
        "$tmp/liveanon.err" || fail "live: the notice: $(head -1 "$tmp/liveanon.err")"
    grep -q "payloads shown (--redact hides them), addresses real" "$tmp/liveraw.err" ||
        fail "live: the notice without --redact: $(head -1 "$tmp/liveraw.err")"
    echo_session "$port" 0.3 'my password is swordfish' 'meet me at the usual place at noon' ||
        fail "live: echoclient failed: $(cat "$tmp/client.err")"
    grep -q "usual place" "$tmp/echo.out" || fail "live: no echo came back"
    sleep 0.5
    for name in liveraw livered liveanon; do
        eval "pid=\$${name}_pid"
        kill -INT "$(pgrep -P "$pid" | head -1)" 2>/dev/null
        wait "$pid" 2>/dev/null || fail "live: sniff ($name) did not exit cleanly"
    done
    payloads "$tmp/liveraw.pcap" >"$tmp/live.payloads"
    [ "$(wc -l <"$tmp/live.payloads")" -ge 4 ] || fail "live: the plain capture has $(wc -l <"$tmp/live.payloads") data segments, not 4"
    grep -a -q swordfish "$tmp/liveraw.pcap" || fail "live: the plain capture lacks the payload"
    no_payload live "$tmp/live.payloads" "$tmp/livered.pcap" "$tmp/livered.out" \
        "$tmp/liveanon.pcap" "$tmp/liveanon.out"
    ! grep -a -q -e swordfish -e "usual place" "$tmp/livered.pcap" "$tmp/livered.out" \
        "$tmp/liveanon.pcap" "$tmp/liveanon.out" || fail "live: a line sent is in a redacted output"
    headers "$tmp/liveraw.pcap" >"$tmp/live.h0"
    headers "$tmp/livered.pcap" >"$tmp/live.h1"
    headers "$tmp/liveanon.pcap" >"$tmp/live.h2"
    cmp -s "$tmp/live.h0" "$tmp/live.h1" && cmp -s "$tmp/live.h0" "$tmp/live.h2" ||
        fail "live: the redacted captures' headers differ from the plain one's"
    bytes=$(ts "$tmp/liveraw.pcap" -T fields -e tcp.len | awk '{ s += $1 } END { print s + 0 }')
    xx=$(masked "$tmp/livered.out")
    [ "$xx" -eq "$bytes" ] || fail "live: -x masks $xx bytes of $bytes"
    addrs_absent live '127\.0\.0\.1' "$tmp/liveanon.out"
    ts "$tmp/liveanon.pcap" -T fields -e ip.src -e ip.dst >"$tmp/liveanon.addrs"
    [ -s "$tmp/liveanon.addrs" ] && ! grep -q '127\.0\.0\.1' "$tmp/liveanon.addrs" ||
        fail "live: the --anonymize -w file keeps 127.0.0.1 (or has no addresses)"
    ok "live: on lo, --redact -w/--print -x and --anonymize-key-file --redact -V leave no payload byte ($bytes bytes) and no address; headers as captured"
fi

[ "$fails" -eq 0 ] || { echo "test_privacy: $fails failure(s)"; exit 1; }
echo "test_privacy: ok"
