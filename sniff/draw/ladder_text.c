/*
 * ladder_text.c: the terminal back end of the ladder (ladder.h), into a buffer of lines
 * so that sniff --ladder prints them and a terminal UI can show any slice of them.
 *
 * At 80 columns (echo-lo.pcap's first two arrows):
 *
 *   No. Time              client                  server
 *                     127.0.0.1:36704         127.0.0.1:15213
 *     1 0.000000             │          SYN          │              conn #0: client
 *                   SYN-SENT ├────── Seq = 0 ───────▶│              connect() ->
 *     2 0.000010             │       SYN, ACK        │              handshake 2/3:
 *                ESTABLISHED │◀── Seq = 0 Ack = 1 ───┤ SYN-RECEIVED the server's
 *
 * Each arrow takes two lines: Wireshark's Flow Graph label above it, its comment in the
 * shaft, each end's TCP state beside its column where it changes, the annotation at the
 * right, word-wrapped over the arrow's lines (and a few more), shortened with an
 * ellipsis. In a narrow terminal the labels are shortened first (the analysis flags in
 * short words, the comment without spaces, then cut) to leave the annotations NOTE_MIN
 * columns; narrower still, the annotations go (said under the ladder); the two columns
 * stay until the terminal is narrower than LADDER_MIN_WIDTH, where each arrow becomes one
 * line ("C->S"): an arrow is never dropped. Retransmissions have a dashed shaft.
 *
 * This file draws: the line buffer, the glyphs, the header, the rows and the notes.
 * Where everything goes, and the texts fitted to their room, is ladder_layout.c's.
 */
#include "ladder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "ladder_layout.h"

/* ---- the line buffer, written a line at a time --------------------------------------- */

static void put(struct tlines *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    sbuf_put(&t->text, s, n);
    t->oom = t->text.oom;
}

static void new_line(struct tlines *t)
{
    if (t->oom)
        return;
    if (t->n == t->lcap) {
        uint32_t cap = t->lcap != 0 ? t->lcap * 2 : 64;
        uint32_t *s = realloc(t->start, (size_t)cap * sizeof *s);
        if (s == NULL) {
            t->oom = true;
            return;
        }
        t->start = s;
        t->lcap = cap;
    }
    t->start[t->n++] = (uint32_t)t->text.len;
}

/* A line being written: the buffer and the display column reached. */
struct lw {
    struct tlines *t;
    int col;
    int width;
};

static void lw_text(struct lw *w, const char *s, size_t n)
{
    put(w->t, s, n);
    w->col += (int)ladder_text_width(s, n);
}

static void lw_str(struct lw *w, const char *s)
{
    lw_text(w, s, strlen(s));
}

static void lw_pad(struct lw *w, int to)
{
    static const char sp[] = "                                ";
    while (w->col < to) {
        int k = to - w->col < 32 ? to - w->col : 32;
        lw_text(w, sp, (size_t)k);
    }
}

static void lw_repeat(struct lw *w, const char *glyph, int n)
{
    for (int i = 0; i < n; i++)
        lw_str(w, glyph);
}

/* An escape sequence: no width. */
static void lw_esc(struct lw *w, const char *esc)
{
    put(w->t, esc, strlen(esc));
}

/* Drops trailing spaces, so that lines end where their text ends. */
static void lw_end(struct lw *w)
{
    struct tlines *t = w->t;
    size_t start = t->n > 0 ? t->start[t->n - 1] : 0;
    while (t->text.len > start && t->text.s[t->text.len - 1] == ' ')
        t->text.len--;
}

static void lw_begin(struct lw *w, struct tlines *t, int width)
{
    new_line(t);
    *w = (struct lw){t, 0, width};
}

/* ---- glyphs ---------------------------------------------------------------------------- */

static const struct glyphs unicode = {"\xe2\x94\x82",
                                      "\xe2\x94\x9c",
                                      "\xe2\x94\xa4",
                                      "\xe2\x94\x80",
                                      "\xe2\x95\x8c",
                                      "\xe2\x96\xb6",
                                      "\xe2\x97\x80",
                                      "\xe2\x80\xa6",
                                      "C\xe2\x94\x80\xe2\x96\xb6S",
                                      "C\xe2\x97\x80\xe2\x94\x80S"};
static const struct glyphs ascii = {"|", "|", "|", "-", ".", ">", "<", "...", "C->S", "C<-S"};

/* ---- notes ------------------------------------------------------------------------------ */

struct note_lines {
    int n;
    bool cut;
    size_t start[16], len[16];
};

static void note_put(struct lw *w, const struct ladder *l, const struct ladder_row *r,
                     const struct note_lines *nl, int i, const struct layout *y,
                     const struct ladder_text_opts *o, const struct glyphs *g)
{
    if (i >= nl->n || y->note_w == 0)
        return;
    size_t len;
    const char *note = ladder_str(l, r, LS_NOTE, &len);
    lw_pad(w, y->note_x);
    if (o->color)
        lw_esc(w, annotate_color(r->alert ? ANN_ALERT : ANN_TEXT,
                                 o->light ? ANN_PALETTE_LIGHT : ANN_PALETTE_DARK));
    size_t k = nl->len[i];
    bool ell = nl->cut && i == nl->n - 1;
    if (ell) { /* room for the ellipsis */
        size_t ew = ladder_text_width(g->ellipsis, strlen(g->ellipsis));
        while (k > 0 && ladder_text_width(note + nl->start[i], k) + ew > (size_t)y->note_w)
            k--;
    }
    lw_text(w, note + nl->start[i], k);
    if (ell)
        lw_str(w, g->ellipsis);
    if (o->color)
        lw_esc(w, ANN_COLOR_END);
}

/* ---- the drawing ------------------------------------------------------------------------ */

static const char *kind_color(uint8_t kind)
{
    switch (kind) {
    case LK_SYNFIN:
        return color_start(COLOR_SYNFIN);
    case LK_RST:
        return color_start(COLOR_RST);
    case LK_BAD:
        return "\033[1;31m";
    default:
        return "";
    }
}

/* Text centred on column x, kept within [lo, hi). */
static void put_centred(struct lw *w, const char *s, size_t n, int x, int lo, int hi)
{
    int tw = (int)ladder_text_width(s, n);
    int at = x - tw / 2;
    if (at + tw > hi)
        at = hi - tw;
    if (at < lo)
        at = lo;
    if (at < w->col)
        at = w->col;
    lw_pad(w, at);
    lw_text(w, s, n);
}

static void header(const struct ladder *l, const struct ladder_text_opts *o, const struct layout *y,
                   struct tlines *t, const struct glyphs *g)
{
    struct lw w;
    char title[256];
    uint32_t shown = y->r1 - y->r0;
    int k = snprintf(title, sizeof title,
                     "conn #%u (tcp.stream %u): %s (client) %s %s (server), %u segment%s",
                     l->stream, l->stream, l->ep[0], o->ascii ? "to" : "\xe2\x86\x94", l->ep[1],
                     shown, shown == 1 ? "" : "s");
    size_t n = k > 0 && (size_t)k < sizeof title ? (size_t)k : 0;
    n = ladder_clip(title, n, sizeof title, o->width, g->ellipsis);
    lw_begin(&w, t, o->width);
    lw_text(&w, title, n);
    lw_end(&w);
    if (y->compact)
        return;
    lw_begin(&w, t, o->width);
    lw_pad(&w, y->w_no - 3);
    lw_str(&w, "No. Time");
    int mid = (y->L + y->R) / 2;
    put_centred(&w, "client", 6, y->L, 0, mid);
    put_centred(&w, "server", 6, y->R, mid + 1, o->width);
    lw_end(&w);
    lw_begin(&w, t, o->width);
    size_t e0 = strlen(l->ep[0]), e1 = strlen(l->ep[1]);
    put_centred(&w, l->ep[0], e0, y->L, y->w_no + 1, mid);
    put_centred(&w, l->ep[1], e1, y->R, mid + 1, o->width + (int)e1);
    lw_end(&w);
}

/* The line above an arrow: No., Time, the label centred between the columns. */
static void label_line(struct lw *w, const struct ladder *l, const struct ladder_row *r,
                       const struct layout *y, const struct ladder_text_opts *o,
                       const struct glyphs *g)
{
    char buf[64], lab[320];
    int k = snprintf(buf, sizeof buf, "%*llu ", y->w_no, (unsigned long long)r->frame);
    lw_text(w, buf, (size_t)k);
    k = ladder_time_text(buf, sizeof buf, r->ts_ns, o->t0_ns);
    lw_text(w, buf, (size_t)k);
    lw_pad(w, y->L);
    lw_str(w, g->vert);
    int span = y->R - y->L - 1;
    size_t n = ladder_fit_label(l, r, span - 2, lab, sizeof lab, g);
    int lw_ = (int)ladder_text_width(lab, n);
    lw_pad(w, y->L + 1 + (span - lw_) / 2);
    if (o->color)
        lw_esc(w, kind_color(r->kind));
    lw_text(w, lab, n);
    if (o->color && r->kind != LK_DATA)
        lw_esc(w, color_end());
    lw_pad(w, y->R);
    lw_str(w, g->vert);
}

/* The arrow: states beside the columns, the comment in the shaft. */
static void arrow_line(struct lw *w, const struct ladder *l, const struct ladder_row *r,
                       const struct layout *y, const struct ladder_text_opts *o,
                       const struct glyphs *g)
{
    const char *st = ladder_shown_state(r, 0);
    if (st != NULL) {
        lw_pad(w, y->L - 1 - (int)strlen(st));
        lw_str(w, st);
    }
    lw_pad(w, y->L);
    bool to_server = r->from_client;
    const char *shaft = (r->an_flags & AN_ANY_RETRANSMISSION) ? g->dashed : g->shaft;
    int span = y->R - y->L - 1;
    char cm[64];
    size_t cn = ladder_fit_comment(l, r, span - 7, cm, sizeof cm);
    int inner = span - 1; /* shaft and comment, the head aside */
    int cw = cn > 0 ? (int)cn + 2 : 0;
    int before = (inner - cw) / 2, after = inner - cw - before;
    if (o->color)
        lw_esc(w, kind_color(r->kind));
    lw_str(w, to_server ? g->tee_right : g->vert);
    if (!to_server)
        lw_str(w, g->head_left);
    lw_repeat(w, shaft, before);
    if (cn > 0) {
        lw_str(w, " ");
        lw_text(w, cm, cn);
        lw_str(w, " ");
    }
    lw_repeat(w, shaft, after);
    if (to_server)
        lw_str(w, g->head_right);
    lw_str(w, to_server ? g->vert : g->tee_left);
    if (o->color && r->kind != LK_DATA)
        lw_esc(w, color_end());
    st = ladder_shown_state(r, 1);
    if (st != NULL) {
        lw_str(w, " ");
        lw_str(w, st);
    }
}

static void columns_line(struct lw *w, const struct layout *y, const struct glyphs *g)
{
    lw_pad(w, y->L);
    lw_str(w, g->vert);
    lw_pad(w, y->R);
    lw_str(w, g->vert);
}

static void row(const struct ladder *l, const struct ladder_row *r, const struct layout *y,
                const struct ladder_text_opts *o, struct tlines *t, const struct glyphs *g)
{
    struct note_lines nl = {0};
    size_t nlen;
    const char *note = ladder_str(l, r, LS_NOTE, &nlen);
    if (y->note_w > 0 && nlen > 0) {
        int max = y->note_lines < 16 ? y->note_lines : 16;
        nl.n = ladder_wrap(note, nlen, y->note_w, max, nl.start, nl.len, &nl.cut);
    }
    struct lw w;
    lw_begin(&w, t, o->width);
    label_line(&w, l, r, y, o, g);
    note_put(&w, l, r, &nl, 0, y, o, g);
    lw_end(&w);
    lw_begin(&w, t, o->width);
    arrow_line(&w, l, r, y, o, g);
    note_put(&w, l, r, &nl, 1, y, o, g);
    lw_end(&w);
    for (int i = 2; i < nl.n; i++) {
        lw_begin(&w, t, o->width);
        columns_line(&w, y, g);
        note_put(&w, l, r, &nl, i, y, o, g);
        lw_end(&w);
    }
}

/* Narrower than two columns allow: "  4 0.491685 C->S PSH, ACK - Len: 18 Seq = 1 Ack = 1". */
static void compact_row(const struct ladder *l, const struct ladder_row *r, const struct layout *y,
                        const struct ladder_text_opts *o, struct tlines *t, const struct glyphs *g)
{
    char buf[1024], tb[32];
    size_t fl, lb, cm;
    const char *f = ladder_str(l, r, LS_FLAGS, &fl);
    const char *s = ladder_str(l, r, LS_LABEL, &lb);
    const char *c = ladder_str(l, r, LS_COMMENT, &cm);
    ladder_time_text(tb, sizeof tb, r->ts_ns, o->t0_ns);
    int k = snprintf(buf, sizeof buf, "%*llu %s %s %.*s%s%.*s %.*s", y->w_no,
                     (unsigned long long)r->frame, tb, r->from_client ? g->to_server : g->to_client,
                     (int)fl, f, fl > 0 ? " " : "", (int)lb, s, (int)cm, c);
    size_t n = k > 0 && (size_t)k < sizeof buf ? (size_t)k : 0;
    n = ladder_clip(buf, n, sizeof buf, o->width, g->ellipsis);
    struct lw w;
    lw_begin(&w, t, o->width);
    lw_text(&w, buf, n);
    lw_end(&w);
}

/* A sentence under the ladder, wrapped to the width. */
static void footer(struct tlines *out, const char *msg, size_t n, int width)
{
    size_t st[8], ln[8];
    bool cut;
    int k = ladder_wrap(msg, n, width > 8 ? width : 8, 8, st, ln, &cut);
    for (int i = 0; i < k; i++) {
        struct lw w;
        lw_begin(&w, out, width);
        lw_text(&w, msg + st[i], ln[i]);
        lw_end(&w);
    }
}

void ladder_text(const struct ladder *l, const struct ladder_text_opts *opts, struct tlines *out)
{
    const struct glyphs *g = opts->ascii ? &ascii : &unicode;
    struct layout y;
    ladder_lay_out(l, opts, &y);
    if (opts->header)
        header(l, opts, &y, out, g);
    for (uint32_t i = y.r0; i < y.r1; i++) {
        const struct ladder_row *r = &l->rows[i];
        if (!ladder_in_range(opts, r->frame))
            continue;
        if (y.compact)
            compact_row(l, r, &y, opts, out, g);
        else
            row(l, r, &y, opts, out, g);
    }
    char msg[256];
    if (l->omitted > 0 && opts->header) {
        int k = snprintf(msg, sizeof msg,
                         "%llu more segment%s of conn #%u not drawn: a ladder keeps at most %u "
                         "(-Y or -c pick a part)",
                         (unsigned long long)l->omitted, l->omitted == 1 ? "" : "s", l->stream,
                         l->max_rows);
        footer(out, msg, (size_t)k, opts->width);
    }
    if (y.notes_dropped && opts->header) {
        int k = snprintf(msg, sizeof msg,
                         "(annotations left out: %d columns leave no room for them; a wider "
                         "terminal or COLUMNS=160 shows them)",
                         opts->width);
        footer(out, msg, (size_t)k, opts->width);
    }
}
