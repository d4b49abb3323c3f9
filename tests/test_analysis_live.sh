#!/bin/sh
# test_analysis_live.sh GEN: real TCP on lo, captured by dumpcap (or tcpdump), analysed
# by sniff's decoders and analysis engine through `GEN -A FILE PORT`
# (tests/gen_tcp_cases.c). Echo servers that misbehave on purpose are Python fixtures:
#   P+0 a correct echo server        P+1 truncates each echo to its 8-byte buffer
#   P+2 writes a NUL over the last byte   P+3 loses the tail (echoes half, then closes)
#   P+4 nothing listening (connection refused)
#   P+5 a correct server with 16 concurrent clients, and a client that stops reading
#       (its receive buffer fills: zero window) during a 1 MB echo
# Each scenario's annotations and verdicts are asserted; then the analysis flags of the
# whole capture must equal tshark's, frame by frame. Skipped (exit 77) when this user
# cannot capture on lo.
set -eu
gen=$1
# shellcheck source=tests/tcp_cases_lib.sh
. "$(dirname "$0")/tcp_cases_lib.sh"
# shellcheck source=tests/script_lib.sh
. "$(dirname "$0")/script_lib.sh"
dir=$(mktemp -d)
cap=$dir/live.pcap
capture_pid=
fixture_pid=
cleanup() {
    [ -n "$fixture_pid" ] && kill "$fixture_pid" 2>/dev/null || true
    [ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null || true
    [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"
}
trap cleanup EXIT
# A block of 6 ports below the ephemeral ranges, from the pid (tests run in parallel).
P=$((10000 + ($$ % 3000) * 6))

if command -v dumpcap >/dev/null 2>&1; then
    dumpcap -q -B 64 -i lo -f "tcp portrange $P-$((P + 5))" -w "$cap" -P >"$dir/cap.log" 2>&1 &
elif command -v tcpdump >/dev/null 2>&1; then
    tcpdump -i lo -U -w "$cap" "tcp portrange $P-$((P + 5))" >"$dir/cap.log" 2>&1 &
else
    echo "SKIP: neither dumpcap nor tcpdump"
    exit 77
fi
capture_pid=$!
# The capture is open once the file has its header.
wait_file "$cap" 5 || true
if [ ! -s "$cap" ] || ! kill -0 "$capture_pid" 2>/dev/null; then
    echo "SKIP: cannot capture on lo here:"
    cat "$dir/cap.log"
    exit 77
fi
sleep 0.3

python3 - "$P" >"$dir/fixtures.log" 2>&1 <<'PY' &
import socket, sys, threading
base = int(sys.argv[1])
def serve(port, mode):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(64)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c, mode), daemon=True).start()
def handle(c, mode):
    with c:
        while True:
            d = c.recv(8 if mode == "trunc" else 65536)
            if not d:
                return
            if mode == "trunc":
                c.sendall(d)               # at most 8 bytes of the line...
                while len(d) == 8 and not d.endswith(b"\n"):
                    d = c.recv(8)          # ...the rest is read and dropped
                    if not d:
                        return
            elif mode == "nul":
                c.sendall(d[:-1] + b"\0")
            elif mode == "tail":
                c.sendall(d[: len(d) // 2])
                return                     # close: the tail is lost
            else:
                c.sendall(d)
for port, mode in ((base, "ok"), (base + 1, "trunc"), (base + 2, "nul"), (base + 3, "tail"),
                   (base + 5, "ok")):
    threading.Thread(target=serve, args=(port, mode), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
PY
fixture_pid=$!
i=0
while ! grep -qs ready "$dir/fixtures.log" && [ $i -lt 300 ]; do
    sleep 0.1
    i=$((i + 1))
done

python3 - "$P" <<'PY'
import socket, sys, threading, time
base = int(sys.argv[1])
def session(port, lines):
    s = socket.create_connection(("127.0.0.1", port))
    for line in lines:
        s.sendall(line)
        time.sleep(0.05)
        try:
            s.settimeout(0.5)
            s.recv(65536)
        except OSError:
            pass
    time.sleep(0.05)
    s.close()
    time.sleep(0.1)
session(base, [b"here is a message\n", b"this is another message\n"])
session(base + 1, [b"here is a message\n", b"second\n"])
session(base + 2, [b"here is a message\n"])
session(base + 3, [b"here is a message\n"])
try:
    socket.create_connection(("127.0.0.1", base + 4))
except ConnectionRefusedError:
    pass
ts = [threading.Thread(target=session, args=(base + 5, [b"client %d says hi\n" % k]))
      for k in range(16)]
for t in ts: t.start()
for t in ts: t.join()
# A client that stops reading: a small receive buffer, 2 MB sent, read only later.
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
s.connect(("127.0.0.1", base + 5))
blob = bytes((i * 7) % 251 for i in range(1024 * 1024))
def writer():
    s.sendall(blob)
w = threading.Thread(target=writer); w.start()
time.sleep(1.0)                     # not reading: the window closes
got = 0
s.settimeout(5)
while got < len(blob):
    d = s.recv(65536)
    if not d: break
    got += len(d)
w.join()
s.close()
time.sleep(0.3)
PY
sleep 0.5
kill "$capture_pid"
wait "$capture_pid" 2>/dev/null || true
capture_pid=

fail=0
expect() { # port, fixed string that must appear in GEN -A's output for that echo port
    if ! "$gen" -A "$cap" "$1" | grep -qF -- "$2"; then
        echo "FAIL (port $1): no line with: $2"
        fail=1
    fi
}
expect $P "the echo of request #1 (18/18 bytes), identical; echo latency"
expect $P "the echo of request #2 (24/24 bytes), identical; echo latency"
expect $P "requests 2: verified 2, mismatched 0, unchecked 0, unechoed 0"
expect $((P + 1)) "ECHO MISMATCH at byte 8 of conn #1: expected 'a' (61), got 's' (73)"
expect $((P + 1)) "requests 2: verified 0, mismatched 1, unchecked 0, unechoed 1"
expect $((P + 2)) "ECHO MISMATCH at byte 17 of conn #2: expected '\\n' (0a), got NUL (00)"
expect $((P + 3)) "ECHO INCOMPLETE in conn #3: the server echoed 9 of the 18 bytes the client sent"
expect $((P + 4)) "connection refused: no socket listens on 127.0.0.1:$((P + 4))"
expect $((P + 4)) "the client's connect() fails with ECONNREFUSED"
"$gen" -A "$cap" $((P + 5)) >"$dir/p5.txt"
n=$(grep -c "verified 1, mismatched 0, unchecked 0, unechoed 0" "$dir/p5.txt" || true)
if [ "$n" != 16 ]; then
    echo "FAIL: 16 concurrent clients verified, found $n"
    fail=1
fi
if ! grep -qF "[TCP ZeroWindow]" "$dir/p5.txt" ||
    ! grep -qF "zero window: the client's receive buffer is full" "$dir/p5.txt"; then
    echo "FAIL: no zero window from the client that stopped reading"
    fail=1
fi
# The last connection is the 1 MB one. Its byte counts include retransmissions; bytes
# the capture dropped (it can, at loopback speed) are unchecked, never mismatched.
big=$(grep "^conn #" "$dir/p5.txt" | tail -1)
if ! echo "$big" | grep -qE "requests [0-9]+: verified [0-9]+, mismatched 0, unchecked [0-9]+, unechoed 0" ||
    [ "$(echo "$big" | sed -E 's/.*bytes [0-9]+\/([0-9]+),.*/\1/')" -lt 1048576 ]; then
    echo "FAIL: the 1 MB echo is not verified: $big"
    fail=1
fi

if command -v tshark >/dev/null 2>&1; then
    "$gen" -a "$cap" "$P" >"$dir/ours"
    tshark_flags "$cap" >"$dir/tshark"
    if ! diff -u "$dir/tshark" "$dir/ours" >"$dir/diff"; then
        echo "FAIL: analysis flags differ from tshark's on the live capture:"
        head -40 "$dir/diff"
        fail=1
    else
        echo "ok: $(wc -l <"$dir/ours") frames, analysis flags identical to tshark's"
    fi
fi
[ "$fail" = 0 ] && echo "ok: live echo scenarios"
exit $fail
