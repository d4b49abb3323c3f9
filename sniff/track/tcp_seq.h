/*
 * tcp_seq.h: a flow's sequence space (tcp_seq.c): relative numbers, window scaling and
 * stream offsets. Internal to the track stage; the model's users read p->track and
 * struct pkt_analysis.
 */
#ifndef ECHOSNIFF_TCP_SEQ_H
#define ECHOSNIFF_TCP_SEQ_H

#include <stdint.h>

#include "conn.h"
#include "packet.h"

/* A segment from fwd's sender (rev: the other flow) of connection `stream`: sets the
 * bases and the window scale the first time they can be known, and fills tr. */
void seq_track(struct flow *fwd, struct flow *rev, const struct tcp_info *tcp, uint32_t stream,
               struct tcp_track *tr);

/* tr's fields that follow from the header and the ones already set (rel_seq, ws_shift):
 * the next relative sequence number and the calculated window. */
void seq_track_derived(const struct tcp_info *tcp, struct tcp_track *tr);

/* Stream offset (0: the first byte after the SYN) of sequence number seq in flow f,
 * unwrapped to 64 bits around the highest offset seen (f->off_ref). */
uint64_t seq_stream_off(const struct flow *f, uint32_t seq);

/* Sequence number comparisons modulo 2^32 (RFC 9293 3.4). */
static inline bool seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

static inline bool seq_lt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static inline bool seq_le(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) <= 0;
}

#endif
