#!/bin/sh
# test_analysis_echo.sh GEN: the annotations and echo verdicts of sniff/track/analysis.c and
# annotate.c, frame by frame, on the synthetic echo sessions of tests/gen_tcp_cases.c:
# a correct echo (the lecture's, echo latency 2.154 ms), a NUL over the last byte, an echo
# cut to an 8-byte buffer (its hint), and a lost tail. Each frame's lines: the states of
# both ends, what the segment means, the lessons said once per connection, the alerts.
# Output of `GEN -A`: frame, Info prefix, lines.
set -eu
gen=$1
# shellcheck source=tests/tcp_cases_lib.sh
. "$(dirname "$0")/tcp_cases_lib.sh"
cases_dir "$gen"
# opening CPORT: the first four frames' lines of every echo case (the handshake from the
# client's port CPORT, and the lecture's line as request #1).
opening() {
    sed "s/CPORT/$1/g" <<'END'
1		client SYN-SENT, server UNKNOWN	conn #0, handshake 1/3: the client's connect() sends SYN. CPORT is an ephemeral port (in both IANA's 49152-65535 and Linux's 32768-60999): the client's kernel picked it at connect(), unless the client bound it; 15213 is the server's port, in IANA's registered range (1024-49151): the lab chose it (sniff knows no service name for it).	server UNKNOWN: no packet from the server yet shows whether a socket listens there (a SYN-ACK will say it does, a RST that none does).	Seq=0 is relative, as Wireshark shows it: the client's initial sequence number (ISN) is 1000000, chosen by its kernel to be hard to guess (RFC 9293 3.4.1, RFC 6528); this connection's client Seq and server Ack numbers are counted from it.	The SYN's options tell the server what the client can do: MSS=1460, the largest segment payload it will receive (usually its interface's MTU less 40 bytes of IP and TCP headers: 1500).
2		client SYN-SENT -> ESTABLISHED, server UNKNOWN -> SYN-RECEIVED	handshake 2/3: the server's kernel answers the SYN for a socket in listen(); the new connection waits in the listen backlog, and the server's accept() cannot return it before the handshake's last ACK. A blocking connect() in the client returns when this SYN-ACK arrives (a non-blocking one reports it through poll() and SO_ERROR); its kernel answers with the ACK.	Ack=1: the client's SYN took sequence number 0, so the next byte the server expects is Seq=1 (an Ack is always the next byte its sender expects). The server's own ISN is 2000000: its Seq=0.
3		client ESTABLISHED, server SYN-RECEIVED -> ESTABLISHED	handshake 3/3: the client's kernel acknowledges the server's SYN; both ends are ESTABLISHED, and the server's accept() can now return a new socket (connfd) for (10.0.0.1:CPORT, 10.0.0.2:15213)
4		client ESTABLISHED, server ESTABLISHED	client data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "here is a message\n": request #1 for the echo check. Probably one write() or send() of 18 bytes: the segment went out alone, the client's first data, with PSH	sniff calls the new bytes of each client segment a request and checks that the server sends the same bytes back, in order; it cannot see the application's messages, only the bytes.	PSH (push): the client's kernel asks that the data be handed on without waiting for more. Linux sets it on the last segment of what it had queued when a write() returned, and inside a long write when much is unpushed: a hint at the end of a write, not a mark of it. The receiving kernel makes data available to read() whether PSH is set or not.
END
}
check() { # CASE CPORT, expected output after the opening on stdin
    { opening "$2" && cat; } >"$dir/$1.want"
    "$gen" -A "$dir/$1.pcap" >"$dir/$1.got"
    if diff -u "$dir/$1.want" "$dir/$1.got"; then
        echo "ok $1"
    else
        echo "FAIL $1"
        fail=1
    fi
}
check echo_ok 55306 <<'END'
5		client ESTABLISHED, server ESTABLISHED	the server's kernel acknowledges 18 bytes of the client's (Ack=19); ACK RTT 2.000 ms after frame 4, the segment it acknowledges (TCP's round-trip time as Wireshark measures it, tcp.analysis.ack_rtt: the way there and back and the receiving kernel's wait, a delayed ACK included; the echo latency, which includes the server's application, is another figure)	Ack=19: the server has every byte of the client's up to Seq=18 and expects Seq=19 next; one ACK covers all the bytes before it (cumulative).	A separate ACK, with no data: the server's kernel acknowledges what reached its receive buffer, whether the application has read it or not, and before the application has anything to send.
6		client ESTABLISHED, server ESTABLISHED	server data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "here is a message\n": the echo of request #1 (18/18 bytes), identical; echo latency 2.154 ms. Probably one write() or send() of 18 bytes: the segment went out alone, the server's first data, with PSH	Echo latency: from the client's segment that carried request #1 to this server segment, which completes its echo; it includes the server's time to read and write. TCP's own round-trip time (ACK RTT, Wireshark's tcp.analysis.ack_rtt) runs from a segment to the ACK that covers it.
7		client ESTABLISHED -> FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT	client FIN: the client will send no more data. It called close() or shutdown() (SHUT_WR or SHUT_RDWR), or its process ended (the kernel then closes its sockets); the wire tells which only if the client goes on receiving. The server's read() returns 0 (EOF) once it has read the bytes before this FIN
8		client FIN-WAIT-1 -> TIME-WAIT, server CLOSE-WAIT -> LAST-ACK	server FIN, acknowledging the client's FIN: the server is done too (close() or shutdown(), or its process ended); an echo server does this when read() returns 0. The client, whose FIN came first, enters TIME-WAIT and stays there for 2 MSL (Linux: 60 s): late segments of this connection die out before the socket pair can be used again
9		client TIME-WAIT, server LAST-ACK -> CLOSED	the client's kernel acknowledges the server's FIN: conn #0 is closed. The client stays in TIME-WAIT
conn #0: FIN, packets 5/4, bytes 18/18, requests 1: verified 1, mismatched 0, unchecked 0, unechoed 0
END
check echo_nul 55307 <<'END'
5		client ESTABLISHED, server ESTABLISHED	server data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "here is a message\x00": the echo of request #1 (18/18 bytes), DIFFERENT; echo latency 2.000 ms. Probably one write() or send() of 18 bytes: the segment went out alone, the server's first data, with PSH	Echo latency: from the client's segment that carried request #1 to this server segment, which completes its echo; it includes the server's time to read and write. TCP's own round-trip time (ACK RTT, Wireshark's tcp.analysis.ack_rtt) runs from a segment to the ACK that covers it.	ECHO MISMATCH at byte 17 of conn #0: expected '\n' (0a), got NUL (00)	Its ACK field also acknowledges 18 bytes of the client's (Ack=19): an ACK riding on data (piggybacked) saves a separate segment.
conn #0: open, packets 3/2, bytes 18/18, requests 1: verified 0, mismatched 1, unchecked 0, unechoed 0
END
check echo_trunc 55308 <<'END'
5		client ESTABLISHED, server ESTABLISHED	server data: bytes 0-7 of its stream (byte 0 is Seq=1), 8 bytes "here is ": the echo of request #1 (8/18 bytes), identical so far. Probably one write() or send() of 8 bytes: the segment went out alone, the server's first data, with PSH	Its ACK field also acknowledges 18 bytes of the client's (Ack=19): an ACK riding on data (piggybacked) saves a separate segment.
6		client ESTABLISHED, server ESTABLISHED	client data: bytes 18-24 of its stream, 7 bytes "second\n": request #2 for the echo check. Probably one write() or send() of 7 bytes: the segment went out alone, 100.000 ms after the client's previous data, with PSH
7		client ESTABLISHED, server ESTABLISHED	server data: bytes 8-14 of its stream, 7 bytes "second\n": the echo of request #1 (15/18 bytes), DIFFERENT. Probably one write() or send() of 7 bytes: the segment went out alone, 100.000 ms after the server's previous data, with PSH	ECHO MISMATCH at byte 8 of conn #0: expected 'a' (61), got 's' (73); the echo of this line stopped after 8 bytes (a power of two) and the next line's echo follows	likely cause: echo cut at 8 bytes, a buffer's size: the server reads into a buffer of 8 bytes and drops the rest of the line (or never sends it)
conn #0: open, packets 4/3, bytes 25/15, requests 2: verified 0, mismatched 1, unchecked 0, unechoed 1
END
check echo_tail 55309 <<'END'
5		client ESTABLISHED, server ESTABLISHED	server data: bytes 0-9 of its stream (byte 0 is Seq=1), 10 bytes "here is a ": the echo of request #1 (10/18 bytes), identical so far. Probably one write() or send() of 10 bytes: the segment went out alone, the server's first data, with PSH	Its ACK field also acknowledges 18 bytes of the client's (Ack=19): an ACK riding on data (piggybacked) saves a separate segment.
6		client ESTABLISHED -> FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT	client FIN: the client will send no more data. It called close() or shutdown() (SHUT_WR or SHUT_RDWR), or its process ended (the kernel then closes its sockets); the wire tells which only if the client goes on receiving. The server's read() returns 0 (EOF) once it has read the bytes before this FIN
7		client FIN-WAIT-1 -> TIME-WAIT, server CLOSE-WAIT -> LAST-ACK	server FIN, acknowledging the client's FIN: the server is done too (close() or shutdown(), or its process ended); an echo server does this when read() returns 0. The client, whose FIN came first, enters TIME-WAIT and stays there for 2 MSL (Linux: 60 s): late segments of this connection die out before the socket pair can be used again	ECHO INCOMPLETE in conn #0: the server echoed 10 of the 18 bytes the client sent
conn #0: FIN, packets 4/3, bytes 18/10, requests 1: verified 0, mismatched 0, unchecked 0, unechoed 1
END
exit $fail
