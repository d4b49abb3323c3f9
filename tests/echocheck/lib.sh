# lib.sh: sourced by the echocheck test scripts. need_root REASON exits 77 (skipped) when
# not root; $tmp is a private directory others may enter (the server runs as nobody),
# and the working directory, removed at exit after the commands in $at_exit; fail prints
# and exits 1. Source it after any path relative to the caller's directory is resolved.
need_root() {
    [ "$(id -u)" = 0 ] || { echo "skipped: needs root ($1)"; exit 77; }
}
tmp=$(mktemp -d)
chmod 755 "$tmp"
cd "$tmp" # the servers run as nobody, inheriting this: the build tree may be closed to them
at_exit=":"
trap 'eval "$at_exit"; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() {
    echo "FAIL: $*"
    exit 1
}
