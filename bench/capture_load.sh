#!/bin/sh
# capture_load.sh: how much of a loopback echo load sniff -w captures, beside tcpdump -w.
#
#   sudo bench/capture_load.sh [BUILD_DIR] [RATES] [SECONDS]
#
# BUILD_DIR (default build) holds sniff, echoserver and the load generator: bench/loadgen,
# paced with -r (256 connections, one 100-byte message in flight on each, so about one
# data segment and one echo segment a message; every echoed byte checked), else
# tests/stress_echo's paced "rate" mode. RATES (default "5000 20000 50000 100000
# 200000") are messages a second asked of the generator; each run lasts SECONDS
# (default 4). BUFFERS (environment, default "default 2048 65536") are the -B values
# tried: "default" is each program's own (sniff -w: 32 MiB; tcpdump: libpcap's 2 MiB).
#
# For each buffer and rate, sniff -w and tcpdump -w capture the same load at the same
# time. The table gives, per run: the messages a second the generator achieved, the
# packets lo carried in the window (its rx counter: an upper bound, since other loopback
# traffic counts too), then for each capturer the ring it really got (read back with
# ss -0 -e: libpcap may quietly shrink a ring the kernel refuses), the packets in its
# file, their rate, and the drops pcap_stats reported; "=" when sniff's "N packets
# captured" equals its file's record count. Then a SIGINT test: sniff is interrupted
# mid-load at the heaviest rate, and its file must be valid to the last record
# (tcpdump -r, tshark -r) and hold exactly the packets sniff said it captured.
# Needs root (live capture on lo). Results also go to bench/out/capture_load.txt.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
rates=${2:-5000 20000 50000 100000 200000}
secs=${3:-4}
buffers=${BUFFERS:-default 2048 65536}
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
    if [ -x "$loadgen" ]; then
        timeout -k 5 $(($2 + 60)) "$loadgen" -c 256 -d 1 -s 100 -r "$1" -w 0 -t "$2" \
            127.0.0.1 "$port"
    else
        timeout -k 5 $(($2 + 60)) "$stress" "$port" rate 64 "$1" "$2" 100
    fi
}

lo_packets() { cat /sys/class/net/lo/statistics/rx_packets; }

# ring_kib PID: the packet ring PID's socket really has (blk_size * blk_nr), in KiB.
ring_kib() {
    ss -0 -e -p 2>/dev/null | awk -v pid="pid=$1," '
        index($0, pid) { want = 1; next }
        want && /ring_rx/ { match($0, /blk_size:[0-9]+,blk_nr:[0-9]+/)
            split(substr($0, RSTART, RLENGTH), f, /[:,]/); print f[2] * f[4] / 1024; exit }
        /^p_/ { want = 0 }'
}

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
    sring=$(ring_kib "$(pgrep -P "$sp" | head -n 1)")
    tring=$(ring_kib "$(pgrep -P "$tp" | head -n 1)")
    lo0=$(lo_packets)
    t0=$(date +%s.%N)
    load "$rate" "$secs" >"$tmp/load.out" 2>&1
    sleep 0.5
    lo1=$(lo_packets)
    t1=$(date +%s.%N)
    kill -INT "$(pgrep -P "$sp" | head -n 1)" "$(pgrep -P "$tp" | head -n 1)" 2>/dev/null
    wait "$sp" "$tp"
    # shellcheck disable=SC2046 # two numbers, split on purpose
    set -- $(count_pcap "$tmp/s.pcap")
    sn=$1
    same='!='
    [ "$(captured_of "$tmp/s.err")" = "$sn" ] && [ "$2" = 1 ] && same='='
    # shellcheck disable=SC2046 # two numbers, split on purpose
    set -- $(count_pcap "$tmp/t.pcap")
    tn=$1
    el=$(echo "$t1 $t0" | awk '{ printf "%.2f", $1 - $2 }')
    offered=$((lo1 - lo0))
    sd=$(drops_of "$tmp/s.err")
    td=$(drops_of "$tmp/t.err")
    achieved=$(sed -n 's/.* rtps=\([0-9]*\) .*/\1/p; s/.*(\([0-9]*\)\/s, asked.*/\1/p' \
        "$tmp/load.out")
    printf '%7s %7s %7s %8s | %6s %8s%-2s %7s %7s | %6s %8s %7s %7s\n' "$rate" "${achieved:-?}" \
        "$bkib" "$offered" "${sring:-?}" "$sn" "$same" \
        "$(echo "$sn $el" | awk '{ printf "%d", $1 / $2 }')" "${sd:-n/a}" "${tring:-?}" "$tn" \
        "$(echo "$tn $el" | awk '{ printf "%d", $1 / $2 }')" "${td:-n/a}"
}

{
    echo "capture_load: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, ${secs}s a run, port $port"
    echo "load: $(uptime | sed 's/.*load average/load average/')"
    if [ -x "$loadgen" ]; then
        echo "generator: $loadgen -c 256 -d 1 -s 100 -r RATE -w 0 -t $secs 127.0.0.1 $port"
    else
        echo "generator: $stress $port rate 64 RATE $secs 100 (bench/loadgen not built)"
    fi
    echo "msgs/s: asked and achieved; lo pkts: lo's rx counter over the window; ring: KiB"
    echo "really allocated; pkts: records in the file (= sniff's count matches); drops: pcap_stats"
    printf '%7s %7s %7s %8s | %6s %10s %7s %7s | %6s %8s %7s %7s\n' asked msgs/s "-B KiB" \
        "lo pkts" ring "sniff pkts" pps drops ring "tcpdump" pps drops
    for bkib in $buffers; do
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
    # shellcheck disable=SC2046 # two numbers, split on purpose
    set -- $(count_pcap "$tmp/s.pcap")
    said=$(grep -i 'captured' "$tmp/s.err" | head -n 1)
    claimed=$(captured_of "$tmp/s.err")
    # What the two readers count: both must read to the end without an error.
    tcpdump -n -r "$tmp/s.pcap" >"$tmp/r.txt" 2>"$tmp/r.err"
    tdok=$?
    grep -q -i 'truncated\|error' "$tmp/r.err" && tdok=1
    tdn=$(wc -l <"$tmp/r.txt")
    tsn=n/a
    if command -v tshark >/dev/null; then
        tshark -n -r "$tmp/s.pcap" -T fields -e frame.number >"$tmp/r2.txt" 2>"$tmp/r2.all"
        tsok=$?
        grep -v 'Running as user' "$tmp/r2.all" >"$tmp/r2.err" # root's warning, no error
        if [ "$tsok" = 0 ] && ! [ -s "$tmp/r2.err" ]; then
            tsn=$(wc -l <"$tmp/r2.txt")
        else
            tsn="$(wc -l <"$tmp/r2.txt") (tshark: $(head -n 1 "$tmp/r2.err"))"
        fi
    fi
    if [ "$2" = 1 ] && [ "$tdok" = 0 ] && [ "$tdn" = "$1" ] && [ "$tsn" = "$1" ] ||
        { [ "$tsn" = n/a ] && [ "$2" = 1 ] && [ "$tdok" = 0 ] && [ "$tdn" = "$1" ]; }; then
        echo "SIGINT mid-load: exit status $st, file valid to its last record: $1 records, tcpdump -r reads $tdn, tshark -r $tsn; sniff said: ${said:-nothing about counts}"
    else
        echo "SIGINT mid-load: exit status $st, FILE NOT VALID ($1 whole records, tcpdump -r $tdn, tshark -r $tsn); sniff said: ${said:-nothing}"
    fi
    if [ "${claimed:-x}" = "$1" ]; then
        echo "SIGINT mid-load: every packet sniff counted as captured is in the file ($1)"
    else
        echo "SIGINT mid-load: MISMATCH: sniff counted ${claimed:-nothing} captured, the file holds $1"
    fi
} | tee "$report"
