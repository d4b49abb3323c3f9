/*
 * fmt_conn.h: the text of the connection model's values that several printers share:
 * Wireshark's analysis-flag prefix of the Info column ("[TCP Dup ACK 12#1] ") and the
 * TCP states of both ends (annotations, -V, the --states column). The model (track/)
 * holds numbers and names; the words and punctuation are made here.
 */
#ifndef ECHOSNIFF_FMT_CONN_H
#define ECHOSNIFF_FMT_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"
#include "packet.h"

/* The Info column prefix exactly as Wireshark prints it, e.g. "[TCP Dup ACK 12#1] "
 * (trailing space included; "" when no flag). Returns the length written (truncated to
 * len - 1). */
size_t fmt_an_flags(uint32_t flags, uint64_t dupack_of, uint32_t dupack_num, char *buf, size_t len);

/* Both ends' states around a segment, RFC 9293's names: "client ESTABLISHED ->
 * FIN-WAIT-1, server ESTABLISHED -> CLOSE-WAIT" (an end that did not change: its state
 * alone). first: the connection's first segment, whose ends had no state before it:
 * the states after it alone. before and after are enum tcp_state values. Returns the
 * length (truncated to len - 1). */
#define FMT_STATES_MAX 80
size_t fmt_tcp_states(char *buf, size_t len, const uint8_t before[2], const uint8_t after[2],
                      bool first);

/* The compact form for a column: the states after the segment, client/server, in ss(8)'s
 * short names ("ESTAB/CLOSE-WAIT", "?" for UNKNOWN). */
#define FMT_STATES_SHORT_MAX 24
size_t fmt_tcp_states_short(char *buf, size_t len, const uint8_t after[2]);

/* The connection model's generated lines for one frame, in the detail tree's layout
 * (bracketed, as Wireshark writes its [SEQ/ACK analysis]): a top line naming the
 * connection, then its endpoints, the TCP state of both ends before and after the
 * frame, the frame's event, its analysis flags and the echo verdict, all read from the
 * frame's stored record (a view's detail tree; nothing when the frame is not tracked).
 * frame: the frame's number (for the Dup ACK's original). */
void fmt_model_tree(struct out *o, const struct packet *p, const struct frame_rec *rec,
                    uint64_t frame);

#endif
