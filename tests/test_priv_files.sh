#!/bin/sh
# test_priv_files.sh SNIFF CAPTURE: the files of `sudo sniff` cannot be taken over.
# As root, with SUDO_UID/SUDO_GID naming an unprivileged caller (nobody), sniff opens -r
# and -w only after dropping to that caller, so it reaches exactly what the caller could:
#   - a root-owned file named by -w, directly or through a symbolic link in a directory
#     the caller owns, keeps its owner, mode and contents (exit 2, a sentence naming it);
#   - a directory named by -w is refused; an existing file of the caller's is
#     overwritten and stays the caller's; a new file is the caller's, mode 0600;
#   - a hard link to another file is never truncated;
#   - a root-only file named by -r is not read; SUDO_GID=0 is refused;
#   - root itself (no sudo) writes its own files, 0600, and never follows a link.
# Needs root: otherwise skipped (exit 77).
set -eu
sniff=${1:?usage: test_priv_files.sh SNIFF CAPTURE}
cap=${2:?usage: test_priv_files.sh SNIFF CAPTURE}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (it plays sudo's caller)"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
nuid=$(id -u nobody)
ngid=$(id -g nobody)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The caller's own directory, where it may plant links; root's secret elsewhere.
mkdir "$tmp/home" "$tmp/root"
chown nobody "$tmp/home"
chmod 700 "$tmp/root"
printf 'root:secret\n' >"$tmp/root/shadow"
chmod 600 "$tmp/root/shadow"
cp "$cap" "$tmp/in.pcap"
chmod 644 "$tmp/in.pcap"
if ! setpriv --reuid="$nuid" --regid="$ngid" --clear-groups test -r "$tmp/in.pcap"; then
    echo "SKIP: nobody cannot reach $tmp (a parent directory is closed)"
    exit 77
fi

# as_sudo EXPECTED_RC ERR_SUBSTRING ARGS...: sniff as sudo's caller nobody.
as_sudo() {
    want=$1 msg=$2
    shift 2
    rc=0
    SUDO_UID=$nuid SUDO_GID=$ngid SUDO_USER=nobody "$sniff" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" = "$want" ] || fail "sudo sniff $*: exit $rc, wanted $want: $(cat "$tmp/err")"
    [ -z "$msg" ] || grep -qF -- "$msg" "$tmp/err" || fail "sudo sniff $*: stderr lacks '$msg': $(cat "$tmp/err")"
}
same_secret() { # what it checks
    got=$(stat -c '%U %a %s' "$tmp/root/shadow")
    [ "$got" = "root 600 12" ] || fail "$1: the root-owned file is now '$got'"
    grep -qx 'root:secret' "$tmp/root/shadow" || fail "$1: the root-owned file's contents changed"
}

# 1. The root-owned target itself, made writable to reach it (only root's rights could).
chmod 755 "$tmp/root"
as_sudo 2 "cannot write $tmp/root/shadow as nobody: Permission denied" -r "$tmp/in.pcap" -w "$tmp/root/shadow"
same_secret "-w root's file"
# ... and in a directory the caller may write, a root-owned file there.
cp -p "$tmp/root/shadow" "$tmp/shadow2"
chmod 1777 "$tmp"
as_sudo 2 "" -r "$tmp/in.pcap" -w "$tmp/shadow2"
[ "$(stat -c '%U %s' "$tmp/shadow2")" = "root 12" ] || fail "-w root's file in a shared directory: $(stat -c '%U %s' "$tmp/shadow2")"
chmod 755 "$tmp"
chmod 700 "$tmp/root"
# 2. A symbolic link in the caller's directory to root's file.
ln -s "$tmp/root/shadow" "$tmp/home/link"
as_sudo 2 "it is a symbolic link" -r "$tmp/in.pcap" -w "$tmp/home/link"
same_secret "-w through a symbolic link"
# A dangling link is not followed either (O_EXCL would create its target).
ln -s "$tmp/home/target.pcap" "$tmp/home/dangling"
as_sudo 2 "it is a symbolic link" -r "$tmp/in.pcap" -w "$tmp/home/dangling"
[ ! -e "$tmp/home/target.pcap" ] || fail "-w through a dangling link created its target"
# 3. A directory.
as_sudo 2 "it is a directory" -r "$tmp/in.pcap" -w "$tmp/home"
# 4. A new file: the caller's, private; an existing file of the caller's: overwritten.
as_sudo 0 "dropped privileges to nobody" -r "$tmp/in.pcap" -w "$tmp/home/new.pcap"
[ "$(stat -c '%U %G %a' "$tmp/home/new.pcap")" = "nobody $(id -gn nobody) 600" ] ||
    fail "new -w file: $(stat -c '%U %G %a' "$tmp/home/new.pcap")"
cmp -s "$tmp/in.pcap" "$tmp/home/new.pcap" || fail "the new -w file is not a copy of its input"
setpriv --reuid="$nuid" --regid="$ngid" --clear-groups sh -c "printf 'old contents, longer than a pcap header' >'$tmp/home/old.pcap'"
as_sudo 0 "" -r "$tmp/in.pcap" -w "$tmp/home/old.pcap"
cmp -s "$tmp/in.pcap" "$tmp/home/old.pcap" || fail "the caller's own file was not overwritten with the capture"
# 5. A hard link: never truncated, even to a file of the caller's.
setpriv --reuid="$nuid" --regid="$ngid" --clear-groups ln "$tmp/home/old.pcap" "$tmp/home/hard.pcap"
as_sudo 2 "hard links" -r "$tmp/in.pcap" -w "$tmp/home/hard.pcap"
# 6. -r of a root-only file, and of one through a link: not read.
as_sudo 2 "cannot read $tmp/root/shadow as nobody" -r "$tmp/root/shadow"
ln -s "$tmp/root/shadow" "$tmp/home/rlink"
as_sudo 2 "as nobody: Permission denied" -r "$tmp/home/rlink"
# 7. SUDO_GID=0: not trusted.
rc=0
SUDO_UID=$nuid SUDO_GID=0 "$sniff" -r "$tmp/in.pcap" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc = 2 ] && grep -q "SUDO_GID is 0" "$tmp/err" || fail "SUDO_GID=0: exit $rc, $(cat "$tmp/err")"
# 8. Root itself: its own new file, 0600 whatever the umask; a link is still refused.
rc=0
(umask 022 && "$sniff" -r "$tmp/in.pcap" -w "$tmp/rootown.pcap") 2>"$tmp/err" || rc=$?
[ $rc = 0 ] || fail "root -w: exit $rc: $(cat "$tmp/err")"
[ "$(stat -c '%U %a' "$tmp/rootown.pcap")" = "root 600" ] || fail "root -w: $(stat -c '%U %a' "$tmp/rootown.pcap")"
rc=0
"$sniff" -r "$tmp/in.pcap" -w "$tmp/home/link" 2>"$tmp/err" || rc=$?
[ $rc = 2 ] && grep -q "symbolic link" "$tmp/err" || fail "root -w through a link: exit $rc, $(cat "$tmp/err")"
same_secret "root -w through a link"
# ... nor does it overwrite another user's file.
rc=0
"$sniff" -r "$tmp/in.pcap" -w "$tmp/home/new.pcap" 2>"$tmp/err" || rc=$?
[ $rc = 2 ] && grep -q "it belongs to nobody" "$tmp/err" || fail "root -w over nobody's file: exit $rc, $(cat "$tmp/err")"

[ "$fails" -eq 0 ] || { echo "test_priv_files: $fails failure(s)"; exit 1; }
echo "test_priv_files: ok"
