/*
 * graph_fig.c: a TCP stream graph (graph.h) as a figure, and its data as CSV.
 *
 * The page: Wireshark's title ("Sequence Numbers (Stevens) for A:p -> B:q"), the plot
 * with axes in their units (seconds; bytes; ms; bits/s on the right for throughput),
 * "nice" ticks (1, 2 or 5 times a power of ten), a legend, and under the title what the
 * picture holds: how many segments, retransmissions, and how many points the figure
 * merged. Points are thinned for drawing to one per pixel column and series (the
 * smallest and largest value of the column, so a spike stays visible); a column holding
 * a retransmission always gets its red mark, and when several retransmissions share a
 * mark the subtitle says how many marks stand for how many retransmissions.
 */
#include "draw_fig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_SZ 20.0
#define TICK_SZ 13.0
#define LABEL_SZ 15.0

static const struct fig_rgb C_SEQ = {0x1f, 0x5f, 0xbf}, C_ACK = {0xb0, 0x6a, 0x00},
                            C_RWIN = {0x2e, 0x8b, 0x3a}, C_SACK = {0x7b, 0x3f, 0xa8},
                            C_RETR = {0xd0, 0x10, 0x10}, C_AXIS = {0x40, 0x40, 0x40},
                            C_GRID = {0xe8, 0xe8, 0xe8};

enum gstyle { ST_DOTS, ST_BARS, ST_STEP, ST_LINE, ST_MARKS };

struct plot {
    double x0, y0, w, h; /* the plot area */
    double xmin, xmax, ymin, ymax;
    double y2min, y2max; /* the right axis (throughput) */
    bool right;
};

static double px(const struct plot *p, double t)
{
    return p->x0 + (t - p->xmin) / (p->xmax - p->xmin) * p->w;
}

static double py(const struct plot *p, double v, bool right)
{
    double lo = right ? p->y2min : p->ymin, hi = right ? p->y2max : p->ymax;
    return p->y0 + p->h - (v - lo) / (hi - lo) * p->h;
}

/* ---- what a type shows ----------------------------------------------------------------- */

struct shown {
    enum gseries_id id;
    enum gstyle style;
    struct fig_rgb c;
    const char *legend;
};

static int shown_of(enum graph_type t, struct shown *s)
{
    switch (t) {
    case GRAPH_STEVENS:
        s[0] = (struct shown){GS_SEQ, ST_DOTS, C_SEQ, "segment (sequence number)"};
        return 1;
    case GRAPH_TCPTRACE:
        s[0] = (struct shown){GS_SEG, ST_BARS, C_SEQ, "data segment"};
        s[1] = (struct shown){GS_ACK, ST_STEP, C_ACK, "ACK"};
        s[2] = (struct shown){GS_RWIN, ST_STEP, C_RWIN, "receive window"};
        s[3] = (struct shown){GS_SACK, ST_BARS, C_SACK, "SACK"};
        s[4] = (struct shown){GS_DUPACK, ST_MARKS, C_ACK, "duplicate ACK"};
        s[5] = (struct shown){GS_ZEROWIN, ST_MARKS, C_RETR, "zero window"};
        return 6;
    case GRAPH_THROUGHPUT:
        s[0] = (struct shown){GS_LEN, ST_DOTS, C_SEQ, "segment length"};
        return 1;
    case GRAPH_RTT:
        s[0] = (struct shown){GS_RTT, ST_LINE, C_SEQ, "ACK RTT"};
        return 1;
    case GRAPH_WINDOW:
        s[0] = (struct shown){GS_INFLIGHT, ST_STEP, C_SEQ, "bytes in flight"};
        s[1] = (struct shown){GS_WIN, ST_STEP, C_RWIN, "receive window"};
        return 2;
    }
    return 0;
}

static const char *title_of(enum graph_type t)
{
    static const char *const titles[] = {"Sequence Numbers (Stevens)",
                                         "Sequence Numbers (tcptrace)", "Throughput (MA)",
                                         "Round Trip Time", "Window Scaling"};
    return titles[t];
}

static const char *y_label(enum graph_type t)
{
    static const char *const labels[] = {"Sequence number (B)", "Sequence number (B)",
                                         "Segment length (B)", "RTT (ms)", "Size (B)"};
    return labels[t];
}

/* ---- ranges and ticks ------------------------------------------------------------------ */

static void range_of(const struct gseries *s, double *xmin, double *xmax, double *ymin,
                     double *ymax, bool *any)
{
    for (uint32_t i = 0; i < s->n; i++) {
        const struct gpoint *p = &s->pt[i];
        if (!*any) {
            *xmin = *xmax = p->t;
            *ymin = p->y;
            *ymax = p->y2;
            *any = true;
        }
        *xmin = fmin(*xmin, p->t);
        *xmax = fmax(*xmax, p->t);
        *ymin = fmin(*ymin, fmin(p->y, p->y2));
        *ymax = fmax(*ymax, fmax(p->y, p->y2));
    }
}

static double nice_step(double range, int want)
{
    double raw = range / want, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/* Pads a range so nothing sits on the frame, and gives an empty one a width. */
static void pad(double *lo, double *hi)
{
    if (*hi <= *lo) {
        double m = fabs(*lo) > 0 ? fabs(*lo) * 0.05 : 1;
        *lo -= m;
        *hi += m;
    }
    double m = (*hi - *lo) * 0.04;
    *lo -= m;
    *hi += m;
}

/* "1.5M", "250k", "0.25": tick labels short enough for the margin. */
static void tick_text(char *buf, size_t n, double v, double step)
{
    double a = fabs(v);
    if (a >= 1e9 && step >= 1e8)
        snprintf(buf, n, "%gG", v / 1e9);
    else if (a >= 1e6 && step >= 1e5)
        snprintf(buf, n, "%gM", v / 1e6);
    else if (a >= 1e4 && step >= 1e3)
        snprintf(buf, n, "%gk", v / 1e3);
    else {
        int dec = step >= 1 ? 0 : (int)ceil(-log10(step));
        snprintf(buf, n, "%.*f", dec > 6 ? 6 : dec, v);
    }
}

static void axes(const struct fig *f, const struct plot *p, const char *ylab, const char *y2lab)
{
    struct fig_pen grid = {C_GRID, 1.0, false}, axis = {C_AXIS, 1.5, false};
    char buf[32];
    double st = nice_step(p->xmax - p->xmin, 8);
    for (long i = lround(ceil(p->xmin / st)); (double)i * st <= p->xmax + st * 1e-9; i++) {
        double v = (double)i * st;
        double x = px(p, v);
        f->ops->line(f->be, x, p->y0, x, p->y0 + p->h, &grid);
        f->ops->line(f->be, x, p->y0 + p->h, x, p->y0 + p->h + 6, &axis);
        tick_text(buf, sizeof buf, fabs(v) < st * 1e-9 ? 0 : v, st);
        fig_text(f, x, p->y0 + p->h + 22, buf, strlen(buf), TICK_SZ, C_AXIS, FIG_MIDDLE, false);
    }
    st = nice_step(p->ymax - p->ymin, 6);
    for (long i = lround(ceil(p->ymin / st)); (double)i * st <= p->ymax + st * 1e-9; i++) {
        double v = (double)i * st;
        double y = py(p, v, false);
        f->ops->line(f->be, p->x0, y, p->x0 + p->w, y, &grid);
        f->ops->line(f->be, p->x0 - 6, y, p->x0, y, &axis);
        tick_text(buf, sizeof buf, fabs(v) < st * 1e-9 ? 0 : v, st);
        fig_text(f, p->x0 - 10, y + 4, buf, strlen(buf), TICK_SZ, C_AXIS, FIG_END, false);
    }
    if (p->right) {
        st = nice_step(p->y2max - p->y2min, 6);
        for (long i = lround(ceil(p->y2min / st)); (double)i * st <= p->y2max + st * 1e-9; i++) {
            double v = (double)i * st;
            double y = py(p, v, true);
            f->ops->line(f->be, p->x0 + p->w, y, p->x0 + p->w + 6, y, &axis);
            tick_text(buf, sizeof buf, fabs(v) < st * 1e-9 ? 0 : v, st);
            fig_text(f, p->x0 + p->w + 10, y + 4, buf, strlen(buf), TICK_SZ, C_ACK, FIG_START,
                     false);
        }
        fig_text(f, p->x0 + p->w, p->y0 - 10, y2lab, strlen(y2lab), LABEL_SZ, C_ACK, FIG_END, true);
    }
    double frame[10] = {p->x0,        p->y0, p->x0 + p->w, p->y0, p->x0 + p->w,
                        p->y0 + p->h, p->x0, p->y0 + p->h, p->x0, p->y0};
    f->ops->polyline(f->be, frame, 5, &axis);
    fig_text(f, p->x0 + p->w / 2, p->y0 + p->h + 46, "Time (s)", strlen("Time (s)"), LABEL_SZ,
             C_AXIS, FIG_MIDDLE, true);
    fig_text(f, p->x0, p->y0 - 10, ylab, strlen(ylab), LABEL_SZ, C_AXIS, FIG_START, true);
}

/* ---- thinning: a column of pixels per drawn point ---------------------------------------- */

struct col {
    bool used;
    double t, lo, hi;
    uint32_t marks;
};

/* The series (or, with vals, those values at its points' times) in at most ncol columns:
 * the smallest and largest value each, and the retransmissions it holds. */
static uint32_t thin(const struct plot *p, const struct gseries *s, const double *vals,
                     struct col *cols, uint32_t ncol)
{
    memset(cols, 0, ncol * sizeof *cols);
    for (uint32_t i = 0; i < s->n; i++) {
        const struct gpoint *q = &s->pt[i];
        double lo = vals != NULL ? vals[i] : fmin(q->y, q->y2);
        double hi = vals != NULL ? vals[i] : fmax(q->y, q->y2);
        long k = lround((q->t - p->xmin) / (p->xmax - p->xmin) * (ncol - 1));
        if (k < 0)
            k = 0;
        if (k >= (long)ncol)
            k = (long)ncol - 1;
        struct col *c = &cols[k];
        if (!c->used) {
            *c = (struct col){true, q->t, lo, hi, 0};
        } else {
            c->lo = fmin(c->lo, lo);
            c->hi = fmax(c->hi, hi);
        }
        c->marks += q->marks;
    }
    uint32_t marks = 0;
    for (uint32_t k = 0; k < ncol; k++)
        marks += cols[k].marks > 0;
    return marks;
}

static void draw_cols(const struct fig *f, const struct plot *p, const struct col *cols,
                      uint32_t ncol, enum gstyle st, struct fig_rgb c, bool right)
{
    struct fig_pen pen = {c, st == ST_BARS ? 2.0 : 1.6, false};
    double *xy = malloc(6 * (size_t)ncol * sizeof *xy); /* a step, a low and a high point */
    size_t n = 0;
    for (uint32_t k = 0; k < ncol; k++) {
        const struct col *q = &cols[k];
        if (!q->used)
            continue;
        double x = px(p, q->t), ylo = py(p, q->lo, right), yhi = py(p, q->hi, right);
        if (st == ST_DOTS || st == ST_MARKS) {
            if (yhi < ylo - 1)
                f->ops->line(f->be, x, ylo, x, yhi, &pen);
            else
                f->ops->circle(f->be, x, ylo, st == ST_MARKS ? 3.5 : 2.4, c);
        } else if (st == ST_BARS) {
            f->ops->line(f->be, x, ylo + 0.5, x, yhi - 0.5, &pen);
        } else if (xy != NULL) {
            if (st == ST_STEP && n > 0) {
                xy[2 * n] = x;
                xy[2 * n + 1] = xy[2 * n - 1];
                n++;
            }
            xy[2 * n] = x, xy[2 * n + 1] = ylo, n++;
            if (yhi < ylo - 0.5)
                xy[2 * n] = x, xy[2 * n + 1] = yhi, n++;
        }
    }
    if (n > 0)
        f->ops->polyline(f->be, xy, n, &pen);
    free(xy);
}

/* Red marks over the columns that hold a retransmission, with the count when several do. */
static void draw_marks(const struct fig *f, const struct plot *p, const struct col *cols,
                       uint32_t ncol)
{
    struct fig_pen pen = {C_RETR, 2.0, false};
    for (uint32_t k = 0; k < ncol; k++) {
        const struct col *q = &cols[k];
        if (!q->used || q->marks == 0)
            continue;
        double x = px(p, q->t), y = py(p, q->hi, false);
        f->ops->line(f->be, x - 5, y - 5, x + 5, y + 5, &pen);
        f->ops->line(f->be, x - 5, y + 5, x + 5, y - 5, &pen);
        if (q->marks > 1) {
            char buf[16];
            snprintf(buf, sizeof buf, "%u", q->marks);
            fig_text(f, x + 7, y - 6, buf, strlen(buf), 11, C_RETR, FIG_START, true);
        }
    }
}

/* ---- the page -------------------------------------------------------------------------- */

struct counts {
    uint64_t retr;        /* retransmissions plotted */
    uint32_t retr_marks;  /* marks drawn for them */
    uint64_t raw, stored; /* points given, points kept */
};

static void legend(const struct fig *f, const struct shown *sh, int ns, double x, double y,
                   bool retr, bool tput, double window)
{
    char ma[96];
    if (window >= 1)
        snprintf(ma, sizeof ma, "throughput, %g s moving average (bits/s)", window);
    else
        snprintf(ma, sizeof ma, "throughput, %g ms moving average (bits/s)", window * 1000);
    for (int i = 0; i < ns + (tput ? 1 : 0); i++) {
        const char *name = i < ns ? sh[i].legend : ma;
        struct fig_rgb c = i < ns ? sh[i].c : C_ACK;
        f->ops->rect(f->be, x, y - 9, 18, 8, c);
        fig_text(f, x + 24, y, name, strlen(name), TICK_SZ, C_AXIS, FIG_START, false);
        x += 24 + fig_text_w(name, strlen(name), TICK_SZ) + 24;
    }
    if (retr) {
        struct fig_pen pen = {C_RETR, 2.0, false};
        f->ops->line(f->be, x + 4, y - 9, x + 14, y + 1, &pen);
        f->ops->line(f->be, x + 4, y + 1, x + 14, y - 9, &pen);
        fig_text(f, x + 24, y, "retransmission", strlen("retransmission"), TICK_SZ, C_AXIS,
                 FIG_START, false);
    }
}

static void titles(const struct fig *f, const struct graph *g, const struct fig_graph_opts *o,
                   const struct counts *k)
{
    char buf[512];
    int d = o->dir;
    if (o->both)
        snprintf(buf, sizeof buf, "%s for %s \xe2\x86\x94 %s", title_of(o->type), g->ep[0],
                 g->ep[1]);
    else
        snprintf(buf, sizeof buf, "%s for %s \xe2\x86\x92 %s", title_of(o->type), g->ep[d],
                 g->ep[1 - d]);
    fig_text(f, 24, 30, buf, strlen(buf), TITLE_SZ, FIG_BLACK, FIG_START, true);
    int n = snprintf(buf, sizeof buf, "%s%sconn #%u, %llu segments", o->subtitle ? o->subtitle : "",
                     o->subtitle ? ": " : "", g->stream,
                     (unsigned long long)g->d[0].segments + (unsigned long long)g->d[1].segments);
    if (k->retr > 0 && n > 0 && (size_t)n < sizeof buf)
        n += snprintf(buf + n, sizeof buf - (size_t)n, ", %llu retransmission%s",
                      (unsigned long long)k->retr, k->retr == 1 ? "" : "s");
    if (k->retr > k->retr_marks && n > 0 && (size_t)n < sizeof buf)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " (shown as %u marks: several share one)",
                      k->retr_marks);
    if (k->raw > k->stored && n > 0 && (size_t)n < sizeof buf)
        snprintf(buf + n, sizeof buf - (size_t)n,
                 "; %llu points merged into %llu to keep memory flat", (unsigned long long)k->raw,
                 (unsigned long long)k->stored);
    fig_text(f, 24, 52, buf, strlen(buf), TICK_SZ, FIG_GREY, FIG_START, false);
}

static void set_ranges(const struct graph *g, const struct fig_graph_opts *o,
                       const struct shown *sh, int ns, struct plot *p, const double *tput,
                       uint32_t ntput)
{
    bool any = false;
    p->xmin = p->xmax = p->ymin = p->ymax = 0;
    for (int d = 0; d < 2; d++) {
        if (d != o->dir && !o->both)
            continue;
        for (int i = 0; i < ns; i++)
            range_of(graph_series(g, d, sh[i].id), &p->xmin, &p->xmax, &p->ymin, &p->ymax, &any);
    }
    if (o->type == GRAPH_THROUGHPUT || o->type == GRAPH_RTT || o->type == GRAPH_WINDOW)
        p->ymin = fmin(p->ymin, 0);
    p->right = o->type == GRAPH_THROUGHPUT;
    p->y2min = 0;
    p->y2max = 0;
    for (uint32_t i = 0; i < ntput; i++)
        p->y2max = fmax(p->y2max, tput[i]);
    pad(&p->xmin, &p->xmax);
    pad(&p->ymin, &p->ymax);
    pad(&p->y2min, &p->y2max);
}

static void series(const struct fig *f, const struct plot *p, const struct gseries *s,
                   const struct shown *sh, struct fig_rgb c, struct col *cols, uint32_t ncol,
                   struct counts *k)
{
    uint32_t marks = thin(p, s, NULL, cols, ncol);
    draw_cols(f, p, cols, ncol, sh->style, c, false);
    draw_marks(f, p, cols, ncol);
    for (uint32_t i = 0; i < s->n; i++)
        k->retr += s->pt[i].marks;
    k->retr_marks += marks;
    k->raw += s->raw;
    k->stored += s->n;
}

bool graph_fig_draw(const struct graph *g, const struct fig_graph_opts *o, const struct fig *f)
{
    struct shown sh[8];
    int ns = shown_of(o->type, sh);
    const struct gseries *len = graph_series(g, o->dir, GS_LEN);
    double *tput = NULL;
    uint32_t ntput = 0;
    if (o->type == GRAPH_THROUGHPUT && len->n > 0) {
        tput = malloc(len->n * sizeof *tput);
        if (tput != NULL) {
            graph_throughput(len, graph_ma_window(len), tput);
            ntput = len->n;
        }
    }
    struct plot p = {.x0 = 96,
                     .y0 = 84,
                     .w = o->w - 96 - (o->type == GRAPH_THROUGHPUT ? 110 : 40),
                     .h = o->h - 84 - 100};
    set_ranges(g, o, sh, ns, &p, tput, ntput);
    char title[256];
    snprintf(title, sizeof title, "%s, conn #%u", title_of(o->type), g->stream);
    if (!f->ops->page_begin(f->be, o->w, o->h, title)) {
        free(tput);
        return false;
    }
    axes(f, &p, y_label(o->type), "Throughput (bits/s)");
    uint32_t ncol = p.w > 16 ? (uint32_t)p.w : 16;
    struct col *cols = malloc(ncol * sizeof *cols);
    struct counts k = {0};
    if (cols != NULL) {
        for (int d = 0; d < 2; d++) {
            if (d != o->dir && !o->both)
                continue;
            for (int i = 0; i < ns; i++)
                series(f, &p, graph_series(g, d, sh[i].id), &sh[i],
                       o->both && d == 1 ? C_ACK : sh[i].c, cols, ncol, &k);
        }
        if (tput != NULL) {
            (void)thin(&p, len, tput, cols, ncol);
            draw_cols(f, &p, cols, ncol, ST_LINE, C_ACK, true);
        }
    }
    titles(f, g, o, &k);
    if (o->both) {
        struct shown two[2] = {{GS_SEQ, ST_DOTS, C_SEQ, "client to server"},
                               {GS_SEQ, ST_DOTS, C_ACK, "server to client"}};
        legend(f, two, 2, p.x0, o->h - 24, k.retr > 0, false, 0);
    } else {
        legend(f, sh, ns, p.x0, o->h - 24, k.retr > 0, o->type == GRAPH_THROUGHPUT,
               graph_ma_window(len));
    }
    f->ops->page_end(f->be);
    free(cols);
    free(tput);
    return true;
}

/* ---- CSV ----------------------------------------------------------------------------------- */

static void csv_series(const struct gseries *s, const char *name, const double *vals,
                       struct sbuf *b)
{
    for (uint32_t i = 0; i < s->n; i++) {
        const struct gpoint *q = &s->pt[i];
        double y = vals != NULL ? vals[i] : q->y, y2 = vals != NULL ? vals[i] : q->y2;
        sbuf_printf(b, "%s,%llu,%.6f,%.17g,%.17g,%u,%u\n", name, (unsigned long long)q->frame, q->t,
                    y, y2, q->count, q->marks);
    }
}

void graph_csv(const struct graph *g, enum graph_type type, int dir, struct sbuf *b)
{
    struct shown sh[8];
    int ns = shown_of(type, sh);
    sbuf_printf(b, "series,frame,time,y,y2,points,retransmissions\n");
    for (int i = 0; i < ns; i++)
        csv_series(graph_series(g, dir, sh[i].id), graph_series_name(sh[i].id), NULL, b);
    if (type == GRAPH_THROUGHPUT) {
        const struct gseries *len = graph_series(g, dir, GS_LEN);
        double *tput = len->n > 0 ? malloc(len->n * sizeof *tput) : NULL;
        if (tput != NULL) {
            graph_throughput(len, graph_ma_window(len), tput);
            csv_series(len, "throughput", tput, b);
            free(tput);
        } else if (len->n > 0) {
            b->oom = true;
        }
    }
}
