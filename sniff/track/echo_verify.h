/*
 * echo_verify.h: checks that what an echo server sends back is what its client sent.
 *
 * Each direction of a connection is reassembled (reasm.h); the server-to-client stream
 * must equal the client-to-server stream byte for byte, so server byte k is compared
 * with client byte k as soon as both are contiguous. A "request" is the run of new
 * client bytes one client segment brought; each server segment is matched to the
 * requests it echoes, and the segment that completes a request's echo gives its RTT.
 * Bytes the capture missed on either side are reported as not checked, never as a
 * mismatch. Client bytes wait until they are echoed, in the run's shared reassembly
 * memory (reasm.h): when it is spent (--max-memory), or one direction holds more than
 * max_pending bytes (--max-pending), the oldest bytes are given up and the range they
 * covered is reported "not checked: memory budget" -- never compared, never a mismatch --
 * and the check goes on with the bytes that follow.
 *
 * Offsets are stream offsets counted from 0 (the first byte after the SYN).
 */
#ifndef ECHOSNIFF_ECHO_VERIFY_H
#define ECHOSNIFF_ECHO_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reasm.h"

#define ECHO_MAX_REQS 16    /* requests awaiting their echo; more are merged */
#define ECHO_RTT_SAMPLES 64 /* RTT samples kept for the median (decimated) */
#define ECHO_DEFAULT_MAX_PENDING ((size_t)1 << 20)
#define ECHO_DEFAULT_MAX_MEMORY ((size_t)32 << 20) /* the run's reassembly budget */

enum { ECHO_C2S = 0, ECHO_S2C = 1 };

struct echo_request {
    uint64_t start, end; /* stream range */
    int64_t ts_ns;       /* when the client's segment was captured */
    uint64_t frame;
    uint32_t no;  /* 1-based */
    bool bad;     /* an echoed byte differed */
    bool unknown; /* some byte not captured on one side */
};

struct echo_stats {
    uint32_t requests;   /* client segments that brought new bytes */
    uint32_t verified;   /* requests echoed completely and identically, nothing after */
    uint32_t mismatched; /* requests whose echo differed */
    uint32_t unchecked;  /* requests whose echo was (partly) not captured */
    uint32_t unechoed;   /* requests not (completely) echoed when the connection ended */
    uint64_t bytes_matched, bytes_mismatched, bytes_unchecked, bytes_extra;
    uint64_t bytes_given_up; /* of those unchecked: given up to the memory budget */
    uint32_t nrtt;
    uint64_t rtt_min_ns, rtt_max_ns;
    uint32_t nsamples, stride, seen; /* decimated RTT samples for the median */
    uint64_t samples[ECHO_RTT_SAMPLES];
    bool has_mismatch;
    uint64_t first_mismatch_at;
};

/* What a segment says of the echo (ECHO_VERDICT_COUNT: how many, the rows of an_names.c's
 * table, which names each verdict in every notation). */
enum echo_verdict {
    ECHO_NONE = 0,  /* nothing to say */
    ECHO_REQUEST,   /* client segment with new bytes: request req_first */
    ECHO_OK,        /* server bytes identical to the request bytes */
    ECHO_MISMATCH,  /* a server byte differs (mismatch_at, expected, got) */
    ECHO_UNCHECKED, /* some bytes not captured or given up on one side; the rest identical */
    ECHO_AHEAD,     /* server bytes beyond what the client has been seen to send */
    ECHO_SHORT,     /* at close: the server echoed less than the client sent */
    ECHO_EXTRA,     /* at close: the server sent bytes the client never sent */
    ECHO_VERDICT_COUNT
};

struct echo_result {
    enum echo_verdict verdict;
    uint32_t req_first, req_last; /* requests touched (0: none) */
    uint64_t req_done, req_len;   /* of req_last: bytes echoed so far, its length */
    bool rtt_valid;               /* this segment completed req_last's echo */
    uint64_t rtt_ns;
    uint64_t mismatch_at; /* first differing byte, and the two values */
    uint8_t expected, got;
    /* A client segment (verdict ECHO_REQUEST) whose bytes differ from server bytes
     * already sent ahead of them, in an earlier segment: mismatch_at, expected, got. */
    bool early_mismatch;
    uint64_t ahead; /* server segment: bytes it sent beyond what the client has sent */
    bool gap;       /* a range not captured was met: [gap_first, gap_last] */
    uint64_t gap_first, gap_last;
    bool given_up; /* a range given up to the memory budget was met: not checked */
    uint64_t given_up_first, given_up_last;
    uint64_t checked;                    /* server bytes met in this call (compared or not) */
    uint64_t compared;                   /* of those, compared (captured and held on both sides) */
    uint64_t new_from, new_to;           /* this direction's newly contiguous range (--follow) */
    uint64_t peer_gap_from, peer_gap_to; /* other direction's range declared not captured */
    uint64_t peer_new_from, peer_new_to; /* other direction's newly contiguous range */
    uint64_t sent, echoed;               /* ECHO_SHORT / ECHO_EXTRA: stream lengths */
    /* For the hints: how far into its request the mismatch (or, ECHO_SHORT, the end of
     * the echo) is, when it falls inside one (in_req set). */
    bool in_req;
    uint64_t req_off;
};

struct echo_conn {
    struct reasm s[2];
    bool verify;
    uint64_t checked;       /* server bytes below this were compared */
    uint64_t release_to[2]; /* releases deferred to the next call, for --follow */
    struct echo_request req[ECHO_MAX_REQS];
    uint32_t req_head, req_n, next_no;
    /* The last request whose echo completed: an extra byte right after it (a mismatch at
     * its end, sent with or before that echo) makes its echo wrong too. */
    uint64_t last_end;
    bool last_ok;
    uint64_t seg_off; /* the server segment being checked starts here (UINT64_MAX: none) */
    struct echo_stats st;
};

/* verify false: reassemble only (for --follow), releasing bytes once contiguous. Both
 * directions reassemble in pool, each holding at most max_pending bytes (0: the
 * default). */
void echo_init(struct echo_conn *e, struct reasm_pool *pool, bool verify, size_t max_pending);
void echo_free(struct echo_conn *e);

/* The same, allocated and counted against the pool's budget; NULL when the budget
 * cannot make room for it even by giving up every pending byte (or malloc fails). */
struct echo_conn *echo_new(struct reasm_pool *pool, bool verify, size_t max_pending);
void echo_delete(struct echo_conn *e);
void echo_result_clear(struct echo_result *r);

/* A segment of direction dir (ECHO_C2S/ECHO_S2C): len payload bytes at stream offset
 * off, of which caplen were captured. Updates r (which the caller clears per packet). */
void echo_segment(struct echo_conn *e, int dir, uint64_t off, const uint8_t *data, uint32_t caplen,
                  uint32_t len, int64_t ts_ns, uint64_t frame, struct echo_result *r);

/* Direction dir's bytes below upto were certainly sent (the peer acknowledged them, or
 * a FIN follows them): any byte there not seen was not captured. server_pkt: the packet
 * saying so came from the server (its echo verdict goes in r). */
void echo_acked(struct echo_conn *e, int dir, uint64_t upto, int64_t ts_ns, bool server_pkt,
                struct echo_result *r);

/* The connection ended (or the capture did): says whether the echo came up short or
 * long (ECHO_SHORT / ECHO_EXTRA in r, ECHO_NONE when it was complete). */
void echo_close(struct echo_conn *e, struct echo_result *r);

const struct reasm *echo_stream(const struct echo_conn *e, int dir);

/* RTT median over the (decimated) samples; 0 when there are none. */
uint64_t echo_rtt_median(const struct echo_stats *st);

#endif
