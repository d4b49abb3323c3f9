/*
 * fmt_conv.h: --summary / -z conv: after the packets, one row per TCP connection: socket
 * pair, start (relative to the first packet), duration, packets and bytes each way,
 * requests, echoes verified / mismatched / unchecked, RTT min/median/max,
 * retransmissions, and how it ended (FIN, RST, refused, still open).
 *
 * Rows arrive from the analysis' close callback (conv_add is an an_close_fn) in the order
 * connections leave the table and are printed sorted by connection number. A row is a
 * few dozen bytes: the table grows by doubling, a handful of allocations for the whole
 * capture, and only when --summary asked for it.
 */
#ifndef ECHOSNIFF_FMT_CONV_H
#define ECHOSNIFF_FMT_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"

struct conv_row {
    uint32_t stream;
    struct an_endpoint client, server;
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans[2];
    bool verified, stopped, evicted_open;
    uint32_t requests, ok, bad, unchecked;
    uint32_t nrtt;
    uint64_t rtt_min_ns, rtt_med_ns, rtt_max_ns;
    enum an_end end;
};

struct conv {
    struct conv_row *rows;
    size_t n, cap;
    bool oom; /* a row could not be stored: said under the table */
};

void conv_init(struct conv *cv);
void conv_free(struct conv *cv);

/* The analysis close callback: ctx is the struct conv. */
void conv_add(void *ctx, const struct an_conn_summary *s);

/* Prints the table; start_ns: time of the capture's first packet. */
void conv_print(struct conv *cv, struct out *o, int64_t start_ns);

#endif
