/*
 * test_annotate.c: the annotation sentences (sniff/format/annotate.c and ann_*.c) on
 * segments replayed through the analysis: the lecture's echo session (CSSE132 "Network
 * Programming", frames 1255-2382: 128.237.252.163:55306 to 128.2.220.10:15213), then one
 * test per sentence that was once false, so that it cannot come back: a segment called a
 * send(), a FIN called close(), the last ACK of a half-close read as a plain ACK, a RST
 * blamed on a dead process, 15213 called well-known, the echo's time called RTT, a window
 * update blamed on the application alone. Then the states line, the mismatch hints, the
 * lessons said once, port ranges and names, ARP and ICMP.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "analysis.h"
#include "analysis_fixture.h"
#include "annotate.h"

static const uint8_t cli_ip[4] = {128, 237, 252, 163}, srv_ip[4] = {128, 2, 220, 10};

struct fx {
    struct fx_an a; /* first: fx_an_new and fx_an_teardown */
    struct annotate ann;
    struct ann_lines L;
};

static int setup(void **state)
{
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_conns = 16};
    struct fx *fx = fx_an_new(sizeof *fx, &o);
    assert_non_null(fx);
    annotate_init(&fx->ann, false, 15213);
    fx->ann.no_services = true;
    fx->ann.no_states = true; /* each test's first line is the sentence; one test the states */
    fx_init(&fx->a.c, cli_ip, 55306, srv_ip, 15213);
    *state = fx;
    return 0;
}

/* Sends the next segment through analysis and annotation; returns the first line. */
static const char *step_n(struct fx *fx, int dir, int64_t t_us, uint16_t flags, const char *data,
                          uint32_t len, uint16_t win)
{
    assert_true(fx_an_send(&fx->a, dir, t_us, flags, data, len, win));
    annotate_lines(&fx->ann, &fx->a.p, &fx->a.r, &fx->L);
    return fx->L.n ? fx->L.line[0] : "";
}

static const char *step(struct fx *fx, int dir, int64_t t_us, uint16_t flags, const char *data,
                        uint16_t win)
{
    return step_n(fx, dir, t_us, flags, data, data ? (uint32_t)strlen(data) : 0, win);
}

/* The line of L holding s, or -1. */
static int line_of(const struct fx *fx, const char *s)
{
    for (int i = 0; i < fx->L.n; i++)
        if (strstr(fx->L.line[i], s) != NULL)
            return i;
    return -1;
}

/* Whether any line holds s. */
static bool said(const struct fx *fx, const char *s)
{
    return line_of(fx, s) >= 0;
}

#define C 0
#define S 1
#define PA (TCP_PSH | TCP_ACK)

static void handshake(struct fx *fx)
{
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
}

/* The test's connection after the handshake and the client's line at 3 ms. */
static struct fx *after_request(void **state, const char *line)
{
    struct fx *fx = *state;
    handshake(fx);
    step(fx, C, 3000, PA, line, 65535);
    return fx;
}

static void test_lecture_session(void **state)
{
    struct fx *fx = *state;
    assert_string_equal(step(fx, C, 15881493, TCP_SYN, NULL, 65535),
                        "conn #0, handshake 1/3: the client's connect() sends SYN. 55306 is an "
                        "ephemeral port (in both IANA's 49152-65535 and Linux's 32768-60999): "
                        "the client's kernel picked it at connect(), unless the client bound it; "
                        "15213 is the server's port, in IANA's registered range (1024-49151): "
                        "the lab chose it (sniff knows no service name for it).");
    assert_true(said(fx, "initial sequence number (ISN) is 287454020")); /* 0x11223344 */
    assert_string_equal(step(fx, S, 15883817, TCP_SYN | TCP_ACK, NULL, 5840),
                        "handshake 2/3: the server's kernel answers the SYN for a socket in "
                        "listen(); the new connection waits in the listen backlog, and the "
                        "server's accept() cannot return it before the handshake's last ACK. A "
                        "blocking connect() in the client returns when this SYN-ACK arrives (a "
                        "non-blocking one reports it through poll() and SO_ERROR); its kernel "
                        "answers with the ACK.");
    assert_string_equal(step(fx, C, 15883897, TCP_ACK, NULL, 65532),
                        "handshake 3/3: the client's kernel acknowledges the server's SYN; both "
                        "ends are ESTABLISHED, and the server's accept() can now return a new "
                        "socket (connfd) for (128.237.252.163:55306, 128.2.220.10:15213)");
    assert_string_equal(step(fx, C, 21914380, PA, "here is a message\n", 65532),
                        "client data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "
                        "\"here is a message\\n\": request #1 for the echo check. Probably one "
                        "write() or send() of 18 bytes: the segment went out alone, the "
                        "client's first data, with PSH");
    assert_string_equal(step(fx, S, 21916474, TCP_ACK, NULL, 5888),
                        "the server's kernel acknowledges 18 bytes of the client's (Ack=19)");
    assert_true(said(fx, "A separate ACK, with no data"));
    assert_string_equal(step(fx, S, 21916534, PA, "here is a message\n", 5888),
                        "server data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 bytes "
                        "\"here is a message\\n\": the echo of request #1 (18/18 bytes), "
                        "identical; echo latency 2.154 ms. Probably one write() or send() of 18 "
                        "bytes: the segment went out alone, the server's first data, with PSH");
    /* The client's ACK came 195.689 ms after the echo: the slide's delayed ACK. */
    step(fx, C, 22112223, TCP_ACK, NULL, 65516);
    assert_true(said(fx, "This ACK left 195.689 ms after the segment it acknowledges, with no "
                         "data: the pattern of a delayed ACK"));
    step(fx, C, 29053184, PA, "this is another message\n", 65516);
    assert_string_equal(step(fx, S, 29055004, PA, "this is another message\n", 5888),
                        "server data: bytes 18-41 of its stream, 24 bytes \"this is another "
                        "message\\n\": the echo of request #2 (24/24 bytes), identical; echo "
                        "latency 1.820 ms. Probably one write() or send() of 24 bytes: the "
                        "segment went out alone, 7.138 s after the server's previous data, with "
                        "PSH");
    step(fx, C, 29253626, TCP_ACK, NULL, 65492);
    step(fx, C, 30229193, TCP_FIN | TCP_ACK, NULL, 65492);
    assert_string_equal(step(fx, S, 30231000, TCP_FIN | TCP_ACK, NULL, 5888),
                        "server FIN, acknowledging the client's FIN: the server is done too "
                        "(close() or shutdown(), or its process ended); an echo server "
                        "does this when read() returns 0. The client, whose FIN came first, "
                        "enters TIME-WAIT and stays there for 2 MSL (Linux: 60 s): late segments "
                        "of this connection die out before the socket pair can be used again");
    assert_int_equal(fx->L.n, 1); /* complete echo: no close verdict line */
    assert_string_equal(step(fx, C, 30231100, TCP_ACK, NULL, 65492),
                        "the client's kernel acknowledges the server's FIN: conn #0 is closed. "
                        "The client stays in TIME-WAIT");
}

/* A segment is not a send(): a burst is the kernel's cutting, and no line calls one
 * segment a send() (the old "client send(): request #N, 62491 bytes"). */
static void test_segment_not_send(void **state)
{
    struct fx *fx = *state;
    handshake(fx);
    static char big[1448];
    memset(big, 'x', sizeof big);
    step_n(fx, C, 10000, TCP_ACK, big, sizeof big, 65535);
    assert_true(said(fx, "No PSH: its kernel had more queued right behind it"));
    assert_true(said(fx, "the kernel cuts what the application writes (one large write or "
                         "several) into segments; a segment is not a send()"));
    step_n(fx, C, 10020, PA, big, sizeof big, 65535);
    assert_true(said(fx, "0.020 ms after the client's previous data, which had no PSH: this "
                         "segment ends a burst; the kernel cut what the application wrote"));
    assert_false(said(fx, "Probably one write()"));
    /* PSH on the previous segment too: a PSH inside a long write (Linux's forced push,
     * large-transfer.pcap's frame 6) does not end it, so nothing is claimed. */
    step_n(fx, C, 10040, PA, big, sizeof big, 65535);
    assert_true(said(fx, "one write(), several, or the rest of a larger one: the wire cannot "
                         "tell which"));
    assert_false(said(fx, "cut what"));
    assert_false(said(fx, "nothing more"));
    assert_false(said(fx, "send():"));
    /* Data sent while earlier data is unacknowledged: no claim on the write() calls. */
    step_n(fx, C, 30000, PA, "tail\n", 5, 65535);
    assert_true(said(fx, "how many write() calls made these bytes, the wire does not show"));
    assert_true(said(fx, "Bytes in flight") || fx->ann.conns[0].taught != 0);
}

/* A FIN is close() or shutdown(SHUT_WR) (the old "client close():"); data acknowledged
 * after it proves the half-close, said on the ACK that closes the connection too (the old
 * "client's kernel acknowledges 191445 bytes" on large-transfer's last frame). */
static void test_fin_and_half_close(void **state)
{
    struct fx *fx = after_request(state, "line\n");
    assert_string_equal(step(fx, C, 3100, TCP_FIN | TCP_ACK, NULL, 65535),
                        "client FIN: the client will send no more data. It called close() or "
                        "shutdown() (SHUT_WR or SHUT_RDWR), or its process ended (the kernel "
                        "then closes its "
                        "sockets); the wire tells which only if the client goes on receiving. "
                        "The server's read() returns 0 (EOF) once it has read the bytes before "
                        "this FIN");
    assert_false(said(fx, "client close()"));
    step(fx, S, 4000, PA, "line\n", 5888); /* the echo, after the client's FIN */
    step(fx, S, 4100, TCP_FIN | TCP_ACK, NULL, 5888);
    assert_string_equal(step(fx, C, 4200, TCP_ACK, NULL, 65535),
                        "the client's kernel acknowledges the server's FIN: conn #0 is closed; "
                        "this ACK also covers the last 5 bytes of the server's. They arrived "
                        "after the client's own FIN, and the client still takes data: its FIN "
                        "was a half-close, shutdown(SHUT_WR) (after close() or "
                        "shutdown(SHUT_RDWR) its kernel would have answered new data with "
                        "RST). The client stays in TIME-WAIT");
}

/* RST: its causes listed, none asserted; not "or the process died" (a killed process's
 * kernel sends FIN unless data was unread). */
static void test_rst_causes(void **state)
{
    struct fx *fx = after_request(state, "here is a message\n");
    assert_string_equal(step(fx, C, 6000, TCP_RST | TCP_ACK, NULL, 0),
                        "RST from the client: its kernel aborts the connection; bytes not yet "
                        "read on either side are lost. The wire does not say why: a kernel "
                        "resets when its application calls close() (or exits) while received "
                        "data is still unread, when close() follows SO_LINGER with a zero "
                        "timeout, or when a segment comes for a connection it no longer has. The "
                        "server's socket, if still open, is reset: once any data already "
                        "received is read, read() fails with ECONNRESET, and write() with "
                        "EPIPE");
    assert_false(said(fx, "process died"));
}

/* Data after a FIN answered by RST: that side had closed its socket. */
static void test_rst_after_close(void **state)
{
    struct fx *fx = *state;
    handshake(fx);
    step(fx, C, 3000, TCP_FIN | TCP_ACK, NULL, 65535);
    step(fx, S, 4000, PA, "late\n", 5888); /* the client never acknowledges them */
    step_n(fx, C, 4100, TCP_RST, NULL, 0, 0);
    assert_true(said(fx, "RST from the client: data reached it after its FIN, and a closed "
                         "socket cannot take data"));
}

/* 15213 is in IANA's registered range, chosen by the lab, not a well-known port. */
static void test_port_words(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    assert_false(said(fx, "well-known"));
    assert_true(said(fx, "15213 is the server's port, in IANA's registered range (1024-49151): "
                         "the lab chose it"));
    fx_init(&fx->a.c, cli_ip, 40000, srv_ip, 80);
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    assert_true(said(fx, "80 is the server's port, a well-known one (IANA's system ports, "
                         "0-1023)"));
    fx_init(&fx->a.c, cli_ip, 5000, srv_ip, 8080);
    fx->ann.live = true;
    fx->ann.eph_lo = 1024;
    fx->ann.eph_hi = 4999;
    assert_string_equal(step(fx, C, 0, TCP_SYN, NULL, 65535),
                        "conn #2, handshake 1/3: the client's connect() sends SYN. 5000 is "
                        "outside this host's ephemeral range (ip_local_port_range 1024-4999): "
                        "the client chose it with bind(); 8080 is the server's port, in IANA's "
                        "registered range (1024-49151).");
}

/* The echo's time is its latency, not an RTT; TCP's RTT is named apart. */
static void test_latency_words(void **state)
{
    struct fx *fx = after_request(state, "ping\n");
    step(fx, S, 4500, PA, "ping\n", 5888);
    assert_true(said(fx, "echo latency 1.500 ms"));
    assert_false(said(fx, ", RTT "));
    assert_true(said(fx, "TCP's own round-trip time (ACK RTT"));
}

/* A window update has two causes; the wire shows neither. */
static void test_window_update_words(void **state)
{
    struct fx *fx = *state;
    handshake(fx);
    step(fx, S, 3000, TCP_ACK, NULL, 5888);
    step(fx, S, 3100, TCP_ACK, NULL, 65000);
    assert_true(said(fx, "window update: the server's window grew to 65000 bytes with no new "
                         "data or ACK: its application read data from the receive buffer, or its "
                         "kernel enlarged that buffer (receive autotuning)"));
}

/* The states of both ends, and the kinds of the lines. */
static void test_states_line(void **state)
{
    struct fx *fx = *state;
    fx->ann.no_states = false;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    assert_string_equal(fx->L.line[0], "client SYN-SENT, server UNKNOWN");
    assert_int_equal(fx->L.kind[0], ANN_STATE);
    assert_int_equal(fx->L.kind[1], ANN_TEXT);
    assert_int_equal(fx->L.kind[2], ANN_LESSON);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    assert_string_equal(fx->L.line[0],
                        "client SYN-SENT -> ESTABLISHED, server UNKNOWN -> SYN-RECEIVED");
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
    step(fx, C, 3000, TCP_FIN | TCP_ACK, NULL, 65535);
    assert_string_equal(fx->L.line[0],
                        "client ESTABLISHED -> FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT");
}

/* The NUL hint in characters, in echocheck's words; a line upper-cased. */
static void test_mismatch_hints(void **state)
{
    struct fx *fx = after_request(state, "here is a message\n");
    step_n(fx, S, 4000, PA, "here is a message\n", 19, 5888); /* and its NUL */
    assert_true(said(fx, "then 1 byte the client has not sent (yet), starting with NUL (00)"));
    step(fx, C, 5000, PA, "and another\n", 65535);
    assert_true(said(fx, "ECHO MISMATCH at byte 18 of conn #0: expected 'a' (61), got NUL (00)"));
    assert_true(said(fx, "likely cause: a NUL after the data: the server sends strlen(buf)+1 "
                         "bytes"));
    assert_int_equal(fx->L.kind[fx->L.n - 1], ANN_HINT);
    assert_true(fx->L.alert[fx->L.n - 1]);
}

static void test_upper_hint(void **state)
{
    struct fx *fx = after_request(state, "here is a message\n");
    step(fx, S, 4000, PA, "HERE IS A MESSAGE\n", 5888);
    assert_true(said(fx, "expected 'h' (68), got 'H' (48)"));
    assert_true(said(fx, "likely cause: upper-cased: the server changes the bytes (toupper())"));
}

static void test_tail_hint(void **state)
{
    struct fx *fx = after_request(state, "here is a message\n");
    step(fx, C, 3010, PA, "and the rest of it\n", 65535);
    step(fx, S, 4000, PA, "here is a message\n", 5888);
    step(fx, S, 4100, TCP_FIN | TCP_ACK, NULL, 5888); /* the server closes first */
    assert_true(said(fx, "ECHO INCOMPLETE in conn #0: the server echoed 18 of the 37 bytes the "
                         "client sent, then closed first"));
    assert_true(said(fx, "likely cause: tail missing after a short read: one read() assumed to "
                         "return everything"));
}

/* Bytes the capture missed are not checked. Past --max-pending the oldest bytes waiting
 * for their echo are given up: the echo of those bytes is "not checked: memory budget"
 * (a plain line, not an alert), never a mismatch, and the bytes kept after them are
 * still checked. */
static void test_gap_and_given_up(void **state)
{
    struct fx *fx = after_request(state, "here is a message\n");
    fx->a.c.next[0] += 10; /* ten client bytes the capture missed */
    step(fx, C, 4000, PA, "tail\n", 65535);
    step(fx, S, 5000, PA, "here is a message\n0123456789tail\n", 5888);
    assert_true(said(fx, "bytes 18-27 not captured; echo not checked there"));
    assert_true(said(fx, "identical where captured"));
    analysis_free(&fx->a.an);
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_pending = 4096};
    char err[64];
    assert_true(analysis_init(&fx->a.an, &o, err, sizeof err));
    fx_init(&fx->a.c, cli_ip, 55306, srv_ip, 15213);
    handshake(fx);
    static char big[3000];
    memset(big, 'x', sizeof big - 1);
    step(fx, C, 3000, PA, big, 65535); /* 2999 bytes wait for their echo */
    step(fx, C, 4000, PA, big, 65535); /* 5998: more than 4096, the first 2048 go */
    assert_false(said(fx, "not checked"));
    /* A wrong byte where the client's is gone: not a mismatch. */
    step(fx, S, 5000, PA, "xxxy", 5888);
    assert_true(said(fx, ": the echo of request #1 (4/2999 bytes), not checked"));
    int g = line_of(fx, "bytes 0-3 not checked: memory budget (sniff gave them up to stay "
                        "within --max-memory and --max-pending)");
    assert_true(g >= 0);
    assert_int_equal(fx->L.kind[g], ANN_TEXT);
    assert_false(fx->L.alert[g]);
    assert_false(said(fx, "MISMATCH"));
    assert_int_equal(fx->a.r.echo.verdict, ECHO_UNCHECKED);
    /* Across the end of the given-up range: compared where the bytes are held. */
    static char more[2051];
    memset(more, 'x', 2050);
    step(fx, S, 6000, PA, more, 5888); /* 4-2053: 4-2047 given up, 2048-2053 compared */
    assert_true(said(fx, "identical where checked"));
    assert_true(said(fx, "bytes 4-2047 not checked: memory budget"));
    /* Past the given-up range the check goes on: a wrong byte there is a mismatch. */
    step(fx, S, 7000, PA, "xxxxxz", 5888);
    assert_int_equal(fx->a.r.echo.verdict, ECHO_MISMATCH);
    assert_int_equal(fx->a.r.echo.mismatch_at, 2059);
    assert_true(said(fx, "ECHO MISMATCH at byte 2059 of conn #0"));
    assert_false(said(fx, "memory budget"));
}

static void test_refused(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    fx->a.c.next[1] = 0;
    assert_string_equal(step(fx, S, 100, TCP_RST | TCP_ACK, NULL, 0),
                        "connection refused: no socket listens on 128.2.220.10:15213 (no "
                        "listen() there), so its kernel answers the SYN with RST (a firewall "
                        "rule can send one too); the client's connect() fails with ECONNREFUSED "
                        "(a non-blocking one reports it through SO_ERROR)");
}

/* Lessons are said once per connection. */
static void test_lessons_once(void **state)
{
    struct fx *fx = after_request(state, "a\n");
    assert_true(said(fx, "PSH (push): the client's kernel asks that the data be handed on"));
    assert_true(said(fx, "a hint at the end of a write, not a mark of it"));
    assert_false(said(fx, "nothing more"));
    step(fx, C, 9000, PA, "b\n", 65535);
    assert_false(said(fx, "PSH:"));
}

/* A retransmission names the timer, and the doubling when it shows. */
static void test_rto_doubling(void **state)
{
    struct fx *fx = *state;
    handshake(fx);
    step(fx, C, 100000, PA, "lost line\n", 65535);
    for (int i = 0, t = 100000, gap = 206000; i < 2; i++, gap *= 2) {
        t += gap;
        fx->a.c.next[0] -= 10;
        step(fx, C, t, PA, "lost line\n", 65535);
    }
    assert_true(said(fx, "the client's kernel sends bytes 0-9 again (a retransmission"));
    assert_true(said(fx, "412.000 ms after their last transmission with no ACK for them: the "
                         "client's retransmission timer (RTO, RFC 6298) expired"));
    assert_true(said(fx, "the timer doubles at each retry"));
}

static void test_arp_icmp(void **state)
{
    struct fx *fx = *state;
    struct packet p;
    memset(&p, 0, sizeof p);
    p.frame.number = 1;
    p.link.kind = LINK_ETHERNET;
    memset(p.link.dst, 0xff, 6);
    p.net = NET_ARP;
    p.arp.status = LAYER_OK;
    p.arp.hlen = 6;
    p.arp.plen = 4;
    p.arp.oper = 1;
    memcpy(p.arp.spa, cli_ip, 4);
    memcpy(p.arp.tpa, srv_ip, 4);
    annotate_other(&fx->ann, &p, &fx->L);
    assert_true(said(fx, "ARP request, broadcast to every host on this link: 128.237.252.163 "
                         "asks which MAC address has 128.2.220.10"));
    assert_true(said(fx, "the first packet to a new host is late"));
    p.frame.number = 2;
    p.frame.ts_nsec = 50000;
    p.arp.oper = 2;
    memcpy(p.arp.spa, srv_ip, 4);
    memcpy(p.arp.tpa, cli_ip, 4);
    memset(p.arp.sha, 2, 6);
    annotate_other(&fx->ann, &p, &fx->L);
    assert_string_equal(fx->L.line[0],
                        "ARP reply, to the asker alone: 128.2.220.10 is at 02:02:02:02:02:02 (the "
                        "answer to frame 1, 0.050 ms later); 128.237.252.163 caches it and can "
                        "now send the IP packet that waited");
    memset(&p, 0, sizeof p);
    p.net = NET_IPV4;
    p.l4 = L4_ICMP;
    p.icmp.status = LAYER_OK;
    p.icmp.type = 3;
    p.icmp.code = 3;
    memcpy(p.ip4.src, srv_ip, 4);
    annotate_other(&fx->ann, &p, &fx->L);
    assert_true(said(fx, "port unreachable: 128.2.220.10's kernel says the datagram it quotes"));
}

static void test_port_range_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_annotate_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("32768\t60999\n", f);
    fclose(f);
    uint16_t lo = 0, hi = 0;
    assert_true(annotate_read_port_range(path, &lo, &hi));
    assert_int_equal(lo, 32768);
    assert_int_equal(hi, 60999);
    f = fopen(path, "w");
    fputs("garbage\n", f);
    fclose(f);
    assert_false(annotate_read_port_range(path, &lo, &hi));
    remove(path);
    assert_false(annotate_read_port_range("/nonexistent/ip_local_port_range", &lo, &hi));
}

static void test_port_names(void **state)
{
    struct fx *fx = *state;
    fx->ann.no_services = false;
    const char *n = annotate_port_name(&fx->ann, 80);
    if (n) /* /etc/services is not everywhere */
        assert_string_equal(n, "http");
    /* Cached: the same pointer, and a colliding port replaces the entry. */
    assert_ptr_equal(annotate_port_name(&fx->ann, 80), n);
    annotate_port_name(&fx->ann, 80 + ANN_PORT_CACHE);
    assert_int_equal(fx->ann.cache[80].port, 80 + ANN_PORT_CACHE);
}

/* Printing: wrapped between words at the width, each row within it. */
static void test_print_wrapped(void **state)
{
    (void)state;
    struct ann_lines L = {.n = 1};
    strcpy(L.line[0], "one two three four five six seven eight nine ten eleven twelve thirteen");
    char path[] = "/tmp/test_annotate_out_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct out *o = malloc(sizeof *o);
    out_init(o, fd);
    struct ann_style st = {.color = false, .width = 40};
    annotate_print_style(o, &L, &st);
    assert_true(out_flush(o));
    free(o);
    FILE *f = fopen(path, "r");
    char row[128];
    int rows = 0;
    while (fgets(row, sizeof row, f) != NULL) {
        assert_true(strlen(row) - 1 <= 40);
        assert_true(row[strlen(row) - 2] != ' ');
        rows++;
    }
    fclose(f);
    remove(path);
    close(fd);
    assert_int_equal(rows, 3);
}

#define T(t) cmocka_unit_test_setup_teardown(t, setup, fx_an_teardown)

UNIT_MAIN(T(test_lecture_session), T(test_segment_not_send), T(test_fin_and_half_close),
          T(test_rst_causes), T(test_rst_after_close), T(test_port_words), T(test_latency_words),
          T(test_window_update_words), T(test_states_line), T(test_mismatch_hints),
          T(test_upper_hint), T(test_tail_hint), T(test_gap_and_given_up), T(test_refused),
          T(test_lessons_once), T(test_rto_doubling), T(test_arp_icmp),
          cmocka_unit_test(test_port_range_file), T(test_port_names),
          cmocka_unit_test(test_print_wrapped))
