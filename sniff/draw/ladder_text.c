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
 */
#include "ladder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define SPAN_MIN 18  /* the narrowest space between the columns */
#define SPAN_MAX 64  /* and the widest the labels may ask for */
#define NOTE_MIN 16  /* the note column labels leave (narrower: the notes go) */
#define NOTE_LINES 4 /* default screen lines per arrow */

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

struct glyphs {
    const char *vert, *tee_right, *tee_left, *shaft, *dashed, *head_right, *head_left, *ellipsis;
    const char *to_server, *to_client;
};

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

/* ---- fitting text ---------------------------------------------------------------------- */

/* Short words for the analysis flags, for a narrow ladder. */
static const struct {
    uint32_t bit;
    const char *name;
} short_flags[] = {
    {AN_PORTS_REUSED, "Reused"},
    {AN_SPURIOUS_RETRANSMISSION, "Spurious Retr"},
    {AN_FAST_RETRANSMISSION, "Fast Retr"},
    {AN_RETRANSMISSION, "Retr"},
    {AN_OUT_OF_ORDER, "Out-Of-Order"},
    {AN_LOST_SEGMENT, "Lost"},
    {AN_ACKED_UNSEEN, "ACKed unseen"},
    {AN_WINDOW_FULL, "Win Full"},
    {AN_WINDOW_UPDATE, "Win Update"},
    {AN_KEEP_ALIVE, "Keep-Alive"},
    {AN_KEEP_ALIVE_ACK, "KA ACK"},
    {AN_DUP_ACK, "Dup ACK"},
    {AN_ZERO_WINDOW_PROBE, "ZeroWin Probe"},
    {AN_ZERO_WINDOW_PROBE_ACK, "Probe ACK"},
    {AN_ZERO_WINDOW, "ZeroWin"},
};

static size_t short_flag_text(uint32_t flags, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof short_flags / sizeof short_flags[0]; i++) {
        if (!(flags & short_flags[i].bit))
            continue;
        int k = snprintf(buf + n, cap - n, "[%s] ", short_flags[i].name);
        if (k < 0 || (size_t)k >= cap - n)
            break;
        n += (size_t)k;
    }
    if (n > 0)
        buf[--n] = '\0'; /* the last space */
    return n;
}

/* The label above an arrow, in the widest form that fits w columns (cut with an
 * ellipsis when none does). */
static size_t fit_label(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                        size_t cap, const struct glyphs *g)
{
    size_t fl, lb;
    const char *f = ladder_str(l, r, LS_FLAGS, &fl);
    const char *s = ladder_str(l, r, LS_LABEL, &lb);
    char sf[160];
    size_t sfl = r->an_flags != 0 ? short_flag_text(r->an_flags, sf, sizeof sf) : 0;
    const struct {
        const char *a;
        size_t an;
    } pre[3] = {{f, fl}, {sf, sfl}, {"", 0}};
    for (int i = 0; i < 3; i++) {
        int k = pre[i].an > 0
                    ? snprintf(buf, cap, "%.*s %.*s", (int)pre[i].an, pre[i].a, (int)lb, s)
                    : snprintf(buf, cap, "%.*s", (int)lb, s);
        size_t n = k > 0 && (size_t)k < cap ? (size_t)k : 0;
        if ((int)ladder_text_width(buf, n) <= w)
            return n;
    }
    /* Cut: the short flags and the label, to w - 1 columns and an ellipsis. */
    int k = snprintf(buf, cap, "%.*s%s%.*s", (int)sfl, sf, sfl > 0 ? " " : "", (int)lb, s);
    size_t n = k > 0 && (size_t)k < cap ? (size_t)k : 0;
    size_t el = strlen(g->ellipsis), ew = ladder_text_width(g->ellipsis, el);
    if (w <= (int)ew)
        return 0;
    size_t keep = (size_t)w - ew; /* ASCII text: bytes are columns */
    if (keep > n)
        keep = n;
    memcpy(buf + keep, g->ellipsis, el);
    return keep + el;
}

/* The comment in the shaft: "Seq = 1 Ack = 1", else "Seq=1 Ack=1", else nothing. */
static size_t fit_comment(const struct ladder *l, const struct ladder_row *r, int w, char *buf,
                          size_t cap)
{
    size_t n;
    const char *c = ladder_str(l, r, LS_COMMENT, &n);
    if (n < cap && (int)n <= w) {
        memcpy(buf, c, n);
        return n;
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++) /* "Seq = 1" -> "Seq=1" */
        if (!(c[i] == ' ' && ((i + 1 < n && c[i + 1] == '=') || (i > 0 && c[i - 1] == '='))))
            buf[k++] = c[i];
    return (int)k <= w ? k : 0;
}

/* Cuts buf (n bytes) to at most width columns, at a character boundary, ending in the
 * ellipsis when anything was cut; cap: buf's size. */
static size_t clip(char *buf, size_t n, size_t cap, int width, const char *ell)
{
    if ((int)ladder_text_width(buf, n) <= width)
        return n;
    size_t el = strlen(ell);
    int ew = (int)ladder_text_width(ell, el);
    while (n > 0 && ((int)ladder_text_width(buf, n) > width - ew || n + el > cap))
        n--;
    while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80) /* not inside a character */
        n--;
    memcpy(buf + n, ell, el);
    return n + el;
}

/* ---- layout ---------------------------------------------------------------------------- */

struct layout {
    int w_no, w_time, w_sl, w_sr;
    int L, R;           /* the client's and the server's column */
    int note_x, note_w; /* the annotation column (note_w 0: none) */
    int note_lines;     /* screen lines an arrow may take */
    bool compact;       /* one line per arrow */
    bool notes_dropped; /* there were notes and no room for them */
    uint32_t r0, r1;    /* the rows drawn: [r0, r1) */
};

static bool in_range(const struct ladder_text_opts *o, uint64_t frame)
{
    return (o->first == 0 || frame >= o->first) && (o->last == 0 || frame <= o->last);
}

static int time_text(char *buf, size_t cap, int64_t ns, int64_t t0)
{
    int64_t d = ns - t0;
    const char *sign = "";
    if (d < 0) {
        sign = "-";
        d = -d;
    }
    return snprintf(buf, cap, "%s%lld.%06lld", sign, (long long)(d / 1000000000),
                    (long long)(d % 1000000000 / 1000));
}

static int digits(uint64_t v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* The state written beside a column on row r (NULL: none): where it changes, and known. */
static const char *shown_state(const struct ladder_row *r, int side)
{
    int bit = side == 0 ? LADDER_CLIENT_CHANGED : LADDER_SERVER_CHANGED;
    if (!(r->changed & bit) || r->state[side] == TCP_STATE_UNKNOWN)
        return NULL;
    return tcp_state_name((enum tcp_state)r->state[side]);
}

static void measure(const struct ladder *l, const struct ladder_text_opts *o, struct layout *y,
                    int *want_span, bool *any_note)
{
    uint64_t max_frame = 0;
    *want_span = SPAN_MIN;
    *any_note = false;
    y->r0 = l->n;
    y->r1 = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        const struct ladder_row *r = &l->rows[i];
        if (!in_range(o, r->frame))
            continue;
        if (y->r0 == l->n)
            y->r0 = i;
        y->r1 = i + 1;
        if (r->frame > max_frame)
            max_frame = r->frame;
        char tb[32];
        int tw = time_text(tb, sizeof tb, r->ts_ns, o->t0_ns);
        if (tw > y->w_time)
            y->w_time = tw;
        for (int side = 0; side < 2; side++) {
            const char *st = shown_state(r, side);
            int sw = st != NULL ? (int)strlen(st) : 0;
            int *w = side == 0 ? &y->w_sl : &y->w_sr;
            if (sw > *w)
                *w = sw;
        }
        size_t fl, lb, cm, nt;
        (void)ladder_str(l, r, LS_FLAGS, &fl);
        (void)ladder_str(l, r, LS_LABEL, &lb);
        (void)ladder_str(l, r, LS_COMMENT, &cm);
        (void)ladder_str(l, r, LS_NOTE, &nt);
        int need = (int)(fl + (fl > 0) + lb) + 2;
        if ((int)cm + 9 > need)
            need = (int)cm + 9; /* the shaft: tee, head, a space and two glyphs each side */
        if (need > *want_span)
            *want_span = need;
        *any_note |= nt > 0;
    }
    if (y->r0 > y->r1)
        y->r0 = y->r1;
    y->w_no = digits(max_frame) > 3 ? digits(max_frame) : 3;
    if (y->w_time < 4)
        y->w_time = 4;
    if (*want_span > SPAN_MAX)
        *want_span = SPAN_MAX;
}

static void lay_out(const struct ladder *l, const struct ladder_text_opts *o, struct layout *y)
{
    int want;
    bool any_note;
    memset(y, 0, sizeof *y);
    measure(l, o, y, &want, &any_note);
    y->note_lines = o->max_note_lines > 0 ? o->max_note_lines : NOTE_LINES;
    if (y->note_lines < 2)
        y->note_lines = 2;
    y->L = y->w_no + 1 + y->w_time + 1 + (y->w_sl > 0 ? y->w_sl + 1 : 0);
    /* After the server's column: a space, its states and a space before the notes. */
    int right = y->w_sr > 0 ? 1 + y->w_sr + 1 : 1;
    int avail = o->width - y->L - 2 - right; /* for the span and the notes */
    if (o->width < LADDER_MIN_WIDTH || avail < SPAN_MIN) {
        y->compact = true;
        return;
    }
    /* The span the labels ask for, leaving the notes NOTE_MIN columns: a label is
     * shortened rather than a note squeezed out; below that the notes go first. */
    bool notes = any_note && !o->no_notes;
    int span = want < avail ? want : avail;
    if (notes && avail - span < NOTE_MIN)
        span = avail - NOTE_MIN > SPAN_MIN ? avail - NOTE_MIN : SPAN_MIN;
    if (avail - span > 80) /* a wide terminal: a roomier ladder */
        span += (avail - span - 80) / 4 < 12 ? (avail - span - 80) / 4 : 12;
    if (notes && avail - span < 12) {
        y->notes_dropped = true;
        notes = false;
    }
    y->R = y->L + 1 + span;
    y->note_x = y->R + 1 + right;
    y->note_w = notes ? o->width - y->note_x : 0;
}

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
    n = clip(title, n, sizeof title, o->width, g->ellipsis);
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
    k = time_text(buf, sizeof buf, r->ts_ns, o->t0_ns);
    lw_text(w, buf, (size_t)k);
    lw_pad(w, y->L);
    lw_str(w, g->vert);
    int span = y->R - y->L - 1;
    size_t n = fit_label(l, r, span - 2, lab, sizeof lab, g);
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
    const char *st = shown_state(r, 0);
    if (st != NULL) {
        lw_pad(w, y->L - 1 - (int)strlen(st));
        lw_str(w, st);
    }
    lw_pad(w, y->L);
    bool to_server = r->from_client;
    const char *shaft = (r->an_flags & AN_ANY_RETRANSMISSION) ? g->dashed : g->shaft;
    int span = y->R - y->L - 1;
    char cm[64];
    size_t cn = fit_comment(l, r, span - 7, cm, sizeof cm);
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
    st = shown_state(r, 1);
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
    time_text(tb, sizeof tb, r->ts_ns, o->t0_ns);
    int k = snprintf(buf, sizeof buf, "%*llu %s %s %.*s%s%.*s %.*s", y->w_no,
                     (unsigned long long)r->frame, tb, r->from_client ? g->to_server : g->to_client,
                     (int)fl, f, fl > 0 ? " " : "", (int)lb, s, (int)cm, c);
    size_t n = k > 0 && (size_t)k < sizeof buf ? (size_t)k : 0;
    n = clip(buf, n, sizeof buf, o->width, g->ellipsis);
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
    lay_out(l, opts, &y);
    if (opts->header)
        header(l, opts, &y, out, g);
    for (uint32_t i = y.r0; i < y.r1; i++) {
        const struct ladder_row *r = &l->rows[i];
        if (!in_range(opts, r->frame))
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
