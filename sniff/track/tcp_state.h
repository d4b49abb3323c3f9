/*
 * tcp_state.h: the TCP state of each end of a connection, inferred from the segments
 * seen (tcp_state.c; what the wire can and cannot tell: conn.h, enum tcp_state).
 * Internal to the track stage: analysis.c calls state_update once per analysed segment;
 * the model's users read the states from struct pkt_analysis, struct frame_rec or
 * conn_states().
 */
#ifndef ECHOSNIFF_TCP_STATE_H
#define ECHOSNIFF_TCP_STATE_H

#include "conn.h"
#include "packet.h"

/* A segment from snd's sender to rcv's: both ends' states (flow.state) once it has been
 * sent and received. Call after seq_track (which records the SYN and the bases) and
 * before the segment's own FIN is recorded in snd (fin_seen, fin_off). */
void state_update(struct flow *snd, struct flow *rcv, const struct tcp_info *t);

#endif
