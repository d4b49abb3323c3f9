/*
 * fmt_conv.h: --summary / -z conv: after the packets, one row per TCP connection: socket
 * pair, start (relative to the first packet), duration, packets and bytes each way,
 * requests, echoes verified / mismatched / unchecked, RTT min/median/max,
 * retransmissions, and how it ended (FIN, RST, refused, still open).
 *
 * Rows arrive from the analysis' close callback (conv_add is an an_close_fn) in the order
 * connections leave the table and are printed sorted by connection number. The table is
 * bounded: the first CONV_MAX_ROWS connections to leave get a row each (it grows by
 * doubling, a handful of allocations, only when --summary asked for it); every one after
 * them -- a SYN flood of a million -- is added into one summed row, and the output says
 * so, so memory stays flat whatever the capture.
 */
#ifndef ECHOSNIFF_FMT_CONV_H
#define ECHOSNIFF_FMT_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"

#define CONV_MAX_ROWS 16384

struct conv_row {
    uint32_t stream;
    struct an_endpoint client, server;
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans[2];
    bool verified, given_up, evicted_open, no_memory;
    uint32_t requests, ok, bad, unchecked;
    uint32_t nrtt;
    uint64_t rtt_min_ns, rtt_med_ns, rtt_max_ns;
    enum an_end end;
};

/* The connections past the table's rows, added up. */
struct conv_sum {
    uint64_t n;     /* connections */
    uint64_t n_oom; /* of which: no memory for their row (else: past max_rows) */
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans;
    uint64_t verified, requests, ok, bad, unchecked; /* verified: connections checked */
    bool given_up;
    uint64_t nrtt, rtt_min_ns, rtt_max_ns;
    uint64_t ends[AN_END_REFUSED + 2]; /* by enum an_end; the last: evicted while open */
};

struct conv {
    struct conv_row *rows;
    size_t n, cap;
    size_t max_rows; /* CONV_MAX_ROWS (a test may lower it) */
    struct conv_sum rest;
};

void conv_init(struct conv *cv);
void conv_free(struct conv *cv);

/* The analysis close callback: ctx is the struct conv. */
void conv_add(void *ctx, const struct an_conn_summary *s);

/* Prints the table; start_ns: time of the capture's first packet. */
void conv_print(struct conv *cv, struct out *o, int64_t start_ns);

#endif
