#!/bin/sh
# test_tui_palette.sh SNIFF: one setting for the projector palette in both modes. In tmux,
# sniff --tui with --color=light, --light and --step paints the screen's background white
# (SGR 47 or 107, seen on the filter bar: black on white); with --color=dark (even with --step) and by default it does not;
# --color=never and NO_COLOR paint no colour at all. Needs tmux; 77 without it.
set -u
sniff=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # tmux may start elsewhere
caps=$(cd "$(dirname "$0")/../captures" && pwd)
command -v tmux >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }
n=0
T() { tmux -L "palette-$$-$n" -f /dev/null "$@"; }
fail=0
dir=$(mktemp -d)
trap 'for k in 1 2 3 4 5 6 7; do tmux -L "palette-$$-$k" kill-server 2>/dev/null; done; rm -rf "$dir"' EXIT
# screen ENV ARGS: the screen, with its escapes, into $dir/screen once the first packet
# row is drawn; false if it never is
screen() {
    T new-session -d -s p -x 120 -y 30 \
        "env $1 TERM=xterm-256color timeout --foreground -k 5 60 $sniff --tui $2 -r $caps/echo-lo.pcap; sleep 30"
    i=0
    until T capture-pane -p -t p | grep -q '^ *1 0\.000000'; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            echo "FAIL '$2': no packet row within 10 s; the screen:"
            T capture-pane -p -t p
            T kill-server 2>/dev/null
            return 1
        fi
        sleep 0.1
    done
    sleep 0.3 # the rest of the first screen
    T capture-pane -ep -t p >"$dir/screen"
    T kill-server 2>/dev/null
}
esc=$(printf '\033')
expect() { # WHAT ENV ARGS WHITE(yes/no) COLOUR(yes/no)
    n=$((n + 1)) # a tmux server of its own for each case
    screen "$2" "$3" || { fail=1; return; }
    # the filter bar, the first line: the screen's own background (dark: the tree's dim
    # selection is black on white too, so the whole screen would not tell)
    w=$(head -1 "$dir/screen" | grep -c "$esc\[[0-9;]*\(47\|107\)m")
    c=$(grep -c "$esc\[[0-9;]*[34][0-7]m" "$dir/screen")
    { [ "$4" = yes ] && [ "$w" -gt 0 ]; } || { [ "$4" = no ] && [ "$w" = 0 ]; } ||
        { echo "FAIL $1: the filter bar's background white: $w"; fail=1; }
    { [ "$5" = yes ] && [ "$c" -gt 0 ]; } || { [ "$5" = no ] && [ "$c" = 0 ]; } ||
        { echo "FAIL $1: colour on $c lines"; fail=1; }
}
expect "--color=light" NO_COLOR= --color=light yes yes
expect "--light" NO_COLOR= --light yes yes
expect "--step" NO_COLOR= --step yes yes
expect "--step --color=dark" NO_COLOR= "--step --color=dark" no yes
expect "the default" NO_COLOR= "" no yes
expect "--color=never" NO_COLOR= --color=never no no
expect "NO_COLOR=1" NO_COLOR=1 "" no no
[ $fail = 0 ] && echo "ok: 7 palettes"
exit $fail
