/*
 * analysis.h: the TCP analysis engine of issue 4: connections, Wireshark's analysis
 * flags, socket-API events and echo verification, one struct pkt_analysis per packet.
 *
 * It reads struct packet as the decoders fill it (TCP over IPv4 or IPv6) and decodes
 * nothing itself. Connections are keyed by socket pair and numbered #1, #2, ... in the
 * order first seen. The client is the side that sent the SYN; for a connection seen
 * mid-stream, the side on the echo port is the server (otherwise the lower port, as
 * well-known ports are low). The table is bounded: at most max_conns connections, closed
 * ones evicted first (a few are kept for late retransmissions), then the least recently
 * used open one. Each connection's memory is bounded too (echo_verify.h).
 *
 * The analysis flags follow Wireshark's definitions (packet-tcp.c,
 * tcp_analyze_sequence_number; User's Guide 7.5 "TCP Analysis") so that the Info column
 * and tcp.analysis.* agree with tshark's on the same capture; the tests check that.
 */
#ifndef ECHOSNIFF_ANALYSIS_H
#define ECHOSNIFF_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "echo_verify.h"
#include "packet.h"

#define AN_DEFAULT_MAX_CONNS 16384
#define AN_CLOSED_KEEP 64 /* closed connections kept for late retransmissions */
#define AN_ECHO_PORT 15213
#define AN_HISTORY 65536 /* socket pairs remembered after eviction ("Port numbers reused") */

/* Wireshark's tcp.analysis.* conditions. */
enum an_flag {
    AN_RETRANSMISSION = 1u << 0,
    AN_FAST_RETRANSMISSION = 1u << 1,
    AN_SPURIOUS_RETRANSMISSION = 1u << 2,
    AN_OUT_OF_ORDER = 1u << 3,
    AN_LOST_SEGMENT = 1u << 4, /* "Previous segment not captured" */
    AN_ACKED_UNSEEN = 1u << 5, /* "ACKed unseen segment" */
    AN_DUP_ACK = 1u << 6,
    AN_ZERO_WINDOW = 1u << 7,
    AN_ZERO_WINDOW_PROBE = 1u << 8,
    AN_ZERO_WINDOW_PROBE_ACK = 1u << 9,
    AN_WINDOW_FULL = 1u << 10,
    AN_WINDOW_UPDATE = 1u << 11,
    AN_KEEP_ALIVE = 1u << 12,
    AN_KEEP_ALIVE_ACK = 1u << 13,
    AN_PORTS_REUSED = 1u << 14,
};
#define AN_ANY_RETRANSMISSION                                                                      \
    (AN_RETRANSMISSION | AN_FAST_RETRANSMISSION | AN_SPURIOUS_RETRANSMISSION)

/* What the packet means in socket-API terms (annotate.c turns it into a sentence). */
enum an_event {
    AN_EV_NONE = 0,
    AN_EV_SYN,           /* client connect(): handshake 1/3 */
    AN_EV_SYNACK,        /* handshake 2/3 */
    AN_EV_HANDSHAKE_ACK, /* handshake 3/3 */
    AN_EV_DATA,          /* payload: a send() */
    AN_EV_ACK,           /* bare ACK acknowledging new bytes */
    AN_EV_FIN,           /* close() or shutdown(SHUT_WR) */
    AN_EV_RST,           /* abortive close */
    AN_EV_REFUSED,       /* RST answering a SYN: nothing listening */
    AN_EV_OTHER,         /* nothing new (the flags say more, e.g. Dup ACK) */
};

enum an_end { AN_END_OPEN = 0, AN_END_HALF_CLOSED, AN_END_FIN, AN_END_RST, AN_END_REFUSED };

struct an_endpoint {
    uint8_t family; /* 4 or 6 */
    uint8_t addr[16];
    uint16_t port;
};

/* One connection's row for --summary and the JSON connection record. */
struct an_conn_summary {
    uint32_t conn_no;
    struct an_endpoint client, server;
    bool roles_from_syn; /* false: guessed from the ports (capture started mid-stream) */
    bool verified;       /* on the echo port: echo checked */
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans[2]; /* [0] client->server, [1] server->client */
    struct echo_stats echo;                    /* counts; see echo_rtt_median for the median */
    uint64_t rtt_median_ns;
    enum an_end end;
    bool evicted_open; /* dropped from a full table while still open */
};

/* Everything the analysis says about one packet; valid until the next call. */
struct pkt_analysis {
    bool valid; /* a TCP segment that was analysed */
    uint32_t conn_no;
    bool from_client;
    bool roles_from_syn;
    bool verified;      /* the connection's echo is being checked */
    uint32_t flags;     /* enum an_flag */
    uint64_t dupack_of; /* Dup ACK: frame of the original ACK, and the count */
    uint32_t dupack_num;
    /* Wireshark's tcp.analysis.acks_frame (0: none), ack_rtt and bytes_in_flight (0:
     * none): the segment this ACK acknowledges exactly, how long after it, and how many
     * bytes this segment's sender has sent and not yet seen acknowledged. */
    uint64_t acks_frame;
    int64_t ack_rtt_ns;
    uint32_t bytes_in_flight;
    enum an_event event;
    uint32_t seglen;
    uint32_t rel_seq, rel_ack; /* Wireshark's relative numbers (rel_ack: if ACK is set) */
    uint64_t stream_off;       /* this segment's payload offset in its direction's stream */
    uint64_t acked;            /* bytes of the other direction newly acknowledged */
    uint64_t window;           /* window, scaled when the scale is known */
    bool peer_fin_seen;        /* FIN: the other side had already sent its FIN */
    bool close_done;           /* close: the echo's final verdict is in close_echo */
    /* An echo that completed a request only after the server closed another checked
     * connection, closed after the request was sent (the iterative server's second
     * client): that connection's number (0: none). */
    uint32_t waited_for;
    bool last_ack; /* the ACK of the second FIN: the connection is closed */
    struct an_endpoint client, server;
    const struct echo_conn *streams; /* the connection's reassembled streams, or NULL */
    struct echo_result echo;         /* this packet's echo verdict */
    struct echo_result close_echo;   /* when this packet ended the connection */
};

struct an_opts {
    uint16_t echo_port;   /* AN_ECHO_PORT, or --port */
    uint32_t max_conns;   /* 0: AN_DEFAULT_MAX_CONNS */
    size_t max_pending;   /* --max-pending; 0: ECHO_DEFAULT_MAX_PENDING */
    bool verify_echo;     /* check the echo on connections to echo_port */
    uint32_t follow_conn; /* --follow N: reassemble connection N too (0: none) */
    bool track_acks;      /* acks_frame, ack_rtt, bytes_in_flight (an_acked.h) */
};

typedef void (*an_close_fn)(void *ctx, const struct an_conn_summary *s);

struct an_conn; /* private to analysis.c */
struct an_past; /* private to analysis.c */

struct analysis {
    struct an_opts opts;
    struct an_conn *conns; /* max_conns slots */
    int32_t *hash;         /* open addressing, linear probing: slot index or -1 */
    uint32_t hash_mask;
    int32_t free_head;                /* released slots, a stack through next */
    uint32_t fresh;                   /* slots from here on were never used */
    int32_t open_head, open_tail;     /* open connections, least recently used first */
    int32_t closed_head, closed_tail; /* closed connections, oldest first */
    uint32_t nclosed;
    uint32_t next_conn_no;
    uint32_t last_close_conn; /* the last checked connection the server closed (FIN, RST) */
    int64_t last_close_ns;    /* and when */
    uint64_t evicted_open;
    struct an_past *past; /* AN_HISTORY entries, direct-mapped by socket-pair hash */
    an_close_fn on_close;
    void *close_ctx;
};

/* Allocates the tables (once); false with a message in errbuf when memory is short. */
bool analysis_init(struct analysis *a, const struct an_opts *opts, char *errbuf, size_t errlen);
void analysis_free(struct analysis *a);

/* Called with each connection's summary when it leaves the table (evicted, replaced by
 * a reused port pair, or at analysis_finish). */
void analysis_set_close_cb(struct analysis *a, an_close_fn fn, void *ctx);

/* Analyses one packet. False (r->valid false) when it is not an analysable TCP segment. */
bool analysis_packet(struct analysis *a, const struct packet *p, struct pkt_analysis *r);

/* The same, with a hint kept by the caller per socket pair (conn_track's struct conn
 * an_slot, -1 at first): the connection's slot when this pair was last analysed. A slot
 * still holding the pair is used without hashing; anything else falls back to the hash
 * table, and *hint is set to the slot used (-1 when none). NULL: no hint. */
bool analysis_packet_hinted(struct analysis *a, const struct packet *p, struct pkt_analysis *r,
                            int32_t *hint);

/* End of capture: every connection still in the table is summarised (close callback). */
void analysis_finish(struct analysis *a);

/* The reassembled streams of the connection with this number, if it is in the table and
 * being reassembled; NULL otherwise. A scan of the table: per packet, use r->streams. */
const struct echo_conn *analysis_streams(const struct analysis *a, uint32_t conn_no);

/* The Info column prefix exactly as Wireshark prints it, e.g. "[TCP Dup ACK 12#1] "
 * (trailing space included; "" when no flag). Returns the length written (truncated to
 * len - 1). */
size_t an_flags_text(uint32_t flags, uint64_t dupack_of, uint32_t dupack_num, char *buf,
                     size_t len);

/* Wireshark's field name for one flag bit, e.g. "retransmission" (tcp.analysis.X). */
const char *an_flag_field(uint32_t bit);

#endif
