/*
 * tcp_flags.h: Wireshark's TCP analysis flags for one segment (tcp_flags.c). Internal to
 * the track stage: analysis.c calls it once per analysed segment.
 */
#ifndef ECHOSNIFF_TCP_FLAGS_H
#define ECHOSNIFF_TCP_FLAGS_H

#include <stdint.h>

#include "conn.h"
#include "packet.h"

/* What a Dup ACK names: the frame of the ACK it repeats, and its count. */
struct dupack {
    uint64_t of;
    uint32_t num;
};

/* The enum an_flag bits of a segment from fwd's sender (rev: the other flow), with its
 * scaled window win, and the flows updated for the next one. ooo_ns: the limit under
 * which a segment below the next expected one is Out-Of-Order rather than a
 * retransmission (the handshake's RTT, or 3 ms). */
uint32_t flags_analyse(struct flow *fwd, struct flow *rev, const struct tcp_info *t, uint64_t win,
                       uint64_t frame, int64_t now, int64_t ooo_ns, struct dupack *dup);

#endif
