/*
 * an_acked.h: which segment an ACK acknowledges, and the bytes in flight, as Wireshark's
 * tcp.analysis.acks_frame, ack_rtt and bytes_in_flight (packet-tcp.c keeps, per flow,
 * the segments sent and not yet acknowledged: tcp_unacked_t).
 *
 * Each direction of a connection keeps its unacknowledged segments (sequence range,
 * frame, time), at most AN_UNACKED_MAX of them (Wireshark keeps 10000; past the bound
 * new segments are not remembered, as past Wireshark's). An ACK whose number is a
 * segment's end acknowledges that segment (acks_frame, and the time since it: ack_rtt);
 * segments it covers are forgotten, one it covers in part shrinks. Bytes in flight are
 * the span of the sender's unacknowledged segments after a segment with data, unless a
 * hole was seen ("Previous segment not captured") and no ACK came back since.
 */
#ifndef ECHOSNIFF_AN_ACKED_H
#define ECHOSNIFF_AN_ACKED_H

#include <stdbool.h>
#include <stdint.h>

#include "packet.h"

#define AN_UNACKED_MAX 256

struct an_unacked_seg {
    uint32_t seq, nextseq; /* raw sequence numbers; nextseq counts SYN and FIN */
    uint64_t frame;
    int64_t ns;
};

struct an_unacked {
    struct an_unacked_seg *seg; /* oldest first; grown by doubling up to the bound */
    uint32_t n, cap;
    bool bif_off; /* a hole was seen: no bytes in flight until the peer ACKs */
};

/* What one segment says: its sender's list (fwd) gains it, the peer's (rev) loses what
 * it acknowledges. lost: the analysis flagged a previous segment not captured. Fills
 * acks_frame, ack_rtt_ns and bytes_in_flight. */
void an_unacked_packet(struct an_unacked *fwd, struct an_unacked *rev, const struct tcp_info *t,
                       bool lost, uint64_t frame, int64_t now, uint64_t *acks_frame,
                       int64_t *ack_rtt_ns, uint32_t *bytes_in_flight);

void an_unacked_free(struct an_unacked *u);

#endif
