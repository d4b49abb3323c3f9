/*
 * ann_teach.c: what a lecture on TCP explains, said once per connection on the packet
 * where it first matters (annotate.h): the ISN behind relative numbers, the SYN's
 * options, Ack as the next byte expected, window scaling, PSH, an ACK on its own or
 * riding on data, bytes in flight, delayed ACK and Nagle's algorithm where the timing
 * shows their pattern. Where a pattern has other explanations, the sentence says "the
 * pattern of", never that it is so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ann_int.h"

#define DELAYED_ACK_NS 20000000LL /* an ACK later than this after its segment */
#define NAGLE_WAIT_NS 5000000LL   /* small data that waited this long for its ACK */
#define NAGLE_NEXT_NS 500000LL    /* and the next segment within this after the ACK */

static struct lb lesson(struct ann_ctx *x)
{
    return ann_line(x->L, ANN_LESSON);
}

/* Lesson l in one sentence, the first time this connection needs it. */
static void teach(struct ann_ctx *x, uint32_t l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void teach(struct ann_ctx *x, uint32_t l, const char *fmt, ...)
{
    if (!ann_teach(x, l))
        return;
    struct lb b = lesson(x);
    va_list ap;
    va_start(ap, fmt);
    lb_vprintf(&b, fmt, ap);
    va_end(ap);
}

static void syn_options(struct ann_ctx *x)
{
    const struct tcp_info *t = &x->p->tcp;
    if (!(t->has_mss || t->has_sack_perm || t->has_ts || t->has_ws) || !ann_teach(x, L_SYN_OPTS))
        return;
    struct lb b = lesson(x);
    lb_printf(&b, "The SYN's options tell the server what the client can do:");
    const char *sep = " ";
    if (t->has_mss) {
        lb_printf(&b,
                  "%sMSS=%u, the largest segment payload it will receive (usually its "
                  "interface's MTU less %u bytes of IP and TCP headers: %u)",
                  sep, t->mss, x->p->net == NET_IPV6 ? 60u : 40u,
                  t->mss + (x->p->net == NET_IPV6 ? 60u : 40u));
        sep = "; ";
    }
    if (t->has_sack_perm) {
        lb_printf(&b,
                  "%sSACK_PERM, it can acknowledge blocks that arrive beyond a gap "
                  "(selective acknowledgment, RFC 2018)",
                  sep);
        sep = "; ";
    }
    if (t->has_ts) {
        lb_printf(&b,
                  "%sTSval/TSecr, timestamps (RFC 7323) each side echoes back, to time "
                  "round trips and reject old duplicates",
                  sep);
        sep = "; ";
    }
    if (t->has_ws) {
        unsigned sh = t->ws_shift > 14 ? 14 : t->ws_shift;
        lb_printf(&b,
                  "%sWS=%u, it will scale its window by %u (a shift of %u) if the server's "
                  "SYN-ACK carries WS too (RFC 7323)",
                  sep, 1u << sh, 1u << sh, sh);
    }
    lb_printf(&b, ".");
}

void ann_teach_syn(struct ann_ctx *x)
{
    const struct pkt_analysis *r = x->r;
    if (r->state[1] == TCP_STATE_UNKNOWN)
        teach(x, L_UNKNOWN,
              "server UNKNOWN: no packet from the server yet shows whether a socket "
              "listens there (a SYN-ACK will say it does, a RST that none does).");
    teach(x, L_ISN,
          "Seq=0 is relative, as Wireshark shows it: the client's initial sequence "
          "number (ISN) is %u, chosen by its kernel to be hard to guess (RFC 9293 "
          "3.4.1, RFC 6528); this connection's client Seq and server Ack numbers are "
          "counted from it.",
          x->p->tcp.seq);
    syn_options(x);
}

void ann_teach_synack(struct ann_ctx *x)
{
    const struct tcp_info *t = &x->p->tcp;
    teach(x, L_SERVER_ISN,
          "Ack=1: the client's SYN took sequence number 0, so the next byte the server "
          "expects is Seq=1 (an Ack is always the next byte its sender expects). The "
          "server's own ISN is %u: its Seq=0.",
          t->seq);
    if (!ann_teach(x, L_WSCALE))
        return;
    /* RFC 7323 2.2: a SYN-ACK carries WS only if the SYN did. */
    if (t->has_ws) {
        unsigned sh = t->ws_shift > 14 ? 14 : t->ws_shift;
        struct lb b = lesson(x);
        lb_printf(&b,
                  "Window scaling is on (both SYNs carry WS, RFC 7323): from now on Win= is the "
                  "16-bit header field times its sender's scale (the server's WS=%u is 1 << %u), "
                  "so windows can pass 64 KiB.",
                  1u << sh, sh);
    } else if (x->p->track.ws_shift == -2) {
        struct lb b = lesson(x);
        lb_printf(&b, "No WS in both SYNs: window scaling is off, so Win= is the raw 16-bit "
                      "field, at most 65535 bytes.");
    }
}

/* A pure ACK left long after the segment it acknowledges, and acknowledges it alone. */
static void delayed_ack(struct ann_ctx *x)
{
    const struct ann_side *peer = &x->c->side[1 - x->me];
    const struct pkt_analysis *r = x->r;
    if (r->seglen || (x->p->tcp.flags & (TCP_SYN | TCP_FIN | TCP_RST | TCP_ACK)) != TCP_ACK ||
        r->acked == 0)
        return;
    for (int i = 0; i < ANN_SENT; i++) {
        if (peer->sent_ns[i] == 0 || peer->sent_end[i] != r->rel_ack)
            continue;
        int64_t d = x->now - peer->sent_ns[i];
        bool alone = !peer->acked_set || peer->acked == peer->sent_seq[i];
        if (d < DELAYED_ACK_NS || !alone || !ann_teach(x, L_DELAYED_ACK))
            return;
        struct lb b = lesson(x);
        lb_printf(&b, "This ACK left ");
        lb_dur(&b, d);
        lb_printf(&b, " after the segment it acknowledges, with no data: the pattern of a delayed "
                      "ACK. A receiver may hold its ACK, hoping to send it with data or to "
                      "acknowledge two segments at once (RFC 9293 3.8.6.3: less than 0.5 s; "
                      "Linux waits 40 to 200 ms).");
        return;
    }
}

void ann_teach_ack(struct ann_ctx *x)
{
    const struct pkt_analysis *r = x->r;
    if (r->event == AN_EV_ACK && !r->last_ack) {
        teach(x, L_ACK_NEXT,
              "Ack=%u: the %s has every byte of the %s's up to Seq=%u and expects Seq=%u "
              "next; one ACK covers all the bytes before it (cumulative).",
              r->rel_ack, x->me_s, x->peer_s, r->rel_ack - 1, r->rel_ack);
        teach(x, L_SEPARATE_ACK,
              "A separate ACK, with no data: the %s's kernel acknowledges what reached "
              "its receive buffer, whether the application has read it or not, and "
              "before the application has anything to send.",
              x->me_s);
    }
    delayed_ack(x);
}

/* Small data sent right after a bare ACK caught up with small data that waited for it. */
static void nagle(struct ann_ctx *x)
{
    const struct ann_side *s = &x->c->side[x->me], *peer = &x->c->side[1 - x->me];
    uint32_t small = peer->mss ? peer->mss : 536;
    if (!s->caught_up_bare || s->caught_up_ns == 0 || x->r->seglen >= small ||
        x->now - s->caught_up_ns > NAGLE_NEXT_NS || s->caught_wait_ns < NAGLE_WAIT_NS ||
        !ann_teach(x, L_NAGLE))
        return;
    struct lb b = lesson(x);
    lb_printf(&b, "Sent ");
    lb_dur(&b, x->now - s->caught_up_ns);
    lb_printf(&b, " after the %s's ACK of all the %s's earlier data, which had waited ", x->peer_s,
              x->me_s);
    lb_dur(&b, s->caught_wait_ns);
    lb_printf(&b, " for it: the pattern of Nagle's algorithm (RFC 896, RFC 9293 3.7.4): while "
                  "data is unacknowledged, the kernel holds new data smaller than a full "
                  "segment until the ACK comes (Linux holds it only while a small segment is "
                  "unacknowledged; the TCP_NODELAY socket option turns it off). Against a "
                  "receiver that delays its ACKs, each such exchange waits for the ACK timer.");
}

void ann_teach_data(struct ann_ctx *x)
{
    const struct pkt_analysis *r = x->r;
    const struct tcp_info *t = &x->p->tcp;
    const struct ann_side *s = &x->c->side[x->me];
    if (r->from_client && r->verified)
        teach(x, L_REQUEST,
              "sniff calls the new bytes of each client segment a request and checks "
              "that the server sends the same bytes back, in order; it cannot see the "
              "application's messages, only the bytes.");
    if ((t->flags & TCP_PSH))
        teach(x, L_PSH,
              "PSH (push): the %s's kernel asks that the data be handed on without "
              "waiting for more. Linux sets it on the last segment of what it had queued "
              "when a write() returned, and inside a long write when much is unpushed: a "
              "hint at the end of a write, not a mark of it. The receiving kernel makes "
              "data available to read() whether PSH is set or not.",
              x->me_s);
    if (r->acked)
        teach(x, L_PIGGYBACK,
              "Its ACK field also acknowledges %llu bytes of the %s's (Ack=%u): an ACK "
              "riding on data (piggybacked) saves a separate segment.",
              (unsigned long long)r->acked, x->peer_s, r->rel_ack);
    uint32_t before = ann_in_flight(s);
    if (before > 0)
        teach(x, L_IN_FLIGHT,
              "Bytes in flight: with this segment the %s has %llu bytes sent and not yet "
              "acknowledged. TCP sends on without waiting for each ACK, up to the %s's "
              "advertised window (its last Win=) and its own congestion window (which is "
              "not on the wire).",
              x->me_s, (unsigned long long)before + r->seglen, x->peer_s);
    nagle(x);
}
