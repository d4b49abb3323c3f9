/*
 * annotate.h: what a packet means, as lines of text under it (-A): the TCP state of both
 * ends, what the segment proves in socket-API terms ("handshake 3/3: ... the server's
 * accept() can now return a new socket"), what a lecture explains where it first
 * matters in a connection (the ISN, the SYN's options, Ack as the next byte expected,
 * PSH, delayed ACK...), the echo verdict with the likely cause of a mismatch, and ARP
 * and ICMP. Every sentence says only what the packets prove; where the wire cannot tell
 * (close() or shutdown(), one write() or several), it says so.
 *
 * Reads the analysis result (analysis.h) and the packet; decodes nothing. The lines are
 * data (struct ann_lines, each with its kind) so that every view can show them: the
 * packet list (annotate_print), -T json, a ladder diagram, a terminal UI. Port numbers
 * are named from /etc/services through getservbyport, looked up once per port and kept
 * in a small fixed cache; a port is called ephemeral by this host's
 * /proc/sys/net/ipv4/ip_local_port_range when capturing live, and offline by IANA's
 * 49152-65535 (RFC 6335) and Linux's default 32768-60999, saying which.
 *
 * What is explained once per connection, and the few times the sentences need from
 * earlier packets (when a side last sent data, what it had in flight, when a segment
 * was first sent), are kept per connection in a small direct-mapped memo keyed by the
 * stream index (struct ann_conn): bounded, and a connection pushed out of it by another
 * one simply hears a lesson again. Call annotate_lines (or annotate_note, for a packet
 * that is not shown) for every analysed packet of an annotated connection, in capture
 * order.
 */
#ifndef ECHOSNIFF_ANNOTATE_H
#define ECHOSNIFF_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "out.h"
#include "packet.h"

#define ANN_PORT_CACHE 128 /* direct-mapped by port */
#define ANN_MAX_LINES 8
#define ANN_LINE_MAX 768
#define ANN_PREVIEW 40 /* payload bytes quoted in a data segment's line */
#define ANN_CONNS 256  /* connections remembered (direct-mapped by stream index) */
#define ANN_SENT 8     /* segments remembered per direction, for retransmission times */

#define ANN_IANA_LO 49152
#define ANN_IANA_HI 65535
#define ANN_LINUX_LO 32768
#define ANN_LINUX_HI 60999

struct ann_port {
    bool valid;
    bool named;
    uint16_t port;
    char name[24];
};

/* What one side of a connection did, as the annotations need it (relative sequence
 * numbers, Wireshark's, so that a SYN is 0). */
struct ann_side {
    bool data_seen, end_set, acked_set, fin_sent;
    bool caught_up_bare;    /* that ACK carried no data */
    bool held_back;         /* its last data filled the peer's window, or the peer's is 0 */
    bool last_data_psh;     /* its last segment with new data carried PSH */
    uint16_t mss;           /* the MSS its SYN announced (0: none seen) */
    int64_t last_data_ns;   /* its last segment with new data */
    int64_t caught_up_ns;   /* when the peer last acknowledged all it had sent */
    int64_t caught_wait_ns; /* and how long that last data had waited for it */
    uint32_t end;           /* one past the highest sequence number it sent */
    uint32_t data_end;      /* one past its highest data byte (data_seen) */
    uint32_t acked;         /* the highest ACK its peer sent (what the peer has) */
    uint32_t sent_seq[ANN_SENT], sent_end[ANN_SENT]; /* its last first transmissions */
    int64_t sent_ns[ANN_SENT];
    uint8_t sent_next;
    uint8_t rx_count;  /* retransmissions of rx_seq so far */
    uint32_t rx_seq;   /* the segment being retransmitted */
    int64_t rx_ns;     /* its last (re)transmission */
    int64_t rx_gap_ns; /* the interval before that one */
};

struct ann_conn {
    bool used;
    uint32_t stream;
    uint64_t frame;          /* the last frame noted */
    uint32_t taught;         /* enum ann_lesson bits already said in this connection */
    struct ann_side side[2]; /* [0] client, [1] server */
};

struct annotate {
    bool live; /* ephemeral range from this host */
    uint16_t eph_lo, eph_hi;
    uint16_t echo_port;
    bool no_services; /* tests: do not consult /etc/services */
    bool redact;      /* --redact: payloads are zeros; say so instead of quoting them */
    bool no_states;   /* leave out the line of TCP states (tests of other lines) */
    struct ann_port cache[ANN_PORT_CACHE];
    struct ann_conn conns[ANN_CONNS];
    uint32_t arp_taught; /* ARP's and ICMP's lessons, said once per run */
    /* The last ARP requests and ICMP echo requests seen, to say what a reply answers
     * and how long it took. */
    struct ann_ask {
        uint8_t spa[4], tpa[4];
        uint64_t frame;
        int64_t ns;
    } arp[8], ping[16];
    uint8_t arp_next, ping_next;
};

/* The kind of a line: how a view shows it (colour, a column of its own...). */
enum ann_kind {
    ANN_TEXT = 0, /* what the packet means */
    ANN_STATE,    /* the TCP state of both ends after the packet */
    ANN_LESSON,   /* what a lecture explains, once per connection where it first matters */
    ANN_ALERT,    /* an echo that is wrong: a mismatch, an incomplete echo */
    ANN_HINT,     /* the likely cause of an alert ("likely cause: ...") */
};

/* An annotation: up to ANN_MAX_LINES lines. alert[i] is kind[i] == ANN_ALERT or
 * ANN_HINT (shown in the alert colour). */
struct ann_lines {
    int n;
    bool alert[ANN_MAX_LINES];
    uint8_t kind[ANN_MAX_LINES]; /* enum ann_kind */
    char line[ANN_MAX_LINES][ANN_LINE_MAX];
};

/* live: read this host's ephemeral range (falls back to the offline rule if it cannot). */
void annotate_init(struct annotate *an, bool live, uint16_t echo_port);

/* Parses an ip_local_port_range file ("32768\t60999\n"); false if unreadable. */
bool annotate_read_port_range(const char *path, uint16_t *lo, uint16_t *hi);

/* The service name of a TCP port from /etc/services, or NULL. Cached. */
const char *annotate_port_name(struct annotate *an, uint16_t port);

/* Fills L with the lines for one analysed TCP packet (L->n == 0: nothing to say), and
 * notes what later packets' sentences need. */
void annotate_lines(struct annotate *an, const struct packet *p, const struct pkt_analysis *r,
                    struct ann_lines *L);

/* Notes an analysed packet that is not shown (hidden by -Y), so that the next shown one
 * is described against everything that happened before it. */
void annotate_note(struct annotate *an, const struct packet *p, const struct pkt_analysis *r);

/* Forgets what was noted of connection `stream` (its lessons taught, its last
 * segments): a view that analyses the connection again from its start (the terminal
 * UI's replay) says it before the first packet. */
void annotate_forget(struct annotate *an, uint32_t stream);

/* Fills L for a packet that is not TCP: ARP requests and replies, ICMP echo and
 * errors (L->n == 0: nothing to say). */
void annotate_other(struct annotate *an, const struct packet *p, struct ann_lines *L);

/* The colours of annotation lines on a terminal, by background. */
enum ann_palette { ANN_PALETTE_DARK = 0, ANN_PALETTE_LIGHT };

/* How lines are printed: colour (and which palette), and the terminal's width to wrap
 * them at, between words (0: no wrapping, one line each). */
struct ann_style {
    bool color;
    enum ann_palette palette;
    int width;
};

/* Prints the lines, indented, each in its kind's colour when style->color is set. */
void annotate_print_style(struct out *o, const struct ann_lines *L, const struct ann_style *style);

/* The same in the dark palette, a line each (no wrapping). */
void annotate_print(struct out *o, const struct ann_lines *L, bool color);

/* The escape sequence for a kind of line in a palette ("" for none). */
const char *annotate_color(enum ann_kind kind, enum ann_palette palette);

#define ANN_COLOR_END "\033[0m"
#define ANN_INDENT "    "

#endif
