# script_lib.sh: small helpers shared by the test, demo and benchmark scripts (sourced,
# not run; POSIX sh). It only defines functions: sourcing it starts nothing, makes no
# file and sets no trap. Their variables start with "_" so as not to clobber the caller's
# (sh has no local variables).
# shellcheck shell=sh disable=SC2154 # pids, tmp, top: the caller's

# need_built PROG FILE...: every FILE must be a program; otherwise says which one is
# missing ("PROG: FILE is missing: build first (./lab build)") and exits 2.
need_built() {
    _prog=$1
    shift
    for _f in "$@"; do
        [ -x "$_f" ] || { echo "$_prog: $_f is missing: build first (./lab build)" >&2; exit 2; }
    done
}

# build_dir [DIR]: $build, the build directory DIR (default: build) as an absolute path,
# a relative DIR being taken from the top of the checkout ($top, the caller's).
build_dir() {
    build=${1:-$top/build}
    case $build in /*) ;; *) build=$top/$build ;; esac
}

# use_built PROG BUILD NAME=PATH...: sets each NAME to BUILD/PATH, which must be a
# program (need_built PROG).
use_built() {
    _build=$2
    _prog=$1
    shift 2
    for _a in "$@"; do
        need_built "$_prog" "$_build/${_a#*=}"
        eval "${_a%%=*}=\$_build/\${_a#*=}"
    done
}

# scratch_dir: $tmp, a new directory, removed when the script exits (the EXIT trap: a
# script with more to undo at exit sets a trap of its own instead).
scratch_dir() {
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
}

# bench_capture_programs PROG DEFAULT_PACKETS [DIR]: for the benchmarks of sniff on a
# generated capture: $build (build_dir DIR), $gen and $sniff (its bench/gen_capture and
# sniff/sniff, use_built PROG) and $packets ($PACKETS, default DEFAULT_PACKETS).
bench_capture_programs() {
    build_dir "${3:-}"
    use_built "$1" "$build" gen=bench/gen_capture sniff=sniff/sniff
    # shellcheck disable=SC2034 # packets: for the caller
    packets=${PACKETS:-$2}
}

# wait_grep FILE PATTERN [SECONDS]: until a line of FILE matches PATTERN (up to SECONDS,
# default 10); false if none does by then.
wait_grep() {
    _i=0
    until grep -q "$2" "$1" 2>/dev/null; do
        _i=$((_i + 1))
        [ $_i -le $((${3:-10} * 10)) ] || return 1
        sleep 0.1
    done
}

# wait_file FILE [SECONDS]: until FILE exists and is not empty (up to SECONDS, default
# 10); false if it never is.
wait_file() {
    _i=0
    while [ ! -s "$1" ]; do
        _i=$((_i + 1))
        [ $_i -le $((${2:-10} * 20)) ] || return 1
        sleep 0.05
    done
}

# kill_pids: stops every process in $pids and reaps it (for the caller's exit trap).
kill_pids() {
    for _p in $pids; do kill "$_p" 2>/dev/null || true; done
    for _p in $pids; do wait "$_p" 2>/dev/null || true; done
}

# echo_session PORT GAP LINE...: echoserver ($server) on PORT in the background (its pid
# in $pids), then echoclient ($client) to 127.0.0.1:PORT sending each LINE, GAP seconds
# apart so that each goes in a segment of its own; the echo in $tmp/echo.out, the
# client's errors in $tmp/client.err, the server's in $tmp/server.err. False when the
# client fails. --foreground: timeout signals the server alone. Without it, timeout also
# sends SIGTERM and SIGCONT to its whole process group, and a SIGCONT that reaches an ASan
# build while LeakSanitizer is stopping its threads at exit cancels the stop, so the
# check waits forever (this hung CI's sanitizer run).
echo_session() {
    _port=$1 _gap=$2
    shift 2
    timeout --foreground -k 10 30 "$server" -q -p "$_port" >/dev/null 2>"$tmp/server.err" &
    pids="$pids $!"
    sleep "$_gap"
    for _l in "$@"; do
        printf '%s\n' "$_l"
        sleep "$_gap"
    done | timeout 20 "$client" 127.0.0.1 "$_port" >"$tmp/echo.out" 2>"$tmp/client.err"
}

# need_tools TOOL...: exits 77 (the test is skipped) naming the first TOOL not installed.
need_tools() {
    for _t in "$@"; do
        command -v "$_t" >/dev/null 2>&1 || { echo "SKIP: $_t is not installed"; exit 77; }
    done
}

# need_python: $py, the python3 that runs the tests' checkers: /usr/bin/python3 where
# there is one (Debian's, with the modules ./lab installs), else the first on PATH; exits
# 77 (skipped) when there is none.
need_python() {
    py=python3
    [ ! -x /usr/bin/python3 ] || py=/usr/bin/python3
    need_tools "$py"
}

# fail WHAT: prints "FAIL: WHAT" and counts it in $fails, for the scripts that go on
# after a failure so that one run lists them all; they end with fails_exit.
fail() {
    echo "FAIL: $*"
    fails=$((${fails:-0} + 1))
}

# fails_exit: when a check failed (the count fail keeps), exits 1 saying how many.
fails_exit() {
    [ "${fails:-0}" -eq 0 ] || { echo "$fails failures"; exit 1; }
}

# passed WHAT: prints "ok   WHAT", counted in $pass; failed WHAT [FILE [N]]: prints
# "FAIL WHAT" and FILE (its first N lines, or all), counted in $fail. For the scripts that
# print a line for every check and end with tally_exit.
passed() {
    echo "ok   $1"
    pass=$((${pass:-0} + 1))
}
failed() {
    echo "FAIL $1"
    [ -z "${2:-}" ] || head -n "${3:-1000000}" "$2"
    fail=$((${fail:-0} + 1))
}

# ok / bad WHAT: for scripts with many checks and one line at the end: a check passed
# (counted in $pass, silently) or failed ("FAIL: WHAT", counted in $fail); tally_exit
# ends them. A script may define an ok() of its own after sourcing this file.
ok() { pass=$((${pass:-0} + 1)); }
bad() {
    echo "FAIL: $*"
    fail=$((${fail:-0} + 1))
}

# tally_exit WHAT: prints "P passed, F failed"; exits 77 (skipped) saying there is no WHAT
# when nothing was checked, 1 when a check failed, else 0.
tally_exit() {
    [ $((${pass:-0} + ${fail:-0})) -gt 0 ] || { echo "SKIP: no $1"; exit 77; }
    echo "${pass:-0} passed, ${fail:-0} failed"
    [ "${fail:-0}" -eq 0 ] || exit 1
    exit 0
}

# fresh_home: HOME a new directory under $tmp, so that no personal Wireshark preferences
# or profiles change what tshark prints; times in UTC, text in C.UTF-8 (exported).
fresh_home() {
    mkdir -p "$tmp/home"
    export HOME="$tmp/home" TZ=UTC LC_ALL=C.UTF-8
}
