/*
 * tcp_seq.c: each flow's sequence space, the one place sniff computes Wireshark's
 * relative sequence and acknowledgment numbers and negotiates window scaling.
 *
 * Relative numbers follow Wireshark's rules (packet-tcp.c): a SYN fixes its direction's
 * base to its ISN, so the SYN is Seq=0 and the first data byte Seq=1; a direction first
 * seen without its SYN takes base = seq - 1 (or, from the peer's ACK, ack - 1), so its
 * first segment shows Seq=1. Window scaling (RFC 7323 2.2) applies only when both SYNs
 * carried the option: then a sender's window field is shifted by the count it announced;
 * windows in SYNs are never scaled.
 */
#include "tcp_seq.h"

#include <string.h>

#include "analysis.h"

void seq_track(struct flow *fwd, struct flow *rev, const struct tcp_info *tcp, uint32_t stream,
               struct tcp_track *tr)
{
    bool syn = (tcp->flags & TCP_SYN) != 0, ack = (tcp->flags & TCP_ACK) != 0;
    if (syn) {
        if (!fwd->base_set || tcp->seq != fwd->base_seq) {
            fwd->base_seq = tcp->seq;
            fwd->base_set = true;
        }
        /* The first SYN of a direction fixes its scale; a retransmitted or stray SYN
         * does not change what was negotiated (as in Wireshark). */
        if (!fwd->syn) {
            /* RFC 7323 2.3: a shift over 14 is treated as 14. */
            if (tcp->has_ws)
                fwd->win_scale = (int8_t)(tcp->ws_shift > 14 ? 14 : tcp->ws_shift);
            else
                fwd->win_scale = -2;
            /* Scaling needs both SYNs to carry the option; a SYN/ACK without it says
             * so for both directions, its SYN seen or not (as Wireshark). */
            if (fwd->win_scale == -2 && (rev->win_scale >= 0 || ack))
                rev->win_scale = -2;
            if (rev->win_scale == -2)
                fwd->win_scale = -2;
        }
        fwd->syn = true;
        fwd->origin_known = true;
    } else if (!fwd->base_set) {
        fwd->base_seq = tcp->seq - 1;
        fwd->base_set = true;
    }
    if (ack && !rev->base_set) {
        rev->base_seq = tcp->ack - 1;
        rev->base_set = true;
        /* A SYN-ACK acknowledges exactly the peer's SYN: ack - 1 is the peer's ISN. */
        rev->origin_known = syn;
    }

    tr->valid = true;
    tr->stream = stream;
    tr->rel_seq = tcp->seq - fwd->base_seq;
    tr->ack_valid = ack && rev->base_set;
    tr->rel_ack = tr->ack_valid ? tcp->ack - rev->base_seq : 0;
    tr->ws_shift = syn ? -1 : fwd->win_scale;
    seq_track_derived(tcp, tr);
}

void seq_track_derived(const struct tcp_info *tcp, struct tcp_track *tr)
{
    bool syn = (tcp->flags & TCP_SYN) != 0;
    tr->next_rel_seq =
        tr->rel_seq + tcp->payload_len + (syn ? 1u : 0u) + ((tcp->flags & TCP_FIN) ? 1u : 0u);
    if (!syn && tr->ws_shift >= 0)
        tr->calc_window = (uint64_t)tcp->window << tr->ws_shift;
    else
        tr->calc_window = tcp->window;
}

void frame_rec_track(const struct frame_rec *rec, const struct tcp_info *t, struct tcp_track *tr)
{
    memset(tr, 0, sizeof *tr);
    if (!(rec->bits & FREC_TRACKED))
        return;
    tr->valid = true;
    tr->stream = rec->stream;
    tr->rel_seq = rec->rel_seq;
    tr->ack_valid = (rec->bits & FREC_ACK_VALID) != 0;
    tr->rel_ack = tr->ack_valid ? rec->rel_ack : 0;
    /* -1: no scale option seen; else 0..14, read as a byte */
    tr->ws_shift = rec->ws_shift < 0 ? -1 : (int32_t)(uint8_t)rec->ws_shift;
    seq_track_derived(t, tr);
    if (rec->bits & FREC_ANALYSED) { /* both ends' states, as analysis_packet sets them */
        tr->states_valid = true;
        for (int i = 0; i < 2; i++) {
            tr->state_before[i] = rec->state_before[i];
            tr->state[i] = rec->state[i];
        }
    }
}

uint64_t seq_stream_off(const struct flow *f, uint32_t seq)
{
    uint32_t rel = seq - f->base_seq - 1;
    int64_t off = (int64_t)f->off_ref + (int32_t)(rel - (uint32_t)f->off_ref);
    return off < 0 ? 0 : (uint64_t)off;
}
