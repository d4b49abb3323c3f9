/*
 * ladder_fig.c: the ladder (ladder.h) as a figure for slides, through figure.h's back
 * ends (SVG for the page and the web, PDF and PNG through cairo): the same content as
 * the terminal ladder -- the two columns named by endpoint, one arrow per segment with
 * Wireshark's Flow Graph label above it and its comment below, the frame number and time
 * at the left, each end's TCP state beside its column where it changes, the annotation
 * at the right -- at sizes that read when projected (16 px labels, 2 px lines), with a
 * legend for the colours.
 *
 * Each arrow is a group of class "arrow" carrying its frame number (SVG data-frame), on
 * a row background that makes the whole row a target for a click.
 */
#include "draw_fig.h"

#include <stdio.h>
#include <string.h>

#define MARGIN 24.0
#define TITLE_SZ 22.0
#define HEAD_SZ 18.0
#define LABEL_SZ 16.0
#define SMALL_SZ 13.0
#define NOTE_SZ 14.0
#define NOTE_LH 18.0   /* a note line's height */
#define ROW_H 56.0     /* an arrow's row without a long note */
#define HEAD_H 112.0   /* title, column heads, endpoints */
#define LEGEND_H 58.0  /* the legend of one line, and the space above it */
#define LEGEND_LH 24.0 /* each further line of the legend */
#define NOTE_W_DEFAULT 560.0
#define NOTE_MAX_LINES 8

static const struct fig_rgb C_DATA = {0x5b, 0x3a, 0x8c}, C_SYNFIN = {0x30, 0x30, 0x30},
                            C_RST = {0xa4, 0x00, 0x00}, C_BAD = {0xe0, 0x1b, 0x1b},
                            C_STATE = {0x00, 0x66, 0x70}, C_NOTE = {0x1d, 0x4f, 0x6e},
                            C_ROW = {0xf5, 0xf5, 0xf8};

static struct fig_rgb kind_rgb(uint8_t kind)
{
    switch (kind) {
    case LK_SYNFIN:
        return C_SYNFIN;
    case LK_RST:
        return C_RST;
    case LK_BAD:
        return C_BAD;
    default:
        return C_DATA;
    }
}

struct lfig {
    double w, h;
    double left_w;  /* No. and time */
    double state_w; /* a state name's width */
    double L, R;    /* the columns */
    double note_x, note_w;
    int note_chars;
};

static int row_note_lines(const struct ladder *l, const struct ladder_row *r, const struct lfig *g)
{
    size_t n;
    const char *note = ladder_str(l, r, LS_NOTE, &n);
    if (n == 0 || g->note_chars <= 0)
        return 0;
    size_t st[NOTE_MAX_LINES], ln[NOTE_MAX_LINES];
    bool cut;
    return ladder_wrap(note, n, g->note_chars, NOTE_MAX_LINES, st, ln, &cut);
}

static double row_h(const struct ladder *l, const struct ladder_row *r, const struct lfig *g)
{
    double h = 10 + row_note_lines(l, r, g) * NOTE_LH;
    return h > ROW_H ? h : ROW_H;
}

static int legend(const struct fig *f, double w, double y);

static int ladder_title(const struct ladder *l, char *buf, size_t cap)
{
    int k = snprintf(buf, cap, "conn #%u (tcp.stream %u): %s \xe2\x86\x94 %s", l->stream, l->stream,
                     l->ep[0], l->ep[1]);
    return k < 0 ? 0 : (size_t)k < cap ? k : (int)cap - 1;
}

static void lay_out(const struct ladder *l, const struct fig_ladder_opts *o, struct lfig *g)
{
    memset(g, 0, sizeof *g);
    size_t widest = 8, comment = 8, state = 0;
    bool notes = false;
    for (uint32_t i = 0; i < l->n; i++) {
        const struct ladder_row *r = &l->rows[i];
        size_t fl, lb, cm, nt;
        (void)ladder_str(l, r, LS_FLAGS, &fl);
        (void)ladder_str(l, r, LS_LABEL, &lb);
        (void)ladder_str(l, r, LS_COMMENT, &cm);
        (void)ladder_str(l, r, LS_NOTE, &nt);
        if (fl + lb + 1 > widest)
            widest = fl + lb + 1;
        if (cm > comment)
            comment = cm;
        notes |= nt > 0;
        for (int s = 0; s < 2; s++)
            if (r->changed & (s == 0 ? LADDER_CLIENT_CHANGED : LADDER_SERVER_CHANGED))
                if (strlen(tcp_state_name((enum tcp_state)r->state[s])) > state)
                    state = strlen(tcp_state_name((enum tcp_state)r->state[s]));
    }
    g->left_w = 14 * FIG_CHAR_W * LABEL_SZ;
    g->state_w = (double)(state > 6 ? state : 6) * FIG_CHAR_W * SMALL_SZ + 8;
    double span = (double)widest * FIG_CHAR_W * LABEL_SZ + 40;
    double cspan = (double)comment * FIG_CHAR_W * SMALL_SZ + 40;
    if (cspan > span)
        span = cspan;
    if (span < 360)
        span = 360;
    if (span > 760)
        span = 760;
    g->L = MARGIN + g->left_w + g->state_w + 12;
    g->R = g->L + span;
    g->note_x = g->R + 12 + g->state_w + 16;
    g->note_w = notes && o->notes ? NOTE_W_DEFAULT : 0;
    g->w = g->note_x + g->note_w + MARGIN;
    if (o->width > 0) { /* the asked width: the notes take the rest, if 160 px are left */
        g->note_w = notes && o->notes ? o->width - MARGIN - g->note_x : 0;
        if (g->note_w < 160)
            g->note_w = 0;
        /* never narrower than the columns: a figure cut at the right would lie */
        double least = g->note_x - 16 + MARGIN;
        g->w = o->width > least ? o->width : least;
    }
    char title[256]; /* nor than the title and the server's endpoint */
    int k = ladder_title(l, title, sizeof title);
    double tw = MARGIN + fig_text_w(title, (size_t)k, TITLE_SZ) + MARGIN;
    double ew = g->R + fig_text_w(l->ep[1], strlen(l->ep[1]), LABEL_SZ) / 2 + MARGIN;
    g->w = g->w > tw ? g->w : tw;
    g->w = g->w > ew ? g->w : ew;
    g->note_chars = (int)(g->note_w / (FIG_CHAR_W * NOTE_SZ));
    g->h = HEAD_H + LEGEND_H + (legend(NULL, g->w, 0) - 1) * LEGEND_LH + MARGIN;
    for (uint32_t i = 0; i < l->n; i++)
        g->h += row_h(l, &l->rows[i], g);
    if (l->omitted > 0)
        g->h += NOTE_LH + 8;
}

void ladder_fig_size(const struct ladder *l, const struct fig_ladder_opts *o, double *w, double *h)
{
    struct lfig g;
    lay_out(l, o, &g);
    *w = g.w;
    *h = g.h;
}

static void heads(const struct fig *f, const struct ladder *l, const struct fig_ladder_opts *o,
                  const struct lfig *g, double y0)
{
    char title[256];
    int k = ladder_title(l, title, sizeof title);
    fig_text(f, MARGIN, y0 + 30, title, (size_t)k, TITLE_SZ, FIG_BLACK, FIG_START, true);
    if (o->subtitle != NULL)
        fig_text(f, MARGIN, y0 + 52, o->subtitle, strlen(o->subtitle), SMALL_SZ, FIG_GREY,
                 FIG_START, false);
    fig_text(f, g->L, y0 + 80, "client", 6, HEAD_SZ, FIG_BLACK, FIG_MIDDLE, true);
    fig_text(f, g->R, y0 + 80, "server", 6, HEAD_SZ, FIG_BLACK, FIG_MIDDLE, true);
    fig_text(f, g->L, y0 + 100, l->ep[0], strlen(l->ep[0]), LABEL_SZ, FIG_BLACK, FIG_MIDDLE, false);
    fig_text(f, g->R, y0 + 100, l->ep[1], strlen(l->ep[1]), LABEL_SZ, FIG_BLACK, FIG_MIDDLE, false);
    fig_text(f, MARGIN, y0 + 100, "No.  Time", 9, SMALL_SZ, FIG_GREY, FIG_START, false);
    if (g->note_w > 0)
        fig_text(f, g->note_x, y0 + 100, "what it means (sniff -A)", 24, SMALL_SZ, FIG_GREY,
                 FIG_START, false);
}

static void note(const struct fig *f, const struct ladder *l, const struct ladder_row *r,
                 const struct lfig *g, double y)
{
    size_t n;
    const char *s = ladder_str(l, r, LS_NOTE, &n);
    size_t st[NOTE_MAX_LINES], ln[NOTE_MAX_LINES];
    bool cut;
    int k = ladder_wrap(s, n, g->note_chars, NOTE_MAX_LINES, st, ln, &cut);
    for (int i = 0; i < k; i++) {
        char buf[1024];
        size_t m = ln[i] < sizeof buf - 4 ? ln[i] : sizeof buf - 4;
        memcpy(buf, s + st[i], m);
        if (cut && i == k - 1) {
            memcpy(buf + m, "\xe2\x80\xa6", 3);
            m += 3;
        }
        fig_text(f, g->note_x, y + 18 + i * NOTE_LH, buf, m, NOTE_SZ, r->alert ? C_BAD : C_NOTE,
                 FIG_START, r->alert);
    }
}

static double arrow_row(const struct fig *f, const struct ladder *l, const struct ladder_row *r,
                        const struct lfig *g, const struct fig_ladder_opts *o, double y, bool odd)
{
    double h = row_h(l, r, g);
    f->ops->group_begin(f->be, "arrow", r->frame);
    f->ops->rect(f->be, MARGIN / 2, y, g->w - MARGIN, h, odd ? C_ROW : FIG_WHITE);
    struct fig_rgb c = kind_rgb(r->kind);
    char buf[600];
    int64_t d = r->ts_ns - o->t0_ns;
    int k = snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->frame);
    fig_text(f, MARGIN + 3 * FIG_CHAR_W * LABEL_SZ, y + 33, buf, (size_t)k, LABEL_SZ, FIG_BLACK,
             FIG_END, true);
    k = snprintf(buf, sizeof buf, "%s%lld.%06lld", d < 0 ? "-" : "",
                 (long long)((d < 0 ? -d : d) / 1000000000),
                 (long long)((d < 0 ? -d : d) % 1000000000 / 1000));
    fig_text(f, MARGIN + 4 * FIG_CHAR_W * LABEL_SZ, y + 33, buf, (size_t)k, SMALL_SZ, FIG_GREY,
             FIG_START, false);
    size_t fl, lb, cm;
    const char *fs = ladder_str(l, r, LS_FLAGS, &fl);
    const char *ls = ladder_str(l, r, LS_LABEL, &lb);
    const char *cs = ladder_str(l, r, LS_COMMENT, &cm);
    k = snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)fl, fs, fl > 0 ? " " : "", (int)lb, ls);
    double mid = (g->L + g->R) / 2;
    fig_text(f, mid, y + 22, buf, (size_t)k, LABEL_SZ, c, FIG_MIDDLE, r->kind != LK_DATA);
    struct fig_pen pen = {c, 2.0, (r->an_flags & AN_ANY_RETRANSMISSION) != 0};
    double ay = y + 30;
    if (r->from_client)
        fig_arrow(f, g->L, ay, g->R - 1, ay, &pen, 12);
    else
        fig_arrow(f, g->R, ay, g->L + 1, ay, &pen, 12);
    fig_text(f, mid, y + 46, cs, cm, SMALL_SZ, FIG_GREY, FIG_MIDDLE, false);
    for (int s = 0; s < 2; s++) {
        if (!(r->changed & (s == 0 ? LADDER_CLIENT_CHANGED : LADDER_SERVER_CHANGED)) ||
            r->state[s] == TCP_STATE_UNKNOWN)
            continue;
        const char *name = tcp_state_name((enum tcp_state)r->state[s]);
        fig_text(f, s == 0 ? g->L - 8 : g->R + 8, ay + 5, name, strlen(name), SMALL_SZ, C_STATE,
                 s == 0 ? FIG_END : FIG_START, true);
    }
    if (g->note_w > 0)
        note(f, l, r, g, y);
    f->ops->group_end(f->be);
    return h;
}

/* The legend under the ladder, wrapped to the figure's width: its lines (f NULL: only
 * counted, for the layout). */
static int legend(const struct fig *f, double w, double y)
{
    static const struct {
        const char *name;
        int kind;
        bool dashed;
    } items[] = {{"SYN / FIN", LK_SYNFIN, false},
                 {"data, ACK", LK_DATA, false},
                 {"RST", LK_RST, false},
                 {"analysis flag", LK_BAD, false},
                 {"retransmission", LK_BAD, true}};
    static const char est[] = "ESTABLISHED", st[] = "TCP state (RFC 9293) once the segment arrived";
    const size_t nitems = sizeof items / sizeof items[0];
    double x = MARGIN;
    int lines = 1;
    for (size_t i = 0; i <= nitems; i++) {
        double iw = i < nitems ? 52 + fig_text_w(items[i].name, strlen(items[i].name), SMALL_SZ)
                               : fig_text_w(est, sizeof est - 1, SMALL_SZ) + 8 +
                                     fig_text_w(st, sizeof st - 1, SMALL_SZ);
        if (x > MARGIN && x + iw > w - MARGIN) { /* the next line */
            x = MARGIN;
            y += LEGEND_LH;
            lines++;
        }
        if (f != NULL && i < nitems) {
            struct fig_pen pen = {kind_rgb((uint8_t)items[i].kind), 2.0, items[i].dashed};
            fig_arrow(f, x, y, x + 44, y, &pen, 10);
            fig_text(f, x + 52, y + 5, items[i].name, strlen(items[i].name), SMALL_SZ, FIG_BLACK,
                     FIG_START, false);
        } else if (f != NULL) {
            fig_text(f, x, y + 5, est, sizeof est - 1, SMALL_SZ, C_STATE, FIG_START, true);
            fig_text(f, x + fig_text_w(est, sizeof est - 1, SMALL_SZ) + 8, y + 5, st, sizeof st - 1,
                     SMALL_SZ, FIG_BLACK, FIG_START, false);
        }
        x += iw + 28;
    }
    return lines;
}

double ladder_fig_draw(const struct ladder *l, const struct fig_ladder_opts *o, const struct fig *f,
                       double y0)
{
    struct lfig g;
    lay_out(l, o, &g);
    heads(f, l, o, &g, y0);
    double y = y0 + HEAD_H;
    struct fig_pen col = {FIG_GREY, 2.0, false};
    double top = y - 6, bottom = y;
    for (uint32_t i = 0; i < l->n; i++)
        bottom += row_h(l, &l->rows[i], &g);
    f->ops->group_begin(f->be, "columns", 0);
    f->ops->line(f->be, g.L, top, g.L, bottom + 6, &col);
    f->ops->line(f->be, g.R, top, g.R, bottom + 6, &col);
    f->ops->group_end(f->be);
    for (uint32_t i = 0; i < l->n; i++)
        y += arrow_row(f, l, &l->rows[i], &g, o, y, i % 2 == 1);
    /* the columns again, over the row backgrounds */
    f->ops->line(f->be, g.L, top, g.L, bottom + 6, &col);
    f->ops->line(f->be, g.R, top, g.R, bottom + 6, &col);
    if (l->omitted > 0) {
        char msg[200];
        int k = snprintf(msg, sizeof msg, "%llu more segments not drawn (a ladder keeps %u)",
                         (unsigned long long)l->omitted, l->max_rows);
        fig_text(f, MARGIN, y + 20, msg, (size_t)k, NOTE_SZ, C_BAD, FIG_START, false);
        y += NOTE_LH + 8;
    }
    legend(f, g.w, y + 30);
    return g.h;
}
