#!/bin/sh
# test_pictures.sh SNIFF: sniff's figures, checked by real parsers (tests/pic_check.py):
#   - the ladder of every capture in captures/ as SVG, parsed by python3's XML parser:
#     one arrow per analysed TCP segment (frame numbers against -T json), one ladder
#     per connection; a capture without a TCP connection is refused with a sentence;
#   - as PDF (a page per connection, rendered by poppler's pdftoppm) and PNG (decoded
#     with zlib and PNG's filters): not blank, and at the size --size asked for;
#   - the five stream graphs of large-transfer.pcap in each format, their titles, and
#     a left axis that spans the values of their CSV (not more than twice them);
#   - -Y, --redact and --anonymize apply as to every other output;
#   - what cannot be drawn is a usage error (2), a connection not in the capture a
#     runtime one (1).
# Exits 77 when python3 or pdftoppm is missing.
set -eu

sniff=${1:?usage: test_pictures.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/script_lib.sh
. "$top/tests/script_lib.sh"
need_python
need_tools pdftoppm pdfinfo # poppler-utils
check="$py $top/tests/pic_check.py"
scratch_dir
fails=0
run() { TZ=UTC timeout 60 "$sniff" "$@" 2>"$tmp/err"; }

# Every capture's ladders as SVG, their arrows against the analysed segments.
for cap in "$top"/captures/*.pcap; do
    name=${cap##*/}
    name=${name%.pcap}
    run -r "$cap" -T json --no-annotate >"$tmp/$name.jsonl" || { fail "$name: -T json"; continue; }
    if grep -q '"stream":' "$tmp/$name.jsonl"; then
        if run -r "$cap" --ladder -o "$tmp/$name.svg"; then
            $check svg "$tmp/$name.svg" "$tmp/$name.jsonl" || fail "$name: ladder SVG"
        else
            fail "$name: --ladder -o SVG failed: $(cat "$tmp/err")"
        fi
    else
        rc=0
        run -r "$cap" --ladder -o "$tmp/$name.svg" || rc=$?
        if [ $rc -ne 1 ] || ! grep -q "no TCP connection in this capture: nothing to draw" "$tmp/err"; then
            fail "$name: no connection: exit $rc, $(cat "$tmp/err")"
        fi
    fi
done

# The same rules as every other output: -Y draws only the packets it shows; --redact and
# --anonymize leave no original address or payload in a ladder (terminal and SVG) or graph.
e=$top/captures/echo-lo.pcap
run -r "$e" -Y 'tcp.len > 0' -T json --no-annotate >"$tmp/y.jsonl" || fail "-Y -T json"
run -r "$e" -Y 'tcp.len > 0' --ladder -o "$tmp/y.svg" || fail "-Y --ladder"
$check svg "$tmp/y.svg" "$tmp/y.jsonl" || fail "-Y: the ladder's arrows are not the packets shown"
[ "$(grep -c '"tcp"' "$tmp/y.jsonl")" = 4 ] || fail "-Y 'tcp.len > 0': not echo-lo's 4 data segments"
run -r "$e" --ladder -o "$tmp/plain.svg" || fail "ladder SVG"
grep -q "here is a message" "$tmp/plain.svg" && grep -q "127.0.0.1" "$tmp/plain.svg" ||
    fail "the plain ladder has no address or payload: the privacy check below cannot fail"
for out in ladder.txt ladder.svg stevens.svg tcptrace.csv; do
    what=--ladder
    case $out in stevens.*) what="--graph stevens" ;; tcptrace.*) what="--graph tcptrace" ;; esac
    # shellcheck disable=SC2086
    COLUMNS=160 run -r "$e" $what --redact --anonymize=lab-key -o "$tmp/p-$out" || fail "private $out"
    [ "$(wc -l <"$tmp/p-$out")" -gt 12 ] || fail "private $out: $(wc -l <"$tmp/p-$out") lines"
    if grep -q "127\.0\.0\.1\|here is\|another message" "$tmp/p-$out"; then
        fail "--redact --anonymize: $out keeps an address or a payload byte"
    fi
done

# PDF: a page per connection (iterative-two-clients has two), none blank.
run -r "$top/captures/iterative-two-clients.pcap" --ladder -o "$tmp/two.pdf" || fail "ladder PDF"
pages=$(pdfinfo "$tmp/two.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" = 2 ] || fail "ladder PDF: $pages pages, not 2"
mkdir -p "$tmp/ppm"
pdftoppm -r 40 "$tmp/two.pdf" "$tmp/ppm/p" && $check ppm-dir "$tmp/ppm" 2 || fail "ladder PDF pages"

# PNG of a ladder at the width asked for; the height follows the rows.
run -r "$top/captures/echo-lo.pcap" --ladder --size 1400x100 -o "$tmp/echo.png" || fail "ladder PNG"
$check png "$tmp/echo.png" 1400 - || fail "ladder PNG content"
# Narrower than its columns, a ladder keeps them (and leaves out the notes): not cut.
for w in 300 900; do
    run -r "$top/captures/mismatch.pcap" --ladder --size ${w}x100 -o "$tmp/narrow.png" || fail "ladder PNG $w"
    $check png-edge "$tmp/narrow.png" || fail "ladder PNG at $w px: cut"
done

# The graphs: SVG titles, PDF and PNG at the size asked for.
lt=$top/captures/large-transfer.pcap
for g in stevens tcptrace throughput rtt window; do
    run -r "$lt" --graph $g -o "$tmp/$g.svg" || { fail "$g SVG: $(cat "$tmp/err")"; continue; }
    $check svg-texts "$tmp/$g.svg" >"$tmp/$g.texts" || fail "$g: SVG does not parse"
    grep -q "for 127.0.0.1:43068 .* 127.0.0.1:15213" "$tmp/$g.texts" || fail "$g: no title naming the connection"
    grep -q "Time (s)" "$tmp/$g.texts" || fail "$g: no time axis"
    run -r "$lt" --graph $g --format csv -o "$tmp/$g.csv" || fail "$g CSV"
    case $g in # throughput has two axes; an RTT is y alone
    throughput) ;;
    rtt) $check y-fits "$tmp/$g.svg" "$tmp/$g.csv" y || fail "$g: the y axis" ;;
    *) $check y-fits "$tmp/$g.svg" "$tmp/$g.csv" || fail "$g: the y axis" ;;
    esac
    run -r "$lt" --graph $g --size 640x400 --format png -o "$tmp/$g.img" || fail "$g PNG"
    $check png "$tmp/$g.img" 640 400 || fail "$g PNG content"
done
grep -q "Sequence Numbers (tcptrace)" "$tmp/tcptrace.texts" || fail "tcptrace title"
grep -q "Round Trip Time" "$tmp/rtt.texts" || fail "rtt title"
grep -q "RTT (ms)" "$tmp/rtt.texts" || fail "rtt axis"
grep -q "Throughput (bits/s)" "$tmp/throughput.texts" || fail "throughput's right axis"
run -r "$lt" --graph window --size 800x500 -o "$tmp/w.pdf" || fail "window PDF"
pdfinfo "$tmp/w.pdf" | grep -q "Page size: *800 x 500 pts" || fail "window PDF: $(pdfinfo "$tmp/w.pdf" | grep 'Page size')"
rm -rf "$tmp/ppm" && mkdir -p "$tmp/ppm"
pdftoppm -r 36 "$tmp/w.pdf" "$tmp/ppm/p" && $check ppm-dir "$tmp/ppm" 1 || fail "window PDF page"

# What cannot be drawn.
usage() { # WANT_RC WANT_TEXT ARGS...
    want=$1 text=$2
    shift 2
    rc=0
    run "$@" >/dev/null || rc=$?
    if [ $rc -ne "$want" ] || ! grep -q -- "$text" "$tmp/err"; then
        fail "sniff $*: exit $rc, not $want with '$text': $(cat "$tmp/err")"
    fi
}
e=$top/captures/echo-lo.pcap
usage 2 "--ladder draws text, svg, pdf or png" -r "$e" --ladder --format csv
usage 2 "--graph takes stevens" -r "$e" --graph ladder
usage 2 "--graph draws svg, pdf or png" -r "$e" --graph rtt --format text
usage 2 "-o, --size, --direction and --format text|svg|pdf|png|csv go with" -r "$e" -o "$tmp/x.svg"
usage 2 "takes pcap or pcapng (the -w file), or text, svg, pdf, png or csv" -r "$e" --ladder --format jpg
usage 2 "--size needs WIDTHxHEIGHT" -r "$e" --graph rtt --size 10x10
usage 2 "cannot be combined" -r "$e" --ladder -V
usage 2 "-T html writes a web page" -T html -r "$e" -o "$tmp/x.svg"
usage 1 "conn #7 does not occur in this capture" -r "$e" --graph stevens --follow 7 -o "$tmp/x.svg"
# --follow N of a connection there is: its picture, no error (exit 0, nothing on stderr
# but the privilege drop)
run -r "$top/captures/iterative-two-clients.pcap" --ladder --follow 1 >"$tmp/f1.txt" || fail "--ladder --follow 1: $(cat "$tmp/err")"
grep -q "conn #1 (tcp.stream 1)" "$tmp/f1.txt" || fail "--ladder --follow 1: not conn #1's ladder"
if grep -v "dropped privileges" "$tmp/err" | grep -q .; then fail "--ladder --follow 1 said: $(cat "$tmp/err")"; fi
usage 1 "conn #7 does not occur" -r "$e" --ladder --follow 7 -o "$tmp/x.png"

fails_exit
echo "all pictures checked"
