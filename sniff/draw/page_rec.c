/*
 * page_rec.c: what the page holds of one packet and of one connection (page.h).
 *
 * A packet's list record, in its block's "list" array:
 *   {"c":[Time, Source, Destination, Protocol, Info], "k":colour, "p":1 (a problem),
 *    "j":{...the -T json object...}}
 * its tree, in the block's "detail" object {"p":[trees], "s":[the block's distinct lines]}:
 *   {"t":[level, line, off, len, level, line, off, len, ...], "b":"its bytes in Base64"}
 * (line: a number into "s", or the text itself when the block's table is full)
 * where [off, off + len) are the bytes the line shows (len 0: a field sniff computed,
 * off -1: the line belongs to the one above it), as the detail printers marked them
 * while they wrote (out_mark): nothing is parsed twice.
 */
#include "page_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_fig.h"
#include "fmt_conn.h"
#include "fmt_json.h"

/* ---- a packet --------------------------------------------------------------------------- */

/* Wireshark's default colouring rules, by name (page.css paints them). */
static const char *colour_class(const struct packet *p, const struct pkt_analysis *pa)
{
    uint32_t benign = AN_WINDOW_UPDATE | AN_KEEP_ALIVE | AN_KEEP_ALIVE_ACK;
    enum pkt_color c = color_of(p);
    if (c == COLOR_BAD || (pa != NULL && (pa->flags & ~benign) != 0))
        return "bad";
    switch (c) {
    case COLOR_RST:
        return "rst";
    case COLOR_SYNFIN:
        return "synfin";
    case COLOR_DATA:
        return "tcp";
    default:
        break;
    }
    if (p->l4 == L4_UDP)
        return "udp";
    if (p->l4 == L4_ICMP || p->l4 == L4_ICMPV6)
        return "icmp";
    if (p->net == NET_ARP)
        return "arp";
    return "other";
}

static bool echo_problem(enum echo_verdict v)
{
    return v == ECHO_MISMATCH || v == ECHO_UNCHECKED || v == ECHO_AHEAD || v == ECHO_SHORT ||
           v == ECHO_EXTRA;
}

/* What "next problem" stops at: Wireshark's Bad TCP, an echo that is not identical, a
 * packet the snapshot cut or that declares impossible lengths. */
static bool is_problem(const struct packet *p, const struct pkt_analysis *pa)
{
    if (p->malformed || p->truncated)
        return true;
    if (pa == NULL)
        return false;
    uint32_t benign = AN_WINDOW_UPDATE | AN_KEEP_ALIVE | AN_KEEP_ALIVE_ACK;
    return (pa->flags & ~benign) != 0 || echo_problem(pa->echo.verdict) ||
           (pa->close_done && echo_problem(pa->close_echo.verdict)) || pa->echo.early_mismatch;
}

static bool push(uint32_t **v, uint32_t *n, uint32_t *cap, const uint32_t *x, uint32_t k)
{
    if (*n + k > *cap) {
        uint32_t c = *cap != 0 ? *cap * 2 : 256;
        uint32_t *nv = realloc(*v, (size_t)c * sizeof *nv);
        if (nv == NULL)
            return false;
        *v = nv;
        *cap = c;
    }
    memcpy(*v + *n, x, k * sizeof *x);
    *n += k;
    return true;
}

static void col(struct sbuf *b, const char *s, size_t n, bool first)
{
    if (!first)
        sbuf_put(b, ",", 1);
    page_json_str(b, s, n);
}

static void list_record(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                        const struct ann_lines *notes, struct fmt_time *t, const struct oui_db *oui,
                        bool problem)
{
    struct sbuf *b = &pg->lst;
    size_t n;
    const char *s;
    sbuf_put(b, "{\"c\":[", 6);
    page_capture(pg);
    fmt_time_column(pg->mem, t, &p->frame, &pg->fmt);
    s = page_captured(pg, &n);
    col(b, s, n, true);
    char src[64], dst[64], proto[16];
    size_t alen[2];
    fmt_addresses(p, oui, pg->fmt.resolve_vendors, src, dst, alen);
    col(b, src, alen[0], false);
    col(b, dst, alen[1], false);
    const char *pr = fmt_protocol(p, proto);
    col(b, pr, strlen(pr), false);
    char prefix[256] = "";
    if (pa != NULL && pa->flags != 0)
        fmt_an_flags(pa->flags, pa->dupack_of, pa->dupack_num, prefix, sizeof prefix);
    page_capture(pg);
    out_str(pg->mem, prefix);
    fmt_info(pg->mem, p);
    s = page_captured(pg, &n);
    col(b, s, n, false);
    sbuf_printf(b, "],\"k\":\"%s\",\"p\":%d,\"j\":", colour_class(p, pa), problem ? 1 : 0);
    page_capture(pg);
    fmt_json_packet(pg->mem, p, pa, notes);
    s = page_captured(pg, &n);
    while (n > 0 && s[n - 1] == '\n')
        n--;
    sbuf_put(b, s, n);
    sbuf_put(b, "}", 1);
}

static void base64_sbuf(struct sbuf *b, const uint8_t *p, size_t n)
{
    char buf[4096];
    for (size_t i = 0; i < n; i += 3072)
        sbuf_put(b, buf, page_b64(buf, p + i, n - i < 3072 ? n - i : 3072));
}

/* The -V tree as [level, line, off, len] numbers, four a line, the line a number into the
 * block's table; the marks are in the order written. */
static void detail_record(struct page *pg, const struct packet *p)
{
    struct sbuf *b = &pg->det;
    page_capture(pg);
    pg->marks.n = 0;
    pg->mem->marks = &pg->marks;
    uint64_t start = pg->mem->flushed + pg->mem->len;
    fmt_detail(pg->mem, p, &pg->fmt, NULL);
    pg->mem->marks = NULL;
    size_t n;
    const char *s = page_captured(pg, &n);
    sbuf_put(b, "{\"t\":[", 6);
    uint32_t m = 0;
    bool first = true;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        if (e > i) { /* the blank line that ends a tree is not a line of it */
            uint64_t pos = start + i;
            int64_t off = -1, len = 0;
            while (m < pg->marks.n && pg->marks.m[m].pos < pos)
                m++;
            /* the last mark made for this line wins (a printer may mark twice) */
            while (m < pg->marks.n && pg->marks.m[m].pos == pos) {
                off = pg->marks.m[m].off;
                len = pg->marks.m[m].len;
                m++;
            }
            size_t sp = 0;
            while (i + sp < e && s[i + sp] == ' ')
                sp++;
            uint32_t w = page_word(pg, s + i + sp, e - i - sp);
            if (!first)
                sbuf_put(b, ",", 1);
            page_int(b, (int64_t)(sp / 4));
            sbuf_put(b, ",", 1);
            if (w != UINT32_MAX)
                page_int(b, w);
            else /* the table is full: the line itself */
                page_json_str(b, s + i + sp, e - i - sp);
            sbuf_put(b, ",", 1);
            page_int(b, off);
            sbuf_put(b, ",", 1);
            page_int(b, len);
            first = false;
        }
        i = e + 1;
    }
    sbuf_put(b, "],\"b\":\"", 7);
    base64_sbuf(b, p->frame.data, p->frame.caplen);
    sbuf_put(b, "\"}", 2);
}

/* Memory a connection's figures hold. */
static size_t pic_bytes(const struct page_pic *pic)
{
    size_t n = sizeof *pic + ladder_bytes(&pic->l);
    for (int d = 0; d < 2; d++)
        n += (size_t)pic->g.s[d][GS_SEQ].cap * sizeof(struct gpoint);
    return n;
}

/* The figures of the packet's connection: its ladder and Stevens graph grow, within
 * DRAW_LADDER_BUDGET for all the connections open at once. */
static void figures(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                    const struct ann_lines *notes, bool new_stream)
{
    struct page_pic *pic = smap_get(&pg->pics, pa->stream);
    bool over = pg->pic_bytes > DRAW_LADDER_BUDGET;
    if (pic == NULL) {
        if (!new_stream)
            return; /* its figures were left out, or it was already drawn */
        if (pg->figures >= PAGE_MAX_FIGURES || over) {
            pg->figures_omitted++;
            return;
        }
        pic = malloc(sizeof *pic);
        if (pic == NULL || !smap_put(&pg->pics, pa->stream, pic)) {
            free(pic);
            pg->failed = true;
            return;
        }
        ladder_init(&pic->l, pa->stream, PAGE_LADDER_ROWS);
        graph_init(&pic->g, GRAPH_MASK(GS_SEQ), PAGE_GRAPH_POINTS);
        pg->figures++;
    }
    size_t before = pic_bytes(pic);
    if (over) { /* the figures stop growing; each says what it lacks */
        pic->l.omitted++;
        pic->g.skipped++;
        return;
    }
    (void)ladder_add(&pic->l, p, &pa->rec, notes);
    graph_add(&pic->g, p, &pa->rec);
    pg->failed |= pic->g.oom;
    pg->pic_bytes += pic_bytes(pic) - before;
}

void page_packet(struct page *pg, const struct packet *p, const struct pkt_analysis *pa,
                 const struct ann_lines *notes, struct fmt_time *t, const struct oui_db *oui)
{
    if (pa != NULL && !pa->valid)
        pa = NULL;
    if (pg->npackets == 0)
        pg->t0_ns = frame_ns(&p->frame);
    if (pg->blk_n == 0) {
        pg->blk_first = pg->npackets;
        pg->blk_frame0 = p->frame.number;
        sbuf_put(&pg->lst, "[", 1);
        sbuf_put(&pg->det, "{\"p\":[", 6);
    } else {
        sbuf_put(&pg->lst, ",", 1);
        sbuf_put(&pg->det, ",", 1);
    }
    uint32_t idx = (uint32_t)pg->npackets;
    bool problem = is_problem(p, pa);
    list_record(pg, p, pa, notes, t, oui, problem);
    detail_record(pg, p);
    if (problem) {
        if (pg->nproblems < PAGE_MAX_PROBLEMS &&
            push(&pg->problems, &pg->nproblems, &pg->cproblems, &idx, 1))
            ;
        else
            pg->problems_cut = true;
    }
    if (pa != NULL) {
        bool new_stream = !pg->have_stream || pa->stream > pg->max_stream;
        if (new_stream) {
            uint32_t pair[2] = {pa->stream, idx};
            pg->failed |= !push(&pg->firsts, &pg->nfirsts, &pg->cfirsts, pair, 2);
            pg->have_stream = true;
            pg->max_stream = pa->stream;
        }
        figures(pg, p, pa, notes, new_stream);
    }
    pg->npackets++;
    pg->blk_n++;
    if (pg->blk_n == PAGE_BLOCK || pg->lst.len + pg->det.len > PAGE_BLOCK_BYTES ||
        pg->nwords > PAGE_DICT_MAX - 1024)
        page_flush_block(pg);
}

/* ---- a connection --------------------------------------------------------------------- */

void page_pic_free(struct page_pic *pic)
{
    ladder_free(&pic->l);
    graph_free(&pic->g);
    free(pic);
}

static void svg_chunk(struct page *pg, const char *kind, uint32_t stream, struct sbuf *svg)
{
    char attrs[96];
    snprintf(attrs, sizeof attrs, "data-kind=\"%s\" data-stream=\"%u\"", kind, stream);
    if (svg->oom)
        pg->failed = true;
    else if (svg->len > 0)
        page_chunk(pg, attrs, svg->s, svg->len);
}

static void draw_pic(struct page *pg, struct page_pic *pic)
{
    struct sbuf *b = &pg->tmp;
    b->len = 0;
    struct svg_be be = {b, 0};
    struct fig f = {&svg_ops, &be};
    struct fig_ladder_opts lo = {0, pg->o.notes, pg->t0_ns, pg->o.title};
    double w, h;
    ladder_fig_size(&pic->l, &lo, &w, &h);
    if (pic->l.n > 0 && f.ops->page_begin(f.be, w, h, pg->o.title)) {
        ladder_fig_draw(&pic->l, &lo, &f, 0);
        f.ops->page_end(f.be);
        svg_chunk(pg, "ladder", pic->l.stream, b);
    }
    if (!pic->g.started)
        return;
    b->len = 0;
    be.pages = 0;
    struct fig_graph_opts go = {GRAPH_STEVENS, 0, 900, 440, pg->o.title, true};
    if (graph_fig_draw(&pic->g, &go, &f))
        svg_chunk(pg, "stevens", pic->l.stream, b);
}

void page_conn_done(struct page *pg, const struct an_conn_summary *cs)
{
    size_t n;
    page_capture(pg);
    fmt_json_conn(pg->mem, cs);
    const char *s = page_captured(pg, &n);
    while (n > 0 && s[n - 1] == '\n')
        n--;
    page_conn_json(pg, s, n);
    struct page_pic *pic = smap_del(&pg->pics, cs->stream);
    if (pic != NULL) {
        draw_pic(pg, pic);
        pg->pic_bytes -= pic_bytes(pic);
        page_pic_free(pic);
    }
}
