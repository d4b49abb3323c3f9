# script_lib.sh: small helpers shared by the test, demo and benchmark scripts (sourced,
# not run; POSIX sh). It only defines functions: sourcing it starts nothing, makes no
# file and sets no trap. Their variables start with "_" so as not to clobber the caller's
# (sh has no local variables).
# shellcheck shell=sh disable=SC2154 # pids, tmp: the caller's

# need_built PROG FILE...: every FILE must be a program; otherwise says which one is
# missing ("PROG: FILE is missing: build first (./lab build)") and exits 2.
need_built() {
    _prog=$1
    shift
    for _f in "$@"; do
        [ -x "$_f" ] || { echo "$_prog: $_f is missing: build first (./lab build)" >&2; exit 2; }
    done
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

# wait_file FILE: until FILE exists and is not empty (up to 10 s); false if it never is.
wait_file() {
    _i=0
    while [ ! -s "$1" ]; do
        _i=$((_i + 1))
        [ $_i -le 200 ] || return 1
        sleep 0.05
    done
}

# kill_pids: stops every process in $pids and reaps it (for the caller's exit trap).
kill_pids() {
    for _p in $pids; do kill "$_p" 2>/dev/null || true; done
    for _p in $pids; do wait "$_p" 2>/dev/null || true; done
}

# need_tools TOOL...: exits 77 (the test is skipped) naming the first TOOL not installed.
need_tools() {
    for _t in "$@"; do
        command -v "$_t" >/dev/null 2>&1 || { echo "SKIP: $_t is not installed"; exit 77; }
    done
}

# fresh_home: HOME a new directory under $tmp, so that no personal Wireshark preferences
# or profiles change what tshark prints; times in UTC, text in C.UTF-8 (exported).
fresh_home() {
    mkdir -p "$tmp/home"
    export HOME="$tmp/home" TZ=UTC LC_ALL=C.UTF-8
}
