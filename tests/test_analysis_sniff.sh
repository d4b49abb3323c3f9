#!/bin/sh
# test_analysis_sniff.sh SNIFF GEN: the analysis engine as sniff shows it.
#  - the Info column of `sniff -r` starts with the same analysis flags as tshark's, frame
#    by frame, on every capture of tests/gen_tcp_cases.c;
#  - `sniff -A` prints under each packet the annotation lines the engine gives (GEN -A);
#  - `sniff -T json` is one valid JSON object per line, with the verdicts;
#  - `--follow 0` and `-z conv` print the conversation and the connection table.
set -eu
sniff=$1
gen=$2
# shellcheck source=tests/tcp_cases_lib.sh
. "$(dirname "$0")/tcp_cases_lib.sh"
cases_dir "$gen"
for pcap in "$dir"/*.pcap; do
    name=$(basename "$pcap" .pcap)
    "$sniff" -r "$pcap" --no-annotate --color=never 2>/dev/null | tail -n +2 |
        sed -E 's/^ *([0-9]+) .* TCP +[0-9]+ (.*)$/\1\t\2/' | info_flags >"$dir/$name.sniff"
    "$gen" -a "$pcap" >"$dir/$name.engine"
    if ! diff -u "$dir/$name.engine" "$dir/$name.sniff"; then
        echo "FAIL $name: sniff's Info flags differ from the engine's"
        fail=1
    fi
    if command -v tshark >/dev/null 2>&1; then
        tshark_flags "$pcap" >"$dir/$name.tshark"
        if ! diff -u "$dir/$name.tshark" "$dir/$name.sniff"; then
            echo "FAIL $name: sniff's Info flags differ from tshark's"
            fail=1
        fi
    fi
done

# -A: the lines under the packets are the engine's, in order.
for name in echo_ok echo_nul echo_trunc echo_tail zerowin refused; do
    "$sniff" -r "$dir/$name.pcap" -A --color=never 2>/dev/null | tail -n +2 | grep '^    [^ 0-9]' |
        sed 's/^    //' >"$dir/$name.lines"
    "$gen" -A "$dir/$name.pcap" | grep -v '^conn #' | cut -f3- | tr '\t' '\n' |
        grep -v '^$' >"$dir/$name.want"
    if ! diff -u "$dir/$name.want" "$dir/$name.lines"; then
        echo "FAIL $name: sniff -A lines differ from the engine's"
        fail=1
    fi
done

# -T json: parsed by a real parser, verdicts where they belong.
"$sniff" -r "$dir/echo_nul.pcap" -T json 2>/dev/null >"$dir/nul.json"
python3 - "$dir/nul.json" <<'PY' || fail=1
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="ascii")]
pk = [o for o in objs if o["type"] == "packet"]
cs = [o for o in objs if o["type"] == "conn"]
assert len(cs) == 1 and cs[0]["echo"]["mismatched"] == 1, cs
bad = pk[4]
assert bad["echo"]["verdict"] == "mismatch", bad
assert bad["echo"]["mismatch"] == {"offset": 17, "expected": 10, "got": 0}, bad
assert "ECHO MISMATCH at byte 17 of conn #0: expected '\\n' (0a), got NUL (00)" in bad["annotation"], bad
print("ok: -T json")
PY

# --follow and -z conv.
"$sniff" -r "$dir/echo_ok.pcap" --follow 0 2>/dev/null >"$dir/follow"
if ! grep -qx "> here is a message" "$dir/follow" || ! grep -qx "< here is a message" "$dir/follow"; then
    echo "FAIL: --follow 0"
    cat "$dir/follow"
    fail=1
fi
"$sniff" -r "$dir/echo_trunc.pcap" -z conv --no-annotate 2>/dev/null | tail -1 >"$dir/conv"
# Requests 2: echoed 0, mismatched 1, unechoed 1 (never echoed whole), unchecked 0.
if ! grep -qE "^0 +10\.0\.0\.1:55308 +10\.0\.0\.2:15213 .* 2 +0 +1 +1 +0 +- .* still open$" "$dir/conv"; then
    echo "FAIL: -z conv"
    cat "$dir/conv"
    fail=1
fi
# --redact and --anonymize: the analysis sees the rewritten frame; no payload byte and no
# real address reaches the annotations, the follow view or the JSON.
"$sniff" -r "$dir/echo_ok.pcap" -A --color=never --redact --anonymize=k 2>/dev/null >"$dir/red"
"$sniff" -r "$dir/echo_ok.pcap" -T json --redact --anonymize=k 2>/dev/null >>"$dir/red"
"$sniff" -r "$dir/echo_ok.pcap" --follow 0 --redact --anonymize=k 2>/dev/null >>"$dir/red"
if grep -q "here is\|10\.0\.0\.[12]\b" "$dir/red" || ! grep -q '[0-9]* bytes \[redacted\]: request #1 ' "$dir/red" ||
    ! grep -q "content not compared (--redact)" "$dir/red" || ! grep -qx '> \*\**' "$dir/red"; then
    echo "FAIL: --redact/--anonymize with -A, -T json, --follow"
    cat "$dir/red"
    fail=1
fi
[ "$fail" = 0 ] && echo "ok: sniff shows the analysis engine's results"
exit $fail
