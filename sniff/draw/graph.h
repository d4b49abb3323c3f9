/*
 * graph.h: the data behind Wireshark's TCP Stream Graphs for one connection, both
 * directions at once (a graph shows one: the direction whose data segments it plots),
 * as Wireshark's ui/qt/tcp_stream_dialog.cpp defines them:
 *
 *   stevens     every segment of the direction: (time, relative sequence number)
 *   tcptrace    data segments as bars [seq, seq + len], retransmissions marked; from the
 *               other direction the ACK line (time, ack), the receive window line
 *               (time, ack + window), SACK blocks, duplicate ACKs; zero windows
 *   throughput  segment lengths (time, bytes), and their moving average over 1 s in bits/s
 *   rtt         ACK RTT per segment (time sent, ms from the segment to the first ACK that
 *               covers it; retransmitted bytes give none, Karn's rule)
 *   window      bytes in flight (time, end of segment minus last ACK) and the receiver's
 *               window (time, scaled window of the other direction)
 *
 * Times are seconds from the connection's first segment; sequence numbers Wireshark's
 * relative ones, unwrapped past 4 GiB. Built from the model's frame record and the
 * decoded header, like the ladder.
 *
 * Memory is bounded: a series keeps at most cap points; when full, neighbours merge two
 * by two (a merged point keeps its range [y, y2], the sum of what it merged for lengths,
 * how many points and how many retransmissions it holds), so a million segments stay
 * within cap points and no retransmission mark is lost: it is counted in the point that
 * holds it, and the figure says how many were merged (graph_fig.c).
 */
#ifndef ECHOSNIFF_GRAPH_H
#define ECHOSNIFF_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "fmt_addr.h"
#include "packet.h"

enum graph_type { GRAPH_STEVENS = 0, GRAPH_TCPTRACE, GRAPH_THROUGHPUT, GRAPH_RTT, GRAPH_WINDOW };

/* The series of one direction (d: the direction whose data is plotted, 0 client to
 * server). Those named "from the other direction" come from the peer's segments. */
enum gseries_id {
    GS_SEQ,      /* stevens: (t, seq) of every segment */
    GS_SEG,      /* tcptrace: data segments, [seq, seq + len] */
    GS_ACK,      /* tcptrace: (t, ack) from the other direction */
    GS_RWIN,     /* tcptrace: (t, ack + window) */
    GS_SACK,     /* tcptrace: SACK blocks [left, right] */
    GS_DUPACK,   /* tcptrace: (t, ack) of a duplicate ACK */
    GS_ZEROWIN,  /* tcptrace: (t, seq + len / 2) of a segment advertising a zero window */
    GS_LEN,      /* throughput: (t, payload bytes) */
    GS_RTT,      /* rtt: (t sent, ms) */
    GS_INFLIGHT, /* window: (t, bytes in flight) */
    GS_WIN,      /* window: (t, the other direction's window) */
    GS_COUNT
};

#define GRAPH_MASK(id) (1u << (id))
#define GRAPH_ALL ((1u << GS_COUNT) - 1)
#define GRAPH_DEFAULT_CAP 32768 /* points per series */
#define GRAPH_UNACKED 4096      /* segments awaiting their ACK, for the RTT */

struct gpoint {
    double t;
    double y, y2;   /* the value (y2 = y), a bar, or the range merged points covered */
    uint64_t frame; /* the first frame behind the point */
    uint32_t count; /* points merged into this one */
    uint32_t marks; /* retransmissions among them */
};

struct gseries {
    struct gpoint *pt;
    uint32_t n, cap, max; /* stored, allocated, bound */
    uint32_t stride;      /* raw points per stored point since the last merge */
    uint64_t raw;         /* raw points added */
    bool sum;             /* a merged point's y is the sum (lengths), else the range */
};

struct gunacked {
    uint64_t seq, end;
    double t;
    uint64_t frame;
};

/* What one direction's segments and its peer's ACKs have shown so far. */
struct gdir {
    bool seq_set, ack_set;
    uint64_t seq_last, ack_last; /* unwrapped relative numbers, last seen */
    uint64_t segments, bytes;
    /* tcptrace: the last ACK and window line point, for duplicate ACKs */
    bool have_ackpt;
    double last_ack, last_rwin;
    /* window: the last ACK the peer sent (in this direction's numbers) */
    bool found_ack;
    uint64_t win_ack;
    /* rtt: segments sent and not yet acknowledged, oldest first (a ring) */
    struct gunacked *u;
    uint32_t uhead, un;
    uint64_t rtt_dropped; /* segments past GRAPH_UNACKED in flight: no RTT for them */
};

struct graph {
    uint32_t mask; /* the series kept (GRAPH_MASK) */
    uint32_t cap;  /* points per series */
    bool started;
    uint32_t stream;
    int64_t t0_ns;                /* the first segment */
    char ep[2][FMT_ENDPOINT_MAX]; /* [0] client, [1] server */
    struct gseries s[2][GS_COUNT];
    struct gdir d[2];
    uint64_t skipped; /* segments the caller left out (a memory budget): said on the figure */
    bool oom;
};

/* Empty graph data keeping the series in mask, cap points each (0: the default). */
void graph_init(struct graph *g, uint32_t mask, uint32_t cap);
void graph_free(struct graph *g);

/* One analysed TCP segment of the connection (the first one fixes it and the origin). */
void graph_add(struct graph *g, const struct packet *p, const struct frame_rec *rec);

/* The series id of direction d. */
static inline const struct gseries *graph_series(const struct graph *g, int d, enum gseries_id id)
{
    return &g->s[d][id];
}

/* The direction that sent more payload bytes (0 on a tie): the default to draw. */
int graph_busier(const struct graph *g);

/* Names: "stevens"..., and the series' names in CSV ("seq", "segment", ...). */
const char *graph_type_name(enum graph_type t);
bool graph_type_parse(const char *s, enum graph_type *t);
const char *graph_series_name(enum gseries_id id);

/* Throughput: the moving average over window_s seconds at each point of GS_LEN, in bits
 * per second, Wireshark's time-based MA (a segment counts from its time until window_s
 * later). out must hold the series' n values. */
void graph_throughput(const struct gseries *len, double window_s, double *out);

/* The moving average's window for a series: Wireshark's 1 s, or for a connection shorter
 * than 10 s a tenth of its span (1, 2 or 5 times a power of ten), which a second would
 * flatten into a ramp. */
double graph_ma_window(const struct gseries *len);

#endif
