# cli_lib.sh: the checks of the scripts that test sniff's command line
# (test_sniff_cli.sh, test_sniff_options.sh; sourced, not run). The caller sets $tmp, a
# directory of its own; each failure is counted in $fails (script_lib.sh's fail) and the
# script goes on, so one run lists them all; cli_done ends it.
# shellcheck shell=sh disable=SC2154 # tmp: the caller's
# shellcheck source=tests/script_lib.sh
. "$(dirname "$0")/script_lib.sh"

fails=0

# expect CODE CMD...: runs CMD (at most 20 s, no input), its output in $tmp/out and
# $tmp/err, and checks its exit code.
expect() {
    want=$1
    shift
    rc=0
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
    [ "$rc" -eq "$want" ] || {
        fail "$* exited $rc, wanted $want"
        sed 's/^/    /' "$tmp/err"
    }
}

contains() { # FILE TEXT
    grep -qF -- "$2" "$1" || {
        fail "$1 lacks '$2':"
        sed 's/^/    /' "$1" | head -20
    }
}

lacks() { # FILE TEXT
    ! grep -qF -- "$2" "$1" || fail "$1 has '$2'"
}

# cli_done: exits 1 naming how many checks failed, else prints ok.
cli_done() {
    fails_exit
    echo "ok"
}
