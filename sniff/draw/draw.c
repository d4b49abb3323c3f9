/*
 * draw.c: sniff's pictures (draw.h): which picture, in which format, from which
 * connection; collecting the ladders of the connections as their packets come, writing
 * each when its connection is summarised; the one graph; handing packets to the page.
 */
#include "draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw_fig.h"
#include "page.h"
#include "smap.h"

#define DONE_FLUSH_BYTES ((size_t)8 << 20) /* text ladders waiting to be written */

/* ---- options -------------------------------------------------------------------------- */

static enum draw_format format_of_name(const char *name)
{
    static const struct {
        const char *ext;
        enum draw_format f;
    } exts[] = {{".svg", DF_SVG},   {".pdf", DF_PDF},  {".png", DF_PNG}, {".csv", DF_CSV},
                {".html", DF_HTML}, {".htm", DF_HTML}, {".txt", DF_TEXT}};
    size_t n = name != NULL ? strlen(name) : 0;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i].ext);
        if (n > k && strcasecmp(name + n - k, exts[i].ext) == 0)
            return exts[i].f;
    }
    return DF_AUTO;
}

bool draw_check_opts(struct draw_opts *o, const char *ofile, char *err, size_t errlen)
{
    if (o->format == DF_AUTO)
        o->format = format_of_name(ofile);
    switch (o->what) {
    case DRAW_LADDER:
        if (o->format == DF_AUTO)
            o->format = DF_TEXT;
        if (o->format == DF_CSV || o->format == DF_HTML) {
            snprintf(err, errlen,
                     "--ladder draws text, svg, pdf or png; for a page of the capture use -T html");
            return false;
        }
        return true;
    case DRAW_GRAPH:
        if (o->format == DF_AUTO)
            o->format = DF_SVG;
        if (o->format == DF_TEXT || o->format == DF_HTML) {
            snprintf(err, errlen, "--graph draws svg, pdf or png, or writes its points as csv");
            return false;
        }
        return true;
    case DRAW_PAGE:
        if (o->format != DF_AUTO && o->format != DF_HTML) {
            snprintf(err, errlen, "-T html writes a web page; -o should name a .html file");
            return false;
        }
        o->format = DF_HTML;
        return true;
    case DRAW_NONE:
        break;
    }
    if (o->format != DF_AUTO) {
        snprintf(err, errlen, "--format goes with --ladder or --graph");
        return false;
    }
    return true;
}

bool draw_locale_utf8(void)
{
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v == NULL || v[0] == '\0')
            continue;
        return strcasestr(v, "utf-8") != NULL || strcasestr(v, "utf8") != NULL;
    }
    return false; /* the C locale: ASCII */
}

void draw_warm_up(const struct draw_opts *o)
{
    if (o->format == DF_PDF || o->format == DF_PNG)
        cairo_warm_up();
}

/* ---- set-up --------------------------------------------------------------------------- */

bool draw_init(struct draw *d, const struct draw_opts *o, struct out *out, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->o = *o;
    d->out = out;
    tlines_init(&d->lines);
    if (o->what == DRAW_LADDER && !smap_init(&d->ladders)) {
        snprintf(err, errlen, "out of memory for the ladders' table");
        return false;
    }
    if (o->what == DRAW_GRAPH)
        graph_init(&d->graph, GRAPH_ALL, 0);
    if (o->what == DRAW_PAGE && !page_new(&d->page, o, out, err, errlen))
        return false;
    return true;
}

void draw_free(struct draw *d)
{
    for (uint32_t i = 0; i < d->ladders.n; i++)
        if (d->ladders.s[i].val != NULL) {
            ladder_free(d->ladders.s[i].val);
            free(d->ladders.s[i].val);
        }
    smap_free(&d->ladders);
    for (uint32_t i = 0; i < d->ndone; i++) {
        ladder_free(d->done[i].l);
        free(d->done[i].l);
    }
    free(d->done);
    tlines_free(&d->lines);
    graph_free(&d->graph);
    page_free(d->page);
    memset(d, 0, sizeof *d);
}

static struct ladder *ladder_of(struct draw *d, uint32_t stream)
{
    struct ladder *l = smap_get(&d->ladders, stream);
    if (l != NULL)
        return l;
    l = malloc(sizeof *l);
    if (l == NULL)
        return NULL;
    ladder_init(l, stream, d->o.max_rows);
    if (!smap_put(&d->ladders, stream, l)) {
        free(l);
        return NULL;
    }
    d->ladder_bytes += ladder_bytes(l);
    return l;
}

/* ---- packets and connections --------------------------------------------------------- */

static void ladder_packet(struct draw *d, const struct packet *p, const struct pkt_analysis *pa,
                          const struct ann_lines *notes)
{
    if (d->o.one_stream && pa->stream != d->o.stream)
        return;
    struct ladder *l = ladder_of(d, pa->stream);
    if (l == NULL) {
        d->failed = true;
        return;
    }
    if (d->ladder_bytes > DRAW_LADDER_BUDGET) {
        l->omitted++;
        d->budget_omitted++;
        return;
    }
    size_t before = ladder_bytes(l);
    (void)ladder_add(l, p, &pa->rec, d->o.notes ? notes : NULL);
    d->ladder_bytes += ladder_bytes(l) - before;
}

void draw_packet(struct draw *d, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes, struct fmt_time *t, const struct oui_db *oui)
{
    if (!d->have_t0) {
        d->have_t0 = true;
        d->t0_ns = frame_ns(&p->frame);
    }
    switch (d->o.what) {
    case DRAW_LADDER:
        if (pa != NULL && pa->valid)
            ladder_packet(d, p, pa, notes);
        break;
    case DRAW_GRAPH:
        if (pa != NULL && pa->valid && pa->stream == (d->o.one_stream ? d->o.stream : 0))
            graph_add(&d->graph, p, &pa->rec);
        break;
    case DRAW_PAGE:
        page_packet(d->page, p, pa, notes, t, oui);
        break;
    case DRAW_NONE:
        break;
    }
}

static int by_stream(const void *a, const void *b)
{
    uint32_t x = ((const struct ladder_slot *)a)->l->stream;
    uint32_t y = ((const struct ladder_slot *)b)->l->stream;
    return x < y ? -1 : x > y;
}

/* Text ladders waiting: written in stream order, then freed. */
static void flush_text(struct draw *d)
{
    qsort(d->done, d->ndone, sizeof *d->done, by_stream);
    struct ladder_text_opts to = {.width = d->o.width,
                                  .ascii = d->o.ascii,
                                  .color = d->o.color,
                                  .light = d->o.fmt != NULL && d->o.fmt->light,
                                  .header = true,
                                  .t0_ns = d->t0_ns};
    for (uint32_t i = 0; i < d->ndone; i++) {
        struct ladder *l = d->done[i].l;
        tlines_clear(&d->lines);
        ladder_text(l, &to, &d->lines);
        if (d->written++ > 0)
            out_char(d->out, '\n');
        for (uint32_t k = 0; k < d->lines.n; k++) {
            size_t n;
            const char *s = tlines_line(&d->lines, k, &n);
            out_mem(d->out, s, n);
            out_char(d->out, '\n');
        }
        d->failed |= d->lines.oom;
        d->ladder_bytes -= ladder_bytes(l);
        ladder_free(l);
        free(l);
    }
    d->ndone = 0;
}

static void ladder_done(struct draw *d, uint32_t stream)
{
    struct ladder *l = smap_get(&d->ladders, stream);
    if (l == NULL)
        return;
    if (d->ndone == d->done_cap) {
        uint32_t cap = d->done_cap != 0 ? d->done_cap * 2 : 16;
        struct ladder_slot *nd = realloc(d->done, (size_t)cap * sizeof *nd);
        if (nd == NULL) { /* this one is lost: said at the end */
            d->failed = true;
            smap_del(&d->ladders, stream);
            d->ladder_bytes -= ladder_bytes(l);
            ladder_free(l);
            free(l);
            return;
        }
        d->done = nd;
        d->done_cap = cap;
    }
    smap_del(&d->ladders, stream);
    d->done[d->ndone++] = (struct ladder_slot){l};
    if (d->o.format == DF_TEXT && d->ladder_bytes > DONE_FLUSH_BYTES)
        flush_text(d);
}

void draw_conn_done(struct draw *d, const struct an_conn_summary *cs)
{
    if (d->o.what == DRAW_LADDER)
        ladder_done(d, cs->stream);
    else if (d->o.what == DRAW_PAGE)
        page_conn_done(d->page, cs);
}

/* ---- the end ------------------------------------------------------------------------- */

static bool write_out(void *ctx, const unsigned char *data, size_t n)
{
    struct out *o = ctx;
    out_mem(o, data, n);
    return !o->failed;
}

/* A figure through its back end: SVG text into the output, PDF or PNG through cairo.
 * draw_doc draws the pages through the fig it is given. */
typedef bool (*doc_fn)(struct draw *d, const struct fig *f);

static bool with_backend(struct draw *d, doc_fn draw_doc, char *err, size_t errlen)
{
    if (d->o.format == DF_SVG) {
        struct sbuf b = {0};
        struct svg_be be = {&b, 0};
        struct fig f = {&svg_ops, &be};
        bool ok = draw_doc(d, &f);
        if (b.oom) {
            snprintf(err, errlen, "out of memory for the SVG text");
            ok = false;
        }
        if (ok)
            out_mem(d->out, b.s, b.len);
        sbuf_free(&b);
        return ok;
    }
    struct cairo_be *c =
        cairo_be_new(d->o.format == DF_PDF ? CAIRO_OUT_PDF : CAIRO_OUT_PNG, write_out, d->out);
    if (c == NULL) {
        snprintf(err, errlen, "out of memory for the figure");
        return false;
    }
    struct fig f = {&cairo_ops, c};
    bool drawn = draw_doc(d, &f);
    bool ok = cairo_be_close(c, err, errlen);
    if (!drawn && ok)
        snprintf(err, errlen, "the figure could not be drawn");
    return drawn && ok;
}

static bool ladders_doc(struct draw *d, const struct fig *f)
{
    struct fig_ladder_opts lo = {d->o.fig_w, d->o.notes, d->t0_ns, d->o.title};
    double w = 0, h = 0;
    for (uint32_t i = 0; i < d->ndone; i++) {
        double lw, lh;
        ladder_fig_size(d->done[i].l, &lo, &lw, &lh);
        w = lw > w ? lw : w;
        h += lh;
    }
    if (d->o.format == DF_PDF) { /* a page per connection */
        for (uint32_t i = 0; i < d->ndone; i++) {
            double lw, lh;
            ladder_fig_size(d->done[i].l, &lo, &lw, &lh);
            if (!f->ops->page_begin(f->be, lw, lh, d->o.title))
                return false;
            ladder_fig_draw(d->done[i].l, &lo, f, 0);
            f->ops->page_end(f->be);
        }
        return true;
    }
    if (!f->ops->page_begin(f->be, w, h, d->o.title))
        return false;
    double y = 0;
    for (uint32_t i = 0; i < d->ndone; i++)
        y += ladder_fig_draw(d->done[i].l, &lo, f, y);
    f->ops->page_end(f->be);
    return true;
}

static bool graph_doc(struct draw *d, const struct fig *f)
{
    int dir = d->o.direction >= 0 ? d->o.direction : graph_busier(&d->graph);
    struct fig_graph_opts go = {d->o.graph,
                                dir,
                                d->o.fig_w > 0 ? d->o.fig_w : GRAPH_FIG_W,
                                d->o.fig_h > 0 ? d->o.fig_h : GRAPH_FIG_H,
                                d->o.title,
                                false};
    return graph_fig_draw(&d->graph, &go, f);
}

static bool finish_ladders(struct draw *d, char *err, size_t errlen)
{
    /* Connections still in the table (none after analysis_finish, but a capture cut
     * short leaves them): they are done too. */
    for (uint32_t i = 0; i < d->ladders.n; i++)
        while (d->ladders.s[i].val != NULL) /* a deletion can move another entry here */
            ladder_done(d, d->ladders.s[i].key);
    if (d->ndone == 0 && d->written == 0) {
        if (d->o.format != DF_TEXT) {
            if (d->o.one_stream)
                snprintf(err, errlen, "conn #%u does not occur in this capture: nothing to draw",
                         d->o.stream);
            else
                snprintf(err, errlen, "no TCP connection in this capture: nothing to draw");
            return false;
        }
        if (d->o.one_stream) {
            OUT_LIT(d->out, "Ladder: conn #");
            out_u64(d->out, d->o.stream);
            OUT_LIT(d->out, " does not occur in this capture\n");
        } else {
            OUT_LIT(d->out, "Ladder: no TCP connection in this capture\n");
        }
        return true;
    }
    if (d->o.format == DF_TEXT) {
        flush_text(d);
        return true;
    }
    qsort(d->done, d->ndone, sizeof *d->done, by_stream);
    return with_backend(d, ladders_doc, err, errlen);
}

static bool finish_graph(struct draw *d, char *err, size_t errlen)
{
    uint32_t stream = d->o.one_stream ? d->o.stream : 0;
    if (!d->graph.started) {
        snprintf(err, errlen,
                 "conn #%u does not occur in this capture (or none of its segments passed "
                 "-Y): nothing to graph",
                 stream);
        return false;
    }
    if (d->o.format == DF_CSV) {
        struct sbuf b = {0};
        int dir = d->o.direction >= 0 ? d->o.direction : graph_busier(&d->graph);
        graph_csv(&d->graph, d->o.graph, dir, &b);
        if (b.oom) {
            sbuf_free(&b);
            snprintf(err, errlen, "out of memory for the graph's CSV");
            return false;
        }
        out_mem(d->out, b.s, b.len);
        sbuf_free(&b);
        return true;
    }
    return with_backend(d, graph_doc, err, errlen);
}

bool draw_finish(struct draw *d, char *err, size_t errlen)
{
    bool ok = true;
    switch (d->o.what) {
    case DRAW_LADDER:
        ok = finish_ladders(d, err, errlen);
        break;
    case DRAW_GRAPH:
        ok = finish_graph(d, err, errlen);
        if (ok && d->graph.oom) {
            snprintf(err, errlen, "out of memory: the graph lacks some points");
            ok = false;
        }
        break;
    case DRAW_PAGE:
        ok = page_finish(d->page, err, errlen);
        break;
    case DRAW_NONE:
        break;
    }
    if (ok && d->failed) {
        snprintf(err, errlen, "out of memory: some of the pictures are incomplete");
        ok = false;
    }
    return ok;
}
