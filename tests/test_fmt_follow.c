/*
 * test_fmt_follow.c: sniff/format/fmt_follow.c (--follow N, --follow-hex) and
 * sniff/format/fmt_conv.c
 * (--summary), on echo sessions replayed through the analysis: exact text, each echo
 * under its request, a segment the capture missed, and the connection table.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "analysis.h"
#include "analysis_fixture.h"
#include "fmt_conv.h"
#include "fmt_follow.h"

static const uint8_t A[4] = {10, 0, 0, 1}, B[4] = {10, 0, 0, 2};

struct fx {
    struct fx_an a; /* first: fx_an_new and fx_an_free */
    struct follow fol;
    struct conv cv;
    struct out o;
};

/* follow: the tcp.stream to follow, or -1 for none. */
static struct fx *fx_new(int64_t follow, bool hex)
{
    struct an_opts opts = {.echo_port = 15213,
                           .verify_echo = true,
                           .track_acks = true,
                           .follow = follow >= 0,
                           .follow_stream = follow >= 0 ? (uint32_t)follow : 0};
    struct fx *fx = fx_an_new(sizeof *fx, &opts);
    assert_non_null(fx);
    conv_init(&fx->cv);
    analysis_set_close_cb(&fx->a.an, conv_add, &fx->cv);
    follow_init(&fx->fol, follow >= 0 ? (uint32_t)follow : 0, hex, false);
    out_init(&fx->o, -1);
    return fx;
}

static void fx_free(struct fx *fx)
{
    conv_free(&fx->cv);
    fx_an_free(fx);
}

static const char *text_of(struct fx *fx)
{
    fx->o.buf[fx->o.len] = '\0';
    return fx->o.buf;
}

static void seg(struct fx *fx, int dir, int64_t t, uint16_t fl, const char *d)
{
    assert_true(fx_an_send(&fx->a, dir, t, fl, d, d ? (uint32_t)strlen(d) : 0, 1000));
    follow_packet(&fx->fol, &fx->o, &fx->a.r);
}

static void session(struct fx *fx, uint16_t port, int64_t t0)
{
    fx_init(&fx->a.c, A, port, B, 15213);
    seg(fx, 0, t0, TCP_SYN, NULL);
    seg(fx, 1, t0 + 1000, TCP_SYN | TCP_ACK, NULL);
    seg(fx, 0, t0 + 2000, TCP_ACK, NULL);
    seg(fx, 0, t0 + 3000, TCP_PSH | TCP_ACK, "hello\n");
    seg(fx, 1, t0 + 5000, TCP_PSH | TCP_ACK, "hello\n");
    seg(fx, 0, t0 + 6000, TCP_PSH | TCP_ACK, "second ");
    seg(fx, 0, t0 + 7000, TCP_PSH | TCP_ACK, "line\n");
    seg(fx, 1, t0 + 8000, TCP_PSH | TCP_ACK, "second line\n");
    seg(fx, 0, t0 + 9000, TCP_FIN | TCP_ACK, NULL);
    seg(fx, 1, t0 + 10000, TCP_FIN | TCP_ACK, NULL);
    seg(fx, 0, t0 + 11000, TCP_ACK, NULL);
}

static void test_follow_text(void **state)
{
    (void)state;
    struct fx *fx = fx_new(1, false); /* tcp.stream 1: the second session */
    session(fx, 50001, 0);
    session(fx, 50002, 1000000);
    follow_finish(&fx->fol, &fx->o);
    assert_string_equal(text_of(fx),
                        "===================================================================\n"
                        "Follow: conn #1\n"
                        "Client: 10.0.0.1:50002 (> )\n"
                        "Server: 10.0.0.2:15213 (< )\n"
                        "> hello\n"
                        "< hello\n"
                        "> second line\n"
                        "< second line\n"
                        "client sent 18 bytes, server sent 18 bytes\n"
                        "===================================================================\n");
    fx_free(fx);
}

static void test_follow_hex_and_gap(void **state)
{
    (void)state;
    struct fx *fx = fx_new(0, true);
    fx_init(&fx->a.c, A, 50001, B, 15213);
    seg(fx, 0, 0, TCP_SYN, NULL);
    seg(fx, 1, 1, TCP_SYN | TCP_ACK, NULL);
    seg(fx, 0, 2, TCP_ACK, NULL);
    seg(fx, 0, 3, TCP_PSH | TCP_ACK, "abc");
    fx->a.c.next[0] += 4; /* four client bytes the capture missed */
    seg(fx, 0, 4, TCP_PSH | TCP_ACK, "xyz\n");
    seg(fx, 1, 5, TCP_PSH | TCP_ACK, "abc????xyz\n"); /* acks all 11 bytes */
    follow_finish(&fx->fol, &fx->o);
    const char *t = text_of(fx);
    assert_non_null(
        strstr(t, "> 00000000  61 62 63                                          abc\n"
                  "> [bytes 3-6 not captured]\n"
                  "> 00000007  78 79 7a 0a                                       xyz.\n"
                  "< 00000000  61 62 63 3f 3f 3f 3f 78  79 7a 0a                 abc????xyz.\n"));
    assert_non_null(strstr(t, "client sent 7 bytes, server sent 11 bytes (not captured: 4 and 0)"));
    fx_free(fx);
}

static void test_follow_absent(void **state)
{
    (void)state;
    struct fx *fx = fx_new(9, false);
    session(fx, 50001, 0);
    follow_finish(&fx->fol, &fx->o);
    assert_string_equal(text_of(fx), "Follow: conn #9 does not occur in this capture\n");
    fx_free(fx);
}

/* Two echo sessions and a refused connection, through the analysis to the table. */
static void three_conns(struct fx *fx)
{
    session(fx, 50001, 0);
    session(fx, 50002, 1000000);
    fx_init(&fx->a.c, A, 50003, B, 15213); /* refused */
    seg(fx, 0, 3000000, TCP_SYN, NULL);
    fx->a.c.next[1] = 0;
    seg(fx, 1, 3000100, TCP_RST | TCP_ACK, NULL);
    analysis_finish(&fx->a.an);
    fx->o.len = 0;
    conv_print(&fx->cv, &fx->o, 0);
}

static void test_conv_table(void **state)
{
    (void)state;
    struct fx *fx = fx_new(-1, false);
    three_conns(fx);
    const char *t = text_of(fx);
    assert_string_equal(
        t, "TCP connections: 3\n"
           "#  Client          Server          Start     Duration  Pkts >  Payload bytes >  "
           "Pkts <  Payload bytes <  Requests  Echoed  Mismatched  Unechoed  Unchecked  Echo "
           "latency ms min/med/max  ACK RTT ms min/avg/max  Retr  End\n"
           "0  10.0.0.1:50001  10.0.0.2:15213  0.000000  0.011000       7               18  "
           "     4               18         3       3           0         0          0  "
           "1.000/2.000/2.000            1.000/1.125/2.000          0  FIN\n"
           "1  10.0.0.1:50002  10.0.0.2:15213  1.000000  0.011000       7               18  "
           "     4               18         3       3           0         0          0  "
           "1.000/2.000/2.000            1.000/1.125/2.000          0  FIN\n"
           "2  10.0.0.1:50003  10.0.0.2:15213  3.000000  0.000100       1                0  "
           "     1                0         0       0           0         0          0  -    "
           "                        0.100/0.100/0.100          0  refused\n");
    fx_free(fx);
}

/* No TCP connection at all: the header only (and no qsort of a NULL table). */
static void test_conv_empty(void **state)
{
    (void)state;
    struct fx *fx = fx_new(-1, false);
    analysis_finish(&fx->a.an);
    conv_print(&fx->cv, &fx->o, 0);
    assert_string_equal(text_of(fx),
                        "TCP connections: 0\n"
                        "#  Client  Server  Start  Duration  Pkts >  Payload bytes >  Pkts <  "
                        "Payload bytes <  Requests  Echoed  Mismatched  Unechoed  Unchecked  "
                        "Echo latency ms min/med/max  ACK RTT ms min/avg/max  Retr  End\n");
    fx_free(fx);
}

/* Past max_rows, the connections are added up in one last row, and the table says so:
 * the echo counts summed, the echo latency's min and max, the ACK RTT's min, max and the
 * mean of all the samples ((8 x 1.125 + 1 x 0.100) / 9 = 1.011 ms). */
static void test_conv_bounded(void **state)
{
    (void)state;
    struct fx *fx = fx_new(-1, false);
    fx->cv.max_rows = 1;
    three_conns(fx);
    assert_string_equal(
        text_of(fx),
        "TCP connections: 3\n"
        "#     Client           Server          Start     Duration  Pkts >  Payload bytes >  "
        "Pkts <  Payload bytes <  Requests  Echoed  Mismatched  Unechoed  Unchecked  Echo "
        "latency ms min/med/max  ACK RTT ms min/avg/max  Retr  End\n"
        "   0  10.0.0.1:50001   10.0.0.2:15213  0.000000  0.011000       7               18  "
        "     4               18         3       3           0         0          0  "
        "1.000/2.000/2.000            1.000/1.125/2.000          0  FIN\n"
        "rest  (2 connections)  -               1.000000  2.000100       8               18  "
        "     5               18         3       3           0         0          0  "
        "1.000/-/2.000                0.100/1.011/2.000          0  FIN 1, refused 1\n"
        "(rest: 2 connections added up in one row: --summary keeps a row each for the first 1 "
        "connections to end; -T json writes a line for each)\n");
    fx_free(fx);
}

UNIT_MAIN(cmocka_unit_test(test_follow_text), cmocka_unit_test(test_follow_hex_and_gap),
          cmocka_unit_test(test_follow_absent), cmocka_unit_test(test_conv_table),
          cmocka_unit_test(test_conv_empty), cmocka_unit_test(test_conv_bounded))
