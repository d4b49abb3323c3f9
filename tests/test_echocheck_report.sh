#!/bin/sh
# test_echocheck_report.sh ECHOCHECK SNIFF FIXTURE-NUL FIXTURE-CUT8 ECHOSERVER [OPTION...]:
# echocheck's outputs, as root (77 otherwise).
#   - -T json and --gradescope on echo_nul, with --weights, parsed by Python's json module
#     and checked field by field (tests/echocheck/check_report.py);
#   - the saved captures opened by tshark: the failing bytes are in them (the NUL after
#     the line; the 8 bytes of a line cut at 8);
#   - the text report: colour when asked, none otherwise, and with NO_COLOR;
#   - --connect to an echoserver already running on this host's loopback.
set -eu
echocheck=$1 sniff=$2 nul=$3 cut8=$4 server=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/echocheck/lib.sh"
need_root "namespaces and captures"
command -v tshark >/dev/null || { echo "skipped: no tshark"; exit 77; }
spid=""
at_exit='[ -z "$spid" ] || kill "$spid" 2>/dev/null || true'
mkdir "$tmp/out" "$tmp/out2"
cp "$nul" "$cut8" "$tmp/"
nul=$tmp/$(basename "$nul") cut8=$tmp/$(basename "$cut8")
ck() { timeout --foreground -k 5 200 "$echocheck" --sniff "$sniff" "$@"; }

# A stale FAIL file of a test that passes is removed.
: >"$tmp/out/FAIL-two_clients.pcap"
printf '# points per test\none_line 2.5  # twice and a half\nhealth 0.5\n' >"$tmp/weights"
rc=0
ck -T json -o "$tmp/out" --gradescope "$tmp/results.json" --weights "$tmp/weights" \
    --cpu 20 --files 512 -j 2 -t one_line,binary,two_clients,health "$@" -- "$nul" %PORT% \
    >"$tmp/report.json" || rc=$?
[ "$rc" = 1 ] || fail "exit status $rc with a failing test"
memory=4096 # --memory's default, unless the options given say otherwise
for o in "$@"; do case $o in --memory=*) memory=${o#--memory=} ;; esac; done
python3 "$here/echocheck/check_report.py" "$tmp/report.json" "$tmp/results.json" "$tmp/out" "$memory"

# The captures hold the failing bytes, as tshark reads them.
payload=$(tshark -r "$tmp/out/FAIL-one_line.pcap" -Y 'tcp.srcport == 15213 && tcp.len > 0' \
    -T fields -e tcp.payload 2>/dev/null | tr -d ':\n')
case $payload in
*6d6573736167650a00) ;; # "message\n\0"
*) fail "tshark: the server's bytes in FAIL-one_line.pcap are '$payload', not ending in the NUL" ;;
esac
ck -T json -o "$tmp/out2" -t one_line "$@" -- "$cut8" %PORT% >"$tmp/cut8.json" || true
payload=$(tshark -r "$tmp/out2/FAIL-one_line.pcap" -Y 'tcp.srcport == 15213 && tcp.len > 0' \
    -T fields -e tcp.payload 2>/dev/null | tr -d ':\n')
[ "$payload" = 68656c6c6f2c2065 ] ||
    fail "tshark: the server's bytes in the cut-at-8 capture are '$payload', not 'hello, e'"
echo "ok: tshark reads the failing bytes in the saved captures"

# Colour on request only.
ck --color=always -o "$tmp/out2" -t one_line "$@" -- "$cut8" %PORT% >"$tmp/c1" || true
grep -q "$(printf '\033')\[1;31mFAIL" "$tmp/c1" || fail "--color=always: no red FAIL"
ck --color=never -o "$tmp/out2" -t one_line "$@" -- "$cut8" %PORT% >"$tmp/c2" || true
NO_COLOR=1 ck -o "$tmp/out2" -t one_line "$@" -- "$cut8" %PORT% >"$tmp/c3" || true
! grep -q "$(printf '\033')" "$tmp/c2" "$tmp/c3" || fail "colour with --color=never or NO_COLOR"
grep -q "likely cause   echo cut at 8 bytes, a buffer's size" "$tmp/c2" || fail "text report"
echo "ok: the text report, coloured only on request"

# --connect: a server this host already runs on loopback (a free port from the kernel).
timeout --foreground -k 5 120 "$server" -q -p 0 --port-file "$tmp/port" &
spid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$tmp/port")
ck -T json -o "$tmp/out2" --connect "127.0.0.1:$port" -t one_line,two_clients,health "$@" \
    >"$tmp/connect.json" || fail "--connect to echoserver: exit $?"
python3 - "$tmp/connect.json" "$port" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["server"]["mode"] == "connect" and r["server"]["command"] is None, r["server"]
assert r["server"]["connect"] == "127.0.0.1:" + sys.argv[2], r["server"]
assert [t["status"] for t in r["tests"]] == ["pass"] * 3, r["tests"]
assert "descriptors" in r["tests"][2]["summary"], r["tests"][2]["summary"]
PY
kill -0 "$spid" || fail "the --connect server died"
echo "ok: --connect to a running server"
