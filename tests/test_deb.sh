#!/bin/sh
# test_deb.sh SOURCE_DIR: the Debian package, end to end. Configures and builds the
# source tree in a temporary directory (no tests, like a packager's build), makes the
# package with `cpack -G DEB`, installs it with apt-get (which would pull in its
# dependencies), and checks what a student gets: the three programs in /usr/bin
# answering --version, `sniff -r` on a capture installed in /usr/share/echosniff/captures
# printing the handshake, the man pages (man -w, or the files when man-db is absent),
# README.md and ETHICS.md in /usr/share/doc/echosniff. Then removes the package and
# checks that every file it installed is gone.
#
# Root only (77 otherwise); skipped too when an echosniff package is already installed
# (the test must not replace or remove someone's installation) or without apt/dpkg.
# The package is removed and the temporary directory deleted on every exit.
set -u

src=${1:?usage: test_deb.sh SOURCE_DIR}
src=$(cd "$src" && pwd)
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: installing a package needs root"
    exit 77
fi
for tool in dpkg dpkg-deb apt-get cpack cmake dpkg-shlibdeps; do
    command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is needed"; exit 77; }
done
if dpkg-query -W -f='${Status}' echosniff 2>/dev/null | grep -q 'install ok installed'; then
    echo "SKIP: an echosniff package is already installed; this test will not touch it"
    exit 77
fi

tmp=$(mktemp -d)
installed=false
# dpkg's lock may be held by another apt run for a while: wait for it, within bounds.
lock="-o DPkg::Lock::Timeout=120"
cleanup() {
    if $installed; then
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive timeout 180 apt-get $lock remove -y -qq echosniff \
            >/dev/null 2>&1 || timeout 60 dpkg -r echosniff >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
    echo "FAIL: $*"
    exit 1
}
ok() { echo "ok: $*"; }

# 1. Build and package, as a packager would.
timeout 300 cmake -S "$src" -B "$tmp/build" -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    >"$tmp/cmake.log" 2>&1 || { tail -20 "$tmp/cmake.log"; fail "cmake configure"; }
timeout 600 cmake --build "$tmp/build" -j "$(nproc 2>/dev/null || echo 2)" >"$tmp/build.log" 2>&1 ||
    { tail -20 "$tmp/build.log"; fail "build"; }
(cd "$tmp/build" && timeout 300 cpack -G DEB) >"$tmp/cpack.log" 2>&1 ||
    { tail -20 "$tmp/cpack.log"; fail "cpack -G DEB"; }
set -- "$tmp"/build/echosniff_*.deb
[ $# -eq 1 ] && [ -f "$1" ] || fail "cpack made no single echosniff_*.deb: $*"
deb=$1
ok "built ${deb##*/}"

# 2. Its control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = echosniff ] || fail "Package: $(field Package)"
[ "$(field Section)" = net ] || fail "Section: $(field Section)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
field Description | head -1 | grep -q . || fail "no Description"
for dep in libc6 libpcap0.8 libnettle8 libseccomp2 libpcre2-8-0 libcairo2 zlib1g; do
    field Depends | grep -q "$dep" || fail "Depends lacks $dep (dpkg-shlibdeps): $(field Depends)"
done

# 3. Install: apt-get resolves the dependencies; the package's files are then listed.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive timeout 300 apt-get $lock install -y -qq --no-install-recommends \
    "$deb" >"$tmp/install.log" 2>&1 || { installed=true; tail -20 "$tmp/install.log"; fail "apt-get install"; }
installed=true
dpkg-query -W -f='${Status}' echosniff | grep -q 'install ok installed' || fail "not installed"
dpkg -L echosniff >"$tmp/files"
for f in /usr/bin/sniff /usr/bin/echoserver /usr/bin/echoclient /usr/bin/echocheck \
    /usr/share/doc/echosniff/ETHICS.md /usr/share/doc/echosniff/README.md \
    /usr/share/echosniff/captures/echo-lo.pcap /usr/share/echosniff/captures/README.md \
    /usr/share/bash-completion/completions/sniff /usr/share/bash-completion/completions/echoserver \
    /usr/share/bash-completion/completions/echoclient \
    /usr/share/bash-completion/completions/echocheck; do
    [ -f "$f" ] || fail "$f is not installed"
done
ok "installed ($(grep -c . "$tmp/files") paths)"

# 4. What a student runs. A clean environment: the installed programs, nothing from the
# build tree.
run() { env -i PATH=/usr/bin:/bin HOME="$tmp" TZ=UTC LC_ALL=C timeout 30 "$@"; }
for p in sniff echoserver echoclient echocheck; do
    v=$(run "$p" --version 2>&1) || fail "$p --version failed: $v"
    echo "$v" | head -1 | grep -q "^$p .*0\.[0-9]" || fail "$p --version says: $v"
    [ "$(run sh -c "command -v $p")" = "/usr/bin/$p" ] || fail "$p is not /usr/bin/$p"
done
ok "sniff, echoserver, echoclient and echocheck --version"
cap=/usr/share/echosniff/captures/echo-lo.pcap
run sniff -r "$cap" >"$tmp/list" 2>"$tmp/list.err" || fail "sniff -r $cap: $(cat "$tmp/list.err")"
grep -q '\[SYN\] Seq=0' "$tmp/list" && grep -q '\[SYN, ACK\]' "$tmp/list" && grep -q '\[FIN, ACK\]' "$tmp/list" ||
    fail "sniff -r $cap did not print the session: $(head -5 "$tmp/list")"
[ "$(grep -c '^ *[0-9][0-9]* ' "$tmp/list")" -eq 13 ] || fail "sniff -r $cap: not 13 packets"
run sniff -r /usr/share/echosniff/captures/two-hosts.pcap --all -V >"$tmp/detail" 2>&1 ||
    fail "sniff -V on two-hosts.pcap"
grep -q '^Address Resolution Protocol (request)' "$tmp/detail" || fail "no ARP in two-hosts.pcap's tree"
ok "the installed sniff reads the installed captures"
# The installed echocheck grades the installed echoserver, capturing with the sniff
# installed beside it.
(cd "$tmp" && run echocheck -T json -t one_line,two_clients -- echoserver -q -p %PORT%) \
    >"$tmp/check.json" 2>&1 || fail "echocheck on echoserver: $(head -c 600 "$tmp/check.json")"
grep -q '"sniff":"/usr/bin/sniff"' "$tmp/check.json" || fail "echocheck did not find /usr/bin/sniff"
ok "the installed echocheck grades the installed echoserver"

# The installed completions, loaded by bash-completion as a user's shell loads them.
if [ -r /usr/share/bash-completion/bash_completion ]; then
    got=$(run bash -c '. /usr/share/bash-completion/bash_completion
        _completion_loader sniff
        COMP_WORDS=(sniff -T fields -e tcp.analysis.ack); COMP_CWORD=4
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
        _sniff sniff tcp.analysis.ack -e 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"')
    echo "$got" | grep -qx tcp.analysis.ack_rtt || fail "the installed sniff completion offers: $got"
    got=$(run bash -c '. /usr/share/bash-completion/bash_completion
        _completion_loader echoserver
        COMP_WORDS=(echoserver -m it); COMP_CWORD=2
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
        _echoserver echoserver it -m 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"')
    [ "$got" = iterative ] || fail "the installed echoserver completion offers: $got"
    ok "bash-completion loads the installed completions"
fi

if command -v man >/dev/null 2>&1 && man -w sniff >/dev/null 2>&1; then
    for p in sniff echoserver echoclient echocheck; do
        m=$(man -w "$p" 2>/dev/null) || fail "man -w $p finds nothing"
        case $m in /usr/share/man/man1/"$p".1*) ;; *) fail "man -w $p: $m" ;; esac
    done
    ok "man -w finds sniff(1), echoserver(1), echoclient(1), echocheck(1) in /usr/share/man/man1"
else
    for p in sniff echoserver echoclient echocheck; do
        ls /usr/share/man/man1/"$p".1* >/dev/null 2>&1 || fail "no /usr/share/man/man1/$p.1"
    done
    ok "the man pages are in /usr/share/man/man1 (no man-db to ask)"
fi

# 5. Remove: every file the package installed is gone.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive timeout 180 apt-get $lock remove -y -qq echosniff \
    >"$tmp/remove.log" 2>&1 || { tail -20 "$tmp/remove.log"; fail "apt-get remove"; }
installed=false
! dpkg-query -W -f='${Status}' echosniff 2>/dev/null | grep -q 'install ok installed' ||
    fail "still installed after apt-get remove"
left=0
while read -r f; do
    [ -d "$f" ] && continue # shared directories (/usr/bin) stay, of course
    if [ -e "$f" ]; then
        echo "left behind: $f"
        left=$((left + 1))
    fi
done <"$tmp/files"
[ "$left" -eq 0 ] || fail "$left files left after removal"
for d in /usr/share/echosniff /usr/share/doc/echosniff; do
    [ ! -e "$d" ] || fail "$d is still there"
done
ok "removed: no file of the package is left"
echo "test_deb: ok"
