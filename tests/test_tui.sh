#!/bin/sh
# test_tui.sh: sniff --tui driven by a script in tmux (send-keys in, capture-pane out).
#
#   test_tui.sh SNIFF ECHOSERVER ECHOCLIENT GEN_HOSTILE SOURCE_DIR [GEN_TCP_CASES]
#
# Every shipped capture is opened and toured: the first and last packet, the tree
# expanded and closed, a valid filter applied and an invalid one shown with its error,
# Follow, the ladder, the connection list, the help, quit. Filters on the connection
# model's fields typed into the bar show what -Y shows. Then --step and --quiz, a
# resize to 80x24 and 200x60, NO_COLOR, TERM=dumb and a pipe refused, a live session on
# lo beside a real echo exchange (privileges dropped, seccomp on, -w saving everything),
# and a tour of each hostile capture and of the fuzz corpus (no crash, no hang).
# A private tmux server (-L), temp files in a private directory, removed on exit.
set -u
sniff=${1:?usage: test_tui.sh SNIFF ECHOSERVER ECHOCLIENT GEN_HOSTILE SOURCE_DIR}
server=${2:?}
client=${3:?}
hostile=${4:?}
src=${5:?}
cases=${6:-} # gen_tcp_cases: the analysis tests' captures

command -v tmux >/dev/null 2>&1 || {
    echo "SKIP: tmux is not installed"
    exit 77
}
tmp=$(mktemp -d)
chmod 755 "$tmp"
sock="sniff-tui-$$"
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
# A first session keeps the server up; every window stays after its program exits (set
# globally, before any starts: a program that fails at once would take its window along).
T new-session -d -s keep "exec timeout -k 5 1200 sleep 1200"
T set-option -g remain-on-exit on >/dev/null
pass=0
fail=0
# shellcheck source=tests/script_lib.sh
. "$src/tests/script_lib.sh" # ok, bad, tally_exit

# start NAME COLS ROWS ARGS...: sniff in a new window; its exit status goes to the file
# $tmp/NAME.status (a shell waits for it: tmux's own notion of a dead pane lagged behind
# under load). TERM says xterm, as over SSH from a terminal emulator, while tmux sends
# its own Home and End: sniff knows both. XENV: more environment (NO_COLOR=1).
# timeout --foreground: sniff stays in the terminal's foreground process group (in a
# group of its own, its first tcsetattr would stop it with SIGTTOU).
start() {
    _s=$1 _c=$2 _r=$3
    shift 3
    T kill-session -t "$_s" 2>/dev/null
    rm -f "$tmp/$_s.status"
    T new-session -d -s "$_s" -x "$_c" -y "$_r" \
        "env LANG=C.UTF-8 TERM=xterm-256color ${XENV:-} timeout --foreground -k 5 120 $sniff $*; \
         echo \$? >$tmp/$_s.status.new && mv $tmp/$_s.status.new $tmp/$_s.status"
}
screen() { T capture-pane -p -t "$1"; }
keys() {
    _w=$1
    shift
    T send-keys -t "$_w" "$@"
}
# wait_for NAME TEXT [SECONDS]: TEXT on the screen within the time.
wait_for() {
    i=0
    while [ $i -lt $((${3:-20} * 10)) ]; do
        screen "$1" | grep -qF -- "$2" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
# expect NAME TEXT WHAT: a check.
expect() {
    if wait_for "$1" "$2" "${4:-20}"; then
        ok
    else
        bad "$3: '$2' not on the screen:"
        screen "$1" | sed 's/^/    | /'
    fi
}
# absent NAME TEXT WHAT: TEXT gone from the screen within 5 s (or never there).
absent() {
    sleep 0.3
    i=0
    while screen "$1" | grep -qF -- "$2"; do
        if [ $i -ge 50 ]; then
            bad "$3: '$2' on the screen"
            return
        fi
        sleep 0.1
        i=$((i + 1))
    done
    ok
}
# The exit status once sniff has exited (128+N: killed by signal N), within 30 s, or
# "running".
dead_status() {
    i=0
    while [ $i -lt 300 ]; do
        if [ -s "$tmp/$1.status" ]; then
            cat "$tmp/$1.status"
            return
        fi
        sleep 0.1
        i=$((i + 1))
    done
    echo running
}
quit_ok() {
    keys "$1" q
    st=$(dead_status "$1")
    if [ "$st" = 0 ]; then
        ok
    else
        bad "$2: q gave exit status '$st'"
        screen "$1" | tail -4 | sed 's/^/    | /'
    fi
}

# ---- every shipped capture ----
for f in "$src"/captures/*.pcap; do
    c=$(basename "$f")
    n=$("$sniff" -r "$f" --all 2>/dev/null | tail -n +2 | wc -l)
    start cap 120 40 --tui --all -r "$f"
    expect cap "Packets: $n |" "$c: the status bar"
    expect cap "      1 0.000000" "$c: the first row"
    keys cap End
    expect cap "No. $n |" "$c: End selects the last packet"
    keys cap Home
    expect cap "No. 1 |" "$c: Home selects the first"
    keys cap j k j
    if [ "$n" -ge 2 ]; then
        expect cap "No. 2 |" "$c: j k j"
    else
        expect cap "No. 1 |" "$c: j k j (one packet)"
    fi
    keys cap Tab e
    expect cap "Encapsulation type:" "$c: e opens the whole tree"
    keys cap E
    absent cap "Encapsulation type:" "$c: E closes it"
    keys cap Tab Tab '\' "frame.number == $n" Enter
    expect cap "filter applied: 1 of $n packets shown" "$c: a valid filter"
    expect cap "Displayed: 1 |" "$c: one packet displayed"
    keys cap '\' C-u 'tcp.prot == 1'
    expect cap 'tcp.prot is neither a field nor a protocol name' "$c: an invalid filter's error"
    keys cap Enter
    expect cap "Filter: tcp.prot == 1" "$c: Enter on an invalid filter keeps the bar open"
    keys cap Escape
    expect cap "Filter: frame.number == $n" "$c: Esc restores the filter in force"
    keys cap '\' C-u Enter
    expect cap "filter cleared: all $n packets shown" "$c: an empty filter clears it"
    keys cap '\' C-u 'tcp' Enter
    if wait_for cap "filter applied" 5 && ! screen cap | grep -q "filter applied: 0 of"; then
        keys cap Home f
        expect cap "Follow TCP stream" "$c: f opens Follow"
        keys cap End
        expect cap "client sent" "$c: End shows Follow's closing line" 20
        keys cap Escape l
        expect cap "Ladder of tcp.stream" "$c: l opens the ladder"
        keys cap Escape c
        expect cap "Connections (tcp.stream)" "$c: c opens the connection list"
        keys cap Enter
        expect cap "Stream: " "$c: Enter goes to a connection's first packet"
    fi
    keys cap '?'
    expect cap "sniff --tui: keys" "$c: ? opens the help"
    keys cap Escape
    quit_ok cap "$c"
done

# ---- the filter bar on the connection model's fields ----
# A filter typed into the bar once the file is read shows what sniff -r FILE -Y shows,
# also on what the index does not keep: the analysis flags of the analysis tests' cases,
# Dup ACK numbers, ACK round-trip times, the echo check, the TCP states, frame times.
# (tests/test_tui_model.sh compares the frames themselves, for many more filters.)
barcheck() { # NAME FILE FILTER
    _n=$("$sniff" -r "$2" --all 2>/dev/null | tail -n +2 | wc -l)
    _k=$("$sniff" -r "$2" --all -Y "$3" 2>/dev/null | tail -n +2 | wc -l)
    if [ "$_k" -eq 0 ] || [ "$_k" -ge "$_n" ]; then
        bad "$1: -Y '$3' shows $_k of $_n packets: the check would tell nothing"
        return
    fi
    start bar 120 40 --tui --all -r "$2"
    expect bar "read in " "$1: read"
    keys bar '\' "$3" Enter
    expect bar "filter applied: $_k of $_n packets shown" "$1: the bar's '$3' shows -Y's packets"
    quit_ok bar "$1: the bar"
}
if [ -n "$cases" ]; then
    mkdir "$tmp/cases"
    chmod 755 "$tmp/cases"
    "$cases" -w "$tmp/cases" >/dev/null
    barcheck retrans.pcap "$tmp/cases/retrans.pcap" 'tcp.analysis.retransmission'
    barcheck dupack.pcap "$tmp/cases/dupack.pcap" 'tcp.analysis.duplicate_ack_num >= 2'
    barcheck lost.pcap "$tmp/cases/lost.pcap" 'tcp.analysis.flags && !tcp.analysis.window_update'
fi
barcheck mismatch.pcap "$src/captures/mismatch.pcap" 'echo.verdict == "mismatch" || echo.rtt > 0.0002'
barcheck large-transfer.pcap "$src/captures/large-transfer.pcap" 'tcp.analysis.ack_rtt > 0.00005'
barcheck large-transfer.pcap "$src/captures/large-transfer.pcap" 'tcp.analysis.bytes_in_flight > 100000'
barcheck concurrent.pcap "$src/captures/concurrent.pcap" 'tcp.state.client == "TIME-WAIT"'
barcheck concurrent.pcap "$src/captures/concurrent.pcap" 'frame.time_delta > 0.001 && tcp.stream == 2'
# A pcapng file is read without its comments: the bar says so rather than show nothing.
if command -v editcap >/dev/null 2>&1 &&
    editcap -F pcapng "$src/captures/echo-lo.pcap" "$tmp/e.pcapng" 2>/dev/null; then
    start bar 120 40 --tui -r "$tmp/e.pcapng"
    expect bar "read in " "pcapng: read"
    keys bar '\' 'frame.comment contains "x"'
    expect bar "reads a pcapng file without its comments" "pcapng: the bar refuses frame.comment"
    keys bar Escape
    quit_ok bar "pcapng: the bar"
fi

# ---- go to, search, problems, byte to field ----
start nav 100 30 --tui -r "$src/captures/mismatch.pcap"
expect nav "Packets: 11 |" "mismatch: opened"
keys nav g 9 Enter
expect nav "No. 9 |" "g 9 goes to packet 9"
expect nav "ECHO MISMATCH at byte 19 of conn #0" "the annotation of packet 9"
keys nav g 99 Enter
expect nav "packet 99 is not in the capture" "g past the end"
keys nav Home ']'
expect nav "No. 8 |" "] goes to the first problem (bytes the server sent ahead differ)"
keys nav ']'
expect nav "No. 9 |" "] again: the next (the echo that differs)"
keys nav '['
expect nav "No. 8 |" "[ goes back"
keys nav / 'RST, ACK' Enter
expect nav "found 'RST, ACK' in packet 11" "/ searches the list"
keys nav Tab Tab Right Right Right Enter
expect nav "- Ethernet II" "a byte selects its field (the Ethernet header opens)"
quit_ok nav "navigation"

# ---- --step, --quiz ----
start step 100 30 --tui --step -r "$src/captures/echo-lo.pcap"
expect step "Step: 1 shown" "--step shows one packet"
absent step "      2 0.000010" "--step hides the second"
keys step Space Space
expect step "Step: 3 shown" "Space shows the next"
expect step "      3 0.000020" "the third row"
absent step "      4 0.491685" "the fourth is still hidden"
expect step "handshake 3/3" "the third packet's annotation"
quit_ok step "--step"

start quiz 100 30 --tui --quiz -r "$src/captures/echo-lo.pcap"
expect quiz "Quiz: which socket call made this packet" "--quiz hides the annotation"
absent quiz "[Connection model" "--quiz hides the model's states"
keys quiz Space
expect quiz "handshake 1/3: the client's connect() sends SYN" "Space shows the answer"
expect quiz "[Connection model" "and the model's lines"
keys quiz Space
expect quiz "No. 2 |" "Space again: the next packet"
expect quiz "Quiz: which socket call" "its answer hidden"
quit_ok quiz "--quiz"

# ---- sizes, NO_COLOR ----
start size 100 30 --tui -r "$src/captures/echo-lo.pcap"
expect size "Packets: 13 |" "opened for resizing"
# resize COLS ROWS: the window resized; the key hints redrawn on its last line.
resize() {
    T resize-window -t size -x "$1" -y "$2"
    i=0
    until screen size | sed -n "$2p" | grep -q '^?Help ^FFilter'; do
        if [ $i -ge 100 ]; then
            bad "$1x$2: the key hints are not on line $2: '$(screen size | sed -n "$2p")'"
            return
        fi
        sleep 0.1
        i=$((i + 1))
    done
    ok
}
resize 80 24
expect size " Packet details" "80x24: the detail pane"
expect size "0000  " "80x24: the bytes pane"
expect size "conn #0, handshake 1/3" "80x24: the annotation"
resize 200 60
expect size "MSS=65495 SACK_PERM TSval=615538511 TSecr=0 WS=1024" "200x60: the whole Info column"
quit_ok size "resize"

start color 100 30 --tui -r "$src/captures/echo-lo.pcap"
expect color "Packets: 13 |" "colour: opened"
if T capture-pane -e -p -t color | grep -q "$(printf '\033')\[[0-9;]*3[1-6]m"; then ok; else bad "no colour without NO_COLOR"; fi
quit_ok color "colour"
XENV=NO_COLOR=1 start nocolor 100 30 --tui -r "$src/captures/echo-lo.pcap"
expect nocolor "Packets: 13 |" "NO_COLOR: opened"
if T capture-pane -e -p -t nocolor | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m"; then
    bad "NO_COLOR: colours on the screen"
else
    ok
fi
quit_ok nocolor "NO_COLOR"

# ---- not a terminal ----
T kill-session -t dumb 2>/dev/null
T new-session -d -s dumb -x 100 -y 10 \
    "env TERM=dumb $sniff --tui -r $src/captures/echo-lo.pcap; echo EXIT=\$?; sleep 30"
expect dumb "needs a terminal that can move the cursor, and TERM is 'dumb'" "TERM=dumb refused"
expect dumb "EXIT=2" "TERM=dumb: exit status 2"
out=$("$sniff" --tui -r "$src/captures/echo-lo.pcap" 2>&1 </dev/null | cat)
rc=$("$sniff" --tui -r "$src/captures/echo-lo.pcap" </dev/null >/dev/null 2>&1; echo $?)
case "$out" in *"--tui draws on a terminal, and standard output is not one"*) ok ;; *) bad "a pipe: '$out'" ;; esac
[ "$rc" = 2 ] && ok || bad "a pipe: exit status $rc, not 2"
T kill-session -t pipe 2>/dev/null
T new-session -d -s pipe -x 100 -y 10 \
    "cat $src/captures/echo-lo.pcap | $sniff --tui -r - ; echo EXIT=\$?; sleep 30"
expect pipe "save it to a file first and give that to -r" "-r - from a pipe refused"
expect pipe "EXIT=2" "-r - from a pipe: exit status 2"

# ---- live, beside a real echo exchange on lo ----
if [ "$(id -u)" = 0 ]; then
    # the kernel picks the port: a port of our choosing could be another test's
    timeout --foreground -k 5 90 "$server" -q -b 127.0.0.1 -p 0 --port-file "$tmp/port" \
        >/dev/null 2>"$tmp/server.err" &
    spid=$!
    i=0
    while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    port=$(cat "$tmp/port" 2>/dev/null)
    start live 120 30 --tui -i lo --port "$port" -w "$tmp/live.pcap"
    expect live "live lo |" "live: the status bar"
    tpid=$(T display-message -p -t live '#{pane_pid}')
    spid_sniff=$(pgrep -s "$tpid" -x sniff | head -1) # tmux made the pane a session
    if [ -n "$spid_sniff" ]; then
        grep -q "^Uid:[[:space:]]*$(id -u nobody)" /proc/"$spid_sniff"/status && ok ||
            bad "live: root not dropped: $(grep ^Uid: /proc/"$spid_sniff"/status)"
        grep -q "^Seccomp:[[:space:]]*2$" /proc/"$spid_sniff"/status && ok ||
            bad "live: no seccomp filter"
    else
        bad "live: no sniff process under the pane"
    fi
    sleep 0.5
    (printf 'hello tui\n'; sleep 0.3; printf 'second line\n'; sleep 0.3) |
        timeout 20 "$client" 127.0.0.1 "$port" >"$tmp/echo.out" 2>&1
    expect live "[PSH, ACK]" "live: the echo's packets arrive"
    expect live "Seq=11 Ack=23" "live: the echo of the second line"
    expect live "captured " "live: the capture statistics"
    expect live "conn #0 is closed" "live: the selection follows the new packets (the last)"
    quit_ok live "live"
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
    got=$("$sniff" -r "$tmp/live.pcap" --port "$port" 2>/dev/null | grep -c 'PSH, ACK')
    [ "$got" -ge 4 ] && ok || bad "live: -w saved $got data segments, not 4"
else
    echo "note: not root, no live session"
fi

# ---- hostile captures and the fuzz corpus, toured ----
mkdir "$tmp/h"
chmod 755 "$tmp/h"
"$hostile" "$tmp/h" >/dev/null
for f in "$tmp"/h/* "$src"/fuzz/seeds/pcap/*; do
    b=$(basename "$f")
    start tour 80 24 --tui --all -r "$f"
    # keys typed before the UI is up could be lost: wait for it (or for its refusal)
    wait_for tour "Packets:" 20 || true
    keys tour End ']' '[' Tab e Tab Right Right Enter f Escape l Escape c Enter Home
    keys tour '\' 'tcp' Enter q
    st=$(dead_status tour)
    if [ "$st" = running ]; then
        # q in a view or a prompt the tour left open goes back first: once more
        keys tour Escape
        keys tour q
        st=$(dead_status tour)
    fi
    case "$st" in
    0 | 1 | 2) ok ;;
    *)
        bad "$b: the tour ended with '$st'"
        screen tour | sed 's/^/    | /'
        ps -o pid,stat,time,args -s "$(T display-message -p -t tour '#{pane_pid}')" | sed 's/^/    /'
        ;;
    esac
done

tally_exit "TUI check"
