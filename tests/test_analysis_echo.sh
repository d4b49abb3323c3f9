#!/bin/sh
# test_analysis_echo.sh GEN: the annotations and echo verdicts of sniff/track/analysis.c and
# annotate.c, frame by frame, on the synthetic echo sessions of tests/gen_tcp_cases.c:
# a correct echo (the lecture's, RTT 2.154 ms), a NUL over the last byte, an echo cut to
# an 8-byte buffer, and a lost tail. Output of `GEN -A`: frame, Info prefix, lines.
set -eu
gen=$1
# shellcheck source=tests/tcp_cases_lib.sh
. "$(dirname "$0")/tcp_cases_lib.sh"
cases_dir "$gen"
check() { # case, expected output on stdin
    cat >"$dir/$1.want"
    "$gen" -A "$dir/$1.pcap" >"$dir/$1.got"
    if diff -u "$dir/$1.want" "$dir/$1.got"; then
        echo "ok $1"
    else
        echo "FAIL $1"
        fail=1
    fi
}
check echo_ok <<'END'
1		conn #0: client connect() -> SYN, handshake 1/3. 55306 is an ephemeral port picked by the client's kernel (in both IANA's 49152-65535 and Linux's 32768-60999); 15213 is the server's well-known port.
2		handshake 2/3: the server's kernel answers from the listen() backlog; accept() has not returned yet.
3		handshake 3/3: connection established; accept() can now return connfd for (10.0.0.1:55306, 10.0.0.2:15213).
4		client send(): request #1, 18 bytes "here is a message\n"
5		server's kernel acknowledges 18 bytes (the application may not have read them yet)
6		server send(): echo of request #1, 18/18 bytes, identical, RTT 2.154 ms
7		client close(): FIN, no more data from the client; the server's read() returns 0 (EOF) once it has read the rest
8		server close() too: FIN after reading EOF; the client, which closed first, will wait in TIME_WAIT
9		the client's kernel acknowledges the server's FIN: conn #0 is closed (the side that closed first keeps the socket pair in TIME_WAIT for 2 MSL)
conn #0: FIN, packets 5/4, bytes 18/18, requests 1: verified 1, mismatched 0, unchecked 0, unechoed 0
END
check echo_nul <<'END'
1		conn #0: client connect() -> SYN, handshake 1/3. 55307 is an ephemeral port picked by the client's kernel (in both IANA's 49152-65535 and Linux's 32768-60999); 15213 is the server's well-known port.
2		handshake 2/3: the server's kernel answers from the listen() backlog; accept() has not returned yet.
3		handshake 3/3: connection established; accept() can now return connfd for (10.0.0.1:55307, 10.0.0.2:15213).
4		client send(): request #1, 18 bytes "here is a message\n"
5		server send(): echo of request #1, 18/18 bytes, DIFFERENT, RTT 2.000 ms	ECHO MISMATCH at byte 17 of conn #0: expected 0a got 00
conn #0: open, packets 3/2, bytes 18/18, requests 1: verified 0, mismatched 1, unchecked 0, unechoed 0
END
check echo_trunc <<'END'
1		conn #0: client connect() -> SYN, handshake 1/3. 55308 is an ephemeral port picked by the client's kernel (in both IANA's 49152-65535 and Linux's 32768-60999); 15213 is the server's well-known port.
2		handshake 2/3: the server's kernel answers from the listen() backlog; accept() has not returned yet.
3		handshake 3/3: connection established; accept() can now return connfd for (10.0.0.1:55308, 10.0.0.2:15213).
4		client send(): request #1, 18 bytes "here is a message\n"
5		server send(): echo of request #1, 8/18 bytes, identical so far
6		client send(): request #2, 7 bytes "second\n"
7		server send(): echo of request #1, 15/18 bytes, DIFFERENT	ECHO MISMATCH at byte 8 of conn #0: expected 61 got 73
conn #0: open, packets 4/3, bytes 25/15, requests 2: verified 0, mismatched 1, unchecked 0, unechoed 1
END
check echo_tail <<'END'
1		conn #0: client connect() -> SYN, handshake 1/3. 55309 is an ephemeral port picked by the client's kernel (in both IANA's 49152-65535 and Linux's 32768-60999); 15213 is the server's well-known port.
2		handshake 2/3: the server's kernel answers from the listen() backlog; accept() has not returned yet.
3		handshake 3/3: connection established; accept() can now return connfd for (10.0.0.1:55309, 10.0.0.2:15213).
4		client send(): request #1, 18 bytes "here is a message\n"
5		server send(): echo of request #1, 10/18 bytes, identical so far
6		client close(): FIN, no more data from the client; the server's read() returns 0 (EOF) once it has read the rest
7		server close() too: FIN after reading EOF; the client, which closed first, will wait in TIME_WAIT	ECHO INCOMPLETE in conn #0: the server echoed 10 of the 18 bytes the client sent
conn #0: FIN, packets 4/3, bytes 18/10, requests 1: verified 0, mismatched 0, unchecked 0, unechoed 1
END
exit $fail
