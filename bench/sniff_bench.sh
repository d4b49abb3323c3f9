#!/bin/bash
# sniff_bench.sh [BUILD_DIR]: times sniff against tcpdump and tshark on one large capture.
#
# gen_capture writes a realistic capture of many interleaved echo connections (PACKETS,
# default 1,000,000; the same file every time) and one a tenth the size (F10), then each
# reader prints them to /dev/null, in one run, side by side:
#   packet list   sniff -r F          tcpdump -nn -r F      tshark -r F
#   hex           sniff -x -r F       tcpdump -nn -X -r F
#   annotated     sniff -r F -A --color=never (the analysis flags, an annotation under
#                 every TCP packet, every echo verified)   against tshark -r F
#   detail tree   sniff -V -r F10     tshark -V -r F10   (F10: tshark -V takes minutes on F)
# and sniff -r and -A again on F10, to show their memory does not grow with the file.
# The commands run in rounds (each once per round, REPS rounds, default 5), so that
# other load on the machine hits them alike. Reported: the BEST wall time (from date
# +%s%N around each run; speed ratios use it, as the least disturbed by a shared
# machine), the median wall time, the median CPU time (user + system, GNU time's %U +
# %S) and the largest peak RSS (GNU time's %M).
#
# BASELINE=DIR (another build directory, e.g. of main before a change) runs that
# build's sniff too, in the same rounds, for every sniff row, and prints a second table:
# this build against it, row by row.
#
# Targets: packet list >= 2x tcpdump, hex >= 1.5x tcpdump -X, sniff peak RSS under
# 16 MiB at any file size; the annotated, verified output >= 5x faster than tshark -r,
# its peak RSS under 32 MiB at either file size; the detail tree >= 8x faster than
# tshark -V, its peak RSS under 16 MiB, as the packet list's.
#
# Every command runs with TZ=UTC. With TZ unset, glibc's localtime() stats
# /etc/localtime on every call, and tcpdump, which prints each packet's time of day,
# pays a stat(2) per packet: about 1.5 s of system time per million packets, a cost
# of the environment rather than of tcpdump's printer. The comparison would flatter
# sniff (which prints relative times), so the targets are judged against tcpdump with
# TZ set; one more row shows tcpdump as it runs with TZ unset, for reference.
#
# Environment: PACKETS, REPS, OUT (default bench/out, gitignored), TSHARK_REPS (default
# REPS; tshark is slow), KEEP=1 keeps the capture, BASELINE (above).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
bench_capture_programs sniff_bench 1000000 "${1:-}"
reps=${REPS:-5}
tshark_reps=${TSHARK_REPS:-$reps}
out=${OUT:-$top/bench/out}
per_run_limit=${RUN_TIMEOUT:-600}

median() { # numbers on stdin, one a line
    sort -n | awk '{ a[NR] = $1 } END { printf "%s", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

die() {
    printf 'sniff_bench: %s\n' "$*" >&2
    exit 2
}

base_sniff=
if [ -n "${BASELINE:-}" ]; then
    case $BASELINE in /*) ;; *) BASELINE=$top/$BASELINE ;; esac
    base_sniff=$BASELINE/sniff/sniff
    [ -x "$base_sniff" ] || die "BASELINE: no $base_sniff"
fi
command -v tcpdump >/dev/null || die "tcpdump is not installed (apt-get install tcpdump)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install time)"
have_tshark=1
command -v tshark >/dev/null || have_tshark=0

mkdir -p "$out"
big=$out/bench-$packets.pcap
small=$out/bench-$((packets / 10)).pcap
tmp=$(mktemp -d)
cleanup() {
    rm -rf "$tmp"
    if [ "${KEEP:-0}" != 1 ]; then rm -f "$big" "$small"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

timeout 300 "$gen" -n "$packets" -w "$big" 2>/dev/null || die "gen_capture failed"
timeout 300 "$gen" -n $((packets / 10)) -w "$small" 2>/dev/null || die "gen_capture failed"

# once KEY CMD...: runs CMD once, stdout to /dev/null, and appends to KEY's records its
# wall time (ns, from date +%s%N around it), CPU time (s, user + system) and peak RSS (kB).
once() {
    key=$1
    shift
    t0=$(date +%s%N)
    if ! timeout "$per_run_limit" /usr/bin/time -o "$tmp/tm" -f '%M %U %S' "$@" \
        </dev/null >/dev/null 2>"$tmp/err"; then
        printf 'sniff_bench: %s failed:\n' "$*" >&2
        tail -5 "$tmp/err" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    echo $((t1 - t0)) >>"$tmp/$key.wall"
    tail -1 "$tmp/tm" | awk '{ print $2 + $3 }' >>"$tmp/$key.cpu"
    tail -1 "$tmp/tm" | awk '{ print $1 }' >>"$tmp/$key.rss"
}

# The sniff rows: key, the arguments (F: the big file, F10: the small one), and the
# command as the tables name it.
sniff_rows=(
    "list_sniff|-r F"
    "hex_sniff|-x -r F"
    "small_sniff|-r F10"
    "ann_sniff|-r F -A --color=never"
    "ann_small_sniff|-r F10 -A --color=never"
    "detail_sniff|-V -r F10"
)

# sniff_once KEY PROGRAM ARGS: once, with F and F10 in ARGS replaced by the files.
sniff_once() {
    local key=$1 prog=$2 a
    local -a args=()
    for a in $3; do
        case $a in F) a=$big ;; F10) a=$small ;; esac
        args+=("$a")
    done
    once "$key" "$prog" "${args[@]}"
}

echo "sniff_bench: $packets packets ($(du -m "$big" | cut -f1) MiB), $reps rounds; $(nproc) CPUs"
[ -z "$base_sniff" ] || echo "sniff_bench: baseline $base_sniff in the same rounds"

# Rounds rather than each command's repetitions in a row: a burst of other load on the
# machine then hits every command alike. tshark, slow, runs in the first rounds only.
export TZ=UTC
for r in $(seq "$reps"); do
    for row in "${sniff_rows[@]}"; do
        sniff_once "${row%%|*}" "$sniff" "${row#*|}"
        [ -z "$base_sniff" ] || sniff_once "base_${row%%|*}" "$base_sniff" "${row#*|}"
    done
    once list_tcpdump tcpdump -nn -r "$big"
    once list_tcpdump_notz env -u TZ tcpdump -nn -r "$big"
    once hex_tcpdump tcpdump -nn -X -r "$big"
    if [ $have_tshark = 1 ] && [ "$r" -le "$tshark_reps" ]; then
        once list_tshark tshark -r "$big"
        once detail_tshark tshark -V -r "$small"
    fi
done

# stat KEY best|median|cpu|rss: seconds, or kB for rss (the largest).
stat() {
    case $2 in
    best) sort -n "$tmp/$1.wall" | head -1 | awk '{ printf "%.3f", $1 / 1e9 }' ;;
    median) median <"$tmp/$1.wall" | awk '{ printf "%.3f", $1 / 1e9 }' ;;
    cpu) median <"$tmp/$1.cpu" ;;
    rss) sort -n "$tmp/$1.rss" | tail -1 ;;
    esac
}

row() { # KEY COMMAND BASELINE_KEY NPACKETS [RATIO_LABEL]: the ratio is left out without a label
    awk -v c="$2" -v w="$(stat "$1" best)" -v m="$(stat "$1" median)" -v u="$(stat "$1" cpu)" \
        -v b="$(stat "$3" best)" -v kb="$(stat "$1" rss)" -v n="$4" -v label="${5-}" 'BEGIN {
        ratio = label == "" ? "" : sprintf("%.2fx %s", b / w, label)
        printf "| `%s` | %.2f | %.2f | %.2f | %.3f | %s | %.1f |\n", c, w, m, u, w * 1e6 / n, ratio, kb / 1024 }'
}

f10=$((packets / 10))
echo
echo "| command (F = $packets packets, F10 = $f10) | best wall s | median wall s | median CPU s | best us/packet | speed | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row list_sniff "sniff -r F" list_tcpdump "$packets" "tcpdump"
row list_tcpdump "tcpdump -nn -r F" list_tcpdump "$packets" "tcpdump"
row list_tcpdump_notz "tcpdump -nn -r F (TZ unset)" list_tcpdump "$packets" "tcpdump"
[ $have_tshark = 1 ] && row list_tshark "tshark -r F" list_tcpdump "$packets" "tcpdump"
row hex_sniff "sniff -x -r F" hex_tcpdump "$packets" "tcpdump -X"
row hex_tcpdump "tcpdump -nn -X -r F" hex_tcpdump "$packets" "tcpdump -X"
row small_sniff "sniff -r F10" small_sniff "$f10"
if [ $have_tshark = 1 ]; then
    row ann_sniff "sniff -r F -A --color=never" list_tshark "$packets" "tshark"
else
    row ann_sniff "sniff -r F -A --color=never" list_tcpdump "$packets" "tcpdump"
fi
row ann_small_sniff "sniff -r F10 -A --color=never" ann_small_sniff "$f10"
if [ $have_tshark = 1 ]; then
    row detail_sniff "sniff -V -r F10" detail_tshark "$f10" "tshark -V"
    row detail_tshark "tshark -V -r F10" detail_tshark "$f10" "tshark -V"
else
    row detail_sniff "sniff -V -r F10" detail_sniff "$f10"
fi
echo
echo "F: $packets packets of interleaved echo connections (bench/gen_capture), F10 a tenth"
echo "of them. $reps rounds (tshark: $tshark_reps); speed ratios are of best wall times; peak"
echo "RSS is the largest of the rounds. TZ=UTC for every row but the one marked. Load"
echo "average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
[ $have_tshark = 1 ] || echo "(tshark not installed: its rows are missing)"

# This build against BASELINE, row by row (ratios of best wall and median CPU times:
# above 1.00x this build is faster).
if [ -n "$base_sniff" ]; then
    echo
    echo "| command | this build best s | baseline best s | speed vs baseline | this median CPU s | baseline median CPU s | CPU vs baseline | this RSS MiB | baseline RSS MiB |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for row in "${sniff_rows[@]}"; do
        k=${row%%|*}
        awk -v c="sniff ${row#*|}" -v w="$(stat "$k" best)" -v bw="$(stat "base_$k" best)" \
            -v u="$(stat "$k" cpu)" -v bu="$(stat "base_$k" cpu)" -v r="$(stat "$k" rss)" \
            -v br="$(stat "base_$k" rss)" 'BEGIN {
            printf "| `%s` | %.3f | %.3f | %.2fx | %.2f | %.2f | %.2fx | %.1f | %.1f |\n",
                c, w, bw, bw / w, u, bu, (u > 0 ? bu / u : 0), r / 1024, br / 1024 }'
    done
fi

# The targets.
echo
status=0
check() { # DESCRIPTION AWK-CONDITION
    if awk "BEGIN { exit !($2) }"; then
        echo "target met:    $1"
    else
        echo "target MISSED: $1"
        status=1
    fi
}
ratio() { # KEY BASELINE_KEY HOW: baseline time / key time
    awk -v a="$(stat "$2" "$3")" -v b="$(stat "$1" "$3")" 'BEGIN { printf "%.2f", a / b }'
}
list_best=$(ratio list_sniff list_tcpdump best)
hex_best=$(ratio hex_sniff hex_tcpdump best)
check "packet list >= 2x faster than tcpdump -nn (best ${list_best}x; median $(ratio list_sniff list_tcpdump median)x, CPU $(ratio list_sniff list_tcpdump cpu)x)" \
    "$list_best >= 2"
check "hex >= 1.5x faster than tcpdump -nn -X (best ${hex_best}x; median $(ratio hex_sniff hex_tcpdump median)x, CPU $(ratio hex_sniff hex_tcpdump cpu)x)" \
    "$hex_best >= 1.5"
maxrss=$(cat "$tmp/list_sniff.rss" "$tmp/hex_sniff.rss" "$tmp/small_sniff.rss" | sort -n | tail -1)
check "sniff peak RSS < 16 MiB ($(awk -v k="$maxrss" 'BEGIN{printf "%.1f MiB", k/1024}'))" \
    "$maxrss < 16 * 1024"
if [ $have_tshark = 1 ]; then
    ann_best=$(ratio ann_sniff list_tshark best)
    check "annotated (-A) >= 5x faster than tshark -r (best ${ann_best}x; median $(ratio ann_sniff list_tshark median)x, CPU $(ratio ann_sniff list_tshark cpu)x)" \
        "$ann_best >= 5"
    det_best=$(ratio detail_sniff detail_tshark best)
    check "detail tree (-V) >= 8x faster than tshark -V (best ${det_best}x; median $(ratio detail_sniff detail_tshark median)x, CPU $(ratio detail_sniff detail_tshark cpu)x)" \
        "$det_best >= 8"
else
    echo "target not judged: annotated >= 5x faster than tshark -r (tshark not installed)"
    echo "target not judged: detail tree >= 8x faster than tshark -V (tshark not installed)"
fi
annrss=$(cat "$tmp/ann_sniff.rss" "$tmp/ann_small_sniff.rss" | sort -n | tail -1)
check "sniff -A peak RSS < 32 MiB at both sizes ($(awk -v k="$annrss" 'BEGIN{printf "%.1f MiB", k/1024}'))" \
    "$annrss < 32 * 1024"
detrss=$(sort -n "$tmp/detail_sniff.rss" | tail -1)
check "sniff -V peak RSS < 16 MiB ($(awk -v k="$detrss" 'BEGIN{printf "%.1f MiB", k/1024}'))" \
    "$detrss < 16 * 1024"
exit $status
