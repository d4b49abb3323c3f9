/*
 * ann_int.h: what the annotation files (annotate.c, ann_tcp.c, ann_data.c, ann_teach.c,
 * ann_echo.c, ann_other.c) share: the line writer, the lessons said once per connection, and the
 * context one TCP packet's sentences are written in. Not for other stages: their
 * interface is annotate.h.
 */
#ifndef ECHOSNIFF_ANN_INT_H
#define ECHOSNIFF_ANN_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annotate.h"

/* A line being written: snprintf-style appends that stop at the end. */
struct lb {
    char *s;
    size_t len, cap;
};

void lb_printf(struct lb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lb_vprintf(struct lb *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* A new line of this kind in L (a writer that writes nothing when L is full). */
struct lb ann_line(struct ann_lines *L, enum ann_kind kind);

/* Payload bytes as a C string literal, at most ANN_PREVIEW of them. */
void lb_quote(struct lb *b, const uint8_t *p, uint32_t caplen, uint32_t len);

/* One byte as a student reads it: 'a' (61), NUL (00), '\n' (0a), (e9). */
void lb_byte(struct lb *b, uint8_t c);

/* A duration: "0.064 ms" below a second, "1.505 s" from one on. */
void lb_dur(struct lb *b, int64_t ns);

/* "client" / "server". */
const char *ann_side(bool client);

/* What is explained once per connection, where it first matters. */
enum ann_lesson {
    L_UNKNOWN = 1u << 0,      /* why a state is UNKNOWN */
    L_ISN = 1u << 1,          /* relative Seq 0 and the client's ISN */
    L_SYN_OPTS = 1u << 2,     /* MSS, SACK_PERM, WS, timestamps */
    L_ACK_NEXT = 1u << 3,     /* Ack is the next byte expected */
    L_PSH = 1u << 4,          /* PSH */
    L_SEPARATE_ACK = 1u << 5, /* an ACK without data */
    L_PIGGYBACK = 1u << 6,    /* an ACK riding on data */
    L_SEGMENT = 1u << 7,      /* a segment is not a send() */
    L_REQUEST = 1u << 8,      /* what sniff calls a request */
    L_LATENCY = 1u << 9,      /* echo latency against ACK RTT */
    L_IN_FLIGHT = 1u << 10,   /* bytes in flight */
    L_RTO = 1u << 11,         /* the retransmission timer doubles */
    L_ZERO_WINDOW = 1u << 12, /* a zero window and its probes */
    L_DELAYED_ACK = 1u << 13, /* a delayed ACK */
    L_NAGLE = 1u << 14,       /* Nagle's algorithm */
    L_HALF_CLOSE = 1u << 15,  /* shutdown(SHUT_WR) proven */
    L_TIME_WAIT = 1u << 16,   /* TIME-WAIT */
    L_WSCALE = 1u << 17,      /* window scaling in the SYN-ACK */
    L_SERVER_ISN = 1u << 18,  /* the server's ISN, Ack=1 */
    L_DUP_ACK = 1u << 19,     /* what duplicate ACKs lead to */
    L_HINT_NUL = 1u << 20,    /* the echo hints, once each */
    L_HINT_CUT = 1u << 21,
    L_HINT_CASE = 1u << 22,
    L_HINT_TAIL = 1u << 23,
    L_WINDOW = 1u << 24,    /* a window update's two causes */
    L_ACK_RTT = 1u << 25,   /* TCP's ACK round-trip time */
    L_MIDSTREAM = 1u << 26, /* why the echo of a connection begun mid-capture is not checked */
};

/* ARP and ICMP lessons (once per run). */
enum ann_lesson_other { LO_ARP_WAIT = 1u << 0, LO_PING = 1u << 1 };

/* One TCP packet's sentences: its connection's memo, its sender, its time. */
struct ann_ctx {
    struct annotate *an;
    const struct packet *p;
    const struct pkt_analysis *r;
    struct ann_conn *c;
    struct ann_lines *L;
    int me;             /* the sender: 0 client, 1 server */
    const char *me_s;   /* "client" / "server" */
    const char *peer_s; /* the other */
    int64_t now;
};

/* True (and remembered) the first time lesson is asked for in this connection. */
bool ann_teach(struct ann_ctx *x, uint32_t lesson);

/* The sender's bytes in flight before this packet: sent and not yet acknowledged. */
uint32_t ann_in_flight(const struct ann_side *s);

/* When segment [seq, ...) of side s was first sent (false: not remembered). */
bool ann_sent_at(const struct ann_side *s, uint32_t seq, int64_t *ns);

/* ann_tcp.c: the packet's main sentence (and what follows from it). */
void ann_tcp(struct ann_ctx *x);

/* ann_data.c: the sentence of a segment with data: its bytes, the echo verdict, a
 * retransmission, the window flags. */
void ann_data(struct ann_ctx *x, struct lb *b);

/* ann_teach.c: the lessons of a SYN, a SYN-ACK, a data segment, an ACK. */
void ann_teach_syn(struct ann_ctx *x);
void ann_teach_synack(struct ann_ctx *x);
void ann_teach_data(struct ann_ctx *x);
void ann_teach_ack(struct ann_ctx *x);

/* ann_echo.c: the echo part of a data segment's line, and the alert lines (mismatch,
 * incomplete echo) with their likely causes, and the lines saying what was not checked
 * (not captured, given up to the memory budget, no room for the check). */
void ann_echo_client(struct ann_ctx *x, struct lb *b);
void ann_echo_server(struct ann_ctx *x, struct lb *b);
void ann_echo_alerts(struct ann_ctx *x);

#endif
