#!/bin/sh
# test_echocheck_sandbox.sh ECHOCHECK [OPTION...]: where and how echocheck runs the server,
# as root (77 otherwise). A server that reports on itself (shell, then socat as the echo)
# shows: user nobody (or --user), no supplementary groups, no_new_privs, the resource
# limits asked for, a network namespace with only loopback and no route out. Then the
# limits bite: a server over its CPU limit is killed by SIGXCPU, one over its memory limit
# cannot allocate; a test is bounded by --timeout.
set -eu
echocheck=$1
shift
. "$(dirname "$0")/echocheck/lib.sh"
need_root "the server as nobody in a namespace"
command -v socat >/dev/null || { echo "skipped: no socat"; exit 77; }
mkdir -m 777 "$tmp/w"
ck() { timeout --foreground -k 5 120 "$echocheck" --no-capture "$@"; }

probe='d=$1; port=$2
id -u >"$d/uid"; id -G >"$d/groups"; cat /proc/self/status >"$d/status"
cat /proc/self/limits >"$d/limits"; cat /proc/net/dev >"$d/dev"; cat /proc/net/route >"$d/route"
exec socat TCP-LISTEN:$port,reuseaddr,fork PIPE'
ck -t one_line --cpu 7 --memory 300 --procs 40 --files 64 --output 5 "$@" -- \
    sh -c "$probe" probe "$tmp/w" %PORT% >"$tmp/out" || fail "probe server: $(cat "$tmp/out")"
[ "$(cat "$tmp/w/uid")" = "$(id -u nobody)" ] || fail "uid $(cat "$tmp/w/uid"), not nobody's"
[ "$(cat "$tmp/w/groups")" = "$(id -g nobody)" ] || fail "groups: $(cat "$tmp/w/groups")"
grep -q '^NoNewPrivs:[[:space:]]*1' "$tmp/w/status" || fail "no_new_privs not set"
grep -q '^CapEff:[[:space:]]*0*$' "$tmp/w/status" || fail "capabilities left: $(grep Cap "$tmp/w/status")"
grep -Eq '^Max cpu time +7 +8 ' "$tmp/w/limits" || fail "CPU limit: $(grep cpu "$tmp/w/limits")"
grep -Eq '^Max address space +314572800 +314572800 ' "$tmp/w/limits" || fail "memory limit"
grep -Eq '^Max processes +40 +40 ' "$tmp/w/limits" || fail "process limit"
grep -Eq '^Max open files +64 +64 ' "$tmp/w/limits" || fail "file limit"
grep -Eq '^Max file size +5242880 +5242880 ' "$tmp/w/limits" || fail "file size limit"
grep -Eq '^Max core file size +0 +0 ' "$tmp/w/limits" || fail "core files allowed"
[ "$(awk -F: 'NR > 2 {gsub(/ /, "", $1); print $1}' "$tmp/w/dev")" = lo ] ||
    fail "interfaces besides lo: $(cat "$tmp/w/dev")"
[ "$(wc -l <"$tmp/w/route")" = 1 ] || fail "routes in the server's namespace: $(cat "$tmp/w/route")"
grep -q "as nobody, in a network namespace of its own" "$tmp/out" || fail "report: $(head -3 "$tmp/out")"
echo "ok: nobody, no groups, no_new_privs, the limits, only loopback"

rm -f "$tmp/w"/*
ck -t one_line --user daemon "$@" -- sh -c "$probe" probe "$tmp/w" %PORT% >"$tmp/out" ||
    fail "--user daemon"
[ "$(cat "$tmp/w/uid")" = "$(id -u daemon)" ] || fail "--user daemon: uid $(cat "$tmp/w/uid")"
echo "ok: --user"

# Over the CPU limit: killed by SIGXCPU before it could listen (exit 2, said).
rc=0
ck --cpu 1 --start-timeout 8 "$@" -- sh -c 'while :; do :; done' >"$tmp/out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "killed by SIGXCPU before it listened" "$tmp/out" ||
    fail "CPU limit: exit $rc: $(cat "$tmp/out")"
# Over the memory limit: the allocation fails (Python says MemoryError).
rc=0
ck --memory 200 "$@" -- /usr/bin/python3 -c 'x = bytearray(400 << 20)' >"$tmp/out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "MemoryError" "$tmp/out" || fail "memory limit: exit $rc: $(cat "$tmp/out")"
echo "ok: the CPU and memory limits bite"

# --timeout bounds a test: a server that accepts and never answers (socat to sleep).
start=$(date +%s)
rc=0
ck -T json --timeout 3 --wait 10 -t long_line "$@" -- \
    socat TCP-LISTEN:%PORT%,reuseaddr,fork EXEC:'sleep 60' >"$tmp/out.json" || rc=$?
took=$(($(date +%s) - start))
[ "$rc" = 1 ] || fail "--timeout: exit $rc"
[ "$took" -lt 15 ] || fail "--timeout 3: the run took $took s"
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["tests"][0]; assert t["status"]=="fail" and t["seconds"] < 8 and t["failure"]["cause"]["id"]=="test_timeout", t' \
    "$tmp/out.json" || fail "--timeout: $(cat "$tmp/out.json")"
echo "ok: --timeout bounds a test ($took s)"
