/*
 * fmt_conv.h: --summary / -z conv: after the packets, one row per TCP connection: socket
 * pair, start (relative to the first packet), duration, packets and bytes each way,
 * requests and what became of them (echoed whole and identical, mismatched, never
 * completely echoed, not checkable), the echo latency min/median/max (a request's
 * segment to the segment completing its echo), TCP's ACK round-trip time min/mean/max (a
 * segment to the ACK that acknowledges it), retransmissions, and how it ended (FIN,
 * RST, refused, still open). Text only: with -T json the connection objects say it all.
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
    bool verified, given_up, evicted_open, no_memory, midstream;
    uint32_t requests, ok, bad, unchecked, unechoed;
    uint32_t nrtt;
    uint64_t rtt_min_ns, rtt_med_ns, rtt_max_ns;
    uint32_t nack_rtt; /* TCP's ACK round-trip times (tcp.analysis.ack_rtt) */
    int64_t ack_rtt_min_ns, ack_rtt_avg_ns, ack_rtt_max_ns;
    enum an_end end;
};

/* The connections past the table's rows, added up. */
struct conv_sum {
    uint64_t n;     /* connections */
    uint64_t n_oom; /* of which: no memory for their row (else: past max_rows) */
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans;
    uint64_t verified, requests, ok, bad, unechoed, unchecked; /* verified: conns checked */
    uint64_t no_memory; /* connections not checked: no room in --max-memory */
    uint64_t midstream; /* connections not checked: a SYN not captured */
    bool given_up;
    uint64_t nrtt, rtt_min_ns, rtt_max_ns;
    uint64_t nack_rtt; /* ACK RTT samples; their mean is ack_rtt_sum_ns / nack_rtt */
    int64_t ack_rtt_min_ns, ack_rtt_max_ns;
    double ack_rtt_sum_ns;
    uint64_t ends[AN_END_COUNT + 1]; /* by enum an_end; the last: evicted while open */
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
