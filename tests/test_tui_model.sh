#!/bin/sh
# test_tui_model.sh: the TUI's model read at random gives the line mode's text.
#
#   test_tui_model.sh SNIFF GEN_CAPTURE GEN_HOSTILE SOURCE_DIR
#
# sniff --tui-dump=ORDER indexes a file as sniff --tui does (offsets and the model's
# frame records) and prints every frame read back through that index, decoded on
# demand, in ORDER. Sorted back by frame number, that must equal what the line mode
# prints reading the file in one pass: the -V tree, the packet list, and with -A the
# annotations (each frame's connection analysed again alone). For every shipped capture
# (all frames, --all), in random and reverse order; for a generated capture of 200,000
# frames; for a pcapng copy of one. The hostile captures and the fuzz corpus are read
# back the same way under the sanitizers (no check of the text: no crash, no hang).
set -u
sniff=${1:?usage: test_tui_model.sh SNIFF GEN_CAPTURE GEN_HOSTILE SOURCE_DIR}
gen=${2:?}
hostile=${3:?}
src=${4:?}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    echo "FAIL: $*"
    fail=$((fail + 1))
}

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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
