#!/bin/sh
# capture_load.sh: how much of a loopback echo load sniff -w captures, beside tcpdump -w.
#
#   sudo bench/capture_load.sh [BUILD_DIR] [RATES] [SECONDS]
#
# BUILD_DIR (default build) holds sniff, echoserver and the load generator: bench/loadgen
# when it exists, else tests/stress_echo's paced "rate" mode (64 connections, 100-byte
# messages, every echo checked). RATES (default "5000 20000 50000 100000 200000") are
# messages a second asked of the generator; each run lasts SECONDS (default 4).
#
# For each rate, sniff -w and tcpdump -w capture the same load at the same time, each
# with the same kernel buffer (-B, KiB), first libpcap's default then 64 MiB. The table
# gives, per rate: the packets lo carried (its rx counter, the ground truth), then for
# each capturer the packets in its file, their rate, and the drops pcap_stats reported
# (tcpdump prints them; sniff only if it prints them, else "n/a"). Then a SIGINT test:
# sniff is interrupted mid-load, and its file must be valid pcap to the last record.
# Needs root (live capture on lo). Results also go to bench/out/capture_load.txt.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
rates=${2:-5000 20000 50000 100000 200000}
secs=${3:-4}
out=$top/bench/out
mkdir -p "$out"
report=$out/capture_load.txt

sniff=${SNIFF:-$build/sniff/sniff} # SNIFF=PATH compares another build of sniff
server=$build/echo/echoserver
loadgen=$build/bench/loadgen
stress=$build/tests/stress_echo
[ "$(id -u)" = 0 ] || { echo "capture_load: needs root (live capture on lo)"; exit 2; }
for b in "$sniff" "$server"; do
    [ -x "$b" ] || { echo "capture_load: $b missing: build first"; exit 2; }
done
command -v tcpdump >/dev/null || { echo "capture_load: tcpdump missing"; exit 2; }

tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The server, on a free port.
timeout -k 5 3600 "$server" -b 127.0.0.1 -p 0 -q --port-file "$tmp/port" &
pids="$pids $!"
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")

# load RATE SECONDS: the generator in the foreground; prints its own summary line.
load() {
    if [ -x "$loadgen" ] && [ -n "${LOADGEN_ARGS:-}" ]; then
        # bench/loadgen's options differ: the caller spells them (with @RATE@ @SECS@ @PORT@).
        args=$(echo "$LOADGEN_ARGS" | sed "s/@RATE@/$1/g; s/@SECS@/$2/g; s/@PORT@/$port/g")
        # shellcheck disable=SC2086
        timeout -k 5 $(($2 + 60)) "$loadgen" $args
    else
        timeout -k 5 $(($2 + 60)) "$stress" "$port" rate 64 "$1" "$2" 100
    fi
}

lo_packets() { cat /sys/class/net/lo/statistics/rx_packets; }

# count_pcap FILE: "RECORDS VALID" (VALID 1 when the file ends on a record boundary).
count_pcap() {
    python3 - "$1" <<'EOF'
import struct, sys
try:
    b = open(sys.argv[1], 'rb').read()
except OSError:
    print(0, 0); sys.exit()
if len(b) < 24:
    print(0, 0); sys.exit()
e = '<' if b[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
off, n = 24, 0
while off + 16 <= len(b):
    cap = struct.unpack(e + 'I', b[off + 8:off + 12])[0]
    if off + 16 + cap > len(b):
        break
    off += 16 + cap
    n += 1
print(n, 1 if off == len(b) else 0)
EOF
}

# A capturer's drop count from its standard error: tcpdump's "N packets dropped by
# kernel", sniff's "..., N dropped by kernel".
drops_of() {
    awk '/dropped by kernel/ { for (i = 2; i <= NF; i++) if ($i == "dropped") {
            v = $(i - 1); if (v == "packets" || v == "packet") v = $(i - 2); print v } }' "$1" |
        tail -n 1
}
# The number a capturer says it captured ("N packets captured").
captured_of() {
    awk '/packets captured/ { for (i = 2; i <= NF; i++) if ($i == "captured" || $i == "captured,")
            print $(i - 2) }' "$1" | tail -n 1
}

run() { # RATE BUFKIB: one side-by-side run; prints a table row
    rate=$1 bkib=$2
    bopt=
    [ "$bkib" != default ] && bopt="-B $bkib"
    rm -f "$tmp/s.pcap" "$tmp/t.pcap"
    # shellcheck disable=SC2086
    timeout -k 5 $((secs + 60)) "$sniff" -i lo --port "$port" -w "$tmp/s.pcap" $bopt \
        2>"$tmp/s.err" &
    sp=$!
    # shellcheck disable=SC2086
    timeout -k 5 $((secs + 60)) tcpdump -i lo -n -w "$tmp/t.pcap" $bopt "tcp port $port" \
        2>"$tmp/t.err" &
    tp=$!
    sleep 1.5
    lo0=$(lo_packets)
    t0=$(date +%s.%N)
    load "$rate" "$secs" >"$tmp/load.out" 2>&1
    sleep 0.5
    lo1=$(lo_packets)
    t1=$(date +%s.%N)
    kill -INT "$(pgrep -P "$sp" | head -n 1)" "$(pgrep -P "$tp" | head -n 1)" 2>/dev/null
    wait "$sp" "$tp"
    set -- $(count_pcap "$tmp/s.pcap")
    sn=$1
    set -- $(count_pcap "$tmp/t.pcap")
    tn=$1
    el=$(echo "$t1 $t0" | awk '{ printf "%.2f", $1 - $2 }')
    offered=$((lo1 - lo0))
    sd=$(drops_of "$tmp/s.err")
    td=$(drops_of "$tmp/t.err")
    achieved=$(sed -n 's/.*(\([0-9]*\)\/s, asked.*/\1/p' "$tmp/load.out")
    printf '%8s %8s %7s %10s | %10s %9s %7s | %10s %9s %7s\n' "$rate" "${achieved:-?}" "$bkib" \
        "$offered" "$sn" "$(echo "$sn $el" | awk '{ printf "%d", $1 / $2 }')" "${sd:-n/a}" \
        "$tn" "$(echo "$tn $el" | awk '{ printf "%d", $1 / $2 }')" "${td:-n/a}"
}

{
    echo "capture_load: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, ${secs}s a run, port $port"
    echo "msgs/s: asked and achieved by the generator; offered: packets lo carried in the window"
    printf '%8s %8s %7s %10s | %10s %9s %7s | %10s %9s %7s\n' asked msgs/s "-B KiB" offered \
        "sniff pkts" "sniff pps" drops "tcpd pkts" "tcpd pps" drops
    for bkib in default 65536; do
        for r in $rates; do
            run "$r" "$bkib"
        done
    done

    # SIGINT in the middle of the heaviest load: the file must be whole.
    last=$(echo "$rates" | awk '{ print $NF }')
    rm -f "$tmp/s.pcap"
    timeout -k 5 120 "$sniff" -i lo --port "$port" -w "$tmp/s.pcap" 2>"$tmp/s.err" &
    sp=$!
    sleep 1
    load "$last" 6 >/dev/null 2>&1 &
    lp=$!
    sleep 3
    kill -INT "$(pgrep -P "$sp" | head -n 1)"
    wait "$sp"
    st=$?
    wait "$lp"
    set -- $(count_pcap "$tmp/s.pcap")
    said=$(grep -i 'captured' "$tmp/s.err" | head -n 1)
    claimed=$(captured_of "$tmp/s.err")
    if [ "$2" = 1 ] && tcpdump -r "$tmp/s.pcap" -w /dev/null 2>/dev/null; then
        echo "SIGINT mid-load: exit status $st, file valid to its last record, $1 packets in it; sniff said: ${said:-nothing about counts}"
    else
        echo "SIGINT mid-load: exit status $st, FILE NOT VALID ($1 whole records); sniff said: ${said:-nothing}"
    fi
    if [ "${claimed:-x}" = "$1" ]; then
        echo "SIGINT mid-load: every packet sniff counted as captured is in the file ($1)"
    else
        echo "SIGINT mid-load: MISMATCH: sniff counted ${claimed:-nothing} captured, the file holds $1"
    fi
} | tee "$report"
