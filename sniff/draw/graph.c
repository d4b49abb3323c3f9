/*
 * graph.c: the TCP stream graphs' data (graph.h), gathered segment by segment in bounded
 * memory, following the definitions of Wireshark's tcp_stream_dialog.cpp (fillStevens,
 * fillTcptrace, fillThroughput, fillRoundTripTime, fillWindowScale), restated here.
 */
#include "graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void graph_init(struct graph *g, uint32_t mask, uint32_t cap)
{
    memset(g, 0, sizeof *g);
    g->mask = mask;
    g->cap = cap != 0 ? cap : GRAPH_DEFAULT_CAP;
    if (g->cap < 16)
        g->cap = 16;
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < GS_COUNT; i++) {
            g->s[d][i].max = g->cap;
            g->s[d][i].stride = 1;
            g->s[d][i].sum = i == GS_LEN;
        }
}

void graph_free(struct graph *g)
{
    for (int d = 0; d < 2; d++) {
        for (int i = 0; i < GS_COUNT; i++)
            free(g->s[d][i].pt);
        free(g->d[d].u);
    }
    memset(g, 0, sizeof *g);
}

/* ---- bounded series ----------------------------------------------------------------- */

static void merge_into(struct gpoint *a, const struct gpoint *b, bool sum)
{
    if (sum) {
        a->y += b->y;
        a->y2 = a->y;
    } else {
        if (b->y < a->y)
            a->y = b->y;
        if (b->y2 > a->y2)
            a->y2 = b->y2;
    }
    a->count += b->count;
    a->marks += b->marks;
}

/* Full: neighbours merge two by two, and from now on twice as many raw points go into
 * each stored one. */
static void halve(struct gseries *s)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->n; i += 2) {
        s->pt[k] = s->pt[i];
        if (i + 1 < s->n)
            merge_into(&s->pt[k], &s->pt[i + 1], s->sum);
        k++;
    }
    s->n = k;
    s->stride *= 2;
}

static void add_point(struct graph *g, struct gseries *s, double t, double y, double y2,
                      uint64_t frame, bool mark)
{
    struct gpoint p = {t, y, y2, frame, 1, mark ? 1u : 0u};
    s->raw++;
    /* The last stored point takes raw points until it holds stride of them. */
    if (s->n > 0 && s->pt[s->n - 1].count < s->stride) {
        merge_into(&s->pt[s->n - 1], &p, s->sum);
        return;
    }
    if (s->n == s->max) {
        halve(s);
        if (s->pt[s->n - 1].count < s->stride) {
            merge_into(&s->pt[s->n - 1], &p, s->sum);
            return;
        }
    }
    if (s->n == s->cap) {
        uint32_t cap = s->cap != 0 ? s->cap * 2 : 64;
        if (cap > s->max)
            cap = s->max;
        if (cap == 0) { /* a series bounded at nothing keeps nothing */
            g->oom = true;
            return;
        }
        struct gpoint *np = realloc(s->pt, (size_t)cap * sizeof *np);
        if (np == NULL) {
            g->oom = true;
            return;
        }
        s->pt = np;
        s->cap = cap;
    }
    s->pt[s->n++] = p;
}

static void point(struct graph *g, int d, enum gseries_id id, double t, double y, double y2,
                  uint64_t frame, bool mark)
{
    if (g->mask & GRAPH_MASK(id))
        add_point(g, &g->s[d][id], t, y, y2, frame, mark);
}

/* ---- the segments ------------------------------------------------------------------- */

/* A 32-bit relative number made 64-bit next to the last one seen. */
static uint64_t unwrap(bool *set, uint64_t *last, uint32_t v)
{
    if (!*set) {
        *set = true;
        *last = v;
        return v;
    }
    int64_t delta = (int32_t)(v - (uint32_t)*last);
    int64_t r = (int64_t)*last + delta;
    if (r < 0)
        r = 0;
    if ((uint64_t)r > *last)
        *last = (uint64_t)r;
    return (uint64_t)r;
}

static void rtt_sent(struct graph *g, struct gdir *gd, uint64_t seq, uint32_t len, double t,
                     uint64_t frame)
{
    if (!(g->mask & GRAPH_MASK(GS_RTT)) || len == 0)
        return;
    /* Bytes already waiting for their ACK: a retransmission, which gives no sample. */
    for (uint32_t i = 0; i < gd->un; i++) {
        const struct gunacked *u = &gd->u[(gd->uhead + i) % GRAPH_UNACKED];
        if (seq >= u->seq && seq < u->end)
            return;
    }
    if (gd->u == NULL) {
        gd->u = malloc(GRAPH_UNACKED * sizeof *gd->u);
        if (gd->u == NULL) {
            g->oom = true;
            return;
        }
    }
    if (gd->un == GRAPH_UNACKED) { /* the oldest gives up its sample */
        gd->uhead = (gd->uhead + 1) % GRAPH_UNACKED;
        gd->un--;
        gd->rtt_dropped++;
    }
    gd->u[(gd->uhead + gd->un) % GRAPH_UNACKED] = (struct gunacked){seq, seq + len, t, frame};
    gd->un++;
}

/* An ACK (and its SACK blocks) from the peer: a sample per segment it covers, in full or
 * in part (a partly acknowledged segment waits on for the rest). */
static void rtt_acked(struct graph *g, int d, uint64_t ack, const uint64_t *sl, const uint64_t *sr,
                      int nsack, double t)
{
    struct gdir *gd = &g->d[d];
    uint32_t keep = 0;
    for (uint32_t i = 0; i < gd->un; i++) {
        struct gunacked u = gd->u[(gd->uhead + i) % GRAPH_UNACKED];
        bool gone = false;
        if (ack > u.seq) {
            point(g, d, GS_RTT, u.t, (t - u.t) * 1000.0, (t - u.t) * 1000.0, u.frame, false);
            if (ack >= u.end)
                gone = true;
            else
                u.seq = ack;
        }
        for (int k = 0; k < nsack && !gone; k++)
            if (sl[k] <= u.seq && sr[k] >= u.end) {
                point(g, d, GS_RTT, u.t, (t - u.t) * 1000.0, (t - u.t) * 1000.0, u.frame, false);
                gone = true;
            }
        if (!gone)
            gd->u[(gd->uhead + keep++) % GRAPH_UNACKED] = u;
    }
    gd->un = keep;
}

/* A segment of direction d (its data): stevens, tcptrace's bars, lengths, in flight. */
static void forward(struct graph *g, int d, const struct packet *p, const struct frame_rec *rec,
                    double t)
{
    struct gdir *gd = &g->d[d];
    uint64_t seq = unwrap(&gd->seq_set, &gd->seq_last, rec->rel_seq);
    uint32_t len = p->tcp.payload_len;
    bool retr = (rec->flags & AN_ANY_RETRANSMISSION) != 0;
    uint64_t f = p->frame.number;
    gd->segments++;
    gd->bytes += len;
    point(g, d, GS_SEQ, t, (double)seq, (double)seq, f, retr);
    if (len > 0) {
        point(g, d, GS_SEG, t, (double)seq, (double)(seq + len), f, retr);
        point(g, d, GS_LEN, t, len, len, f, retr);
    }
    if (p->tcp.window == 0 && !(p->tcp.flags & (TCP_RST | TCP_FIN | TCP_SYN)))
        point(g, d, GS_ZEROWIN, t, (double)seq + len / 2.0, (double)seq + len / 2.0, f, false);
    if (gd->found_ack && seq + len >= gd->win_ack)
        point(g, d, GS_INFLIGHT, t, (double)(seq + len - gd->win_ack),
              (double)(seq + len - gd->win_ack), f, false);
    rtt_sent(g, gd, seq, len, t, f);
}

/* A segment of the other direction, seen from direction d: ACK, window, SACK. */
static void reverse(struct graph *g, int d, const struct packet *p, const struct frame_rec *rec,
                    double t)
{
    struct gdir *gd = &g->d[d];
    uint64_t f = p->frame.number;
    double win = (double)p->track.calc_window;
    if (!(p->tcp.flags & (TCP_SYN | TCP_RST)))
        point(g, d, GS_WIN, t, win, win, f, false);
    if (!(p->tcp.flags & TCP_ACK) || !(rec->bits & FREC_ACK_VALID))
        return;
    uint64_t ack = unwrap(&gd->ack_set, &gd->ack_last, rec->rel_ack);
    /* The SACK blocks in this direction's relative numbers: the raw ACK less the relative
     * one is the base both are counted from. */
    uint64_t sl[PKT_MAX_SACK], sr[PKT_MAX_SACK];
    int ns = 0;
    uint32_t base = p->tcp.ack - rec->rel_ack;
    for (int i = 0; i < p->tcp.nsack && i < PKT_MAX_SACK; i++) {
        int64_t l = (int64_t)ack + (int32_t)(p->tcp.sack_left[i] - base - rec->rel_ack);
        int64_t r = (int64_t)ack + (int32_t)(p->tcp.sack_right[i] - base - rec->rel_ack);
        if (l < 0 || r < l)
            continue;
        sl[ns] = (uint64_t)l;
        sr[ns] = (uint64_t)r;
        point(g, d, GS_SACK, t, (double)sl[ns], (double)sr[ns], f, false);
        ns++;
    }
    double a = (double)ack, rw = a + win;
    if (gd->have_ackpt && gd->last_ack == a && gd->last_rwin == rw)
        point(g, d, GS_DUPACK, t, a, a, f, false);
    gd->have_ackpt = true;
    gd->last_ack = a;
    gd->last_rwin = rw;
    point(g, d, GS_ACK, t, a, a, f, false);
    point(g, d, GS_RWIN, t, rw, rw, f, false);
    if (!gd->found_ack || ack >= gd->win_ack) {
        gd->win_ack = ack;
        gd->found_ack = true;
    }
    rtt_acked(g, d, ack, sl, sr, ns, t);
}

void graph_add(struct graph *g, const struct packet *p, const struct frame_rec *rec)
{
    if (!(rec->bits & FREC_TRACKED) || p->l4 != L4_TCP)
        return;
    int64_t ns = frame_ns(&p->frame);
    int from = (rec->bits & FREC_FROM_CLIENT) ? 0 : 1;
    if (!g->started) {
        g->started = true;
        g->stream = rec->stream;
        g->t0_ns = ns;
        const struct tcp_info *t = &p->tcp;
        int fam = p->net == NET_IPV6 ? 6 : 4;
        const uint8_t *src = fam == 6 ? p->ip6.src : p->ip4.src;
        const uint8_t *dst = fam == 6 ? p->ip6.dst : p->ip4.dst;
        fmt_endpoint(g->ep[from], fam, src, t->sport);
        fmt_endpoint(g->ep[1 - from], fam, dst, t->dport);
    }
    double t = (double)(ns - g->t0_ns) / 1e9;
    forward(g, from, p, rec, t);
    reverse(g, 1 - from, p, rec, t);
}

int graph_busier(const struct graph *g)
{
    return g->d[1].bytes > g->d[0].bytes ? 1 : 0;
}

void graph_throughput(const struct gseries *len, double window_s, double *out)
{
    double sum = 0;
    uint32_t oldest = 0;
    for (uint32_t i = 0; i < len->n; i++) {
        double t = len->pt[i].t;
        while (oldest < i && t - len->pt[oldest].t > window_s)
            sum -= len->pt[oldest++].y;
        sum += len->pt[i].y;
        out[i] = sum * 8.0 / window_s;
    }
}

double graph_ma_window(const struct gseries *len)
{
    if (len->n < 2)
        return 1.0;
    double span = len->pt[len->n - 1].t - len->pt[0].t;
    if (span >= 10.0 || span <= 0)
        return 1.0;
    double raw = span / 10, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static const char *const type_names[] = {"stevens", "tcptrace", "throughput", "rtt", "window"};

const char *graph_type_name(enum graph_type t)
{
    return (unsigned)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

bool graph_type_parse(const char *s, enum graph_type *t)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(s, type_names[i]) == 0) {
            *t = (enum graph_type)i;
            return true;
        }
    return false;
}

const char *graph_series_name(enum gseries_id id)
{
    static const char *const names[GS_COUNT] = {"seq",  "segment",  "ack",     "rwin",
                                                "sack", "dupack",   "zerowin", "length",
                                                "rtt",  "inflight", "window"};
    return (unsigned)id < GS_COUNT ? names[id] : "?";
}
