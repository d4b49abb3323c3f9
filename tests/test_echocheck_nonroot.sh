#!/bin/sh
# test_echocheck_nonroot.sh ECHOCHECK SNIFF ECHOSERVER FIXTURE-NUL [OPTION...]: echocheck
# run by an unprivileged user (nobody, through setpriv, no capabilities): the server on
# 127.0.0.1, a free port per test with %PORT% (several tests at once) or one fixed port
# (one test at a time); no capture rights, so no captures, said and why, and the grading
# is the same. Needs root to become nobody (77 otherwise).
set -eu
echocheck=$1 sniff=$2 server=$3 nul=$4
shift 4
. "$(dirname "$0")/echocheck/lib.sh"
need_root "to become nobody"
command -v setpriv >/dev/null || { echo "skipped: no setpriv"; exit 77; }
mkdir -m 755 "$tmp/bin"
mkdir -m 777 "$tmp/t" "$tmp/out"
cp "$echocheck" "$sniff" "$server" "$nul" "$tmp/bin/"
b=$tmp/bin
as_nobody() {
    TMPDIR=$tmp/t timeout --foreground -k 5 200 setpriv --reuid="$(id -u nobody)" \
        --regid="$(id -g nobody)" --clear-groups --inh-caps=-all -- "$@"
}

rc=0
as_nobody "$b/echocheck" -T json --sniff "$b/sniff" -o "$tmp/out" "$@" -- \
    "$b/$(basename "$server")" -q -p %PORT% >"$tmp/all.json" || rc=$?
[ "$rc" = 0 ] || fail "echoserver as nobody: exit $rc: $(head -c 2000 "$tmp/all.json")"
python3 - "$tmp/all.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, c = r["server"], r["capture"]
assert s["mode"] == "loopback" and s["user"] is None and s["port"] is None, s
assert c["sniff"] is None and "CAP_NET_RAW" in c["why_not"], c
assert all(t["status"] == "pass" for t in r["tests"]), [(t["name"], t["summary"]) for t in r["tests"]]
assert len(r["tests"]) == 16
assert all(not t["evidence"]["captured"] for t in r["tests"])
PY
echo "ok: as nobody, %PORT%: every test passes, no captures (CAP_NET_RAW said)"

# One fixed port (below the ephemeral range, where no client of another test can hold
# it): tests one at a time, each server gone before the next starts.
port=$(($(cut -f1 /proc/sys/net/ipv4/ip_local_port_range) - 12000 + $$ % 10000))
rc=0
as_nobody "$b/echocheck" --sniff "$b/sniff" --color=never -o "$tmp/out" -j 3 -p "$port" \
    -t one_line,two_clients,half_close,health "$@" -- "$b/$(basename "$server")" -q -p "$port" \
    >"$tmp/fixed.txt" 2>"$tmp/fixed.err" || rc=$?
[ "$rc" = 0 ] || fail "fixed port $port: exit $rc: $(cat "$tmp/fixed.txt" "$tmp/fixed.err")"
grep -q "one test at a time" "$tmp/fixed.err" || fail "-j 3 on a fixed port: no warning"
grep -q "on this host's 127.0.0.1, on port $port" "$tmp/fixed.txt" || fail "$(head -5 "$tmp/fixed.txt")"
grep -q "no captures: sniff could not capture here" "$tmp/fixed.txt" || fail "no word on captures"
echo "ok: as nobody, fixed port: one test at a time"

# A failing server is graded the same, without a capture.
rc=0
as_nobody "$b/echocheck" -T json --sniff "$b/sniff" -o "$tmp/out" -t one_line "$@" -- \
    "$b/$(basename "$nul")" %PORT% >"$tmp/nul.json" || rc=$?
[ "$rc" = 1 ] || fail "echo_nul as nobody: exit $rc"
python3 - "$tmp/nul.json" "$tmp/out" <<'PY'
import json, os, sys
t = json.load(open(sys.argv[1]))["tests"][0]
assert t["status"] == "fail" and t["failure"]["cause"]["id"] == "nul_appended", t
assert t["evidence"]["capture_file"] is None and "CAP_NET_RAW" in t["evidence"]["why_not"], t
assert not os.listdir(sys.argv[2]), os.listdir(sys.argv[2])
PY
[ -z "$(ls -A "$tmp/t")" ] || fail "files left in TMPDIR: $(ls -A "$tmp/t")"
echo "ok: as nobody, a failure graded without a capture"
