/*
 * analysis.c: the per-packet walk through the connection model (see analysis.h).
 *
 * For each TCP packet: find its connection or make one (a SYN with another ISN on a
 * known pair ends the old connection: Wireshark's "Port numbers reused"), then, in this
 * order, the sequence space (tcp_seq.c: relative numbers, window scaling, p->track), the
 * analysis flags (tcp_flags.c), the socket-API event and the bytes newly acknowledged,
 * the echo check and reassembly (echo_verify.c), the end of the connection, each end's
 * TCP state (tcp_state.c), and the frame's record. A header whose fixed part was read
 * but whose options were cut, or whose data offset is below 20, gets its relative
 * numbers only: it is not a whole segment, and Wireshark's analysis skips it too.
 */
#include "analysis.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "an_acked.h"
#include "tcp_flags.h"
#include "tcp_seq.h"
#include "tcp_state.h"

#define OOO_DEFAULT_NS 3000000LL /* Out-Of-Order limit while the handshake RTT is unknown */

/* ---- connections entering and leaving the table ---- */

/* One ACK round-trip time into the connection's figures. */
static void ack_rtt_note(struct conn *c, int64_t ns)
{
    if (c->nack_rtt == 0 || ns < c->ack_rtt_min_ns)
        c->ack_rtt_min_ns = ns;
    if (c->nack_rtt == 0 || ns > c->ack_rtt_max_ns)
        c->ack_rtt_max_ns = ns;
    c->ack_rtt_sum_ns += ns;
    c->nack_rtt++;
}

static void summarise(const struct conn *c, struct an_conn_summary *s)
{
    memset(s, 0, sizeof *s);
    s->stream = c->stream;
    s->client = c->ep[0];
    s->server = c->ep[1];
    s->roles_from_syn = c->roles_from_syn;
    s->verified = c->echo_verify && !c->echo_no_memory;
    s->echo_no_memory = c->echo_verify && c->echo_no_memory;
    s->echo_midstream = c->echo_midstream;
    s->start_ns = c->start_ns;
    s->last_ns = c->last_ns;
    for (int d = 0; d < 2; d++) {
        s->packets[d] = c->f[d].packets;
        s->bytes[d] = c->f[d].bytes;
        s->retrans[d] = c->f[d].retrans;
        s->state[d] = (enum tcp_state)c->f[d].state;
    }
    s->nack_rtt = c->nack_rtt;
    if (c->nack_rtt != 0) {
        s->ack_rtt_min_ns = c->ack_rtt_min_ns;
        s->ack_rtt_avg_ns = c->ack_rtt_sum_ns / c->nack_rtt;
        s->ack_rtt_max_ns = c->ack_rtt_max_ns;
    }
    if (c->echo != NULL) {
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

/* The table's eviction callback: the echo's last verdict, the summary, the memory. */
static void on_evict(void *ctx, struct conn *c, bool to_make_room)
{
    struct analysis *a = ctx;
    if (c->echo != NULL && !c->echo_closed) {
        struct echo_result tmp;
        echo_result_clear(&tmp);
        echo_close(c->echo, &tmp);
        c->echo_closed = true;
    }
    if (a->on_close != NULL) {
        struct an_conn_summary s;
        summarise(c, &s);
        s.evicted_open = to_make_room && !c->closed && !c->rst_seen && !c->refused &&
                         !(c->f[0].fin_seen && c->f[1].fin_seen);
        a->on_close(a->close_ctx, &s);
    }
    echo_delete(c->echo);
    c->echo = NULL;
    an_unacked_free(&c->unacked[0]); /* a retired connection's grow again if it needs */
    an_unacked_free(&c->unacked[1]);
}

bool analysis_init(struct analysis *a, const struct an_opts *opts, char *errbuf, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->opts = *opts;
    if (a->opts.max_conns == 0)
        a->opts.max_conns = AN_DEFAULT_MAX_CONNS;
    if (a->opts.max_pending == 0)
        a->opts.max_pending = ECHO_DEFAULT_MAX_PENDING;
    if (a->opts.max_memory == 0)
        a->opts.max_memory = ECHO_DEFAULT_MAX_MEMORY;
    pool_init(&a->pool, a->opts.max_memory);
    if (!conn_table_init(&a->t, a->opts.max_conns, &a->opts.key, on_evict, a)) {
        snprintf(errbuf, errlen,
                 "out of memory for the connection table (%u connections, %zu bytes each, "
                 "and a history of %u socket pairs)",
                 a->opts.max_conns, sizeof(struct conn), (unsigned)AN_HISTORY);
        return false;
    }
    a->t.next_stream = a->opts.first_stream;
    return true;
}

void analysis_free(struct analysis *a)
{
    if (a->t.slots == NULL)
        return;
    for (uint32_t i = 0; i < a->t.fresh; i++) {
        struct conn *c = &a->t.slots[i];
        if (c->used) {
            echo_delete(c->echo);
            an_unacked_free(&c->unacked[0]);
            an_unacked_free(&c->unacked[1]);
        }
    }
    conn_table_free(&a->t);
    pool_free(&a->pool);
}

void analysis_set_close_cb(struct analysis *a, an_close_fn fn, void *ctx)
{
    a->on_close = fn;
    a->close_ctx = ctx;
}

void analysis_finish(struct analysis *a)
{
    if (a->t.slots != NULL)
        conn_table_drain(&a->t);
}

const struct conn *analysis_conn(const struct analysis *a, uint32_t stream)
{
    return a->t.slots != NULL ? conn_by_stream(&a->t, stream) : NULL;
}

void conn_states(const struct conn *c, enum tcp_state out[2])
{
    out[0] = (enum tcp_state)c->f[0].state;
    out[1] = (enum tcp_state)c->f[1].state;
}

/* ---- finding the packet's connection ---- */

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

/* Who is the client of a new connection: the SYN's sender, a SYN-ACK's receiver; else
 * the side talking to the echo port, else the higher port (well-known ports are low). */
static bool src_is_client(const struct analysis *a, const struct tcp_info *t, bool *from_syn)
{
    *from_syn = true;
    if ((t->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
        return true;
    if ((t->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
        return false;
    *from_syn = false;
    if (t->dport == a->opts.echo_port)
        return true;
    if (t->sport == a->opts.echo_port)
        return false;
    return t->sport >= t->dport;
}

static struct conn *create(struct analysis *a, const struct conn_key *k, const struct packet *p,
                           int *d)
{
    bool from_syn;
    bool client = src_is_client(a, &p->tcp, &from_syn);
    struct conn *c = conn_new(&a->t, k, client);
    *d = client ? 0 : 1;
    c->roles_from_syn = from_syn;
    c->start_ns = frame_ns(&p->frame);
    c->first_frame = p->frame.number;
    c->echo_verify = a->opts.verify_echo && c->ep[1].port == a->opts.echo_port;
    c->echo_wanted = c->echo_verify || (a->opts.follow && c->stream == a->opts.follow_stream);
    return c;
}

/* The packet's connection, made if need be; *d its sender's flow. A SYN with another
 * ISN on a known pair (or on one the history remembers) is Wireshark's "TCP Port
 * numbers reused": the old connection ends, a new stream begins. */
static struct conn *lookup(struct analysis *a, const struct packet *p, int *d, uint32_t *flags)
{
    struct an_endpoint src, dst;
    (void)endpoints(p, &src, &dst);
    struct conn_key k;
    conn_key_of(&a->t, &k, &src, &dst);
    struct conn *c = conn_find(&a->t, &k, d);
    bool syn_only = (p->tcp.flags & (TCP_SYN | TCP_ACK)) == TCP_SYN;
    if (c != NULL && syn_only && c->f[*d].base_set && p->tcp.seq != c->f[*d].base_seq) {
        conn_remove(&a->t, c, false);
        c = NULL;
        *flags |= AN_PORTS_REUSED;
    } else if (c == NULL && syn_only && conn_past_reused(&a->t, &k, p->tcp.seq)) {
        *flags |= AN_PORTS_REUSED;
    }
    if (c == NULL)
        c = create(a, &k, p, d);
    else
        conn_touch(&a->t, c);
    c->last_frame = p->frame.number;
    return c;
}

/* ---- what the segment means ---- */

/* The socket-API event, and the handshake's bookkeeping. */
static enum an_event event_of(struct conn *c, int d, const struct tcp_info *t, int64_t now)
{
    uint16_t f = t->flags;
    enum an_event ev;
    if ((f & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        if (!c->syn_seen)
            c->syn_ns = now;
        c->syn_seen = true;
        ev = AN_EV_SYN;
    } else if (f & TCP_SYN) {
        c->synack_seen = true;
        ev = AN_EV_SYNACK;
    } else if (f & TCP_RST) {
        c->rst_seen = true;
        if (!c->established && !c->synack_seen && c->syn_seen && d == 1)
            c->refused = true;
        ev = c->refused ? AN_EV_REFUSED : AN_EV_RST;
    } else if (!c->established && c->synack_seen && d == 0 && (f & TCP_ACK) &&
               t->ack == c->f[1].base_seq + 1) {
        c->established = true;
        if (c->syn_seen && !c->first_rtt_set) {
            c->first_rtt_set = true;
            c->first_rtt_ns = now - c->syn_ns;
        }
        ev = t->payload_len ? AN_EV_DATA : AN_EV_HANDSHAKE_ACK;
    } else {
        ev = t->payload_len ? AN_EV_DATA : AN_EV_OTHER;
    }
    if (!(f & (TCP_SYN | TCP_RST)) && !c->synack_seen)
        c->established = true; /* mid-stream capture */
    return ev;
}

/* Bytes of the other direction newly acknowledged (r->acked). */
static void acked_bytes(struct flow *fwd, struct flow *rev, const struct tcp_info *t,
                        struct pkt_analysis *r)
{
    if (!(t->flags & TCP_ACK) || !rev->base_set)
        return;
    uint64_t ack_off = seq_stream_off(rev, t->ack);
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

/* The reassembly and echo state, made when there is something to reassemble (a byte, a
 * FIN, an ACK of bytes not seen): one allocation per connection, not per packet, within
 * the budget; without room the connection is analysed but not checked, and says why. */
static void echo_state(struct analysis *a, struct conn *c, const struct tcp_info *t,
                       const struct flow *fwd, struct pkt_analysis *r)
{
    bool need = t->payload_len || (t->flags & TCP_FIN) || (fwd->acked_set && fwd->acked_off > 0);
    /* Server byte k echoes client byte k only when both streams are counted from their
     * SYNs: a capture that began mid-connection (or lost a SYN) cannot line them up, and
     * comparing anyway would report a good echo as a mismatch. Such a connection is not
     * checked, and says why; Follow still reassembles it. */
    if (need && c->echo == NULL && c->echo_verify &&
        !(c->f[0].origin_known && c->f[1].origin_known)) {
        c->echo_verify = false;
        c->echo_midstream = true;
        c->echo_wanted = a->opts.follow && c->stream == a->opts.follow_stream;
    }
    r->verified = c->echo_verify;
    r->echo_midstream = c->echo_midstream;
    if (c->echo == NULL && c->echo_wanted && !c->echo_no_memory && need) {
        c->echo = echo_new(&a->pool, c->echo_verify, a->opts.max_pending);
        c->echo_no_memory = c->echo == NULL;
        r->streams = c->echo;
    }
    r->echo_no_memory = c->echo_no_memory && c->echo_verify;
}

/* The payload into the reassembly and the echo check, then the FIN. */
static void stream_and_fin(struct analysis *a, struct conn *c, int d, const struct packet *p,
                           int64_t now, struct pkt_analysis *r)
{
    const struct tcp_info *t = &p->tcp;
    struct flow *fwd = &c->f[d], *rev = &c->f[1 - d];
    /* Stream offsets. Data on a SYN starts after it. */
    uint64_t off = seq_stream_off(fwd, t->seq + ((t->flags & TCP_SYN) ? 1 : 0));
    r->stream_off = off;
    uint64_t end_off = off + t->payload_len;
    if (end_off > fwd->off_ref)
        fwd->off_ref = end_off;
    fwd->packets++;
    fwd->bytes += t->payload_len;
    if (r->flags & AN_ANY_RETRANSMISSION)
        fwd->retrans++;
    echo_state(a, c, t, fwd, r);
    if (c->echo != NULL) {
        if ((t->flags & TCP_ACK) && rev->base_set && fwd->acked_set)
            echo_acked(c->echo, 1 - d, fwd->acked_off, now, d == 1, &r->echo);
        if (t->payload_len)
            echo_segment(c->echo, d, off, t->payload, t->payload_caplen, t->payload_len, now,
                         p->frame.number, &r->echo);
    }
    if (t->flags & TCP_FIN) {
        if (!fwd->fin_seen) {
            fwd->fin_seen = true;
            fwd->fin_off = end_off;
        }
        r->event = AN_EV_FIN;
        r->peer_fin_seen = rev->fin_seen;
        if (c->echo != NULL)
            echo_acked(c->echo, d, fwd->fin_off, now, d == 1, &r->echo);
    }
}

static bool ends_done(uint8_t s)
{
    return s == TCP_STATE_CLOSED || s == TCP_STATE_TIME_WAIT;
}

/* The end: the echo's final verdict, an iterative server's waiting client, and the
 * connection closed by a RST or by the ACK of the second FIN. */
static void ending(struct analysis *a, struct conn *c, int d, const struct tcp_info *t, int64_t now,
                   struct pkt_analysis *r)
{
    bool checked = c->echo_verify;
    /* The echo of a request sent before the server closed another connection, and
     * completed only after that close: the server did not serve this connection while
     * it served the other one (an iterative server). */
    if (d == 1 && r->echo.rtt_valid && a->last_close_set && a->last_close_stream != c->stream &&
        a->last_close_ns <= now && a->last_close_ns > now - (int64_t)r->echo.rtt_ns) {
        r->waited = true;
        r->waited_for = a->last_close_stream;
    }
    if (d == 1 && checked && (t->flags & (TCP_FIN | TCP_RST))) {
        a->last_close_set = true;
        a->last_close_stream = c->stream;
        a->last_close_ns = now;
    }
    bool ended = (t->flags & TCP_RST) || (d == 1 && (t->flags & TCP_FIN));
    if (ended && checked && c->echo != NULL && !c->echo_closed) {
        echo_result_clear(&r->close_echo);
        echo_close(c->echo, &r->close_echo);
        c->echo_closed = true;
        r->close_done = true;
    }
    const struct flow *rev = &c->f[1 - d];
    bool last_ack = c->f[0].fin_seen && c->f[1].fin_seen && (t->flags & TCP_ACK) &&
                    t->ack == rev->base_seq + 1 + (uint32_t)rev->fin_off + 1;
    r->last_ack = last_ack && !(t->flags & (TCP_FIN | TCP_RST));
    /* Closed: no segment is due any more but retransmissions, each end being CLOSED or
     * in TIME-WAIT (a RST, or the ACK of the second FIN). */
    if (ends_done(c->f[0].state) && ends_done(c->f[1].state))
        conn_set_closed(&a->t, c);
}

/* The frame's stored form (struct frame_rec). */
static void record(struct frame_rec *rec, const struct packet *p, const struct pkt_analysis *r,
                   bool analysed)
{
    const struct tcp_track *tr = &p->track;
    rec->stream = tr->stream;
    rec->rel_seq = tr->rel_seq;
    rec->rel_ack = tr->rel_ack;
    rec->ws_shift = (int8_t)tr->ws_shift;
    rec->bits = FREC_TRACKED | (tr->ack_valid ? FREC_ACK_VALID : 0);
    if (!analysed)
        return;
    rec->bits |=
        FREC_ANALYSED | (r->from_client ? FREC_FROM_CLIENT : 0) | (r->verified ? FREC_ECHO : 0);
    if (r->verified && r->echo.early_mismatch)
        rec->bits |= FREC_EARLY_MISMATCH;
    rec->flags = r->flags;
    if (r->flags & AN_DUP_ACK) {
        uint64_t back = p->frame.number - r->dupack_of;
        rec->dupack_back = back > UINT32_MAX ? UINT32_MAX : (uint32_t)back;
        rec->dupack_num = r->dupack_num;
    }
    rec->event = (uint8_t)r->event;
    for (int i = 0; i < 2; i++) {
        rec->state_before[i] = (uint8_t)r->state_before[i];
        rec->state[i] = (uint8_t)r->state[i];
    }
    rec->echo_verdict = (uint8_t)r->echo.verdict;
    rec->echo_request = r->echo.req_last != 0 ? r->echo.req_last : r->echo.req_first;
}

static void analyse(struct analysis *a, struct conn *c, int d, const struct packet *p,
                    struct pkt_analysis *r)
{
    const struct tcp_info *t = &p->tcp;
    struct flow *fwd = &c->f[d], *rev = &c->f[1 - d];
    int64_t now = frame_ns(&p->frame);
    c->last_ns = now;
    r->valid = true;
    r->stream = c->stream;
    r->from_client = d == 0;
    r->roles_from_syn = c->roles_from_syn;
    r->verified = c->echo_verify;
    r->echo_midstream = c->echo_midstream;
    r->origin_known = fwd->origin_known;
    r->streams = c->echo;
    r->client = c->ep[0];
    r->server = c->ep[1];
    r->seglen = t->payload_len;
    r->rel_seq = p->track.rel_seq;
    r->rel_ack = (t->flags & TCP_ACK) ? p->track.rel_ack : 0;
    r->window = p->track.calc_window;
    r->peer_window_zero = rev->window_set && rev->window == 0;
    struct dupack dup = {0, 0};
    int64_t ooo = c->first_rtt_set ? c->first_rtt_ns : OOO_DEFAULT_NS;
    r->flags |= flags_analyse(fwd, rev, t, r->window, p->frame.number, now, ooo, &dup);
    r->dupack_of = dup.of;
    r->dupack_num = dup.num;
    if (a->opts.track_acks)
        an_unacked_packet(&c->unacked[d], &c->unacked[1 - d], t, (r->flags & AN_LOST_SEGMENT) != 0,
                          p->frame.number, now, &r->acks_frame, &r->ack_rtt_ns,
                          &r->bytes_in_flight);
    if (r->acks_frame != 0)
        ack_rtt_note(c, r->ack_rtt_ns);
    r->event = event_of(c, d, t, now);
    acked_bytes(fwd, rev, t, r);
    if (r->event == AN_EV_OTHER && r->acked && !(t->flags & TCP_FIN))
        r->event = AN_EV_ACK;
    conn_states(c, r->state_before);
    state_update(fwd, rev, t);
    conn_states(c, r->state);
    stream_and_fin(a, c, d, p, now, r);
    ending(a, c, d, t, now, r);
}

/* A TCP header whose fixed part was read, over IPv4 or IPv6: a data offset past the
 * segment's end makes the whole header suspect, and Wireshark too stops before its
 * sequence analysis then. A first fragment's header (tcp.fragmented) is no segment of
 * the connection: Wireshark skips its sequence analysis too. */
static bool trackable(const struct packet *p)
{
    return p->l4 == L4_TCP && p->tcp.hdr_len != 0 && p->tcp.hdr_len <= p->tcp.seg_len &&
           !p->tcp.fragmented && (p->net == NET_IPV4 || p->net == NET_IPV6);
}

/* Accurate ECN: this packet's flags read as ACE when the connection already used it;
 * then what this packet says of it: a SYN with AE, CWR and ECE set asks for it; a
 * SYN/ACK answering with AE:CWR:ECE 010, 011, 100 or 110 agrees (the draft's table of
 * SYN/ACK codepoints); an AccECN option means it is in use. */
static void accecn_note(struct conn *c, const struct tcp_info *tcp, struct tcp_track *tr)
{
    const uint16_t ace = TCP_AE | TCP_CWR | TCP_ECE;
    tr->accecn = c->accecn;
    uint16_t f = tcp->flags & ace;
    if ((tcp->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN)
        c->accecn_syn = f == ace;
    else if ((tcp->flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK) && c->accecn_syn)
        c->accecn =
            f == TCP_CWR || f == (TCP_CWR | TCP_ECE) || f == TCP_AE || f == (TCP_AE | TCP_CWR);
    for (int i = 0; i < tcp->nopts; i++)
        if (tcp->opts[i].kind == TCP_OPT_ACCECN0 || tcp->opts[i].kind == TCP_OPT_ACCECN1)
            c->accecn = true;
}

/* A segment whose fixed header and data offset are sound: its options may have been cut
 * by the snapshot length (Wireshark analyses it all the same: a SYN cut in its options
 * still starts a stream, and the next one is judged against it). A fragment's TCP header, if any,
 * is not a segment: fragments are not reassembled. */
static bool analysable(const struct packet *p)
{
    if (p->tcp.status != LAYER_OK && p->tcp.status != LAYER_TRUNCATED)
        return false;
    return p->net == NET_IPV4 ? !p->ip4.is_fragment : !p->ip6.is_fragment;
}

bool analysis_packet(struct analysis *a, struct packet *p, struct pkt_analysis *r)
{
    memset(&p->track, 0, sizeof p->track);
    /* All but close_echo, which is cleared where close_done is set (readers look at
     * close_done first): 200 bytes less to clear for every packet. */
    _Static_assert(offsetof(struct pkt_analysis, rec) - offsetof(struct pkt_analysis, close_echo) <
                       sizeof r->close_echo + sizeof(void *),
                   "close_echo and rec are pkt_analysis's last members");
    memset(r, 0, offsetof(struct pkt_analysis, close_echo));
    memset(&r->rec, 0, sizeof r->rec);
    if (!trackable(p) || a->t.slots == NULL)
        return false;
    int d;
    uint32_t flags = 0;
    struct conn *c = lookup(a, p, &d, &flags);
    seq_track(&c->f[d], &c->f[1 - d], &p->tcp, c->stream, &p->track);
    accecn_note(c, &p->tcp, &p->track);
    bool analysed = analysable(p);
    if (analysed) {
        r->flags = flags;
        analyse(a, c, d, p, r);
        /* tshark 4.0 hands a retransmission's (a spurious one's too) or an out-of-order
         * segment's payload to no dissector; a fast retransmission's and a keep-alive's
         * it does. */
        const uint32_t undissected =
            AN_RETRANSMISSION | AN_SPURIOUS_RETRANSMISSION | AN_OUT_OF_ORDER;
        p->track.payload_undissected = (r->flags & undissected) && !(r->flags & AN_KEEP_ALIVE);
    }
    record(&r->rec, p, r, analysed);
    if (analysed) { /* for the printers that read the packet alone (-V, the list) */
        p->track.states_valid = true;
        for (int i = 0; i < 2; i++) {
            p->track.state_before[i] = (uint8_t)r->state_before[i];
            p->track.state[i] = (uint8_t)r->state[i];
        }
    }
    /* Options cut by the snapshot length: analysed, so that what follows is judged as
     * Wireshark judges it, but not shown (tshark's Info column loses such a frame's
     * flags too: its dissection stops at the cut). */
    if (p->tcp.status != LAYER_OK)
        r->valid = false;
    return r->valid;
}
