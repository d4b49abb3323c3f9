/*
 * analysis.h: the per-packet interface of the connection model (conn.h): one call per
 * decoded packet finds or creates its connection, updates both flows, and says what the
 * packet means: Wireshark's relative numbers and stream index (into p->track, for the
 * packet list, -V and -Y), Wireshark's analysis flags, the socket-API event, the TCP
 * state of each end, the echo verdict (echo_verify.h), and a compact record of all that
 * for the frame (struct frame_rec), small enough to keep one per frame of a large file.
 *
 * It reads struct packet as the decoders fill it (TCP over IPv4 or IPv6) and decodes
 * nothing itself. The analysis flags follow Wireshark's definitions (packet-tcp.c,
 * tcp_analyze_sequence_number; User's Guide 7.5 "TCP Analysis") so that the Info column
 * and tcp.analysis.* agree with tshark's on the same capture; the tests check that.
 * Connections are numbered as Wireshark's tcp.stream, from 0 in the order first seen, so
 * `-Y 'tcp.stream == 0'`, `--follow 0`, --summary's # and -T json's "stream" name the
 * connection Wireshark's Statistics and Follow name.
 */
#ifndef ECHOSNIFF_ANALYSIS_H
#define ECHOSNIFF_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "echo_verify.h"
#include "packet.h"

#define AN_ECHO_PORT 15213

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
    AN_EV_COUNT,         /* how many: the rows of an_names.c's table */
};

/* How a connection ended (AN_END_COUNT: how many, the rows of an_names.c's table). */
enum an_end {
    AN_END_OPEN = 0,
    AN_END_HALF_CLOSED,
    AN_END_FIN,
    AN_END_RST,
    AN_END_REFUSED,
    AN_END_COUNT
};

/*
 * What the model says of one frame, stored once: the few tens of bytes a later view (a
 * terminal UI keeping one per frame of a million-packet file) needs to show any frame
 * again without re-running the analysis: decode the frame's bytes again for the headers,
 * read everything that depends on the frames before it from here. Filled by
 * analysis_packet for every frame (FREC_TRACKED clear: not a TCP segment sniff tracks).
 */
enum frame_rec_bits {
    FREC_TRACKED = 1,         /* a TCP header of a tracked connection: stream, rel_seq valid */
    FREC_ANALYSED = 2,        /* a whole segment: flags, event, states, echo valid */
    FREC_ACK_VALID = 4,       /* rel_ack valid */
    FREC_FROM_CLIENT = 8,     /* sent by the connection's client */
    FREC_ECHO = 16,           /* the connection's echo is checked: echo_verdict valid */
    FREC_EARLY_MISMATCH = 32, /* a client segment differing from bytes the server sent ahead */
};
struct frame_rec {
    uint32_t stream;         /* tcp.stream */
    uint32_t rel_seq;        /* Wireshark's relative sequence number */
    uint32_t rel_ack;        /* and acknowledgment number (FREC_ACK_VALID) */
    uint32_t flags;          /* enum an_flag */
    uint32_t dupack_back;    /* Dup ACK: this frame's number minus the original ACK's */
    uint32_t dupack_num;     /* Dup ACK: its count (the "#N") */
    uint32_t echo_request;   /* the echo request this segment carries or completes */
    uint8_t bits;            /* enum frame_rec_bits */
    uint8_t event;           /* enum an_event */
    uint8_t state_before[2]; /* enum tcp_state of [0] client, [1] server, before */
    uint8_t state[2];        /* and after this frame */
    uint8_t echo_verdict;    /* enum echo_verdict */
    int8_t ws_shift;         /* the sender's window scale (tcp_track.ws_shift) */
};
_Static_assert(sizeof(struct frame_rec) <= 40, "a frame record stays a few tens of bytes");

/* One connection's row for --summary and the JSON connection record. */
struct an_conn_summary {
    uint32_t stream;
    struct an_endpoint client, server;
    bool roles_from_syn; /* false: guessed from the ports (capture started mid-stream) */
    bool verified;       /* on the echo port: echo checked */
    bool echo_no_memory; /* on the echo port, but not checked: no room in --max-memory */
    bool echo_midstream; /* on the echo port, but not checked: both SYNs not captured */
    int64_t start_ns, last_ns;
    uint64_t packets[2], bytes[2], retrans[2]; /* [0] client->server, [1] server->client */
    struct echo_stats echo;                    /* counts; see echo_rtt_median for the median */
    uint64_t rtt_median_ns;
    /* TCP's ACK round-trip time (tcp.analysis.ack_rtt), not the echo latency above. */
    uint32_t nack_rtt;
    int64_t ack_rtt_min_ns, ack_rtt_avg_ns, ack_rtt_max_ns;
    enum an_end end;
    bool evicted_open;       /* dropped from a full table while still open */
    enum tcp_state state[2]; /* [0] client, [1] server, when it left the table */
};

/* Everything the model says about one packet; valid until the next call. */
struct pkt_analysis {
    bool valid; /* a TCP segment that was analysed */
    uint32_t stream;
    bool from_client;
    bool roles_from_syn;
    bool verified;       /* the connection's echo is being checked */
    bool echo_no_memory; /* ...but --max-memory had no room for its state: not checked */
    /* ...but not checked: a side's SYN was not captured, so where its stream starts, and
     * which server byte echoes which client byte, is unknown (conn.h, flow.origin_known) */
    bool echo_midstream;
    bool origin_known;  /* the sender's stream offsets count from its SYN (flow.origin_known) */
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
    bool peer_window_zero;     /* the other side's last segment advertised a zero window */
    bool close_done;           /* close: the echo's final verdict is in close_echo */
    /* An echo that completed a request only after the server closed another checked
     * connection, closed after the request was sent (the iterative server's second
     * client): that connection's stream index. */
    bool waited;
    uint32_t waited_for;
    bool last_ack; /* the ACK of the second FIN: the connection is closed */
    /* The TCP state of [0] the client and [1] the server before and after this packet
     * (conn.h says what the wire can and cannot tell). */
    enum tcp_state state_before[2], state[2];
    struct an_endpoint client, server;
    const struct echo_conn *streams; /* the connection's reassembled streams, or NULL */
    struct echo_result echo;         /* this packet's echo verdict */
    struct echo_result close_echo;   /* when this packet ended it (only if close_done) */
    struct frame_rec rec;            /* the frame's stored form */
};

struct an_opts {
    uint16_t echo_port; /* AN_ECHO_PORT, or --port */
    uint32_t max_conns; /* 0: AN_DEFAULT_MAX_CONNS */
    size_t max_pending; /* --max-pending; 0: ECHO_DEFAULT_MAX_PENDING */
    size_t max_memory;  /* --max-memory, all reassembly; 0: ECHO_DEFAULT_MAX_MEMORY */
    bool verify_echo;   /* check the echo on connections to echo_port */
    bool follow;        /* --follow: reassemble connection follow_stream too */
    uint32_t follow_stream;
    /* The first connection's stream index (0 in a run over a whole capture): a view that
     * analyses one connection's frames again, alone, numbers it as the whole run did. */
    uint32_t first_stream;
    struct sip_key key; /* the run's hash key (set-up draws it at random) */
    bool track_acks;    /* acks_frame, ack_rtt, bytes_in_flight (an_acked.h) */
};

typedef void (*an_close_fn)(void *ctx, const struct an_conn_summary *s);

struct analysis {
    struct an_opts opts;
    struct conn_table t;
    struct reasm_pool pool;     /* every connection's reassembly, under --max-memory */
    bool last_close_set;        /* the last checked connection the server closed (FIN, RST) */
    uint32_t last_close_stream; /* its stream index */
    int64_t last_close_ns;      /* and when */
    an_close_fn on_close;
    void *close_ctx;
};

/* Allocates the table (once); false with a message in errbuf when memory is short. */
bool analysis_init(struct analysis *a, const struct an_opts *opts, char *errbuf, size_t errlen);
void analysis_free(struct analysis *a);

/* Called with each connection's summary when it leaves the table (evicted, replaced by
 * a reused port pair, or at analysis_finish). */
void analysis_set_close_cb(struct analysis *a, an_close_fn fn, void *ctx);

/* One decoded packet, in capture order. Fills p->track for every TCP header it can read
 * (relative numbers, calculated window, stream index) and r for a whole TCP segment;
 * returns r->valid. r->rec is filled for every packet. */
bool analysis_packet(struct analysis *a, struct packet *p, struct pkt_analysis *r);

/* End of capture: every connection still in the table is summarised (close callback). */
void analysis_finish(struct analysis *a);

/* The connection with this stream index, if still in the table (a scan: see conn.h). */
const struct conn *analysis_conn(const struct analysis *a, uint32_t stream);

/* The TCP state of [0] the client and [1] the server of c now. */
void conn_states(const struct conn *c, enum tcp_state out[2]);

/* The p->track of a frame again, from its stored record and its header decoded again
 * (a view keeping frame records shows any frame without re-running the analysis). */
void frame_rec_track(const struct frame_rec *rec, const struct tcp_info *t, struct tcp_track *tr);

/* Wireshark's field name for one flag bit, e.g. "retransmission" (tcp.analysis.X), and
 * its Info column text, e.g. "[TCP Retransmission] " (NULL for Dup ACK, whose text
 * carries numbers: see fmt_an_flags). */
const char *an_flag_field(uint32_t bit);
const char *an_flag_info(uint32_t bit);

/* The flag bits in the order Wireshark prepends their texts to the Info column (so the
 * last one listed ends up first): AN_NFLAGS entries. */
#define AN_NFLAGS 15
extern const uint32_t an_flag_order[AN_NFLAGS];

#endif
