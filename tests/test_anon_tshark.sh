#!/bin/sh
# test_anon_tshark.sh GEN_CAPTURE ANON_PCAP [SNIFF]: Wireshark judges --anonymize and --redact.
# A few thousand realistic echo frames with correct checksums (bench's gen_capture) are
# rewritten by anon_pcap.c; tshark, an implementation sharing no code with ours, must
# then find every IPv4 and TCP checksum correct, no original address left, the same
# number of frames and TCP bytes, and (with redact) no payload byte other than zero.
# With SNIFF, `sniff -r --anonymize --redact -w` must write the very same files, byte for
# byte: the command line rewrites frames as the library does (test_privacy.sh checks
# every printed output).
# 77 = skipped (no tshark).
set -u
gen=$1
anon=$2
command -v tshark >/dev/null 2>&1 || { echo "test_anon_tshark: no tshark: skipped"; exit 77; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail() { echo "test_anon_tshark: FAIL: $*"; exit 1; }
ts() { tshark -r "$@" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE 2>/dev/null; }

"$gen" -n 3000 --lan -S 5 -w "$d/orig.pcap" >/dev/null 2>&1 || fail "gen_capture"
"$anon" "$d/orig.pcap" "$d/anon.pcap" "lab key" || fail "anon_pcap"
"$anon" "$d/orig.pcap" "$d/red.pcap" "lab key" redact || fail "anon_pcap redact"

ts "$d/orig.pcap" -T fields -e ip.src -e ip.dst | tr '\t' '\n' | sort -u >"$d/orig.addrs"
[ "$(ts "$d/orig.pcap" -T fields -e ip.checksum.status -e tcp.checksum.status | sort -u)" = "1	1" ] ||
    fail "the generated capture's checksums are not all correct to begin with"
for f in anon red; do
    st=$(ts "$d/$f.pcap" -T fields -e ip.checksum.status -e tcp.checksum.status | sort | uniq -c)
    [ "$(echo "$st" | wc -l)" = 1 ] && echo "$st" | grep -q '^ *3000 1	1$' ||
        fail "$f: checksum status (1 = correct) per frame: $st"
    ts "$d/$f.pcap" -T fields -e ip.src -e ip.dst | tr '\t' '\n' | sort -u >"$d/$f.addrs"
    [ "$(wc -l <"$d/$f.addrs")" = "$(wc -l <"$d/orig.addrs")" ] || fail "$f: address count changed"
    [ -z "$(comm -12 "$d/orig.addrs" "$d/$f.addrs")" ] || fail "$f: an original address survived"
    [ "$(ts "$d/$f.pcap" -T fields -e tcp.len | md5sum)" = "$(ts "$d/orig.pcap" -T fields -e tcp.len | md5sum)" ] ||
        fail "$f: TCP lengths changed"
done
[ -n "$(ts "$d/anon.pcap" -T fields -e tcp.payload | tr -d '0\n')" ] || fail "anon: payload lost"
[ -z "$(ts "$d/red.pcap" -T fields -e tcp.payload | tr -d '0\n')" ] || fail "red: payload not zeroed"
if [ -n "${3:-}" ]; then
    "$3" -r "$d/orig.pcap" --all --anonymize="lab key" -w "$d/s-anon.pcap" 2>/dev/null ||
        fail "sniff --anonymize -w"
    "$3" -r "$d/orig.pcap" --all --anonymize="lab key" --redact -w "$d/s-red.pcap" 2>/dev/null ||
        fail "sniff --anonymize --redact -w"
    cmp -s "$d/anon.pcap" "$d/s-anon.pcap" || fail "sniff --anonymize -w differs from anon_pcap"
    cmp -s "$d/red.pcap" "$d/s-red.pcap" || fail "sniff --anonymize --redact -w differs from anon_pcap"
fi
echo "test_anon_tshark: ok (3000 frames: checksums correct, addresses replaced, lengths kept${3:+; sniff -w writes the same bytes})"
