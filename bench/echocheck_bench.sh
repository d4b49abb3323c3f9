#!/bin/sh
# echocheck_bench.sh BUILD_DIR [ROUNDS]: how long echocheck's whole battery (16 tests)
# takes against correct servers: echoserver in the events and iterative models, the
# fork fixture (tests/echocheck/echo_fork.c), the Python fixture and socat. The target:
# under 20 s each. Each server's battery runs ROUNDS times (default 3), taking turns;
# the table shows the best and the median wall time, the slowest test of the median run,
# and how many tests passed. As root (a namespace per test, captures); prints Markdown.
set -eu
build=${1:?usage: echocheck_bench.sh BUILD_DIR [ROUNDS]}
rounds=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$here/tests/script_lib.sh"
echocheck=$build/echo/check/echocheck
need_built echocheck_bench "$echocheck" "$build/sniff/sniff" "$build/echo/echoserver" \
    "$build/tests/echo_fork"
[ "$(id -u)" = 0 ] || { echo "echocheck_bench: run as root (namespaces, captures)" >&2; exit 2; }
scratch_dir
trap 'exit 1' INT TERM
chmod 755 "$tmp"
cp "$build/echo/echoserver" "$build/tests/echo_fork" "$here/tests/echocheck/echo_threads.py" "$tmp/"

run() { # NAME SERVER...: one battery, its JSON kept as $tmp/NAME.ROUND.json
    name=$1
    shift
    timeout --foreground -k 5 300 "$echocheck" -T json -o "$tmp" --sniff "$build/sniff/sniff" \
        -- "$@" >"$tmp/$name.$round.json" || true
}
round=1
while [ "$round" -le "$rounds" ]; do
    run events "$tmp/echoserver" -q -p %PORT%
    run iterative "$tmp/echoserver" -q -m iterative -p %PORT%
    run fork "$tmp/echo_fork" %PORT%
    run python /usr/bin/python3 "$tmp/echo_threads.py" %PORT%
    run socat /usr/bin/socat TCP-LISTEN:%PORT%,reuseaddr,fork,backlog=128 EXEC:cat
    round=$((round + 1))
done

echo "Run $(date -u '+%Y-%m-%d %H:%M') UTC, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| server | best s | median s | slowest test of the median run | passed |"
echo "| --- | ---: | ---: | --- | ---: |"
for name in events iterative fork python socat; do
    python3 - "$tmp" "$name" "$rounds" <<'PY'
import json, sys
tmp, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = sorted((json.load(open(f"{tmp}/{name}.{r}.json")) for r in range(1, rounds + 1)),
              key=lambda r: r["summary"]["seconds"])
med = runs[len(runs) // 2]
slow = max(med["tests"], key=lambda t: t["seconds"])
label = {"events": "echoserver (events)", "iterative": "echoserver -m iterative",
         "fork": "echo_fork.c (CS:APP, fork)", "python": "echo_threads.py (Python)",
         "socat": "socat ... fork EXEC:cat"}[name]
print(f"| {label} | {runs[0]['summary']['seconds']:.1f} | {med['summary']['seconds']:.1f} | "
      f"{slow['name']} ({slow['seconds']:.1f} s) | {med['summary']['passed']}/{med['summary']['tests']} |")
PY
done
