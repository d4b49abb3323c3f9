#!/bin/sh
# test_page.sh SNIFF: the page of every capture in captures/ read back as its renderer
# reads it (tests/page_check.py): a record per packet holding exactly the -T json object,
# the connections' -T json objects, trees whose byte ranges are tshark's (PDML pos and
# size, field by field, where tshark shows the same line); a display filter's page holds
# only what passes it; with --redact and --anonymize no original address or payload byte
# is anywhere in the page, inflated or not.
# Exits 77 without python3 or tshark.
set -eu

sniff=${1:?usage: test_page.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_python
need_tools tshark
scratch_dir
check="$py $top/tests/page_check.py"
fails=0
run() { TZ=UTC timeout 120 "$sniff" "$@" 2>"$tmp/err"; }

for cap in "$top"/captures/*.pcap; do
    name=${cap##*/}
    name=${name%.pcap}
    run -r "$cap" --all -T json >"$tmp/$name.jsonl" || { fail "$name -T json"; continue; }
    run -r "$cap" --all -T html -o "$tmp/$name.html" || { fail "$name -T html: $(cat "$tmp/err")"; continue; }
    $check data "$tmp/$name.html" "$tmp/$name.jsonl" || fail "$name: page data"
    # tshark's view of the same frames, with sniff's tree conventions
    TZ=UTC tshark -n -r "$cap" -T pdml -o tcp.relative_sequence_numbers:TRUE \
        -o tcp.analyze_sequence_numbers:TRUE >"$tmp/$name.pdml" 2>/dev/null
    $check ranges "$tmp/$name.html" "$tmp/$name.pdml" || fail "$name: byte ranges"
done

# -Y: only what passes it.
e=$top/captures/echo-lo.pcap
run -r "$e" -Y 'tcp.len > 0' -T json >"$tmp/y.jsonl"
run -r "$e" -Y 'tcp.len > 0' -T html -o "$tmp/y.html"
$check data "$tmp/y.html" "$tmp/y.jsonl" || fail "-Y page"

# Privacy: the originals are nowhere, the pseudonyms are there.
key=$tmp/key
echo "a key for the page test" >"$key"
run -r "$e" --redact --anonymize-key-file="$key" -T html -o "$tmp/p.html" || fail "private page"
$check absent "$tmp/p.html" "127.0.0.1" "here is a message" "here is another message" \
    "68657265206973" || fail "--redact --anonymize page"
run -r "$e" --redact --anonymize-key-file="$key" -T json >"$tmp/p.jsonl"
$check data "$tmp/p.html" "$tmp/p.jsonl" || fail "private page data"
grep -q "payloads redacted" "$tmp/p.html" || grep -q '"redacted":true' "$tmp/p.html" || fail "private page says nothing"
two=$top/captures/two-hosts.pcap
run --all -r "$two" --anonymize-key-file="$key" -T html -o "$tmp/t.html" || fail "private two-hosts page"
$check absent "$tmp/t.html" "192.0.2.1" "192.0.2.2" "02:00:5e:10:00:01" "02:00:5e:10:00:02" \
    "Who has 192.0.2" || fail "--anonymize two-hosts page"

fails_exit
echo "pages checked"
