/*
 * tcp_flags.c: Wireshark's TCP analysis flags (see analysis.h, enum an_flag).
 *
 * The conditions restate Wireshark's published definitions (User's Guide 7.5, and the
 * comments of packet-tcp.c's tcp_analyze_sequence_number) in our own code, in the same
 * order, because the order matters: a Zero Window Probe is never also a Dup ACK, a
 * Keep-Alive is never a retransmission. Each flow keeps what those definitions need
 * (conn.h, struct flow): the next expected sequence number and when it was set, the
 * highest sequence number the peer may acknowledge, the last ACK and window sent, and
 * the Dup ACK count. Sequence comparisons are modulo 2^32 (RFC 9293 3.4).
 */
#include "tcp_flags.h"

#include <stddef.h>

#include "analysis.h"
#include "tcp_seq.h"

/* Wireshark's definitions use this limit: a retransmission within 20 ms of the third
 * Dup ACK is a fast one. */
#define FAST_RETRANS_NS 20000000LL

/* Wireshark prepends each flag's text to the Info column in this order (reused ports,
 * retransmissions, lost segments, window, keep-alive, Dup ACK, zero window), so the last
 * one listed ends up first. */
static const struct {
    uint32_t bit;
    const char *text;
    const char *field;
} flag_table[AN_NFLAGS] = {
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

const uint32_t an_flag_order[AN_NFLAGS] = {
    AN_PORTS_REUSED,      AN_RETRANSMISSION, AN_FAST_RETRANSMISSION,   AN_SPURIOUS_RETRANSMISSION,
    AN_OUT_OF_ORDER,      AN_LOST_SEGMENT,   AN_ACKED_UNSEEN,          AN_WINDOW_UPDATE,
    AN_WINDOW_FULL,       AN_KEEP_ALIVE,     AN_KEEP_ALIVE_ACK,        AN_DUP_ACK,
    AN_ZERO_WINDOW_PROBE, AN_ZERO_WINDOW,    AN_ZERO_WINDOW_PROBE_ACK,
};

const char *an_flag_field(uint32_t bit)
{
    for (size_t i = 0; i < AN_NFLAGS; i++)
        if (flag_table[i].bit == bit)
            return flag_table[i].field;
    return NULL;
}

const char *an_flag_info(uint32_t bit)
{
    for (size_t i = 0; i < AN_NFLAGS; i++)
        if (flag_table[i].bit == bit)
            return flag_table[i].text;
    return NULL;
}

/* The conditions judged against the sender's own previous segment, up to Dup ACK. */
static uint32_t fwd_flags(struct flow *fwd, const struct flow *rev, const struct tcp_info *t,
                          uint64_t win, struct dupack *dup)
{
    uint32_t seq = t->seq, ack = t->ack, seglen = t->payload_len;
    bool sfr = (t->flags & (TCP_SYN | TCP_FIN | TCP_RST)) != 0;
    bool same_seq = fwd->nextseq_set && seq == fwd->nextseq;
    bool same_ack = fwd->lastack_set && ack == fwd->lastack;
    uint32_t ta = 0;

    /* Zero Window Probe: the next expected byte, alone, while the peer's window is 0. */
    if (seglen == 1 && same_seq && rev->window_set && rev->window == 0)
        return AN_ZERO_WINDOW_PROBE;
    /* Zero Window: window 0 on a segment that is not SYN, FIN or RST. */
    if (win == 0 && !sfr)
        ta |= AN_ZERO_WINDOW;
    /* Previous segment not captured: beyond the next expected sequence number. */
    if (fwd->nextseq_set && seq_gt(seq, fwd->nextseq) && !(t->flags & TCP_RST))
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
        (rev->lastsegflags & AN_KEEP_ALIVE) && !sfr)
        return ta | AN_KEEP_ALIVE_ACK;
    /* Zero Window Probe ACK: repeats the zero window, answering a probe. */
    if (seglen == 0 && win == 0 && fwd->window_set && fwd->window == 0 && same_seq &&
        (same_ack || (fwd->lastack_set && ack == fwd->lastack + 1)) &&
        (rev->lastsegflags & AN_ZERO_WINDOW_PROBE) && !sfr)
        return ta | AN_ZERO_WINDOW_PROBE_ACK;
    /* Dup ACK: no data, same SEQ, ACK and non-zero window as the previous segment. */
    if (seglen == 0 && win && fwd->window_set && win == fwd->window && same_seq && same_ack &&
        !sfr) {
        fwd->dupacknum = fwd->dupacknum < 0 ? 1 : fwd->dupacknum + 1;
        ta |= AN_DUP_ACK;
        dup->num = (uint32_t)fwd->dupacknum;
        dup->of = fwd->lastnondupack;
    }
    return ta;
}

/* ACKed unseen segment: acknowledges beyond anything seen from the peer. Once per hole:
 * if the peer sent more since the last report, the bound moves up to it and this is
 * reported; if not, it is reported only when the peer's Dup ACK count is 0, and that
 * count is set to -1 so the same hole is not reported again while the peer keeps
 * acknowledging the same byte (Wireshark 4.0's behaviour, checked with tshark). */
static uint32_t acked_unseen(struct flow *rev, const struct tcp_info *t)
{
    if (!rev->maxseq_set || !seq_gt(t->ack, rev->maxseqtobeacked) || !(t->flags & TCP_ACK))
        return 0;
    if (rev->nextseq_set && rev->nextseq != rev->maxseqtobeacked) {
        rev->maxseqtobeacked = rev->nextseq;
        return AN_ACKED_UNSEEN;
    }
    uint32_t ta = rev->dupacknum == 0 ? AN_ACKED_UNSEEN : 0;
    rev->dupacknum = -1;
    return ta;
}

/* Spurious Retransmission, Fast Retransmission, Out-Of-Order, Retransmission: data (or
 * SYN/FIN) at or below what was already seen. A Keep-Alive is none of them. */
static uint32_t retransmission(const struct flow *fwd, const struct flow *rev,
                               const struct tcp_info *t, int64_t now, int64_t ooo_ns)
{
    uint32_t seq = t->seq, seglen = t->payload_len;
    uint32_t sf = (t->flags & (TCP_SYN | TCP_FIN)) ? 1 : 0;
    bool not_advanced = fwd->nextseq_set && seq_lt(seq, fwd->nextseq);
    /* More than one byte starting one before the next expected: new data after a probe,
     * not a retransmission (a spurious one is still reported). */
    if (seglen > 1 && fwd->nextseq_set && fwd->nextseq - 1 == seq)
        not_advanced = false;
    /* Unsigned, as in Wireshark: a frame stamped before the reference (clocks do go
     * backwards in captures) is "long after" it, never within the limit. */
    uint64_t t_ack = (uint64_t)now - (uint64_t)rev->lastack_ns;
    uint64_t t_seq = (uint64_t)now - (uint64_t)fwd->nextseq_ns;
    if (seglen > 0 && rev->lastack_set && rev->lastack - rev->base_seq != 0 &&
        seq_le(seq + seglen, rev->lastack))
        return AN_SPURIOUS_RETRANSMISSION; /* the receiver had acknowledged it all */
    if (not_advanced && rev->dupacknum >= 2 && rev->lastack_set && rev->lastack == seq &&
        t_ack < (uint64_t)FAST_RETRANS_NS)
        return AN_FAST_RETRANSMISSION;
    if (not_advanced && t_seq < (uint64_t)ooo_ns && fwd->nextseq != seq + seglen + sf)
        return AN_OUT_OF_ORDER;
    return not_advanced ? AN_RETRANSMISSION : 0;
}

/* What the segment leaves for the next one: the highest sequence number seen so far,
 * pure ACKs included (Wireshark's rule: a hole is judged against every segment's
 * sequence number, data or not; a Zero Window Probe does not advance it), the window,
 * the ACK and this segment's flags. */
static void advance(struct flow *fwd, const struct tcp_info *t, uint64_t win, int64_t now,
                    uint32_t ta)
{
    uint32_t nextseq = t->seq + t->payload_len + ((t->flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
    bool probe = (ta & AN_ZERO_WINDOW_PROBE) != 0;
    if ((!fwd->nextseq_set || seq_gt(nextseq, fwd->nextseq)) && !probe) {
        fwd->nextseq_set = true;
        fwd->nextseq = nextseq;
        fwd->nextseq_ns = now;
    }
    if (fwd->nextseq_set && (!fwd->maxseq_set || t->seq == fwd->maxseqtobeacked) && !probe) {
        fwd->maxseq_set = true;
        fwd->maxseqtobeacked = fwd->nextseq;
    }
    fwd->window = win;
    fwd->window_set = true;
    fwd->lastack = t->ack;
    fwd->lastack_set = true;
    fwd->lastack_ns = now;
    fwd->lastsegflags = ta;
}

uint32_t flags_analyse(struct flow *fwd, struct flow *rev, const struct tcp_info *t, uint64_t win,
                       uint64_t frame, int64_t now, int64_t ooo_ns, struct dupack *dup)
{
    uint32_t ta = fwd_flags(fwd, rev, t, win, dup);
    if (!fwd->lastack_set || t->ack != fwd->lastack) {
        fwd->lastnondupack = frame;
        fwd->dupacknum = 0;
    }
    ta |= acked_unseen(rev, t);
    if ((t->payload_len > 0 || (t->flags & (TCP_SYN | TCP_FIN))) && !(ta & AN_KEEP_ALIVE))
        ta |= retransmission(fwd, rev, t, now, ooo_ns);
    advance(fwd, t, win, now, ta);
    return ta;
}
