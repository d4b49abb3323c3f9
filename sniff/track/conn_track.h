/*
 * conn_track.h: per-connection TCP state, for Wireshark's relative sequence and
 * acknowledgment numbers, calculated window and stream index.
 *
 * A connection is its two endpoints (address, port), in a canonical order so both
 * directions find the same entry; dir[0] is the lower endpoint's sending direction. The
 * table has a fixed capacity chosen at init and never grows: when it is full the least
 * recently seen connection is evicted, preferring one that has closed (RST, or FIN both
 * ways), so memory stays flat however long the capture. Evicting a connection that is
 * still talking costs only its history: it comes back as a new stream, numbered from
 * where it is then, as Wireshark numbers a capture that starts mid-connection.
 *
 * The tracker is the "track" stage: it reads a decoded packet and fills p->track; it
 * neither parses bytes nor prints. Extensions (echo verification) hang off struct conn.
 */
#ifndef ECHOSNIFF_CONN_TRACK_H
#define ECHOSNIFF_CONN_TRACK_H

#include <stdbool.h>
#include <stdint.h>

#include "packet.h"

#define CONN_DEFAULT_CAPACITY 16384

/* One direction of a connection: what its sender has shown us. */
struct conn_dir {
    bool base_set;         /* base_seq is known */
    uint32_t base_seq;     /* raw seq that is relative 0 (the ISN, when the SYN was seen) */
    int8_t win_scale;      /* -1 no SYN seen, -2 no scaling negotiated, else the shift */
    bool syn, fin, rst;    /* flags seen from this sender */
    uint32_t next_rel_seq; /* highest relative seq + len seen (SYN and FIN count one) */
    uint64_t packets;
    uint64_t payload_bytes;
};

struct conn {
    /* the key */
    uint8_t family; /* 4 or 6 */
    uint8_t addr[2][16];
    uint16_t port[2];
    /* state */
    uint32_t stream;        /* Wireshark's tcp.stream, 0-based in order of first sight */
    struct conn_dir dir[2]; /* dir[i]: sent by endpoint i */
    uint64_t first_frame, last_frame;
    /* Accurate ECN (draft-ietf-tcpm-accurate-ecn): a SYN asked for it (AE, CWR and ECE
     * set), and it is in use (the SYN/ACK agreed, or an AccECN option was seen). */
    bool accecn_syn, accecn;
    /* The analysis table's slot for this socket pair when last seen (-1: none), so that
     * analysis_packet need not hash and search again; a hint it checks before use. */
    int32_t an_slot;
    /* table links (indices into the slot array, -1 for none) */
    int32_t hnext, lru_prev, lru_next;
    bool used;
};

struct conn_table {
    struct conn *slots;
    uint32_t cap;
    int32_t *buckets;
    uint32_t nbuckets; /* a power of two */
    int32_t lru_head;  /* most recently seen */
    int32_t lru_tail;  /* least recently seen */
    int32_t free_head; /* unused slots, linked through hnext */
    uint32_t count;
    uint32_t next_stream;
    uint64_t evicted;
};

/* Allocates a table for at most capacity connections (0: CONN_DEFAULT_CAPACITY).
 * Returns 0, or -1 when memory is short. The only allocation the tracker makes. */
int conn_table_init(struct conn_table *t, uint32_t capacity);
void conn_table_free(struct conn_table *t);

/* Tracks a decoded TCP packet: finds or creates its connection, updates it, and fills
 * p->track. For anything but a decoded TCP header p->track.valid is false and NULL is
 * returned; otherwise the connection, and *dir (if not NULL) the sender's direction
 * index. The pointer is valid until the next call. */
struct conn *conn_track(struct conn_table *t, struct packet *p, int *dir);

/* Whether a connection has finished: a RST, or a FIN from both sides. */
bool conn_closed(const struct conn *c);

#endif
