/*
 * ann_data.c: the sentence of a TCP segment that carries data (ann_tcp.c says the rest):
 * which bytes of the sender's stream it holds and what they are, the echo verdict
 * (ann_echo.c), whether it can be tied to one write(), what a retransmission resends,
 * and what the window flags add.
 *
 * A segment carries bytes of a stream, not a send(): it is tied to one write() only
 * when it went out alone, after a pause, with PSH, and then only "probably"; a
 * retransmission is the kernel's, not the application's, and its cause (spurious, fast
 * retransmit, the RTO's expiry) is said as the analysis flags and the times show it.
 */
#include <stdio.h>

#include "ann_int.h"

#define IDLE_NS 1000000LL /* 1 ms without data from a side: its next segment starts anew */

static void segment_lesson(struct ann_ctx *x, struct lb *b)
{
    if (ann_teach(x, L_SEGMENT))
        lb_printf(b, "; a segment is not a send(), and the receiver's read() may return more "
                     "or less than one segment");
}

/* Whether the segment can be tied to one write(): alone, after a pause, with PSH. */
static void write_guess(struct ann_ctx *x, struct lb *b)
{
    const struct ann_side *s = &x->c->side[x->me];
    const struct tcp_info *t = &x->p->tcp;
    int64_t gap = s->data_seen ? x->now - s->last_data_ns : -1;
    if (gap < 0 && !x->r->origin_known) {
        /* its first data in the capture, but not on the connection: what came before,
         * and how long before, the capture did not see */
        lb_printf(b,
                  ". The %s's SYN was not captured: whether this segment followed a "
                  "pause, and how many write() calls made it, the wire does not show",
                  x->me_s);
        return;
    }
    bool idle = gap < 0 || gap >= IDLE_NS;
    /* Right after an ACK that caught up, or after flow control held the sender back, one
     * segment may carry several writes that waited (Nagle, a full window). */
    bool waited = s->held_back || (s->caught_up_ns != 0 && x->now - s->caught_up_ns < IDLE_NS);
    if ((t->flags & TCP_PSH) && idle && ann_in_flight(s) == 0 && !waited) {
        lb_printf(b, ". Probably one write() or send() of %u bytes: the segment went out alone, ",
                  x->r->seglen);
        if (gap < 0) {
            lb_printf(b, "the %s's first data", x->me_s);
        } else {
            lb_dur(b, gap);
            lb_printf(b, " after the %s's previous data", x->me_s);
        }
        lb_printf(b, ", with PSH");
        return;
    }
    if (!(t->flags & TCP_PSH)) {
        lb_printf(b, ". No PSH: its kernel had more queued right behind it (or the application "
                     "asked it to wait for more: MSG_MORE, TCP_CORK); the kernel cuts what the "
                     "application writes (one large write or several) into segments");
        segment_lesson(x, b);
        return;
    }
    if (!idle) {
        lb_printf(b, ". ");
        lb_dur(b, gap);
        lb_printf(b, " after the %s's previous data", x->me_s);
        if (!s->last_data_psh)
            lb_printf(b, ", which had no PSH: this segment ends a burst; the kernel cut what "
                         "the application wrote (one large write or several) into segments");
        else
            lb_printf(b, ": one write(), several, or the rest of a larger one: the wire "
                         "cannot tell which");
        segment_lesson(x, b);
        return;
    }
    if (waited)
        lb_printf(b,
                  ". It left right after the %s's ACK of earlier data, or after flow control "
                  "held it back: several writes may have waited for it, so how many write() "
                  "calls made these bytes, the wire does not show",
                  x->peer_s);
    else
        lb_printf(b,
                  ". The %s's earlier data was still unacknowledged: how many write() calls "
                  "made these bytes, the wire does not show",
                  x->me_s);
}

static void retrans_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    const struct ann_side *s = &x->c->side[x->me];
    lb_printf(b, "the %s's kernel sends ", x->me_s);
    if (r->seglen)
        lb_printf(b, "bytes %llu-%llu again", (unsigned long long)r->stream_off,
                  (unsigned long long)(r->stream_off + r->seglen - 1));
    else
        lb_printf(b, "its FIN again");
    lb_printf(b, " (a retransmission: the application wrote them once; the kernel keeps them "
                 "until they are acknowledged)");
    int64_t last = 0, prev_gap = 0;
    if (s->rx_count > 0 && s->rx_seq == r->rel_seq) {
        last = s->rx_ns;
        prev_gap = s->rx_gap_ns;
    } else {
        (void)ann_sent_at(s, r->rel_seq, &last);
    }
    if (r->flags & AN_SPURIOUS_RETRANSMISSION) {
        lb_printf(b,
                  ", though the %s had already acknowledged them (a spurious retransmission: "
                  "the ACK came late or was lost)",
                  x->peer_s);
    } else if (r->flags & AN_FAST_RETRANSMISSION) {
        lb_printf(b,
                  ", after the %s's duplicate ACKs, without waiting for its timer (fast "
                  "retransmit, RFC 5681)",
                  x->peer_s);
    } else if (last != 0) {
        lb_printf(b, ", ");
        lb_dur(b, x->now - last);
        lb_printf(b,
                  " after their last transmission with no ACK for them: the %s's "
                  "retransmission timer (RTO, RFC 6298) expired",
                  x->me_s);
        int64_t gap = x->now - last;
        if (prev_gap > 0 && gap * 10 >= prev_gap * 16 && gap * 10 <= prev_gap * 24 &&
            ann_teach(x, L_RTO)) {
            lb_printf(b, ". It waited about twice as long as before (");
            lb_dur(b, prev_gap);
            lb_printf(b, ", then ");
            lb_dur(b, gap);
            lb_printf(b, "): the timer doubles at each retry (exponential backoff, RFC 6298 "
                         "5.5)");
        }
    }
}

static void data_line(struct ann_ctx *x, struct lb *b)
{
    const struct pkt_analysis *r = x->r;
    if (r->flags & AN_ANY_RETRANSMISSION) {
        retrans_line(x, b);
        return;
    }
    lb_printf(b, "%s data: bytes %llu-%llu of its stream", x->me_s,
              (unsigned long long)r->stream_off,
              (unsigned long long)(r->stream_off + r->seglen - 1));
    if (!r->origin_known)
        lb_printf(b, " as captured");
    if (r->stream_off == 0 && r->origin_known)
        lb_printf(b, " (byte 0 is Seq=1)");
    else if (r->stream_off == 0)
        lb_printf(b, " (counted from this segment, Seq=1: its SYN was not captured, so bytes "
                     "sent before it, if any, are not counted)");
    lb_printf(b, ", %u bytes ", r->seglen);
    if (x->an->redact)
        lb_printf(b, "[redacted]");
    else
        lb_quote(b, x->p->tcp.payload, x->p->tcp.payload_caplen, x->p->tcp.payload_len);
    if (r->flags & AN_OUT_OF_ORDER)
        lb_printf(b, ", sent after later bytes: out of order (reordered on the way, or resent "
                     "soon after)");
    if (r->from_client)
        ann_echo_client(x, b);
    else
        ann_echo_server(x, b);
    write_guess(x, b);
}

/* What the analysis flags add to a segment that carries data. */
static void data_flag_notes(struct ann_ctx *x, struct lb *b)
{
    if (x->r->flags & AN_WINDOW_FULL)
        lb_printf(b,
                  "; it fills the %s's advertised window: the %s's kernel sends no more until "
                  "the %s acknowledges data or opens its window",
                  x->peer_s, x->me_s, x->peer_s);
    if (x->r->flags & AN_ZERO_WINDOW)
        lb_printf(b,
                  "; Win=0 in its own header: the %s's receive buffer is full (its application "
                  "has not read what arrived), so the %s must stop sending",
                  x->me_s, x->peer_s);
}

void ann_data(struct ann_ctx *x, struct lb *b)
{
    data_line(x, b);
    data_flag_notes(x, b);
}
