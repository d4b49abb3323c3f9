/*
 * analysis.c: connections, Wireshark's TCP analysis flags and socket-API events (see
 * analysis.h).
 *
 * The flag conditions restate Wireshark's published definitions (User's Guide 7.5, and
 * the comments of packet-tcp.c's tcp_analyze_sequence_number) in our own code, in the
 * same order, because the order matters: a Zero Window Probe is never also a Dup ACK, a
 * Keep-Alive is never a retransmission. Each direction keeps what those definitions
 * need: the next expected sequence number and when it was set, the highest sequence
 * number the peer may acknowledge, the last ACK and window sent, and the Dup ACK count.
 * Sequence comparisons are modulo 2^32 (RFC 9293 3.4).
 *
 * The table: slots in one array, an open-addressing hash (linear probing, deletion by
 * backward shift) from socket pair to slot, and two lists through the slots: open
 * connections in least-recently-used order and closed ones in the order they closed.
 */
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Wireshark's definitions use these time limits. */
#define FAST_RETRANS_NS 20000000LL /* 20 ms after the last Dup ACK */
#define OOO_DEFAULT_NS 3000000LL   /* 3 ms when the handshake RTT is unknown */

struct an_flow {
    bool base_set;
    uint32_t base_seq; /* ISN, or the sequence number before the first byte seen */
    bool nextseq_set;
    uint32_t nextseq;
    uint64_t nextseq_frame;
    int64_t nextseq_ns;
    bool maxseq_set;
    uint32_t maxseqtobeacked;
    bool lastack_set;
    uint32_t lastack;
    int64_t lastack_ns;
    bool window_set;
    uint64_t window;   /* scaled */
    int32_t dupacknum; /* -1: an ACKed unseen segment of the peer's was reported */
    uint64_t lastnondupack;
    uint32_t lastsegflags;
    int win_scale; /* -1 unknown, -2 not in use, else the shift */
    bool fin_seen;
    uint64_t fin_off;   /* stream offset of the FIN */
    uint64_t off_ref;   /* highest stream offset seen: the reference for unwrapping */
    uint64_t acked_off; /* how far this side has acknowledged the other's stream */
    bool acked_set;
    uint64_t packets, bytes, retrans;
};

struct an_conn {
    bool used;
    bool closed;
    uint32_t no;
    int32_t prev, next;       /* list links */
    struct an_endpoint ep[2]; /* [0] client, [1] server */
    bool roles_from_syn;
    bool syn_seen, synack_seen, established, rst_seen, refused;
    bool echo_on, echo_closed;    /* echo_on: echo != NULL */
    int64_t syn_ns, first_rtt_ns; /* first_rtt_ns: SYN to the handshake's ACK */
    bool first_rtt_set;
    int64_t start_ns, last_ns;
    struct an_flow f[2];
    struct echo_conn *echo; /* allocated when the connection is checked or followed */
};

/* What is remembered of a connection after it left the table: enough to tell a new SYN
 * on the same socket pair with another ISN (Wireshark keeps every conversation of a
 * file; we keep the last AN_HISTORY pairs, so memory stays flat). */
struct an_past {
    uint64_t key;     /* 64-bit hash of the socket pair; 0: empty */
    uint32_t base[2]; /* base sequence number of the lower / higher endpoint */
    uint8_t set[2];
};

static bool gt_seq(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

static bool lt_seq(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static bool le_seq(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) <= 0;
}

/* ---- the table ---- */

/* An endpoint's address as two words. Endpoints come only from endpoints(), which
 * zeroes an IPv4 address's last 12 bytes, so comparing and hashing all 16 bytes agrees
 * with comparing the family's own length. */
static void ep_words(const struct an_endpoint *e, uint64_t w[2])
{
    memcpy(w, e->addr, 2 * sizeof *w);
}

static bool ep_eq(const struct an_endpoint *a, const struct an_endpoint *b)
{
    if (a->family != b->family || a->port != b->port)
        return false;
    uint64_t wa[2], wb[2];
    ep_words(a, wa);
    ep_words(b, wb);
    return ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1])) == 0;
}

static uint64_t ep_mix(const struct an_endpoint *e)
{
    uint64_t w[2];
    ep_words(e, w);
    uint64_t h = ((uint64_t)e->port << 8 | e->family) * 0x9e3779b97f4a7c15ull;
    h = (h ^ w[0]) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 31) ^ w[1]) * 0x94d049bb133111ebull;
    return h ^ (h >> 29);
}

static int ep_cmp(const struct an_endpoint *a, const struct an_endpoint *b)
{
    int c = memcmp(a->addr, b->addr, 16);
    if (c)
        return c;
    return (int)a->port - (int)b->port;
}

/* The same for both directions of a connection (a sum commutes), by words: the
 * byte-wise FNV it replaces, after sorting the endpoints, was ~5% of the packet list.
 * It only places connections in the probe table; pair_key names them in the history. */
static uint32_t pair_hash(const struct an_endpoint *a, const struct an_endpoint *b)
{
    uint64_t h = (ep_mix(a) + ep_mix(b)) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> 32);
}

static uint64_t pair_key(const struct an_endpoint *a, const struct an_endpoint *b)
{
    if (ep_cmp(a, b) > 0) {
        const struct an_endpoint *t = a;
        a = b;
        b = t;
    }
    uint64_t h = 14695981039346656037ull;
    const struct an_endpoint *e[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < 16; i++)
            h = (h ^ e[k]->addr[i]) * 1099511628211ull;
        h = (h ^ e[k]->port) * 1099511628211ull;
        h = (h ^ e[k]->family) * 1099511628211ull;
    }
    return h ? h : 1;
}

static bool pair_eq(const struct an_conn *c, const struct an_endpoint *a,
                    const struct an_endpoint *b)
{
    return (ep_eq(&c->ep[0], a) && ep_eq(&c->ep[1], b)) ||
           (ep_eq(&c->ep[0], b) && ep_eq(&c->ep[1], a));
}

static void list_unlink(struct analysis *a, int32_t i, int32_t *head, int32_t *tail)
{
    struct an_conn *c = &a->conns[i];
    if (c->prev >= 0)
        a->conns[c->prev].next = c->next;
    else
        *head = c->next;
    if (c->next >= 0)
        a->conns[c->next].prev = c->prev;
    else
        *tail = c->prev;
    c->prev = c->next = -1;
}

static void list_append(struct analysis *a, int32_t i, int32_t *head, int32_t *tail)
{
    struct an_conn *c = &a->conns[i];
    c->prev = *tail;
    c->next = -1;
    if (*tail >= 0)
        a->conns[*tail].next = i;
    else
        *head = i;
    *tail = i;
}

static int32_t hash_find(const struct analysis *a, const struct an_endpoint *s,
                         const struct an_endpoint *d, uint32_t *slot)
{
    uint32_t h = pair_hash(s, d) & a->hash_mask;
    while (a->hash[h] >= 0) {
        if (pair_eq(&a->conns[a->hash[h]], s, d)) {
            *slot = h;
            return a->hash[h];
        }
        h = (h + 1) & a->hash_mask;
    }
    *slot = h;
    return -1;
}

/* Deletion from a linear-probing table by backward shift (Knuth 6.4, algorithm R). */
static void hash_delete(struct analysis *a, uint32_t i)
{
    a->hash[i] = -1;
    uint32_t j = i;
    for (;;) {
        j = (j + 1) & a->hash_mask;
        if (a->hash[j] < 0)
            return;
        const struct an_conn *c = &a->conns[a->hash[j]];
        uint32_t k = pair_hash(&c->ep[0], &c->ep[1]) & a->hash_mask;
        /* Move j back to i unless its home k lies cyclically in (i, j]. */
        bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (!stays) {
            a->hash[i] = a->hash[j];
            a->hash[j] = -1;
            i = j;
        }
    }
}

bool analysis_init(struct analysis *a, const struct an_opts *opts, char *errbuf, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->opts = *opts;
    if (!a->opts.max_conns)
        a->opts.max_conns = AN_DEFAULT_MAX_CONNS;
    if (!a->opts.max_pending)
        a->opts.max_pending = ECHO_DEFAULT_MAX_PENDING;
    uint32_t hsize = 16;
    while (hsize < 2 * a->opts.max_conns)
        hsize <<= 1;
    a->conns = calloc(a->opts.max_conns, sizeof *a->conns);
    a->hash = malloc(hsize * sizeof *a->hash);
    a->past = calloc(AN_HISTORY, sizeof *a->past);
    if (!a->conns || !a->hash || !a->past) {
        free(a->past);
        free(a->conns);
        free(a->hash);
        a->conns = NULL;
        a->hash = NULL;
        snprintf(errbuf, errlen, "analysis: out of memory for %u connections", a->opts.max_conns);
        return false;
    }
    a->hash_mask = hsize - 1;
    for (uint32_t i = 0; i < hsize; i++)
        a->hash[i] = -1;
    /* Slots are handed out in order and only then touched, so the pages of a large
     * table that a capture never needs are never made resident. */
    a->free_head = -1;
    a->fresh = 0;
    a->open_head = a->open_tail = a->closed_head = a->closed_tail = -1;
    a->next_conn_no = 1;
    return true;
}

void analysis_set_close_cb(struct analysis *a, an_close_fn fn, void *ctx)
{
    a->on_close = fn;
    a->close_ctx = ctx;
}

static void summarise(const struct an_conn *c, struct an_conn_summary *s)
{
    memset(s, 0, sizeof *s);
    s->conn_no = c->no;
    s->client = c->ep[0];
    s->server = c->ep[1];
    s->roles_from_syn = c->roles_from_syn;
    s->verified = c->echo_on && c->echo->verify;
    s->start_ns = c->start_ns;
    s->last_ns = c->last_ns;
    for (int d = 0; d < 2; d++) {
        s->packets[d] = c->f[d].packets;
        s->bytes[d] = c->f[d].bytes;
        s->retrans[d] = c->f[d].retrans;
    }
    if (c->echo_on) {
        s->echo = c->echo->st;
        s->rtt_median_ns = echo_rtt_median(&c->echo->st);
    }
    if (c->refused)
        s->end = AN_END_REFUSED;
    else if (c->rst_seen)
        s->end = AN_END_RST;
    else if (c->f[0].fin_seen && c->f[1].fin_seen)
        s->end = AN_END_FIN;
    else if (c->f[0].fin_seen || c->f[1].fin_seen)
        s->end = AN_END_HALF_CLOSED;
    else
        s->end = AN_END_OPEN;
}

/* Takes connection i out of the table, reporting its summary; full: to make room. */
static void evict(struct analysis *a, int32_t i, bool full)
{
    struct an_conn *c = &a->conns[i];
    if (c->echo_on && !c->echo_closed) {
        struct echo_result tmp;
        echo_result_clear(&tmp);
        echo_close(c->echo, &tmp);
        c->echo_closed = true;
    }
    if (a->on_close) {
        struct an_conn_summary s;
        summarise(c, &s);
        s.evicted_open = full && !c->closed && !c->rst_seen && !c->refused &&
                         !(c->f[0].fin_seen && c->f[1].fin_seen);
        a->on_close(a->close_ctx, &s);
    }
    if (a->past) {
        uint64_t k = pair_key(&c->ep[0], &c->ep[1]);
        struct an_past *h = &a->past[k % AN_HISTORY];
        int lo = ep_cmp(&c->ep[0], &c->ep[1]) <= 0 ? 0 : 1; /* the client is the lower */
        h->key = k;
        h->base[0] = c->f[lo].base_seq;
        h->set[0] = c->f[lo].base_set;
        h->base[1] = c->f[1 - lo].base_seq;
        h->set[1] = c->f[1 - lo].base_set;
    }
    if (c->closed) {
        list_unlink(a, i, &a->closed_head, &a->closed_tail);
        a->nclosed--;
    } else {
        list_unlink(a, i, &a->open_head, &a->open_tail);
    }
    uint32_t slot;
    if (hash_find(a, &c->ep[0], &c->ep[1], &slot) == i)
        hash_delete(a, slot);
    if (c->echo_on) {
        echo_free(c->echo);
        free(c->echo);
        c->echo = NULL;
        c->echo_on = false;
    }
    c->used = false;
    c->next = a->free_head;
    a->free_head = i;
}

void analysis_free(struct analysis *a)
{
    if (!a->conns)
        return;
    for (uint32_t i = 0; i < a->fresh; i++)
        if (a->conns[i].used && a->conns[i].echo_on) {
            echo_free(a->conns[i].echo);
            free(a->conns[i].echo);
        }
    free(a->conns);
    free(a->hash);
    free(a->past);
    a->conns = NULL;
    a->hash = NULL;
    a->past = NULL;
}

void analysis_finish(struct analysis *a)
{
    /* In connection order is friendlier, but table order is bounded work; the summary
     * formatter sorts. Closed first, then open. */
    while (a->closed_head >= 0)
        evict(a, a->closed_head, false);
    while (a->open_head >= 0)
        evict(a, a->open_head, false);
}

static int32_t conn_new(struct analysis *a, const struct an_endpoint *client,
                        const struct an_endpoint *server)
{
    if (a->free_head < 0 && a->fresh < a->opts.max_conns) {
        a->conns[a->fresh].next = -1;
        a->free_head = (int32_t)a->fresh++;
    }
    if (a->free_head < 0) {
        if (a->closed_head >= 0) {
            evict(a, a->closed_head, false);
        } else {
            a->evicted_open++;
            evict(a, a->open_head, true);
        }
    }
    int32_t i = a->free_head;
    struct an_conn *c = &a->conns[i];
    a->free_head = c->next;
    memset(c, 0, sizeof *c);
    c->used = true;
    c->no = a->next_conn_no++;
    c->ep[0] = *client;
    c->ep[1] = *server;
    c->f[0].win_scale = c->f[1].win_scale = -1;
    list_append(a, i, &a->open_head, &a->open_tail);
    uint32_t slot;
    hash_find(a, client, server, &slot);
    a->hash[slot] = i;
    bool verify = a->opts.verify_echo && server->port == a->opts.echo_port;
    if (verify || c->no == a->opts.follow_conn) {
        /* One allocation per checked connection (not per packet); without memory the
         * connection is analysed but not checked. */
        c->echo = malloc(sizeof *c->echo);
        if (c->echo) {
            c->echo_on = true;
            echo_init(c->echo, verify, a->opts.max_pending);
        }
    }
    return i;
}

static void conn_touch(struct analysis *a, int32_t i)
{
    struct an_conn *c = &a->conns[i];
    if (c->closed)
        return;
    list_unlink(a, i, &a->open_head, &a->open_tail);
    list_append(a, i, &a->open_head, &a->open_tail);
}

static void conn_closed(struct analysis *a, int32_t i)
{
    struct an_conn *c = &a->conns[i];
    if (c->closed)
        return;
    list_unlink(a, i, &a->open_head, &a->open_tail);
    c->closed = true;
    list_append(a, i, &a->closed_head, &a->closed_tail);
    a->nclosed++;
    while (a->nclosed > AN_CLOSED_KEEP)
        evict(a, a->closed_head, false);
}

const struct echo_conn *analysis_streams(const struct analysis *a, uint32_t conn_no)
{
    for (uint32_t i = 0; i < a->fresh; i++)
        if (a->conns[i].used && a->conns[i].no == conn_no)
            return a->conns[i].echo;
    return NULL;
}

/* ---- per packet ---- */

static bool endpoints(const struct packet *p, struct an_endpoint *s, struct an_endpoint *d)
{
    memset(s, 0, sizeof *s);
    memset(d, 0, sizeof *d);
    if (p->net == NET_IPV4) {
        s->family = d->family = 4;
        memcpy(s->addr, p->ip4.src, 4);
        memcpy(d->addr, p->ip4.dst, 4);
    } else if (p->net == NET_IPV6) {
        s->family = d->family = 6;
        memcpy(s->addr, p->ip6.src, 16);
        memcpy(d->addr, p->ip6.dst, 16);
    } else {
        return false;
    }
    s->port = p->tcp.sport;
    d->port = p->tcp.dport;
    return true;
}

/* Stream offset of sequence number seq in flow f, unwrapped to 64 bits. */
static uint64_t stream_off(const struct an_flow *f, uint32_t seq)
{
    uint32_t rel = seq - f->base_seq - 1;
    int64_t off = (int64_t)f->off_ref + (int32_t)(rel - (uint32_t)f->off_ref);
    return off < 0 ? 0 : (uint64_t)off;
}

/* RFC 7323 2.3: the scale is announced in the SYNs and used only if both offer it. What
 * Wireshark does when one side's SYN is missing: trust the raw window. */
static void window_scale_from_syn(struct an_conn *c, int d, const struct tcp_info *t)
{
    struct an_flow *fwd = &c->f[d], *rev = &c->f[1 - d];
    bool synack = (t->flags & TCP_ACK) != 0;
    if (t->has_ws) {
        fwd->win_scale = t->ws_shift > 14 ? 14 : t->ws_shift; /* RFC 7323: at most 14 */
        if (synack && rev->win_scale == -2)
            fwd->win_scale = -2;
    } else {
        fwd->win_scale = -2;
        rev->win_scale = -2;
    }
}

static uint32_t analyse_flags(struct an_conn *c, int d, const struct tcp_info *t, uint64_t win,
                              uint64_t frame, int64_t now, struct pkt_analysis *r)
{
    struct an_flow *fwd = &c->f[d], *rev = &c->f[1 - d];
    uint32_t seq = t->seq, ack = t->ack, seglen = t->payload_len;
    uint16_t fl = t->flags;
    bool sfr = (fl & (TCP_SYN | TCP_FIN | TCP_RST)) != 0;
    bool same_seq = fwd->nextseq_set && seq == fwd->nextseq;
    bool same_ack = fwd->lastack_set && ack == fwd->lastack;
    uint32_t ta = 0;

    /* Zero Window Probe: the next expected byte, alone, while the peer's window is 0. */
    if (seglen == 1 && same_seq && rev->window_set && rev->window == 0) {
        ta |= AN_ZERO_WINDOW_PROBE;
        goto finished_fwd;
    }
    /* Zero Window: window 0 on a segment that is not SYN, FIN or RST. */
    if (win == 0 && !sfr)
        ta |= AN_ZERO_WINDOW;
    /* Previous segment not captured: beyond the next expected sequence number. */
    if (fwd->nextseq_set && gt_seq(seq, fwd->nextseq) && !(fl & TCP_RST))
        ta |= AN_LOST_SEGMENT;
    /* Keep-Alive: 0 or 1 byte starting one byte before the next expected one. */
    if (seglen <= 1 && fwd->nextseq_set && seq == fwd->nextseq - 1 && !sfr)
        ta |= AN_KEEP_ALIVE;
    /* Window Update: no data, same SEQ and ACK as before, a different non-zero window. */
    if (seglen == 0 && win && fwd->window_set && win != fwd->window && same_seq && same_ack && !sfr)
        ta |= AN_WINDOW_UPDATE;
    /* Window Full: the data reaches exactly the right edge of the peer's window. */
    if (seglen > 0 && rev->win_scale != -1 && rev->lastack_set && rev->window_set &&
        (uint32_t)(seq + seglen) == (uint32_t)(rev->lastack + rev->window) && !sfr)
        ta |= AN_WINDOW_FULL;
    /* Keep-Alive ACK: repeats the last ACK and window, answering a Keep-Alive. */
    if (seglen == 0 && win && fwd->window_set && win == fwd->window && same_seq && same_ack &&
        (rev->lastsegflags & AN_KEEP_ALIVE) && !sfr) {
        ta |= AN_KEEP_ALIVE_ACK;
        goto finished_fwd;
    }
    /* Zero Window Probe ACK: repeats the zero window, answering a probe. */
    if (seglen == 0 && win == 0 && fwd->window_set && fwd->window == 0 && same_seq &&
        (same_ack || (fwd->lastack_set && ack == fwd->lastack + 1)) &&
        (rev->lastsegflags & AN_ZERO_WINDOW_PROBE) && !sfr) {
        ta |= AN_ZERO_WINDOW_PROBE_ACK;
        goto finished_fwd;
    }
    /* Dup ACK: no data, same SEQ, ACK and non-zero window as the previous segment. */
    if (seglen == 0 && win && fwd->window_set && win == fwd->window && same_seq && same_ack &&
        !sfr) {
        fwd->dupacknum = fwd->dupacknum < 0 ? 1 : fwd->dupacknum + 1;
        ta |= AN_DUP_ACK;
        r->dupack_num = (uint32_t)fwd->dupacknum;
        r->dupack_of = fwd->lastnondupack;
    }

finished_fwd:
    if (!fwd->lastack_set || ack != fwd->lastack) {
        fwd->lastnondupack = frame;
        fwd->dupacknum = 0;
    }
    /* ACKed unseen segment: acknowledges beyond anything seen from the peer. Reported
     * once per hole: the bound moves up to the highest sequence number seen, and while
     * the peer keeps sending pure ACKs (its Dup ACK count, set to -1 here, is not reset)
     * the same hole is not reported again. */
    /* ACKed unseen segment: acknowledges beyond anything seen from the peer. Once per
     * hole: if the peer sent more since the last report, the bound moves up to it and
     * this is reported; if not, it is reported only when the peer's Dup ACK count is 0,
     * and that count is set to -1 so the same hole is not reported again while the peer
     * keeps acknowledging the same byte (Wireshark 4.0's behaviour, checked with tshark). */
    if (rev->maxseq_set && gt_seq(ack, rev->maxseqtobeacked) && (fl & TCP_ACK)) {
        if (rev->nextseq_set && rev->nextseq != rev->maxseqtobeacked) {
            rev->maxseqtobeacked = rev->nextseq;
            ta |= AN_ACKED_UNSEEN;
        } else {
            if (rev->dupacknum == 0)
                ta |= AN_ACKED_UNSEEN;
            rev->dupacknum = -1;
        }
    }
    /* Spurious Retransmission, Fast Retransmission, Out-Of-Order, Retransmission: data
     * (or SYN/FIN) at or below what was already seen. A Keep-Alive is none of them. */
    if ((seglen > 0 || (fl & (TCP_SYN | TCP_FIN))) && !(ta & AN_KEEP_ALIVE)) {
        bool not_advanced = fwd->nextseq_set && lt_seq(seq, fwd->nextseq);
        /* More than one byte starting one before the next expected: new data after a
         * probe, not a retransmission (a spurious one is still reported). */
        if (seglen > 1 && fwd->nextseq_set && fwd->nextseq - 1 == seq)
            not_advanced = false;
        /* Unsigned, as in Wireshark: a frame stamped before the reference (clocks do go
         * backwards in captures) is "long after" it, never within the limit. */
        uint64_t t_ack = (uint64_t)now - (uint64_t)rev->lastack_ns;
        uint64_t t_seq = (uint64_t)now - (uint64_t)fwd->nextseq_ns;
        uint64_t ooo = (uint64_t)(c->first_rtt_set ? c->first_rtt_ns : OOO_DEFAULT_NS);
        uint32_t end = seq + seglen + ((fl & (TCP_SYN | TCP_FIN)) ? 1 : 0);
        if (seglen > 0 && rev->lastack_set && rev->lastack - rev->base_seq != 0 &&
            le_seq(seq + seglen, rev->lastack))
            ta |= AN_SPURIOUS_RETRANSMISSION; /* the receiver had acknowledged it all */
        else if (not_advanced && rev->dupacknum >= 2 && rev->lastack_set && rev->lastack == seq &&
                 t_ack < (uint64_t)FAST_RETRANS_NS)
            ta |= AN_FAST_RETRANSMISSION;
        else if (not_advanced && t_seq < ooo && fwd->nextseq != end)
            ta |= AN_OUT_OF_ORDER;
        else if (not_advanced)
            ta |= AN_RETRANSMISSION;
    }

    /* The highest sequence number seen so far, pure ACKs included (Wireshark's rule: a
     * hole is judged against every segment's sequence number, data or not); a Zero
     * Window Probe does not advance it. */
    uint32_t nextseq = seq + seglen + ((fl & (TCP_SYN | TCP_FIN)) ? 1 : 0);
    if ((!fwd->nextseq_set || gt_seq(nextseq, fwd->nextseq)) && !(ta & AN_ZERO_WINDOW_PROBE)) {
        fwd->nextseq_set = true;
        fwd->nextseq = nextseq;
        fwd->nextseq_frame = frame;
        fwd->nextseq_ns = now;
    }
    if (fwd->nextseq_set && (!fwd->maxseq_set || seq == fwd->maxseqtobeacked) &&
        !(ta & AN_ZERO_WINDOW_PROBE)) {
        fwd->maxseq_set = true;
        fwd->maxseqtobeacked = fwd->nextseq;
    }
    fwd->window = win;
    fwd->window_set = true;
    fwd->lastack = ack;
    fwd->lastack_set = true;
    fwd->lastack_ns = now;
    fwd->lastsegflags = ta;
    return ta;
}

static void choose_roles(const struct analysis *a, const struct tcp_info *t,
                         const struct an_endpoint *s, const struct an_endpoint *d,
                         const struct an_endpoint **cl, const struct an_endpoint **sv,
                         bool *from_syn)
{
    bool src_is_client;
    *from_syn = true;
    if ((t->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        src_is_client = true;
    } else if ((t->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        src_is_client = false;
    } else {
        *from_syn = false;
        if (d->port == a->opts.echo_port)
            src_is_client = true;
        else if (s->port == a->opts.echo_port)
            src_is_client = false;
        else
            src_is_client = s->port > d->port || (s->port == d->port);
    }
    *cl = src_is_client ? s : d;
    *sv = src_is_client ? d : s;
}

bool analysis_packet(struct analysis *a, const struct packet *p, struct pkt_analysis *r)
{
    return analysis_packet_hinted(a, p, r, NULL);
}

/* The slot the hint names, if it is in use by this socket pair: then it is the one
 * hash_find would return (a pair is in the table at most once). Else -1. */
static int32_t hint_find(const struct analysis *a, const int32_t *hint, const struct an_endpoint *s,
                         const struct an_endpoint *d)
{
    if (hint == NULL || *hint < 0 || (uint32_t)*hint >= a->opts.max_conns)
        return -1;
    const struct an_conn *c = &a->conns[*hint];
    return c->used && pair_eq(c, s, d) ? *hint : -1;
}

bool analysis_packet_hinted(struct analysis *a, const struct packet *p, struct pkt_analysis *r,
                            int32_t *hint)
{
    memset(r, 0, sizeof *r);
    if (p->l4 != L4_TCP || p->tcp.status != LAYER_OK)
        return false;
    /* A fragment's TCP header, if any, is not a segment: fragments are not reassembled. */
    if ((p->net == NET_IPV4 && p->ip4.is_fragment) || (p->net == NET_IPV6 && p->ip6.is_fragment))
        return false;
    struct an_endpoint src, dst;
    if (!endpoints(p, &src, &dst))
        return false;
    const struct tcp_info *t = &p->tcp;
    int64_t now = frame_ns(&p->frame);
    uint64_t frame = p->frame.number;
    int32_t ci = hint_find(a, hint, &src, &dst);
    if (ci < 0) {
        uint32_t slot;
        ci = hash_find(a, &src, &dst, &slot);
    }
    bool syn_only = (t->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN;

    if (ci >= 0 && syn_only) {
        /* A new SYN with another ISN on a known socket pair: Wireshark's "TCP Port
         * numbers reused"; the old connection ends here. */
        struct an_conn *old = &a->conns[ci];
        int od = ep_eq(&old->ep[0], &src) ? 0 : 1;
        if (old->f[od].base_set && t->seq != old->f[od].base_seq) {
            evict(a, ci, false);
            ci = -1;
            r->flags |= AN_PORTS_REUSED;
        }
    }
    if (ci < 0 && syn_only && a->past) {
        /* The pair was used before and has left the table: the same test on what is
         * remembered of it. */
        uint64_t k = pair_key(&src, &dst);
        const struct an_past *h = &a->past[k % AN_HISTORY];
        int me = ep_cmp(&src, &dst) <= 0 ? 0 : 1;
        if (h->key == k && h->set[me] && h->base[me] != t->seq)
            r->flags |= AN_PORTS_REUSED;
    }
    if (ci < 0) {
        const struct an_endpoint *cl, *sv;
        bool from_syn;
        choose_roles(a, t, &src, &dst, &cl, &sv, &from_syn);
        ci = conn_new(a, cl, sv);
        a->conns[ci].roles_from_syn = from_syn;
        a->conns[ci].start_ns = now;
    } else {
        conn_touch(a, ci);
    }
    if (hint != NULL)
        *hint = ci;
    struct an_conn *c = &a->conns[ci];
    int d = ep_eq(&c->ep[0], &src) ? 0 : 1;
    struct an_flow *fwd = &c->f[d], *rev = &c->f[1 - d];
    c->last_ns = now;

    r->valid = true;
    r->conn_no = c->no;
    r->from_client = d == 0;
    r->roles_from_syn = c->roles_from_syn;
    r->verified = c->echo_on && c->echo->verify;
    r->streams = c->echo_on ? c->echo : NULL;
    r->client = c->ep[0];
    r->server = c->ep[1];
    r->seglen = t->payload_len;

    /* Sequence bases (Wireshark: relative numbers start at 1 when no SYN was seen). */
    if (t->flags & TCP_SYN)
        window_scale_from_syn(c, d, t);
    if (!fwd->base_set) {
        fwd->base_set = true;
        fwd->base_seq = (t->flags & TCP_SYN) ? t->seq : t->seq - 1;
    }
    if (!rev->base_set && (t->flags & TCP_ACK)) {
        rev->base_set = true;
        rev->base_seq = t->ack - 1;
    }
    r->rel_seq = t->seq - fwd->base_seq;
    r->rel_ack = (t->flags & TCP_ACK) ? t->ack - rev->base_seq : 0;
    uint64_t win = t->window;
    if (!(t->flags & TCP_SYN) && fwd->win_scale >= 0)
        win <<= fwd->win_scale;
    r->window = win;

    r->flags |= analyse_flags(c, d, t, win, frame, now, r);

    /* Handshake bookkeeping. */
    bool fin_before = rev->fin_seen;
    if (syn_only) {
        if (!c->syn_seen)
            c->syn_ns = now;
        c->syn_seen = true;
        r->event = AN_EV_SYN;
    } else if ((t->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        c->synack_seen = true;
        r->event = AN_EV_SYNACK;
    } else if (t->flags & TCP_RST) {
        c->rst_seen = true;
        if (!c->established && !c->synack_seen && c->syn_seen && d == 1)
            c->refused = true;
        r->event = c->refused ? AN_EV_REFUSED : AN_EV_RST;
    } else if (!c->established && c->synack_seen && d == 0 && (t->flags & TCP_ACK) &&
               t->ack == c->f[1].base_seq + 1) {
        c->established = true;
        if (c->syn_seen && !c->first_rtt_set) {
            c->first_rtt_set = true;
            c->first_rtt_ns = now - c->syn_ns;
        }
        r->event = t->payload_len ? AN_EV_DATA : AN_EV_HANDSHAKE_ACK;
    } else if (t->payload_len) {
        r->event = AN_EV_DATA;
    } else {
        r->event = AN_EV_OTHER;
    }
    if (!(t->flags & (TCP_SYN | TCP_RST)) && !c->synack_seen)
        c->established = true; /* mid-stream capture */

    /* Bytes of the other direction newly acknowledged. */
    uint64_t ack_off = 0;
    if ((t->flags & TCP_ACK) && rev->base_set) {
        ack_off = stream_off(rev, t->ack);
        if (rev->fin_seen && ack_off > rev->fin_off)
            ack_off = rev->fin_off; /* the FIN's sequence number is not a byte */
        if (fwd->acked_set && ack_off > fwd->acked_off)
            r->acked = ack_off - fwd->acked_off;
        if (!fwd->acked_set || ack_off > fwd->acked_off)
            fwd->acked_off = ack_off;
        fwd->acked_set = true;
        if (ack_off > rev->off_ref)
            rev->off_ref = ack_off;
    }
    if (r->event == AN_EV_OTHER && r->acked && !(t->flags & TCP_FIN))
        r->event = AN_EV_ACK;

    /* Stream offsets. Data on a SYN starts after it. */
    uint64_t off = stream_off(fwd, t->seq + ((t->flags & TCP_SYN) ? 1 : 0));
    r->stream_off = off;
    uint64_t end_off = off + t->payload_len;
    if (end_off > fwd->off_ref)
        fwd->off_ref = end_off;

    fwd->packets++;
    fwd->bytes += t->payload_len;
    if (r->flags & AN_ANY_RETRANSMISSION)
        fwd->retrans++;

    /* Echo verification and reassembly. */
    if (c->echo_on) {
        bool server_pkt = d == 1;
        if ((t->flags & TCP_ACK) && rev->base_set && fwd->acked_set)
            echo_acked(c->echo, 1 - d, fwd->acked_off, now, server_pkt, &r->echo);
        if (t->payload_len)
            echo_segment(c->echo, d, off, t->payload, t->payload_caplen, t->payload_len, now, frame,
                         &r->echo);
    }

    if (t->flags & TCP_FIN) {
        if (!fwd->fin_seen) {
            fwd->fin_seen = true;
            fwd->fin_off = end_off;
        }
        r->event = AN_EV_FIN;
        r->peer_fin_seen = fin_before;
        if (c->echo_on)
            echo_acked(c->echo, d, fwd->fin_off, now, d == 1, &r->echo);
    }
    /* The echo of a request sent before the server closed another connection, and
     * completed only after that close: the server did not serve this connection while
     * it served the other one (an iterative server). */
    if (d == 1 && r->echo.rtt_valid && a->last_close_conn != 0 && a->last_close_conn != c->no &&
        a->last_close_ns <= now && a->last_close_ns > now - (int64_t)r->echo.rtt_ns)
        r->waited_for = a->last_close_conn;
    if (d == 1 && c->echo_on && c->echo->verify && (t->flags & (TCP_FIN | TCP_RST))) {
        a->last_close_conn = c->no;
        a->last_close_ns = now;
    }
    bool ended = (t->flags & TCP_RST) || (d == 1 && (t->flags & TCP_FIN));
    if (ended && c->echo_on && c->echo->verify && !c->echo_closed) {
        echo_close(c->echo, &r->close_echo);
        c->echo_closed = true;
        r->close_done = true;
    }
    /* Closed: a RST, or the ACK of the second FIN. */
    bool last_ack = c->f[0].fin_seen && c->f[1].fin_seen && (t->flags & TCP_ACK) &&
                    t->ack == rev->base_seq + 1 + (uint32_t)rev->fin_off + 1;
    r->last_ack = last_ack && !(t->flags & (TCP_FIN | TCP_RST));
    if ((t->flags & TCP_RST) || last_ack)
        conn_closed(a, ci);
    return true;
}

/* ---- text ---- */

/* Wireshark prepends each flag's text to the Info column in this order (reused ports,
 * retransmissions, lost segments, window, keep-alive, Dup ACK, zero window), so the last
 * one listed ends up first. */
static const struct {
    uint32_t bit;
    const char *text;
    const char *field;
} flag_table[] = {
    {AN_PORTS_REUSED, "[TCP Port numbers reused] ", "reused_ports"},
    {AN_RETRANSMISSION, "[TCP Retransmission] ", "retransmission"},
    {AN_FAST_RETRANSMISSION, "[TCP Fast Retransmission] ", "fast_retransmission"},
    {AN_SPURIOUS_RETRANSMISSION, "[TCP Spurious Retransmission] ", "spurious_retransmission"},
    {AN_OUT_OF_ORDER, "[TCP Out-Of-Order] ", "out_of_order"},
    {AN_LOST_SEGMENT, "[TCP Previous segment not captured] ", "lost_segment"},
    {AN_ACKED_UNSEEN, "[TCP ACKed unseen segment] ", "ack_lost_segment"},
    {AN_WINDOW_UPDATE, "[TCP Window Update] ", "window_update"},
    {AN_WINDOW_FULL, "[TCP Window Full] ", "window_full"},
    {AN_KEEP_ALIVE, "[TCP Keep-Alive] ", "keep_alive"},
    {AN_KEEP_ALIVE_ACK, "[TCP Keep-Alive ACK] ", "keep_alive_ack"},
    {AN_DUP_ACK, NULL, "duplicate_ack"},
    {AN_ZERO_WINDOW_PROBE, "[TCP ZeroWindowProbe] ", "zero_window_probe"},
    {AN_ZERO_WINDOW, "[TCP ZeroWindow] ", "zero_window"},
    {AN_ZERO_WINDOW_PROBE_ACK, "[TCP ZeroWindowProbeAck] ", "zero_window_probe_ack"},
};
#define NFLAGS (sizeof flag_table / sizeof flag_table[0])

const char *an_flag_field(uint32_t bit)
{
    for (size_t i = 0; i < NFLAGS; i++)
        if (flag_table[i].bit == bit)
            return flag_table[i].field;
    return NULL;
}

size_t an_flags_text(uint32_t flags, uint64_t dupack_of, uint32_t dupack_num, char *buf, size_t len)
{
    size_t n = 0;
    if (len == 0)
        return 0;
    buf[0] = '\0';
    for (size_t k = NFLAGS; k-- > 0;) {
        if (!(flags & flag_table[k].bit))
            continue;
        char tmp[64];
        const char *s = flag_table[k].text;
        if (!s) {
            snprintf(tmp, sizeof tmp, "[TCP Dup ACK %llu#%u] ", (unsigned long long)dupack_of,
                     dupack_num);
            s = tmp;
        }
        size_t sl = strlen(s);
        if (n + sl >= len)
            sl = len - 1 - n;
        memcpy(buf + n, s, sl);
        n += sl;
        buf[n] = '\0';
    }
    return n;
}
