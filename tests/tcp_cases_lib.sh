# tcp_cases_lib.sh: helpers shared by the scripts that check sniff's TCP analysis on the
# synthetic captures of tests/gen_tcp_cases.c and against tshark (sourced, not run).
# shellcheck shell=sh disable=SC2034,SC2154 # dir and fail are set for the caller, tmp is its

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

# test_inputs GEN_CASES GEN_CAPTURE SEED: besides the shipped captures, what the
# comparisons with tshark read, in $tmp: every synthetic case (cases/*.pcap) and two
# seeded loads of bench/gen_capture, on loopback (gen-lo.pcap, seed SEED) and between
# two hosts (gen-lan.pcap, seed SEED + 1).
test_inputs() {
    mkdir -p "$tmp/cases"
    timeout 60 "$1" -w "$tmp/cases" >/dev/null
    timeout 60 "$2" -n 1500 -k 16 -S "$3" -w "$tmp/gen-lo.pcap" 2>/dev/null
    timeout 60 "$2" -n 800 -k 4 -S $(($3 + 1)) --lan -w "$tmp/gen-lan.pcap" 2>/dev/null
}
