#!/bin/bash
# tui_bench.sh [BUILD_DIR]: sniff --tui on a large capture, against the issue's targets,
# beside tshark (termshark is not packaged for Debian 12: it runs tshark over the whole
# file first, so tshark's own time and memory are its floor).
#
#   first screen   sniff --tui -r F in tmux: from the start of tmux to the first packet
#                  row on its screen (a tmux capture every 10 ms; includes tmux's start)
#                  target: within 0.3 s, while the file is still being read
#   indexing       the status bar's "read in X s" (the UI's own clock) against
#                  sniff -r F > /dev/null (best of REPS); target: no slower
#   any packet     after indexing, "g N" for packets far apart (tmux, end to end: the key
#                  sent to the row, the tree and its annotation on screen), and the slowest
#                  frame of --tui-dump=random -A over F10 (the UI's own read-back path:
#                  read, decode, tree, its connection analysed again); target: 50 ms
#   memory         the UI's peak RSS (VmHWM) once F is read; tshark -r F's peak RSS
#                  target: 64 MiB at a million packets
#
# Environment: PACKETS (default 1000000), REPS (default 3), OUT (default bench/out).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
bench_capture_programs tui_bench 1000000 "${1:-}"
reps=${REPS:-3}
out=${OUT:-$top/bench/out}
mkdir -p "$out"
chmod 755 "$out"
F=$out/tui-$packets.pcap
F10=$out/tui-$((packets / 10)).pcap
[ -s "$F" ] || "$gen" -n "$packets" -w "$F" >/dev/null
[ -s "$F10" ] || "$gen" -n $((packets / 10)) -w "$F10" >/dev/null
chmod 644 "$F" "$F10"
sock=tui-bench-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null || true' EXIT
now() { date +%s.%N; }
screen() { T capture-pane -p -t b; }
# until_screen SECONDS PATTERN [-v]: poll the screen (every 5 ms) until PATTERN is (or,
# with -v, is no longer) on it; a benchmark stops by itself: past SECONDS it gives up.
until_screen() {
    _end=$(echo "$(now) $1" | awk '{ printf "%.3f", $1 + $2 }')
    while :; do
        if [ "${3:-}" = -v ]; then
            screen | grep -q -- "$2" || return 0
        else
            screen | grep -q -- "$2" && return 0
        fi
        if awk -v n="$(now)" -v e="$_end" 'BEGIN { exit !(n > e) }'; then
            echo "tui_bench: '$2' ${3:+still }not seen within $1 s; the screen:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.005
    done
}

best_line=999
for r in $(seq "$reps"); do
    s=$(now)
    TZ=UTC timeout -k 5 600 "$sniff" -r "$F" >/dev/null 2>&1
    e=$(now)
    best_line=$(echo "$best_line $s $e" | awk '{ d = $3 - $2; print (d < $1) ? d : $1 }')
done

first_best=999 index_best=999 goto_worst=0 rss_max=0
for r in $(seq "$reps"); do
    T kill-server 2>/dev/null || true
    s=$(now)
    T new-session -d -s b -x 160 -y 40 \
        "exec env TZ=UTC LANG=C.UTF-8 TERM=xterm-256color timeout -k 5 600 $sniff --tui -r $F"
    until_screen 60 '^      1 0\.000000'
    e=$(now)
    first=$(echo "$s $e" | awk '{ print $2 - $1 }')
    reading=$(screen | grep -c 'reading the file' || true)
    until_screen 300 'read in '
    idx=$(screen | sed -n 's/.*read in \([0-9.]*\) s.*/\1/p' | head -1)
    pid=$(pgrep -P "$(T display-message -p -t b '#{pane_pid}')" -x sniff) # under timeout
    rss=$(awk '/VmHWM/ { print $2 }' /proc/"$pid"/status)
    for n in 987654 12345 500001 999999 2; do
        s=$(now)
        T send-keys -t b g "$n" Enter
        until_screen 30 "No. $n |"
        until_screen 30 'reading connection #' -v
        e=$(now)
        d=$(echo "$s $e" | awk '{ print $2 - $1 }')
        goto_worst=$(echo "$goto_worst $d" | awk '{ print ($2 > $1) ? $2 : $1 }')
    done
    T send-keys -t b q
    first_best=$(echo "$first_best $first" | awk '{ print ($2 < $1) ? $2 : $1 }')
    index_best=$(echo "$index_best $idx" | awk '{ print ($2 < $1) ? $2 : $1 }')
    rss_max=$(echo "$rss_max $rss" | awk '{ print ($2 > $1) ? $2 : $1 }')
    echo "round $r: first screen $first s (still reading: $reading), read in $idx s, go-to worst so far $goto_worst s, VmHWM $rss KiB" >&2
done

slow=$(timeout -k 5 600 "$sniff" -r "$F10" -A --tui-dump=random 2>&1 >/dev/null | sed -n 's/.*slowest \([0-9.]*\) ms.*/\1/p')
tshark_rss=NA
if command -v tshark >/dev/null 2>&1; then
    # time's own report goes to a file: tshark's stderr (its root warning) is thrown away
    /usr/bin/time -o "$out/tshark-rss.txt" -f '%M' timeout -k 5 900 tshark -r "$F" >/dev/null 2>&1 || true
    tshark_rss=$(tail -1 "$out/tshark-rss.txt")
fi
echo
echo "| measure ($packets packets, best of $reps unless said) | sniff --tui | target | reference |"
echo "| --- | ---: | ---: | ---: |"
printf '| first screen, from start (tmux end to end) | %.3f s | 0.3 s | |\n' "$first_best"
printf '| whole file read and indexed (status bar) | %.2f s | <= sniff -r F | sniff -r F > /dev/null: %.2f s |\n' "$index_best" "$best_line"
printf '| go to a packet after indexing, worst of 5 jumps x %s (tmux end to end) | %.0f ms | 50 ms | |\n' "$reps" "$(echo "$goto_worst" | awk '{ print $1 * 1000 }')"
printf '| slowest frame of --tui-dump=random -A over F10 (read, decode, tree, annotation) | %s ms | 50 ms | |\n' "$slow"
printf '| peak RSS once read (VmHWM, worst round) | %.1f MiB | 64 MiB | tshark -r F: %s MiB |\n' "$(echo "$rss_max" | awk '{ print $1 / 1024 }')" "$(echo "$tshark_rss" | awk '{ if ($1 == "NA") print "NA"; else printf "%.1f", $1 / 1024 }')"
