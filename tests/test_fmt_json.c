/*
 * test_fmt_json.c: sniff/format/fmt_json.c. The cmocka tests check exact fields and the string
 * escaping of arbitrary bytes; `test_fmt_json --emit FILE` writes the JSON lines of the
 * lecture's echo session, a NUL-over-the-last-byte echo and the connection summaries,
 * which test_analysis_json.sh parses with Python's json module (a real parser) and
 * checks field by field.
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
#include "fmt_json.h"

/* Output into memory: the buffer is never flushed (tests stay far below OUT_BUFSZ). */
static struct out *mem_out(void)
{
    struct out *o = malloc(sizeof *o);
    out_init(o, -1);
    return o;
}

static const char *text_of(struct out *o)
{
    o->buf[o->len < OUT_BUFSZ ? o->len : OUT_BUFSZ - 1] = '\0';
    return o->buf;
}

static void test_escaping(void **state)
{
    (void)state;
    struct out *o = mem_out();
    static const uint8_t bytes[] = {'a', '"', '\\', '\n', 0x00, 0x1f, 0x7f, 0x80, 0xff, 'z'};
    json_string(o, bytes, sizeof bytes);
    assert_string_equal(text_of(o), "\"a\\\"\\\\\\n\\u0000\\u001f\\u007f\\u0080\\u00ffz\"");
    free(o);
}

struct session {
    struct fx_an a; /* first: fx_an_new and fx_an_free */
    struct annotate ann;
    struct ann_lines L;
    struct out *o;
};

static void on_close(void *ctx, const struct an_conn_summary *s)
{
    fmt_json_conn(ctx, s);
}

static struct session *session_new(struct out *o)
{
    struct an_opts opts = {.echo_port = 15213, .verify_echo = true, .max_conns = 8};
    struct session *s = fx_an_new(sizeof *s, &opts);
    if (s == NULL)
        return NULL;
    analysis_set_close_cb(&s->a.an, on_close, o);
    annotate_init(&s->ann, false, 15213);
    s->ann.no_services = true;
    s->o = o;
    return s;
}

/* The frame's lengths are set between building the segment and analysing it: the JSON
 * prints them, and the fixture leaves them 0. */
static void emit(struct session *s, int dir, int64_t t, uint16_t fl, const char *d, uint32_t n)
{
    fx_seg(&s->a.p, &s->a.c, dir, t, fl, d, n, 5888);
    s->a.p.frame.caplen = s->a.p.frame.len = 54 + n;
    analysis_packet(&s->a.an, &s->a.p, &s->a.r);
    annotate_lines(&s->ann, &s->a.p, &s->a.r, &s->L);
    fmt_json_packet(s->o, &s->a.p, &s->a.r, &s->L);
}

/* The lecture's session (stream 0), then an echo with a NUL over its last byte (stream 1). */
static bool write_sessions(struct out *o)
{
    static const uint8_t ci[4] = {128, 237, 252, 163}, si[4] = {128, 2, 220, 10};
    struct session *s = session_new(o);
    if (s == NULL)
        return false;
    fx_init(&s->a.c, ci, 55306, si, 15213);
    emit(s, 0, 15881493, TCP_SYN, NULL, 0);
    emit(s, 1, 15883817, TCP_SYN | TCP_ACK, NULL, 0);
    emit(s, 0, 15883897, TCP_ACK, NULL, 0);
    emit(s, 0, 21914380, TCP_PSH | TCP_ACK, "here is a message\n", 18);
    emit(s, 1, 21916474, TCP_ACK, NULL, 0);
    emit(s, 1, 21916534, TCP_PSH | TCP_ACK, "here is a message\n", 18);
    emit(s, 0, 30229193, TCP_FIN | TCP_ACK, NULL, 0);
    emit(s, 1, 30229300, TCP_FIN | TCP_ACK, NULL, 0);
    emit(s, 0, 30229400, TCP_ACK, NULL, 0);

    fx_init(&s->a.c, ci, 55307, si, 15213);
    emit(s, 0, 40000000, TCP_SYN, NULL, 0);
    emit(s, 1, 40000100, TCP_SYN | TCP_ACK, NULL, 0);
    emit(s, 0, 40000200, TCP_ACK, NULL, 0);
    emit(s, 0, 40000300, TCP_PSH | TCP_ACK, "here is a message\n", 18);
    emit(s, 1, 40000400, TCP_PSH | TCP_ACK, "here is a message\0", 18);
    analysis_finish(&s->a.an);
    fx_an_free(s);
    return true;
}

static void test_packet_fields(void **state)
{
    (void)state;
    struct out *o = mem_out();
    assert_true(write_sessions(o));
    const char *t = text_of(o);
    /* Frame 6: the echo of request #1. */
    const char *l6 = strstr(t, "{\"type\":\"packet\",\"frame\":{\"number\":6,");
    assert_non_null(l6);
    assert_non_null(strstr(l6, "\"time\":21.916534000,"));
    assert_non_null(strstr(l6, "\"ip\":{\"version\":4,\"src\":\"128.2.220.10\",\"dst\":"
                               "\"128.237.252.163\""));
    assert_non_null(strstr(l6, "\"seq\":1,\"ack\":19,\"flags\":[\"PSH\",\"ACK\"]"));
    assert_non_null(strstr(l6, "\"stream\":0,\"direction\":\"server_to_client\",\"event\":\"data\","
                               "\"tcp_state\":{\"client\":\"ESTABLISHED\",\"server\":"
                               "\"ESTABLISHED\"}"));
    assert_non_null(strstr(l6, "\"echo\":{\"verdict\":\"ok\",\"request_first\":1,\"request_last\":"
                               "1,\"request_done\":18,\"request_len\":18,\"latency_ms\":2.154,"
                               "\"rtt_ms\":2.154}"));
    assert_non_null(strstr(l6,
                           "\"annotation\":[\"client ESTABLISHED, server ESTABLISHED\","
                           "\"server data: bytes 0-17 of its stream (byte 0 is Seq=1), 18 "
                           "bytes \\\"here is a message\\\\n\\\": the echo of request #1 (18/18 "
                           "bytes), identical; echo latency 2.154 ms."));
    /* The mismatch of conn #1. */
    assert_non_null(strstr(t, "\"mismatch\":{\"offset\":17,\"expected\":10,\"got\":0}"));
    assert_non_null(strstr(t, "\"ECHO MISMATCH at byte 17 of conn #1: expected '\\\\n' (0a), got "
                              "NUL (00)\""));
    /* The summaries. */
    assert_non_null(strstr(t, "{\"type\":\"conn\",\"stream\":0,\"client\":{\"addr\":"
                              "\"128.237.252.163\",\"port\":55306}"));
    assert_non_null(strstr(t, "\"end\":\"fin\",\"tcp_state\":{\"client\":\"TIME-WAIT\","
                              "\"server\":\"CLOSED\"}"));
    assert_non_null(strstr(t, "\"verified\":1,\"mismatched\":0"));
    assert_non_null(strstr(t, "\"verified\":0,\"mismatched\":1"));
    assert_non_null(strstr(t, "\"first_mismatch\":17"));
    free(o);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--emit") == 0) {
        FILE *f = fopen(argv[2], "w");
        if (!f)
            return 1;
        struct out *o = malloc(sizeof *o);
        out_init(o, fileno(f));
        bool ok = write_sessions(o) && out_flush(o);
        free(o);
        fclose(f);
        return ok ? 0 : 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_packet_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
