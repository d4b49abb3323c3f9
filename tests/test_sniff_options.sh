#!/bin/sh
# test_sniff_options.sh SNIFF: the options people bring from tshark and tcpdump, and the
# errors a person can act on, on captures/ (no privileges needed):
#   combined short options (-vv, -XX, -nn, -tt) and the option an error names;
#   -T fields/-e/-E, tcpdump's -e, -S, -q, -l, -a packets:, -tt..-ttttt;
#   -s, -i, -B with -r refused; --follow of a missing connection (stderr, exit 1);
#   libpcap's file errors in our words (empty, cut header, text, gzip), the path once;
#   -w - refusing a terminal (script(1) gives one); -w to a full device (exit 1, the
#   cause); -n naming no port (annotations).
set -eu

sniff=${1:?usage: test_sniff_options.sh SNIFF}
top=$(cd "$(dirname "$0")/.." && pwd)
cap=$top/captures/echo-lo.pcap
tmp=$(mktemp -d)
chmod 755 "$tmp" # sniff run as root drops to nobody, who must reach the files here
trap 'rm -rf "$tmp"' EXIT
# Times in UTC and no colour, whatever the caller's environment.
export TZ=UTC NO_COLOR=1
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
count() { # FILE: packet lines of a list
    awk '$1 ~ /^[0-9]+$/' "$1" | wc -l
}

# ---- combined short options name what was typed ----
expect 2 "$sniff" -vv
contains "$tmp/err" "-v: sniff has no verbosity levels"
contains "$tmp/err" "-V"
lacks "$tmp/err" "unknown option 'sniff'"
expect 2 "$sniff" -r "$cap" -Xq9
contains "$tmp/err" "unknown option '-9'"
expect 2 "$sniff" -r "$cap" -c
contains "$tmp/err" "option '-c' needs a value; none was given (write it as '-c VALUE')"
expect 2 "$sniff" -r "$cap" --bogus
contains "$tmp/err" "unknown option '--bogus'"
expect 0 "$sniff" -r "$cap" -XX -nn -c 1
contains "$tmp/out" "0000  00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00"

# ---- times: tshark's letters, tcpdump's repeated -t ----
expect 0 "$sniff" -r "$cap" -tt -c 2
contains "$tmp/out" "1795625708.940619"
expect 0 "$sniff" -r "$cap" -ttt -c 2
contains "$tmp/out" "0.000010"
expect 0 "$sniff" -r "$cap" -tttt -c 1
contains "$tmp/out" "2026-11-25 16:55:08.940609"
expect 0 "$sniff" -r "$cap" -t ud -c 1
contains "$tmp/out" "2026-11-25 16:55:08.940609"

# ---- -S, -q, -e, -a packets:, -l ----
expect 0 "$sniff" -r "$cap" -S -c 2
contains "$tmp/out" "Seq=4086242855"
contains "$tmp/out" "Seq=2074025868 Ack=4086242856"
expect 0 "$sniff" -r "$cap" -q --summary
lacks "$tmp/out" "[SYN]"
lacks "$tmp/out" "Protocol Length Info"
contains "$tmp/out" "127.0.0.1:36704"
expect 0 "$sniff" -r "$top/captures/two-hosts.pcap" --all -e -c 1
contains "$tmp/out" "02:00:5e:10:00:01 > ff:ff:ff:ff:ff:ff, ARP (0x0806): Who has 192.0.2.2?"
expect 0 "$sniff" -r "$cap" -a packets:3
[ "$(count "$tmp/out")" -eq 3 ] || fail "-a packets:3 printed $(count "$tmp/out") packets"
expect 0 "$sniff" -r "$cap" -l -U -c 1
[ "$(count "$tmp/out")" -eq 1 ] || fail "-l -U"
expect 2 "$sniff" -r "$cap" -a duration:5
contains "$tmp/err" "-a duration: stops a live capture"
expect 2 "$sniff" -r "$cap" -a bogus:1
contains "$tmp/err" "-a takes duration:SECONDS, packets:N or filesize:KB"

# ---- -T fields, -e, -E ----
expect 0 "$sniff" -r "$cap" -T fields -e frame.number -e tcp.len -e ip.addr -E header=y \
    -E separator=, -E quote=d -Y 'tcp.len > 0'
printf 'frame.number,tcp.len,ip.addr\n"4","18","127.0.0.1,127.0.0.1"\n' >"$tmp/want"
head -2 "$tmp/out" | cmp -s - "$tmp/want" || { fail "-T fields -E"; cat "$tmp/out"; }
expect 2 "$sniff" -r "$cap" -T fields
contains "$tmp/err" "-T fields needs at least one -e FIELD"
expect 2 "$sniff" -r "$cap" -E header=y
contains "$tmp/err" "-E sets -T fields' output"
expect 2 "$sniff" -r "$cap" -T fields -e tcp.prot
contains "$tmp/err" "-e tcp.prot: tcp.prot is neither a field nor a protocol name"
expect 2 "$sniff" -r "$cap" -T fields -e http.request.method
contains "$tmp/err" "sniff does not support the field http.request.method yet"
expect 2 "$sniff" -r "$cap" -T fields -e frame.number -E quote=x
contains "$tmp/err" "-E takes header=y|n"
expect 2 "$sniff" -r "$cap" -T fields -e frame.number -V
contains "$tmp/err" "cannot be combined with -V"

# ---- -Y: strings, a capture filter given as -Y ----
expect 0 "$sniff" -r "$cap" -Y 'tcp.payload contains "message" && tcp.flags & 0x08'
[ "$(count "$tmp/out")" -eq 4 ] || fail "-Y contains: $(count "$tmp/out") packets"
expect 2 "$sniff" -r "$cap" -Y 'tcp port 15213'
contains "$tmp/err" "That looks like a capture filter"
expect 2 "$sniff" -r "$cap" -Y 'http.request'
contains "$tmp/err" "sniff does not support the field http.request yet"

# ---- -r with live-capture options ----
expect 2 "$sniff" -r "$cap" -s 60
contains "$tmp/err" "-s applies to live capture"
expect 2 "$sniff" -r "$cap" -i lo
contains "$tmp/err" "-i captures live; with -r sniff reads the file instead"
expect 2 "$sniff" -r "$cap" -B 4096
contains "$tmp/err" "-B sizes the live capture's buffer"

# ---- --follow of a connection that is not there ----
expect 1 "$sniff" -r "$cap" --follow=9
contains "$tmp/err" "--follow 9: there is no tcp.stream 9 in this capture (it has 1 TCP connection, tcp.stream 0 to 0"
[ ! -s "$tmp/out" ] || fail "--follow=9 wrote on standard output: $(cat "$tmp/out")"
expect 0 "$sniff" -r "$cap" --follow=0
contains "$tmp/out" "here is a message"

# ---- file errors in our words, the path once ----
: >"$tmp/empty.pcap"
expect 1 "$sniff" -r "$tmp/empty.pcap"
contains "$tmp/err" "$tmp/empty.pcap is empty (0 bytes): not a capture file"
head -c 10 "$cap" >"$tmp/short.pcap"
expect 1 "$sniff" -r "$tmp/short.pcap"
contains "$tmp/err" "is cut inside its file header (the file has only 10 bytes)"
expect 1 "$sniff" -r "$top/README.md"
contains "$tmp/err" "README.md is text, not a capture file (it begins \"# echosniff"
gzip -c "$cap" >"$tmp/c.pcap.gz"
expect 1 "$sniff" -r "$tmp/c.pcap.gz"
contains "$tmp/err" "is compressed with gzip"
expect 1 "$sniff" -r "$tmp/missing.pcap"
[ "$(grep -o "$tmp/missing.pcap" "$tmp/err" | wc -l)" -eq 1 ] || fail "the missing path is named more than once"
for e in "$tmp/err"; do lacks "$e" "truncated dump file"; done

# ---- -w: a full device, a terminal ----
expect 1 "$sniff" -r "$cap" -w /dev/full
contains "$tmp/err" "/dev/full: cannot write the capture file's header: No space left on device"
lacks "$tmp/err" "write error"
if command -v script >/dev/null 2>&1; then
    rc=0
    timeout 20 script -qec "$sniff -r $cap -w -" /dev/null >"$tmp/tty" 2>&1 || rc=$?
    [ "$rc" -eq 2 ] || fail "-w - to a terminal exited $rc, wanted 2"
    contains "$tmp/tty" "-w - would write binary capture data onto the terminal"
fi
rc=0
"$sniff" -r "$cap" -w - 2>/dev/null | "$sniff" -r - -T fields -e frame.number >"$tmp/pipe" 2>/dev/null || rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$tmp/pipe")" -eq 13 ] || fail "-w - into a pipe: $(wc -l <"$tmp/pipe") packets"

# ---- -n: no names of any kind (the annotation's port name from /etc/services) ----
python3 - "$tmp/http.pcap" <<'PY'
import struct, sys
tcp = struct.pack('!HHIIBBHHH', 40000, 80, 1, 0, 5 << 4, 0x02, 512, 0, 0)
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 40, 1, 0x4000, 64, 6, 0, bytes([127, 0, 0, 1]),
                 bytes([127, 0, 0, 1]))
b = b'\0' * 12 + b'\x08\x00' + ip + tcp
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    f.write(struct.pack('<IIII', 1700000000, 0, len(b), len(b)) + b)
PY
expect 0 "$sniff" -r "$tmp/http.pcap" --all -A
if grep -q "^http[[:space:]]*80/tcp" /etc/services 2>/dev/null; then
    contains "$tmp/out" "80 (http) is the server's port, a well-known one"
fi
expect 0 "$sniff" -r "$tmp/http.pcap" --all -A -n
contains "$tmp/out" "80 is the server's port, a well-known one"
lacks "$tmp/out" "(http)"

cli_done
