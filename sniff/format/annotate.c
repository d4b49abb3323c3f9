/*
 * annotate.c: the annotation lines' frame (see annotate.h): port names and ranges, the
 * lines (ann_lb.c writes them), the per-connection memo, the line of TCP states, and
 * printing (colour by kind of line, two palettes, words wrapped to the terminal). The
 * sentences themselves are in ann_tcp.c (what a segment means), ann_teach.c (the
 * lessons), ann_echo.c (the echo verdicts and their likely causes) and ann_other.c (ARP,
 * ICMP).
 */
#include "annotate.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_int.h"
#include "fmt_conn.h"

void annotate_init(struct annotate *an, bool live, uint16_t echo_port)
{
    memset(an, 0, sizeof *an);
    an->echo_port = echo_port ? echo_port : AN_ECHO_PORT;
    if (live && annotate_read_port_range("/proc/sys/net/ipv4/ip_local_port_range", &an->eph_lo,
                                         &an->eph_hi))
        an->live = true;
}

bool annotate_read_port_range(const char *path, uint16_t *lo, uint16_t *hi)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[64];
    bool got = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!got)
        return false;
    /* "32768\t60999\n": two decimal numbers. */
    char *end;
    errno = 0;
    unsigned long a = strtoul(line, &end, 10);
    if (end == line || errno)
        return false;
    char *p = end;
    unsigned long b = strtoul(p, &end, 10);
    if (end == p || errno || a == 0 || a > b || b > 65535)
        return false;
    *lo = (uint16_t)a;
    *hi = (uint16_t)b;
    return true;
}

const char *annotate_port_name(struct annotate *an, uint16_t port)
{
    struct ann_port *c = &an->cache[port % ANN_PORT_CACHE];
    if (!c->valid || c->port != port) {
        c->valid = true;
        c->port = port;
        c->named = false;
        struct servent *se = an->no_services ? NULL : getservbyport(htons(port), "tcp");
        if (se && se->s_name) {
            snprintf(c->name, sizeof c->name, "%s", se->s_name);
            c->named = true;
        }
    }
    return c->named ? c->name : NULL;
}

/* ---- the lines (their writer is ann_lb.c) ---- */

struct lb ann_line(struct ann_lines *L, enum ann_kind kind)
{
    struct lb b = {NULL, 0, 0};
    if (L->n < ANN_MAX_LINES) {
        L->kind[L->n] = (uint8_t)kind;
        L->alert[L->n] = kind == ANN_ALERT || kind == ANN_HINT;
        b.s = L->line[L->n++];
        b.cap = ANN_LINE_MAX;
        b.s[0] = '\0';
    }
    return b;
}

const char *ann_side(bool client)
{
    return client ? "client" : "server";
}

/* ---- the per-connection memo ---- */

static bool seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

static struct ann_conn *memo(struct annotate *an, uint32_t stream)
{
    struct ann_conn *c = &an->conns[stream % ANN_CONNS];
    if (!c->used || c->stream != stream) {
        memset(c, 0, sizeof *c);
        c->used = true;
        c->stream = stream;
    }
    return c;
}

bool ann_teach(struct ann_ctx *x, uint32_t lesson)
{
    if (x->c->taught & lesson)
        return false;
    x->c->taught |= lesson;
    return true;
}

uint32_t ann_in_flight(const struct ann_side *s)
{
    if (!s->end_set || !s->acked_set || !seq_gt(s->end, s->acked))
        return 0;
    return s->end - s->acked;
}

bool ann_sent_at(const struct ann_side *s, uint32_t seq, int64_t *ns)
{
    for (int i = 0; i < ANN_SENT; i++) {
        if (s->sent_ns[i] != 0 && s->sent_seq[i] == seq) {
            *ns = s->sent_ns[i];
            return true;
        }
    }
    return false;
}

/* A retransmission of seq: when its previous transmission was, and the one before. */
static void note_retransmission(struct ann_side *s, uint32_t seq, int64_t now)
{
    if (s->rx_count > 0 && s->rx_seq == seq) {
        s->rx_gap_ns = now - s->rx_ns;
        s->rx_count++;
    } else {
        int64_t first;
        s->rx_seq = seq;
        s->rx_count = 1;
        s->rx_gap_ns = ann_sent_at(s, seq, &first) ? now - first : 0;
    }
    s->rx_ns = now;
}

/* What this packet changes in the memo (after its sentences were written). */
static void note(struct ann_conn *c, const struct packet *p, const struct pkt_analysis *r,
                 int64_t now)
{
    const struct tcp_info *t = &p->tcp;
    struct ann_side *s = &c->side[r->from_client ? 0 : 1], *peer = &c->side[r->from_client];
    uint32_t seq = r->rel_seq;
    uint32_t end =
        seq + r->seglen + ((t->flags & TCP_SYN) ? 1 : 0) + ((t->flags & TCP_FIN) ? 1 : 0);
    bool counts = r->seglen || (t->flags & (TCP_SYN | TCP_FIN));
    if (r->flags & AN_ANY_RETRANSMISSION) {
        note_retransmission(s, seq, now);
    } else if (counts && (!s->end_set || seq_gt(end, s->end))) {
        s->sent_seq[s->sent_next] = seq;
        s->sent_end[s->sent_next] = end;
        s->sent_ns[s->sent_next] = now;
        s->sent_next = (uint8_t)((s->sent_next + 1) % ANN_SENT);
        if (r->seglen) {
            s->data_seen = true;
            s->last_data_ns = now;
            s->last_data_psh = (t->flags & TCP_PSH) != 0;
        }
    }
    uint32_t dend = seq + r->seglen + ((t->flags & TCP_SYN) ? 1 : 0);
    if (r->seglen && (s->data_end == 0 || seq_gt(dend, s->data_end)))
        s->data_end = dend;
    if (counts && (!s->end_set || seq_gt(end, s->end))) {
        s->end = end;
        s->end_set = true;
    }
    if (r->seglen)
        s->held_back = (r->flags & AN_WINDOW_FULL) != 0;
    if (r->flags & AN_ZERO_WINDOW)
        peer->held_back = true;
    if (t->flags & TCP_FIN)
        s->fin_sent = true;
    if ((t->flags & TCP_SYN) && t->has_mss)
        s->mss = t->mss;
    if ((t->flags & TCP_ACK) && p->track.ack_valid &&
        (!peer->acked_set || seq_gt(r->rel_ack, peer->acked))) {
        bool was_behind = ann_in_flight(peer) > 0;
        peer->acked = r->rel_ack;
        peer->acked_set = true;
        if (was_behind && ann_in_flight(peer) == 0) {
            peer->caught_up_ns = now;
            peer->caught_wait_ns = peer->data_seen ? now - peer->last_data_ns : 0;
            peer->caught_up_bare = r->seglen == 0;
        }
    }
    c->frame = p->frame.number;
}

static int64_t pkt_ns(const struct packet *p)
{
    return frame_ns(&p->frame);
}

void annotate_note(struct annotate *an, const struct packet *p, const struct pkt_analysis *r)
{
    if (!r->valid)
        return;
    struct ann_conn *c = memo(an, r->stream);
    if (c->frame != p->frame.number || c->frame == 0)
        note(c, p, r, pkt_ns(p));
}

void annotate_forget(struct annotate *an, uint32_t stream)
{
    struct ann_conn *c = &an->conns[stream % ANN_CONNS];
    if (c->used && c->stream == stream)
        memset(c, 0, sizeof *c);
}

/* ---- the lines ---- */

/* "client ESTABLISHED -> FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT" */
static void state_line(struct ann_ctx *x)
{
    struct lb b = ann_line(x->L, ANN_STATE);
    uint8_t before[2], after[2];
    for (int i = 0; i < 2; i++) {
        before[i] = (uint8_t)x->r->state_before[i];
        after[i] = (uint8_t)x->r->state[i];
    }
    /* Both ends without a state before (a connection's first packet): no "UNKNOWN ->
     * SYN-SENT", the states it starts in. */
    bool first = before[0] == TCP_STATE_UNKNOWN && before[1] == TCP_STATE_UNKNOWN;
    if (b.s != NULL)
        b.len = fmt_tcp_states(b.s, b.cap, before, after, first);
}

void annotate_lines(struct annotate *an, const struct packet *p, const struct pkt_analysis *r,
                    struct ann_lines *L)
{
    L->n = 0;
    if (!r->valid)
        return;
    struct ann_conn *c = memo(an, r->stream);
    struct ann_ctx x = {.an = an,
                        .p = p,
                        .r = r,
                        .c = c,
                        .L = L,
                        .me = r->from_client ? 0 : 1,
                        .me_s = ann_side(r->from_client),
                        .peer_s = ann_side(!r->from_client),
                        .now = pkt_ns(p)};
    if (!an->no_states)
        state_line(&x);
    ann_tcp(&x);
    ann_echo_alerts(&x);
    if (c->frame != p->frame.number || c->frame == 0)
        note(c, p, r, x.now);
}

/* ---- printing ---- */

const char *annotate_color(enum ann_kind kind, enum ann_palette palette)
{
    /* Dark backgrounds take the bright basic colours; a white screen (a projector) washes
     * cyan and yellow out, so the light palette uses blue, magenta and dark green. */
    static const char *const dark[] = {
        [ANN_TEXT] = "\033[36m",    /* cyan */
        [ANN_STATE] = "\033[33m",   /* yellow */
        [ANN_LESSON] = "\033[32m",  /* green */
        [ANN_ALERT] = "\033[1;31m", /* bold red */
        [ANN_HINT] = "\033[31m",    /* red */
    };
    static const char *const light[] = {
        [ANN_TEXT] = "\033[34m",    /* blue */
        [ANN_STATE] = "\033[35m",   /* magenta */
        [ANN_LESSON] = "\033[32m",  /* green (dark on most light themes) */
        [ANN_ALERT] = "\033[1;31m", /* bold red */
        [ANN_HINT] = "\033[31m",    /* red */
    };
    if ((unsigned)kind > ANN_HINT)
        return "";
    return palette == ANN_PALETTE_LIGHT ? light[kind] : dark[kind];
}

/* One line, cut between words so that no printed row passes width columns (a word
 * longer than a row is cut where the row ends); rows after the first are indented
 * twice. */
static void print_wrapped(struct out *o, const char *s, int width, const char *on, const char *off)
{
    const size_t ind = sizeof ANN_INDENT - 1;
    size_t room = (size_t)width > 2 * ind + 20 ? (size_t)width - ind : 0;
    size_t n = strlen(s);
    bool first = true;
    while (n > 0) {
        size_t take = n;
        size_t cap = room == 0 ? n : first ? room : room - ind;
        if (take > cap) {
            take = cap;
            while (take > 0 && s[take] != ' ')
                take--;
            if (take == 0)
                take = cap;
        }
        out_str(o, first ? ANN_INDENT : ANN_INDENT ANN_INDENT);
        out_str(o, on);
        out_mem(o, s, take);
        out_str(o, off);
        out_char(o, '\n');
        while (take < n && s[take] == ' ')
            take++;
        s += take;
        n -= take;
        first = false;
    }
}

void annotate_print_style(struct out *o, const struct ann_lines *L, const struct ann_style *style)
{
    for (int i = 0; i < L->n; i++) {
        const char *on = style->color ? annotate_color(L->kind[i], style->palette) : "";
        const char *off = style->color ? ANN_COLOR_END : "";
        print_wrapped(o, L->line[i], style->width, on, off);
    }
}

void annotate_print(struct out *o, const struct ann_lines *L, bool color)
{
    struct ann_style st = {.color = color, .palette = ANN_PALETTE_DARK, .width = 0};
    annotate_print_style(o, L, &st);
}
