/*
 * tcp_state.c: each end's TCP state (RFC 9293 3.3.2, Figure 5), moved by the segments
 * seen (see conn.h for what that can and cannot tell).
 *
 * A segment moves its sender by what sending it implies (a SYN: SYN-SENT; a FIN:
 * FIN-WAIT-1 or LAST-ACK) and its receiver by RFC 9293 3.10.7.4's processing of an
 * arriving segment, in its order: the ACK field first (it may acknowledge the receiver's
 * SYN or FIN), then the FIN. The ACK field also says what the sender had received when
 * it sent: a FIN that does not acknowledge the peer's FIN was sent before that FIN
 * arrived, so its sender went from ESTABLISHED to FIN-WAIT-1 and then, on the peer's
 * FIN, to CLOSING (a simultaneous close), whatever order the capture shows them in. A
 * segment that needs an earlier one the capture missed (an ACK of a SYN-ACK never seen)
 * is taken as proof that the earlier one was sent.
 */
#include "tcp_state.h"

#include "tcp_seq.h"

/* What the segment acknowledges of its receiver's: the SYN (any ACK does when the SYN
 * was not seen: a synchronised peer sent it), and the FIN. */
struct acks {
    bool syn, fin;
};

static struct acks acks_of(const struct flow *rcv, const struct tcp_info *t)
{
    struct acks a = {false, false};
    if (!(t->flags & TCP_ACK))
        return a;
    a.syn = !rcv->syn || seq_gt(t->ack, rcv->base_seq);
    /* The FIN's sequence number: its stream offset past the ISN's byte. */
    uint32_t fin_seq = rcv->base_seq + 1u + (uint32_t)rcv->fin_off;
    a.fin = rcv->fin_seen && seq_gt(t->ack, fin_seq);
    return a;
}

/* The sender's close(): FIN. */
static uint8_t sender_fin(uint8_t s, const struct flow *rcv, struct acks a)
{
    switch (s) {
    case TCP_STATE_ESTABLISHED:
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_SYN_SENT: /* a handshake the capture only partly saw */
        return TCP_STATE_FIN_WAIT_1;
    case TCP_STATE_CLOSE_WAIT:
        /* Not acknowledging the peer's FIN: sent before that FIN arrived. */
        return a.fin ? TCP_STATE_LAST_ACK : TCP_STATE_CLOSING;
    case TCP_STATE_UNKNOWN: /* mid-stream: the first evidence */
        if (!rcv->fin_seen)
            return TCP_STATE_FIN_WAIT_1;
        return a.fin ? TCP_STATE_LAST_ACK : TCP_STATE_CLOSING;
    default:
        return s; /* the same FIN again */
    }
}

/* What sending the segment implies of its sender. */
static uint8_t sender(uint8_t s, const struct flow *rcv, const struct tcp_info *t, struct acks a)
{
    uint16_t f = t->flags;
    if ((f & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        /* connect(); if the peer's SYN came first, it crossed this one (a simultaneous
         * open) and arrives after it: SYN-SENT, then SYN-RECEIVED. */
        if (s == TCP_STATE_UNKNOWN || s == TCP_STATE_CLOSED)
            s = rcv->syn ? TCP_STATE_SYN_RECEIVED : TCP_STATE_SYN_SENT;
    } else if (f & TCP_SYN) {
        /* SYN-ACK: it received the peer's SYN (LISTEN, or SYN-SENT in a simultaneous
         * open) and answers; SYN-RECEIVED until its own SYN is acknowledged. */
        if (s == TCP_STATE_UNKNOWN || s == TCP_STATE_CLOSED || s == TCP_STATE_SYN_SENT)
            s = TCP_STATE_SYN_RECEIVED;
    } else if (f & TCP_ACK) {
        /* A synchronised segment from an end still opening: the capture missed the
         * segment that synchronised it. */
        if (s == TCP_STATE_SYN_SENT)
            s = TCP_STATE_ESTABLISHED; /* it received a SYN-ACK */
        else if (s == TCP_STATE_UNKNOWN && rcv->syn && a.syn)
            s = TCP_STATE_SYN_RECEIVED; /* it answered the SYN */
    }
    return (f & TCP_FIN) ? sender_fin(s, rcv, a) : s;
}

/* What receiving the segment does to its receiver (RFC 9293 3.10.7.4: ACK, then FIN). */
static uint8_t receiver(uint8_t s, const struct tcp_info *t, struct acks a)
{
    uint16_t f = t->flags;
    if ((f & (TCP_SYN | TCP_ACK)) == TCP_SYN) {
        /* A listener's SYN-RECEIVED shows only in its answer; LISTEN never shows. */
        return s == TCP_STATE_SYN_SENT ? TCP_STATE_SYN_RECEIVED : s; /* simultaneous open */
    }
    if (a.syn && (s == TCP_STATE_SYN_SENT || s == TCP_STATE_SYN_RECEIVED ||
                  (s == TCP_STATE_UNKNOWN && (f & TCP_SYN))))
        s = TCP_STATE_ESTABLISHED;
    if (a.fin) {
        if (s == TCP_STATE_FIN_WAIT_1)
            s = TCP_STATE_FIN_WAIT_2;
        else if (s == TCP_STATE_CLOSING)
            s = TCP_STATE_TIME_WAIT;
        else if (s == TCP_STATE_LAST_ACK)
            s = TCP_STATE_CLOSED;
    }
    if (!(f & TCP_FIN))
        return s;
    switch (s) {
    case TCP_STATE_ESTABLISHED:
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_UNKNOWN: /* mid-stream: the first evidence */
        return TCP_STATE_CLOSE_WAIT;
    case TCP_STATE_FIN_WAIT_1:
        return TCP_STATE_CLOSING;
    case TCP_STATE_FIN_WAIT_2:
        return TCP_STATE_TIME_WAIT;
    default:
        return s;
    }
}

void state_update(struct flow *snd, struct flow *rcv, const struct tcp_info *t)
{
    if (t->flags & TCP_RST) {
        /* Abort: the sender deletes its connection, the receiver too once the RST is
         * accepted (RFC 9293 3.10.7.4: in the window; sniff assumes it was). */
        snd->state = rcv->state = TCP_STATE_CLOSED;
        return;
    }
    struct acks a = acks_of(rcv, t);
    snd->state = sender(snd->state, rcv, t, a);
    rcv->state = receiver(rcv->state, t, a);
}
