/*
 * echo_conn.h: the one echo routine every concurrency model shares (RFC 862: every byte
 * received goes back unchanged). It is a small state machine over a non-blocking socket,
 * so the event loop can call it when epoll says "ready" and the blocking models can call
 * it after poll(2). It never reads while it still owes the peer bytes: a peer that sends
 * but never reads stops being read from, and the server holds at most one read's worth
 * (the cap) for it.
 */
#ifndef ECHOSNIFF_ECHO_CONN_H
#define ECHOSNIFF_ECHO_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a connection may hold between reading and writing back, in bytes. */
#define ECHO_CAP (16 * 1024)

enum echo_state {
    ECHO_WANT_READ,  /* nothing owed: wait until the socket is readable */
    ECHO_WANT_WRITE, /* bytes owed: wait until the socket is writable; do not read */
    ECHO_DONE,       /* the peer closed its side and everything was echoed */
    ECHO_ERROR,      /* a socket error (errno in err), e.g. ECONNRESET */
};

struct echo_conn {
    int fd;
    unsigned char *pend; /* owed bytes when a write was short: allocated on first need */
    size_t pend_off, pend_len;
    bool eof;       /* the peer shut its write side */
    bool drained;   /* the last read was short: the receive queue is probably empty */
    uint64_t bytes; /* bytes echoed (written back) */
    uint64_t rx;    /* bytes read: with bytes, how timeouts tell progress from a wake-up */
    int err;        /* errno of ECHO_ERROR */
};

void echo_conn_init(struct echo_conn *c, int fd);
/* Frees the owed-bytes buffer (the descriptor is the caller's to close). */
void echo_conn_free(struct echo_conn *c);

/*
 * Reads and writes back until the socket would block, the peer is done, an error, or
 * budget bytes were read (fairness: one busy peer cannot starve the others; 0 means no
 * budget). scratch is a buffer of at least ECHO_CAP bytes the caller owns (one per
 * thread), so an idle connection costs no buffer at all. With stop set, nothing more is
 * read: it only flushes what it owes, then reports ECHO_DONE.
 */
enum echo_state echo_conn_pump(struct echo_conn *c, unsigned char *scratch, size_t budget,
                               bool stop);

/* Bytes read and not yet written back (held by the routine, not the kernel). */
static inline size_t echo_conn_owed(const struct echo_conn *c)
{
    return c->pend_len - c->pend_off;
}

/* Progress: a number that changes whenever a byte moved either way. */
static inline uint64_t echo_conn_progress(const struct echo_conn *c)
{
    return c->bytes + c->rx;
}

#endif
