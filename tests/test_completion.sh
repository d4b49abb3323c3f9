#!/bin/bash
# test_completion.sh SNIFF ECHOSERVER ECHOCLIENT ECHOCHECK: the bash completions of completion/ (sniff, echoserver,
# echoclient, echocheck), loaded into bash-completion as it loads them, asked what a user's Tab
# would get: options from --help, option values, fields from sniff --list-fields (after
# -e with -T fields, inside -Y's expression), interfaces, capture files, hosts.
set -u

[ $# -eq 4 ] || { echo "usage: test_completion.sh SNIFF ECHOSERVER ECHOCLIENT ECHOCHECK"; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "SKIP: bash-completion is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The programs under their own names, first on PATH, as installed.
mkdir "$tmp/bin"
for p in "$@"; do ln -s "$(cd "$(dirname "$p")" && pwd)/${p##*/}" "$tmp/bin/${p##*/}"; done
export PATH="$tmp/bin:$PATH"
# shellcheck disable=SC1090
. "$bc"
for c in sniff echoserver echoclient echocheck; do
    # shellcheck disable=SC1090
    . "$top/completion/$c"
done
fails=0

# tab WORD...: what completing the last word gets, one a line.
tab() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    local fn
    fn=$(complete -p "$1" 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
    # compopt refuses outside a real completion (no spaces after =): not what is tested.
    "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}"
}
# expect WANT WORD...: WANT is among the completions.
expect() {
    local want=$1
    shift
    if ! tab "$@" | grep -qxF -- "$want"; then
        echo "FAIL: '$*<Tab>' does not offer '$want'; it offers: $(tab "$@" | head -12 | tr '\n' ' ')"
        fails=$((fails + 1))
    fi
}
# absent NOT WORD...: NOT is not among them.
absent() {
    local not=$1
    shift
    if tab "$@" | grep -qxF -- "$not"; then
        echo "FAIL: '$*<Tab>' offers '$not'"
        fails=$((fails + 1))
    fi
}

expect --display-filter= sniff --disp
expect --annotate sniff --ann
expect -Y sniff -
expect -XX sniff -X
expect --list-fields sniff --list
expect always sniff --color=
expect ud sniff -t u
expect fields sniff -T f
expect pcapng sniff -F pcapng
expect tcp.analysis.ack_rtt sniff -r x.pcap -T fields -e tcp.analysis.ack
expect tcp.flags.syn sniff -Y tcp.flags.s
expect 'tcp.port==80&&tcp.stream' sniff -Y 'tcp.port==80&&tcp.str'
expect 'echo.verdict' sniff -Y echo.ver
absent tcp.analysis.ack_rtt sniff -e tcp.analysis.ack
expect duration: sniff -a d
expect files: sniff -b fi
expect header=y sniff -E head
expect lo sniff -i l
expect port sniff -r x.pcap po
mkdir "$tmp/d" && : >"$tmp/d/one.pcap" && : >"$tmp/d/two.pcapng" && : >"$tmp/d/notes.txt"
expect "$tmp/d/one.pcap" sniff -r "$tmp/d/"
expect "$tmp/d/two.pcapng" sniff -r "$tmp/d/"
absent "$tmp/d/notes.txt" sniff -r "$tmp/d/"
expect "$tmp/d/notes.txt" sniff -w "$tmp/d/"

expect threads echoserver -m t
expect --port-file echoserver --port-f
expect --idle-timeout echoserver --idle
expect --verify echoclient --ver
# Host names come from the host's own list (bash's _known_hosts reads /etc/hosts): a
# system without localhost in it (a bare chroot) has none to offer.
if getent hosts localhost >/dev/null 2>&1 && grep -qw localhost /etc/hosts 2>/dev/null; then
    expect localhost echoclient localh
else
    echo "note: /etc/hosts names no localhost here: host name completion not checked"
fi
expect 15213 echoclient localhost 1
expect --send-timeout echoserver --send
expect --require-concurrency echocheck --req
expect 'one_line,two_clients' echocheck -t one_line,two
expect json echocheck -T j
expect echoserver echocheck -- echoser
expect threads echocheck -j 2 -- echoserver -m t

[ "$fails" -eq 0 ] || { echo "$fails failures"; exit 1; }
echo ok
