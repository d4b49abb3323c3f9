#!/bin/sh
# test_sniff_live.sh SNIFF [ECHOSERVER ECHOCLIENT]: a live capture on lo while an echo
# server and client talk on a free port (ours when given, else socat). Checks: the
# handshake, both data segments and the FIN are printed; SIGINT stops sniff cleanly with
# the statistics line and a valid -w file that sniff -r and tcpdump -r read back as the
# same packets; root is dropped (to nobody, to -Z USER, to the sudo caller) with the
# process's ids, capability sets (bounding set included), no_new_privs and the -w
# file's owner and mode (0600) and the seccomp filter checked; without privilege the error names
# CAP_NET_RAW and exits 2. A fourth capture writes -w without printing (no immediate
# mode, a 32 MiB ring): its file holds the session while it still runs (flushed per
# block) and, after SIGINT, exactly the packets it says it captured, the same as the
# printing capture's. Needs root: otherwise skipped (exit 77).
set -eu

sniff=${1:?usage: test_sniff_live.sh SNIFF [ECHOSERVER ECHOCLIENT]}
server=${2:-}
client=${3:-}
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: live capture needs root (CAP_NET_RAW); run the tests with sudo to include it"
    exit 77
fi
for tool in python3 pgrep; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is needed"; exit 77; }
done
if [ -z "$server" ] && ! command -v socat >/dev/null 2>&1; then
    echo "SKIP: neither the echo programs nor socat to talk over lo"
    exit 77
fi

# shellcheck source=tests/script_lib.sh
. "$(dirname "$0")/script_lib.sh"
tmp=$(mktemp -d)
# sniff opens -w files as the user it becomes under -Z and sudo (daemon here), as root
# when root ran it: every one of them must be able to create its file here.
chmod 1777 "$tmp"
pids=""
cleanup() {
    kill_pids
    rm -rf "$tmp"
}
trap cleanup EXIT
fails=0

# A free port (not 15213: tests may run in parallel with a real lab session).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# start_sniff NAME ARGS...: a capture of the port, written to NAME.pcap and printed.
start_sniff() {
    name=$1
    shift
    # --foreground: timeout signals only sniff, not the whole process group (which holds
    # the other captures of this script too).
    timeout --foreground 60 "$@" -i lo --port "$port" -w "$tmp/$name.pcap" --print \
        >"$tmp/$name.out" 2>"$tmp/$name.err" &
    last_pid=$!
    pids="$pids $last_pid"
    wait_grep "$tmp/$name.err" "listening on" && return 0
    cat "$tmp/$name.err"
    fail "sniff ($name) did not start"
    exit 1
}

start_sniff main "$sniff"
main_pid=$last_pid
# $! is timeout's pid; sniff is its child.
sniff_pid=$(pgrep -P "$main_pid" | head -1)
[ -n "$sniff_pid" ] || { fail "cannot find sniff's process"; exit 1; }
start_sniff user "$sniff" -Z daemon
user_pid=$last_pid
start_sniff sudo env SUDO_UID="$(id -u daemon)" SUDO_GID="$(id -g daemon)" "$sniff"
sudo_pid=$last_pid
# -w alone: nothing printed, packets handed over in blocks.
timeout --foreground 60 "$sniff" -i lo --port "$port" -w "$tmp/quiet.pcap" \
    >"$tmp/quiet.out" 2>"$tmp/quiet.err" &
quiet_pid=$!
pids="$pids $quiet_pid"
wait_grep "$tmp/quiet.err" "listening on" || fail "sniff -w alone did not start: $(cat "$tmp/quiet.err")"
# The ring it really got (ss shows the packet socket's TPACKET ring): -B's default with -w.
if command -v ss >/dev/null 2>&1; then
    qpid=$(pgrep -P "$quiet_pid" | head -1)
    ring=$(ss -0 -e -p 2>/dev/null | awk -v pid="pid=$qpid," 'index($0, pid) { w = 1; next }
        w && /ring_rx/ { match($0, /blk_size:[0-9]+,blk_nr:[0-9]+/)
            split(substr($0, RSTART, RLENGTH), f, /[:,]/); print f[2] * f[4]; exit }')
    [ -z "$ring" ] || [ "$ring" = 33554432 ] || fail "sniff -w ring is $ring bytes, not 32 MiB"
fi

# The ids of the running capture, from /proc: all four uids and gids are nobody's.
for what in Uid Gid; do
    want=$(id -u nobody)
    [ $what = Gid ] && want=$(id -g nobody)
    line=$(grep "^$what:" /proc/"$sniff_pid"/status | tr -s ' \t' ' ')
    [ "$line" = "$what: $want $want $want $want" ] || fail "after the drop: $line"
done
for what in CapInh CapPrm CapEff CapBnd CapAmb; do
    grep -q "^$what:[[:space:]]*0*$" /proc/"$sniff_pid"/status ||
        fail "capabilities left: $(grep "^$what:" /proc/"$sniff_pid"/status)"
done
grep -q "^NoNewPrivs:[[:space:]]*1$" /proc/"$sniff_pid"/status ||
    fail "no_new_privs not set: $(grep NoNewPrivs /proc/"$sniff_pid"/status)"
# The parsing loop runs under its seccomp filter (mode 2), unless --no-sandbox.
grep -q "^Seccomp:[[:space:]]*2$" /proc/"$sniff_pid"/status ||
    fail "no seccomp filter: $(grep Seccomp /proc/"$sniff_pid"/status)"
grep -q "sniff: dropped privileges to nobody" "$tmp/main.err" || fail "no drop message"
grep -q "sniff: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes, filter 'tcp port $port'" \
    "$tmp/main.err" || fail "listening line: $(cat "$tmp/main.err")"
grep -q "sniff: dropped privileges to daemon" "$tmp/user.err" || fail "-Z daemon: $(cat "$tmp/user.err")"
grep -q "sniff: dropped privileges to daemon" "$tmp/sudo.err" || fail "SUDO_UID: $(cat "$tmp/sudo.err")"

# The echo session: two lines sent apart, so they are two segments each way.
if [ -n "$server" ]; then
    echo_session "$port" 0.5 'here is a message' 'and another one' ||
        fail "echoclient failed: $(cat "$tmp/client.err")"
else
    timeout 30 socat TCP-LISTEN:"$port",bind=127.0.0.1,reuseaddr EXEC:cat >/dev/null &
    pids="$pids $!"
    sleep 0.5
    (printf 'here is a message\n'; sleep 0.5; printf 'and another one\n'; sleep 0.5) |
        timeout 20 socat - TCP:127.0.0.1:"$port" >"$tmp/echo.out" || fail "socat client failed"
fi
grep -q "and another one" "$tmp/echo.out" || fail "no echo came back"
sleep 0.5
# The quiet capture's file already holds the session (its blocks time out after 250 ms).
[ "$(stat -c %s "$tmp/quiet.pcap")" -gt 24 ] || fail "sniff -w alone: no packet in its file while it runs"

# Stop: SIGINT for two, SIGTERM for one, sent to sniff itself (timeout would pass them
# on); each exits 0 with the statistics line.
kill -INT "$sniff_pid"
kill -INT "$(pgrep -P "$user_pid" | head -1)"
kill -TERM "$(pgrep -P "$sudo_pid" | head -1)"
kill -INT "$(pgrep -P "$quiet_pid" | head -1)"
for name in main user sudo quiet; do
    eval pid=\$${name}_pid
    rc=0
    wait "$pid" || rc=$?
    [ $rc -eq 0 ] || fail "sniff ($name) exited $rc: $(cat "$tmp/$name.err")"
    grep -Eq '^[0-9]+ packets captured, [0-9]+ received by filter, [0-9]+ dropped by kernel$' \
        "$tmp/$name.err" || fail "no statistics line ($name)"
done

out=$tmp/main.out
c2s="[0-9]+ > $port"
s2c="$port > [0-9]+"
grep -Eq " $c2s \[SYN\] Seq=0 Win=[0-9]+ Len=0 MSS=" "$out" || fail "no SYN"
grep -Eq " $s2c \[SYN, ACK\] Seq=0 Ack=1 " "$out" || fail "no SYN, ACK"
grep -Eq " $c2s \[ACK\] Seq=1 Ack=1 " "$out" || fail "no handshake ACK"
grep -Eq " $c2s \[PSH, ACK\] Seq=1 Ack=1 Win=[0-9]+ Len=18 " "$out" || fail "no first data segment"
grep -Eq " $c2s \[PSH, ACK\] Seq=19 Ack=19 Win=[0-9]+ Len=16 " "$out" || fail "no second data segment"
grep -Eq " $s2c \[PSH, ACK\] Seq=1 Ack=19 Win=[0-9]+ Len=18 " "$out" || fail "no first echo"
grep -Eq "\[FIN, ACK\]" "$out" || fail "no FIN"
[ $fails -eq 0 ] || sed 's/^/    /' "$out"

# The -w file: created by the user who ran sniff (root here; daemon with -Z daemon and
# as sudo's caller), private, and read back the same by sniff and tcpdump.
for f in main:root user:daemon sudo:daemon quiet:root; do
    got=$(stat -c '%U %a' "$tmp/${f%%:*}.pcap")
    [ "$got" = "${f#*:} 600" ] || fail "${f%%:*}.pcap: owner and mode $got, wanted ${f#*:} 600"
done
"$sniff" -r "$tmp/main.pcap" --port "$port" >"$tmp/reread.out" 2>"$tmp/reread.err" ||
    fail "sniff -r of the -w file failed: $(cat "$tmp/reread.err")"
cmp -s "$out" "$tmp/reread.out" || {
    fail "live output and sniff -r of the -w file differ"
    diff "$out" "$tmp/reread.out" | head -20
}
for name in user sudo; do
    "$sniff" -r "$tmp/$name.pcap" --port "$port" 2>/dev/null | cut -c1-7 >"$tmp/$name.nos"
    cut -c1-7 "$out" | cmp -s - "$tmp/$name.nos" || fail "$name.pcap holds other packets"
done
if command -v tcpdump >/dev/null 2>&1; then
    n_ours=$(($(wc -l <"$out") - 1))
    n_tcpdump=$(tcpdump -nn -r "$tmp/main.pcap" 2>/dev/null | wc -l)
    [ "$n_ours" -eq "$n_tcpdump" ] || fail "tcpdump reads $n_tcpdump packets, sniff printed $n_ours"
    tcpdump -nn -r "$tmp/main.pcap" 2>/dev/null | grep -q "Flags \[S\]" || fail "tcpdump sees no SYN"
    # -w alone: every packet it counted is in its file, and they are the session's.
    n_quiet=$(sed -n 's/^\([0-9]*\) packets captured,.*/\1/p' "$tmp/quiet.err")
    n_qfile=$(tcpdump -nn -r "$tmp/quiet.pcap" 2>/dev/null | wc -l)
    [ "$n_quiet" = "$n_qfile" ] || fail "sniff -w alone counted $n_quiet packets, its file holds $n_qfile"
    [ "$n_qfile" -eq "$n_ours" ] || fail "sniff -w alone wrote $n_qfile packets, the printing capture $n_ours"
fi

# Ctrl-C right after the traffic, before the kernel has handed over the ring block that
# holds it (-w alone: blocks time out after 250 ms): the frames already captured are
# read before sniff exits, so the file holds the whole exchange. (Before, such a sniff
# exited with "0 packets captured, 20 received by filter".)
timeout --foreground 60 "$sniff" -i lo --port "$port" -w "$tmp/drain.pcap" \
    >"$tmp/drain.out" 2>"$tmp/drain.err" &
drain_pid=$!
pids="$pids $drain_pid"
wait_grep "$tmp/drain.err" "listening on" || true
printf 'drain me\n' | timeout 10 socat -t 2 - "TCP:127.0.0.1:$port" >/dev/null 2>&1 || true
kill -INT "$(pgrep -P "$drain_pid" | head -1)"
wait "$drain_pid" 2>/dev/null || true
n_drain=$(tcpdump -nn -r "$tmp/drain.pcap" 2>/dev/null | wc -l)
[ "$n_drain" -ge 2 ] || fail "Ctrl-C right after the traffic: the file holds $n_drain packets: $(tail -1 "$tmp/drain.err")"
grep -q "^$n_drain packets captured" "$tmp/drain.err" ||
    fail "Ctrl-C right after the traffic: the file holds $n_drain packets, sniff said: $(tail -1 "$tmp/drain.err")"

# Without privilege: the error names CAP_NET_RAW and the fixes, exit 2.
if ! command -v setpriv >/dev/null 2>&1; then
    echo "skip: CAP_NET_RAW error check (no setpriv)"
elif ! setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups "$sniff" --version >/dev/null 2>&1; then
    echo "skip: CAP_NET_RAW error check (user nobody cannot run $sniff here: a parent directory is closed to other users)"
else
    rc=0
    timeout 10 setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups \
        --inh-caps=-all --bounding-set=-all "$sniff" -i lo >/dev/null 2>"$tmp/perm.err" || rc=$?
    [ $rc -eq 2 ] || fail "unprivileged capture exited $rc"
    grep -q "CAP_NET_RAW" "$tmp/perm.err" || fail "no CAP_NET_RAW in: $(cat "$tmp/perm.err")"
    grep -q "sudo" "$tmp/perm.err" && grep -q "setcap" "$tmp/perm.err" || fail "no fix named"
fi
# A missing interface is a usage error.
rc=0
timeout 10 "$sniff" -i nosuchif0 >/dev/null 2>"$tmp/nodev.err" || rc=$?
[ $rc -eq 2 ] || fail "-i nosuchif0 exited $rc: $(cat "$tmp/nodev.err")"

fails_exit
echo "ok"
