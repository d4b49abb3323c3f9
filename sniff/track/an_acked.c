/*
 * an_acked.c: acknowledged segments and bytes in flight (see an_acked.h), in the order
 * of Wireshark's tcp_analyze_sequence_number: the segment joins its sender's list first,
 * then its ACK is applied to the peer's list, then the bytes in flight are measured.
 * Sequence comparisons are modulo 2^32 (RFC 9293 3.4).
 */
#include "an_acked.h"

#include <stdlib.h>

static bool gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

static void remember(struct an_unacked *u, uint32_t seq, uint32_t nextseq, uint64_t frame,
                     int64_t now)
{
    if (u->n == u->cap) {
        if (u->cap >= AN_UNACKED_MAX)
            return; /* as Wireshark past its bound: not remembered */
        uint32_t cap = u->cap == 0 ? 8 : 2 * u->cap;
        struct an_unacked_seg *s = realloc(u->seg, cap * sizeof *s);
        if (s == NULL)
            return;
        u->seg = s;
        u->cap = cap;
    }
    u->seg[u->n++] = (struct an_unacked_seg){seq, nextseq, frame, now};
}

/* The ACK ack applied to the peer's segments, newest first as Wireshark walks them: an
 * exact end is the segment acknowledged (the oldest of equal ends wins, as there), a
 * segment covered is forgotten, one covered in part starts at ack. */
static void apply_ack(struct an_unacked *rev, uint32_t ack, int64_t now, uint64_t *acks_frame,
                      int64_t *ack_rtt_ns)
{
    uint32_t keep = rev->n;
    for (uint32_t i = rev->n; i-- > 0;) {
        struct an_unacked_seg *s = &rev->seg[i];
        if (ack == s->nextseq) {
            *acks_frame = s->frame;
            *ack_rtt_ns = now - s->ns;
        } else if (gt(ack, s->seq) && !gt(ack, s->nextseq)) {
            s->seq = ack;
            continue;
        } else if (gt(s->nextseq, ack)) {
            continue;
        }
        s->frame = 0; /* acknowledged: forgotten below */
        keep--;
    }
    if (keep == rev->n)
        return;
    uint32_t k = 0;
    for (uint32_t i = 0; i < rev->n; i++)
        if (rev->seg[i].frame != 0)
            rev->seg[k++] = rev->seg[i];
    rev->n = k;
}

/* The span of the sender's unacknowledged sequence numbers. */
static uint32_t in_flight(const struct an_unacked *u)
{
    uint32_t first = u->seg[0].seq, last = u->seg[0].nextseq;
    for (uint32_t i = 1; i < u->n; i++) {
        if (gt(u->seg[i].nextseq, last))
            last = u->seg[i].nextseq;
        if (gt(first, u->seg[i].seq))
            first = u->seg[i].seq;
    }
    return last - first;
}

void an_unacked_packet(struct an_unacked *fwd, struct an_unacked *rev, const struct tcp_info *t,
                       bool lost, uint64_t frame, int64_t now, uint64_t *acks_frame,
                       int64_t *ack_rtt_ns, uint32_t *bytes_in_flight)
{
    bool synfin = (t->flags & (TCP_SYN | TCP_FIN)) != 0;
    uint32_t seglen = t->payload_len;
    if (lost)
        fwd->bif_off = true; /* until an ACK comes back the other way */
    if (t->flags & TCP_ACK)
        rev->bif_off = false;
    if (seglen != 0 || synfin)
        remember(fwd, t->seq, t->seq + seglen + (synfin ? 1 : 0), frame, now);
    if (t->flags & TCP_ACK)
        apply_ack(rev, t->ack, now, acks_frame, ack_rtt_ns);
    if (seglen != 0 && fwd->n > 0 && !fwd->bif_off) {
        uint32_t b = in_flight(fwd);
        if (b > 0 && b < 2000000000u)
            *bytes_in_flight = b - (synfin ? 1 : 0); /* SYN and FIN are not bytes */
    }
}

void an_unacked_free(struct an_unacked *u)
{
    free(u->seg);
    u->seg = NULL;
    u->n = u->cap = 0;
}
