#!/bin/sh
# test_tshark_generated.sh GEN_CAPTURE SNIFF: compares sniff with tshark (as
# test_tshark_compare.sh does) on captures that bench/gen_capture writes: thousands of
# interleaved echo connections, on loopback and between two hosts, which exercise the
# connection tracker far more than the recorded captures do. The files are seeded, so a
# failure is reproducible: gen_capture -n 3000 -S 1 -w F.
set -eu

gen=${1:?usage: test_tshark_generated.sh GEN_CAPTURE SNIFF}
sniff=${2:?usage: test_tshark_generated.sh GEN_CAPTURE SNIFF}
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

timeout 60 "$gen" -n 3000 -k 64 -S 1 -w "$tmp/gen-lo.pcap" 2>/dev/null
timeout 60 "$gen" -n 2000 -k 8 -S 2 --lan -w "$tmp/gen-lan.pcap" 2>/dev/null
exec "$(dirname "$0")/test_tshark_compare.sh" "$sniff" "$tmp/gen-lo.pcap" "$tmp/gen-lan.pcap"
