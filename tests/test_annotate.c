/*
 * test_annotate.c: sniff/format/annotate.c on the lecture's echo session (CSSE132 "Network
 * Programming", frames 1255-2382: 128.237.252.163:55306 to 128.2.220.10:15213) replayed
 * through the analysis, sentence by sentence; the ephemeral-port rules; port names;
 * refused connections and echo mismatches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "analysis_fixture.h"
#include "annotate.h"

static const uint8_t cli_ip[4] = {128, 237, 252, 163}, srv_ip[4] = {128, 2, 220, 10};

struct fx {
    struct analysis an;
    struct annotate ann;
    struct fx_conn c;
    struct packet p;
    struct pkt_analysis r;
    struct ann_lines L;
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof *fx);
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_conns = 16};
    char err[64];
    assert_true(analysis_init(&fx->an, &o, err, sizeof err));
    annotate_init(&fx->ann, false, 15213);
    fx->ann.no_services = true;
    fx_init(&fx->c, cli_ip, 55306, srv_ip, 15213);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    analysis_free(&fx->an);
    free(fx);
    return 0;
}

/* Sends the next segment through analysis and annotation; returns the first line. */
static const char *step(struct fx *fx, int dir, int64_t t_us, uint16_t flags, const char *data,
                        uint16_t win)
{
    fx_seg(&fx->p, &fx->c, dir, t_us, flags, data, data ? (uint32_t)strlen(data) : 0, win);
    assert_true(analysis_packet(&fx->an, &fx->p, &fx->r));
    annotate_lines(&fx->ann, &fx->p, &fx->r, &fx->L);
    return fx->L.n ? fx->L.line[0] : "";
}

#define C 0
#define S 1
#define PA (TCP_PSH | TCP_ACK)

static void test_lecture_session(void **state)
{
    struct fx *fx = *state;
    assert_string_equal(step(fx, C, 15881493, TCP_SYN, NULL, 65535),
                        "conn #0: client connect() -> SYN, handshake 1/3. 55306 is an ephemeral "
                        "port picked by the client's kernel (in both IANA's 49152-65535 and "
                        "Linux's 32768-60999); 15213 is the server's well-known port.");
    assert_string_equal(step(fx, S, 15883817, TCP_SYN | TCP_ACK, NULL, 5840),
                        "handshake 2/3: the server's kernel answers from the listen() backlog; "
                        "accept() has not returned yet.");
    assert_string_equal(step(fx, C, 15883897, TCP_ACK, NULL, 65532),
                        "handshake 3/3: connection established; accept() can now return connfd "
                        "for (128.237.252.163:55306, 128.2.220.10:15213).");
    assert_string_equal(step(fx, C, 21914380, PA, "here is a message\n", 65532),
                        "client send(): request #1, 18 bytes \"here is a message\\n\"");
    assert_string_equal(step(fx, S, 21916474, TCP_ACK, NULL, 5888),
                        "server's kernel acknowledges 18 bytes (the application may not have "
                        "read them yet)");
    assert_string_equal(step(fx, S, 21916534, PA, "here is a message\n", 5888),
                        "server send(): echo of request #1, 18/18 bytes, identical, RTT 2.154 ms");
    assert_int_equal(fx->L.n, 1);
    assert_string_equal(step(fx, C, 22112223, TCP_ACK, NULL, 65516),
                        "client's kernel acknowledges 18 bytes (the application may not have "
                        "read them yet)");
    assert_string_equal(step(fx, C, 29053184, PA, "this is another message\n", 65516),
                        "client send(): request #2, 24 bytes \"this is another message\\n\"");
    assert_string_equal(step(fx, S, 29055004, PA, "this is another message\n", 5888),
                        "server send(): echo of request #2, 24/24 bytes, identical, RTT 1.820 ms");
    step(fx, C, 29253626, TCP_ACK, NULL, 65492);
    assert_string_equal(step(fx, C, 30229193, TCP_FIN | TCP_ACK, NULL, 65492),
                        "client close(): FIN, no more data from the client; the server's read() "
                        "returns 0 (EOF) once it has read the rest");
    assert_string_equal(step(fx, S, 30231000, TCP_FIN | TCP_ACK, NULL, 5888),
                        "server close() too: FIN after reading EOF; the client, which closed "
                        "first, will wait in TIME_WAIT");
    assert_int_equal(fx->L.n, 1); /* complete echo: no close verdict line */
}

static void test_nul_over_last_byte(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
    step(fx, C, 3000, PA, "here is a message\n", 65535);
    static const char bad[] = "here is a message"; /* + NUL instead of \n */
    fx_seg(&fx->p, &fx->c, S, 5000, PA, bad, 18, 5888);
    assert_true(analysis_packet(&fx->an, &fx->p, &fx->r));
    annotate_lines(&fx->ann, &fx->p, &fx->r, &fx->L);
    assert_int_equal(fx->L.n, 2);
    assert_string_equal(fx->L.line[0],
                        "server send(): echo of request #1, 18/18 bytes, DIFFERENT, RTT 2.000 ms");
    assert_true(fx->L.alert[1]);
    assert_string_equal(fx->L.line[1], "ECHO MISMATCH at byte 17 of conn #0: expected 0a got 00");
}

static void test_lost_tail(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
    step(fx, C, 3000, PA, "here is a message\n", 65535);
    assert_string_equal(step(fx, S, 4000, PA, "here is a ", 5888),
                        "server send(): echo of request #1, 10/18 bytes, identical so far");
    step(fx, C, 5000, TCP_FIN | TCP_ACK, NULL, 65535);
    step(fx, S, 6000, TCP_FIN | TCP_ACK, NULL, 5888);
    assert_int_equal(fx->L.n, 2);
    assert_true(fx->L.alert[1]);
    assert_string_equal(fx->L.line[1], "ECHO INCOMPLETE in conn #0: the server echoed 10 of the "
                                       "18 bytes the client sent");
}

static void test_refused(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    fx->c.next[1] = 0;
    assert_string_equal(step(fx, S, 100, TCP_RST | TCP_ACK, NULL, 0),
                        "connection refused: nothing listen()s on 128.2.220.10:15213, so its "
                        "kernel answers the SYN with RST; the client's connect() fails with "
                        "ECONNREFUSED");
}

static void test_gap_and_reset(void **state)
{
    struct fx *fx = *state;
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
    step(fx, C, 3000, PA, "here is a message\n", 65535);
    fx->c.next[0] += 10; /* ten client bytes the capture missed */
    step(fx, C, 4000, PA, "tail\n", 65535);
    step(fx, S, 5000, PA, "here is a message\n0123456789tail\n", 5888);
    assert_int_equal(fx->L.n, 2);
    assert_string_equal(fx->L.line[1], "bytes 18-27 not captured; echo not checked there");
    assert_false(fx->L.alert[1]);
    assert_string_equal(step(fx, C, 6000, TCP_RST | TCP_ACK, NULL, 0),
                        "abortive close: RST from the client (close() with unread data or "
                        "SO_LINGER 0, or the process died); the server's next recv() fails with "
                        "ECONNRESET");
}

/* Past --max-pending the oldest bytes waiting for their echo are given up: the echo of
 * those bytes is "not checked: memory budget", never a mismatch, and the bytes kept
 * after them are still checked. */
static void test_given_up(void **state)
{
    struct fx *fx = *state;
    analysis_free(&fx->an);
    struct an_opts o = {.echo_port = 15213, .verify_echo = true, .max_pending = 4096};
    char err[64];
    assert_true(analysis_init(&fx->an, &o, err, sizeof err));
    step(fx, C, 0, TCP_SYN, NULL, 65535);
    step(fx, S, 1000, TCP_SYN | TCP_ACK, NULL, 5840);
    step(fx, C, 2000, TCP_ACK, NULL, 65535);
    static char big[3000];
    memset(big, 'x', sizeof big - 1);
    step(fx, C, 3000, PA, big, 65535); /* 2999 bytes wait for their echo */
    step(fx, C, 4000, PA, big, 65535); /* 5998: more than 4096, the first 2048 go */
    assert_int_equal(fx->L.n, 1);
    /* A wrong byte where the client's is gone: not a mismatch. */
    step(fx, S, 5000, PA, "xxxy", 5888);
    assert_string_equal(fx->L.line[0], "server send(): echo of request #1, 4/2999 bytes, "
                                       "not checked");
    assert_int_equal(fx->L.n, 2);
    assert_string_equal(fx->L.line[1], "bytes 0-3 not checked: memory budget (sniff gave them "
                                       "up to stay within --max-memory and --max-pending)");
    assert_int_equal(fx->r.echo.verdict, ECHO_UNCHECKED);
    /* Past the given-up range the check goes on: a wrong byte there is a mismatch. */
    static char rest[2100];
    memset(rest, 'x', 2044);
    rest[2044] = 'z';
    step(fx, S, 6000, PA, rest, 5888);
    assert_int_equal(fx->r.echo.verdict, ECHO_MISMATCH);
    assert_int_equal(fx->r.echo.mismatch_at, 2048);
    assert_int_equal(fx->r.echo.given_up_first, 4);
    assert_int_equal(fx->r.echo.given_up_last, 2047);
}

static void test_ephemeral_rules(void **state)
{
    struct fx *fx = *state;
    fx_init(&fx->c, cli_ip, 40000, srv_ip, 15213);
    assert_string_equal(step(fx, C, 0, TCP_SYN, NULL, 65535),
                        "conn #0: client connect() -> SYN, handshake 1/3. 40000 is an ephemeral "
                        "port picked by the client's kernel (in Linux's 32768-60999, not IANA's "
                        "49152-65535); 15213 is the server's well-known port.");
    fx_init(&fx->c, cli_ip, 5000, srv_ip, 8080);
    fx->ann.live = true;
    fx->ann.eph_lo = 1024;
    fx->ann.eph_hi = 4999;
    assert_string_equal(step(fx, C, 0, TCP_SYN, NULL, 65535),
                        "conn #1: client connect() -> SYN, handshake 1/3. 5000 is the client's "
                        "port, outside this host's ip_local_port_range 1024-4999: the client "
                        "chose it with bind(); 8080 is the server's port.");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lecture_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_over_last_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gap_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ephemeral_rules, setup, teardown),
        cmocka_unit_test(test_port_range_file),
        cmocka_unit_test_setup_teardown(test_port_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
