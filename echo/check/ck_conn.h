/*
 * ck_conn.h: echocheck's client connections. A test queues bytes on one or more
 * connections and pumps them: one poll(2) loop sends (in chunks of a chosen size, with a
 * pause between chunks when asked) and reads the echo at the same time, recording every
 * byte sent and received, until each connection has its echo, ends (FIN, RST), or nothing
 * has moved for the wait. Nothing here judges: ck_verdict.c reads the record.
 */
#ifndef ECHOSNIFF_CK_CONN_H
#define ECHOSNIFF_CK_CONN_H

#include "ck.h"

/* A growing byte record. */
struct ck_buf {
    uint8_t *p;
    size_t len, cap;
};

struct ck_conn {
    int fd;
    char name[24]; /* "client A" */
    uint16_t lport;
    int rcvbuf; /* SO_RCVBUF before connect (0: the kernel's autotuning) */
    /* The bytes queued to send (owned by the test) and how they go out. */
    const uint8_t *out;
    size_t out_len, out_off;
    size_t chunk;      /* at most this many bytes per send() */
    unsigned gap_us;   /* pause between two sends */
    int64_t next_send; /* not before (CLOCK_MONOTONIC ns) */
    bool shut_after;   /* shutdown(SHUT_WR) as soon as the queue is sent */
    bool write_first;  /* do not read until the queue is sent or the writes stall */
    bool reading;      /* write_first: reading has started */
    uint64_t expect;   /* echo bytes awaited in all */
    /* What happened. */
    struct ck_buf sent, got;
    enum ck_end end;
    int err;
    bool fin_sent;       /* shutdown(SHUT_WR) was called */
    uint64_t got_at_fin; /* echo bytes received before it */
    bool fin_forced;     /* the echo was late, so the test sent its FIN to see what came */
    bool blocked;        /* it once waited with bytes the server would not take */
    uint64_t stuck;      /* how many: unsent, or sent and not acknowledged */
    uint64_t intended;   /* bytes the test meant to send on it (at least those queued) */
    bool closed_first;   /* the server ended it (FIN, RST) before the client's FIN */
    uint64_t stalled_at; /* write_first: bytes written when the writes stalled, or 0 */
};

enum {
    CK_PUMP_UNTIL_EOF = 1,  /* wait for the server's FIN, not only the echo */
    CK_PUMP_CLOSE_DONE = 2, /* close each connection as soon as it has its echo */
    CK_PUMP_STALL = 4,      /* stop once the queue is sent or the writes stall (write_first) */
    CK_PUMP_ANY = 8,        /* a connection is done once its queue is sent and any echo came */
};

void ck_conn_init(struct ck_conn *c, const char *name);
/* Connects (non-blocking, TCP_NODELAY) within the wait; false with c->end set. */
bool ck_conn_open(struct ck_run *r, struct ck_conn *c);
/* Starts connecting and returns: ck_pump sends once connected (a refused connection
 * ends as CK_END_REFUSED there). False with c->end set if it failed at once. */
bool ck_conn_open_async(struct ck_run *r, struct ck_conn *c);
/* Queues len bytes to send, sent chunk bytes at a time, gap_us apart; the echo of them
 * is awaited. */
void ck_conn_queue(struct ck_conn *c, const uint8_t *data, size_t len, size_t chunk,
                   unsigned gap_us);
/* Pumps n connections until each has what it awaits, has ended, or nothing moved for
 * wait_ms. Returns how many are satisfied. */
int ck_pump(struct ck_run *r, struct ck_conn **cs, int n, unsigned wait_ms, unsigned flags);
/* Sends FIN (shutdown SHUT_WR) and reads until the server's FIN or RST, or the wait.
 * Bytes still queued are dropped: the client gives up sending them. */
void ck_conn_finish(struct ck_run *r, struct ck_conn *c);
bool ck_conn_done(const struct ck_conn *c);
/* Whether the server has ended the connection (a FIN or RST waiting to be read counts). */
bool ck_conn_peer_closed(struct ck_conn *c);
void ck_conn_close(struct ck_conn *c);
/* close() with SO_LINGER 0: an RST instead of a FIN. */
void ck_conn_reset(struct ck_conn *c);
void ck_conn_free(struct ck_conn *c);

#endif
