/*
 * echo_conn.c: the shared echo routine (see echo_conn.h).
 *
 * Data is read into the caller's scratch buffer and written straight back; only when
 * the write is short (the peer's receive window is full) are the remaining bytes copied
 * into the connection's own buffer, which is then flushed before anything else is read.
 * That is the backpressure: TCP's flow control reaches back to the sender, whose sends
 * block, instead of the server's memory growing.
 */
#include "echo_conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void echo_conn_init(struct echo_conn *c, int fd)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
}

void echo_conn_free(struct echo_conn *c)
{
    free(c->pend);
    c->pend = NULL;
    c->pend_off = c->pend_len = 0;
}

/* Writes p[0..n): returns bytes written (maybe short), or -1 with errno (not EINTR). */
static ssize_t send_some(int fd, const unsigned char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        /* MSG_NOSIGNAL: a reset peer gives EPIPE here, never SIGPIPE to the process. */
        ssize_t w = send(fd, p + done, n - done, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static enum echo_state fail(struct echo_conn *c)
{
    c->err = errno;
    return ECHO_ERROR;
}

enum echo_state echo_conn_pump(struct echo_conn *c, unsigned char *scratch, size_t budget,
                               bool stop)
{
    size_t read_total = 0;
    for (;;) {
        if (c->pend_len > c->pend_off) {
            ssize_t w = send_some(c->fd, c->pend + c->pend_off, c->pend_len - c->pend_off);
            if (w < 0)
                return fail(c);
            c->pend_off += (size_t)w;
            c->bytes += (uint64_t)w;
            if (c->pend_off < c->pend_len)
                return ECHO_WANT_WRITE;
            c->pend_off = c->pend_len = 0;
        }
        if (c->eof || stop)
            return ECHO_DONE;
        /* A short read last time means the queue was empty; let poll say when it is not
         * rather than spend a read(2) to learn EAGAIN. Level-triggered polling makes it
         * safe to be wrong. */
        if (c->drained || (budget != 0 && read_total >= budget)) {
            c->drained = false;
            return ECHO_WANT_READ;
        }
        ssize_t r = read(c->fd, scratch, ECHO_CAP);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return ECHO_WANT_READ;
            return fail(c);
        }
        if (r == 0) {
            c->eof = true; /* half-close: flush what is owed (nothing here), then done */
            continue;
        }
        read_total += (size_t)r;
        c->rx += (uint64_t)r;
        c->drained = (size_t)r < ECHO_CAP;
        ssize_t w = send_some(c->fd, scratch, (size_t)r);
        if (w < 0)
            return fail(c);
        c->bytes += (uint64_t)w;
        if (w < r) {
            if (c->pend == NULL && (c->pend = malloc(ECHO_CAP)) == NULL)
                return fail(c); /* ENOMEM: this connection ends, the server goes on */
            c->pend_len = (size_t)(r - w);
            c->pend_off = 0;
            memcpy(c->pend, scratch + w, c->pend_len);
            return ECHO_WANT_WRITE;
        }
    }
}
