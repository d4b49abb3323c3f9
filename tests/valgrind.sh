#!/bin/sh
# valgrind.sh: valgrind memcheck on the sniffer and on an echo session; zero errors and
# zero leaks wanted.
#
#   valgrind.sh SNIFF ECHOSERVER ECHOCLIENT GEN_HOSTILE
#
# Runs, each under memcheck (--leak-check=full, definite/indirect/possible leaks counted
# as errors, --error-exitcode=99, every process bounded by timeout):
#   sniff --all -r FILE      for every file in captures/ (the packet list), and with -V -x
#                            for those under 2 MB
#   sniff --all -V -x -r F   for every hostile capture of gen_hostile (broken files)
#   an echo session          echoserver, then echoclient --verify sending 200 lines and
#                            a 256 KiB stream, then SIGTERM to the server
# Binaries of a sanitizer build cannot run under valgrind: give the plain build's. Exits
# 77 (skipped) without valgrind. Ends with "N passed, N failed".
set -u

sniff=${1:?usage: valgrind.sh SNIFF ECHOSERVER ECHOCLIENT GEN_HOSTILE}
server=${2:?}
client=${3:?}
gen=${4:?}
top=$(cd "$(dirname "$0")/.." && pwd)

command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
spid=
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$tmp" # sniff drops root to nobody after opening its file

pass=0
fail=0
vg() { # LOG CMD...: memcheck, bounded
    log=$1
    shift
    timeout -k 5 300 valgrind --tool=memcheck --vgdb=no --leak-check=full \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        --track-fds=no --log-file="$log" "$@"
}
verdict() { # NAME STATUS LOG [ALLOWED_STATUS]: pass unless memcheck complained
    name=$1 st=$2 log=$3 allowed=${4:-0}
    errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
    lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
    if [ "$st" = "$allowed" ] && [ "${errs:-x}" = 0 ]; then
        echo "ok: $name (0 errors, definitely lost ${lost:-0} bytes)"
        pass=$((pass + 1))
    else
        echo "FAIL: $name: exit status $st (wanted $allowed), ${errs:-?} errors; memcheck says:"
        grep -E '==[0-9]+== (Invalid|Conditional|Use of|Syscall param|[0-9,]+ bytes in|   (at|by) )' "$log" | head -n 20
        fail=$((fail + 1))
    fi
}

# ---- the sniffer on captures/ ----
# --no-sandbox: valgrind runs the program on its own translations, in executable memory
# the seccomp filter would refuse it.
n=0
for f in "$top"/captures/*.pcap "$top"/captures/*.pcapng; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    b=$(basename "$f")
    vg "$tmp/vg.$b.log" "$sniff" --no-sandbox --all -n -r "$f" >/dev/null 2>&1
    verdict "sniff -r captures/$b" $? "$tmp/vg.$b.log"
    if [ "$(wc -c <"$f")" -lt 2097152 ]; then
        vg "$tmp/vgV.$b.log" "$sniff" --no-sandbox --all -n -V -x -r "$f" >/dev/null 2>&1
        verdict "sniff -V -x -r captures/$b" $? "$tmp/vgV.$b.log"
    fi
done
[ $n -gt 0 ] || echo "note: no capture files in captures/ yet"

# ---- the sniffer on the hostile captures (exit 1 expected for files cut short) ----
"$gen" "$tmp/hostile" >/dev/null || { echo "FAIL: gen_hostile"; exit 1; }
for f in "$tmp"/hostile/*.pcap; do
    b=$(basename "$f" .pcap)
    want=0
    case "$b" in cut_* | huge_caplen) want=1 ;; esac
    vg "$tmp/vgh.$b.log" "$sniff" --no-sandbox --all -n -V -x -r "$f" >/dev/null 2>&1
    verdict "sniff -V -x -r hostile/$b" $? "$tmp/vgh.$b.log" $want
done

# ---- an echo session ----
vg "$tmp/vg.server.log" "$server" -b 127.0.0.1 -p 0 -q --port-file "$tmp/port" 2>/dev/null &
spid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 300 ]; do # valgrind starts slowly
    sleep 0.1
    i=$((i + 1))
done
port=$(cat "$tmp/port" 2>/dev/null)
if [ -z "$port" ]; then
    echo "FAIL: echoserver under valgrind did not start"
    fail=$((fail + 1))
else
    i=0
    while [ $i -lt 200 ]; do
        echo "line $i of the valgrind echo session"
        i=$((i + 1))
    done >"$tmp/lines"
    head -c 262144 /dev/urandom >"$tmp/blob"
    vg "$tmp/vg.client1.log" "$client" --verify --lines -t 30 127.0.0.1 "$port" <"$tmp/lines" >/dev/null 2>&1
    verdict "echoclient --verify --lines (200 lines)" $? "$tmp/vg.client1.log"
    vg "$tmp/vg.client2.log" "$client" --verify --stream -t 30 127.0.0.1 "$port" <"$tmp/blob" >/dev/null 2>&1
    verdict "echoclient --verify --stream (256 KiB)" $? "$tmp/vg.client2.log"
    # SIGTERM to the server itself (valgrind runs it in its own process, the child of
    # the timeout wrapper): its clean shutdown, then valgrind's leak check.
    kill -TERM "$(pgrep -P "$spid" | head -n 1)"
    wait "$spid"
    st=$?
    spid=
    verdict "echoserver (the whole session, SIGTERM)" $st "$tmp/vg.server.log"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
