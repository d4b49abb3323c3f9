/*
 * conn.h: sniff's one model of a TCP connection, as Wireshark's packet-tcp.c keeps it:
 * one struct conn per conversation holding two flows, one per direction, the direction
 * chosen per packet; the stream index (Wireshark's tcp.stream, 0 for the first
 * connection) assigned once, when the connection is created. Everything sniff says about
 * a connection -- relative numbers, the analysis flags, socket-API events, the TCP state
 * of each end, the echo check, Follow, the connection table -- is read from here; no
 * printer or view keeps a copy.
 *
 * A connection is its two endpoints, stored client first: the client is the side that
 * sent the SYN (a lone SYN-ACK's receiver); for a connection first seen mid-stream, the
 * side on the echo port is the server, else the side with the lower port.
 *
 * The table (conn_table.c) is bounded: a fixed number of slots allocated once. A closed
 * connection stays whole while AN_CLOSED_KEEP others close after it (late
 * retransmissions are still checked and counted); then it is retired: summarised (its
 * --summary row and -T json line are written), its echo check freed, but its flows kept
 * for AN_RETIRED_KEEP more closes, so that a late segment still gets its stream index and
 * relative numbers, as in Wireshark, which forgets nothing. When the table is full,
 * retired connections leave first, then closed ones, then the least recently seen open
 * one; a connection seen again after leaving comes back as a new stream, as in a capture
 * that starts mid-connection. What is remembered of an evicted socket pair (its initial
 * sequence numbers, for "Port numbers reused") lives in a fixed direct-mapped history.
 * Lookups hash the socket pair with SipHash under a key drawn once per run (siphash.h),
 * so traffic cannot be crafted to collide.
 *
 * The track stage neither parses bytes nor prints: decoders fill struct packet, this
 * model reads it, formatters read the model.
 */
#ifndef ECHOSNIFF_CONN_H
#define ECHOSNIFF_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "an_acked.h"
#include "siphash.h"

#define AN_DEFAULT_MAX_CONNS 16384
#define AN_CLOSED_KEEP 64    /* closed connections kept whole for late retransmissions */
#define AN_RETIRED_KEEP 4096 /* and then kept without their echo check, summarised */
#define AN_HISTORY 65536     /* socket pairs remembered after eviction ("Port numbers reused") */

/*
 * The TCP state of one endpoint (RFC 9293 3.3.2), as the segments seen imply it: the
 * state each end must be in once it has received every segment the capture shows up to
 * this one. The wire shows packets, not the moment a kernel changes state: a segment
 * seen on the wire may not have reached its receiver yet (or ever), and a state is
 * entered when a segment is processed, so "after packet N" is what the ends will be in
 * once packet N (and the ones before it) arrived -- not a reading of either kernel.
 *
 * LISTEN never appears: one connection's packets cannot show that a socket listens. A
 * server that has been sent a SYN but not yet answered is UNKNOWN (listening, so about
 * to be SYN-RECEIVED, or closed, so about to answer RST); its SYN-ACK makes it
 * SYN-RECEIVED, a RST CLOSED. A capture that starts mid-connection leaves both ends
 * UNKNOWN (data flows in ESTABLISHED and in CLOSE-WAIT alike) until the first SYN, FIN or
 * RST gives evidence; from a FIN on, sniff assumes no FIN was sent before the capture
 * started. The ACK field says what a sender had received when it sent: a FIN that does
 * not acknowledge the peer's FIN was sent before that FIN arrived (a simultaneous close,
 * CLOSING then TIME-WAIT for both), however the two FINs are ordered in the capture.
 * TIME-WAIT ends after 2 MSL, a timer no packet shows: sniff leaves the end in TIME-WAIT.
 * A RST is taken as accepted (RFC 9293 3.10.7.4: in the window): both ends are CLOSED.
 */
enum tcp_state {
    TCP_STATE_UNKNOWN = 0,
    TCP_STATE_CLOSED,
    TCP_STATE_SYN_SENT,
    TCP_STATE_SYN_RECEIVED,
    TCP_STATE_ESTABLISHED,
    TCP_STATE_FIN_WAIT_1,
    TCP_STATE_FIN_WAIT_2,
    TCP_STATE_CLOSE_WAIT,
    TCP_STATE_CLOSING,
    TCP_STATE_LAST_ACK,
    TCP_STATE_TIME_WAIT,
    TCP_STATE_COUNT
};

/* RFC 9293's name of a state, e.g. "FIN-WAIT-1"; "UNKNOWN" for TCP_STATE_UNKNOWN. A
 * name, not a sentence: every formatter (annotations, -V, -T json, diagrams) shows it. */
const char *tcp_state_name(enum tcp_state s);

struct an_endpoint {
    uint8_t family;   /* 4 or 6 */
    uint8_t addr[16]; /* IPv4 in the first 4 bytes, the rest zero */
    uint16_t port;
};

/* One direction of a connection, Wireshark's tcp_flow_t: what its sender has shown. */
struct flow {
    /* Sequence space (tcp_seq.c). Wireshark's relative numbers: the SYN is 0. */
    bool base_set;
    bool syn; /* a SYN was seen from this side */
    /* Stream offset 0 is the first byte after this side's SYN: its SYN was seen, or its
     * ISN was read from the peer's SYN-ACK. Else offsets count from the first byte the
     * capture saw, and bytes sent before the capture began are not counted. */
    bool origin_known;
    int8_t win_scale;  /* -1 unknown (no SYN yet), -2 not in use, else the shift */
    uint8_t state;     /* enum tcp_state of this flow's sender (tcp_state.c) */
    uint32_t base_seq; /* raw seq that is relative 0 (the ISN when the SYN was seen) */
    /* Wireshark's analysis (tcp_flags.c): the next expected sequence number and when it
     * was set, the highest the peer may acknowledge, the last ACK and window sent. */
    bool nextseq_set, maxseq_set, lastack_set, window_set;
    uint32_t nextseq;
    uint32_t maxseqtobeacked;
    uint32_t lastack;
    uint32_t lastsegflags; /* enum an_flag of this side's last segment */
    int32_t dupacknum;     /* -1: an ACKed unseen segment of the peer's was reported */
    int64_t nextseq_ns, lastack_ns;
    uint64_t window; /* scaled */
    uint64_t lastnondupack;
    /* The byte stream (analysis.c): offsets from 0, the first byte after the SYN. */
    bool fin_seen, acked_set;
    uint64_t fin_off;   /* stream offset of the FIN */
    uint64_t off_ref;   /* highest stream offset seen: the reference for unwrapping */
    uint64_t acked_off; /* how far this side has acknowledged the other's stream */
    uint64_t packets, bytes, retrans;
};

struct echo_conn;

struct conn {
    struct an_endpoint ep[2]; /* [0] client, [1] server */
    uint32_t stream;          /* Wireshark's tcp.stream */
    uint32_t hash;            /* keyed hash of the socket pair (its bucket's source) */
    int32_t hnext;            /* hash chain (slot index, -1 none) */
    int32_t prev, next;       /* the open or closed list (slot indices, -1 none) */
    bool used, closed;
    bool retired;        /* closed long ago: summarised, no echo check, kept for its numbers */
    bool roles_from_syn; /* false: roles guessed from the ports (mid-stream) */
    bool syn_seen, synack_seen, established, rst_seen, refused;
    bool echo_closed;    /* the echo's final verdict was given */
    bool echo_wanted;    /* reassembled (echo check, or --follow): state made at the first
                            byte, FIN or ACK of unseen bytes, so a SYN flood costs none */
    bool echo_verify;    /* the echo is checked (the echo port's connections) */
    bool echo_no_memory; /* wanted, but --max-memory had no room for its state */
    bool echo_midstream; /* on the echo port, not checked: a side's stream origin unknown */
    bool first_rtt_set;  /* first_rtt_ns: SYN to the handshake's ACK */
    /* Accurate ECN (draft-ietf-tcpm-accurate-ecn): a SYN asked for it (AE, CWR and ECE
     * set), and it is in use (the SYN/ACK agreed, or an AccECN option was seen). */
    bool accecn_syn, accecn;
    int64_t syn_ns, first_rtt_ns;
    /* TCP's ACK round-trip times (Wireshark's tcp.analysis.ack_rtt), both directions:
     * how many, the least, the greatest and their sum (track_acks only). */
    uint32_t nack_rtt;
    int64_t ack_rtt_min_ns, ack_rtt_max_ns, ack_rtt_sum_ns;
    int64_t start_ns, last_ns;
    uint64_t first_frame, last_frame;
    struct flow f[2];       /* [0] client to server, [1] server to client */
    struct echo_conn *echo; /* reassembly and echo check, when on (else NULL) */
    /* Per direction, the segments not yet acknowledged: tcp.analysis.acks_frame,
     * ack_rtt and bytes_in_flight (an_acked.h), kept when a filter or -T fields asks. */
    struct an_unacked unacked[2];
};

/* What is remembered of a connection after it left the table: enough to tell a new SYN
 * on the same socket pair with another ISN (Wireshark keeps every conversation of a
 * file; sniff keeps the last AN_HISTORY pairs, so memory stays flat). */
struct conn_past {
    uint64_t key;     /* the socket pair's 64-bit keyed hash; 0: empty */
    uint32_t base[2]; /* base sequence number of the lower / higher endpoint */
    uint8_t set[2];
};

struct conn_table {
    struct conn *slots; /* cap slots, touched only as they are handed out */
    uint32_t cap;
    uint32_t fresh;    /* slots from here on were never used */
    int32_t free_head; /* released slots, a stack through next */
    int32_t *buckets;  /* hash chains through hnext */
    uint32_t bucket_mask;
    int32_t open_head, open_tail;       /* open connections, least recently seen first */
    int32_t closed_head, closed_tail;   /* closed connections, oldest first */
    int32_t retired_head, retired_tail; /* retired connections, oldest first */
    uint32_t nclosed, nretired;
    uint32_t next_stream;
    uint64_t evicted_open;
    struct conn_past *past; /* AN_HISTORY entries, direct-mapped by the pair's hash */
    struct sip_key key;
    void (*evict)(void *ctx, struct conn *c, bool to_make_room);
    void *evict_ctx;
};

/* A packet's socket pair, looked up: the pair in canonical order (lower endpoint
 * first), its hash, and which endpoint sent it. conn_key_of fills it from a decoded
 * IPv4/IPv6 TCP packet's addresses and ports. */
struct conn_key {
    struct an_endpoint src, dst;
    uint64_t hash; /* SipHash-1-3 of the canonical pair */
    int src_lower; /* 1: src is the lower endpoint */
};

/* Called once per connection, when it is retired (to_make_room false) or, if it never
 * was, when it leaves the table (evicted to make room, replaced by a reused socket pair,
 * or drained at the end), before its slot is reused: the place to summarise it and free
 * what hangs off it. */
typedef void (*conn_evict_fn)(void *ctx, struct conn *c, bool to_make_room);

/* Allocates the table (cap 0: AN_DEFAULT_MAX_CONNS) and its history; false when memory
 * is short. Nothing else in the model allocates, but the echo check (echo_verify.h). */
bool conn_table_init(struct conn_table *t, uint32_t cap, const struct sip_key *key,
                     conn_evict_fn evict, void *ctx);
void conn_table_free(struct conn_table *t);

/* Fills k for a packet from src to dst: the pair in canonical order and its hash. */
void conn_key_of(const struct conn_table *t, struct conn_key *k, const struct an_endpoint *src,
                 const struct an_endpoint *dst);

/* The connection of this socket pair, or NULL; *dir the sender's flow index (0: the
 * client's). */
struct conn *conn_find(struct conn_table *t, const struct conn_key *k, int *dir);

/* A new connection with the next stream index, the packet's sender as the client or
 * not, in a slot freed if need be by evicting (closed first, then the least recently
 * seen open one). */
struct conn *conn_new(struct conn_table *t, const struct conn_key *k, bool src_is_client);

/* Takes c out of the table (the evict callback runs first, unless c was retired) and
 * remembers its socket pair's base sequence numbers in the history. */
void conn_remove(struct conn_table *t, struct conn *c, bool to_make_room);

/* Marks c as just seen (the open list's most recent end). */
void conn_touch(struct conn_table *t, struct conn *c);

/* Moves c to the closed list; beyond AN_CLOSED_KEEP closed, the oldest is retired. */
void conn_set_closed(struct conn_table *t, struct conn *c);

/* Whether the history says this pair was used with another ISN by the sender of a SYN
 * (Wireshark's "TCP Port numbers reused" for a pair no longer in the table). */
bool conn_past_reused(const struct conn_table *t, const struct conn_key *k, uint32_t syn_seq);

/* The connection with this stream index if it is still in the table, else NULL. A scan
 * of the table (bounded by its size): per packet, use the packet's result instead. */
const struct conn *conn_by_stream(const struct conn_table *t, uint32_t stream);

/* Every connection still in the table leaves it (retired, closed, then open). */
void conn_table_drain(struct conn_table *t);

#endif
