/*
 * test_ladder.c: the pictures' descriptions and their text back end (sniff/draw/): a
 * ladder built from the model's frame records fits every terminal width from 20 to 200
 * columns, is pure ASCII under --ascii, carries Wireshark's Flow Graph labels and the
 * states where they change, draws a frame range (the terminal UI's use), bounds its
 * rows; a graph's series stays within its bound and keeps every point's count, every
 * retransmission and every byte when it merges; SVG text escapes what XML forbids.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "analysis.h"
#include "analysis_fixture.h"
#include "annotate.h"
#include "draw_fig.h"
#include "figure.h"
#include "graph.h"
#include "ladder.h"

static const uint8_t cip[4] = {10, 0, 0, 1}, sip[4] = {10, 0, 0, 2};

/* The analysis of one connection from 10.0.0.1:40000 to 10.0.0.2:15213. */
static struct fx_an *session_conn(const struct an_opts *o)
{
    struct fx_an *f = fx_an_new(sizeof *f, o);
    assert_non_null(f);
    if (f != NULL) /* assert_non_null returns to here only when f is set: for the compiler */
        fx_init(&f->c, cip, 40000, sip, 15213);
    return f;
}

/* An echo session: handshake, a request and its echo with ACKs, the close. */
static void echo_session(struct ladder *l, struct graph *g)
{
    struct an_opts ao = {.echo_port = 15213, .verify_echo = true};
    struct fx_an *f = session_conn(&ao);
    struct annotate an;
    annotate_init(&an, false, 15213);
    an.no_services = true;
    static const struct {
        int dir;
        uint16_t flags;
        const char *data;
    } script[] = {
        {0, TCP_SYN, NULL},
        {1, TCP_SYN | TCP_ACK, NULL},
        {0, TCP_ACK, NULL},
        {0, TCP_PSH | TCP_ACK, "hi\n"},
        {1, TCP_PSH | TCP_ACK, "hi\n"},
        {0, TCP_ACK, NULL},
        {0, TCP_FIN | TCP_ACK, NULL},
        {1, TCP_FIN | TCP_ACK, NULL},
        {0, TCP_ACK, NULL},
    };
    for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
        const char *d = script[i].data;
        assert_true(fx_an_send(f, script[i].dir, (int64_t)i * 1000, script[i].flags, d,
                               d ? (uint32_t)strlen(d) : 0, 512));
        struct ann_lines L;
        annotate_lines(&an, &f->p, &f->r, &L);
        if (l != NULL)
            ladder_add(l, &f->p, &f->r.rec, &L);
        if (g != NULL)
            graph_add(g, &f->p, &f->r.rec);
    }
    analysis_finish(&f->an);
    fx_an_free(f);
}

/* The session's ladder, of at most max_rows arrows (0: no bound). */
static void session_ladder(struct ladder *l, uint32_t max_rows)
{
    ladder_init(l, 0, max_rows);
    echo_session(l, NULL);
}

static struct tlines draw_notes(const struct ladder *l, int width, bool ascii, bool notes)
{
    struct tlines t;
    tlines_init(&t);
    struct ladder_text_opts o = {
        .width = width, .ascii = ascii, .header = true, .no_notes = !notes};
    ladder_text(l, &o, &t);
    assert_false(t.oom);
    return t;
}

static struct tlines draw(const struct ladder *l, int width, bool ascii)
{
    return draw_notes(l, width, ascii, true);
}

/* How many times needle stands in t's lines. */
static int occurrences(const struct tlines *t, const char *needle)
{
    size_t len = strlen(needle);
    int found = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        size_t n;
        const char *s = tlines_line(t, i, &n);
        for (size_t k = 0; k + len <= n; k++)
            found += memcmp(s + k, needle, len) == 0;
    }
    return found;
}

static bool has(const struct tlines *t, const char *needle)
{
    return occurrences(t, needle) > 0;
}

static void test_fits_every_width(void **state)
{
    (void)state;
    struct ladder l;
    session_ladder(&l, 0);
    assert_int_equal(l.n, 9);
    for (int w = 20; w <= 200; w++) {
        for (int ascii = 0; ascii < 2; ascii++) {
            struct tlines t = draw(&l, w, ascii);
            assert_true(t.n >= 9); /* an arrow is never dropped */
            for (uint32_t i = 0; i < t.n; i++) {
                size_t n;
                const char *s = tlines_line(&t, i, &n);
                if ((int)ladder_text_width(s, n) > w)
                    fail_msg("width %d: line %u is %zu columns: %.*s", w, i,
                             ladder_text_width(s, n), (int)n, s);
                for (size_t k = 0; ascii && k < n; k++)
                    assert_true((unsigned char)s[k] < 0x80);
            }
            tlines_free(&t);
        }
    }
    ladder_free(&l);
}

static void test_labels_and_states(void **state)
{
    (void)state;
    struct ladder l;
    session_ladder(&l, 0);
    struct tlines t = draw(&l, 160, false);
    assert_true(has(&t, "conn #0 (tcp.stream 0): 10.0.0.1:40000 (client)"));
    assert_true(has(&t, "PSH, ACK - Len: 3")); /* Wireshark's Flow Graph label */
    assert_true(has(&t, "Seq = 1 Ack = 1"));   /* and comment */
    assert_true(has(&t, "SYN-SENT"));
    assert_true(has(&t, "SYN-RECEIVED"));
    assert_true(has(&t, "FIN-WAIT-1"));
    assert_true(has(&t, "CLOSE-WAIT"));
    assert_true(has(&t, "TIME-WAIT"));
    assert_true(has(&t, "\xe2\x96\xb6"));  /* an arrow head */
    assert_true(has(&t, "handshake 2/3")); /* the annotation, at the right */
    tlines_free(&t);
    /* The states are written where they change only: ESTABLISHED twice (each end).
     * Without the notes, whose sentences may name the state too. */
    t = draw_notes(&l, 200, true, false);
    assert_int_equal(occurrences(&t, "ESTABLISHED"), 2);
    tlines_free(&t);
    ladder_free(&l);
}

/* A terminal UI draws a slice: the arrows of frames 4 to 5, no title. */
static void test_frame_range(void **state)
{
    (void)state;
    struct ladder l;
    session_ladder(&l, 0);
    struct tlines t;
    tlines_init(&t);
    struct ladder_text_opts o = {.width = 120, .first = 4, .last = 5, .no_notes = true};
    ladder_text(&l, &o, &t);
    assert_int_equal(t.n, 4); /* two lines an arrow */
    size_t n;
    const char *s = tlines_line(&t, 0, &n);
    assert_true(n > 4 && memcmp(s, "  4 ", 4) == 0);
    s = tlines_line(&t, 2, &n);
    assert_true(n > 4 && memcmp(s, "  5 ", 4) == 0);
    tlines_free(&t);
    ladder_free(&l);
}

static void test_row_bound(void **state)
{
    (void)state;
    struct ladder l;
    session_ladder(&l, 4);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.omitted, 5);
    struct tlines t = draw(&l, 100, true);
    assert_true(has(&t, "5 more segments of conn #0 not drawn"));
    tlines_free(&t);
    ladder_free(&l);
}

static void test_graph_of_session(void **state)
{
    (void)state;
    struct graph g;
    graph_init(&g, GRAPH_ALL, 0);
    echo_session(NULL, &g);
    /* The client's segments: SYN, ACK, the request, ACK, FIN, ACK. */
    const struct gseries *seq = graph_series(&g, 0, GS_SEQ);
    assert_int_equal(seq->n, 6);
    assert_true(seq->pt[2].y == 1 && seq->pt[4].y == 4);
    /* One data segment each way; the server's ACK line for the client's data. */
    assert_int_equal(graph_series(&g, 0, GS_SEG)->n, 1);
    assert_true(graph_series(&g, 0, GS_SEG)->pt[0].y2 == 4);
    assert_int_equal(graph_series(&g, 0, GS_RTT)->n, 1);      /* the request, by the echo's ACK */
    assert_true(graph_series(&g, 0, GS_RTT)->pt[0].y == 1.0); /* 1 ms later */
    graph_free(&g);
}

/* A million points in a series bounded at 64: merged, every count and mark kept, the
 * sequence numbers unwrapped past 4 GiB. */
static void test_graph_bound(void **state)
{
    (void)state;
    struct graph g;
    graph_init(&g, GRAPH_ALL, 64);
    struct fx_conn c;
    fx_init(&c, cip, 40000, sip, 15213);
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < 1000000; i++) {
        struct packet p;
        fx_seg(&p, &c, 0, i, TCP_ACK, NULL, 5000, 512);
        struct frame_rec rec = {.stream = 0,
                                .rel_seq = p.tcp.seq - c.isn[0],
                                .rel_ack = 1,
                                .bits = FREC_TRACKED | FREC_ANALYSED | FREC_FROM_CLIENT,
                                .flags = i % 250000 == 7 ? AN_RETRANSMISSION : 0};
        graph_add(&g, &p, &rec);
        bytes += 5000;
    }
    const struct gseries *s = graph_series(&g, 0, GS_SEG);
    assert_true(s->n <= 64 && s->n >= 32);
    uint64_t count = 0, marks = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        count += s->pt[i].count;
        marks += s->pt[i].marks;
        if (i > 0) /* merged bars still cover the sequence space in order */
            assert_true(s->pt[i].y >= s->pt[i - 1].y2);
    }
    assert_int_equal(count, 1000000);
    assert_int_equal(marks, 4);
    assert_true(s->pt[s->n - 1].y2 == (double)bytes); /* 5 GB: unwrapped */
    const struct gseries *len = graph_series(&g, 0, GS_LEN);
    double sum = 0;
    for (uint32_t i = 0; i < len->n; i++)
        sum += len->pt[i].y;
    assert_true(sum == (double)bytes); /* lengths add up when they merge */
    graph_free(&g);
}

/* A long connection whose windows change in every pixel column: each graph type drawn
 * as SVG. A step line takes three points in a column (the step, its low, its high): the
 * window and tcptrace graphs wrote past their buffer there (caught by ASan; a million
 * segments crashed the normal build). */
static void test_graph_drawn_dense(void **state)
{
    (void)state;
    struct an_opts ao = {.echo_port = 15213};
    struct fx_an *fa = session_conn(&ao);
    struct graph g;
    graph_init(&g, GRAPH_ALL, 0);
    static const char data[1000];
    uint16_t f0[3] = {TCP_SYN, TCP_SYN | TCP_ACK, TCP_ACK};
    int64_t t = 0;
    for (int i = 0; i < 3 + 2 * 20000; i++) {
        int dir = i < 3 ? (i == 1) : (i - 3) % 2;
        uint16_t fl = i < 3 ? f0[i] : dir == 0 ? TCP_PSH | TCP_ACK : TCP_ACK;
        uint32_t len = i >= 3 && dir == 0 ? (uint32_t)(200 + i % 800) : 0;
        assert_true(fx_an_send(fa, dir, t += 50, fl, len ? data : NULL, len,
                               (uint16_t)(100 + (i * 7919) % 60000)));
        graph_add(&g, &fa->p, &fa->r.rec);
    }
    analysis_finish(&fa->an);
    fx_an_free(fa);
    for (int type = GRAPH_STEVENS; type <= GRAPH_WINDOW; type++) {
        struct sbuf b = {0};
        struct svg_be be = {&b, 0};
        struct fig f = {&svg_ops, &be};
        struct fig_graph_opts o = {.type = (enum graph_type)type, .dir = 0, .w = 1280, .h = 720};
        assert_true(graph_fig_draw(&g, &o, &f));
        assert_non_null(strstr(b.s, "</svg>"));
        sbuf_free(&b);
    }
    graph_free(&g);
}

static void test_svg_escapes(void **state)
{
    (void)state;
    struct sbuf b = {0};
    struct svg_be be = {&b, 0};
    struct fig f = {&svg_ops, &be};
    assert_true(f.ops->page_begin(f.be, 100, 50, "a<b"));
    struct fig_font ft = {12, false, FIG_BLACK, FIG_START};
    f.ops->text(f.be, 1, 2, "x<&\"\x01\xff\xe2\x96\xb6", 9, &ft);
    f.ops->page_end(f.be);
    assert_false(f.ops->page_begin(f.be, 100, 50, NULL)); /* one image */
    assert_non_null(strstr(b.s, "<title>a&lt;b</title>"));
    assert_non_null(strstr(b.s, ">x&lt;&amp;&quot;\xef\xbf\xbd\xef\xbf\xbd\xe2\x96\xb6</text>"));
    sbuf_free(&b);
}

UNIT_MAIN(cmocka_unit_test(test_fits_every_width), cmocka_unit_test(test_labels_and_states),
          cmocka_unit_test(test_frame_range), cmocka_unit_test(test_row_bound),
          cmocka_unit_test(test_graph_of_session), cmocka_unit_test(test_graph_bound),
          cmocka_unit_test(test_svg_escapes), cmocka_unit_test(test_graph_drawn_dense))
