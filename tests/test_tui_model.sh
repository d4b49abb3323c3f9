#!/bin/sh
# test_tui_model.sh: the TUI's model read at random gives the line mode's text.
#
#   test_tui_model.sh SNIFF GEN_CAPTURE GEN_HOSTILE SOURCE_DIR [GEN_TCP_CASES]
#
# sniff --tui-dump=ORDER indexes a file as sniff --tui does (offsets and the model's
# frame records) and prints every frame read back through that index, decoded on
# demand, in ORDER. Sorted back by frame number, that must equal what the line mode
# prints reading the file in one pass: the -V tree, the packet list, and with -A the
# annotations (each frame's connection analysed again alone). For every shipped capture
# (all frames, --all), in random and reverse order; for a generated capture of 200,000
# frames; for a pcapng copy of one. A filter applied after reading, as the filter bar
# applies it, shows what -Y shows. The hostile captures and the fuzz corpus are read
# back the same way under the sanitizers (no check of the text: no crash, no hang).
set -u
sniff=${1:?usage: test_tui_model.sh SNIFF GEN_CAPTURE GEN_HOSTILE SOURCE_DIR}
gen=${2:?}
hostile=${3:?}
src=${4:?}
cases=${5:-} # gen_tcp_cases: the analysis tests' captures

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
pass=0
fail=0
# shellcheck source=tests/script_lib.sh
. "$src/tests/script_lib.sh" # ok, bad, tally_exit

# Frames back in number order: a -V tree is a block ending in a blank line; a list line
# starts with its number, its annotation lines (4 spaces, then text) follow it.
sortblocks() {
    python3 -c '
import re, sys
text = sys.stdin.read()
blocks = {}
if sys.argv[1] == "V":
    for b in text.split("\n\n"):
        if not b.strip():
            continue
        m = re.match(r"Frame (\d+):", b)
        blocks.setdefault(int(m.group(1)) if m else -1, []).append(b + "\n\n")
else:
    cur = None
    for line in text.splitlines(True):
        m = re.match(r" *(\d+) \d", line)
        if m:
            cur = int(m.group(1))
        blocks.setdefault(cur, []).append(line)
sys.stdout.write("".join("".join(blocks[k]) for k in sorted(blocks, key=lambda k: (k is None, k or 0))))
' "$1"
}

# compare NAME FILE ORDER OPTIONS...: the dump in ORDER against the line mode.
compare() {
    name=$1 file=$2 order=$3
    shift 3
    kind=L
    case " $* " in *" -V "*) kind=V ;; esac
    # The TUI reads a file through a plain stream it can seek in, not the line mode's
    # block walker: a pcapng frame's interface and section lines are not shown there
    # (man sniff, THE TERMINAL UI). Everything else must be equal.
    case $file in
    *.pcapng) noiface='/^    (Section number|Interface id): /d; s/^(Frame [0-9]+: .*) on interface .*/\1/' ;;
    *) noiface='' ;;
    esac
    timeout -k 5 300 "$sniff" -r "$file" "$@" --color=never 2>"$tmp/line.err" |
        grep -v '^    No\. Time' | sed -E "$noiface" >"$tmp/line.out"
    if ! timeout -k 5 300 "$sniff" -r "$file" "$@" --color=never --tui-dump="$order" \
        >"$tmp/dump.raw" 2>"$tmp/dump.err"; then
        if ! grep -q 'cut\|truncated' "$tmp/line.err"; then
            bad "$name: --tui-dump=$order $* failed: $(tail -1 "$tmp/dump.err")"
            return
        fi
    fi
    sortblocks $kind <"$tmp/dump.raw" >"$tmp/dump.out"
    sortblocks $kind <"$tmp/line.out" >"$tmp/line.sorted"
    if cmp -s "$tmp/line.sorted" "$tmp/dump.out"; then
        ok
    else
        bad "$name: --tui-dump=$order $* differs from the line mode:"
        diff "$tmp/line.sorted" "$tmp/dump.out" | head -10
    fi
}

for f in "$src"/captures/*.pcap; do
    n=$(basename "$f")
    compare "$n" "$f" random --all -V
    compare "$n" "$f" reverse --all
    compare "$n" "$f" random -A
done
# -S: absolute sequence numbers in the frames read back too.
compare large-transfer.pcap-S "$src/captures/large-transfer.pcap" random -S -V

# A nanosecond pcap whose times use all nine digits: read back to the nanosecond.
if command -v editcap >/dev/null 2>&1; then
    editcap -F nsecpcap "$src/captures/concurrent.pcap" "$tmp/ns0.pcap" 2>/dev/null
    python3 -c '
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
off, i = 24, 0
while off + 16 <= len(b):
    frac, caplen = struct.unpack_from("<I", b, off + 4)[0], struct.unpack_from("<I", b, off + 8)[0]
    struct.pack_into("<I", b, off + 4, frac + 123 + i)
    off, i = off + 16 + caplen, i + 1
open(sys.argv[2], "wb").write(b)
' "$tmp/ns0.pcap" "$tmp/ns.pcap"
    compare concurrent-ns.pcap "$tmp/ns.pcap" random -V
fi

# 200,000 generated frames: every one read back at random.
"$gen" -n 200000 -w "$tmp/gen.pcap" >/dev/null
if [ -s "$tmp/gen.pcap" ]; then
    compare gen200k "$tmp/gen.pcap" random -V
    compare gen200k "$tmp/gen.pcap" random -A
else
    bad "gen_capture wrote nothing"
fi

# pcapng: the same capture written by tshark's editcap, if there.
if command -v editcap >/dev/null 2>&1; then
    editcap -F pcapng "$src/captures/concurrent.pcap" "$tmp/c.pcapng" 2>/dev/null
    compare concurrent.pcapng "$tmp/c.pcapng" random -V
    compare concurrent.pcapng "$tmp/c.pcapng" random -A
    # Two files of two interfaces merged: interface blocks before later frames.
    if command -v mergecap >/dev/null 2>&1; then
        editcap -F pcapng "$src/captures/echo-lo.pcap" "$tmp/a.pcapng" 2>/dev/null
        mergecap -F pcapng -w "$tmp/m.pcapng" "$tmp/a.pcapng" "$tmp/c.pcapng" 2>/dev/null
        [ -s "$tmp/m.pcapng" ] && compare merged.pcapng "$tmp/m.pcapng" random --all -V
    fi
fi

# A display filter typed into the bar once the file is read (--tui-dump-filter runs the
# bar's job) shows the frames sniff -r FILE -Y shows, for every kind of field: the
# connection model's (analysis flags, Dup ACK numbers, ACK RTT, bytes in flight, the
# segment acknowledged, the echo check, the TCP states), the frame times, the stream
# index and the relative numbers; on every shipped capture and every case of the
# analysis tests (retransmissions, Dup ACKs, zero windows, keep-alives...), under a
# capture filter that skips frames (the times count from frames not in the index), and
# with -S. Each filter must find frames somewhere and leave some out somewhere: one that
# shows all or nothing everywhere cannot tell.
filters='tcp.analysis.retransmission
tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission
tcp.analysis.flags
tcp.analysis.flags && !tcp.analysis.window_update
tcp.analysis
tcp.analysis.duplicate_ack
tcp.analysis.duplicate_ack_num >= 2
tcp.analysis.duplicate_ack_frame
tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment
tcp.analysis.out_of_order
tcp.analysis.zero_window || tcp.analysis.window_full
tcp.analysis.keep_alive || tcp.analysis.keep_alive_ack
tcp.analysis.ack_rtt > 0
tcp.analysis.ack_rtt > 0.0002
tcp.analysis.bytes_in_flight
tcp.analysis.bytes_in_flight > 1000
tcp.analysis.acks_frame
echo.verdict == "mismatch"
echo.verdict == "identical"
echo.request
echo.request >= 2
echo.rtt > 0
echo.mismatch_offset
tcp.state.client == "ESTABLISHED"
tcp.state.server == "CLOSE-WAIT" || tcp.state.client == "FIN-WAIT-2"
tcp.state.client == "TIME-WAIT"
frame.time_delta > 0.0001
frame.time_relative > 0.5
tcp.stream == 0
tcp.stream == 1
tcp.seq == 1
tcp.nxtseq > 1000
tcp.ack > 1000
tcp.window_size > 60000
tcp.flags.syn == 1 && tcp.analysis.flags'
frames_of() { awk '$1 ~ /^[0-9]+$/ { print $1 }'; }
: >"$tmp/refilter.log"
# refilter NAME FILE OPTIONS...: every filter, the bar against -Y.
refilter() {
    name=$1 file=$2
    shift 2
    total=$(timeout -k 5 120 "$sniff" -r "$file" "$@" 2>/dev/null | frames_of | wc -l)
    echo "$filters" | while IFS= read -r flt; do
        timeout -k 5 120 "$sniff" -r "$file" "$@" -Y "$flt" 2>/dev/null | frames_of >"$tmp/want"
        timeout -k 5 120 "$sniff" -r "$file" "$@" --tui-dump=seq --tui-dump-filter="$flt" \
            2>"$tmp/bar.err" | frames_of >"$tmp/got"
        if cmp -s "$tmp/want" "$tmp/got"; then
            printf '%s\t%s\t%s\n' "$flt" "$(wc -l <"$tmp/want")" "$total" >>"$tmp/refilter.log"
            echo ok
        else
            echo "FAIL: $name $*: the bar's '$flt' shows frames -Y does not (>) or misses some (<):"
            diff "$tmp/want" "$tmp/got" | grep '^[<>]' | head -5 | tr '\n' ' '
            echo
            tail -1 "$tmp/bar.err"
        fi
    done >"$tmp/refilter.out"
    pass=$((pass + $(grep -c '^ok$' "$tmp/refilter.out")))
    fail=$((fail + $(grep -c '^FAIL' "$tmp/refilter.out")))
    grep -v '^ok$' "$tmp/refilter.out"
}
for f in "$src"/captures/*.pcap; do
    refilter "$(basename "$f")" "$f" --all
done
if [ -n "$cases" ]; then
    mkdir "$tmp/cases"
    chmod 755 "$tmp/cases"
    "$cases" -w "$tmp/cases" >/dev/null
    # All the cases in one file (their connections interleaved by time), or one by one.
    if command -v mergecap >/dev/null 2>&1 &&
        mergecap -F pcap -w "$tmp/cases.pcap" "$tmp"/cases/*.pcap 2>/dev/null; then
        refilter "the analysis cases" "$tmp/cases.pcap" --all
    else
        for f in "$tmp"/cases/*.pcap; do
            refilter "$(basename "$f")" "$f" --all
        done
    fi
    # A capture filter that skips frames: frame.time_delta counts from the frame read
    # before, shown or not, and frame.time_relative from the first read (a skipped SYN).
    refilter "retrans.pcap, no SYN" "$tmp/cases/retrans.pcap" --all 'tcp[13] & 2 == 0'
fi
refilter "large-transfer.pcap, no PSH" "$src/captures/large-transfer.pcap" --all 'tcp[13] & 8 == 0'
refilter "mismatch.pcap -S" "$src/captures/mismatch.pcap" -S
# Every filter both found frames and left some out, on some capture.
echo "$filters" | while IFS= read -r flt; do
    awk -F '\t' -v f="$flt" '$1 == f { if ($2 > 0) some = 1; if ($2 < $3) less = 1 }
        END { if (!some || !less) print "FAIL: the filter \047" f "\047 showed " (some ? "every" : "no") " frame of every capture: it tests nothing" }' \
        "$tmp/refilter.log"
done >"$tmp/weak.out"
fail=$((fail + $(grep -c '^FAIL' "$tmp/weak.out")))
cat "$tmp/weak.out"

# Hostile captures and the fuzz corpus: read back every way, no crash, no hang.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1:exitcode=99"
mkdir "$tmp/h"
chmod 755 "$tmp/h"
"$hostile" "$tmp/h" >/dev/null
for f in "$tmp"/h/* "$src"/fuzz/seeds/pcap/*; do
    for opts in "--all -V -A" "--all -A"; do
        # shellcheck disable=SC2086
        timeout -k 5 60 "$sniff" -r "$f" $opts --tui-dump=random >/dev/null 2>"$tmp/h.err"
        rc=$?
        if [ $rc -eq 0 ] || [ $rc -eq 1 ] || [ $rc -eq 2 ]; then
            ok
        else
            bad "$(basename "$f") ($opts): exit $rc: $(tail -3 "$tmp/h.err")"
        fi
    done
done

tally_exit "frame compared"
