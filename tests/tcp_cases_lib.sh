# tcp_cases_lib.sh: helpers shared by the scripts that check sniff's TCP analysis on the
# synthetic captures of tests/gen_tcp_cases.c and against tshark (sourced, not run).
# shellcheck shell=sh disable=SC2034 # dir and fail are the caller's

# cases_dir GEN: $dir, a temporary directory removed on exit, holding the captures (and
# their .expect files) that GEN writes; fail=0.
cases_dir() {
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    "$1" -w "$dir"
    fail=0
}

# info_flags: "frame<TAB>Info" lines on stdin, each cut to its leading "[TCP ...] "
# groups (Wireshark's analysis flags), as "frame<TAB>flags".
info_flags() {
    sed -E 's/^([0-9]+)\t((\[TCP [^]]*\] )*).*$/\1\t\2/'
}

# tshark_flags PCAP [TSHARK OPTIONS...]: tshark's analysis flags of each frame of PCAP.
tshark_flags() {
    pcap=$1
    shift
    tshark -r "$pcap" "$@" -T fields -e frame.number -e _ws.col.Info 2>/dev/null | info_flags
}
